import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from demo.seed_templates import seed_indicator_templates
from evaluations.models import IndicatorTemplate
from evaluations.services import assessment_assign, assessment_declare_no_conflict, cycle_open
from tests.projects.factories import ProjectFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def external_template(db):
    seed_indicator_templates()
    return IndicatorTemplate.objects.get(family="external", version=1)


@pytest.fixture
def cycle(external_template, office_staff):
    return cycle_open(name="2014年度", kind="annual", year=2014, template=external_template, by=office_staff)


@pytest.fixture
def assessment(cycle, project, agency, office_staff, evaluator):
    """Agency A's assignment, declared and ready to score."""
    assessment = assessment_assign(
        cycle=cycle, project=project, agency=agency, due_on=datetime.date(2015, 3, 31), by=office_staff
    )
    return assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)


@pytest.fixture
def other_assessment(cycle, other_agency, office_staff, other_evaluator):
    """Agency B's assignment on another project."""
    assessment = assessment_assign(
        cycle=cycle,
        project=ProjectFactory(),
        agency=other_agency,
        due_on=datetime.date(2015, 3, 31),
        by=office_staff,
    )
    return assessment_declare_no_conflict(assessment=assessment, by=other_evaluator, declared=True)


def leaf_scores(assessment, share=Decimal("1")) -> dict:
    """Every leaf scored at ``share`` of its points, as the services take them."""
    return {
        leaf.pk: ((leaf.points * share).quantize(Decimal("0.01")), "")
        for leaf in assessment.cycle.template.indicators.filter(is_leaf=True)
    }


def post_data(assessment, values: dict, action="save") -> dict:
    """A scoring-form POST: ``values`` maps indicator id → typed text."""
    data = {"version": assessment.version, "action": action}
    for leaf in assessment.cycle.template.indicators.filter(is_leaf=True):
        data[f"score_{leaf.pk}"] = values.get(leaf.pk, "")
        data[f"comment_{leaf.pk}"] = ""
    return data
