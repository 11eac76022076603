"""Departments and agencies moved to the organisation app: the foreign keys point there in the
migration state; the database is unchanged (same tables, same columns, same constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_organisation_app'),
        ('evaluations', '0009_constraint_messages'),
        ('organisation', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalassessment',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.agency', verbose_name='agency'),
                ),
                migrations.AlterField(
                    model_name='assessment',
                    name='agency',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='organisation.agency', verbose_name='agency'),
                ),
                migrations.RemoveField(
                    model_name='historicalagency',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='Agency',
                ),
                migrations.DeleteModel(
                    name='HistoricalAgency',
                ),
            ],
        ),
    ]
