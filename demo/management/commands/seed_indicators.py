from django.core.management.base import BaseCommand

from demo.seed_indicators import seed_indicators


class Command(BaseCommand):
    help = (
        "Create the city indicators with the article's 2013 figures (idempotent; run after seed_portfolio)."
    )

    def handle(self, *args, **options):
        created = seed_indicators()
        self.stdout.write(
            "seed_indicators: created {indicators} indicators, {observations} observations, "
            "{links} links".format(**created)
        )
