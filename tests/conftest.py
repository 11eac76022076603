"""Fixtures: one user of every role, and the seeded portfolio."""

import datetime

import pytest
from django.core.cache import caches

from accounts.models import Role
from demo.seed_projects import seed_portfolio
from nantong_pm.celery import app as celery_app
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the ci/fuzz profile)
from tests.accounts.factories import UserFactory
from tests.brokers import real_broker  # noqa: F401  (a fixture, shared by the worker and browser tests)
from tests.organisation.factories import AgencyFactory, DepartmentFactory
from tests.projects.factories import ProjectFactory
from tests.world import build_world


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Unit tests run tasks in-process; the integration tests start a real worker instead."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads, evidence and built reports go to the test's own folder, never the developer's
    var/media. Tests that look into the folder ask for it by name."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """Each test's database starts over; so must the dashboard's cached aggregates."""
    caches["aggregates"].clear()
    yield


@pytest.fixture
def department(db):
    return DepartmentFactory(code="data", name="市数据局")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(code="transport", name="市交通运输局")


@pytest.fixture
def agency(db):
    return AgencyFactory(code="agency-a", name="评估机构甲")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="agency-b", name="评估机构乙")


@pytest.fixture
def office_admin(db):
    return UserFactory(username="admin", role=Role.OFFICE_ADMIN, is_staff=True)


@pytest.fixture
def office_staff(db):
    return UserFactory(username="staff", role=Role.OFFICE_STAFF)


@pytest.fixture
def liaison(department):
    return UserFactory(username="liaison", role=Role.LIAISON, department=department)


@pytest.fixture
def other_liaison(other_department):
    return UserFactory(username="liaison2", role=Role.LIAISON, department=other_department)


@pytest.fixture
def leadership(db):
    return UserFactory(username="leader", role=Role.LEADERSHIP)


@pytest.fixture
def evaluator(agency):
    return UserFactory(username="evaluator", role=Role.EVALUATOR, agency=agency)


@pytest.fixture
def other_evaluator(other_agency):
    return UserFactory(username="evaluator2", role=Role.EVALUATOR, agency=other_agency)


@pytest.fixture
def expired_evaluator(agency):
    return UserFactory(
        username="expired",
        role=Role.EVALUATOR,
        agency=agency,
        access_expires_on=datetime.date.today() - datetime.timedelta(days=1),
    )


@pytest.fixture
def users(office_admin, office_staff, liaison, other_liaison, leadership, evaluator, other_evaluator):
    """Every role by name, for URL × role matrices."""
    return {
        "office_admin": office_admin,
        "office_staff": office_staff,
        "liaison": liaison,
        "other_liaison": other_liaison,
        "leadership": leadership,
        "evaluator": evaluator,
        "other_evaluator": other_evaluator,
    }


@pytest.fixture
def all_users(users, expired_evaluator):
    """Every role of the permission matrix, the expired evaluator included."""
    return {**users, "expired_evaluator": expired_evaluator}


@pytest.fixture
def portfolio(db):
    seed_portfolio()


@pytest.fixture
def project(department):
    """A project led by ``department`` (the ``liaison`` fixture's department)."""
    return ProjectFactory(lead_department=department)


@pytest.fixture
def world(department, agency, office_staff, liaison, evaluator):
    """One object of every kind (``tests.world``)."""
    return build_world(
        department=department, agency=agency, office_staff=office_staff, liaison=liaison, evaluator=evaluator
    )
