"""The subcommittee year's rules: its sheets, the members' comments and the regional issues."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from council.history import Related, register_history
from council.models import DocumentStatus
from council.permissions import (
    Access,
    Scope,
    council_id_of,
    may_create,
    oversees,
    reads,
    register,
    runs,
)
from council.workflow import ACTION_LABELS
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    RegionalIssue,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)

YEAR_DOCUMENTS = (ActivityPolicy, StatusReport, ReviewSheet, ActionPlan)


def _sits_in_year(a: Access, doc: Any) -> bool:
    body_year = doc.body_year
    return a.sits_in(body_year.body_id, body_year.fiscal_year_id)


def _sheet_view(a: Access, doc: Any) -> bool:
    """Published documents are for every reader; drafts for the body's members of that year
    and the overseers."""
    council_id = council_id_of(doc)
    if not a.reads(council_id):
        return False
    return doc.status == DocumentStatus.PUBLISHED or oversees(a, doc) or _sits_in_year(a, doc)


def _sheet_edit(a: Access, doc: Any) -> bool:
    council_id = council_id_of(doc)
    if doc.status != DocumentStatus.DRAFT:
        return False
    return runs(a, doc) or (a.is_member(council_id) and _sits_in_year(a, doc))


def _sheet_submit(a: Access, doc: Any) -> bool:
    """The body's chair or its 事務局 submit; the council secretariat may too."""
    body_year = doc.body_year
    council_id = council_id_of(doc)
    return runs(a, doc) or (
        a.is_member(council_id) and (body_year.body_id, body_year.fiscal_year_id) in a.leads
    )


def _comment_write(a: Access, comment: ReviewComment) -> bool:
    """Members write only their own comment, while the sheet is a draft; the secretariat any."""
    sheet = comment.sheet
    if sheet.status != DocumentStatus.DRAFT:
        return False
    council_id = council_id_of(comment)
    if runs(a, comment):
        return True
    return (
        a.is_member(council_id)
        and a.person_id is not None
        and comment.person_id == a.person_id
        and _sits_in_year(a, sheet)
    )


def _issue_edit(a: Access, issue: RegionalIssue) -> bool:
    """An issue spans years: its owning body's members of a current year edit it."""
    return runs(a, issue) or (a.is_member(issue.council_id) and issue.owner_id in a.current_bodies)


def _year_document_rows(a: Access) -> Q:
    return Q(status=DocumentStatus.PUBLISHED) | a.seats("body_year__body", "body_year__fiscal_year")


register(
    rules={
        "sheet.view": _sheet_view,
        "sheet.edit": _sheet_edit,
        "sheet.submit": _sheet_submit,
        "sheet.return": runs,
        "sheet.approve": runs,
        "sheet.publish": runs,
        "sheet.reopen": runs,
        "comment.write": _comment_write,
        "issue.view": reads,
        "issue.create": may_create,
        "issue.edit": _issue_edit,
        "year.rollover": runs,
        "year.unpublished": runs,
        "annual_report.view": reads,
    },
    models={
        **{
            model: Scope("body_year__body__council", _year_document_rows, body="body_year__body")
            for model in YEAR_DOCUMENTS
        },
        ReviewComment: Scope("sheet__body_year__body__council", body="sheet__body_year__body"),
        RegionalIssue: Scope("council", body="owner"),
    },
)

SHEET_ROW = ("body_year__body", "body_year__fiscal_year")
register_history("policy", ActivityPolicy, select=SHEET_ROW, actions=ACTION_LABELS)
register_history("report", StatusReport, select=SHEET_ROW, actions=ACTION_LABELS)
register_history(
    "review",
    ReviewSheet,
    select=SHEET_ROW,
    actions=ACTION_LABELS,
    related=[Related(ReviewComment, "sheet", ("person",))],
)
register_history(
    "plan",
    ActionPlan,
    select=SHEET_ROW,
    actions=ACTION_LABELS,
    related=[Related(ActionPlanRow, "plan", ("problem",))],
)
register_history(
    "issue",
    RegionalIssue,
    related=[Related(IssueEvent, "issue", ("fiscal_year",))],
    lists={"tags": RegionalIssue.Tag},
)
