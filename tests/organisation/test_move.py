"""Departments and agencies moved to ``organisation`` without touching a row: the tables kept their
names, and the content types (with their permissions) were renamed rather than made anew."""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.translation import override

from ops import backup
from organisation.models import Agency, Department
from organisation.services import unit_reinstate, unit_retire

content_types = importlib.import_module("organisation.migrations.0002_content_types")


def test_the_tables_keep_their_old_names():
    assert Department._meta.db_table == "projects_department"
    assert Department.history.model._meta.db_table == "projects_historicaldepartment"
    assert Agency._meta.db_table == "evaluations_agency"
    assert Agency.history.model._meta.db_table == "evaluations_historicalagency"


@pytest.mark.django_db
def test_the_content_types_and_their_permissions_follow_the_models():
    # A database from before the move: the rows carry the old app labels.
    ContentType.objects.filter(app_label="organisation").delete()
    old = ContentType.objects.create(app_label="projects", model="department")
    permission = Permission.objects.create(content_type=old, codename="view_department", name="Can view")
    ContentType.objects.clear_cache()

    content_types.forwards(apps, None)

    old.refresh_from_db()
    assert (old.app_label, old.model) == ("organisation", "department")
    assert Permission.objects.get(pk=permission.pk).content_type_id == old.pk

    content_types.backwards(apps, None)
    old.refresh_from_db()
    assert old.app_label == "projects"
    ContentType.objects.clear_cache()


@pytest.mark.django_db
def test_a_new_row_already_there_is_kept():
    kept = ContentType.objects.get_for_model(Agency)
    stale = ContentType.objects.create(app_label="evaluations", model="agency")
    content_types.forwards(apps, None)
    assert ContentType.objects.get(pk=stale.pk).app_label == "evaluations"
    assert ContentType.objects.get(pk=kept.pk).app_label == "organisation"
    ContentType.objects.clear_cache()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "no_reason", "twice"),
    [
        (
            lambda: Department.objects.create(code="d", name="部门"),
            "Say why the department is retired.",
            "This department is retired already.",
        ),
        (
            lambda: Agency.objects.create(code="a", name="机构"),
            "Say why the agency is retired.",
            "This agency is retired already.",
        ),
    ],
)
@override("en")
def test_retiring_either_kind_needs_a_reason_and_happens_once(factory, no_reason, twice, office_admin):
    unit = factory()
    with pytest.raises(ValidationError) as refused:
        unit_retire(unit=unit, by=office_admin, reason=" ")
    assert refused.value.message_dict == {"reason": [no_reason]}
    unit_retire(unit=unit, by=office_admin, reason="撤并")
    assert unit.is_retired
    assert unit.history.first().history_change_reason == "撤并"
    with pytest.raises(ValidationError) as again:
        unit_retire(unit=unit, by=office_admin, reason="撤并")
    assert again.value.messages == [twice]
    unit_reinstate(unit=unit, by=office_admin)
    unit.refresh_from_db()
    assert not unit.is_retired


@pytest.mark.django_db
def test_an_archive_made_before_the_move_loads_under_the_new_names(tmp_path, office_admin):
    """Rows as ``backup`` wrote them before the move (old model labels, old natural keys)."""
    old_dump = [
        {
            "model": "projects.department",
            "pk": 900,
            "fields": {"code": "old-d", "name": "旧部门", "name_en": "", "origin": "office"},
        },
        {
            "model": "evaluations.agency",
            "pk": 901,
            "fields": {"code": "old-a", "name": "旧机构", "contact": "", "is_demo": False},
        },
        {
            "model": "auth.group",
            "pk": 902,
            "fields": {"name": "审阅", "permissions": [["view_department", "projects", "department"]]},
        },
        {
            "model": "admin.logentry",
            "pk": 903,
            "fields": {
                "action_time": "2026-01-05T08:00:00.123456Z",
                "user": ["admin"],
                "content_type": ["evaluations", "agency"],
                "object_id": "901",
                "object_repr": "旧机构",
                "action_flag": 2,
                "change_message": "",
            },
        },
    ]
    dump = tmp_path / "database.json"
    dump.write_text(json.dumps(backup.follow_moves(old_dump), ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(dump), verbosity=0)

    assert Department.objects.get(pk=900).name == "旧部门"
    assert Agency.objects.get(pk=901).name == "旧机构"
    assert list(Group.objects.get(pk=902).permissions.values_list("content_type__app_label", "codename")) == [
        ("organisation", "view_department")
    ]
    assert LogEntry.objects.get(pk=903).get_edited_object() == Agency.objects.get(pk=901)
    assert backup.follow_moved_counts({"projects.Department": 3, "projects.Project": 2}) == {
        "organisation.Department": 3,
        "projects.Project": 2,
    }
