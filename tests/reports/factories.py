import factory
from django.core.files.base import ContentFile

from reports.models import ReportKind, ReportRun, RunStatus


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    kind = ReportKind.MONTHLY
    period = factory.Sequence(lambda n: f"20{10 + n % 80:02d}-{n % 12 + 1:02d}")
    parameters = factory.LazyAttribute(lambda run: {"period": run.period})


class DoneRunFactory(ReportRunFactory):
    status = RunStatus.DONE
    checksum = "0" * 64
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 test", name="report.pdf"))
