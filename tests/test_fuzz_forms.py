"""Fuzzing the forms (and the services behind them) that take numbers, dates and text from
people: whatever is typed, the answer is a page (saved, or the form with its errors, or a
conflict), never a 500, and a refused form writes nothing at all."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.models import Indicator
from projects.services.budget import spending_record
from projects.services.execution import milestone_create
from tests.test_permission_matrix import _snapshot

NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.sampled_from(["", "0", "-0", "1e308", "1,000", "１２３", "0.001", "99999999999999.99", "NaN", " 5 "]),
    # Ids and counts beyond 64 bits (issue 15: an OverflowError on SQLite, a DataError on PostgreSQL).
    st.sampled_from(["99999999999999999999", str(2**63), str(-(2**63) - 1), str(2**63 - 1)]),
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["", "2015-02-30", "0000-01-01", "9999-12-31", "2015/05/01", "15-5-1", "明天"]),
    # Just outside and far outside the date window (settings.DATE_WINDOW_YEARS).
    st.sampled_from(["0001-01-01", "1999-12-31", "2101-01-01", "9999-12"]),
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "<script>alert(1)</script>", "'; DROP TABLE projects_project; --", "\x00"]),
    # Control characters (refused) next to the ones that are text (tab, newline, carriage return).
    st.sampled_from(["a\x00b", "\x01", "标题\x1b[31m", "\x7f", "第一行\r\n第二行\t完"]),
    st.text(alphabet=st.characters(max_codepoint=0x20), max_size=20),
    st.text(min_size=250, max_size=2000),
)
CHOICE = st.one_of(TEXT, st.sampled_from(["low", "high", "open", "resolved", "planned", "done", "1", "-1"]))

# url name, the world object its pk comes from (None: the project), and the fields with their kind.
TARGETS = {
    "project_edit": (
        "projects:edit",
        {
            "code": TEXT,
            "name": TEXT,
            "responsible_person": TEXT,
            "ease": CHOICE,
            "urgency": CHOICE,
            "planned_start": DATES,
            "planned_end": DATES,
            "objectives": TEXT,
            "estimated_budget": NUMBERS,
            "version": NUMBERS,
        },
    ),
    "budget_line_create": (
        "projects:budget_line_create",
        {
            "year": NUMBERS,
            "source": NUMBERS,
            "approved": NUMBERS,
            "allocated": NUMBERS,
            "allocated_on": DATES,
        },
    ),
    "budget_line_edit": (
        "projects:budget_line_edit",
        {"allocated": NUMBERS, "allocated_on": DATES, "note": TEXT, "version": NUMBERS},
    ),
    "spending": ("projects:spending_create", {"amount": NUMBERS, "spent_on": DATES, "note": TEXT}),
    "adjustment": ("projects:adjustment_request", {"new_amount": NUMBERS, "reason": TEXT}),
    "milestone_create": (
        "projects:milestone_create",
        {"title": TEXT, "stage": CHOICE, "planned_date": DATES, "weight": NUMBERS, "status": CHOICE},
    ),
    "milestone_edit": (
        "projects:milestone_edit",
        {
            "title": TEXT,
            "planned_date": DATES,
            "actual_date": DATES,
            "weight": NUMBERS,
            "status": CHOICE,
            "version": NUMBERS,
        },
    ),
    "problem_create": (
        "projects:problem_create",
        {"title": TEXT, "description": TEXT, "severity": CHOICE, "due_date": DATES},
    ),
    "problem_edit": (
        "projects:problem_edit",
        {"title": TEXT, "severity": CHOICE, "status": CHOICE, "resolution": TEXT, "version": NUMBERS},
    ),
}
# Forms only the office admin may use, fuzzed as that user.
ADMIN_TARGETS = {
    "funding_source_create": (
        "projects:funding_source_create",
        {"code": TEXT, "name": TEXT, "name_en": TEXT, "order": NUMBERS, "is_fiscal": CHOICE},
    ),
    "schedule_edit": (
        "reports:schedule_edit",
        {
            "name": TEXT,
            "frequency": TEXT,
            "day": NUMBERS,
            "weekday": NUMBERS,
            "at": TEXT,
            "cron": TEXT,
            "enabled": CHOICE,
            "subscribers": TEXT,
        },
    ),
    "template_copy": ("evaluations:template_copy", {"name": TEXT, "family": TEXT}),
}
TARGETS |= {
    "project_create": (
        "projects:create",
        {
            "code": TEXT,
            "name": TEXT,
            "group": NUMBERS,
            "planned_start": DATES,
            "planned_end": DATES,
            "estimated_budget": NUMBERS,
        },
    ),
    "review_opinion": (
        "projects:review_opinion",
        {"reviewer": TEXT, "organisation": TEXT, "opinion": TEXT, "recommendation": CHOICE},
    ),
    "review_decide": ("projects:review_decide", {"decision": CHOICE, "reasons": TEXT, "conditions": TEXT}),
    "condition_met": ("projects:condition_met", {"met_note": TEXT}),
    "condition_waive": ("projects:condition_waive", {"waived_reason": TEXT}),
    "plan_create": ("projects:plan_create", {"year": NUMBERS, "title": TEXT}),
    "plan_item_create": (
        "projects:plan_item_create",
        {"project": NUMBERS, "goals": TEXT, "is_key": CHOICE, "rank": NUMBERS, "reason": TEXT},
    ),
    "cycle_create": (
        "evaluations:cycle_create",
        {"name": TEXT, "kind": CHOICE, "year": NUMBERS, "template": NUMBERS},
    ),
    "cycle_assign": (
        "evaluations:cycle_assign",
        {"projects": NUMBERS, "agency": NUMBERS, "due_on": DATES},
    ),
    "generate_monthly": ("reports:generate_monthly", {"period": st.one_of(TEXT, DATES)}),
}
OK_STATUSES = {200, 302, 400, 409}


def _url(name: str, world: dict) -> str:
    project = world["project"].pk
    arguments = {
        "projects:create": [],
        "projects:review_opinion": [world["review"].pk],
        "projects:review_decide": [world["review"].pk],
        "projects:condition_met": [world["condition"].pk],
        "projects:condition_waive": [world["condition"].pk],
        "projects:plan_create": [],
        "projects:plan_item_create": [world["plan"].pk],
        "evaluations:cycle_create": [],
        "evaluations:cycle_assign": [world["cycle"].pk],
        "reports:generate_monthly": [],
        "projects:funding_source_create": [],
        "reports:schedule_edit": [world["schedule"].pk],
        "evaluations:template_copy": [world["template"].pk],
        "projects:edit": [project],
        "projects:budget_line_create": [project],
        "projects:budget_line_edit": [world["line"].pk],
        "projects:spending_create": [world["line"].pk],
        "projects:adjustment_request": [world["line"].pk],
        "projects:milestone_create": [project],
        "projects:milestone_edit": [project, world["milestone"].pk],
        "projects:problem_create": [project],
        "projects:problem_edit": [project, world["problem"].pk],
    }
    return reverse(name, args=arguments[name])


# Examples, seed and example database come from the hypothesis profile (tests/hypothesis_profiles.py):
# a fixed seed in `make test`, random seeds and many more examples in `make fuzz`.
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _post_and_check(client, url, data, world):
    before = _snapshot(world)
    response = client.post(url, data)
    assert response.status_code in OK_STATUSES, (url, data, response.status_code)
    if response.status_code != 302:
        assert _snapshot(world) == before, (url, data)


@pytest.mark.parametrize("target", sorted(TARGETS) + sorted(ADMIN_TARGETS))
def test_office_forms_never_fail_and_refusals_write_nothing(
    client, office_staff, office_admin, world, target
):
    name, fields = TARGETS.get(target) or ADMIN_TARGETS[target]
    client.force_login(office_admin if target in ADMIN_TARGETS else office_staff)
    url = _url(name, world)

    @FUZZ
    @given(st.fixed_dictionaries(fields))
    def fuzz(data):
        _post_and_check(client, url, data, world)

    fuzz()


def test_score_entry_never_fails_and_refusals_write_nothing(client, evaluator, world):
    assessment = world["assessment"]
    leaves = list(
        Indicator.objects.filter(template=assessment.cycle.template, is_leaf=True).values_list(
            "pk", flat=True
        )
    )
    client.force_login(evaluator)
    url = reverse("evaluations:assessment_save", args=[assessment.pk])

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {f"score_{pk}": NUMBERS for pk in leaves[:6]} | {f"comment_{pk}": TEXT for pk in leaves[:3]}
        ),
        st.sampled_from(["save", "submit"]),
    )
    def fuzz(scores, action):
        assessment.refresh_from_db()
        _post_and_check(client, url, {**scores, "action": action, "version": assessment.version}, world)

    fuzz()


ANY_DECIMAL = st.decimals(allow_nan=False, allow_infinity=False, places=None)


def test_spending_service_refuses_cleanly_or_records_exactly(office_staff, world):
    """Called directly (not through the form): any amount and date either records exactly that
    amount or raises ValidationError with nothing written."""
    line = world["line"]
    line.allocated = line.approved
    line.save()

    @FUZZ
    @given(
        amount=st.one_of(ANY_DECIMAL, st.decimals(min_value=0, max_value=10**7, places=2)),
        spent_on=st.dates(),
    )
    def fuzz(amount, spent_on):
        line.refresh_from_db()
        before = _snapshot(world)
        spent = line.spent
        try:
            spending_record(line=line, by=office_staff, amount=amount, spent_on=spent_on, note="")
        except ValidationError:
            assert _snapshot(world) == before, (amount, spent_on)
        else:
            line.refresh_from_db()
            assert line.spent == spent + amount and line.spent <= line.allocated

    fuzz()


def test_milestone_service_refuses_cleanly(office_staff, world):
    @FUZZ
    @given(title=TEXT, planned_date=st.one_of(st.none(), st.dates()), weight=st.integers(-(10**12), 10**12))
    def fuzz(title, planned_date, weight):
        before = _snapshot(world)
        try:
            milestone_create(
                project=world["project"],
                by=office_staff,
                title=title,
                planned_date=planned_date,
                weight=weight,
            )
        except ValidationError:
            assert _snapshot(world) == before

    fuzz()
