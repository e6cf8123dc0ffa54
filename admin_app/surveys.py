"""Surveys and their responses, opened for authorised staff with every read audit-logged."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.forms import ConfirmForm, HandledForm
from admin_app.keys import opens_answers
from admin_app.registers import page_number
from admin_app.registers import today as registers_today
from core.errors import NotFound, ValidationFailed
from core.models import Response, Survey
from core.services import attention, release, retention, survey_plans
from core.services.audit import record
from core.services.listing import get_or_not_found
from core.services.findings import respondents_as_shown
from core.services.reading import count_responses, read_responses
from core.services.surveys import set_survey_status

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
PER_PAGE = 20
# Reading what respondents wrote is for the business unit; board and partner roles see aggregates.
READERS = ("admin", "staff")


def _survey(survey_id: int) -> Survey:
    return get_or_not_found(db(), Survey, survey_id, "survey")


@bp.get("/")
def index() -> ResponseReturnValue:
    surveys = list(db().scalars(select(Survey).order_by(Survey.title)))
    # All-time counts add up only what the yearly findings pages show, or they would give a hidden year away.
    counts = respondents_as_shown(db(), context().settings.min_cell_size)
    today = context().clock.now().date()
    plans = survey_plans.plans_by_survey(db())
    return render_template(
        "surveys/index.html",
        surveys=surveys,
        counts=counts,
        plans=plans,
        states={s.id: survey_plans.state(s, plans.get(s.id), registers_today()) for s in surveys},
        links=survey_plans.links_by_survey(db(), current_user()),
        retention=retention.overview(db(), context().settings.retention_years, today),
        retention_runs=retention.recent_runs(db(), limit=1),
    )


@bp.post("/<int:survey_id>/status")
@editors_only
def change_status(survey_id: int) -> ResponseReturnValue:
    """Close a survey to new answers, or open it again."""
    survey = _survey(survey_id)
    status = request.form.get("status", "")
    try:
        changed = set_survey_status(db(), survey, status)
    except ValidationFailed as exc:
        db().rollback()
        return render_template("errors/error.html", title="There is a problem", message=exc.message), 400
    cleared = survey_plans.reopen_past_close(db(), current_user().id, survey, registers_today()) if changed else None
    if changed:
        record(db(), current_user().id, "survey.status", "survey", survey.id, status=status)
        db().commit()
        flash(
            f"{survey.title} is now {'open to new answers' if status == 'open' else 'closed to new answers'}."
            + (f" Its closing date, {cleared.day} {cleared:%B %Y}, had passed, so it was taken off." if cleared else "")
        )
    return redirect(url_for("surveys.index"))


@bp.get("/<int:survey_id>/responses")
@opens_answers(*READERS)
def responses(survey_id: int) -> ResponseReturnValue:
    survey = _survey(survey_id)
    keyring = context().keyring
    page = page_number()
    total = count_responses(db(), survey)
    opened = read_responses(db(), keyring, survey, user_id=current_user().id, page=page, per_page=PER_PAGE)
    db().commit()
    return render_template(
        "surveys/responses.html",
        survey=survey,
        opened=opened,
        page=page,
        total=total,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        form=ConfirmForm(),
        handling=attention.handling_of(db(), [r.id for r in opened]),
        in_england=attention.in_england,
        min_batch=max(context().settings.release_min_batch, 1),
        every_days=max(context().settings.release_every_days, 1),
        next_release=release.next_release_on(db(), registers_today(), every_days=context().settings.release_every_days),
        **survey_plans.shown(db(), current_user(), survey, registers_today()),
    )


def _response(response_id: str) -> Response:
    return release.released_response(db(), response_id)


def _back_to(response: Response) -> ResponseReturnValue:
    return redirect(url_for("surveys.responses", survey_id=response.version.survey_id, _anchor=f"resp-{response.id}"))


@bp.route("/responses/<response_id>/handled", methods=["GET", "POST"])
@editors_only
def mark_handled(response_id: str) -> ResponseReturnValue:
    """Ask what was done about a flagged response, then mark it handled (or change the note)."""
    response = _response(response_id)
    if not response.needs_attention:
        raise NotFound("That response was not flagged as needing attention, so there is nothing to mark handled.")
    form = HandledForm()
    if form.validate_on_submit():
        attention.mark_handled(db(), current_user().id, response, form.note.data or "", context().clock.now())
        db().commit()
        flash("Marked as handled.")
        return _back_to(response)
    handling = attention.handling_of(db(), [response.id]).get(response.id)
    if request.method == "GET" and handling is not None:
        form.note.data = handling.note
    return render_template(
        "surveys/handled.html",
        form=form,
        response=response,
        released_on=release.release_dates(db(), [response.id])[response.id],
        handling=handling,
        in_england=attention.in_england,
    ), (400 if request.method == "POST" else 200)


@bp.post("/responses/<response_id>/handled/undo")
@editors_only
def undo_handled(response_id: str) -> ResponseReturnValue:
    """Put a response marked handled back among those needing attention."""
    response = _response(response_id)
    if attention.undo_handled(db(), current_user().id, response):
        db().commit()
        flash("No longer marked as handled: it is back among the responses to read first.")
    else:
        flash("That response was not marked as handled.")
    return _back_to(response)
