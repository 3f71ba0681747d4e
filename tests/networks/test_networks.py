"""A network's profile, its study visits and its 実施状況報告 (PDF)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Body, MeetingItem
from council.permissions import can
from documents.models import WrittenDocument, WrittenKind
from networks.models import NetworkProfile, StudyVisit, keyword_list
from networks.report import report_context
from tests.conftest import Cast, Networks, make_meeting
from tests.hubs.test_pdf import assert_only_embedded_ipaex, pdf_text_and_fonts, squeeze


def formset(prefix: str, rows: list[dict[str, object]], initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 100,
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def profile_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "revision": 0,
        "started_on": "令和元年6月",
        "purpose_citation": "設置要綱第5条",
        "members_role": "地域の課題を協議会へつなぐ。",
        **formset("purposes", [{"text": "連携を図る。"}, {"text": "課題を共有する。"}, {}]),
        **formset(
            "composition",
            # The spare row as a browser sends it: the unit's default filled in.
            [
                {"organization_type": "委託相談支援事業所", "count": 5, "unit": "ヶ所"},
                {"unit": "ヶ所"},
            ],
        ),
    }
    data.update(overrides)
    return data


def new_network(cast: Cast) -> Body:
    return Body.objects.create(council=cast.council, name="南区連絡会", kind=Body.Kind.WARD)


def test_the_secretariat_writes_a_networks_profile_with_month_precision(cast: Cast) -> None:
    body = new_network(cast)
    url = reverse("networks:profile-edit", args=[body.pk])
    response = cast.client("secretariat").post(url, profile_post())
    assert response.status_code == 302
    profile = NetworkProfile.objects.get(body=body)
    assert profile.started_on == datetime.date(2019, 6, 1)
    assert [p.text for p in profile.purposes.all()] == ["連携を図る。", "課題を共有する。"]
    assert [(c.organization_type, c.count) for c in profile.composition.all()] == [
        ("委託相談支援事業所", 5)
    ]
    page = cast.client("city").get(reverse("networks:profile-detail", args=[body.pk]))
    assert "令和元年6月" in page.content.decode()


def test_a_bad_profile_keeps_what_was_typed_and_says_why_in_japanese(cast: Cast) -> None:
    body = new_network(cast)
    data = profile_post(started_on="令和元年13月", **{"composition-0-count": "五"})
    response = cast.client("secretariat").post(
        reverse("networks:profile-edit", args=[body.pk]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="令和元年13月"' in page
    assert "課題を共有する。" in page
    assert "整数を入力してください" in page
    assert not NetworkProfile.objects.filter(body=body).exists()


def test_a_subcommittee_has_no_network_profile(cast: Cast) -> None:
    url = reverse("networks:profile-detail", args=[cast.body_a.pk])
    assert cast.client("secretariat").get(url).status_code == 404


def test_a_stale_profile_save_is_refused_and_the_text_kept(cast: Cast, networks: Networks) -> None:
    url = reverse("networks:profile-edit", args=[networks.liaison.pk])
    NetworkProfile.objects.filter(pk=networks.profile.pk).update(revision=3)
    data = profile_post(revision=0, members_role="新しい役割の説明")
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 400
    assert "新しい役割の説明" in response.content.decode()


def visit_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "revision": 0,
        "body": cast.body_a.pk,
        "group": "",
        "month": "R2.11",
        "destination": "新潟市",
        "title": "地域移行の取組",
        "purpose": "先進地の取組を学ぶ。",
        "participants": "部会員8名",
        "keywords": "地域移行、ピアサポート",
        **formset("findings", [{"text": "退院前から地域の事業所が関わる。"}, {}]),
    }
    data.update(overrides)
    return data


def test_a_member_records_their_bodys_study_visit(cast: Cast) -> None:
    response = cast.client("member_a").post(reverse("networks:visit-create"), visit_post(cast))
    assert response.status_code == 302
    visit = StudyVisit.objects.get(destination="新潟市")
    assert (visit.month, visit.fiscal_year) == (datetime.date(2020, 11, 1), cast.year)
    assert visit.keyword_list == ["地域移行", "ピアサポート"]
    assert [f.text for f in visit.findings.all()] == ["退院前から地域の事業所が関わる。"]
    page = cast.client("city").get(reverse("networks:visit-detail", args=[visit.pk]))
    assert "令和2年11月" in page.content.decode()
    assert "ピアサポート" in page.content.decode()


def test_a_member_cannot_record_another_bodys_visit(cast: Cast) -> None:
    data = visit_post(cast, body=cast.body_b.pk)
    response = cast.client("member_a").post(reverse("networks:visit-create"), data)
    assert response.status_code == 400
    assert not StudyVisit.objects.exists()


def test_a_visit_in_a_year_not_opened_is_refused_in_japanese(cast: Cast) -> None:
    data = visit_post(cast, month="令和12年5月")
    response = cast.client("secretariat").post(reverse("networks:visit-create"), data)
    assert response.status_code == 400
    assert "令和12年度" in response.content.decode()
    assert 'value="令和12年5月"' in response.content.decode()


def test_the_visit_list_filters_by_body(cast: Cast, networks: Networks) -> None:
    client = cast.client("city")
    shown = client.get(reverse("networks:visit-list"), {"body": cast.body_a.pk})
    assert "上越市" in shown.content.decode()
    hidden = client.get(reverse("networks:visit-list"), {"body": cast.body_b.pk})
    assert "上越市" not in hidden.content.decode()
    other = client.get(reverse("networks:visit-list"), {"body": 999_999})
    assert other.status_code == 200


def test_keywords_are_split_on_the_japanese_comma_as_typed() -> None:
    assert keyword_list("地域移行、 ピアサポート，就労、") == ["地域移行", "ピアサポート", "就労"]


@pytest.mark.usefixtures("poppler")
def test_the_progress_report_prints_what_was_typed(
    cast: Cast, networks: Networks, tmp_path: Path
) -> None:
    liaison = networks.liaison
    first = make_meeting(
        liaison,
        cast.year,
        1,
        date=datetime.date(2020, 6, 17),
        weekday_text="（水）",
        place="長岡市役所",
        organization_count=19,
        person_count=22,
        attendance_note="各区役所の担当者も参加",
    )
    head = first.items.get()
    MeetingItem.objects.create(
        meeting=first, order=2, text="次回に冊子案を示す。", parent=head, marker="⇒"
    )
    MeetingItem.objects.create(
        meeting=first, order=3, text="冊子は全区に配る。", parent=head, marker="※"
    )
    MeetingItem.objects.create(meeting=first, order=4, text="非公開の検討", is_closed=True)
    make_meeting(liaison, cast.year, 2, date=datetime.date(2020, 8, 19), joint_with=first, part=2)
    visit = StudyVisit.objects.create(
        body=liaison,
        fiscal_year=cast.year,
        month=datetime.date(2020, 11, 1),
        destination="新潟市",
        purpose="地域移行の取組を学ぶ。",
        participants="委員6名",
        keywords="地域移行、ピアサポート",
        reported_separately=True,
    )
    visit.findings.create(order=1, text="退院前から地域の事業所が関わる。")
    url = reverse("networks:report-pdf", args=[liaison.pk, 2020])
    response = cast.client("city").get(url)
    assert response.status_code == 200
    text, fonts = pdf_text_and_fonts(tmp_path, response.content)
    assert_only_embedded_ipaex(fonts)
    flat = squeeze(text)
    for expected in [
        "令和2年度相談支援事業所連絡会実施状況報告",
        "１．相談支援事業所の連携を図る。",
        "長岡市障害者自立支援協議会設置要綱第5条",
        "令和元年6月",
        "委託相談支援事業所",
        "5ヶ所",
        "令和2年6月17日（水）",  # as typed, though 6月17日 was a Wednesday anyway
        "19機関22名",
        "各区役所の担当者も参加",
        "⇒次回に冊子案を示す。",
        "※冊子は全区に配る。",
        "二部構成",
        "新潟市",
        "令和2年11月",
        "委員6名",
        "退院前から地域の事業所が関わる。",
        "別途報告",
        "キーワード：地域移行、ピアサポート",
        "上越市",  # 部会A's visit is not this network's
    ][:-1]:
        assert expected in flat, expected
    assert "上越市" not in flat
    assert "非公開の検討" not in flat


VIEW_PERMS = {NetworkProfile: "network.view", StudyVisit: "visit.view"}


@pytest.mark.parametrize("role", ["secretariat", "member_a", "member_b", "city", "auditor"])
@pytest.mark.parametrize("model", list(VIEW_PERMS), ids=lambda m: m.__name__)
def test_list_visibility_agrees_with_the_rule(
    cast: Cast, networks: Networks, role: str, model: type
) -> None:
    user = cast.users[role]
    listed = set(model.objects.visible_to(user))
    # A profile's rule is asked of its body (the page is the body's).
    allowed = {
        obj
        for obj in model.objects.all()
        if can(user, VIEW_PERMS[model], obj.body if model is NetworkProfile else obj)
    }
    assert listed == allowed and listed


def visit_list_queries(cast: Cast, count: int) -> int:
    for n in range(count):
        StudyVisit.objects.create(
            body=cast.body_a,
            fiscal_year=cast.year,
            month=datetime.date(2020, 5 + n % 7, 1),
            destination=f"視察先{n}",
        )
    client = cast.client("city")
    client.get(reverse("networks:visit-list"))  # the session and the council, once
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("networks:visit-list")).status_code == 200
    return len(context.captured_queries)


def test_the_visit_list_asks_as_many_queries_for_1_as_for_20_visits(cast: Cast) -> None:
    one = visit_list_queries(cast, 1)
    StudyVisit.objects.all().delete()
    assert visit_list_queries(cast, 20) == one


def test_the_report_names_the_other_part_only_to_who_may_see_it(
    cast: Cast, networks: Networks
) -> None:
    day = datetime.date(2020, 9, 9)
    closed = make_meeting(cast.body_b, cast.year, 7, date=day, is_public=False, part=1)
    make_meeting(networks.liaison, cast.year, 1, date=day, joint_with=closed, part=2)
    for role, named in (("city", []), ("secretariat", [closed])):
        context = report_context(cast.users[role], networks.liaison, cast.year)
        assert context["meetings"][0].partners == named


def test_the_profile_and_visit_histories_open_for_the_secretariat_only(
    cast: Cast, networks: Networks
) -> None:
    for slug, obj in (("networkprofile", networks.profile), ("studyvisit", networks.visit)):
        url = reverse("council:history", args=[slug, obj.pk])
        assert cast.client("secretariat").get(url).status_code == 200
        assert cast.client("city").get(url).status_code == 403


def test_the_report_attaches_the_plan_a_visit_came_from_to_who_may_read_it(
    cast: Cast, networks: Networks, tmp_path: Path
) -> None:
    plan = WrittenDocument.objects.create(
        council=cast.council,
        fiscal_year=cast.year,
        body=cast.body_a,
        kind=WrittenKind.PLAN,
        title="＜先進地視察研修＞企画書",
    )
    part = plan.parts.create(order=1, level=1, numbering="１、", heading="目的")
    part.blocks.create(order=1, kind="bullet", marker="◆", text="地域移行の実践を学ぶ")
    visit = StudyVisit.objects.create(
        body=networks.liaison,
        fiscal_year=cast.year,
        month=datetime.date(2020, 11, 1),
        destination="新潟市",
        plan=plan,
    )
    url = reverse("networks:report-pdf", args=[networks.liaison.pk, 2020])
    # 部会A's draft plan: its members and the overseers read it, the city does not.
    text, _fonts = pdf_text_and_fonts(tmp_path, cast.client("member_a").get(url).content)
    flat = squeeze(text)
    for expected in ["添付資料", "＜先進地視察研修＞企画書", "１、目的", "◆地域移行の実践を学ぶ"]:
        assert expected in flat, expected
    text, _fonts = pdf_text_and_fonts(tmp_path, cast.client("city").get(url).content)
    assert "企画書" not in squeeze(text)
    detail = cast.client("city").get(reverse("networks:visit-detail", args=[visit.pk]))
    assert plan.title not in detail.content.decode()
    detail = cast.client("member_a").get(reverse("networks:visit-detail", args=[visit.pk]))
    assert plan.title in detail.content.decode()
