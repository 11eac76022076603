from django.core.management.base import BaseCommand

from accounts.services import roles_ensure_groups
from demo.seed_projects import seed_portfolio
from demo.seed_templates import seed_indicator_templates


class Command(BaseCommand):
    help = "Load the four groups, the 15 projects named in the article and the funding sources. Idempotent."

    def handle(self, *args, **options):
        roles_ensure_groups()
        created = seed_portfolio()
        seed_indicator_templates()
        self.stdout.write(
            self.style.SUCCESS(
                "seed_portfolio: created {groups} groups, {projects} projects, "
                "{funding_sources} funding sources".format(**created)
            )
        )
