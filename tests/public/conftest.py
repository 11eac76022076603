import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from demo.seed_templates import seed_indicator_templates
from evaluations.models import Assessment, AssessmentCycle, IndicatorTemplate
from indicators.models import Bound, IndicatorLink
from projects.models import Stage
from public.models import Moderation, ProjectPublication, SurveyResponse
from tests.accounts.factories import UserFactory
from tests.indicators.factories import IndicatorFactory, ObservationFactory
from tests.organisation.factories import AgencyFactory
from tests.projects.factories import (
    BudgetLineFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProblemFactory,
    ProjectFactory,
)

# Everything internal the public pages must never show, as it would appear on a page.
SECRETS = {
    "staff name": ["王建国", "李秘书", "孙录入", "联络员周"],
    "contact": ["13800001111"],
    "implementer": ["保密科技有限公司"],
    "evaluator": ["赵评估", "评估机构甲", "zhao-eval"],
    "problem": ["机房漏水问题", "供应商延期"],
    "budget line": ["3456789", "3,456,789", "345.68", "2222222", "2,222,222", "222.22"],
    "not published": ["秘密项目", "内部指标", "待审核的评论", "被拒绝的评论"],
}


@pytest.fixture
def public_world(db):
    """A published project in operation with everything internal attached to it, a published and an
    internal indicator, comments in every moderation state, and an unpublished project."""
    staff = UserFactory(username="li", first_name="李秘书", role=Role.OFFICE_STAFF)
    entered_by = UserFactory(username="sun", first_name="孙录入", role=Role.OFFICE_STAFF)
    liaison_user = UserFactory(username="zhou", first_name="联络员周", role=Role.OFFICE_STAFF)
    project = ProjectFactory(
        code="P05",
        name="智慧交通",
        name_en="Smart transport",
        stage=Stage.OPERATION,
        responsible_person="王建国",
        responsible_contact="13800001111",
        implementer="保密科技有限公司",
        estimated_budget=Decimal("12000000"),
    )
    ProjectPublication.objects.create(
        project=project,
        is_public=True,
        summary="公交到站时间一查便知，少等车。",
        summary_en="Know when the bus comes.",
    )
    source = FundingSourceFactory(code="municipal")
    BudgetLineFactory(project=project, source=source, year=2015, approved=Decimal("3456789"), allocated=0)
    BudgetLineFactory(project=project, source=source, year=2016, approved=Decimal("2222222"), allocated=0)
    MilestoneFactory(
        project=project,
        owner=staff,
        title="信号系统联调",
        status="done",
        actual_date=datetime.date(2015, 6, 1),
    )
    MilestoneFactory(project=project, owner=liaison_user, title="站牌改造")
    ProblemFactory(project=project, title="机房漏水问题", raised_by=staff)
    ProblemFactory(project=project, title="供应商延期", raised_by=staff)
    seed_indicator_templates()
    agency = AgencyFactory(code="agency-a", name="评估机构甲")
    UserFactory(username="zhao-eval", first_name="赵评估", role=Role.EVALUATOR, agency=agency)
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = AssessmentCycle.objects.create(name="2015年度", year=2015, template=template)
    Assessment.objects.create(cycle=cycle, project=project, agency=agency, due_on=datetime.date(2016, 3, 31))

    public_indicator = IndicatorFactory(code="bus", name="公交到站预报覆盖率", is_public=True)
    ObservationFactory(
        indicator=public_indicator,
        observed_on=datetime.date(2014, 12, 31),
        value=Decimal("20"),
        entered_by=entered_by,
    )
    ObservationFactory(
        indicator=public_indicator,
        observed_on=datetime.date(2015, 12, 31),
        value=Decimal("31"),
        bound=Bound.AT_LEAST,
        entered_by=entered_by,
    )
    IndicatorLink.objects.create(indicator=public_indicator, project=project)
    internal = IndicatorFactory(code="internal", name="内部指标")
    ObservationFactory(indicator=internal)
    IndicatorLink.objects.create(indicator=internal, project=project)

    secret_project = ProjectFactory(code="P99", name="秘密项目", stage=Stage.OPERATION)
    ProjectPublication.objects.create(project=secret_project, is_public=False, summary="尚未公开")
    IndicatorLink.objects.create(indicator=public_indicator, project=secret_project)

    today = datetime.date.today()
    for comment, state in [
        ("准点率高了，很满意", Moderation.APPROVED),
        ("待审核的评论", Moderation.PENDING),
        ("被拒绝的评论", Moderation.REJECTED),
    ]:
        SurveyResponse.objects.create(
            project=project,
            score=4,
            comment=comment,
            moderation=state,
            submitted_on=today,
            address_hash=comment,
        )
    return {"project": project, "indicator": public_indicator, "internal": internal, "secret": secret_project}
