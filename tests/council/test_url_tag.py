"""The cached {% url %} gives exactly what Django's reverse() gives, for every URL we have."""

from __future__ import annotations

import itertools

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.urls.base import set_script_prefix

from council.templatetags.urls import fast_reverse, id_url
from tests.conftest import named_urls


def arity(name: str) -> int | None:
    """How many id arguments the pattern takes (None: it takes something else)."""
    for n in range(4):
        try:
            reverse(name, args=[1] * n)
        except NoReverseMatch:
            continue
        return n
    return None


NAMES = sorted(named_urls())


@pytest.fixture(params=["/", "/kyogikai/"], ids=["root", "mounted"])
def script_prefix(request: pytest.FixtureRequest):
    set_script_prefix(request.param)
    yield request.param
    set_script_prefix("/")


def test_every_url_name_reverses_as_django_does(script_prefix: str) -> None:
    checked = 0
    for name in NAMES:
        n = arity(name)
        if n is None:
            continue
        for args in itertools.product([0, 7, 1234567890], repeat=n):
            assert fast_reverse(name, list(args)) == reverse(name, args=list(args)), name
        checked += 1
    assert checked > 50  # the project's own URLs, not only the admin's


def test_id_url_links_as_reverse_does(script_prefix: str) -> None:
    checked = 0
    for name in NAMES:
        if arity(name) != 1:
            continue
        link = id_url(name)
        for pk in (0, 7, 1234567890):
            assert link(pk) == reverse(name, args=[pk]), name
        checked += 1
    assert checked > 30


SAMPLES = [0, 7, 1234567890, "review", "approve", "a-b_9", "12", "-1", "日本", "a b", "x/y", ""]


def test_every_url_name_with_text_arguments_reverses_as_django_does(script_prefix: str) -> None:
    """Ids and slugs in any mix, and text that is not a slug: the same link, or the same error."""
    checked = 0
    for name in NAMES:
        n = arity(name)
        if not n:
            continue
        samples = SAMPLES if n < 3 else [7, "review", "12", "a b"]
        for args in itertools.product(samples, repeat=n):
            try:
                expected = reverse(name, args=list(args))
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    fast_reverse(name, list(args))
                continue
            assert fast_reverse(name, list(args)) == expected, (name, args)
            checked += 1
    assert checked > 100


def test_text_arguments_go_through_reverse() -> None:
    assert fast_reverse("council:history", ["meeting", 3]) == reverse(
        "council:history", args=["meeting", 3]
    )
    with pytest.raises(NoReverseMatch):
        fast_reverse("council:meeting-detail", ["-1"])
    with pytest.raises(NoReverseMatch):
        fast_reverse("council:meeting-detail", [-1])


def test_an_unknown_name_still_fails_loudly() -> None:
    with pytest.raises(NoReverseMatch):
        fast_reverse("council:no-such-page", [1])


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_the_tag_renders_what_djangos_tag_renders() -> None:
    assert render("{% url 'council:meeting-detail' pk %}", pk=42) == "/meetings/42/"
    assert render("{% url 'council:history' 'meeting' 5 %}") == reverse(
        "council:history", args=["meeting", 5]
    )
    assert render("{% url 'council:meeting-detail' pk=9 %}") == "/meetings/9/"
    assert render("{% url 'council:meeting-detail' 3 as link %}[{{ link }}]") == "[/meetings/3/]"
    assert render("{% url 'council:no-such-page' 3 as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'council:no-such-page' 3 %}")
