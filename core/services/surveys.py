"""Surveys: seeded templates, versioning, and validating the answers to a page."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from core.control_characters import remove_invisible_controls
from core.drafts import DRAFT_COLUMNS, DraftHandle, open_draft
from core.errors import NotFound, ValidationFailed
from core.models import (
    AUDIENCES,
    QUESTION_KINDS,
    Draft,
    Question,
    Response,
    Survey,
    SurveyPlan,
    SurveyVersion,
    answering_state,
)
from core.models.feedback import option_label
from core.pairing import MAX_CHARS, PAIRING_KIND


AGREE_SCALE = [
    {"value": "1", "label": "Strongly disagree"},
    {"value": "2", "label": "Disagree"},
    {"value": "3", "label": "Neither agree nor disagree"},
    {"value": "4", "label": "Agree"},
    {"value": "5", "label": "Strongly agree"},
]
FACES_SCALE = [
    {"value": "1", "label": "Really sad", "face": "very-sad"},
    {"value": "2", "label": "Sad", "face": "sad"},
    {"value": "3", "label": "OK", "face": "ok"},
    {"value": "4", "label": "Happy", "face": "happy"},
    {"value": "5", "label": "Really happy", "face": "very-happy"},
]
SCALED_KINDS = frozenset({"likert", "faces"})
CHOICE_KINDS = frozenset({"likert", "faces", "single", "multi"})
DEFAULT_MAX_TEXT = 2000


def _normalise_options(kind: str, raw: Sequence[Any] | None) -> list[dict[str, Any]]:
    if not raw:
        if kind == "likert":
            return [dict(o) for o in AGREE_SCALE]
        if kind == "faces":
            return [dict(o) for o in FACES_SCALE]
        return []
    options = []
    for item in raw:
        if isinstance(item, str):
            options.append({"value": item, "label": item})
        else:
            options.append(
                {
                    "value": str(item["value"]),
                    "label": str(item["label"]),
                    **{k: v for k, v in item.items() if k not in {"value", "label"}},
                }
            )
    return options


def definition_problems(definition: Mapping[str, Any]) -> list[str]:
    """Plain-words problems with a survey definition (empty when it is usable)."""
    problems = []
    if not str(definition.get("slug", "")).strip():
        problems.append("The survey needs a short web address (slug)")
    if not str(definition.get("title", "")).strip():
        problems.append("The survey needs a title")
    if definition.get("audience") not in AUDIENCES:
        problems.append("Choose who the survey is for")
    keys: set[str] = set()
    pages = definition.get("pages") or []
    if not pages:
        problems.append("The survey needs at least one question")
    for page in pages:
        for q in page.get("questions", []):
            key = str(q.get("key", ""))
            if not key or key in keys:
                problems.append(f"Question key '{key}' is missing or repeated")
            keys.add(key)
            # A pairing code is asked by the follow-up surveys the app makes, never offered in the survey builder.
            if q.get("kind") not in QUESTION_KINDS and q.get("kind") != PAIRING_KIND:
                problems.append(f"Question '{key}' has an unknown kind")
            if q.get("kind") in {"single", "multi"} and not q.get("options"):
                problems.append(f"Question '{key}' needs options to choose from")
    return problems


def build_version(definition: Mapping[str, Any], number: int) -> SurveyVersion:
    """A new SurveyVersion (not yet added) from a definition's pages and questions."""
    version = SurveyVersion(number=number, intro=str(definition.get("intro", "")), page_titles={})
    position = 0
    for page_number, page in enumerate(definition.get("pages", []), start=1):
        if page.get("title"):
            version.page_titles[str(page_number)] = str(page["title"])
        for q in page.get("questions", []):
            position += 1
            kind = str(q["kind"])
            version.questions.append(
                Question(
                    position=position,
                    page=page_number,
                    key=str(q["key"]),
                    kind=kind,
                    prompt=str(q["prompt"]),
                    hint=str(q.get("hint", "")),
                    options=_normalise_options(kind, q.get("options")),
                    required=bool(q.get("required", True)),
                    max_length=(int(q.get("max_length", DEFAULT_MAX_TEXT)) if kind == "text" else None),
                    measure=str(q.get("measure", "")),
                    theme=str(q.get("theme", "")),
                    flag_values=[str(v) for v in q.get("flag_values", [])],
                )
            )
    return version


