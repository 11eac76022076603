"""Absolute links for mail: a message is read outside the site, so its links carry ``SITE_URL``."""

from django.conf import settings


def site_url() -> str:
    """The site's address without a trailing slash, for templates that append ``{% url %}``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``) as a link a mail reader can follow."""
    return site_url() + path
