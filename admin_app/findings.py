"""Findings: what a survey's answers add up to, the themes in what people wrote, and staff corrections."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from admin_app import context, db
from admin_app.auth import current_user, editors_only, roles_required
from admin_app.forms import ConfirmForm
from admin_app.registers import page_number, today
from admin_app.keys import opens_answers
from admin_app.learning import panel, register_source_page
from core.errors import ValidationFailed
from core.models import LEARNING_POLARITIES, Response, ResponseTheme, Survey
from core.services import findings as service
from core.services.listing import get_or_not_found, is_whole_number
from core.services.reading import OpenedResponse, read_response
from core.services.release import next_release_on, released_response
from core.services.themes import correction_themes, theme_labels

bp = Blueprint("findings", __name__, url_prefix="/findings")
# Board members read the findings and quotes too; partner users see only what is published.
READERS = ("admin", "staff", "board")
# Staff raise learning points straight from a survey's findings; they link back here, for those who may read them.
register_source_page("survey", "findings.survey", "survey_id", readers=READERS)
POLARITY_LABELS = {**LEARNING_POLARITIES, "neutral": "Neutral", "absent": "Not this theme"}


def _year(years: list[int]) -> int:
    """?year=, one of the offered calendar years (this year by default); anything else is a 400 with links to those."""
    raw = request.args.get("year", "").strip()
    if raw and not (is_whole_number(raw) and int(raw) in years):
        offered = f"{years[0]} only" if len(years) == 1 else f"the years {years[-1]} to {years[0]}"
        args = dict(request.view_args or {})
        links = [(y, url_for(request.endpoint or "findings.index", **args, year=y)) for y in years]
        page = render_template(
            "findings/year_refused.html",
            message=f"Findings are available for {offered}: they are shown for whole calendar years.",
            links=links,
        )
        abort(make_response(page, 400))
    return int(raw) if raw else years[0]


@bp.get("/")
@roles_required(*READERS)
def index() -> ResponseReturnValue:
    return render_template(
        "findings/index.html",
        surveys=list(db().scalars(select(Survey).order_by(Survey.title))),
        run=service.latest_run(db()),
        agreement=service.shown_agreement(db()),
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
@opens_answers(*READERS)
def survey(survey_id: int) -> ResponseReturnValue:
    found = get_or_not_found(db(), Survey, survey_id, "survey")
    years = service.reporting_years(db(), found, today().year)
    result = service.survey_findings(
        db(),
        context().keyring,
        found,
        year=_year(years),
        user_id=current_user().id,
        k=context().settings.min_cell_size,
    )
    db().commit()  # the audit event of the read
    return render_template(
        "findings/survey.html",
        findings=result,
        years=years,
        polarity_labels=POLARITY_LABELS,
        learning=panel("survey", found),
        next_release=next_release_on(db(), today(), every_days=context().settings.release_every_days),
    )


@bp.get("/emerging")
@opens_answers(*READERS)
def emerging() -> ResponseReturnValue:
    """Recurring topics no codebook theme covers, for staff to add to the codebook."""
    years = service.reporting_years(db(), None, today().year)
    year = _year(years)
    topics = service.emerging_topics(
        db(), context().keyring, year=year, user_id=current_user().id, k=context().settings.min_cell_size
    )
    db().commit()  # the audit events of the quotes shown
    return render_template("findings/emerging.html", topics=topics, year=year, years=years)


@bp.route("/responses/<response_id>/themes", methods=["GET", "POST"])
@opens_answers("admin", "staff")
def correct(response_id: str) -> ResponseReturnValue:
    """Staff code a response's themes: the model's coding is replaced, kept, and used when it retrains."""
    response = released_response(db(), response_id)
    if request.method == "POST":
        try:
            service.correct_theme(
                db(), current_user().id, response_id, request.form.get("theme", ""), request.form.get("polarity", "")
            )
        except ValidationFailed as exc:
            db().rollback()
            return _render_correct(response, exc.errors, chosen=request.form), 400
        db().commit()
        flash("The theme coding is saved; the next training of the model learns from it.", "message")
        return redirect(url_for("findings.correct", response_id=response_id, page=_responses_page()))
    return _render_correct(response, {})


def _responses_page() -> int | None:
    """The page of the survey's responses the person came from (?page=), to go back to it."""
    page = page_number()
    return page if page > 1 else None


def _render_correct(response: Response, errors: dict[str, str], chosen: Mapping[str, str] | None = None) -> str:
    """The coding form beside the response's stripped text; opening the text is a read, audit-logged."""
    coded = list(db().scalars(select(ResponseTheme).where(ResponseTheme.response_id == response.id)))
    opened = read_response(db(), context().keyring, response, user_id=current_user().id)
    db().commit()  # the audit event of the read
    return render_template(
        "findings/correct.html",
        response_id=response.id,
        survey=response.version.survey,
        opened=opened,
        back=url_for(
            "surveys.responses",
            survey_id=response.version.survey_id,
            page=_responses_page(),
            _anchor=f"resp-{response.id}",
        ),
        coded=coded,
        why=_why(response, opened, [t.theme_code for t in coded]),
        labels=theme_labels(db()),
        themes=correction_themes(db(), {t.theme_code for t in coded}),
        polarity_labels=POLARITY_LABELS,
        errors=errors,
        chosen=chosen or {},
        form=ConfirmForm(),
    )


def _why(response: Response, opened: OpenedResponse, codes: list[str]) -> dict[str, Any] | None:
    """What in the text each coded theme rests on, as the model in use reads it, by theme code: the passage
    and the words (worked out now, for this reader; never stored). None when there are no words to read."""
    if opened.error:
        return None
    answers = {a.question.key: a.value for a in opened.answers}
    text = service.free_text_of(response.version, answers, [t for _, t, _ in opened.addenda])
    if not text:
        return None
    return context().classifiers.get(db()).explain(text, codes) if codes else {}
