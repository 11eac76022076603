from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organisation.models import Department

from ...services import api_client_create


class Command(BaseCommand):
    help = "Create a read-only API client and print its token (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--department", help="Department code: the client sees only its projects.")

    def handle(self, *args, name, department, **options):
        scope = None
        if department:
            scope = Department.objects.filter(code=department).first()
            if scope is None:
                raise CommandError(f"No department with code {department!r}.")
        try:
            client, token = api_client_create(name=name, department=scope)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"API client {client.name!r} created. Token (store it now, it is not shown again):")
        self.stdout.write(token)
