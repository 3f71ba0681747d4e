"""A seat grants access for its fiscal year and its term: a member whose term has ended keeps
what every reader has (the published documents) and loses the drafts."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from council.models import Membership
from tests.conftest import Cast


def draft_review(cast: Cast) -> str:
    return reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "review"])


def test_a_member_whose_term_ended_no_longer_reads_the_drafts(cast: Cast) -> None:
    assert cast.client("member_a").get(draft_review(cast)).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(person__user=cast.users["member_a"], body=cast.body_a).update(
        appointed_on=datetime.date(2020, 4, 1), term_ends_on=yesterday
    )
    assert cast.client("member_a").get(draft_review(cast)).status_code == 404
    # What every reader has stays: the council's published policy.
    policy = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "policy"])
    assert cast.client("member_a").get(policy).status_code == 200


def test_a_term_that_has_not_started_grants_nothing_yet(cast: Cast) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Membership.objects.filter(person__user=cast.users["member_a"], body=cast.body_a).update(
        appointed_on=tomorrow
    )
    assert cast.client("member_a").get(draft_review(cast)).status_code == 404
