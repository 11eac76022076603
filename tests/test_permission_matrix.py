"""The permission matrix: every named URL of the site × every role, generated from the URLconf.

``GET_MATRIX`` says what each role gets for a GET; ``WRITERS`` says who may POST to a URL that
writes. A URL added to the URLconf without an entry here fails ``test_every_url_has_a_matrix_entry``.
Left out (``tests.urlmatrix.SKIPPED_PREFIXES`` / ``SKIPPED_NAMES``): the admin, the language switcher,
the token-authenticated REST API, login and logout.
"""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session

from tests.roles import sign_in
from tests.urlmatrix import ROLES, SKIPPED_NAMES, SKIPPED_PREFIXES, named_urls, url_for

ADMIN, STAFF, LIAISON, OTHER_LIAISON, LEADER, EVALUATOR, OTHER_EVALUATOR = (
    "office_admin",
    "office_staff",
    "liaison",
    "other_liaison",
    "leadership",
    "evaluator",
    "other_evaluator",
)


def statuses(admin, staff, liaison, other_liaison, leader, evaluator, other_evaluator) -> tuple:
    """GET statuses of the logged-in roles; anonymous and the expired evaluator are always sent
    to the login page (302)."""
    return (302, admin, staff, liaison, other_liaison, leader, evaluator, other_evaluator, 302)


EVERYONE = statuses(200, 200, 200, 200, 200, 200, 200)
PORTFOLIO_READERS = statuses(200, 200, 200, 200, 200, 403, 403)  # evaluators see no portfolio page
PROJECT_READERS = statuses(200, 200, 200, 200, 200, 404, 404)  # ... and no portfolio object
OFFICE_ONLY = statuses(200, 200, 403, 403, 403, 403, 403)
OFFICE_OBJECT = statuses(200, 200, 403, 403, 403, 404, 404)
ADMIN_ONLY = statuses(200, 403, 403, 403, 403, 403, 403)
PROGRESS_OF_PROJECT = statuses(200, 200, 200, 403, 403, 404, 404)  # office or the lead department
POST_ONLY = statuses(405, 405, 405, 405, 405, 405, 405)
# office, leadership, its agency; a liaison reaches only their department's self-evaluations
ASSESSMENT_READERS = statuses(200, 200, 404, 404, 200, 200, 404)
EVALUATION_READERS = statuses(200, 200, 403, 403, 200, 403, 403)  # cycles and templates
PORTAL = statuses(200, 200, 200, 200, 200, 200, 200)  # liaisons: their department's self-evaluations
REPORT_ARCHIVE = EVERYONE  # each role sees only the runs it may read (reports.selectors)
PORTFOLIO_REPORT = statuses(200, 200, 200, 200, 200, 404, 404)  # a monthly run: not for evaluators
UNKNOWN_IMPORT = statuses(404, 404, 403, 403, 403, 403, 403)  # the world's token was never uploaded
PUBLIC = (200,) * 9  # the public window: anonymous by design, the same for every role
IMPORTERS = statuses(200, 200, 200, 200, 403, 403, 403)  # office and liaisons (each row checked)
AUDIT_READERS = statuses(200, 403, 403, 403, 200, 403, 403)  # office admin and leadership
DEAD_LINK = (404,) * len(ROLES)  # a public page; an unknown invitation link is 404 for everyone

