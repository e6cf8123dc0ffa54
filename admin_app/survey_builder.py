"""The survey builder: staff start a survey, add and arrange its questions, preview, check and publish it.

The work is in core.services.survey_builder; these views draw its forms and run the project's save cycle.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.fields import CheckboxField, ChoiceField, DateField, RegisterForm, TextField
from admin_app.forms import ConfirmForm
from admin_app.registers import act, save, today
from core.errors import ValidationFailed
from core.models import AUDIENCES, QUESTION_KINDS, Survey, SurveyDraft
from core.services import survey_builder as service
from core.services import survey_plans
from core.services.listing import get_or_not_found
from core.services.surveys import load_templates
from core.services.themes import correction_themes, theme_labels

bp = Blueprint("survey_builder", __name__, url_prefix="/surveys/build")
PAST_DATES_CONFIRM = "confirm_past_dates"


def _starts() -> list[tuple[str, str]]:
    templates = [(f"template:{t['slug']}", f"The template: {t['title']}") for t in load_templates()]
    copies = [(f"copy:{s.id}", f"A copy of: {s.title}") for s in db().scalars(select(Survey).order_by(Survey.title))]
    return [("blank", "A blank survey"), *templates, *copies]


class NewSurveyForm(RegisterForm):
    title = TextField("Title", phrase="a title", required=True, max_length=service.TITLE_MAX)
    audience = ChoiceField(
        "Who is it for?", phrase="who the survey is for", choices=list(AUDIENCES.items()), radios=True, required=True
    )
    start = ChoiceField("Start from", phrase="what to start from", choices=_starts, required=True)


class DetailsForm(RegisterForm):
    title = TextField("Title", phrase="a title", required=True, max_length=service.TITLE_MAX)
    audience = ChoiceField(
        "Who is it for?", phrase="who the survey is for", choices=list(AUDIENCES.items()), required=True
    )
    summary = TextField(
        "Summary on the list of surveys", phrase="the summary", max_length=service.INTRO_MAX, textarea=True, rows=2
    )
    intro = TextField(
        "Introduction on the first page", phrase="the introduction", max_length=service.INTRO_MAX, textarea=True
    )
    opens_on = DateField(
        "Opens on (optional)",
        phrase="the opening date",
        hint="The first day people can answer. Leave it empty to take answers as soon as it is published.",
    )
    closes_on = DateField(
        "Closes on (optional)",
        phrase="the closing date",
        hint="The last day people can answer. Leave it empty to take answers until you close it.",
    )
    purpose = ChoiceField(
        "What is the survey for?",
        phrase="what the survey is for",
        blank="Nothing in the registers",
        hint="A case review, an audit or a piece of themed work: the survey shows on its page.",
    )
    ORDER = (("closes_on", "opens_on", "The closing date must be the same as or after the opening date"),)


def _themes(keeping: str = "") -> list[tuple[str, str]]:
    """The codebook themes a question can count towards: those in use, and `keeping`, the one it already has even
    if taken out of use since (so the question can still be saved, or moved off it)."""
    return [
        (t.code, t.label if t.active else f"{t.label} (no longer in use)")
        for t in correction_themes(db(), {keeping} if keeping else set())
    ]


class QuestionForm(RegisterForm):
    kind = ChoiceField(
        "Kind of question", phrase="the kind of question", choices=list(QUESTION_KINDS.items()), required=True
    )
    prompt = TextField("Question", phrase="the question", required=True, max_length=service.PROMPT_MAX)
    hint = TextField(
        "Help text (optional)",
        phrase="the help text",
        max_length=service.HINT_MAX,
        textarea=True,
        rows=2,
        hint="Shown under the question. Remind people not to include names.",
    )
    options = TextField(
        "Answers to choose from",
        phrase="the answers",
        max_length=service.MAX_OPTIONS * (service.OPTION_MAX + 2),
        textarea=True,
        hint="One a line, for 'Choose one' and 'Choose all that apply'. An answer reworded in its place still "
        "counts as the same answer.",
    )
    theme = ChoiceField(
        "Codebook theme (optional)",
        phrase="the theme",
        choices=_themes,
        blank="None",
        hint="For rated questions: their answers count towards this theme in the key areas.",
    )
    required = CheckboxField("People must answer this question")
    page = ChoiceField("Page", phrase="the page", coerce=int, required=True)

    def spec(self) -> service.QuestionSpec:
        lines = tuple(line.strip() for line in (self.options.data or "").splitlines() if line.strip())
        return service.QuestionSpec(
            kind=str(self.kind.data),
            prompt=str(self.prompt.data),
            hint=self.hint.data or "",
            required=bool(self.required.data),
            options=lines,
            theme=self.theme.data or "",
        )


def _draft(draft_id: int) -> SurveyDraft:
    return service.get_draft(db(), draft_id)


def _question_form(draft: SurveyDraft, keeping_theme: str = "", **kwargs: Any) -> QuestionForm:
    form = QuestionForm(**kwargs)
    form.theme.choices = _themes(keeping_theme)
    pages = len(draft.definition.get("pages", []))
    form.page.choices = [(n, f"Page {n}") for n in range(1, pages + 1)] + [(pages + 1, "A new page")]
    return form


def _preview_url(draft: SurveyDraft) -> str:
    return f"{context().settings.public_base_url.rstrip('/')}/preview/{draft.preview_token}/"


def _details_form(draft: SurveyDraft, **kwargs: Any) -> DetailsForm:
    """The details form, its purposes listed with whatever the survey is already for."""
    plan = survey_plans.plan_of(db(), survey_plans.holder_of(db(), draft))
    current = survey_plans.purpose_value(plan)
    if "formdata" in kwargs:
        dates = {"opens_on": plan.opens_on, "closes_on": plan.closes_on} if plan else {}
        kwargs["data"] = {**draft.definition, **dates, "purpose": current}
    form = DetailsForm(**kwargs)
    form.purpose.choices = survey_plans.purpose_choices(db(), current)
    return form


def _past_dates_held(form: DetailsForm, draft: SurveyDraft) -> bool:
    """A new date already past is saved only once confirmed: a closing date past closes the survey at once."""
    plan = survey_plans.plan_of(db(), survey_plans.holder_of(db(), draft))
    past = [
        (field.phrase.removeprefix("the "), field.data)
        for field in (form.opens_on, form.closes_on)
        if field.data and field.data < today() and field.data != getattr(plan, field.name, None)
    ]
    if not past or not form.validate() or request.form.get(PAST_DATES_CONFIRM) == "yes":
        return False
    named = " and ".join(f"{what}, {day.day} {day:%B %Y}," for what, day in past)
    closing = form.closes_on.data in [day for _, day in past]
    g.past_dates_warning = (
        f"The {named} {'have' if len(past) > 1 else 'has'} already passed"
        + (": the survey will not take any answers." if closing else ".")
        + " Check the dates. If they are right, tick the box below and save again."
    )
    return True


def _render_draft(
    draft: SurveyDraft, *, details: DetailsForm | None = None, question: QuestionForm | None = None
) -> str:
    definition = draft.definition
    holder = survey_plans.holder_of(db(), draft)
    return render_template(
        "survey_builder/draft.html",
        draft=draft,
        definition=definition,
        **survey_plans.shown(db(), current_user(), holder, today()),
        survey_status=holder.status if isinstance(holder, Survey) else "",
        details=details or _details_form(draft, formdata=None),
        question=question or _question_form(draft, formdata=None, data={"required": True, "kind": "likert"}),
        checks=service.checks(definition),
        grade=service.reading_grade(definition),
        preview=_preview_url(draft),
        kinds=QUESTION_KINDS,
        themes=theme_labels(db()),
        confirm=ConfirmForm(),
    )


@bp.get("/")
@editors_only
def index() -> ResponseReturnValue:
    drafts = list(db().scalars(select(SurveyDraft).order_by(SurveyDraft.id.desc())))
    return render_template("survey_builder/index.html", drafts=drafts, form=NewSurveyForm(formdata=None), error="")


@bp.post("/new")
@editors_only
def new() -> ResponseReturnValue:
    form = NewSurveyForm()

    def change() -> SurveyDraft:
        kind, _, value = str(form.start.data).partition(":")
        return service.start_draft(
            db(),
            current_user().id,
            title=str(form.title.data),
            audience=str(form.audience.data),
            template=value if kind == "template" else "",
            copy_of=int(value) if kind == "copy" and value.isdigit() else None,
        )

    drafts = list(db().scalars(select(SurveyDraft).order_by(SurveyDraft.id.desc())))
    return save(
        form,
        change,
        render=lambda: render_template("survey_builder/index.html", drafts=drafts, form=form, error=""),
        done=lambda d: ("Draft started: add and arrange its questions, then publish.", url_for(".show", draft_id=d.id)),
    )


@bp.post("/import")
@editors_only
def import_file() -> ResponseReturnValue:
    upload = request.files.get("definition")
    try:
        if upload is None or not upload.filename:
            raise ValidationFailed({"file": "Choose a survey definition file (JSON) to import"})
        draft = service.import_definition(db(), current_user().id, upload.read(service.MAX_IMPORT_BYTES + 1))
    except ValidationFailed as exc:
        db().rollback()
        drafts = list(db().scalars(select(SurveyDraft).order_by(SurveyDraft.id.desc())))
        error = exc.errors.get("file", exc.message)
        return render_template(
            "survey_builder/index.html", drafts=drafts, form=NewSurveyForm(formdata=None), error=error
        ), 400
    db().commit()
    flash("Imported as a draft: check it, then publish.")
    return redirect(url_for(".show", draft_id=draft.id))


@bp.route("/<int:draft_id>", methods=["GET", "POST"])
@editors_only
def show(draft_id: int) -> ResponseReturnValue:
    """The draft; posting to it changes the survey's title, audience and words around the questions."""
    draft = _draft(draft_id)
    if request.method != "POST":
        return _render_draft(draft)
    form = _details_form(draft)
    if _past_dates_held(form, draft):
        return _render_draft(draft, details=form)

    def change() -> bool:
        values = form.values(["title", "audience", "intro", "summary"])
        service.set_details(db(), current_user().id, draft, **{k: v or "" for k, v in values.items()})
        plan = form.values(["opens_on", "closes_on"])
        changes = survey_plans.set_plan(db(), current_user().id, draft, **plan, purpose=form.purpose.data or "")
        return bool(changes) and draft.survey_id is not None

    return save(
        form,
        change,
        render=lambda: _render_draft(draft, details=form),
        done=lambda at_once: (
            "Saved." + (" The dates and what the survey is for apply to the published survey now." if at_once else ""),
            url_for(".show", draft_id=draft.id),
        ),
    )


