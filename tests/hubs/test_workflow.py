"""Every (state, action) pair of the review's workflow; publishing freezes its PDF."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from council import workflow
from council.workflow import ReasonRequired
from documents.published import current_pdf
from hubs import documents, services
from hubs.models import HubReview
from tests.conftest import Cast
from tests.hubs.conftest import Hub

STATES = ["draft", "submitted", "approved", "published"]
ALLOWED = {
    (state, action): target
    for action, (sources, target) in workflow.SHEET.items()
    for state in sources
}
DISALLOWED = [(s, a) for s in STATES for a in workflow.SHEET if (s, a) not in ALLOWED]


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workflow is under test here, not WeasyPrint (test_pdf.py).
    monkeypatch.setattr(
        documents,
        "review_pdf",
        lambda review, *_: ("r.pdf", "application/pdf", b"%PDF-1.7 " + review.status.encode()),
    )


def move(hub: Hub, state: str, action: str, by: str = "secretariat", **kw: str) -> HubReview:
    HubReview.objects.filter(pk=hub.review.pk).update(status=state)
    hub.review.refresh_from_db()
    user = hub_users[by]
    return services.review_transition(
        review=hub.review, action=action, by=user, reason=kw.get("reason", "理由")
    )


hub_users: dict = {}


@pytest.fixture(autouse=True)
def users(cast: Cast) -> None:
    hub_users.clear()
    hub_users.update(cast.users)


@pytest.mark.parametrize(("state", "action"), list(ALLOWED))
def test_allowed_transitions_move_the_review(hub: Hub, state: str, action: str) -> None:
    assert move(hub, state, action).status == ALLOWED[(state, action)]
    hub.review.refresh_from_db()
    assert hub.review.status == ALLOWED[(state, action)]


@pytest.mark.parametrize(("state", "action"), DISALLOWED)
def test_disallowed_transitions_raise_and_leave_the_row(hub: Hub, state: str, action: str) -> None:
    with pytest.raises(workflow.InvalidTransition):
        move(hub, state, action)
    hub.review.refresh_from_db()
    assert hub.review.status == state


@pytest.mark.parametrize("action", sorted(workflow.NEEDS_REASON))
def test_return_and_reopen_need_a_reason(hub: Hub, action: str) -> None:
    state = "submitted" if action == "return" else "published"
    with pytest.raises(ReasonRequired):
        move(hub, state, action, reason=" ")
    hub.review.refresh_from_db()
    assert hub.review.status == state


@pytest.mark.parametrize("action", ["submit", "approve", "publish"])
def test_a_member_of_the_owning_body_cannot_move_the_review(hub: Hub, action: str) -> None:
    state = {"submit": "draft", "approve": "submitted", "publish": "approved"}[action]
    with pytest.raises(PermissionDenied):
        move(hub, state, action, by="member_a")
    hub.review.refresh_from_db()
    assert hub.review.status == state


def test_the_owning_bodys_chair_submits(cast: Cast, hub: Hub) -> None:
    cast.membership_a.role = "subcommittee_chair"
    cast.membership_a.save()
    assert move(hub, "draft", "submit", by="member_a").status == "submitted"


def test_publishing_freezes_the_pdf_and_reopening_withdraws_it(cast: Cast, hub: Hub) -> None:
    move(hub, "approved", "publish")
    pdf = current_pdf(hub.review)
    assert pdf is not None and pdf.council_id == cast.council.pk
    content = pdf.file.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == pdf.sha256
    url = reverse("hubs:review-pdf", args=[2020])
    response = cast.client("city").get(url)
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-SHA256"] == pdf.sha256

    move(hub, "published", "reopen", reason="数値の訂正")
    pdf.refresh_from_db()
    assert pdf.withdrawn_at is not None and pdf.withdrawn_reason == "数値の訂正"
    assert current_pdf(hub.review) is None


def test_the_transition_page_confirms_then_moves_on_post(cast: Cast, hub: Hub) -> None:
    client = cast.client("secretariat")
    url = reverse("hubs:review-transition", args=[2020, "submit"])
    assert client.get(url).status_code == 200
    hub.review.refresh_from_db()
    assert hub.review.status == "draft"  # a GET changes nothing
    assert client.post(url).status_code == 302
    hub.review.refresh_from_db()
    assert hub.review.status == "submitted"
    assert hub.review.history.first().history_change_reason == "submit"


def test_a_refused_transition_leaves_a_message_and_the_row(cast: Cast, hub: Hub) -> None:
    client = cast.client("secretariat")
    response = client.post(reverse("hubs:review-transition", args=[2020, "publish"]), follow=True)
    assert response.status_code == 200
    hub.review.refresh_from_db()
    assert hub.review.status == "draft"
    assert "alert-danger" in response.content.decode()
