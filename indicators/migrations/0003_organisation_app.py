"""Departments and agencies moved to the organisation app: the foreign keys point there in the
migration state; the database is unchanged (same tables, same columns, same constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0002_constraint_messages'),
        ('organisation', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='indicator',
                    name='reporting_department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='organisation.department', verbose_name='reporting department'),
                ),
            ],
        ),
    ]
