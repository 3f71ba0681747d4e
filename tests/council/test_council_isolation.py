"""Several councils in one install: the site operator creates a council and its first
secretariat, who (once they chose a password through the invitation) sees only their own
council: no name of another council's on any list, export or PDF, and 404 on its records."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pypdf
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from council import wareki
from council.models import (
    Body,
    Council,
    CouncilRole,
    FiscalYear,
    MeetingItem,
    Organization,
    Person,
    PublishedPDF,
)
from hubs.models import HubProvider, HubSetup
from proposals.models import Proposal
from referrals.models import SocialResource
from subcommittees.models import RegionalIssue
from tests.conftest import Cast, Catalogue, Hub, Proposals
from tests.council.test_passwords import NEW_PASSWORD, reset_link, set_password_through

NEW = {
    "name": "新潟市障がい者自立支援協議会",
    "municipality": "新潟市",
    "prefecture": "新潟県",
    "slug": "niigata",
    "secretariat_name": "小林",
    "username": "niigata-jimu",
    "email": "jimu@niigata.example.jp",
}
APPS = ("council", "subcommittees", "hubs", "proposals", "referrals")
# Keyword arguments a list page may take: filled with the new council's year and a format.
LIST_ARGUMENTS = {"year", "fmt"}


def create(client: Client, **changes: str) -> Any:
    return client.post(reverse("council:council-create"), {**NEW, **changes})


def others_names(slug: str) -> set[str]:
    """What the councils but `slug` hold that it must never read."""
    values: list[Any] = [
        *Council.objects.exclude(slug=slug).values_list("name", "municipality"),
        *Body.objects.exclude(council__slug=slug).values_list("name"),
        *Organization.objects.exclude(council__slug=slug).values_list("name"),
        *Person.objects.exclude(council__slug=slug).values_list("name"),
        *MeetingItem.objects.values_list("text"),
        *RegionalIssue.objects.values_list("title"),
        *Proposal.objects.values_list("title"),
        *SocialResource.objects.values_list("name"),
        *HubSetup.objects.values_list("philosophy"),
        *PublishedPDF.objects.values_list("title"),
    ]
    return {text for row in values for text in row if text}


def list_pages(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, set]]:
    """Every named URL of the apps whose arguments are at most a year and a format: the
    lists, their exports and PDFs, the dashboard, the forms that offer a council's choices."""
    pages = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages += list_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace[:-1] in APPS:
            arguments = set(pattern.pattern.converters)
            if arguments <= LIST_ARGUMENTS:
                pages.append((f"{namespace}{pattern.name}", arguments))
    return pages


def text_of(response: Any) -> str:
    """What a reader reads in the response: the page, the CSV's cells, the PDF's text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    if kind.startswith("text/csv"):
        return "\n".join("\t".join(r) for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = (c for sheet in book for r in sheet.iter_rows(values_only=True) for c in r)
        return "\n".join(str(cell) for cell in cells if cell is not None)
    return body.decode()


@pytest.fixture
def newcomer(cast: Cast, hub: Hub, proposals: Proposals, catalogue: Catalogue) -> Client:
    """The new council's secretariat, logged in with the password they chose."""
    response = create(cast.client("operator"))
    assert response.status_code == 302 and response["Location"] == reverse("council:council-list")
    (invitation,) = mail.outbox
    assert invitation.to == [NEW["email"]] and NEW["name"] in invitation.body
    set_password_through(reset_link(invitation.body), NEW_PASSWORD)
    client = Client()
    login = {"username": NEW["username"], "password": NEW_PASSWORD}
    assert client.post(reverse("login"), login).status_code == 302
    return client


