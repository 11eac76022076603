from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluations.models import AssessmentCycle
from projects.models import Project
from reports.models import ReportKind
from reports.periods import parse_month
from reports.services import build_report_file


class Command(BaseCommand):
    help = (
        "Build a report synchronously, without a broker, and print where it was written. "
        "E.g. build_report monthly --period 2026-10 --output report.pdf; "
        "build_report cycle --cycle ID; build_report dossier --project CODE."
    )
    # No system checks: they import every view of the URLconf (openpyxl, the API schema, ...) to
    # validate it, 0.4 s and 10 MiB of a 2.5 s build at 15 projects. The worker that builds the
    # same reports and the web server run without them too; ``migrate`` and ``check --deploy`` run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.value for kind in ReportKind])
        parser.add_argument("--period", help="YYYY-MM, for the monthly report")
        parser.add_argument("--cycle", type=int, help="assessment cycle id, for the cycle report")
        parser.add_argument("--project", help="project code, for the dossier")
        parser.add_argument("--output", help="PDF path (default: <kind>-<period>.pdf here)")

    def handle(self, *args, kind, period, cycle, project, output, **options):
        if kind == ReportKind.MONTHLY:
            if not period:
                raise CommandError("monthly needs --period YYYY-MM")
            try:
                parse_month(period)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            parameters, name = {"period": period}, period
        elif kind == ReportKind.CYCLE:
            if cycle is None:
                raise CommandError("cycle needs --cycle ID")
            if not AssessmentCycle.objects.filter(pk=cycle).exists():
                raise CommandError(f"no assessment cycle with id {cycle}")
            parameters, name = {"cycle_id": cycle}, f"cycle-{cycle}"
        else:
            found = Project.objects.filter(code=project or "").first()
            if found is None:
                raise CommandError(f"dossier needs --project CODE of an existing project (got {project!r})")
            parameters, name = {"project_id": found.pk}, found.code
        path = build_report_file(kind=kind, parameters=parameters, output=output or f"{kind}-{name}.pdf")
        self.stdout.write(path)
