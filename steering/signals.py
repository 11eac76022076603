"""Signals of the steering review. Higher apps listen; steering imports none of them."""

from django.dispatch import Signal

# Sent after the commit that closed a review meeting; kwargs: meeting_id. The reports app
# listens and builds, archives and mails the minutes (会议纪要).
meeting_closed = Signal()
