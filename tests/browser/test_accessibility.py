"""axe-core in headless Chromium: every page each role reaches by following links has no violation.

Also: the keyboard path (skip link → main), reading without JavaScript, and no request ever
leaving the server (councils sit on closed networks: no CDN, no web font).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from council.models import Council, CouncilRole, FiscalYear, Membership, Person

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Links the crawl does not follow: side effects, downloads (every "*-pdf" and "*-export"),
# Django's own admin.
SKIP_NAMES = {
    "logout",
    "body-calendar",
    "body-calendar-feed",
    "attachment-download",
    "roster-template",
    "resource-hsds",  # a JSON download
}
PAGES_PER_VIEW = 2  # two instances of each view is enough to see its template's problems
# The demo accounts, and two members the crawl adds to the demo: one who sits in two bodies this
# year (松崎, as in the seed) and one whose only seat was in 令和元年度.
ROLES = ["jimukyoku", "shuro", "soudan", "city", "kansa", "two_bodies", "past_year_only"]

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made here by
    # the test (not by the server thread) are still synchronous. Only for this module.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def demo(transactional_db: Any, live_server: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    council = Council.objects.get()
    two_bodies = Person.objects.get(council=council, name="松崎")
    assert two_bodies.memberships.values("body").distinct().count() >= 2
    past = Person.objects.create(council=council, name="前任", organization=two_bodies.organization)
    Membership.objects.create(
        person=past,
        body=two_bodies.memberships.first().body,
        fiscal_year=FiscalYear.objects.get(council=council, year=2019),
    )
    for username, person in (("two_bodies", two_bodies), ("past_year_only", past)):
        person.user = User.objects.create_user(username)
        person.save(update_fields=["user"])
        CouncilRole.objects.create(user=person.user, council=council, role=CouncilRole.Role.MEMBER)
    return live_server


def logged_in_context(browser: Any, live_server: Any, username: str, **options: Any) -> Any:
    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(bypass_csp=True, locale="ja-JP", **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def view_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.url_name or ""
    downloads = name.endswith(("-pdf", "-export"))
    if name in SKIP_NAMES or downloads or match.namespace == "admin":
        return None
    return f"{match.namespace}:{match.url_name}"


def crawl(page: Any, base: str) -> dict[str, list[dict[str, Any]]]:
    """Visit every page reachable by links (up to PAGES_PER_VIEW per view); axe each one."""
    seen: set[str] = set()
    per_view: dict[str, int] = {}
    queue = deque(["/"])
    problems: dict[str, list[dict[str, Any]]] = {}
    while queue:
        path = queue.popleft()
        key = view_key(urlparse(path).path)
        if path in seen or key is None or per_view.get(key, 0) >= PAGES_PER_VIEW:
            continue
        seen.add(path)
        per_view[key] = per_view.get(key, 0) + 1
        response = page.goto(base + path)
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        if result["violations"]:
            problems[path] = [
                {"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                for v in result["violations"]
            ]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(urldefrag(href)[0])
            if f"{url.scheme}://{url.netloc}" == base:
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    assert len(seen) > 5, f"the crawl reached too little: {seen}"
    return problems


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_has_no_axe_violation(
    browser: Any, demo: Any, username: str
) -> None:
    context = logged_in_context(browser, demo, username)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(demo.url) else outside.append(request.url),
    )
    problems = crawl(page, demo.url)
    context.close()
    assert problems == {}
    assert outside == [], "pages must load nothing from outside the server"


def test_the_login_page_has_no_axe_violation(browser: Any, demo: Any) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(demo.url + "/accounts/login/")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    context.close()
    assert result["violations"] == []


def test_keyboard_user_logs_in_and_skips_to_the_content(browser: Any, demo: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo.url + "/accounts/login/")
    # The user name field has focus on arrival; everything else is Tab and Enter.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("jimukyoku")
    page.keyboard.press("Tab")
    page.keyboard.type("kyogikai-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(demo.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown on focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.tagName")
    assert focused in {"A", "BUTTON", "SELECT", "INPUT"}
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus indicator
    context.close()


def test_pages_read_without_javascript(browser: Any, demo: Any) -> None:
    context = logged_in_context(browser, demo, "city", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo.url + "/schedule/")
    assert page.locator("table.schedule-grid tbody tr").count() >= 8
    assert "休止" in page.inner_text("table.schedule-grid")
    context.close()


def demo_case_identities() -> list[str]:
    """What of each demo case's identity must never reach the auditor: name, kana, birth date
    (ISO, 年月日 and 和暦), address, phone."""
    from council import wareki
    from referrals.models import CaseIdentity

    strings = []
    for identity in CaseIdentity.objects.all():
        born = identity.birth_date
        strings += [identity.name.replace("【デモ用の架空データ】", ""), identity.name_kana]
        strings += [identity.address.replace("【デモ用の架空データ】", ""), identity.phone]
        if born:
            strings += [born.isoformat(), wareki.format_plain(born), wareki.format_date(born)]
    assert len(strings) >= 50, "the demo must hold cases with identities"
    return [s for s in strings if s]


def test_the_auditors_pages_show_no_demo_case_identity(browser: Any, demo: Any) -> None:
    """The auditor (kansa) follows every link it has, downloads included (the PDFs read with
    pdftotext): no page holds a demo case's name, birth date, address or phone."""
    import shutil
    import subprocess
    import tempfile

    forbidden = demo_case_identities()
    context = logged_in_context(browser, demo, "kansa")
    page = context.new_page()
    seen: set[str] = set()
    queue = deque(["/", "/referrals/cases/"])
    found: dict[str, list[str]] = {}
    pdftotext = shutil.which("pdftotext")
    while queue:
        path = queue.popleft()
        if path in seen or len(seen) > 400:
            continue
        seen.add(path)
        try:
            match = resolve(urlparse(path).path)
        except Resolver404:
            continue
        name = match.url_name or ""
        if name in {"logout", "body-calendar-feed"} or match.namespace == "admin":
            continue
        response = context.request.get(demo.url + path)
        if response.status != 200:
            continue
        body = response.body()
        kind = response.headers.get("content-type", "")
        if "pdf" in kind:
            if pdftotext is None:
                continue
            with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
                pdf.write(body)
                pdf.flush()
                text = subprocess.run(
                    [pdftotext, pdf.name, "-"], capture_output=True, check=False
                ).stdout.decode(errors="replace")
        else:
            text = body.decode(errors="replace")
        leaked = [s for s in forbidden if s in text]
        if leaked:
            found[path] = leaked
        if "html" in kind:
            page.goto(demo.url + path)
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                url = urlparse(urldefrag(href)[0])
                if f"{url.scheme}://{url.netloc}" == demo.url:
                    queue.append(url.path + (f"?{url.query}" if url.query else ""))
    context.close()
    assert "/referrals/cases/" in seen and len(seen) > 5
    assert found == {}, "the auditor saw a demo case's identity"