GET_MATRIX = {
    "home": statuses(302, 302, 302, 302, 302, 302, 302),  # sends each role to its start page
    "dashboard:dashboard": PORTFOLIO_READERS,
    "dashboard:notifications": EVERYONE,
    "projects:list": PORTFOLIO_READERS,
    "projects:create": OFFICE_ONLY,
    "projects:pipeline": PORTFOLIO_READERS,
    "projects:attention_problems": PORTFOLIO_READERS,
    "projects:detail": PROJECT_READERS,
    "projects:edit": OFFICE_OBJECT,
    "projects:move": POST_ONLY,
    "projects:move_request": POST_ONLY,
    "projects:move_request_decide": POST_ONLY,
    "projects:review_open": POST_ONLY,
    "projects:review_opinion": OFFICE_OBJECT,
    "projects:review_decide": OFFICE_OBJECT,
    "projects:condition_met": OFFICE_OBJECT,
    "projects:condition_waive": OFFICE_OBJECT,
    "projects:budget": PROJECT_READERS,
    "projects:budget_line_create": OFFICE_OBJECT,
    "projects:portfolio_budget": PORTFOLIO_READERS,
    "projects:budget_line_edit": OFFICE_OBJECT,
    "projects:spending_create": PROGRESS_OF_PROJECT,
    "projects:adjustment_request": PROGRESS_OF_PROJECT,
    "projects:adjustment_decide": OFFICE_OBJECT,
    "projects:funding_sources": ADMIN_ONLY,
    "projects:funding_source_create": ADMIN_ONLY,
    "projects:funding_source_edit": ADMIN_ONLY,
    "projects:milestone_create": PROGRESS_OF_PROJECT,
    "projects:milestone_edit": PROGRESS_OF_PROJECT,
    "projects:problem_create": PROGRESS_OF_PROJECT,
    "projects:problem_edit": PROGRESS_OF_PROJECT,
    "projects:project_timeline": PROJECT_READERS,
    "projects:history": PROJECT_READERS,
    "projects:key_timeline": PORTFOLIO_READERS,
    "projects:plan_list": PORTFOLIO_READERS,
    "projects:plan_create": OFFICE_ONLY,
    "projects:plan_detail": PORTFOLIO_READERS,
    "projects:plan_edit": OFFICE_ONLY,
    "projects:plan_item_create": OFFICE_ONLY,
    "projects:plan_item_edit": OFFICE_ONLY,
    "projects:plan_publish": POST_ONLY,
    "projects:plan_suggest_order": POST_ONLY,
    "evaluations:portal": PORTAL,
    "evaluations:cycle_create": OFFICE_ONLY,
    "evaluations:cycle": EVALUATION_READERS,
    "evaluations:cycle_assign": POST_ONLY,
    "evaluations:cycle_close": POST_ONLY,
    "evaluations:assessment": ASSESSMENT_READERS,
    "evaluations:assessment_declare": POST_ONLY,
    "evaluations:assessment_save": POST_ONLY,
    "evaluations:assessment_preview": POST_ONLY,
    "evaluations:assessment_export": ASSESSMENT_READERS,
    "evaluations:template_export": EVALUATION_READERS,
    "evaluations:template_import": ADMIN_ONLY,
    "evaluations:evidence_upload": POST_ONLY,
    "evaluations:assessment_review": POST_ONLY,
    "evaluations:evidence": ASSESSMENT_READERS,
    "evaluations:templates": EVALUATION_READERS,
    "evaluations:template": EVALUATION_READERS,
    "evaluations:template_edit": ADMIN_ONLY,
    "evaluations:template_copy": POST_ONLY,
    "reports:archive": REPORT_ARCHIVE,
    "reports:generate_monthly": POST_ONLY,
    "reports:generate_dossier": POST_ONLY,
    "reports:run": PORTFOLIO_REPORT,
    "reports:run_status": PORTFOLIO_REPORT,
    "reports:download": PORTFOLIO_REPORT,
    "reports:cycle_text": OFFICE_ONLY,
    "reports:portfolio_pdf": PORTFOLIO_READERS,
    "reports:schedules": ADMIN_ONLY,
    "reports:schedule_create": ADMIN_ONLY,
    "reports:schedule_edit": ADMIN_ONLY,
    "exchange:index": PORTFOLIO_READERS,
    "exchange:export": PORTFOLIO_READERS,
    "exchange:import": OFFICE_ONLY,
    "exchange:import_template": OFFICE_ONLY,
    "exchange:import_preview": UNKNOWN_IMPORT,
    "steering:index": PORTFOLIO_READERS,
    "steering:report_create": PROGRESS_OF_PROJECT,
    "steering:report": PROJECT_READERS,
    "steering:report_edit": PROGRESS_OF_PROJECT,
    "steering:report_note": POST_ONLY,
    "steering:meeting_create": OFFICE_ONLY,
    "steering:meeting": PROJECT_READERS,
    "steering:meeting_edit": OFFICE_OBJECT,
    "steering:agenda_add": POST_ONLY,
    "steering:meeting_close": POST_ONLY,
    "steering:agenda_remove": POST_ONLY,
    "steering:minutes_save": POST_ONLY,
    "steering:decision_add": POST_ONLY,
    "steering:action_add": POST_ONLY,
    "steering:action": PROJECT_READERS,  # its owner (the liaison) or the office close it
    "steering:baselines": PROJECT_READERS,
    "steering:baseline_take": OFFICE_OBJECT,
    "indicators:list": PORTFOLIO_READERS,
    "indicators:create": OFFICE_ONLY,
    "indicators:import": IMPORTERS,
    "indicators:import_template": IMPORTERS,
    "indicators:detail": PROJECT_READERS,
    "indicators:edit": OFFICE_OBJECT,
    "indicators:observation_create": PROGRESS_OF_PROJECT,  # office or the reporting department
    "public:home": PUBLIC,
    "public:project": PUBLIC,
    "public:survey": PUBLIC,  # the world's project is not in operation: the page says the survey is closed
    "public:indicators": PUBLIC,
    "public:indicator": PUBLIC,
    "publicity:index": OFFICE_ONLY,
    "publicity:publication_edit": OFFICE_ONLY,
    "publicity:feedback": OFFICE_ONLY,
    "publicity:feedback_moderate": POST_ONLY,
    "invitation": DEAD_LINK,
    "office:users": ADMIN_ONLY,
    "office:user_invite": ADMIN_ONLY,
    "office:user": ADMIN_ONLY,
    "office:user_deactivate": POST_ONLY,
    "office:user_reactivate": POST_ONLY,
    "office:user_unlock": POST_ONLY,
    "office:user_reinvite": POST_ONLY,
    "office:departments": ADMIN_ONLY,
    "office:department_create": ADMIN_ONLY,
    "office:department": ADMIN_ONLY,
    "office:department_retire": POST_ONLY,
    "office:department_reinstate": POST_ONLY,
    "office:agencies": ADMIN_ONLY,
    "office:agency_create": ADMIN_ONLY,
    "office:agency": ADMIN_ONLY,
    "office:agency_retire": POST_ONLY,
    "office:agency_reinstate": POST_ONLY,
    "office:audit": AUDIT_READERS,
    "projects:spending_reverse": PROGRESS_OF_PROJECT,
}

