"""The case review register: serious incidents and rapid reviews, local reviews, other reviews."""

from __future__ import annotations

from typing import Any, Iterable

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.exports import register_export_of
from admin_app.learning import panel
from admin_app.surveys_for import surveys_panel
from admin_app.forms import ReviewForm, ReviewStageForm
from admin_app.registers import RegisterPages, due_soon_days, save, today
from core.errors import ValidationFailed
from core.models import (
    REVIEW_KINDS,
    REVIEW_STAGES,
    Review,
    ReviewStage,
    labels,
)
from core.services import reviews as service
from core.services.deadlines import (
    DEADLINE_LABELS,
    STATUS_LABELS,
    notified_body,
    review_decision_label,
    review_kind_label,
)
from core.services.exports import columns, entry_columns, yes_no

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
pages = RegisterPages(bp, Review, "review")


EXPORT_COLUMNS = columns(
    {
        "Reference": "reference",
        "Kind": lambda r: review_kind_label(r.kind, r.decision_on),
        "Subject (pseudonym)": "subject",
        "Stage": lambda r: labels(REVIEW_STAGES, r.stage),
        **entry_columns("Lead agency"),
        "Became aware": "aware_on",
        "Notification due": "notification_due_on",
        "Notified": "notified_on",
        "Rapid review due": "rapid_review_due_on",
        "Rapid review sent": "rapid_review_on",
        "Decision": lambda r: review_decision_label(r.decision, r.decision_on),
        "Decision date": "decision_on",
        "Local review due": "local_review_due_on",
        "Completed": "completed_on",
        "Published": "published_on",
        "Closed": "closed_on",
        "Next deadline": lambda r: DEADLINE_LABELS.get(r.next_due_kind or "", ""),
        "Next deadline due": "next_due_on",
        "Family invited": lambda r: yes_no(r.family_invited),
        "Family took part": lambda r: yes_no(r.family_took_part),
        "Practitioners invited": lambda r: yes_no(r.practitioners_invited),
        "Practitioners took part": lambda r: yes_no(r.practitioners_took_part),
        "Lead reviewer": "lead_reviewer",
        "Summary": "summary",
    },
)


@register_export_of(bp, "Case reviews", service.ReviewFilters, EXPORT_COLUMNS)
def export_rows(filters: service.ReviewFilters) -> Iterable[Review]:
    """Every review with its stage, statutory dates and participation."""
    query = service.review_query(current_user(), filters, today(), due_soon_days())
    return db().scalars(query.options(selectinload(Review.agency)).order_by(Review.id))


@pages.listing(
    service.ReviewFilters.from_args,
    lambda session, user, filters, **paging: service.list_reviews(
        session, user, filters, today(), due_soon_days(), **paging
    ),
)
def listed(_filters: service.ReviewFilters) -> dict[str, Any]:
    return dict(
        kinds=list(REVIEW_KINDS.items()),
        stages=list(REVIEW_STAGES.items()),
        today=today(),
        soon=due_soon_days(),
        kind_label=review_kind_label,
        deadline_labels=DEADLINE_LABELS,
        stage_labels=REVIEW_STAGES,
    )


@pages.entry_page
def shown(review: Review, stage_form: ReviewStageForm | None = None) -> dict[str, Any]:
    stages = list(
        db().scalars(
            select(ReviewStage)
            .where(ReviewStage.review_id == review.id)
            .order_by(ReviewStage.entered_on, ReviewStage.id)
        )
    )
    results = None
    campaign = review.participation_campaign
    if campaign is not None and stage_form is None:
        results = service.participation_results(
            db(), context().keyring, campaign, user_id=current_user().id, k=context().settings.min_cell_size
        )
        db().commit()  # the audit event of the read
    return dict(
        stages=stages,
        deadlines=service.deadlines_of(review),
        today=today(),
        soon=due_soon_days(),
        kind_label=review_kind_label(review.kind, review.decision_on),
        notified_body=notified_body(review.notified_on or review.aware_on),
        stage_labels=REVIEW_STAGES,
        decision_label=review_decision_label(review.decision, review.decision_on),
        status_labels=STATUS_LABELS,
        results=results,
        campaign=campaign,
        keys_locked=not context().keyring.keys,
        learning=panel("review", review),
        **surveys_panel("review", review),
        stage_form=stage_form or ReviewStageForm(formdata=None, data={"entered_on": today()}),
    )


pages.entry_forms(
    ReviewForm,
    create=lambda session, user_id, details: service.create_review(session, user_id, details, today()),
    update=lambda session, user_id, review, details: service.update_review(session, user_id, review, details, today()),
    defaults=lambda: {"kind": request.args.get("kind", "serious_incident")},
)


@bp.post("/<int:review_id>/stage")
@editors_only
def stage(review_id: int) -> ResponseReturnValue:
    review = pages.load(review_id)
    form = ReviewStageForm()
    return save(
        form,
        lambda: service.record_stage(
            db(), current_user().id, review, **form.values(["stage", "entered_on", "decision", "note"])
        ),
        render=lambda: pages.render(pages.load(review_id), form),
        done=lambda _changes: (
            f"Recorded: {REVIEW_STAGES.get(review.stage, review.stage)}.",
            url_for("reviews.show", review_id=review.id),
        ),
    )


@bp.post("/<int:review_id>/campaign")
@editors_only
def create_campaign(review_id: int) -> ResponseReturnValue:
    review = pages.load(review_id)
    if review.participation_campaign_id is not None:
        raise ValidationFailed({}, "This review already has a participation campaign.")
    campaign = service.create_participation_campaign(db(), current_user().id, review, today())
    db().commit()
    flash(f"Participation campaign “{campaign.name}” opened and linked to this review.")
    return redirect(url_for("reviews.show", review_id=review.id))