@bp.post("/<int:draft_id>/questions")
@editors_only
def add_question(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    form = _question_form(draft)
    return save(
        form,
        lambda: service.add_question(db(), current_user().id, draft, form.values(["page"])["page"], form.spec()),
        render=lambda: _render_draft(draft, question=form),
        done=lambda key: ("Question added.", url_for(".show", draft_id=draft.id) + f"#question-{key}"),
    )


@bp.route("/<int:draft_id>/questions/<key>", methods=["GET", "POST"])
@editors_only
def edit_question(draft_id: int, key: str) -> ResponseReturnValue:
    draft = _draft(draft_id)
    current = service.question_of(draft, key)
    data = {**current, "options": service.options_text(current) if current.get("kind") in ("single", "multi") else ""}
    form = _question_form(draft, str(current.get("theme") or ""), data={**data, "page": 1})
    del form.page  # a question changes page by moving it

    return save(
        form,
        lambda: service.update_question(db(), current_user().id, draft, key, form.spec()),
        render=lambda: render_template("survey_builder/question.html", draft=draft, key=key, form=form),
        done=lambda _: ("Question saved.", url_for(".show", draft_id=draft.id) + f"#question-{key}"),
    )


def _act(draft: SurveyDraft, do: Callable[[], Any], message: str, then: str = "") -> ResponseReturnValue:
    """A one-button change to a draft, shown on the draft's page (or `then`); a refusal changes nothing."""
    return act(do, message, back=url_for(".show", draft_id=draft.id), then=then, page=lambda: _render_draft(draft))


@bp.post("/<int:draft_id>/questions/<key>/move")
@editors_only
def move_question(draft_id: int, key: str) -> ResponseReturnValue:
    draft = _draft(draft_id)
    step = -1 if request.form.get("direction") == "up" else 1
    then = url_for(".show", draft_id=draft.id) + f"#question-{key}"
    return _act(draft, lambda: service.move_question(db(), current_user().id, draft, key, step), "Moved.", then)


@bp.post("/<int:draft_id>/pages/<int:page>/move")
@editors_only
def move_page(draft_id: int, page: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    step = -1 if request.form.get("direction") == "up" else 1
    return _act(draft, lambda: service.move_page(db(), current_user().id, draft, page, step), "Page moved.")


@bp.post("/<int:draft_id>/questions/<key>/remove")
@editors_only
def remove_question(draft_id: int, key: str) -> ResponseReturnValue:
    draft = _draft(draft_id)
    return _act(draft, lambda: service.remove_question(db(), current_user().id, draft, key), "Question removed.")


@bp.post("/<int:draft_id>/publish")
@editors_only
def publish(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    published = "Published: the survey is open to answers on the public site."
    return _act(draft, lambda: service.publish(db(), current_user().id, draft), published, url_for("surveys.index"))


@bp.post("/<int:draft_id>/discard")
@editors_only
def discard(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)

    def delete() -> None:
        # Nothing brings a deleted draft back: the box must be ticked, so one click on the wrong button is harmless.
        if request.form.get("confirm") != "yes":
            raise ValidationFailed({"confirm": "Tick the box to confirm that you want to delete this draft"})
        service.discard(db(), current_user().id, draft)

    return _act(draft, delete, "Draft deleted.", url_for(".index"))


@bp.post("/surveys/<int:survey_id>/edit")
@editors_only
def edit_survey(survey_id: int) -> ResponseReturnValue:
    """Change a published survey's questions: a draft of its next version (the published one stays as it is)."""
    draft = service.draft_for(db(), current_user().id, get_or_not_found(db(), Survey, survey_id, "survey"))
    db().commit()
    return redirect(url_for(".show", draft_id=draft.id))


@bp.get("/surveys/<int:survey_id>/definition.json")
@editors_only
def export(survey_id: int) -> ResponseReturnValue:
    survey = get_or_not_found(db(), Survey, survey_id, "survey")
    return Response(
        service.export_definition(survey),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{survey.slug}.json"'},
    )
