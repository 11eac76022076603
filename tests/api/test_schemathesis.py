"""Property-based test of every API operation against the published OpenAPI schema."""

import datetime
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from api.services import api_client_create
from nantong_pm.wsgi import application
from tests.hypothesis_profiles import fuzzing
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProblemFactory, ProjectFactory


def _published_schema() -> dict:
    """The schema exactly as /api/v1/schema/ serves it (that URL now wants a token or an office user,
    and there is no database to make one at import time)."""
    generator = SchemaGenerator(patterns=None)
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_published_schema())
schema.app = application
schema.location = "/api/v1/schema/"
# Valid requests only: every one must get a documented status, content type and body.
# Deterministic in `make test`; random and longer under `make fuzz` (tests/hypothesis_profiles.py).
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE],
    max_examples=settings.default.max_examples,
    deterministic=not fuzzing(),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The raw WSGI app closes DB connections after each request (Django's test client unhooks
    that); on PostgreSQL that would end the test's transaction, so unhook it here too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    project = ProjectFactory()
    BudgetLineFactory(project=project, partly_allocated=True)
    MilestoneFactory(project=project, planned_date=datetime.date(2025, 6, 30))
    ProblemFactory(project=project)
    return api_client_create(name="schemathesis")[1]


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"})
