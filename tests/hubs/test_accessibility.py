"""axe-core on every hub page, as the project's crawl will see them once the hub is linked."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from council.models import Council, FiscalYear, Meeting
from demo.hub import seed_hub
from hubs.models import HubFigure, HubFunctionReview, HubProvider, HubReview

# The project's crawl (tests/browser/test_accessibility.py) uses the same Chromium and axe-core.
# That module is not imported here: it sets DJANGO_ALLOW_ASYNC_UNSAFE for the whole process at
# import, which tests/test_deploy.py then finds in `check --deploy`.
AXE = Path(__file__).parent.parent / "browser" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    # Playwright's sync API keeps an event loop in this thread; our ORM calls here (the fixtures
    # and the database flush after each test) are synchronous. Only for this module.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


def logged_in_context(browser: Any, live_server: Any, username: str) -> Any:
    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(bypass_csp=True, locale="ja-JP")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.fixture
def demo_hub(transactional_db: Any, live_server: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    council = Council.objects.get(slug="nagaoka")
    seed_hub(council)
    year = FiscalYear.objects.get(council=council, year=2020)
    review = HubReview.objects.create(
        council=council,
        fiscal_year=year,
        meeting=Meeting.objects.filter(fiscal_year=year).first(),
        summary="検証の総括",
    )
    for quarter in range(1, 5):
        HubFigure.objects.create(
            review=review, function="consultation", quarter=quarter, advance_registrations=quarter
        )
    HubFigure.objects.create(review=review, function="emergency", quarter=2, trial_stays=None)
    HubFunctionReview.objects.create(review=review, function="emergency", problems="課題")
    HubProvider.objects.filter(registered_on=None).update(registered_on=datetime.date(2022, 1, 4))
    return live_server


def pages(provider: int) -> list[str]:
    return [
        "/hub/",
        "/hub/?year=2019",
        "/hub/setup/edit/",
        "/hub/years/2020/plans/emergency/area/edit/",
        "/hub/providers/",
        f"/hub/providers/{provider}/",
        f"/hub/providers/{provider}/edit/",
        "/hub/providers/new/",
        "/hub/reviews/2020/",
        "/hub/reviews/2020/edit/",
        "/hub/reviews/2020/status/submit/",
    ]


@pytest.mark.parametrize("username", ["jimukyoku", "city"])
def test_the_hub_pages_have_no_axe_violation(browser: Any, demo_hub: Any, username: str) -> None:
    context = logged_in_context(browser, demo_hub, username)
    page = context.new_page()
    problems = {}
    for path in pages(HubProvider.objects.get().pk):
        response = page.goto(demo_hub.url + path)
        assert response is not None
        if response.status == 403:
            continue  # an edit page the role may not open
        assert response.status == 200, path
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        if result["violations"]:
            problems[path] = [
                {"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                for v in result["violations"]
            ]
    context.close()
    assert problems == {}