def version_definition(version: SurveyVersion) -> dict[str, Any]:
    """The definition a version was built from (the inverse of `build_version`)."""
    pages: list[dict[str, Any]] = []
    for number in version.page_numbers:
        page: dict[str, Any] = {"questions": []}
        if version.page_titles.get(str(number)):
            page["title"] = version.page_titles[str(number)]
        for q in version.questions_on(number):
            page["questions"].append(
                {
                    "key": q.key,
                    "kind": q.kind,
                    "prompt": q.prompt,
                    "hint": q.hint,
                    "options": q.options,
                    "required": q.required,
                    "max_length": q.max_length,
                    "measure": q.measure,
                    "theme": q.theme,
                    "flag_values": q.flag_values,
                }
            )
        pages.append(page)
    survey = version.survey
    return {
        "slug": survey.slug,
        "title": survey.title,
        "audience": survey.audience,
        "summary": survey.summary,
        "intro": version.intro,
        "pages": pages,
    }


def load_templates() -> list[dict[str, Any]]:
    """The seeded survey templates shipped in core/data/surveys."""
    folder = resources.files("core.data") / "surveys"
    templates = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            templates.append(json.loads(entry.read_text(encoding="utf-8")))
    return templates


def create_survey(session: Session, definition: Mapping[str, Any], *, is_public: bool = True) -> Survey:
    """Create a survey with its first version."""
    problems = definition_problems(definition)
    if problems:
        raise ValueError("; ".join(problems))
    survey = Survey(
        slug=str(definition["slug"]),
        title=str(definition["title"]),
        audience=str(definition["audience"]),
        summary=str(definition.get("summary", "")),
        is_public=is_public,
        status="open",
    )
    survey.versions.append(build_version(definition, 1))
    session.add(survey)
    session.flush()
    return survey


def install_templates(session: Session) -> list[Survey]:
    """Create each template survey that does not exist yet (idempotent)."""
    created = []
    for template in load_templates():
        if session.scalar(select(Survey).where(Survey.slug == template["slug"])) is None:
            created.append(create_survey(session, template))
    return created


def response_count(session: Session, version: SurveyVersion) -> int:
    return (
        session.scalar(select(func.count()).select_from(Response).where(Response.survey_version_id == version.id)) or 0
    )


def revise_survey(session: Session, survey: Survey, definition: Mapping[str, Any]) -> SurveyVersion:
    """Apply an edit: a new version when the current one has responses, else a replacement of it.

    A replacement keeps the version number but gets a new id, so a version id always names one
    fixed set of questions (the public app caches them by id; drafts of the old one are dropped).
    """
    problems = definition_problems({**definition, "slug": survey.slug})
    if problems:
        raise ValueError("; ".join(problems))
    survey.title = str(definition["title"])
    survey.audience = str(definition["audience"])
    survey.summary = str(definition.get("summary", ""))
    current = survey.current_version
    replacing = response_count(session, current) == 0
    number = current.number if replacing else current.number + 1
    if replacing:
        # The number is unique per survey: park the old row on a free one until it is deleted below.
        current.number = -number
        session.flush()
    version = build_version(definition, number)
    survey.versions.append(version)
    session.flush()
    if replacing:
        # Deleted only after the new row is in: SQLite gives a new row the highest id + 1, so deleting first
        # would hand the old id, cached questions and drafts included, to the new questions.
        survey.versions.remove(current)
        session.flush()
    return version


SURVEY_STATUSES = ("open", "closed")


def set_survey_status(session: Session, survey: Survey, status: str) -> bool:
    """Open or close a survey to new answers; returns whether anything changed (the caller audits and commits).

    Closing keeps everything already sent and every receipt working; respondents part-way through
    see that the survey has closed when they next move on.
    """
    if status not in SURVEY_STATUSES:
        problem = "Choose whether the survey is open or closed"
        raise ValidationFailed({"status": problem}, problem)
    if survey.status == status:
        return False
    survey.status = status
    session.flush()
    return True


def public_surveys(session: Session, today: dt.date | None = None) -> list[Survey]:
    """The surveys listed on the public site: open, and (given today) within their schedule."""
    query = select(Survey).where(Survey.is_public.is_(True), Survey.status == "open")
    if today is not None:
        query = query.outerjoin(SurveyPlan, SurveyPlan.survey_id == Survey.id).where(
            or_(SurveyPlan.opens_on.is_(None), SurveyPlan.opens_on <= today),
            or_(SurveyPlan.closes_on.is_(None), SurveyPlan.closes_on >= today),
        )
    return list(session.scalars(query.order_by(Survey.id)))