def test_the_operator_creates_a_council_with_its_year_and_secretariat(cast: Cast) -> None:
    response = create(cast.client("operator"))
    assert response.status_code == 302
    council = Council.objects.get(slug="niigata")
    assert (council.name, council.municipality, council.prefecture) == (
        NEW["name"],
        NEW["municipality"],
        NEW["prefecture"],
    )
    (year,) = FiscalYear.objects.filter(council=council)
    assert year.is_current and year.year == wareki.fiscal_year_of(timezone.localdate())
    person = Person.objects.get(council=council)
    assert person.name == "小林" and person.email == NEW["email"]
    user = person.user
    assert user.username == NEW["username"] and not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    assert CouncilRole.objects.get(user=user).council == council
    assert CouncilRole.objects.get(user=user).role == CouncilRole.Role.SECRETARIAT
    listing = cast.client("operator").get(reverse("council:council-list")).content.decode()
    assert NEW["name"] in listing and "niigata" in listing and cast.council.name in listing


def test_without_an_email_the_operator_gets_the_link_to_hand_over(cast: Cast) -> None:
    response = create(cast.client("operator"), email="")
    assert response.status_code == 200 and mail.outbox == []
    set_password_through(reset_link(response.content.decode()), NEW_PASSWORD)
    assert User.objects.get(username=NEW["username"]).check_password(NEW_PASSWORD)


