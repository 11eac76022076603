from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Load a backup archive into an empty, migrated database (run `migrate` first) and MEDIA_ROOT; "
        "checks every row count and file checksum against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an archive written by `manage.py backup`")

    def handle(self, *args, file, **options):
        try:
            manifest = restore(source=file)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{file}: restored {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files"
        )
