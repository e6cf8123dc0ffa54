"""Findings: what a survey's answers add up to, the themes in what people wrote, and staff corrections."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from admin_app import context, db
from admin_app.auth import current_user, editors_only, roles_required
from admin_app.fields import parse_date
from admin_app.forms import ConfirmForm
from admin_app.registers import today
from admin_app.keys import keys_unlocked
from core.errors import NotFound, ValidationFailed
from core.models import Response, ResponseTheme, Survey, Theme
from core.services import findings as service
from core.services.release import is_released
from core.services.themes import active_themes

bp = Blueprint("findings", __name__, url_prefix="/findings")
READERS = ("admin", "staff", "board")
POLARITY_LABELS = {
    "development": "Development need",
    "good_practice": "Good practice",
    "neutral": "Neutral",
    "absent": "Not this theme",
}


def _period() -> tuple[dt.date, dt.date]:
    """?start= and ?end=, by default the last twelve months; a bad date is a 400 with a plain message."""
    end_raw, start_raw = request.args.get("end", ""), request.args.get("start", "")
    end = parse_date(end_raw) if end_raw else today()
    start = parse_date(start_raw) if start_raw else None
    if end is None or (start_raw and start is None):
        abort(400, "Dates must be real dates, like 2026-03-27.")
    # As on every staff form; a year 1 end would also overflow the default start a year before it.
    if any(day is not None and not 1990 <= day.year <= 2100 for day in (start, end)):
        abort(400, "Dates must be between 1990 and 2100.")
    start = start or end - dt.timedelta(days=365)
    if start > end:
        abort(400, "The start of the period must be on or before its end.")
    return start, end


@bp.get("/")
@roles_required(*READERS)
def index() -> ResponseReturnValue:
    corrections, kappa = service.model_agreement(db())
    return render_template(
        "findings/index.html",
        surveys=list(db().scalars(select(Survey).order_by(Survey.title))),
        run=service.latest_run(db()),
        corrections=corrections,
        kappa=kappa,
        model=service.latest_model(db()),
        form=ConfirmForm(),
    )


@bp.post("/analyse")
@editors_only
def analyse() -> ResponseReturnValue:
    """Theme what is new now, rather than waiting for the scheduled run."""
    classifier = context().classifiers.get(db())
    run = service.run_analysis(db(), context().keyring, classifier, today=today(), trigger="staff")
    flash(f"Theming: {run.analysed} of {run.pending} new responses. {run.message}".strip(), "message")
    return redirect(url_for("findings.index"))


@bp.get("/surveys/<int:survey_id>")
@roles_required(*READERS)
@keys_unlocked
def survey(survey_id: int) -> ResponseReturnValue:
    found = db().get(Survey, survey_id) if 0 < survey_id < 2**31 else None
    if found is None:
        raise NotFound("There is no such survey.")
    this_year = today().year
    years = service.reporting_years(db(), found, this_year)
    year_raw = request.args.get("year", "").strip()
    if year_raw and not (year_raw.isdigit() and int(year_raw) in years):
        abort(400, f"Choose a year from {years[-1]} to {years[0]}: findings are shown for whole calendar years.")
    result = service.survey_findings(
        db(),
        context().keyring,
        found,
        year=int(year_raw) if year_raw else this_year,
        user_id=current_user().id,
        k=context().settings.min_cell_size,
    )
    db().commit()  # the audit event of the read
    return render_template("findings/survey.html", findings=result, years=years, polarity_labels=POLARITY_LABELS)


@bp.get("/emerging")
@roles_required(*READERS)
@keys_unlocked
def emerging() -> ResponseReturnValue:
    """Recurring topics no codebook theme covers, for staff to add to the codebook."""
    start, end = _period()
    topics = service.emerging_topics(
        db(), context().keyring, start=start, end=end, user_id=current_user().id, k=context().settings.min_cell_size
    )
    db().commit()  # the audit events of the quotes shown
    return render_template("findings/emerging.html", topics=topics, start=start, end=end)


@bp.route("/responses/<response_id>/themes", methods=["GET", "POST"])
@editors_only
def correct(response_id: str) -> ResponseReturnValue:
    """Staff code a response's themes: the model's coding is replaced, kept, and used when it retrains."""
    if len(response_id) > 32 or db().get(Response, response_id) is None or not is_released(db(), response_id):
        raise NotFound("There is no such response.")
    themes = active_themes(db())
    if request.method == "POST":
        try:
            service.correct_theme(
                db(), current_user().id, response_id, request.form.get("theme", ""), request.form.get("polarity", "")
            )
        except ValidationFailed as exc:
            db().rollback()
            return _render_correct(response_id, themes, exc.errors, chosen=request.form), 400
        db().commit()
        flash("The theme coding is saved; the next training of the model learns from it.", "message")
        return redirect(url_for("findings.correct", response_id=response_id))
    return _render_correct(response_id, themes, {})


def _render_correct(
    response_id: str, themes: list[Theme], errors: dict[str, str], chosen: Mapping[str, str] | None = None
) -> str:
    coded = list(db().scalars(select(ResponseTheme).where(ResponseTheme.response_id == response_id)))
    labels = {t.code: t.label for t in themes}
    return render_template(
        "findings/correct.html",
        response_id=response_id,
        coded=coded,
        labels=labels,
        themes=themes,
        polarity_labels=POLARITY_LABELS,
        errors=errors,
        chosen=chosen or {},
        form=ConfirmForm(),
    )
