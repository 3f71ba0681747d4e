"""Every record's history is one link away from its page and reads in Japanese: field labels,
state names, workflow actions, people by name; never a code, an id or a login name."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Field
from django.urls import reverse
from django.utils.functional import Promise

from council.history import EXCLUDED, HISTORY
from council.models import Attendance, MeetingAttachment
from hubs import services as hub_services
from proposals import services as proposal_services
from tests.conftest import Cast, Hub, Proposals

LOGINS = ["secretariat", "member_a", "member_b", "auditor", "city"]
CODES = ["draft", "submitted", "approved", "body_approved", "minutes.", "True", "False"]


def name_the_secretariat(cast: Cast) -> None:
    user = cast.users["secretariat"]
    user.last_name = "山本"
    user.save()


def history_from(cast: Cast, page: str, role: str = "auditor") -> str:
    """Open the object's page, follow its 履歴 link, return the history's table as text."""
    client = cast.client(role)
    response = client.get(page)
    assert response.status_code == 200
    links = re.findall(r'href="([^"]*/history/[^"]+)"', response.content.decode())
    assert links, f"no history link on {page}"
    history = client.get(unescape(links[0]))
    assert history.status_code == 200
    html = history.content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.sub(r"<[^>]+>", " ", table)


def assert_readable(text: str) -> None:
    for code in CODES:
        assert code not in text, f"raw code {code!r} in the history"
    for login in LOGINS:
        assert login not in text, f"login name {login!r} in the history"


def test_a_sheets_edits_and_workflow_read_in_japanese(cast: Cast) -> None:
    name_the_secretariat(cast)
    report = {"pk": cast.body_a.pk, "year": 2020, "kind": "report"}
    edit = reverse("subcommittees:sheet-edit", kwargs=report)
    response = cast.client("member_a").post(
        edit, {"approach": "就労定着の実態調査", "revision": cast.report_a.revision}
    )
    assert response.status_code == 302
    submit = reverse("subcommittees:sheet-transition", kwargs=report | {"action": "submit"})
    assert cast.client("secretariat").post(submit).status_code == 302
    back = reverse("subcommittees:sheet-transition", kwargs=report | {"action": "return"})
    assert cast.client("secretariat").post(back, {"reason": "数値を補足"}).status_code == 302
    text = history_from(cast, reverse("subcommittees:sheet-detail", kwargs=report))
    assert "取組方針" in text and "就労定着の実態調査" in text
    assert "佐々木" in text  # member_a's person
    assert "山本" in text  # the secretariat's full name
    assert "提出する" in text  # the action, by its label
    assert "案" in text and "提出済み" in text  # the states, by their labels
    assert "直近の差し戻しの理由" in text and "数値を補足" in text
    assert_readable(text)


def test_a_members_comment_shows_on_the_sheets_history(cast: Cast) -> None:
    url = reverse(
        "subcommittees:comment-edit",
        kwargs={"pk": cast.body_a.pk, "year": 2020, "person": cast.person_a.pk},
    )
    response = cast.client("member_a").post(url, {"text": "参加者が増えた。", "revision": 0})
    assert response.status_code == 302
    sheet = reverse(
        "subcommittees:sheet-detail", kwargs={"pk": cast.body_a.pk, "year": 2020, "kind": "review"}
    )
    text = history_from(cast, sheet)
    assert "メンバーの感想・意見（佐々木）" in text
    assert "現場の生の声が聞けた。" in text and "参加者が増えた。" in text
    assert_readable(text)


def test_a_hub_reviews_workflow_shows_on_its_history(cast: Cast, hub: Hub) -> None:
    name_the_secretariat(cast)
    hub_services.review_transition(review=hub.review, action="submit", by=cast.users["secretariat"])
    text = history_from(cast, reverse("hubs:review-detail", kwargs={"year": 2020}))
    assert "提出する" in text and "提出済み" in text and "山本" in text
    assert "①相談" in text  # a figure's function, by its label
    assert_readable(text)


def test_a_proposals_workflow_and_sections_show_on_its_history(
    cast: Cast, proposals: Proposals
) -> None:
    name_the_secretariat(cast)
    proposal_services.transition(
        proposal=proposals.draft, action="approve_body", by=cast.users["secretariat"]
    )
    page = reverse("proposals:proposal-detail", kwargs={"pk": proposals.draft.pk})
    text = history_from(cast, page)
    assert "部会で承認する" in text and "山本" in text
    assert "提言の節" in text or "体制" in text  # its sections are on the page
    assert_readable(text)


def test_attendance_and_papers_show_on_the_meetings_history(cast: Cast) -> None:
    client = cast.client("member_a")
    attendance = reverse("council:meeting-attendance", args=[cast.meeting_a.pk])
    form = {"present": [cast.person_a.pk], "revision": cast.meeting_a.revision}
    assert client.post(attendance, form).status_code == 302
    add = reverse("council:attachment-add", args=[cast.meeting_a.pk])
    upload = SimpleUploadedFile("次第.pdf", b"%PDF-1.7 agenda")
    data = {"label": "資料第2号", "title": "会議次第", "file": upload}
    assert client.post(add, data).status_code == 302
    paper = MeetingAttachment.objects.get(label="資料第2号")
    delete = reverse("council:attachment-delete", args=[paper.pk])
    assert client.post(delete).status_code == 302
    assert Attendance.history.filter(meeting_id=cast.meeting_a.pk).exists()
    text = history_from(cast, reverse("council:meeting-detail", args=[cast.meeting_a.pk]))
    assert "出席（佐々木）" in text
    assert "はい" in text  # present: yes, not True
    assert "会議次第" in text and "次第.pdf" in text and "PDF" in text
    assert "削除" in text  # the paper was removed
    assert "application/pdf" not in text
    assert_readable(text)


def test_a_meeting_edit_names_the_body_not_its_id(cast: Cast) -> None:
    url = reverse("council:meeting-edit", args=[cast.meeting_b.pk])
    response = cast.client("secretariat").post(
        url,
        {
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "date": "2020-08-01",
            "number": 5,
            "body": cast.body_b.pk,
            "mode": "online",
            "observers": 0,
            "revision": 0,
        },
    )
    assert response.status_code == 302
    text = history_from(cast, reverse("council:meeting-detail", args=[cast.meeting_b.pk]))
    assert "開催方法" in text or "オンライン" in text
    assert "オンライン" in text and "online" not in text
    assert_readable(text)


@pytest.mark.parametrize(
    "page",
    [
        lambda c: reverse("council:body-detail", args=[c.body_a.pk]),
        lambda c: reverse("council:person-detail", args=[c.person_a.pk]),
        lambda c: reverse("council:organization-detail", args=[c.org.pk]),
        lambda c: reverse("council:meeting-detail", args=[c.meeting_a.pk]),
        lambda c: reverse("subcommittees:sheet-detail", args=[c.body_a.pk, 2020, "policy"]),
        lambda c: reverse("subcommittees:sheet-detail", args=[c.body_a.pk, 2020, "report"]),
        lambda c: reverse("subcommittees:sheet-detail", args=[c.body_a.pk, 2020, "review"]),
        lambda c: reverse("subcommittees:plan-detail", args=[c.plan_a.pk]),
        lambda c: reverse("subcommittees:issue-detail", args=[c.issue_a.pk]),
    ],
)
def test_every_detail_page_links_its_history_for_overseers_only(cast: Cast, page: Any) -> None:
    url = page(cast)
    for role in ("secretariat", "auditor"):
        assert history_from(cast, url, role)
    for role in ("member_a", "city"):
        html = cast.client(role).get(url).content.decode()
        assert "/history/" not in html


@pytest.mark.parametrize(
    "page",
    [
        lambda c, p: reverse("hubs:hub-detail"),
        lambda c, p: reverse("hubs:review-detail", args=[2020]),
        lambda c, p: reverse("hubs:provider-detail", args=[p.provider.pk]),
    ],
)
def test_the_hubs_pages_link_their_history(cast: Cast, hub: Hub, page: Any) -> None:
    assert_readable(history_from(cast, page(cast, hub)))


def test_a_proposal_page_links_its_history(cast: Cast, proposals: Proposals) -> None:
    page = reverse("proposals:proposal-detail", args=[proposals.submitted.pk])
    assert_readable(history_from(cast, page))


def shown_fields(model: Any, parent: str = "") -> list[Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in EXCLUDED and f.name != parent
    ]


@pytest.mark.parametrize("slug", sorted(HISTORY))
def test_every_field_a_history_shows_has_a_translated_label(slug: str) -> None:
    tracked = HISTORY[slug]
    shown = [(tracked.model, ""), *((r.model, r.parent) for r in tracked.related)]
    missing = [
        f"{model.__name__}.{f.name}"
        for model, parent in shown
        for f in shown_fields(model, parent)
        if not isinstance(f.verbose_name, Promise)
    ]
    assert missing == []
    for model, _parent in shown:
        assert isinstance(model._meta.verbose_name, Promise), model.__name__


def test_a_long_return_reason_is_kept_whole_and_the_history_names_the_action(cast: Cast) -> None:
    # The history's reason column holds 100 characters: a 2000-character reason went there and
    # PostgreSQL refused the return with a 500. The reason lives in status_reason.
    report = {"pk": cast.body_a.pk, "year": 2020, "kind": "report"}
    client = cast.client("secretariat")
    submit = reverse("subcommittees:sheet-transition", kwargs=report | {"action": "submit"})
    assert client.post(submit).status_code == 302
    back = reverse("subcommittees:sheet-transition", kwargs=report | {"action": "return"})
    reason = "数値の根拠を補足してください。" * 20
    assert client.post(back, {"reason": reason}).status_code == 302
    cast.report_a.refresh_from_db()
    assert cast.report_a.status_reason == reason
    assert cast.report_a.history.first().history_change_reason == "return"
    text = history_from(cast, reverse("subcommittees:sheet-detail", kwargs=report))
    assert "理由を付けて差し戻す" in text
