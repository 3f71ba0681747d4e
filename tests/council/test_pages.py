from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from council.models import BodyYear, Meeting, MeetingAttachment
from council.templatetags.wareki import wareki_weekday
from tests.conftest import Cast


def test_schedule_grid_puts_each_meeting_in_its_month_and_marks_paused_and_written(
    cast: Cast,
) -> None:
    BodyYear.objects.filter(body=cast.body_b).update(status=BodyYear.Status.PAUSED)
    Meeting.objects.create(
        body=cast.plenary,
        fiscal_year=cast.year,
        number=1,
        date=datetime.date(2020, 12, 16),
        mode=Meeting.Mode.WRITTEN,
    )
    response = cast.client("city").get(reverse("council:schedule"))
    rows = {row.body.name: row for row in response.context["rows"]}
    assert [len(cell) for cell in rows["就労部会"].cells][4] == 1  # August is the fifth column
    assert rows["相談支援部会"].is_paused
    december = rows["全体会"].cells[8][0]
    assert december.is_written
    page = response.content.decode()
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert f'<a class="d-block" href="{link}">8月1日</a>' in page
    december_link = reverse("council:meeting-detail", args=[december.pk])
    assert f'href="{december_link}">12月16日</a><span class="d-block small">（書面会議）' in page


def test_month_columns_run_from_april_to_march(cast: Cast) -> None:
    assert [month for _year, month in cast.year.months()] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert cast.year.months()[-1] == (2021, 3)


def upload(cast: Cast, name: str, content: bytes) -> int:
    url = reverse("council:attachment-add", args=[cast.meeting_a.pk])
    data = {
        "label": "資料第2号",
        "title": "就労パスポート記入例",
        "file": SimpleUploadedFile(name, content),
    }
    return cast.client("member_a").post(url, data).status_code


def test_a_pdf_paper_is_attached_and_downloaded_with_its_hash(cast: Cast) -> None:
    assert upload(cast, "sample.pdf", b"%PDF-1.7\n...") == 302
    paper = MeetingAttachment.objects.get(label="資料第2号")
    assert paper.content_type == "application/pdf"
    assert len(paper.sha256) == 64
    response = cast.client("city").get(reverse("council:attachment-download", args=[paper.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n..."


def test_html_renamed_to_pdf_is_refused(cast: Cast) -> None:
    assert upload(cast, "evil.pdf", b"<script>alert(1)</script>") == 400
    assert not MeetingAttachment.objects.filter(label="資料第2号").exists()


def test_an_oversized_paper_is_refused(cast: Cast, settings: object) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100
    assert upload(cast, "big.pdf", b"%PDF-" + b"0" * 200) == 400


def test_demo_accounts_show_on_the_login_page_only_in_demo_mode(
    cast: Cast, settings: object
) -> None:
    settings.DEMO_MODE = False
    assert "jimukyoku" not in cast.client("anonymous").get(reverse("login")).content.decode()
    settings.DEMO_MODE = True
    assert "jimukyoku" in cast.client("anonymous").get(reverse("login")).content.decode()


def test_pages_carry_a_strict_content_security_policy(cast: Cast) -> None:
    response = cast.client("city").get(reverse("council:dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_carry_no_inline_script_or_style(cast: Cast) -> None:
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        text = template.read_text()
        assert "style=" not in text, template
        assert "<script>" not in text and "onclick" not in text, template


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast) -> None:
    response = cast.client("anonymous").get(reverse("council:schedule"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_lists_minutes_to_write_next_meetings_and_the_years_bodies(cast: Cast) -> None:
    BodyYear.objects.filter(body=cast.body_b).update(status=BodyYear.Status.PAUSED)
    cast.body_a.short_name = "就労"
    cast.body_a.save()
    soon = timezone.localdate() + datetime.timedelta(days=7)
    upcoming = Meeting.objects.create(
        body=cast.body_a,
        fiscal_year=cast.year,
        number=9,
        date=soon,
        mode=Meeting.Mode.WRITTEN,
    )
    with translation.override("ja"):
        when = wareki_weekday(soon)
    page = cast.client("secretariat").get(reverse("council:dashboard")).content.decode()
    actions = page[page.index('id="actions-heading"') : page.index('id="upcoming-heading"')]
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert f'<a href="{link}">就労 第1回（令和2年8月1日）</a>' in actions
    assert "議事録の作成・確定" in actions
    coming = page[page.index('id="upcoming-heading"') : page.index('id="bodies-heading"')]
    link = reverse("council:meeting-detail", args=[upcoming.pk])
    assert f'<a href="{link}">{when} 就労 第9回</a> <span class="badge' in coming
    bodies = page[page.index('id="bodies-heading"') :]
    assert '相談支援部会</a>\n        <span class="badge text-bg-warning">休止</span>' in bodies
