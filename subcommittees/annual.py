"""The annual report (年次報告書): one PDF of a fiscal year, assembled with pypdf from the year's
frozen PDFs (a draft the reader may see is rendered, marked 「案」) and what other apps add
(documents.registry: the hub's review), between a front part (cover, contents, the schedule
grid, an overview) and a back part (【その他の会議】, next year's 構成).

It runs on the job queue (documents.jobs): `build` reports its progress as it goes."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from council.models import (
    Body,
    BodyYear,
    Council,
    FiscalYear,
    Meeting,
    Membership,
    PublishedPDF,
    bullets_by_meeting,
    open_items,
)
from council.schedule import schedule_grid
from documents import jobs, registry
from documents.pdf import render_pdf
from documents.published import stored_content
from subcommittees import documents, services
from subcommittees.models import ActionPlan, ActivityPolicy, ReviewSheet, StatusReport

ORDER = [ActivityPolicy, StatusReport, ReviewSheet, ActionPlan]

Report = Callable[[int, int, str], None]  # jobs.report: (done, total, what is being done)


@dataclass
class Part:
    """One PDF of the report and its line in the contents (level 1: a body, 2: a document)."""

    title: str
    content: bytes
    level: int = 2
    body_name: str = ""
    pages: int = 0
    first_page: int = 0


@dataclass
class Chapter:
    """A body's documents, as the contents lists them."""

    body_name: str
    first_page: int
    parts: list[Part] = field(default_factory=list)


def visible_documents(fiscal_year: FiscalYear, user: Any) -> list[Any]:
    """Every document of the year the user may read, in the council's body order."""
    found: list[Any] = []
    for rank, model in enumerate(ORDER):
        queryset = (
            model.objects.visible_to(user)
            .filter(body_year__fiscal_year=fiscal_year)
            .select_related("body_year__body__council", "body_year__fiscal_year")
        )
        found += [(rank, document) for document in queryset]
    found.sort(
        key=lambda item: (item[1].body_year.body.order, item[1].body_year.body.name, item[0])
    )
    return [document for _rank, document in found]


def frozen_copies(items: list[Any]) -> dict[tuple[int, int], PublishedPDF]:
    """The current frozen PDF of each item, by (content type, pk), in one query."""
    if not items:
        return {}
    kinds = {type(item): ContentType.objects.get_for_model(item) for item in items}
    wanted = Q()
    for model, kind in kinds.items():
        ids = [item.pk for item in items if type(item) is model]
        wanted |= Q(content_type=kind, object_id__in=ids)
    current = PublishedPDF.objects.filter(wanted, withdrawn_at__isnull=True)
    return {(pdf.content_type_id, pdf.object_id): pdf for pdf in current}


def document_parts(fiscal_year: FiscalYear, user: Any, report: Report) -> list[Part]:
    """The frozen PDF of each published document (its bytes checked against the recorded hash),
    a fresh rendering of each draft; then what other apps add (the hub's review)."""
    items = visible_documents(fiscal_year, user)
    frozen = frozen_copies(items)
    parts = []
    for done, document in enumerate(items, start=1):
        kind = ContentType.objects.get_for_model(document)
        copy = frozen.get((kind.pk, document.pk))
        content = stored_content(copy) if copy else services.render_document(document)
        body_name = document.body_year.body.name
        parts.append(Part(documents.kind_of(document).title, content, body_name=body_name))
        report(done, len(items) + 1, f"{body_name} {documents.kind_of(document).title}")
    for contribute in registry.ANNUAL_PARTS:
        parts += [Part(title, content, level=1) for title, content in contribute(fiscal_year, user)]
    return parts


def overview(fiscal_year: FiscalYear) -> list[dict[str, Any]]:
    """Each body of the year: its kind, held public meetings and members (two queries)."""
    held = Q(meetings__fiscal_year=fiscal_year, meetings__is_public=True) & Q(
        meetings__cancelled=False, meetings__date__lte=timezone.localdate()
    )
    bodies = (
        Body.objects.filter(council_id=fiscal_year.council_id, years__fiscal_year=fiscal_year)
        .exclude(years__fiscal_year=fiscal_year, years__status=BodyYear.Status.ENDED)
        .annotate(held=Count("meetings", filter=held, distinct=True))
        .order_by("order", "name")
    )
    seats = dict(
        Membership.objects.filter(fiscal_year=fiscal_year)
        .values("body_id")
        .annotate(count=Count("id"))
        .values_list("body_id", "count")
    )
    return [{"body": body, "held": body.held, "members": seats.get(body.pk, 0)} for body in bodies]


