"""The documents layer's rules: a background job, and the written documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from council.history import Related, register_history
from council.permissions import Access, Scope, may_create, oversees, reads, register, runs
from documents.models import DocumentBlock, DocumentPart, WrittenDocument, WrittenStatus
from documents.writings import ACTION_LABELS


def _job_view(a: Access, job: Any) -> bool:
    """The user who started the job, and no one else (a stranger gets 404)."""
    return a.user_id is not None and job.meta.get("user_id") == a.user_id


register(rules={"job.view": _job_view}, models={})


# Written documents (企画書, 実施状況報告…): drafts are the issuing (or writing) body's and the
# overseers'; issued ones every reader of the council sees. Members write them in the years
# they sit in the body; its chair or 事務局 issue them; reopening is the secretariat's.


def _seated(a: Access, document: WrittenDocument) -> bool:
    return any(
        body_id is not None and a.sits_in(body_id, document.fiscal_year_id)
        for body_id in (document.body_id, document.author_body_id)
    )


def _writing_view(a: Access, document: WrittenDocument) -> bool:
    if not a.reads(document.council_id):
        return False
    return document.status == WrittenStatus.ISSUED or oversees(a, document) or _seated(a, document)


def _writing_edit(a: Access, document: WrittenDocument) -> bool:
    if document.status != WrittenStatus.DRAFT:
        return False
    return runs(a, document) or (a.is_member(document.council_id) and _seated(a, document))


def _writing_issue(a: Access, document: WrittenDocument) -> bool:
    return runs(a, document) or (
        a.is_member(document.council_id) and (document.body_id, document.fiscal_year_id) in a.leads
    )


register(
    rules={
        "writing.list": reads,
        "writing.view": _writing_view,
        "writing.create": may_create,
        "writing.edit": _writing_edit,
        "writing.issue": _writing_issue,
        "writing.reopen": runs,
    },
    models={
        WrittenDocument: Scope(
            "council",
            lambda a: (
                Q(status=WrittenStatus.ISSUED)
                | a.seats("body", "fiscal_year")
                | a.seats("author_body", "fiscal_year")
            ),
            body="body",
        ),
        DocumentPart: Scope("document__council", body="document__body"),
        DocumentBlock: Scope("part__document__council", body="part__document__body"),
    },
)

register_history(
    "writing",
    WrittenDocument,
    actions=ACTION_LABELS,
    related=[
        Related(DocumentPart, "document", ("heading",)),
        Related(DocumentBlock, "part__document", ("kind",)),
    ],
)
