from django.core.management.base import BaseCommand

from reports.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Create the product's Celery beat entries that are missing (idempotent; edits are kept)."

    def handle(self, *args, **options):
        created = ensure_schedules()
        self.stdout.write(f"ensure_schedules: created {len(created)}: {', '.join(created) or '-'}")
