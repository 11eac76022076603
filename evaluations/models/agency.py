from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validation import CheckedModelMixin


class Agency(CheckedModelMixin, models.Model):
    """A professional third-party agency (第三方机构) that assesses projects."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    contact = models.CharField(_("contact"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("third-party agency")
        verbose_name_plural = _("third-party agencies")

    def __str__(self):
        return self.name
