import datetime

import factory

from organisation.models import Department
from projects.models import FundingSource, Project, ProjectGroup


class ProjectGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"group{n}")
    name = factory.Sequence(lambda n: f"分组{n}")
    order = factory.Sequence(int)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"source{n}")
    name = factory.Sequence(lambda n: f"资金来源{n}")
    is_fiscal = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    group = factory.SubFactory(ProjectGroupFactory)
    lead_department = factory.SubFactory(DepartmentFactory)
    planned_start = datetime.date(2014, 1, 1)
    planned_end = datetime.date(2016, 12, 31)
    objectives = "建成并投入运营"
