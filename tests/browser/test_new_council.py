"""A brand-new council starts on its own, in the browser, beside the demo council: its first
secretariat sets a password from the invitation, opens 平成21年度 and 令和5年度, adds a body,
imports a roster of 300 persons from an .xlsx file, writes a review sheet and invites a member,
who logs in and finds their comment waiting. Its PDFs print its own name; the demo council's
data never shows."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from openpyxl import Workbook
from pypdf import PdfReader

from council.models import Council, FiscalYear, Membership, Person

pytestmark = [pytest.mark.browser]

NAME = "上越市障害者自立支援協議会"
DEMO_NAMES = ["長岡市障害者自立支援協議会", "松崎"]  # the demo council and one of its members
PASSWORD = "Joetsu-2026-secret"  # nosec B105 (a test account's)


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM reads are
    # synchronous (as in test_accessibility).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def install(transactional_db: Any, live_server: Any, settings: Any, tmp_path: Path) -> Any:
    """An install that already runs the demo council, and a site operator."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    User.objects.create_superuser("operator", "operator@example.jp", PASSWORD)
    return live_server


def roster_xlsx(body: str, year: str, count: int = 300) -> bytes:
    """`count` persons in 30 organisations, each seated in `body` in `year`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["氏名", "ふりがな", "所属", "役職", "メール", "会議体", "年度", "役割"])
    for n in range(count):
        organization = f"上越事業所{n % 30:02d}"
        email = f"member{n:03d}@example.jp"
        sheet.append(
            [
                f"上越委員{n:03d}",
                f"じょうえついいん{n:03d}",
                organization,
                "相談員",
                email,
                body,
                year,
                "部会員",
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def last_link(outbox_start: int) -> str:
    """The set-password link of the newest e-mail since `outbox_start`."""
    assert len(mail.outbox) > outbox_start, "no invitation was sent"
    match = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def set_password_and_log_in(page: Any, base: str, link: str, username: str) -> None:
    page.goto(base + link[link.index("/accounts/") :])
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + "/")


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def submit(page: Any, form: str = "main form.form-page") -> Any:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def create_council_as_operator(page: Any, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    submit(page, "main form")
    page.goto(base + "/operator/councils/")
    page.locator("a[href$='/operator/councils/new/']").click()
    page.fill("#id_name", NAME)
    page.fill("#id_municipality", "上越市")
    page.fill("#id_prefecture", "新潟県")
    page.fill("#id_slug", "joetsu")
    page.fill("#id_secretariat_name", "上越 花子")
    page.fill("#id_username", "joetsu-jimu")
    page.fill("#id_email", "jimu@example.jp")
    submit(page, "main form")


def test_a_new_council_starts_through_the_ui_only(browser: Any, install: Any) -> None:
    base = install.url
    operator = browser.new_context(locale="ja-JP")
    page = operator.new_page()
    sent = len(mail.outbox)
    create_council_as_operator(page, base)
    invitation = last_link(sent)
    operator.close()
    council = Council.objects.get(name=NAME)
    assert (council.slug, council.municipality) == ("joetsu", "上越市")
    current = FiscalYear.objects.get(council=council, is_current=True)

    secretariat = browser.new_context(locale="ja-JP")
    page = secretariat.new_page()
    set_password_and_log_in(page, base, invitation, "joetsu-jimu")
    assert NAME in page.inner_text("main")

    # Fiscal years: one back in 平成 for the archives, one for earlier work.
    for typed in ("平成21年度", "令和5年度"):
        page.goto(base + "/years/")
        page.fill("#id_year", typed)
        submit(page)
    years_page = page.inner_text("main")
    assert "平成21年度" in years_page and "令和5年度" in years_page
    assert set(council.fiscal_years.values_list("year", flat=True)) >= {2009, 2023, current.year}

    # A body, and its status in the current year (which starts its documents).
    page.goto(base + "/bodies/new/")
    page.fill("#id_name", "相談支援部会")
    page.select_option("#id_kind", "subcommittee")
    submit(page)
    body_url = page.url
    page.locator(f"a[href$='/years/{current.year}/edit/']").click()
    submit(page)

    # The roster: 300 persons from an .xlsx file, previewed, then imported in one go.
    page.goto(base + "/roster/import/")
    page.set_input_files(
        "#id_file",
        {
            "name": "上越市名簿.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": roster_xlsx("相談支援部会", current.label),
        },
    )
    submit(page)
    assert "300" in page.inner_text("#preview-heading + *")
    with page.expect_navigation():
        page.locator("form[action$='/roster/import/confirm/'] button[type=submit]").click()
    assert Person.objects.filter(council=council).count() == 301  # with the secretariat
    seats = Membership.objects.filter(body__council=council, fiscal_year=current)
    assert seats.count() == 300

    # The review sheet, saved as a draft: members now owe their comments.
    page.goto(body_url)
    page.locator("a[href*='/documents/']").first.click()
    page.locator("a[href$='/documents/review/edit/']").click()
    page.fill("#id_results", "上越市の相談支援の振り返り")
    submit(page, "main form")

    # A member is invited from their person page.
    member = Person.objects.get(council=council, name="上越委員007")
    page.goto(f"{base}/persons/{member.pk}/")
    page.locator(f"a[href$='/persons/{member.pk}/account/invite/']").click()
    page.fill("#id_username", "joetsu-007")
    page.select_option("#id_role", "member")
    sent = len(mail.outbox)
    submit(page, "main form")
    member_link = last_link(sent)

    # The review sheet's PDF prints the new council's name, and none of the demo's.
    page.goto(f"{body_url}years/{current.year}/documents/review/")
    href = page.locator("a[href$='/documents/review/pdf/']").first.get_attribute("href")
    text = pdf_text(page.request.get(base + href).body())
    assert NAME in text and "上越市の相談支援の振り返り" in text
    assert not any(demo in text for demo in DEMO_NAMES)
    secretariat_pages = []
    for path in ("/", "/persons/", "/organizations/", "/meetings/", "/bodies/"):
        page.goto(base + path)
        secretariat_pages.append(page.inner_text("main"))
    for text in secretariat_pages:
        for demo in DEMO_NAMES:
            assert demo not in text
    secretariat.close()

    # The member logs in and finds their comment waiting on their dashboard.
    guest = browser.new_context(locale="ja-JP")
    page = guest.new_page()
    set_password_and_log_in(page, base, member_link, "joetsu-007")
    todo = page.locator("a[href*='/comments/']")
    assert todo.count() == 1
    assert "相談支援部会" in todo.inner_text()
    todo.click()
    assert page.locator("#id_text").count() == 1  # their own comment's form
    guest.close()