@dataclass
class PageResult:
    """Answers that passed validation, and messages for those that did not (by question key)."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _error_for(question: QuestionLike, problem: str) -> str:
    prompt = question.prompt.rstrip("?.").lower()
    if question.kind == "faces":  # the faces are for children: their words
        if problem == "missing":
            return f"Choose a face for '{question.prompt}'"
        if problem == "invalid":
            return f"Choose one of the faces for '{question.prompt}'"
    if problem == "missing":
        if question.kind == "text":
            return f"Enter your answer to '{question.prompt}'"
        if question.kind == "multi":
            return f"Select at least one answer for '{question.prompt}'"
        return f"Select an answer for '{question.prompt}'"
    if problem == "invalid":
        return f"Select one of the answers listed for '{question.prompt}'"
    if problem == "too_long":
        return f"Your answer to '{question.prompt}' must be {question.max_length} characters or fewer"
    return f"There is a problem with your answer to {prompt}"


def validate_page(questions: Iterable[QuestionLike], form: Mapping[str, list[str]], *, max_text: int) -> PageResult:
    """Check the submitted values for one page's questions against their kind and options."""
    result = PageResult()
    for q in questions:
        values = [v for v in form.get(q.key, []) if v is not None]
        allowed = {str(o["value"]) for o in q.options}
        if q.kind in {"text", PAIRING_KIND}:
            # Invisible controls (NUL, ESC, bidi overrides...) are removed, not refused: the check page shows the rest.
            text = remove_invisible_controls(values[0] if values else "").strip()
            limit = min(q.max_length or max_text, max_text) if q.kind == "text" else MAX_CHARS * 2
            if len(values) > 1:
                result.errors[q.key] = _error_for(q, "invalid")
            elif not text:
                if q.required:
                    result.errors[q.key] = _error_for(q, "missing")
                else:
                    result.answers[q.key] = ""
            elif len(text) > limit:
                result.errors[q.key] = _error_for(q, "too_long").replace(str(q.max_length), str(limit))
            else:
                result.answers[q.key] = text
        elif q.kind == "multi":
            chosen = [v for v in values if v != ""]
            if any(v not in allowed for v in chosen) or len(set(chosen)) != len(chosen):
                result.errors[q.key] = _error_for(q, "invalid")
            elif not chosen and q.required:
                result.errors[q.key] = _error_for(q, "missing")
            else:
                order = [str(o["value"]) for o in q.options]
                result.answers[q.key] = sorted(chosen, key=order.index)
        else:
            if len(values) > 1:
                result.errors[q.key] = _error_for(q, "invalid")
            elif not values or values[0] == "":
                if q.required:
                    result.errors[q.key] = _error_for(q, "missing")
                else:
                    result.answers[q.key] = None
            elif values[0] not in allowed:
                result.errors[q.key] = _error_for(q, "invalid")
            else:
                result.answers[q.key] = values[0]
    return result


def answer_label(question: QuestionLike, value: Any) -> str:
    """How an answer reads on 'check your answers' and in the admin app."""
    if value is None or value == "" or value == []:
        return "Not answered"
    if question.kind == PAIRING_KIND:
        return "A code was given (kept only in a form that cannot be read back)"
    if question.kind == "multi":
        return ", ".join(question.option_label(v) for v in value)
    if question.kind in CHOICE_KINDS:
        return question.option_label(value)
    return str(value)


def flagged_by_choice(questions: Iterable[QuestionLike], answers: Mapping[str, Any]) -> bool:
    """True when a chosen answer is one that means a child may be unsafe."""
    return any(q.flag_values and str(answers.get(q.key)) in q.flag_values for q in questions)


