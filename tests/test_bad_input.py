"""Bad input at every form: never a 500, never half-saved, the typed text kept, errors in Japanese.

The forms are found from the permission matrix (every URL with a POST row); each is opened as
the secretariat, its fields are read from the page, and every text box gets each value of the
corpus in turn. A refused form must show what was typed (escaped) and leave the database as it
was; an accepted one must not have stored anything but text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.test_permission_matrix import CASES, Case

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
CORPUS = {
    "empty": "",
    "whitespace": " \u3000\t ",
    "huge": "長" * 100_000,
    "control": "a\x00b\x07c\x1bd",
    "html": SCRIPT + '<img src=x onerror="alert(1)">',
    "sql": "'; DROP TABLE council_meeting; --",
    "impossible-date": "令和元年3月13日",
}
# Forms whose POST is an action (no text boxes of their own) or a log-out.
SKIP = {"logout"}


class FormFields(HTMLParser):
    """The fields of the page's main POST form (the largest one: the header's log-out button is
    a form too), as a browser would submit them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.all_forms: list[list[tuple[str, str, str]]] = []
        self.fields: list[tuple[str, str, str]] = []  # (name, kind, value)
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form, self.fields = True, []
            self.all_forms.append(self.fields)
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((a["name"], kind, a.get("value", "on")))
            elif kind not in {"submit", "button", "file"}:
                self.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields.append((a["name"], "textarea", ""))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value, self._first_option = a["name"], None, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_value = value

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, kind, value = self.fields[-1]
            self.fields[-1] = (name, kind, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, "select", chosen or ""))
            self._select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


TEXT_KINDS = {"text", "textarea", "email", "search", "url", "tel", "number", "date"}


def form_cases() -> list[Case]:
    return [
        case
        for case in CASES
        if case.post and case.name not in SKIP and case.post.get("secretariat") in (302, 400)
    ]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.label.startswith(("sessions.", "axes.", "admin."))
        # The case read log records every showing of a case page, a refused form's too: that
        # is its point (architecture.md, the one write a GET makes).
        and model._meta.label != "referrals.CaseReadLog"
        and not model.__name__.startswith("Historical")
    }


def open_form(client: Client, url: str) -> list[tuple[str, str, str]] | None:
    page = client.get(url)
    if page.status_code != 200:
        return None
    parser = FormFields()
    parser.feed(page.content.decode())
    return max(parser.all_forms, key=len, default=[])


@pytest.mark.parametrize("case", form_cases(), ids=str)
def test_every_form_survives_the_corpus(cast: Cast, case: Case, request: Any) -> None:
    if case.fixture:
        request.getfixturevalue(case.fixture)
    client = cast.client("secretariat")
    url = reverse(case.name, kwargs=case.kwargs(cast, "secretariat"))
    fields = open_form(client, url)
    if fields is None:
        pytest.skip("no form page to open (an action link)")
    text_fields = [name for name, kind, _ in fields if kind in TEXT_KINDS]
    for label, value in CORPUS.items():
        before = row_counts()
        data: dict[str, Any] = {}
        for name, _kind, current in fields:
            data.setdefault(name, [])
            data[name].append(value if name in text_fields else current)
        response = client.post(url, data)
        assert response.status_code < 500, (label, response.status_code)
        if response.status_code in (200, 400):
            page = response.content.decode()
            assert 'lang="ja"' in page
            assert SCRIPT not in page  # what was typed comes back escaped, never as markup
            if label == "html" and text_fields:
                assert "&lt;script&gt;" in page, "the typed text is kept in the form"
            if response.status_code == 400:
                assert row_counts() == before, f"{label}: a refused form saved something"
        # whatever was accepted, the next round starts from the form as it is now
        fields = open_form(client, url) or fields


def test_a_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["secretariat"])
    before = row_counts()
    response = client.post(reverse("council:organization-create"), {"name": "新しい団体"})
    assert response.status_code == 403
    assert row_counts() == before


def test_invalid_utf8_and_lone_surrogates_are_replaced_not_a_500(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("council:organization-create")
    body = "name=%ED%A0%80%FF%FE&category=other"  # a UTF-8-encoded lone surrogate, bad bytes
    response = client.generic(
        "POST", url, body.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500


def test_a_tampered_id_of_another_councils_object_is_not_found(cast: Cast) -> None:
    client = cast.client("secretariat")
    other = cast.other_meeting
    for name in ("council:meeting-detail", "council:meeting-edit"):
        assert client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404
        assert client.post(reverse(name, kwargs={"pk": other.pk}), {}).status_code in (404, 405)


def test_an_impossible_wareki_date_is_refused_in_japanese(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("council:meeting-create")
    fields = open_form(client, url)
    data = {name: value for name, _kind, value in fields}
    data.update(body=str(cast.body_a.pk), date="令和元年3月13日", number="9")
    response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.content.decode()
    assert "令和元年3月13日" in page  # kept as typed
    assert "存在しない日付" in page or "令和は2019年5月1日から" in page
