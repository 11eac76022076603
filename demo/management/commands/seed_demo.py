import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from demo.portfolio import DemoAlreadyBuilt, build_demo_portfolio
from demo.seed_projects import seed_portfolio
from demo.steering import seed_demo_steering


def as_of_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-of expects a date like 2026-06-30, not {text!r}") from exc


class Command(BaseCommand):
    help = (
        "Add demo departments, one user per role, agencies and a living portfolio as of a day "
        "(default today): history, budgets, milestones, problems, plans, assessments and the "
        "monthly reports already built. Deterministic and idempotent; all marked as demo (演示)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=as_of_date, default=None, help="YYYY-MM-DD; default today")

    def handle(self, *args, **options):
        as_of = options["as_of"] or timezone.localdate()
        if as_of > timezone.localdate():
            raise CommandError(
                "--as-of cannot be in the future: the demo's history would not have happened yet."
            )
        started = time.monotonic()
        seed_portfolio()
        accounts = seed_demo_accounts()
        try:
            build_demo_portfolio(as_of=as_of)
            seed_demo_steering(today=as_of)
        except DemoAlreadyBuilt:
            self.stdout.write("seed_demo: the demo portfolio is already there; nothing changed.")
        else:
            self.stdout.write(
                f"seed_demo: demo portfolio built as of {as_of:%Y-%m-%d} "
                f"in {time.monotonic() - started:.1f} s."
            )
        self.stdout.write(self.style.SUCCESS(f"seed_demo: demo logins (password {DEMO_PASSWORD}):"))
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {role}")
