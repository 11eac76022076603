"""Departments and agencies move here from projects and evaluations. Only the migration state
changes: the tables keep their names (Meta.db_table, HistoricalRecords(table_name=...)) and no
row is touched."""

import core.validation
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    # The tables are created by the migrations of projects and evaluations that held the models.
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("projects", "0006_money_bound"),
        ("evaluations", "0009_constraint_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Agency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=30, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=150, unique=True, verbose_name='name')),
                        ('contact', models.CharField(blank=True, max_length=150, verbose_name='contact')),
                        ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                        ('retired_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='retired at')),
                    ],
                    options={
                        'verbose_name': 'third-party agency',
                        'verbose_name_plural': 'third-party agencies',
                        'db_table': 'evaluations_agency',
                        'ordering': ['name'],
                    },
                    bases=(core.validation.CheckedModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='Department',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=30, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=150, verbose_name='English name')),
                        ('origin', models.CharField(choices=[('seed', 'Seeded from the article'), ('demo', 'Demo data'), ('generated', 'Generated data'), ('office', 'Entered by the office')], default='office', max_length=10, verbose_name='origin')),
                        ('retired_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='retired at')),
                    ],
                    options={
                        'verbose_name': 'department',
                        'verbose_name_plural': 'departments',
                        'db_table': 'projects_department',
                        'ordering': ['name'],
                    },
                    bases=(core.validation.CheckedModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalAgency',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=30, verbose_name='code')),
                        ('name', models.CharField(db_index=True, max_length=150, verbose_name='name')),
                        ('contact', models.CharField(blank=True, max_length=150, verbose_name='contact')),
                        ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                        ('retired_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='retired at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical third-party agency',
                        'verbose_name_plural': 'historical third-party agencies',
                        'db_table': 'evaluations_historicalagency',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDepartment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=30, verbose_name='code')),
                        ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=150, verbose_name='English name')),
                        ('origin', models.CharField(choices=[('seed', 'Seeded from the article'), ('demo', 'Demo data'), ('generated', 'Generated data'), ('office', 'Entered by the office')], default='office', max_length=10, verbose_name='origin')),
                        ('retired_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='retired at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical department',
                        'verbose_name_plural': 'historical departments',
                        'db_table': 'projects_historicaldepartment',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
    ]
