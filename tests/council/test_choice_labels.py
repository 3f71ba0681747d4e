"""get_FOO_display() from the cached label table says what Django's own would say."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from council.models import ChoiceLabels

FIELDS = [
    (model, field)
    for model in apps.get_models()
    if issubclass(model, ChoiceLabels)
    for field in model._meta.concrete_fields
    if field.choices
]


def test_every_model_with_choices_uses_the_table() -> None:
    ours = {"council", "subcommittees", "hubs", "referrals"}
    missing = {
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not model.__name__.startswith("Historical")
        and any(field.choices for field in model._meta.concrete_fields)
        and not issubclass(model, ChoiceLabels)
    }
    assert missing == set()
    assert len(FIELDS) > 20


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=lambda x: getattr(x, "name", str(x)))
def test_labels_match_djangos(
    model: type[models.Model], field: models.Field, language: str
) -> None:
    with translation.override(language):
        for value in [value for value, _ in field.flatchoices] + ["no-such-choice", None]:
            instance = model(**{field.attname: value})
            ours = getattr(instance, f"get_{field.name}_display")()
            assert ours == models.Model._get_FIELD_display(instance, field)
