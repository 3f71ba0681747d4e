"""The proposals' tables take their app's names (hubs_proposal → proposals_proposal, and the
sections, the regional-issue links and the history), and their content types follow, so that
frozen PDFs and history keep pointing at them."""

from django.db import migrations, models

MODELS = ["proposal", "proposalsection", "historicalproposal", "historicalproposalsection"]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label="hubs", model=model)
        if old.exists():
            ContentType.objects.filter(app_label="proposals", model=model).delete()
            old.update(app_label="proposals")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="proposals", model__in=MODELS).update(app_label="hubs")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("hubs", "0004_proposals_move_to_their_app"),
        ("proposals", "0001_proposals_from_hubs"),
        ("subcommittees", "0002_orderings_without_joins"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="issues",
            field=models.ManyToManyField(
                blank=True,
                related_name="proposals",
                to="subcommittees.regionalissue",
                verbose_name="regional issues it answers",
            ),
        ),
        migrations.AlterModelTable(name="historicalproposal", table=None),
        migrations.AlterModelTable(name="historicalproposalsection", table=None),
        migrations.AlterModelTable(name="proposal", table=None),
        migrations.AlterModelTable(name="proposalsection", table=None),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
