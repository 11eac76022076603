from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestLog(models.Model):
    """A daily reminder digest claimed for one person: the row is written before the mail is
    sent, so a second run of the job on the same day finds it and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    date = models.DateField(_("date"))
    item_count = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("digest log")
        verbose_name_plural = _("digest logs")
        constraints = [
            # One digest per person per day, even when the job runs twice or on two workers.
            models.UniqueConstraint(fields=["user", "date"], name="one_digest_per_user_per_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.date:%Y-%m-%d}"
