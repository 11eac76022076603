import datetime

import factory

from steering.models import ActionItem, AgendaItem, Meeting, StatusReport
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory


def this_month() -> datetime.date:
    return datetime.date.today().replace(day=1)


class StatusReportFactory(factory.django.DjangoModelFactory):
    """A green report of this month."""

    class Meta:
        model = StatusReport

    project = factory.SubFactory(ProjectFactory)
    month = factory.LazyFunction(this_month)
    overall = "green"
    schedule = "green"
    budget = "green"
    scope = "green"
    risk = "green"
    filed_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"协调推进会{n}")
    month = factory.LazyFunction(this_month)
    held_on = factory.LazyFunction(datetime.date.today)
    chair = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("chair")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    project = factory.SubFactory(ProjectFactory)
    reasons = factory.LazyFunction(lambda: ["added"])


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    agenda_item = factory.SubFactory(AgendaItemFactory)
    project = factory.SelfAttribute("agenda_item.project")
    text = factory.Sequence(lambda n: f"落实事项{n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
