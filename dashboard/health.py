"""The health rule lives in ``projects.health`` so that the steering review (below the dashboard)
can pre-fill its status reports with the same rule; the dashboard reads it from there."""

from projects.health import (  # noqa: F401  (re-exported for the dashboard's views and tests)
    OVERDUE_MILESTONES_RED,
    PROGRESS_LAG_AMBER,
    PROGRESS_LAG_RED,
    SPENDING_LAG_AMBER,
    WATCHED_STAGES,
    Health,
    HealthInputs,
    health_of,
    time_elapsed,
)
