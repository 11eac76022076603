"""The demo replays a portfolio's history through the real services. While one event runs, the
clock (``django.utils.timezone.now``) reads the event's moment, so every timestamp the services
and the audit trail write (stage moves, opinions, history lines, report runs) carries the day the
event happened, not the day the demo was seeded."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


def moment(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def clock_at(when: datetime.datetime) -> Iterator[None]:
    original = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = original
