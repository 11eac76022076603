"""Departments and agencies moved to the organisation app: the foreign keys point there in the
migration state; the database is unchanged (same tables, same columns, same constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_initial'),
        ('steering', '0002_constraint_messages'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='actionitem',
                    name='department',
                    field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.department', verbose_name='department'),
                ),
            ],
        ),
    ]
