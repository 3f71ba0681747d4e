"""What each document shows, built once for both the HTML page and the PDF (constant queries)."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from council.models import (
    BodyYear,
    Council,
    DocumentStatus,
    Meeting,
    Membership,
    PublishedPDF,
    bullets_by_meeting,
    functions_with,
    meeting_number_label,
    open_items,
)
from documents.published import current_pdf
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    title: str

    @property
    def part(self) -> str:
        """The document's body, shared by its own PDF and the annual report."""
        return f"pdf/parts/{self.slug}.html"

    @property
    def year_relation(self) -> str:
        """Its name on the BodyYear (body_year.review_sheet); the sheets have one a year."""
        return self.model._meta.get_field("body_year").remote_field.related_name


KINDS = {
    "policy": Kind("policy", ActivityPolicy, "活動方針"),
    "report": Kind("report", StatusReport, "検討状況報告書"),
    "review": Kind("review", ReviewSheet, "振り返り・評価シート"),
    "plan": Kind("plan", ActionPlan, "アクションプラン"),
}
KIND_OF = {kind.model: kind for kind in KINDS.values()}


def kind_of(document: Any) -> Kind:
    return KIND_OF[type(document)]


def document_title(document: Any) -> str:
    body_year = document.body_year
    return f"{body_year.fiscal_year.label} {body_year.body.name} {kind_of(document).title}"


@dataclass(frozen=True)
class Member:
    """A roster line's person: only what the report prints, read as values."""

    name: str
    organization: str
    is_secretariat: bool


@dataclass(frozen=True)
class MemberGroup:
    """One organisation's people on the roster line: 「事長岡市福祉課支援係 山田、斎藤」."""

    organization: str
    names: list[str]
    is_secretariat: bool


@dataclass(frozen=True)
class Named:
    """A person as the review sheet names them: who wrote, who has not written yet."""

    pk: int
    name: str


@dataclass(frozen=True)
class Comment:
    """A member's comment, read as values (its template and the PDF read these attributes)."""

    person: Named
    text: str

    @property
    def person_id(self) -> int:
        return self.person.pk


def member_groups(roster: list[Member]) -> list[MemberGroup]:
    """Consecutive members of one organisation and side (事務局 or not) share one entry."""
    groups: list[MemberGroup] = []
    for member in roster:
        last = groups[-1] if groups else None
        if (
            last
            and last.organization == member.organization
            and last.is_secretariat == member.is_secretariat
        ):
            last.names.append(member.name)
        else:
            groups.append(MemberGroup(member.organization, [member.name], member.is_secretariat))
    return groups


@dataclass(frozen=True)
class HeldMeeting:
    """A held meeting as the sheets print it: number, date, how held, its public bullets."""

    pk: int
    number: int
    date: datetime.date
    is_written: bool
    shown: list[str]

    @property
    def number_label(self) -> str:
        return meeting_number_label(self.number)


def _held(body_year: BodyYear) -> QuerySet[Meeting]:
    """The year's held public meetings: a document is one text for all its readers, so it
    prints only what every reader of it may open (a closed meeting is left out entirely)."""
    return (
        Meeting.objects.held()
        .filter(body_id=body_year.body_id, fiscal_year_id=body_year.fiscal_year_id, is_public=True)
        .order_by("date", "number")
    )


def held_meetings(body_year: BodyYear) -> list[HeldMeeting]:
    """The year's held meetings with the texts of their public bullets (closed items never
    leave the app)."""
    shown = bullets_by_meeting(open_items(_held(body_year).values("pk")))
    return [
        HeldMeeting(
            meeting.pk, meeting.number, meeting.date, meeting.is_written, shown.get(meeting.pk, [])
        )
        for meeting in _held(body_year).only("number", "date", "mode")
    ]


def members(body_year: BodyYear) -> list[Member]:
    """The year's roster in its order, read as values."""
    rows = (
        Membership.objects.filter(
            body_id=body_year.body_id, fiscal_year_id=body_year.fiscal_year_id
        )
        .order_by("order", "id")
        .values_list("person__name", "person__organization__name", "role")
    )
    secretariat = Membership.Role.SECRETARIAT
    return [Member(name, org or "", role == secretariat) for name, org, role in rows]


def roster(body_year: BodyYear) -> list[Named]:
    """The year's members by name only: the review sheet reads it for who has not written."""
    rows = (
        Membership.objects.filter(
            body_id=body_year.body_id, fiscal_year_id=body_year.fiscal_year_id
        )
        .order_by("order", "id")
        .values_list("person_id", "person__name")
    )
    return [Named(pk, name) for pk, name in rows]


def comments(sheet: ReviewSheet) -> list[Comment]:
    rows = (
        ReviewComment.objects.filter(sheet_id=sheet.pk)
        .order_by("id")
        .values_list("person_id", "person__name", "text")
    )
    return [Comment(Named(person_id, name), text) for person_id, name, text in rows]


def held_dates(body_year: BodyYear) -> list[datetime.date]:
    """The dates of the year's held meetings, in order: all the review sheet says of them."""
    return list(_held(body_year).values_list("date", flat=True))


