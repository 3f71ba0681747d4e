"""A case raises an anonymised regional issue (issue #21 §4): the anonymisation check refuses
the identity, warns on a combination fewer than three cases share, and the issue shows how
many cases raised it, never who."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from referrals import anonymise, services
from referrals.models import CaseIssueLink
from subcommittees.models import RegionalIssue
from tests.conftest import IDENTITY_STRINGS, Cases, Cast, open_case

CLEAN = "就労継続支援B型の送迎がなく、通所をあきらめる人がいる"


def raise_url(cases: Cases) -> str:
    return reverse("referrals:case-raise-issue", args=[cases.referred.pk])


def post(cast: Cast, cases: Cases, **fields: str) -> object:
    data = {"title": "送迎の不足", "background": CLEAN, "owner": cast.plenary.pk, **fields}
    return cast.client("case_worker").post(raise_url(cases), data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("山本花子さんは通所をあきらめた", "name"),
        ("山本 花子さんの例", "name"),
        ("ヤマモトハナコ", "name"),
        ("1985-04-01生まれの人", "birth date"),
        ("1985/4/1生", "birth date"),
        ("1985年4月1日生まれ", "birth date"),
        ("昭和60年4月1日生まれ", "birth date"),
        ("昭和６０年４月１日生まれ", "birth date"),
        ("長岡市大手通9丁目8番7号に住む", "address"),
        ("大手通9丁目8番7号の人", "address"),
        ("連絡先 0258-98-7654", "phone number"),
        ("電話 0258 98 7654", "phone number"),
        ("電話(0258)98-7654", "phone number"),
    ],
)
def test_each_identity_field_is_refused_without_echoing_it(
    cast: Cast, cases: Cases, text: str, problem: str
) -> None:
    problems = anonymise.identity_problems(cases.referred, text)
    assert gettext(f"The text contains the person's {problem}.") in problems
    response = post(cast, cases, background=text, confirm_small_group="on")
    assert response.status_code == 400
    message = gettext(f"The text contains the person's {problem}.")
    assert escape(message) in response.content.decode()
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert not any(s in errors for s in IDENTITY_STRINGS)
    assert not RegionalIssue.objects.filter(title="送迎の不足").exists()


def test_a_clean_text_passes_the_check(cases: Cases) -> None:
    assert anonymise.identity_problems(cases.referred, "送迎の不足", CLEAN, "令和2年度に3件") == []


def test_fewer_than_three_cases_in_the_combination_warn_until_confirmed(
    cast: Cast, cases: Cases
) -> None:
    # The cases fixture has two cases of 30–39, 川口地域, mental in the council.
    assert anonymise.group_size(cases.referred) == 2
    page = cast.client("case_worker").get(raise_url(cases))
    warning = gettext(
        "Fewer than %(k)s cases share this case's age band, district and disability type: "
        "together with the issue they may identify the person. Leave them out of the text, "
        "and confirm below."
    ) % {"k": 3}
    assert page.status_code == 200 and warning in page.content.decode()
    assert "confirm_small_group" in page.context["form"].fields
    refused = post(cast, cases)
    assert refused.status_code == 400 and not CaseIssueLink.objects.exists()
    confirmed = post(cast, cases, confirm_small_group="on")
    issue = RegionalIssue.objects.get(title="送迎の不足")
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("subcommittees:issue-detail", args=[issue.pk])
    assert issue.origin == RegionalIssue.Origin.CASE and issue.council == cast.council
    assert list(issue.case_links.values_list("case", flat=True)) == [cases.referred.pk]


def test_three_cases_in_the_combination_raise_no_warning(cast: Cast, cases: Cases) -> None:
    open_case(cast.council, cast.users["case_worker"], name="三人目")
    page = cast.client("case_worker").get(raise_url(cases))
    assert "confirm_small_group" not in page.context["form"].fields
    assert post(cast, cases).status_code == 302


def test_the_issue_page_counts_the_cases_and_never_shows_their_identity(
    cast: Cast, cases: Cases
) -> None:
    worker = cast.users["case_worker"]
    second = open_case(cast.council, worker, name="二番目")
    issue = services.case_raise_issue(
        case=cases.referred, title="送迎の不足", background=CLEAN, owner=cast.plenary,
        confirm_small_group=True, by=worker,
    )  # fmt: skip
    CaseIssueLink.objects.create(case=second, issue=issue, raised_by=worker)
    for role in ("secretariat", "member_a", "city", "auditor"):
        body = cast.client(role).get(reverse("subcommittees:issue-detail", args=[issue.pk]))
        text = body.content.decode()
        raised = ngettext("Raised by %(n)s case", "Raised by %(n)s cases", 2) % {"n": 2}
        assert body.status_code == 200 and raised in text, role
        assert not any(s in text for s in [*IDENTITY_STRINGS, "二番目"]), role
        assert cases.referred.pseudonym not in text and second.pseudonym not in text, role


def test_only_case_editors_raise_an_issue(cast: Cast, cases: Cases) -> None:
    for role in ("auditor", "city", "hub_provider"):
        with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or Http404
            services.case_raise_issue(
                case=cases.referred, title="x", owner=cast.plenary,
                confirm_small_group=True, by=cast.users[role],
            )  # fmt: skip
    assert not RegionalIssue.objects.filter(title="x").exists()


def test_the_chain_from_a_case_to_the_citys_answer_is_followed_both_ways(
    cast: Cast, cases: Cases
) -> None:
    import datetime

    from proposals.models import Proposal, ProposalSection, ProposalStatus
    from referrals.models import CaseReadLog

    issue = cast.issue_a
    CaseIssueLink.objects.create(
        case=cases.referred, issue=issue, raised_by=cast.users["case_worker"]
    )
    proposal = Proposal.objects.create(
        council=cast.council,
        fiscal_year=cast.year,
        body=cast.body_a,
        title="相談体制の提言",
        status=ProposalStatus.ANSWERED,
        date=datetime.date(2026, 6, 1),
        answered_on=datetime.date(2026, 9, 1),
    )
    proposal.issues.add(issue)
    ProposalSection.objects.create(
        proposal=proposal, order=1, text="提言の本文", answer="市の回答文"
    )
    worker = cast.client("case_worker")
    case_url = reverse("referrals:case-detail", args=[cases.referred.pk])
    issue_url = reverse("subcommittees:issue-detail", args=[issue.pk])
    cases_url = reverse("referrals:issue-cases", args=[issue.pk])
    proposal_url = reverse("proposals:proposal-detail", args=[proposal.pk])
    plan_url = reverse("subcommittees:plan-detail", args=[issue.action_plans.get().pk])
    # Forwards: case → issue → action plan and proposal → the city's answer.
    assert issue_url in worker.get(case_url).content.decode()
    issue_page = worker.get(issue_url).content.decode()
    assert proposal_url in issue_page and cases_url in issue_page
    # The action plan is a draft: the worker reads it once published, the secretariat now.
    assert plan_url not in issue_page
    secretariat = cast.client("secretariat")
    assert plan_url in secretariat.get(issue_url).content.decode()
    assert "市の回答文" in worker.get(proposal_url).content.decode()
    # Backwards: proposal → issue, plan → issue, issue → the cases the reader may see.
    assert issue_url in worker.get(proposal_url).content.decode()
    assert issue_url in secretariat.get(plan_url).content.decode()
    listed = worker.get(cases_url)
    assert (
        case_url in listed.content.decode() and cases.referred.pseudonym in listed.content.decode()
    )
    assert CaseReadLog.objects.filter(case=cases.referred, path=cases_url, what="list").exists()
    # A body member follows the chain up to the issue's count, not into the cases.
    member = cast.client("member_a")
    page = member.get(issue_url).content.decode()
    assert proposal_url in page and cases_url not in page
    assert member.get(cases_url).status_code == 403


def test_the_issues_cases_page_shows_only_the_cases_the_reader_may_see(
    cast: Cast, cases: Cases
) -> None:
    issue = cast.issue_a
    for case in (cases.referred, cases.revoked):
        CaseIssueLink.objects.create(case=case, issue=issue, raised_by=cast.users["case_worker"])
    url = reverse("referrals:issue-cases", args=[issue.pk])
    provider = cast.client("hub_provider").get(url)
    assert provider.status_code == 200
    body = provider.content.decode()
    assert cases.referred.pseudonym in body and cases.revoked.pseudonym not in body
    assert len(provider.context["cases"]) == 1 and provider.context["total"] == 2
    no_links = reverse("referrals:issue-cases", args=[cast.issue_a.pk + 1000])
    assert cast.client("secretariat").get(no_links).status_code == 404
