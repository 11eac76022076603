"""The daily reminder digest: one mail per person per day, claimed in the database first."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.links import site_url

from .models import DigestLog
from .selectors import reminders_for


def digest_send(*, user: User, today: datetime.date) -> bool:
    """Send ``user`` today's digest if there is something in it and nobody sent it yet.
    The DigestLog row is inserted before sending: the unique (user, date) constraint lets only
    one run win, even two at the same moment. If the mail fails, the claim is released so that
    a later run sends it."""
    reminders = reminders_for(user=user, today=today)
    if not len(reminders):
        return False
    try:
        with transaction.atomic():
            claim = DigestLog(user=user, date=today, item_count=len(reminders))
            # The constraint is checked by the INSERT itself, which is safe against races.
            claim.full_clean(validate_constraints=False)
            claim.save()
    except IntegrityError:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "reminders": reminders, "today": today, "site_url": site_url()}
        subject = _("Project reminders for %(date)s") % {"date": today.isoformat()}
        body = render_to_string("dashboard/email/digest.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        claim.delete()
        raise
    return True
