from django.core.management.base import BaseCommand

from demo.steering import seed_demo_steering


class Command(BaseCommand):
    help = "Add the steering review's demo data (after seed_demo). Idempotent; all marked as demo."

    def handle(self, *args, **options):
        seed_demo_steering()
        self.stdout.write(
            self.style.SUCCESS("seed_steering_demo: status reports, meetings and a baseline ready.")
        )
