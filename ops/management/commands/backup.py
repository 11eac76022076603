from pathlib import Path

from django.core.management.base import BaseCommand

from ops.backup import backup


class Command(BaseCommand):
    help = "Write every database row and every uploaded file to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. backup-2026-11-25.tar.gz")

    def handle(self, *args, file, **options):
        manifest = backup(target=file)
        self.stdout.write(f"{file}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files")
