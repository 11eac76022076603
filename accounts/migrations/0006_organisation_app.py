"""Departments and agencies moved to the organisation app: the foreign keys point there in the
migration state; the database is unchanged (same tables, same columns, same constraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_integration_round2'),
        ('organisation', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicaluser',
                    name='agency',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.agency', verbose_name='agency'),
                ),
                migrations.AlterField(
                    model_name='historicaluser',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='agency',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evaluators', to='organisation.agency', verbose_name='agency'),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='liaisons', to='organisation.department', verbose_name='department'),
                ),
            ],
        ),
    ]