def other_meetings(fiscal_year: FiscalYear, with_documents: set[str]) -> list[dict[str, Any]]:
    """【その他の会議】: the held public meetings of the bodies without documents in the report
    (全体会, 運営会議…), with their public bullets."""
    meetings = list(
        Meeting.objects.held()
        .filter(fiscal_year=fiscal_year, is_public=True)
        .exclude(body__name__in=with_documents)
        .select_related("body")
        .order_by("body__order", "body__name", "date", "number")
    )
    shown = bullets_by_meeting(open_items([meeting.pk for meeting in meetings]))
    groups: list[dict[str, Any]] = []
    for meeting in meetings:
        if not groups or groups[-1]["body"] != meeting.body:
            groups.append({"body": meeting.body, "meetings": []})
        meeting.shown = shown.get(meeting.pk, [])
        groups[-1]["meetings"].append(meeting)
    return groups


def next_year_composition(fiscal_year: FiscalYear) -> tuple[FiscalYear | None, list[Any]]:
    """Next year's 構成: each body and its members, if that year is open."""
    following = FiscalYear.objects.filter(
        council_id=fiscal_year.council_id, year=fiscal_year.year + 1
    ).first()
    if following is None:
        return None, []
    seats = (
        Membership.objects.filter(fiscal_year=following)
        .select_related("body", "person__organization")
        .order_by("body__order", "body__name", "order", "id")
    )
    groups: list[dict[str, Any]] = []
    for seat in seats:
        if not groups or groups[-1]["body"] != seat.body:
            groups.append({"body": seat.body, "seats": []})
        groups[-1]["seats"].append(seat)
    return following, groups


def page_count(content: bytes) -> int:
    with pikepdf.Pdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def chapters(parts: list[Part]) -> list[Chapter]:
    """The contents: a line per body with its documents under it, a line per other part."""
    result: list[Chapter] = []
    for part in parts:
        if part.level == 2 and (not result or result[-1].body_name != part.body_name):
            result.append(Chapter(part.body_name, part.first_page))
        if part.level == 2:
            result[-1].parts.append(part)
        else:
            result.append(Chapter(part.title, part.first_page))
    return result


def build(council_id: int, year: int, user_id: int) -> bytes:
    """The year's annual report as the user may read it (a job: it reports each step)."""
    council = Council.objects.get(pk=council_id)
    fiscal_year = FiscalYear.objects.get(council=council, year=year)
    user = get_user_model().objects.get(pk=user_id)
    documents_and_hub = document_parts(fiscal_year, user, jobs.report)
    following, composition = next_year_composition(fiscal_year)
    context = {
        "council": council,
        "fiscal_year": fiscal_year,
        "issued_on": timezone.localdate(),
        "months": fiscal_year.months(),
        "rows": schedule_grid(fiscal_year=fiscal_year, user=user),
        "overview": overview(fiscal_year),
        "others": other_meetings(
            fiscal_year, {part.body_name for part in documents_and_hub if part.level == 2}
        ),
        "following": following,
        "composition": composition,
    }
    back_title = "【その他の会議】・" + (
        f"{following.label}の構成" if following else "次年度の構成"
    )
    parts = [
        Part("全体スケジュール・協議会の概要", render_pdf("pdf/annual_overview.html", context), 1),
        *documents_and_hub,
        Part(back_title, render_pdf("pdf/annual_back.html", context), 1),
    ]
    jobs.report(len(documents_and_hub), len(documents_and_hub) + 1, "製本")
    opened = [pikepdf.Pdf.open(io.BytesIO(part.content)) for part in parts]
    for part, pdf in zip(parts, opened, strict=True):
        part.pages = len(pdf.pages)
    # The contents need the cover and contents' own length: lay them out until it holds.
    front_pages, front = 2, b""
    for _attempt in range(3):
        page = front_pages + 1
        for part in parts:
            part.first_page, page = page, page + part.pages
        front = render_pdf("pdf/annual_front.html", context | {"chapters": chapters(parts)})
        if page_count(front) == front_pages:
            break
        front_pages = page_count(front)
    title = f"{fiscal_year.label} {council.name} 年次報告書"
    return assemble(front, list(zip(parts, opened, strict=True)), title=title)


def assemble(front: bytes, parts: list[tuple[Part, pikepdf.Pdf]], *, title: str) -> bytes:
    """One PDF (qpdf copies the pages as they are), with an outline of bodies and documents."""
    report = pikepdf.Pdf.open(io.BytesIO(front))
    with report.open_outline() as outline:
        chapter = None
        for part, pdf in parts:
            item = pikepdf.OutlineItem(part.title, len(report.pages))
            if part.level == 2 and chapter is not None and chapter.title == part.body_name:
                chapter.children.append(item)
            elif part.level == 2:
                chapter = pikepdf.OutlineItem(part.body_name, len(report.pages))
                chapter.children.append(item)
                outline.root.append(chapter)
            else:
                chapter = None
                outline.root.append(item)
            report.add_pages_from(pdf)
    report.docinfo["/Title"] = title
    output = io.BytesIO()
    report.save(output)
    return output.getvalue()
