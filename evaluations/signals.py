"""What this app tells the apps above it. They listen; this app imports none of them."""

from django.dispatch import Signal

# Sent once a cycle's closing has committed, with ``cycle_id``; the reports app files the cycle report.
cycle_closed = Signal()
