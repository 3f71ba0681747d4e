"""Someone who works in two councils switches between them with a POST; a GET never writes."""

from __future__ import annotations

from django.urls import reverse

from council.models import CouncilRole
from tests.conftest import Cast


def two_councils(cast: Cast, who: str = "secretariat") -> None:
    CouncilRole.objects.create(
        user=cast.users[who], council=cast.other_council, role=CouncilRole.Role.AUDITOR
    )


def test_the_dashboard_offers_the_switch_only_to_someone_in_two_councils(cast: Cast) -> None:
    url = reverse("council:dashboard")
    assert cast.client("secretariat").get(url).context["choose_form"] is None
    two_councils(cast)
    form = cast.client("secretariat").get(url).context["choose_form"]
    assert {c.slug for c in form.fields["council"].queryset} == {
        cast.council.slug,
        cast.other_council.slug,
    }


def test_a_get_with_council_shows_that_council_without_remembering_it(cast: Cast) -> None:
    two_councils(cast)
    client = cast.client("secretariat")
    url = reverse("council:dashboard")
    first = client.get(url).context["council"]
    other = cast.council if first == cast.other_council else cast.other_council
    assert client.get(url, {"council": other.slug}).context["council"] == other
    assert "council_id" not in client.session
    assert client.get(url).context["council"] == first


def test_choosing_a_council_is_remembered_and_says_so(cast: Cast) -> None:
    two_councils(cast)
    client = cast.client("secretariat")
    response = client.post(
        reverse("council:council-choose"), {"council": cast.other_council.slug}, follow=True
    )
    assert response.context["council"] == cast.other_council
    assert str(cast.other_council) in response.content.decode()
    assert client.get(reverse("council:dashboard")).context["council"] == cast.other_council


def test_a_council_one_does_not_work_in_cannot_be_chosen(cast: Cast) -> None:
    client = cast.client("secretariat")
    response = client.post(
        reverse("council:council-choose"), {"council": cast.other_council.slug}, follow=True
    )
    assert response.context["council"] == cast.council
    assert "協議会を選んでください" in response.content.decode()


def test_an_auditor_may_switch_though_every_other_write_is_refused(cast: Cast) -> None:
    two_councils(cast, "auditor")
    client = cast.client("auditor")
    response = client.post(reverse("council:council-choose"), {"council": cast.other_council.slug})
    assert response.status_code == 302
    assert client.get(reverse("council:dashboard")).context["council"] == cast.other_council
