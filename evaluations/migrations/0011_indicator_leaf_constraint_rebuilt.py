"""Rebuilds the indicator's leaf constraint from the model's definition (points ≥ 0).

Two migrations of one round (0004_issue15_input_bounds: points > 0, only its message changed by
AlterConstraint; 0004_issue18_indicator_tree: points ≥ 0, in the database) leave the migration
state at "> 0" when the planner applies them in the other order. SQLite then rebuilt the table from
that state in 0006 and a new database refused 0-point rows. Dropping and adding the constraint gives
every database the model's definition, whatever order it was migrated in."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0010_organisation_app"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="indicator",
            name="indicator_leaf_has_points_and_method",
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_leaf", True), ("points__gte", 0), models.Q(("method", ""), _negated=True)),
                    models.Q(("is_leaf", False), ("method", ""), ("points__isnull", True)),
                    _connector="OR",
                ),
                name="indicator_leaf_has_points_and_method",
                violation_error_message="A lowest-level indicator needs its points and scoring method.",
            ),
        ),
    ]
