"""The health rule lives with the portfolio (``projects.health``) so that the portfolio list and
the dashboard show one colour for one project; this module keeps the dashboard's imports."""

from projects.health import (  # noqa: F401
    OVERDUE_MILESTONES_RED,
    PROGRESS_LAG_AMBER,
    PROGRESS_LAG_RED,
    SPENDING_LAG_AMBER,
    Health,
    HealthInputs,
    health_of,
    time_elapsed,
)
