"""Pages of the written documents: list, preview, the structured editor, a part's page, the
in-place part buttons, issuing and reopening, and the PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from council import services, workflow
from council.current import council_for
from council.forms import editable_bodies
from council.history import history_url
from council.models import FiscalYear
from council.permissions import can, get_for, require
from council.views.helpers import back_url, form_data, form_page, saved, transition_page
from documents import structure, writings
from documents.downloads import pdf_response, stored_pdf_response
from documents.filters import WritingFilter
from documents.forms import (
    DocumentBlockFormSet,
    NewPartFormSet,
    PartActionForm,
    PartForm,
    WrittenForm,
)
from documents.models import DocumentPart, WrittenDocument, WrittenKind
from documents.published import current_pdf


def _writing(request: HttpRequest, pk: int, perm: str) -> WrittenDocument:
    queryset = WrittenDocument.objects.select_related(
        "council", "body", "author_body", "fiscal_year", "status_changed_by"
    )
    return get_for(request.user, perm, queryset, pk=pk)


def writing_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "writing.list", council)
    readable = (
        WrittenDocument.objects.visible_to(request.user)
        .filter(council=council)
        .select_related("body", "fiscal_year")
    )
    found = WritingFilter(request.GET, queryset=readable, council=council)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/writing_list.html",
        {
            "filter": found,
            "page": page,
            "query": query.urlencode(),
            "can_create": can(request.user, "writing.create", council),
        },
    )


def writing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _writing(request, pk, "writing.view")
    user = request.user
    can_edit = can(user, "writing.edit", document)
    data = writings.context(document, user)
    data.update(
        can_edit=can_edit,
        part_actions=list(structure.PART_ACTIONS.items()) if can_edit else [],
        part_action_url="writings:part-action",
        actions=[
            (action, writings.ACTION_LABELS[action])
            for action in workflow.allowed_actions(writings.FLOW, document.status)
            if can(user, f"writing.{action}", document)
        ],
        frozen=current_pdf(document),
        history_url=history_url(user, document),
    )
    return render(request, "documents/writing_detail.html", data)


@require_http_methods(["GET", "POST"])
def writing_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "writing.create", council)
    year = FiscalYear.objects.filter(council=council, is_current=True).first()
    kind = request.GET.get("kind")
    document = WrittenDocument(
        council=council, fiscal_year=year, kind=kind if kind in WrittenKind.values else ""
    )
    return _editor(request, document, council)


@require_http_methods(["GET", "POST"])
def writing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _writing(request, pk, "writing.edit")
    return _editor(request, document, document.council)


def _editor(request: HttpRequest, document: WrittenDocument, council: Any) -> HttpResponse:
    """The head and one new part; a failed save keeps every box as typed."""
    data = form_data(request)
    bodies = editable_bodies(request.user, council)
    form = WrittenForm(data, instance=document, council=council, bodies=bodies)
    parts = NewPartFormSet(
        data, instance=document, prefix="parts", queryset=DocumentPart.objects.none()
    )
    if form.is_bound and form.is_valid() and parts.is_valid():
        if not can(request.user, "writing.edit", form.instance):
            raise Http404("not the document's body")
        stored = saved(
            request, lambda: writings.writing_save(form=form, parts=parts, by=request.user), form
        )
        if stored and "add_part" in request.POST:
            return redirect(reverse("writings:writing-edit", args=[stored.pk]) + "#new-part")
        if stored:
            return redirect("writings:writing-detail", pk=stored.pk)
    return form_page(
        request,
        "documents/writing_form.html",
        {
            "form": form,
            "parts": parts,
            "document": document,
            "numbered": structure.numbered(document.parts.all()) if document.pk else [],
            "cancel": back_url(document, "writings:writing-detail", "writings:writing-list"),
        },
    )


@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, pk: int, part: int) -> HttpResponse:
    """One part: its number, heading, text and tags, and its content blocks (one empty block
    row per page, "save and add a block" for the next)."""
    document = _writing(request, pk, "writing.edit")
    siblings = list(document.parts.all())
    part = get_object_or_404(document.parts, pk=part)
    part.document = document
    data = form_data(request)
    head = PartForm(data, instance=part, initial={"revision": document.revision}, siblings=siblings)
    blocks = DocumentBlockFormSet(data, instance=part, prefix="blocks")
    if head.is_bound and head.is_valid() and blocks.is_valid():
        stored = saved(
            request,
            lambda: writings.writing_part_save(
                form=head, blocks=blocks, revision=head.cleaned_data["revision"], by=request.user
            ),
            head,
        )
        if stored and "add_block" in request.POST:
            return redirect(reverse("writings:part-edit", args=[pk, part.pk]) + "#new-block")
        if stored:
            return redirect(reverse("writings:writing-detail", args=[pk]) + f"#part-{part.pk}")
    label = next((n.label for n in structure.numbered(siblings) if n.part.pk == part.pk), "")
    return form_page(
        request,
        "documents/part_form.html",
        {
            "form": head,
            "blocks": blocks,
            "document": document,
            "part": part,
            "label": label,
            "cancel": reverse("writings:writing-detail", args=[pk]),
        },
    )


@require_http_methods(["POST"])
def part_action(request: HttpRequest, pk: int, part: int, action: str) -> HttpResponse:
    """One part moved, indented, outdented or deleted in place: a small form per button."""
    if action not in structure.PART_ACTIONS:
        raise Http404("unknown action")
    document = _writing(request, pk, "writing.edit")
    part = get_object_or_404(document.parts, pk=part)
    part.document = document
    form = PartActionForm(request.POST)
    try:
        if not form.is_valid() or form.cleaned_data["revision"] is None:
            raise services.StaleEdit(None)
        writings.writing_part_action(
            part=part, action=action, revision=form.cleaned_data["revision"], by=request.user
        )
    except services.StaleEdit:
        messages.error(request, services.StaleEdit.message)
    except structure.PartRefused as error:
        messages.error(request, str(error))
    return redirect(reverse("writings:writing-detail", args=[pk]) + f"#part-{part.pk}")


def writing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Once issued: exactly the PDF frozen then. Before: a fresh draft rendering."""
    document = _writing(request, pk, "writing.view")
    frozen = current_pdf(document)
    if frozen is not None:
        return stored_pdf_response(request, frozen, f"{document.title}.pdf")
    content = writings.render(document, user=request.user)
    if document.is_editable:
        return pdf_response(content, f"{document.title}（案）.pdf")
    return pdf_response(content, f"{document.title}.pdf")


@require_http_methods(["GET", "POST"])
def writing_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in writings.FLOW:
        raise Http404("unknown action")
    document = _writing(request, pk, f"writing.{action}")
    return transition_page(
        request,
        document=document,
        title=document.title,
        label=writings.ACTION_LABELS[action],
        needs_reason=action in writings.NEEDS_REASON,
        back=reverse("writings:writing-detail", args=[pk]),
        change=lambda reason: writings.writing_transition(
            document=document, action=action, by=request.user, reason=reason
        ),
    )
