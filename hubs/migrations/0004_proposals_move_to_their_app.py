"""Proposals move to their own app (proposals/): the models leave hubs' state only; their tables
stay, and proposals.0002 renames them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0003_orderings_without_joins"),
        ("proposals", "0001_proposals_from_hubs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalproposalsection",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalproposalsection",
                    name="proposal",
                ),
                migrations.RemoveField(
                    model_name="proposal",
                    name="body",
                ),
                migrations.RemoveField(
                    model_name="proposal",
                    name="council",
                ),
                migrations.RemoveField(
                    model_name="proposal",
                    name="fiscal_year",
                ),
                migrations.RemoveField(
                    model_name="proposal",
                    name="issues",
                ),
                migrations.RemoveField(
                    model_name="proposal",
                    name="status_changed_by",
                ),
                migrations.RemoveField(
                    model_name="proposalsection",
                    name="proposal",
                ),
                migrations.DeleteModel(
                    name="HistoricalProposal",
                ),
                migrations.DeleteModel(
                    name="HistoricalProposalSection",
                ),
                migrations.DeleteModel(
                    name="Proposal",
                ),
                migrations.DeleteModel(
                    name="ProposalSection",
                ),
            ],
        ),
    ]
