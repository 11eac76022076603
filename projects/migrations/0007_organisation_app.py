"""Departments and agencies moved to the organisation app: the foreign keys point there in the
migration state; the database is unchanged (same tables, same columns, same constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_organisation_app'),
        ('api', '0002_organisation_app'),
        ('indicators', '0003_organisation_app'),
        ('organisation', '0001_initial'),
        ('projects', '0006_money_bound'),
        ('steering', '0003_organisation_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalproject',
                    name='lead_department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='lead department'),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='lead_department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='organisation.department', verbose_name='lead department'),
                ),
                migrations.RemoveField(
                    model_name='historicaldepartment',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='Department',
                ),
                migrations.DeleteModel(
                    name='HistoricalDepartment',
                ),
            ],
        ),
    ]