def test_opening_the_create_page_writes_nothing(cast: Cast) -> None:
    counts = (Council.objects.count(), User.objects.count(), Person.objects.count())
    page = cast.client("operator").get(reverse("council:council-create"))
    assert page.status_code == 200 and 'for="id_slug"' in page.content.decode()
    assert (Council.objects.count(), User.objects.count(), Person.objects.count()) == counts


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"slug": "Nagaoka"}, "slug", "Another council already has this short name."),
        ({"username": "Secretariat"}, "username", "This user name is taken."),
    ],
)
def test_a_taken_short_name_or_user_name_is_refused_and_what_was_typed_is_kept(
    cast: Cast, changes: dict[str, str], field: str, error: str
) -> None:
    councils, users = Council.objects.count(), User.objects.count()
    response = create(cast.client("operator"), **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [_(error)]
    page = response.content.decode()
    assert NEW["name"] in page and NEW["secretariat_name"] in page and changes[field] in page
    assert (Council.objects.count(), User.objects.count()) == (councils, users)


def test_a_bad_short_name_is_refused(cast: Cast) -> None:
    response = create(cast.client("operator"), slug="新潟 市")
    assert response.status_code == 400 and "slug" in response.context["form"].errors
    assert not Council.objects.filter(name=NEW["name"]).exists()


def test_a_clash_at_the_insert_is_named_on_the_form(cast: Cast, monkeypatch: Any) -> None:
    """Another operator took the short name between the form's check and the insert."""
    from council.forms import CouncilCreateForm

    real, calls = CouncilCreateForm.clean_slug, []

    def clean_slug(form: CouncilCreateForm) -> str:
        calls.append(1)  # the first check misses the clash; the check after the insert sees it
        return "nagaoka" if len(calls) == 1 else real(form)

    monkeypatch.setattr(CouncilCreateForm, "clean_slug", clean_slug)
    response = create(cast.client("operator"), slug="nagaoka")
    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == [
        _("Another council already has this short name.")
    ]
    assert not User.objects.filter(username=NEW["username"]).exists()


def test_only_the_operator_sees_the_councils_link(cast: Cast) -> None:
    link = f'href="{reverse("council:council-list")}"'
    assert link in cast.client("operator").get(reverse("council:dashboard")).content.decode()
    page = cast.client("secretariat").get(reverse("council:dashboard")).content.decode()
    assert link not in page


def test_the_new_secretariat_reads_none_of_another_councils_names(
    cast: Cast, newcomer: Client
) -> None:
    # The cast's 全体会 is named as the kind every council's filter offers: not a leak.
    ui_words = {str(label) for label in Body.Kind.labels}
    names = others_names(NEW["slug"]) - ui_words
    year = wareki.fiscal_year_of(FiscalYear.objects.get(council__slug="niigata").start)
    dashboard = text_of(newcomer.get(reverse("council:dashboard")))
    assert NEW["name"] in dashboard
    pages = list_pages()
    assert {"council:meeting-list", "referrals:resource-pdf", "hubs:plan-export"} <= {
        name for name, _ in pages
    }
    read = 0
    for name, arguments in pages:
        kwargs = {"year": year, "fmt": "csv"}
        url = reverse(name, kwargs={key: kwargs[key] for key in arguments})
        response = newcomer.get(url)
        assert response.status_code in {200, 302, 403, 404, 405}, url
        if response.status_code == 200:
            read += 1
            text = text_of(response)
            leaked = {n for n in names if n in text}
            assert leaked == set(), url
    assert read >= 20


def test_the_new_secretariat_gets_404_for_another_councils_records(
    cast: Cast, newcomer: Client, hub: Hub, proposals: Proposals, catalogue: Catalogue
) -> None:
    provider = HubProvider.objects.get(organization__council=cast.council)
    body_year = {"pk": cast.body_a.pk, "year": 2020}
    records = [
        ("council:body-detail", {"pk": cast.body_a.pk}),
        ("council:body-edit", {"pk": cast.body_a.pk}),
        ("council:body-roster-export", {"pk": cast.body_a.pk, "fmt": "csv"}),
        ("council:body-calendar", {"pk": cast.body_a.pk}),
        ("council:meeting-detail", {"pk": cast.meeting_a.pk}),
        ("council:meeting-detail", {"pk": cast.other_meeting.pk}),
        ("council:meeting-edit", {"pk": cast.meeting_a.pk}),
        ("council:meeting-minutes", {"pk": cast.meeting_a.pk}),
        ("council:meeting-attendance-export", {"pk": cast.meeting_a.pk, "fmt": "csv"}),
        ("council:attachment-download", {"pk": cast.attachment_a.pk}),
        ("council:organization-detail", {"pk": cast.org.pk}),
        ("council:person-detail", {"pk": cast.person_a.pk}),
        ("council:person-edit", {"pk": cast.person_a.pk}),
        ("council:membership-edit", {"pk": cast.membership_a.pk}),
        ("council:history", {"model": "meeting", "pk": cast.meeting_a.pk}),
        ("subcommittees:year-detail", body_year),
        ("subcommittees:body-summary-pdf", body_year),
        ("subcommittees:sheet-detail", {**body_year, "kind": "policy"}),
        ("subcommittees:sheet-pdf", {**body_year, "kind": "review"}),
        ("subcommittees:plan-detail", {"pk": cast.plan_a.pk}),
        ("subcommittees:plan-pdf", {"pk": cast.plan_a.pk}),
        ("subcommittees:issue-detail", {"pk": cast.issue_a.pk}),
        ("subcommittees:published-pdf", {"pk": cast.published_a.pk}),
        ("hubs:provider-detail", {"pk": provider.pk}),
        ("proposals:proposal-detail", {"pk": proposals.submitted.pk}),
        ("proposals:proposal-pdf", {"pk": proposals.submitted.pk}),
        ("referrals:resource-detail", {"pk": catalogue.resource.pk}),
        ("referrals:resource-detail", {"pk": catalogue.other.pk}),
    ]
    for name, kwargs in records:
        assert newcomer.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    # Nor does naming the other council in the address open it.
    url = f"{reverse('council:dashboard')}?council={cast.council.slug}"
    assert newcomer.get(url).status_code == 404


def test_the_old_councils_secretariat_reads_nothing_of_the_new_one(
    cast: Cast, newcomer: Client
) -> None:
    client = cast.client("secretariat")
    for name in ("council:dashboard", "council:person-list", "council:organization-list"):
        text = text_of(client.get(reverse(name)))
        assert NEW["name"] not in text and NEW["secretariat_name"] not in text, name
    person = Person.objects.get(council__slug="niigata")
    assert client.get(reverse("council:person-detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("council:council-list")).status_code == 403


def test_on_a_new_install_the_operators_dashboard_leads_to_creating_a_council(db: Any) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("operator"))
    response = client.get(reverse("council:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("council:council-list")
