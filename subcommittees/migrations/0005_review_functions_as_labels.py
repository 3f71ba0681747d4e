"""A review sheet's 協議会の機能 were keys of a fixed list ("information"…); they are now the
labels chosen from the council's own list (Council.functions), so a sheet keeps the names it was
written with when the council renames one. Its history rows are converted too: the history page
shows what they say."""

from django.db import migrations

# The fixed list as the sheets printed it, frozen here: the model no longer has it.
LABELS = {
    "information": "情報機能",
    "coordination": "調整機能",
    "development": "開発機能",
    "education": "教育機能",
    "advocacy": "権利擁護機能",
    "evaluation": "評価機能",
}
KEYS = {label: key for key, label in LABELS.items()}


def _convert(apps, mapping):
    for name in ("ReviewSheet", "HistoricalReviewSheet"):
        model = apps.get_model("subcommittees", name)
        changed = []
        for row in model.objects.only("pk", "functions").iterator():
            converted = [mapping.get(item, item) for item in row.functions]
            if converted != row.functions:
                row.functions = converted
                changed.append(row)
        model.objects.bulk_update(changed, ["functions"], batch_size=500)


def keys_to_labels(apps, schema_editor):
    _convert(apps, LABELS)


def labels_to_keys(apps, schema_editor):
    # A label the council added itself has no key: it stays as it is.
    _convert(apps, KEYS)


class Migration(migrations.Migration):
    dependencies = [("subcommittees", "0004_text_max_length")]

    operations = [migrations.RunPython(keys_to_labels, labels_to_keys)]
