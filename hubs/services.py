"""Every write to the hub's records: set-up, plan rows, providers, reviews and their workflow."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.forms import BaseInlineFormSet, ModelForm

from council import workflow
from council.models import DocumentStatus, PublishedPDF
from council.permissions import require
from council.services import StaleEdit, record_save
from documents import jobs, published
from hubs import documents
from hubs.models import HubFigure, HubFunctionReview, HubPlan, HubProvider, HubReview, HubSetup


def _save_new_or_revised(form: ModelForm, by: Any) -> Any:
    """record_save, with a concurrent first save of the same natural key read as a stale edit."""
    try:
        with transaction.atomic():
            return record_save(form=form, by=by)
    except IntegrityError:
        raise StaleEdit from None


def setup_save(*, form: ModelForm, by: Any) -> HubSetup:
    require(by, "hubsetup.edit", form.instance)
    return _save_new_or_revised(form, by)


def plan_save(*, form: ModelForm, by: Any) -> HubPlan:
    require(by, "hub.edit", form.instance)
    return _save_new_or_revised(form, by)


def provider_save(*, form: ModelForm, coordinators: BaseInlineFormSet, by: Any) -> HubProvider:
    """The provider and its coordinators, saved together or not at all."""
    require(by, "hubprovider.edit", form.instance)
    with transaction.atomic():
        provider = _save_new_or_revised(form, by)
        coordinators.instance = provider
        coordinators.save()
    return provider


def review_save(
    *,
    form: ModelForm,
    figures: list[dict[str, Any]],
    texts: list[dict[str, Any]],
    by: Any,
) -> HubReview:
    """The review, its quarterly figures and per-function texts; rows that did not change are
    not saved again (each save would write a history record)."""
    require(by, "hubreview.edit", form.instance)
    with transaction.atomic():
        review = _save_new_or_revised(form, by)
        _upsert_rows(
            HubFigure.objects.filter(review=review),
            [{**row, "review": review} for row in figures],
            key=("function", "quarter"),
            values=HubFigure.METRICS,
            empty=None,
        )
        _upsert_rows(
            HubFunctionReview.objects.filter(review=review),
            [{**row, "review": review} for row in texts],
            key=("function",),
            values=("worked", "problems", "decisions"),
            empty="",
        )
    return review


def _upsert_rows(
    existing_rows: Any,
    wanted: list[dict[str, Any]],
    *,
    key: tuple[str, ...],
    values: tuple[str, ...],
    empty: Any,
) -> None:
    model = existing_rows.model
    existing = {tuple(getattr(row, k) for k in key): row for row in existing_rows}
    for data in wanted:
        row = existing.get(tuple(data[k] for k in key))
        new = {name: data.get(name, empty) for name in values}
        if row is None:
            if all(value in (None, "") for value in new.values()):
                continue  # nothing typed: no row
            model.objects.create(review=data["review"], **{k: data[k] for k in key}, **new)
        elif any(getattr(row, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(row, name, value)
            row.save()


def review_transition(*, review: HubReview, action: str, by: Any, reason: str = "") -> HubReview:
    """Lock, check, move, record; publishing freezes the PDF in the same transaction."""
    return published.transition(
        review,
        publish=lambda locked: publish_pdf(review=locked, by=by),
        action=action,
        by=by,
        perm=f"hubreview.{action}",
        table=workflow.SHEET,
        reason=reason,
        needs_reason=workflow.NEEDS_REASON,
        clears_reason={"approve"},
        related=["council", "fiscal_year", "meeting__body"],
    )


def publish_job(review_pk: int, user_id: int, page: str) -> str:
    """公開 on the job queue (it renders and freezes the PDF); returns the review's page."""
    review = HubReview.objects.select_related("council", "fiscal_year").get(pk=review_pk)
    jobs.report(0, 1, review.title)
    review_transition(review=review, action="publish", by=get_user_model().objects.get(pk=user_id))
    jobs.report(1, 1, review.title)
    return page


def publish_pdf(*, review: HubReview, by: Any) -> PublishedPDF:
    """Freeze the review: it prints only its own records, which only a draft may change."""
    return published.store(
        review,
        council_id=review.council_id,
        title=review.title,
        stem="hub-review",
        printed={},
        render=lambda publication: documents.review_pdf(review, publication)[2],
        by=by,
    )


def freeze_published(council_id: int) -> int:
    """Freeze the council's published reviews that have no frozen copy yet; returns how many."""
    reviews = HubReview.objects.filter(council_id=council_id, status=DocumentStatus.PUBLISHED)
    return published.freeze_all(
        reviews.select_related("council", "fiscal_year", "meeting__body"),
        lambda review: publish_pdf(review=review, by=None),
    )


def annual_parts(fiscal_year: Any, user: Any) -> list[tuple[str, bytes]]:
    """The hub's review of the year for the annual report: its frozen copy once published
    (its hash checked), else a rendering of the draft the reader may see (marked 案)."""
    reviews = HubReview.objects.visible_to(user).filter(fiscal_year=fiscal_year)
    parts = []
    for review in reviews.select_related("council", "fiscal_year", "meeting__body"):
        frozen = published.current_pdf(review)
        content = published.stored_content(frozen) if frozen else documents.review_pdf(review)[2]
        parts.append((review.title, content))
    return parts
