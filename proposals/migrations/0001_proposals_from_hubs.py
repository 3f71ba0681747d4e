"""The proposals' models, taken over from hubs with their tables as they are (state only)."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("council", "0006_meeting_search_text"),
        ("hubs", "0003_orderings_without_joins"),
        ("subcommittees", "0002_orderings_without_joins"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalProposal",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("revision", models.PositiveIntegerField(default=0, editable=False)),
                        (
                            "date",
                            models.DateField(
                                blank=True, null=True, verbose_name="date of the proposal"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "addressee",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="addressed to"
                            ),
                        ),
                        (
                            "chair",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="chair signing it"
                            ),
                        ),
                        (
                            "preamble",
                            models.TextField(blank=True, verbose_name="preamble (はじめに)"),
                        ),
                        (
                            "closing",
                            models.CharField(
                                blank=True, default="以上", max_length=40, verbose_name="closing"
                            ),
                        ),
                        (
                            "functions",
                            models.JSONField(
                                blank=True, default=list, verbose_name="hub functions it answers"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft (下書き)"),
                                    ("body_approved", "Approved by the body (部会承認)"),
                                    ("reported", "Reported to the council (協議会報告)"),
                                    ("submitted", "Submitted to the city (市へ提出)"),
                                    ("answered", "Answer received (回答受領)"),
                                ],
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "status_reason",
                            models.TextField(blank=True, verbose_name="reason for the last return"),
                        ),
                        ("status_changed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "submitted_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="submitted to the city on"
                            ),
                        ),
                        (
                            "answered_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="answer received on"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "body",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="council.body",
                                verbose_name="issuing body",
                            ),
                        ),
                        (
                            "council",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="council.council",
                            ),
                        ),
                        (
                            "fiscal_year",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="council.fiscalyear",
                                verbose_name="fiscal year",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "status_changed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical proposal",
                        "verbose_name_plural": "historical proposals",
                        "db_table": "hubs_historicalproposal",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Proposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("revision", models.PositiveIntegerField(default=0, editable=False)),
                        (
                            "date",
                            models.DateField(
                                blank=True, null=True, verbose_name="date of the proposal"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "addressee",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="addressed to"
                            ),
                        ),
                        (
                            "chair",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="chair signing it"
                            ),
                        ),
                        (
                            "preamble",
                            models.TextField(blank=True, verbose_name="preamble (はじめに)"),
                        ),
                        (
                            "closing",
                            models.CharField(
                                blank=True, default="以上", max_length=40, verbose_name="closing"
                            ),
                        ),
                        (
                            "functions",
                            models.JSONField(
                                blank=True, default=list, verbose_name="hub functions it answers"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft (下書き)"),
                                    ("body_approved", "Approved by the body (部会承認)"),
                                    ("reported", "Reported to the council (協議会報告)"),
                                    ("submitted", "Submitted to the city (市へ提出)"),
                                    ("answered", "Answer received (回答受領)"),
                                ],
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "status_reason",
                            models.TextField(blank=True, verbose_name="reason for the last return"),
                        ),
                        ("status_changed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "submitted_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="submitted to the city on"
                            ),
                        ),
                        (
                            "answered_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="answer received on"
                            ),
                        ),
                        (
                            "body",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposals",
                                to="council.body",
                                verbose_name="issuing body",
                            ),
                        ),
                        (
                            "council",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="proposals",
                                to="council.council",
                            ),
                        ),
                        (
                            "fiscal_year",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="council.fiscalyear",
                                verbose_name="fiscal year",
                            ),
                        ),
                        (
                            "issues",
                            models.ManyToManyField(
                                blank=True,
                                db_table="hubs_proposal_issues",
                                related_name="proposals",
                                to="subcommittees.regionalissue",
                                verbose_name="regional issues it answers",
                            ),
                        ),
                        (
                            "status_changed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal",
                        "verbose_name_plural": "proposals",
                        "db_table": "hubs_proposal",
                        "ordering": ["-fiscal_year__year", "-date", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalProposalSection",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("principle", "Principle"), ("section", "Section")],
                                default="section",
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "level",
                            models.PositiveSmallIntegerField(
                                default=1,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(3),
                                ],
                                verbose_name="level",
                            ),
                        ),
                        (
                            "heading",
                            models.CharField(blank=True, max_length=200, verbose_name="heading"),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("answer", models.TextField(blank=True, verbose_name="the city's answer")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="proposals.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical proposal section",
                        "verbose_name_plural": "historical proposal sections",
                        "db_table": "hubs_historicalproposalsection",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ProposalSection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("principle", "Principle"), ("section", "Section")],
                                default="section",
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "level",
                            models.PositiveSmallIntegerField(
                                default=1,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(3),
                                ],
                                verbose_name="level",
                            ),
                        ),
                        (
                            "heading",
                            models.CharField(blank=True, max_length=200, verbose_name="heading"),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("answer", models.TextField(blank=True, verbose_name="the city's answer")),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sections",
                                to="proposals.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal section",
                        "verbose_name_plural": "proposal sections",
                        "db_table": "hubs_proposalsection",
                        "ordering": ["proposal_id", "order", "id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("level__gte", 1), ("level__lte", 3)),
                                name="section_level_1_3",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
