"""The content types of departments and agencies (and their history) follow them to this app.

Renaming the rows, rather than letting Django create new ones, keeps what points at them: the
permissions (``organisation.view_department`` is the old ``projects.view_department`` row, so groups
and users keep theirs) and the admin's log entries. A database where a row of the new name exists
already (content types are created after ``migrate``) keeps that one and drops nothing."""

from django.db import migrations

MOVED = [
    ("projects", "department"),
    ("projects", "historicaldepartment"),
    ("evaluations", "agency"),
    ("evaluations", "historicalagency"),
]


def _rename(apps, *, to_old: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        source, target = ("organisation", old_app) if to_old else (old_app, "organisation")
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _rename(apps, to_old=False)


def backwards(apps, schema_editor):
    _rename(apps, to_old=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
