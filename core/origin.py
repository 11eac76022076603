"""Where a row came from: the article's seed, the demo, a generator or the office's own entry.
Departments, projects and city indicators carry it, so generated data can be told apart."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataOrigin(models.TextChoices):
    SEED = "seed", _("Seeded from the article")
    DEMO = "demo", _("Demo data")
    GENERATED = "generated", _("Generated data")
    OFFICE = "office", _("Entered by the office")
