"""A member's to-dos in the subcommittee year: their comment on a draft review sheet of a body
they sit in, and their bodies' documents returned (or reopened) with a reason."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import DocumentStatus
from council.permissions import Access
from council.todos import Todo
from subcommittees.documents import KIND_OF
from subcommittees.models import ActionPlan, ReviewComment, ReviewSheet
from subcommittees.permissions import YEAR_DOCUMENTS


def member_todos(access: Access, council_id: int, fiscal_year_id: int) -> list[Todo]:
    bodies = [body for body, year in access.memberships if year == fiscal_year_id]
    if not access.is_member(council_id) or access.person_id is None or not bodies:
        return []
    in_seats = {
        "status": DocumentStatus.DRAFT,
        "body_year__fiscal_year_id": fiscal_year_id,
        "body_year__body_id__in": bodies,
        "body_year__body__council_id": council_id,
    }
    todos = []
    written = ReviewComment.objects.filter(
        sheet=OuterRef("pk"), person_id=access.person_id
    ).exclude(text="")
    sheets = (
        ReviewSheet.objects.filter(**in_seats)
        .exclude(Exists(written))
        .select_related("body_year__body", "body_year__fiscal_year")
        .order_by("body_year__body__order")
    )
    for sheet in sheets:
        body_year = sheet.body_year
        todos.append(
            Todo(
                label=_("Write your comment on the review sheet of %(body)s")
                % {"body": body_year.body.name},
                url=reverse(
                    "subcommittees:comment-edit",
                    args=[body_year.body_id, body_year.fiscal_year.year, access.person_id],
                ),
            )
        )
    for model in YEAR_DOCUMENTS:
        returned = (
            model.objects.filter(**in_seats)
            .exclude(status_reason="")
            .select_related("body_year__body", "body_year__fiscal_year")
            .order_by("body_year__body__order")
        )
        for document in returned:
            body_year = document.body_year
            if model is ActionPlan:
                url = reverse("subcommittees:plan-detail", args=[document.pk])
            else:
                url = reverse(
                    "subcommittees:sheet-detail",
                    args=[body_year.body_id, body_year.fiscal_year.year, KIND_OF[model].slug],
                )
            todos.append(
                Todo(
                    label=_("Revise the %(document)s of %(body)s: it was returned")
                    % {"document": KIND_OF[model].title, "body": body_year.body.name},
                    url=url,
                    detail=document.status_reason,
                )
            )
    return todos