def meeting_months(dates: list[datetime.date]) -> str:
    """開催月 as printed on the sheets (7, 8, 10月), in fiscal order, each month once."""
    months: list[int] = []
    for date in dates:
        if date.month not in months:
            months.append(date.month)
    return "、".join(str(m) for m in months) + ("月" if months else "")


def publication_of(document: Any) -> PublishedPDF | None:
    """The current publication of a published document (one query), else None."""
    if document.pk and document.status == DocumentStatus.PUBLISHED:
        return current_pdf(document)
    return None


def added_after_publication(document: Any, publication: PublishedPDF | None) -> list[Meeting]:
    """The year's held public meetings recorded after the document's `publication`: its frozen
    text does not show them, so its page flags them (公開後に追加)."""
    if publication is None or not isinstance(document, (StatusReport, ReviewSheet)):
        return []
    body_year = document.body_year
    added = Meeting.history.filter(
        history_type="+",
        body_id=body_year.body_id,
        fiscal_year_id=body_year.fiscal_year_id,
        history_date__gt=publication.published_at,
    ).values("id")
    return list(_held(body_year).filter(pk__in=added).only("number", "date"))


def printed(document: Any) -> dict[str, Any]:
    """What a document prints beyond its own fields, read now: the records that may still change
    after 公開 (meetings, the roster). Publication freezes it (`frozen`) with the PDF."""
    body_year = document.body_year
    if isinstance(document, StatusReport):
        return {"members": members(body_year), "meetings": held_meetings(body_year)}
    if isinstance(document, ReviewSheet):
        return {
            "dates": held_dates(body_year),
            "comments": comments(document),
            "roster": roster(body_year),
            # The boxes it prints: the council's functions at 公開, whatever it renames later.
            "functions": list(body_year.body.council.functions),
        }
    return {}


def frozen(data: dict[str, Any]) -> dict[str, Any]:
    """`printed` as JSON values (dates as ISO text), to be stored with the published PDF."""
    plain = {
        key: [asdict(value) if is_dataclass(value) else value for value in values]
        for key, values in data.items()
    }
    return json.loads(json.dumps(plain, cls=DjangoJSONEncoder))


def thawed(data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `frozen`: a published document's printed records as they were."""
    date = datetime.date.fromisoformat
    builders = {
        "members": lambda m: Member(**m),
        "meetings": lambda m: HeldMeeting(**{**m, "date": date(m["date"])}),
        "dates": date,
        "comments": lambda c: Comment(Named(**c["person"]), c["text"]),
        "roster": lambda n: Named(**n),
        "functions": str,
    }
    return {key: [builders[key](value) for value in values] for key, values in data.items()}


def shown(document: Any, publication: PublishedPDF | None) -> dict[str, Any]:
    """A published document's frozen records; a draft's (or an unfrozen one's) live ones."""
    if publication is not None and publication.printed:
        return thawed(publication.printed)
    return printed(document)


def context(document: Any, records: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a document's template needs; `records` as `printed` returns them (by default
    `shown`: frozen once published)."""
    body_year = document.body_year
    records = shown(document, publication_of(document)) if records is None else records
    data: dict[str, Any] = {
        "document": document,
        "kind": kind_of(document),
        "title": document_title(document),
        "body": body_year.body,
        "fiscal_year": body_year.fiscal_year,
        "council": body_year.body.council,
        "is_draft": document.status != DocumentStatus.PUBLISHED,
    }
    if isinstance(document, StatusReport):
        data["members"] = records["members"]
        data["member_groups"] = member_groups(data["members"])
        data["meetings"] = records["meetings"]
    elif isinstance(document, ReviewSheet):
        dates = records["dates"]
        written = records["comments"]
        authors = {comment.person_id for comment in written}
        data.update(
            meeting_count=len(dates),
            meeting_months=meeting_months(dates),
            comments=written,
            not_written=[person for person in records["roster"] if person.pk not in authors],
            functions=function_ticks(records.get("functions"), body_year.body.council, document),
        )
    elif isinstance(document, ActionPlan):
        data["rows"] = list(ActionPlanRow.objects.filter(plan_id=document.pk))
    return data


def function_ticks(
    offered: list[str] | None, council: Council, sheet: ReviewSheet
) -> list[tuple[str, bool]]:
    """(label, chosen) of every function the sheet prints: the council's list as frozen at
    公開 (today's, for a draft or a copy frozen before the list was), then any label the sheet
    chose that is no longer in it."""
    labels = functions_with(council.functions if offered is None else offered, sheet.functions)
    chosen = set(sheet.functions)
    return [(label, label in chosen) for label in labels]


def unpublished(fiscal_year: Any, today: datetime.date) -> tuple[list[tuple[Kind, Any]], Any]:
    """The year's documents not yet published, by kind and body, and its held meetings whose
    minutes are not: what is left to publish at the year's end."""
    documents = [
        (kind, document)
        for kind in KINDS.values()
        for document in kind.model.objects.filter(body_year__fiscal_year=fiscal_year)
        .exclude(status=DocumentStatus.PUBLISHED)
        .select_related("body_year__body")
        .order_by("body_year__body__order", "pk")
    ]
    minutes = (
        Meeting.objects.filter(fiscal_year=fiscal_year, cancelled=False, date__lte=today)
        .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("date", "body__order")
    )
    return documents, minutes
