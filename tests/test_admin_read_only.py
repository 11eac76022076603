"""No back door: the Django admin accepts changes only to the models listed here. Every other
registered model is read-only, because its changes go through a service that keeps its rules
and its history (issue 22)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

# model → (add, change, delete) for a superuser. Anything not listed must be (False, False, False).
ACCEPTS_CHANGES = {
    # Reference data without rules of its own.
    "projects.projectgroup": (True, True, True),
    # The role groups' model permissions (documentation of intent; roles decide in the product).
    "auth.group": (True, True, True),
    # Tokens are created by a command (shown once); the admin may switch one off.
    "api.apiclient": (False, True, True),
    # Lockout records (axes' admin shows every field read-only): the system administrator may
    # clear them; the office's user page also can.
    "axes.accessattempt": (False, True, True),
    "axes.accesslog": (False, True, True),
    "axes.accessfailurelog": (False, True, True),
}

MUST_BE_READ_ONLY = {
    "accounts.user",
    "projects.project",
    "organisation.department",
    "projects.budgetline",
    "projects.spendingrecord",
    "projects.budgetadjustment",
    "projects.milestone",
    "projects.problem",
    "projects.annualplan",
    "projects.annualplanitem",
    "projects.planamendment",
    "projects.approvalreview",
    "projects.reviewopinion",
    "projects.reviewcondition",
    "projects.stagetransition",
    "projects.stagemoverequest",
    "projects.fundingsource",
    "organisation.agency",
    "evaluations.indicatortemplate",
    "evaluations.assessmentcycle",
    "evaluations.assessment",
    "reports.reportschedule",
    "reports.reportrun",
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
}


def _superuser_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
def test_every_registered_admin_model_accepts_exactly_the_listed_changes(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    request = _superuser_request(superuser)
    found = {}
    for model, model_admin in admin.site._registry.items():
        found[model._meta.label_lower] = (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
    expected = {label: ACCEPTS_CHANGES.get(label, (False, False, False)) for label in found}
    assert found == expected
    assert set(found) >= MUST_BE_READ_ONLY, "every listed model is shown in the admin"
    for inline_owner in (m for m in admin.site._registry.values()):
        for inline in inline_owner.get_inline_instances(request):
            assert not inline.has_add_permission(request, None)
            assert not inline.has_delete_permission(request, None)


@pytest.mark.django_db
def test_admin_refuses_to_change_an_approved_amount_or_delete_spending(client, django_user_model):
    import datetime
    from decimal import Decimal

    from projects.models import Stage
    from projects.services.budget import spending_record
    from tests.projects.factories import BudgetLineFactory, ProjectFactory

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    # Spending needs an approved project and a date in the line's year (projects/rules.py).
    line = BudgetLineFactory(
        project=ProjectFactory(stage=Stage.IMPLEMENTATION),
        approved=Decimal("1000"),
        allocated=Decimal("1000"),
    )
    record = spending_record(
        line=line, by=superuser, amount=Decimal("10"), spent_on=datetime.date(line.year, 5, 1)
    )
    client.force_login(superuser)
    change = reverse("admin:projects_budgetline_change", args=[line.pk])
    response = client.post(change, {"approved": "999999", "allocated": "1000", "note": "x"})
    assert response.status_code == 403
    response = client.post(reverse("admin:projects_spendingrecord_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert client.get(reverse("admin:projects_spendingrecord_add")).status_code == 403
    line.refresh_from_db()
    assert line.approved == Decimal("1000")
    assert line.spending.filter(pk=record.pk).exists()
    # ... but the system administrator still reads everything.
    assert client.get(change).status_code == 200
