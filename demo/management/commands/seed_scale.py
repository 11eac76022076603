import time

from django.core.management.base import BaseCommand, CommandError

from core.aggregate_cache import bump_data_version
from demo.scale import ScaleSeedRefused, delete_generated, seed_scale


class Command(BaseCommand):
    help = (
        "Generate a portfolio of N projects for load tests (origin=generated, codes G00001…): per project "
        "10 budget lines, 20 milestones, 5 problems and 2 scored assessments. The same N again does "
        "nothing; another N is refused unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="How many generated projects.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete existing generated projects first."
        )

    def handle(self, *args, projects, replace, **options):
        if projects < 1:
            raise CommandError("--projects must be at least 1.")
        started = time.perf_counter()
        if replace:
            delete_generated()
        try:
            result = seed_scale(projects=projects)
        except ScaleSeedRefused as refused:
            raise CommandError(str(refused)) from refused
        bump_data_version()
        seconds = time.perf_counter() - started
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(f"seed_scale: {result.projects} generated projects in {seconds:.1f} s.")
            )
        else:
            self.stdout.write(f"seed_scale: the {result.projects} generated projects are already there.")
