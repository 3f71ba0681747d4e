"""`seed_demo` loads the bodies' 令和2年度 documents and the 相談支援部会's 地域課題."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from council.models import DocumentStatus, Membership
from subcommittees.models import (
    ActionPlan,
    ActivityPolicy,
    IssueStatus,
    RegionalIssue,
    ReviewSheet,
    StatusReport,
)

pytestmark = pytest.mark.django_db

SHURO = {"body_year__body__name": "就労部会", "body_year__fiscal_year__year": 2020}
SOUDAN = {"body_year__body__name": "相談支援部会", "body_year__fiscal_year__year": 2020}
R2_ISSUE = "精神障害者が地域で暮らしにくい"


@pytest.fixture
def seeded(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def test_shuro_status_report_is_dated_and_has_the_seeds_direction(seeded: None) -> None:
    report = StatusReport.objects.get(**SHURO)
    assert report.updated_on == datetime.date(2021, 1, 15)
    assert report.direction == (
        "・今年度の部会は終了。次年度も就労部会を開催し、引き続き就労定着支援について必要な"
        "取り組みを行っていく。"
    )
    assert report.status == DocumentStatus.PUBLISHED


def test_every_body_with_a_report_in_the_seed_has_its_documents(seeded: None) -> None:
    reported = {"就労部会", "相談体制部会", "相談支援部会", "地域づくり部会"}
    junbikai = "精神障害にも対応した地域包括ケアシステム協議の場準備会"
    in_2020 = {"body_year__fiscal_year__year": 2020}

    def bodies(model: type) -> set[str]:
        return set(model.objects.filter(**in_2020).values_list("body_year__body__name", flat=True))

    assert bodies(StatusReport) == reported | {junbikai}
    assert bodies(ActivityPolicy) == reported | {junbikai}
    assert bodies(ReviewSheet) == reported  # the 準備会 has no 振り返り・評価シート in the seed


def test_policy_2020_is_derived_from_the_report_and_stops_before_reiwa_2(seeded: None) -> None:
    policy = ActivityPolicy.objects.get(**SHURO)
    report = StatusReport.objects.get(**SHURO)
    assert (policy.policy, policy.activities) == (report.approach, report.concrete_actions)
    assert policy.history_text.startswith("平成30年度は、就労移行支援の再利用")
    assert "令和元年度は、" in policy.history_text
    assert "令和2年度" not in policy.history_text


def test_shuro_review_sheet_keeps_every_bullet_and_continues(seeded: None) -> None:
    sheet = ReviewSheet.objects.get(**SHURO)
    assert sheet.created_on == datetime.date(2021, 1, 4)
    assert sheet.next_year == ReviewSheet.NextYear.CONTINUE
    assert sheet.next_policy == (
        "就労定着率アップにつながるよう、【就労パスポート】の周知と活用促進を行う。"
    )
    # The seed has 14 bullets for 12 members: one comment per member, two members carry two
    # bullets (one per line), no bullet is lost and none keeps its 「・」.
    members = Membership.objects.filter(body__name="就労部会", fiscal_year__year=2020)
    comments = list(sheet.comments.select_related("person"))
    assert len(comments) == members.count() == 12
    bullets = [line for c in comments for line in c.text.split("\n")]
    assert len(bullets) == 14
    assert not any(line.startswith(("・", "-")) for line in bullets)
    assert {c.person_id for c in comments} == set(members.values_list("person_id", flat=True))


def test_soudan_review_sheet_lists_the_functions_it_names(seeded: None) -> None:
    sheet = ReviewSheet.objects.get(**SOUDAN)
    assert sheet.functions == ["情報機能", "調整機能", "開発機能", "教育機能", "権利擁護機能"]
    # 4 bullets for 18 members: most have not written, so the sheet's reminder has names.
    assert sheet.comments.count() == 4


def test_soudan_action_plan_answers_the_reiwa_2_issue(seeded: None) -> None:
    plan = ActionPlan.objects.get(**SOUDAN)
    assert plan.goal == (
        "「精神障害者が地域で暮らしにくい」に対して目指すべき姿は"
        "『支援者や相談先が明確で、安心感を持ってもらえる体制』をつくること"
    )
    assert plan.issue is not None and plan.issue.title == R2_ISSUE
    (row,) = plan.rows.all()
    assert row.problem == "地域課題: 地域の理解がないため、精神障害者が地域で暮らすことが難しい"
    assert row.due == "今年度中に"
    assert row.action.split("\n")[:2] == ["◇相談支援部会が", "◇今年度中に"]
    assert row.progress == row.Progress.IN_PROGRESS


def test_reiwa_2_issue_is_in_action_and_linked_to_its_meetings(seeded: None) -> None:
    issue = RegionalIssue.objects.get(title=R2_ISSUE)
    assert issue.owner.name == "相談支援部会"
    assert list(issue.events.values_list("fiscal_year__year", "status"))[-1] == (
        2020,
        IssueStatus.ACTING,
    )
    soudan = issue.meetings.filter(body__name="相談支援部会", fiscal_year__year=2020)
    assert sorted(soudan.values_list("number", flat=True)) == [1, 2, 3, 4, 5]


def test_issue_1_was_closed_in_heisei_30(seeded: None) -> None:
    issue = RegionalIssue.objects.get(label="①")
    assert issue.title == "重度の身体障害の入浴手段"
    events = list(issue.events.select_related("fiscal_year"))
    assert events[0].status == IssueStatus.RAISED
    last = events[-1]
    assert (last.status, last.fiscal_year.year) == (IssueStatus.CLOSED, 2018)
    assert last.fiscal_year.label == "平成30年度"
    assert not last.fiscal_year.is_current
    assert "移動入浴制度改正の成果を確認" in issue.outcome


def test_first_four_issues_are_labelled_and_closed(seeded: None) -> None:
    labelled = RegionalIssue.objects.exclude(label="").order_by("label")
    assert list(labelled.values_list("label", flat=True)) == ["①", "②", "③", "④"]
    for issue in labelled:
        assert issue.events.last().status == IssueStatus.CLOSED


def test_running_twice_changes_no_document_and_writes_no_history(seeded: None) -> None:
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label == "subcommittees"
    ]
    # The documents, their history tables and the issue–meeting link and its history.
    assert len(models) >= 16
    before = {model._meta.label: model._default_manager.count() for model in models}
    assert all(before.values()), before
    out = StringIO()
    call_command("seed_demo", stdout=out)
    after = {model._meta.label: model._default_manager.count() for model in models}
    assert after == before
    assert "0 created, 0 updated" in out.getvalue()