OFFICE = {ADMIN, STAFF}
PROGRESS = {ADMIN, STAFF, LIAISON}
# URLs that write, and the roles that may write through them; every other role's POST is refused
# (403/404, or the login page) and changes nothing.
WRITERS = {
    "projects:create": OFFICE,
    "projects:edit": OFFICE,
    "projects:move": OFFICE,
    "projects:move_request": {LIAISON},
    "projects:move_request_decide": OFFICE,
    "projects:review_open": OFFICE,
    "projects:review_opinion": OFFICE,
    "projects:review_decide": OFFICE,
    "projects:condition_met": OFFICE,
    "projects:condition_waive": OFFICE,
    "projects:budget_line_create": OFFICE,
    "projects:budget_line_edit": OFFICE,
    "projects:spending_create": PROGRESS,
    "projects:adjustment_request": PROGRESS,
    "projects:adjustment_decide": OFFICE,
    "projects:funding_source_create": {ADMIN},
    "projects:funding_source_edit": {ADMIN},
    "projects:milestone_create": PROGRESS,
    "projects:milestone_edit": PROGRESS,
    "projects:problem_create": PROGRESS,
    "projects:problem_edit": PROGRESS,
    "projects:plan_create": OFFICE,
    "projects:plan_edit": OFFICE,
    "projects:plan_item_create": OFFICE,
    "projects:plan_item_edit": OFFICE,
    "projects:plan_publish": OFFICE,
    "projects:plan_suggest_order": OFFICE,
    "evaluations:cycle_create": OFFICE,
    "evaluations:cycle_assign": OFFICE,
    "evaluations:cycle_close": OFFICE,
    "evaluations:assessment_declare": {EVALUATOR},
    "evaluations:assessment_save": {EVALUATOR},
    "evaluations:assessment_preview": {EVALUATOR},
    "evaluations:evidence_upload": {EVALUATOR},
    "evaluations:assessment_review": OFFICE,
    "evaluations:template_edit": {ADMIN},
    "evaluations:template_copy": {ADMIN},
    "evaluations:template_import": {ADMIN},
    "reports:generate_monthly": OFFICE,
    # A dossier is read-only output: whoever may read the project's dossier may ask for one.
    "reports:generate_dossier": {ADMIN, STAFF, LIAISON, LEADER},
    "reports:cycle_text": OFFICE,
    "reports:schedule_create": {ADMIN},
    "reports:schedule_edit": {ADMIN},
    "exchange:import": OFFICE,
    "exchange:import_preview": OFFICE,
    "steering:report_create": PROGRESS,
    "steering:report_edit": PROGRESS,
    "steering:report_note": PROGRESS,
    "steering:meeting_create": OFFICE,
    "steering:meeting_edit": OFFICE,
    "steering:agenda_add": OFFICE,
    "steering:meeting_close": OFFICE,
    "steering:agenda_remove": OFFICE,
    "steering:minutes_save": OFFICE,
    "steering:decision_add": OFFICE,
    "steering:action_add": OFFICE,
    "steering:action": {ADMIN, STAFF, LIAISON},
    "steering:baseline_take": OFFICE,
    "indicators:create": OFFICE,
    "indicators:edit": OFFICE,
    "indicators:import": {ADMIN, STAFF, LIAISON, OTHER_LIAISON},
    "indicators:observation_create": PROGRESS,
    "public:survey": set(ROLES),  # citizens answer without an account
    "publicity:publication_edit": OFFICE,
    "publicity:feedback_moderate": OFFICE,
    "office:user_invite": {ADMIN},
    "office:user": {ADMIN},
    "office:user_deactivate": {ADMIN},
    "office:user_reactivate": {ADMIN},
    "office:user_unlock": {ADMIN},
    "office:user_reinvite": {ADMIN},
    "office:department_create": {ADMIN},
    "office:department": {ADMIN},
    "office:department_retire": {ADMIN},
    "office:department_reinstate": {ADMIN},
    "office:agency_create": {ADMIN},
    "office:agency": {ADMIN},
    "office:agency_retire": {ADMIN},
    "office:agency_reinstate": {ADMIN},
    "projects:spending_reverse": PROGRESS,
}

