"""Our i18n tags are builtins: constant `{% translate %}` remembered per language, and every form
of the tag renders exactly as Django's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine, engines
from django.utils import translation

from council.templatetags.i18n_cached import ConstantTranslateNode

CASES = [
    '{% translate "Log out" %}',
    "{% trans 'Meetings' %}",
    '{% translate "Log out" noop %}',
    '{% translate "Log out" as label %}[{{ label }}]',
    '{% translate "May" context "month name" %}',
    '{% translate "Log out"|upper %}',
    "{% translate word %}",
    '{% translate "50%% done" %}',
    '{% autoescape off %}{% translate "Log out" %}{% endautoescape %}',
    "{% blocktranslate with n=3 %}Members ({{ n }}){% endblocktranslate %}",
]


def render(library: str, source: str, language: str) -> str:
    engine = Engine(libraries={"i18n": library})
    template = engine.from_string("{% load i18n %}" + source)
    with translation.override(language):
        # Twice: the second render is the remembered one.
        first = template.render(Context({"word": "Schedule"}))
        assert template.render(Context({"word": "Schedule"})) == first
        return first


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("source", CASES)
def test_renders_as_djangos_own_tag(source: str, language: str) -> None:
    ours = render("council.templatetags.i18n_cached", source, language)
    assert ours == render("django.templatetags.i18n", source, language)


def test_a_remembered_translation_follows_the_language() -> None:
    template = engines["django"].from_string('{% translate "Log out" %}')
    with translation.override("ja"):
        assert template.render({}) == "ログアウト"
    with translation.override("en"):
        assert template.render({}) == "Log out"
    with translation.override("ja"):
        assert template.render({}) == "ログアウト"


def test_only_constant_text_is_remembered() -> None:
    template = engines["django"].from_string(
        '{% translate "Log out" %}{% translate word %}{% translate "x" as y %}'
    )
    kinds = [type(node).__name__ for node in template.template.nodelist]
    assert kinds.count(ConstantTranslateNode.__name__) == 1


def test_our_templates_do_not_load_djangos_i18n() -> None:
    """`{% load i18n %}` would replace the builtin tags with Django's, silently slower."""
    loads = re.compile(r"{%\s*load\s[^%]*\bi18n\b")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if loads.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
