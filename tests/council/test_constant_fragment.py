"""{% constant_fragment %}: rendered once per language, and blind to the page's variables."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

FRAGMENT = Template(
    "{% load static %}{% constant_fragment %}"
    '<a href="{% url \'council:schedule\' %}">{% translate "Schedule" %}</a>'
    "<link href=\"{% static 'css/app.css' %}\">[{{ secret }}]"
    "{% endconstant_fragment %}"
)


def render(**context: object) -> str:
    return FRAGMENT.render(Context(context))


def test_the_fragment_prints_what_its_tags_print_in_each_language() -> None:
    url = reverse("council:schedule")
    with translation.override("ja"):
        ja = render()
    with translation.override("en"):
        en = render()
    assert ja.startswith(f'<a href="{url}">全体スケジュール</a>')
    assert en.startswith(f'<a href="{url}">Schedule</a>')
    assert 'css/app.css">' in ja
    with translation.override("ja"):
        assert render() == ja  # remembered, and the same


def test_the_page_variables_never_reach_the_fragment() -> None:
    with translation.override("ja"):
        first = render(secret="山田さんの個人情報")
        second = render(secret="別の利用者")
    assert "山田" not in first and "別の" not in second
    assert first == second
    assert first.endswith("[]")


def test_a_changed_setting_renders_the_fragment_again() -> None:
    with translation.override("ja"):
        before = render()
        with override_settings(STATIC_URL="/elsewhere/"):
            moved = render()
        after = render()
    assert "/elsewhere/css/app.css" in moved
    assert "/elsewhere/" not in before and "/elsewhere/" not in after


def test_the_tag_takes_no_arguments() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% constant_fragment user %}{% endconstant_fragment %}")
