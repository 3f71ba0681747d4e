from django.db import migrations


class Migration(migrations.Migration):
    """The signer's name is the engine's (documents.DocumentHead): `chair` keeps its data."""

    dependencies = [("proposals", "0008_block_tags")]

    operations = [
        migrations.RenameField("proposal", "chair", "signer_name"),
        migrations.RenameField("historicalproposal", "chair", "signer_name"),
    ]