# A POST body that would pass the forms of the write URLs, so a refusal is the permission check
# and not a form error.
_WRITE_PAYLOAD = {
    "action": "approve",
    "name": "矩阵测试",
    "title": "矩阵测试",
    "code": "matrix",
    "text": "矩阵测试",
    "comment": "矩阵测试",
    "reason": "矩阵测试",
    "note": "矩阵测试",
    "decision": "approve",
    "decision_note": "同意",
    "reasons": "同意",
    "reviewer": "张三",
    "organisation": "市数据局",
    "opinion": "同意",
    "recommendation": "approve",
    "to_stage": "proposal",
    "declared": "on",
    "amount": "100",
    "new_amount": "1100000",
    "spent_on": "2015-05-01",
    "year": "2015",
    "approved": "1000",
    "allocated": "0",
    "planned_date": "2015-06-30",
    "weight": "1",
    "severity": "low",
    "status": "planned",
    "period": "2015-05",
    "cron": "0 8 1 * *",
    "kind": "annual",
    "family": "external",
    "goals": "目标",
}


def _snapshot(world) -> tuple:
    """Row counts of every table (sessions aside) and every field of the world's objects."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not Session and not model._meta.label.startswith("axes.")
    }
    rows = {
        key: list(type(obj)._default_manager.filter(pk=obj.pk).values())
        for key, obj in world.items()
        if obj is not None
    }
    return counts, rows


def test_every_url_has_a_matrix_entry():
    urls = set(named_urls())
    assert urls - set(GET_MATRIX) == set(), "add these URLs to GET_MATRIX (and WRITERS if they write)"
    assert set(GET_MATRIX) - urls == set(), "these matrix entries name no URL"
    assert set(WRITERS) <= urls
    assert SKIPPED_PREFIXES and SKIPPED_NAMES


def _area(name: str) -> str:
    return name.split(":")[0] if ":" in name else "site"


AREAS = sorted({_area(name) for name in GET_MATRIX})


def get_mismatches(client, all_users, world, names) -> list[tuple]:
    """(url name, role, expected, got) for every GET that differs from ``GET_MATRIX``."""
    urls = named_urls()
    mismatches = []
    for name in sorted(names):
        url = url_for(name, urls[name], world)
        for role, expected in zip(ROLES, GET_MATRIX[name], strict=True):
            sign_in(client, all_users, role)
            response = client.get(url)
            sent_to_login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            if response.status_code != expected or (expected == 302 and role in LOGGED_OUT) != sent_to_login:
                mismatches.append((name, role, expected, response.status_code))
    return mismatches


@pytest.mark.parametrize("area", AREAS)
def test_get_by_role(client, all_users, world, area):
    """One world per area (building it is the slow part); every mismatch is listed."""
    names = [name for name in GET_MATRIX if _area(name) == area]
    assert get_mismatches(client, all_users, world, names) == [], "(url, role, expected, got)"


LOGGED_OUT = ("anonymous", "expired_evaluator")


@pytest.mark.parametrize("area", sorted({_area(name) for name in WRITERS}))
def test_post_by_a_role_that_may_not_write_is_refused_and_changes_nothing(client, all_users, world, area):
    urls = named_urls()
    payload = {**_WRITE_PAYLOAD, "version": world["project"].version}
    mismatches = []
    for name in sorted(n for n in WRITERS if _area(n) == area):
        url = url_for(name, urls[name], world)
        for role in (role for role in ROLES if role not in WRITERS[name]):
            sign_in(client, all_users, role)
            before = _snapshot(world)
            response = client.post(url, payload)
            if role in LOGGED_OUT:
                refused = response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                refused = response.status_code in (403, 404)
            if not refused:
                mismatches.append((name, role, "refused", response.status_code))
            if _snapshot(world) != before:
                mismatches.append((name, role, "unchanged", "changed"))
    assert mismatches == [], "(url, role, expected, got)"


def matrix_case_count() -> int:
    """(URL, role) cases of both matrices, for the record."""
    return len(GET_MATRIX) * len(ROLES) + sum(len(ROLES) - len(writers) for writers in WRITERS.values())
