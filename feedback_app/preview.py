"""A survey draft previewed exactly as respondents will see it, through the same pages; nothing is kept.

The staff app links here with the draft's random preview token. Answers are checked as on the real
survey, so staff see the same messages, but nothing is saved, stripped or sent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from core.errors import NotFound
from core.services.survey_builder import draft_by_token
from core.services.surveys import QuestionView, SurveyView, VersionView, build_version, validate_page
from feedback_app import context, db
from feedback_app.choices import refuse_mixed_exclusive
from feedback_app.surveys import render_page, typed

bp = Blueprint("preview", __name__, url_prefix="/preview")


def _views(token: str) -> tuple[SurveyView, VersionView]:
    definition = draft_by_token(db(), token).definition
    built = build_version(definition, 0)
    questions = tuple(
        QuestionView(
            n, q.key, q.kind, q.prompt, q.hint, q.options, q.required, q.max_length, q.page, q.measure, q.flag_values
        )
        for n, q in enumerate(built.questions, start=1)
    )
    slug = str(definition.get("slug", ""))
    survey = SurveyView(
        0,
        slug,
        str(definition.get("title", "")),
        str(definition.get("summary", "")),
        str(definition.get("audience", "")),
        "open",
        0,
    )
    pages = sorted({q.page for q in questions})
    return survey, VersionView(0, 0, slug, 0, built.intro, dict(built.page_titles), questions, pages)


@bp.get("/<token>/")
def start(token: str) -> ResponseReturnValue:
    survey, version = _views(token)
    first = url_for(".page", token=token, number=version.page_numbers[0]) if version.page_numbers else ""
    return render_template(
        "surveys/start.html",
        survey=survey,
        version=version,
        pages=len(version.page_numbers),
        preview={"start": first, "finished": request.args.get("finished") == "1"},
    )


@bp.route("/<token>/page/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int) -> ResponseReturnValue:
    survey, version = _views(token)
    questions = version.questions_on(number)
    if not questions:
        raise NotFound("That page of the survey does not exist.")
    pages = version.page_numbers
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        result = validate_page(questions, request.form.to_dict(flat=False), max_text=context().settings.max_text_length)
        refuse_mixed_exclusive(questions, result)
        errors = result.errors
        if not errors:
            following = [p for p in pages if p > number]
            if following:
                return redirect(url_for(".page", token=token, number=following[0]))
            return redirect(url_for(".start", token=token, finished=1))
        values = typed(questions)
    index = pages.index(number)
    back = url_for(".page", token=token, number=pages[index - 1]) if index else url_for(".start", token=token)
    return render_page(survey, version, number, values=values, errors=errors, back=back, preview={"start": ""})