def flagged_choices(questions: Iterable[QuestionLike], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (question, chosen answer) pairs that mean a child may be unsafe, so the respondent can be told why."""
    return [
        (q.prompt, q.option_label(str(answers.get(q.key))))
        for q in questions
        if q.flag_values and str(answers.get(q.key)) in q.flag_values
    ]


@dataclass(frozen=True)
class QuestionView:
    """A question as the public app shows it: plain, immutable, safe to share between requests."""

    id: int
    key: str
    kind: str
    prompt: str
    hint: str
    options: list[dict[str, Any]]
    required: bool
    max_length: int | None
    page: int
    measure: str
    flag_values: list[str]

    def option_label(self, value: str) -> str:
        return option_label(self.options, value)


# What answering needs of a question: the ORM row, or the cached view the public app shares between requests.
QuestionLike = Question | QuestionView


@dataclass(frozen=True)
class VersionView:
    """One survey version's fixed questions (an id names the same questions while the database keeps its history)."""

    id: int
    survey_id: int
    survey_slug: str
    number: int
    intro: str
    page_titles: dict[str, str]
    questions: tuple[QuestionView, ...]
    page_numbers: list[int]

    def questions_on(self, page: int) -> list[QuestionView]:
        return [q for q in self.questions if q.page == page]


@dataclass(frozen=True)
class SurveyView:
    """The survey row's current facts (read on every request: title and status can change)."""

    id: int
    slug: str
    title: str
    summary: str
    audience: str
    status: str
    version_id: int
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    is_public: bool = True  # False: answered only through an emailed invitation (a follow-up round)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def state_on(self, today: dt.date) -> str:
        """'open', 'not_yet' or 'closed' on this day, by its status and its schedule."""
        return answering_state(self.status, self.opens_on, self.closes_on, today)


_VERSION_CACHE: dict[int, VersionView] = {}
_VERSION_CACHE_LOCK = threading.Lock()
_VERSION_CACHE_SIZE = 256


def forget_cached_versions() -> None:
    """Drop every cached version: only for a database emptied and filled again, where ids come round again."""
    with _VERSION_CACHE_LOCK:
        _VERSION_CACHE.clear()


def _load_version_view(session: Session, version_id: int, survey_slug: str) -> VersionView:
    version = session.execute(
        select(SurveyVersion.survey_id, SurveyVersion.number, SurveyVersion.intro, SurveyVersion.page_titles).where(
            SurveyVersion.id == version_id
        )
    ).one()
    rows = session.execute(
        select(
            Question.id,
            Question.key,
            Question.kind,
            Question.prompt,
            Question.hint,
            Question.options,
            Question.required,
            Question.max_length,
            Question.page,
            Question.measure,
            Question.flag_values,
        )
        .where(Question.version_id == version_id)
        .order_by(Question.position)
    ).all()
    questions = tuple(QuestionView(*row) for row in rows)
    return VersionView(
        version_id,
        version.survey_id,
        survey_slug,
        version.number,
        version.intro,
        dict(version.page_titles or {}),
        questions,
        sorted({q.page for q in questions}),
    )


# Built once: every public page runs it, and building a statement costs more than running it.
_SURVEY_BY_SLUG = (
    select(
        Survey.id,
        Survey.slug,
        Survey.title,
        Survey.summary,
        Survey.audience,
        Survey.status,
        select(SurveyVersion.id)
        .where(SurveyVersion.survey_id == Survey.id)
        .order_by(SurveyVersion.number.desc())
        .limit(1)
        .correlate(Survey)
        .scalar_subquery(),
        SurveyPlan.opens_on,
        SurveyPlan.closes_on,
        Survey.is_public,
    )
    .outerjoin(SurveyPlan, SurveyPlan.survey_id == Survey.id)
    .where(Survey.slug == bindparam("slug"))
)


def survey_for_answering(session: Session, slug: str) -> tuple[SurveyView, VersionView]:
    """The survey and its current version's questions in one light query (questions cached per version id)."""
    return _views(session, _found(session.execute(_SURVEY_BY_SLUG, {"slug": _named(slug)}).one_or_none()))


# The survey and the respondent's draft in one statement: every page a respondent sees or sends needs both.
_SURVEY_WITH_DRAFT = _SURVEY_BY_SLUG.add_columns(*DRAFT_COLUMNS).outerjoin(Draft, Draft.id == bindparam("draft_id"))


def survey_with_draft(
    session: Session, slug: str, handle: DraftHandle | None, *, now: dt.datetime
) -> tuple[SurveyView, VersionView, dict[str, Any] | None]:
    """survey_for_answering, plus the respondent's draft for the current version (None if none will open)."""
    params = {"slug": _named(slug), "draft_id": handle.draft_id if handle else ""}
    row = _found(session.execute(_SURVEY_WITH_DRAFT, params).one_or_none())
    survey, version = _views(session, row)
    return survey, version, open_draft(handle, row[10:13], version.id, now=now)


def _named(slug: str) -> str:
    """The survey name from a web address, to look up; one with a NUL names none (PostgreSQL refuses to compare it)."""
    if "\x00" in slug:
        _found(None)
    return slug


def _found(row: Sequence[Any] | None) -> Sequence[Any]:
    # No such survey, or one with no version yet.
    if row is None or row[6] is None:
        raise NotFound("We could not find that survey. Check the web address, or go back to the list of surveys.")
    return row


def _views(session: Session, row: Sequence[Any]) -> tuple[SurveyView, VersionView]:
    survey = SurveyView(*row[:10])
    with _VERSION_CACHE_LOCK:
        version = _VERSION_CACHE.get(survey.version_id)
    # An id names one fixed set of questions only while the database keeps its history: emptied and filled
    # again (a restore into a running server, a test's fresh tables) the same id can name another survey's.
    if version is None or (version.survey_id, version.survey_slug) != (survey.id, survey.slug):
        version = _load_version_view(session, survey.version_id, survey.slug)
        with _VERSION_CACHE_LOCK:
            if len(_VERSION_CACHE) >= _VERSION_CACHE_SIZE:
                _VERSION_CACHE.clear()
            _VERSION_CACHE[survey.version_id] = version
    return survey, version
