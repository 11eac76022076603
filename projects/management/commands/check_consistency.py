from django.core.management.base import BaseCommand

from projects.selectors.consistency import consistency_findings


class Command(BaseCommand):
    help = (
        "Report existing rows that break the consistency rules (approved amounts, spending and done "
        "milestones before approval; moves dated in the future; implementation without that year's "
        "budget or with unmet conditions). Changes nothing. Exit status 1 with --strict when any is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="exit with status 1 when a row breaks a rule"
        )

    def handle(self, *args, strict=False, **options):
        findings = consistency_findings()
        for finding in findings:
            self.stdout.write(f"{finding.project}\t{finding.rule}\t{finding.detail}")
        self.stdout.write(f"check_consistency: {len(findings)} finding(s).")
        if strict and findings:
            raise SystemExit(1)
