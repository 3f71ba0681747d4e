"""A case moves through the five stages of the referral pipeline in the browser, each step
taken by the role that owns it: the secretariat opens it from the 重層的支援会議 with the
person's consent and names the case worker; the worker plans, matches it with a programme of
the catalogue and refers it to the host; the host's staff (a hub provider) see the record,
never the identity; the worker follows it up; the secretariat closes it at the conference;
the worker keeps in touch. The auditor then reads its pseudonym and stage, never its name."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from council.accounts import DEMO_PASSWORD
from council.models import Council, CouncilRole, Organization
from referrals.models import Case, CaseIdentity, CaseReadLog, Outcome, Stage

pytestmark = [pytest.mark.browser]

NAME = "経路確認太郎"
ADDRESS = "長岡市経路町1丁目2番3号"


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Any:
    """The demo council, and a hub provider at one of its organisations (the host)."""
    call_command("seed_demo", verbosity=0)
    council = Council.objects.get()
    host = Organization.objects.filter(council=council).order_by("pk").first()
    user = User.objects.create_user("hub-staff", password=DEMO_PASSWORD)
    CouncilRole.objects.create(
        user=user, council=council, role=CouncilRole.Role.HUB_PROVIDER, organization=host
    )
    return live_server, host


def log_in(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(locale="ja-JP").new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page


def submit(page: Any, form: str = "main form.form-page") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def step(page: Any, case_url: str, action: str) -> None:
    """A step of the pipeline from the case's page: a button, or a link to its confirm page."""
    target = f"form[action$='/step/{action}/'] button[type=submit]"
    if page.locator(target).count():
        with page.expect_navigation():
            page.locator(target).click()
    else:
        page.locator(f"a[href$='/step/{action}/']").click()
        page.wait_for_url(f"**/step/{action}/")


def stage(case: Case) -> str:
    return Case.objects.get(pk=case.pk).stage


def test_a_case_goes_through_the_five_stages_by_the_roles_that_own_them(
    browser: Any, demo: Any
) -> None:
    server, host = demo
    base = server.url

    # 1. 相談受付: the secretariat opens the case brought to the conference, consent first.
    secretariat = log_in(browser, base, "jimukyoku")
    secretariat.goto(base + reverse("referrals:case-create"))
    secretariat.select_option("#id_consent_scope", "sharing")
    secretariat.fill("#id_consent_given_on", "2026-04-10")
    secretariat.select_option("#id_consent_form", "written")
    secretariat.select_option("#id_source", "conference")
    secretariat.fill("#id_opened_on", "2026-04-10")
    secretariat.select_option("#id_age_band", "30_39")
    secretariat.select_option("#id_disability_type", "mental")
    secretariat.fill("#id_district", "川口地域")
    secretariat.fill("#id_name", NAME)
    secretariat.fill("#id_address", ADDRESS)
    submit(secretariat)
    case = Case.objects.get(identity__name=NAME)
    case_url = base + reverse("referrals:case-detail", args=[case.pk])
    assert secretariat.url == case_url and stage(case) == Stage.INTAKE
    assert NAME in secretariat.inner_text("main")  # its case manager reads the identity
    # … and names the case worker who takes it on.
    secretariat.goto(f"{case_url}edit/")
    worker_user = User.objects.get(username="soudanin")
    secretariat.check(f"input[name=assigned_workers][value='{worker_user.pk}']")
    submit(secretariat)
    assert case.assigned_workers.filter(pk=worker_user.pk).exists()

    # 2. プラン作成: the worker starts the plan and writes it.
    worker = log_in(browser, base, "soudanin")
    worker.goto(case_url)
    step(worker, case_url, "start_plan")
    assert stage(case) == Stage.PLANNING
    worker.locator(f"a[href$='/cases/{case.pk}/plans/new/']").click()
    worker.fill("#id_written_on", "2026-05-01")
    worker.fill("#id_assessment", "日中の居場所がない。家族の負担が大きい。")
    worker.fill("#id_goals", "週2回の通所")
    submit(worker)

    # 3. 資源開発・マッチング: a programme of the catalogue, and the referral to the host.
    step(worker, case_url, "start_matching")
    assert stage(case) == Stage.MATCHING
    worker.locator(f"a[href$='/cases/{case.pk}/matches/new/']").click()
    worker.select_option("#id_resource", label="地域活動支援センター")
    worker.fill("#id_host_assessment", "受入れ側の職員体制を確認した。")
    submit(worker)
    worker.goto(f"{case_url}edit/")
    worker.select_option("#id_referred_organization", str(host.pk))
    worker.fill("#id_referral_until", "2027-03-31")
    submit(worker)
    # The host's staff now see the case's record, never who the person is.
    provider = log_in(browser, base, "hub-staff")
    provider.goto(base + reverse("referrals:case-list"))
    assert case.pseudonym in provider.inner_text("main")
    provider.goto(case_url)
    seen = provider.inner_text("main")
    assert gettext("Mental") in seen and NAME not in seen and ADDRESS not in seen
    # The worker records the host's acceptance.
    worker.goto(case_url)
    worker.locator("a[href$='/accept/']").click()
    with worker.expect_navigation():
        worker.locator("main form button[type=submit]").click()

    # 4. 定着支援・フォローアップ: the follow-up starts, with a first visit.
    step(worker, case_url, "start_follow_up")
    assert stage(case) == Stage.FOLLOW_UP
    worker.locator(f"a[href$='/cases/{case.pk}/follow-ups/new/']").click()
    worker.fill("#id_scheduled_on", "2026-07-01")
    worker.fill("#id_done_on", "2026-07-01")
    worker.fill("#id_person_note", "通所が続いている。")
    worker.fill("#id_host_concerns", "急な欠席の連絡方法。")
    submit(worker)
    assert case.follow_ups.get().host_concerns == "急な欠席の連絡方法。"

    # 5. 終結: the secretariat closes it at the conference, with the evaluation.
    secretariat.goto(case_url)
    step(secretariat, case_url, "close")
    secretariat.fill("#id_evaluation", "通所が定着し、本人の希望どおりに終結。")
    submit(secretariat)
    closed = Case.objects.get(pk=case.pk)
    assert closed.stage == Stage.CLOSED and closed.outcome == Outcome.SUCCESSFUL
    # Keeping in touch goes on after closing: the worker's reminder.
    worker.goto(case_url)
    worker.locator(f"a[href$='/cases/{case.pk}/keep-in-touch/new/']").click()
    worker.fill("#id_due_on", "2027-01-10")
    worker.fill("#id_note", "電話で様子を聞く")
    submit(worker)
    assert closed.keep_in_touch.count() == 1
    steps = list(closed.stage_changes.values_list("action", "by__username"))
    assert steps == [
        ("start_plan", "soudanin"),
        ("start_matching", "soudanin"),
        ("start_follow_up", "soudanin"),
        ("close", "jimukyoku"),
    ]

    # The auditor reads the pseudonym and the stage, never the identity; every read is logged.
    auditor = log_in(browser, base, "kansa")
    auditor.goto(case_url)
    audited = auditor.inner_text("main")
    assert case.pseudonym in audited and pgettext("case stage", "Closed") in audited
    identity = CaseIdentity.objects.get(case=case)
    assert NAME not in audited and ADDRESS not in audited and identity.name == NAME
    readers = set(CaseReadLog.objects.filter(case=case).values_list("user__username", flat=True))
    assert readers >= {"jimukyoku", "soudanin", "hub-staff", "kansa"}
