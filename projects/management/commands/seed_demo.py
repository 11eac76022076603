from django.core.management.base import BaseCommand

from evaluations.demo import seed_demo_evaluations
from projects.demo import DEMO_PASSWORD, seed_demo
from projects.demo_budget import seed_demo_budget
from projects.demo_execution import seed_demo_execution
from projects.demo_lifecycle import seed_demo_lifecycle
from projects.seed import seed_portfolio


class Command(BaseCommand):
    help = (
        "Add demo departments, one user per role, agencies and demo details. Idempotent; all marked as demo."
    )

    def handle(self, *args, **options):
        seed_portfolio()
        accounts = seed_demo()
        seed_demo_budget()
        seed_demo_execution()
        seed_demo_lifecycle()
        seed_demo_evaluations()
        self.stdout.write(
            self.style.SUCCESS(f"seed_demo: demo data ready. Demo logins (password {DEMO_PASSWORD}):")
        )
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {role}")
