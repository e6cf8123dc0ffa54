"""Staff build their own surveys: a draft definition edited question by question, checked, then published.

A draft holds a survey definition, the same JSON the installed templates use and exports carry
(core.services.surveys: definition_problems, build_version, version_definition). Publishing a new
survey creates it with version 1; publishing a change to a published survey always adds a new version,
so every answer stays tied to the questions it answered. Every change is audit-logged.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.control_characters import line_problem
from core.errors import NotFound, ValidationFailed
from core.presentation import same_words
from core.models import AUDIENCES, QUESTION_KINDS, Survey, SurveyDraft, SurveyPlan, Theme
from core.pairing import PAIRING_KIND
from core.readability import text_readability
from core.services.audit import record
from core.services.surveys import (
    SCALED_KINDS,
    build_version,
    definition_problems,
    load_templates,
    version_definition,
)

# A reading age of about 9 is a Flesch-Kincaid grade of about 4; a little over is allowed for short texts.
CHILD_GRADE_LIMIT = 5.0
PROMPT_MAX, HINT_MAX, INTRO_MAX, TITLE_MAX, OPTION_MAX = 500, 1_000, 5_000, 200, 200
MAX_QUESTIONS, MAX_OPTIONS, MAX_IMPORT_BYTES = 100, 30, 200_000
# Free text must never ask who someone is or how to reach them: answers are anonymous. Read a sentence at a time,
# so "Please do not write your name" (a warning, in a sentence with a negation) is not taken for a request.
_IDENTITY_WORDS = (
    r"(?:name|names|address|postcode|phone(?: number)?|telephone|mobile|e-?mail|contact details|date of birth)"
)
_ASKS_IDENTITY = re.compile(
    "|".join(
        (
            rf"\b(?:your|their|the child's|child's|parent's|carer's|full|home|contact)\s+(?:full\s+|home\s+)?{_IDENTITY_WORDS}\b",
            r"\b(?:first|last|given|family|middle|sur)\s*-?names?\b",
            rf"^\W*(?:full\s+)?{_IDENTITY_WORDS}(?:\s+address)?\s*(?:\([^)]*\))?\s*[:?]?\s*$",
            r"\b(?:e-?mail|home|postal)\s+address\b|\b(?:phone|mobile|telephone|contact)\s+number\b",
            r"\bdate of birth\b|\bnhs number\b|\bnational insurance\b|\bpostcode\b",
            r"\bwhere (?:do|does) (?:you|your family|the child|they) live\b|\bwho are you\b",
            r"\bhow (?:can|could|should) we (?:contact|reach|get in touch with) you\b|\bcan we contact you\b",
        )
    ),
    re.IGNORECASE,
)
_WARNING = re.compile(r"\b(?:not|don't|do not|never|no|without|avoid|leave out)\b|n't\b", re.IGNORECASE)


def asks_identity(prompt: str, hint: str = "") -> bool:
    """Whether a free-text question asks for a name, an address or a way to reach someone."""
    sentences = re.split(r"(?<=[.?!])\s+|\n", f"{prompt}\n{hint}")
    return any(_ASKS_IDENTITY.search(s.strip()) and not _WARNING.search(s) for s in sentences if s.strip())


@dataclass(frozen=True)
class QuestionSpec:
    """One question as staff write it."""

    kind: str
    prompt: str
    hint: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    theme: str = ""


@dataclass(frozen=True)
class Check:
    """One pre-publishing check in plain words: whether it passes, and what to do if not."""

    name: str
    passed: bool
    detail: str


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "survey"


def _unique_slug(session: Session, title: str) -> str:
    taken = set(session.scalars(select(Survey.slug)))
    taken |= {str(d.definition.get("slug", "")) for d in session.scalars(select(SurveyDraft))}
    base, n = _slug(title), 1
    slug = base
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _questions(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [q for page in definition.get("pages", []) for q in page.get("questions", [])]


def _new_draft(session: Session, user_id: int | None, definition: dict[str, Any], survey: Survey | None) -> SurveyDraft:
    draft = SurveyDraft(
        survey_id=survey.id if survey else None,
        definition=definition,
        preview_token=secrets.token_urlsafe(32),
        created_by_id=user_id,
    )
    session.add(draft)
    session.flush()
    record(session, user_id, "survey_draft.created", "survey_draft", draft.id, title=definition.get("title", ""))
    return draft


def start_draft(
    session: Session, user_id: int | None, *, title: str, audience: str, template: str = "", copy_of: int | None = None
) -> SurveyDraft:
    """A new survey's draft: blank, from an installed template, or a copy of another survey's questions."""
    title = title.strip()
    errors = {}
    if not title or len(title) > TITLE_MAX:
        errors["title"] = f"Enter a title of up to {TITLE_MAX} characters"
    if audience not in AUDIENCES:
        errors["audience"] = "Choose who the survey is for"
    source: dict[str, Any] = {"intro": "", "summary": "", "pages": []}
    if template:
        found = [t for t in load_templates() if t["slug"] == template]
        if not found:
            errors["template"] = "Choose a template from the list"
        else:
            source = copy.deepcopy(found[0])
    elif copy_of is not None:
        other = session.get(Survey, copy_of) if 0 < copy_of < 2**31 else None
        if other is None:
            errors["copy_of"] = "Choose a survey from the list"
        else:
            source = version_definition(other.current_version)
    if errors:
        raise ValidationFailed(errors)
    definition = {**source, "title": title, "audience": audience, "slug": _unique_slug(session, title)}
    return _new_draft(session, user_id, definition, None)


def draft_for(session: Session, user_id: int | None, survey: Survey) -> SurveyDraft:
    """The draft of a change to a published survey, started from its current questions if there is none."""
    draft = session.scalar(select(SurveyDraft).where(SurveyDraft.survey_id == survey.id))
    return draft or _new_draft(session, user_id, version_definition(survey.current_version), survey)


def get_draft(session: Session, draft_id: int) -> SurveyDraft:
    draft = session.get(SurveyDraft, draft_id) if 0 < draft_id < 2**31 else None
    if draft is None:
        raise NotFound("There is no such survey draft.")
    return draft


def draft_by_token(session: Session, token: str) -> SurveyDraft:
    # A token no draft can have is not looked up: PostgreSQL refuses a NUL outright (a 500, not a 404).
    well_formed = len(token) < 64 and "\x00" not in token
    draft = session.scalar(select(SurveyDraft).where(SurveyDraft.preview_token == token)) if well_formed else None
    if draft is None:
        raise NotFound("This preview link has expired: the survey was published or deleted. Ask for a new link.")
    return draft


def _changed(
    session: Session, user_id: int | None, draft: SurveyDraft, definition: dict[str, Any], action: str
) -> None:
    draft.definition = definition  # a new dict, so the JSON column sees the change
    draft.updated_at = dt.datetime.now(dt.timezone.utc)
    record(session, user_id, f"survey_draft.{action}", "survey_draft", draft.id)
    session.flush()


def set_details(
    session: Session, user_id: int | None, draft: SurveyDraft, *, title: str, audience: str, intro: str, summary: str
) -> None:
    errors = {}
    if not title.strip() or len(title) > TITLE_MAX:
        errors["title"] = f"Enter a title of up to {TITLE_MAX} characters"
    if audience not in AUDIENCES:
        errors["audience"] = "Choose who the survey is for"
    if len(intro) > INTRO_MAX:
        errors["intro"] = f"The introduction must be {INTRO_MAX:,} characters or fewer"
    if len(summary) > INTRO_MAX:
        errors["summary"] = f"The summary must be {INTRO_MAX:,} characters or fewer"
    if errors:
        raise ValidationFailed(errors)
    definition = {**copy.deepcopy(draft.definition), "title": title.strip(), "audience": audience}
    definition.update(intro=intro.strip(), summary=summary.strip())
    _changed(session, user_id, draft, definition, "details_changed")


def _spec_errors(session: Session, spec: QuestionSpec) -> dict[str, str]:
    errors = {}
    if spec.kind not in QUESTION_KINDS:
        errors["kind"] = "Choose the kind of question"
    if not spec.prompt.strip():
        errors["prompt"] = "Enter the question"
    elif len(spec.prompt) > PROMPT_MAX:
        errors["prompt"] = f"The question must be {PROMPT_MAX} characters or fewer"
    if len(spec.hint) > HINT_MAX:
        errors["hint"] = f"The help text must be {HINT_MAX:,} characters or fewer"
    if spec.kind in {"single", "multi"} and len(spec.options) < 2:
        errors["options"] = "Enter at least two answers to choose from, one a line"
    if len(spec.options) > MAX_OPTIONS or any(len(o) > OPTION_MAX for o in spec.options):
        errors["options"] = f"Enter up to {MAX_OPTIONS} answers of up to {OPTION_MAX} characters"
    twice = repeated_answer(spec.options) if spec.kind in {"single", "multi"} else None
    if twice is not None and "options" not in errors:
        errors["options"] = f"Each answer must be different: “{twice}” is there twice"
    if spec.theme and session.scalar(select(Theme.id).where(Theme.code == spec.theme)) is None:
        errors["theme"] = "Choose a theme from the codebook"
    return errors


def _question(spec: QuestionSpec, key: str) -> dict[str, Any]:
    question: dict[str, Any] = {"key": key, "kind": spec.kind, "prompt": spec.prompt.strip(), "required": spec.required}
    if spec.hint.strip():
        question["hint"] = spec.hint.strip()
    if spec.kind in {"single", "multi"}:
        question["options"] = [o.strip() for o in spec.options if o.strip()]
    if spec.theme and spec.kind in SCALED_KINDS:
        question["theme"] = spec.theme
    return question


def add_question(session: Session, user_id: int | None, draft: SurveyDraft, page: int, spec: QuestionSpec) -> str:
    """Add a question at the end of a page (a page one past the last starts a new page); returns its key."""
    definition = copy.deepcopy(draft.definition)
    pages = definition.setdefault("pages", [])
    errors = _spec_errors(session, spec)
    if not 1 <= page <= len(pages) + 1:
        errors["page"] = "Choose a page of the survey, or a new page"
    if len(_questions(definition)) >= MAX_QUESTIONS:
        errors["prompt"] = f"A survey can have up to {MAX_QUESTIONS} questions"
    if errors:
        raise ValidationFailed(errors)
    taken = {q["key"] for q in _questions(definition)}
    key = next(f"q{n}" for n in range(1, MAX_QUESTIONS + 2) if f"q{n}" not in taken)
    if page == len(pages) + 1:
        pages.append({"questions": []})
    pages[page - 1]["questions"].append(_question(spec, key))
    _changed(session, user_id, draft, definition, "question_added")
    return key


def _find(definition: dict[str, Any], key: str) -> tuple[int, int]:
    for p, page in enumerate(definition.get("pages", [])):
        for i, q in enumerate(page.get("questions", [])):
            if q.get("key") == key:
                return p, i
    raise NotFound("There is no such question in this draft.")


def question_of(draft: SurveyDraft, key: str) -> dict[str, Any]:
    p, i = _find(draft.definition, key)
    return dict(draft.definition["pages"][p]["questions"][i])


def _option_label(option: Any) -> str:
    return option if isinstance(option, str) else str(option.get("label", ""))


def options_text(question: Mapping[str, Any]) -> str:
    """A choice question's answers as staff edit them: each one's wording, one a line."""
    return "\n".join(_option_label(o) for o in question.get("options") or [])


def _kept_options(old: Mapping[str, Any], spec: QuestionSpec) -> list[Any] | None:
    """The answers an edited question keeps, so answers already given still read as what they meant.

    A rated question keeps its own scale (the form does not edit one). A choice question's line keeps the stored
    value (and anything else) of the answer with the same wording, in any capitals, or failing that of the answer
    that stood in the same place with a wording no line kept (a typo put right); other lines are new answers.
    None: the question's kind changed, so it starts afresh.
    """
    if old.get("kind") != spec.kind or not old.get("options"):
        return None
    if spec.kind not in {"single", "multi"}:
        return list(old["options"])  # from the caller's own copy of the definition
    lines = [o.strip() for o in spec.options if o.strip()]
    before = list(old["options"])
    wording = {_option_label(o).strip().casefold(): n for n, o in enumerate(before)}
    matched = {n: wording[line.casefold()] for n, line in enumerate(lines) if line.casefold() in wording}
    free = set(range(len(before))) - set(matched.values())
    kept: list[Any] = []
    for n, line in enumerate(lines):
        source = matched.get(n, n if n in free else None)
        option = before[source] if source is not None else line
        kept.append(line if isinstance(option, str) else {**option, "label": line})
    return kept


def _kind_of_answered_changes(session: Session, draft: SurveyDraft, old: Mapping[str, Any], spec: QuestionSpec) -> bool:
    """Whether the edit turns a question of the published survey into another kind of question. Its answers would
    no longer read as what they meant (a rating's "4" as a choice, a choice as free text); a rating may move
    between the agree scale and the faces, which store the same values."""
    if draft.survey_id is None or old.get("kind") == spec.kind:
        return False
    if {str(old.get("kind")), spec.kind} <= {"likert", "faces"}:
        return False
    survey = session.get(Survey, draft.survey_id)
    published = survey.current_version if survey is not None else None
    return published is not None and any(q.key == old.get("key") for q in published.questions)


def update_question(session: Session, user_id: int | None, draft: SurveyDraft, key: str, spec: QuestionSpec) -> None:
    """Change a question as staff wrote it; what the form does not edit (a rated question's scale, the stored
    values of a choice question's answers, flags and limits) stays as it was."""
    definition = copy.deepcopy(draft.definition)
    p, i = _find(definition, key)
    errors = _spec_errors(session, spec)
    if errors:
        raise ValidationFailed(errors)
    old = definition["pages"][p]["questions"][i]
    if _kind_of_answered_changes(session, draft, old, spec):
        raise ValidationFailed(
            {
                "kind": "People have already answered this question, so its kind cannot change: add a new question "
                "instead, and remove this one if it is no longer wanted"
            }
        )
    question = _question(spec, key)
    if old.get("kind") == spec.kind and "measure" in old:
        question["measure"] = old["measure"]
    if spec.kind == "text" and isinstance(old.get("max_length"), int):
        question["max_length"] = old["max_length"]
    options = _kept_options(old, spec)
    if options is not None:
        question["options"] = options
    if old.get("kind") == spec.kind and "flag_values" in old:
        values = {str(o if isinstance(o, str) else o.get("value")) for o in question.get("options") or []}
        question["flag_values"] = [v for v in old["flag_values"] if not values or str(v) in values]
    definition["pages"][p]["questions"][i] = question
    _changed(session, user_id, draft, definition, "question_changed")


def remove_question(session: Session, user_id: int | None, draft: SurveyDraft, key: str) -> None:
    definition = copy.deepcopy(draft.definition)
    p, i = _find(definition, key)
    del definition["pages"][p]["questions"][i]
    definition["pages"] = [page for page in definition["pages"] if page.get("questions")]
    _changed(session, user_id, draft, definition, "question_removed")


def move_question(session: Session, user_id: int | None, draft: SurveyDraft, key: str, step: int) -> None:
    """Move a question up or down; past the top or bottom of its page it joins the page before or after."""
    definition = copy.deepcopy(draft.definition)
    pages = definition["pages"]
    p, i = _find(definition, key)
    questions = pages[p]["questions"]
    target = i + step
    if 0 <= target < len(questions):
        questions[i], questions[target] = questions[target], questions[i]
    elif 0 <= p + step < len(pages):
        moving = questions.pop(i)
        neighbour = pages[p + step]["questions"]
        neighbour.insert(len(neighbour) if step < 0 else 0, moving)
        definition["pages"] = [page for page in pages if page.get("questions")]
    else:
        return
    _changed(session, user_id, draft, definition, "question_moved")


def move_page(session: Session, user_id: int | None, draft: SurveyDraft, page: int, step: int) -> None:
    definition = copy.deepcopy(draft.definition)
    pages = definition["pages"]
    if not (1 <= page <= len(pages) and 1 <= page + step <= len(pages)):
        return
    pages[page - 1], pages[page - 1 + step] = pages[page - 1 + step], pages[page - 1]
    _changed(session, user_id, draft, definition, "page_moved")


def reading_grade(definition: Mapping[str, Any]) -> float | None:
    """The Flesch-Kincaid grade of what a respondent reads: introduction, questions, help and answers."""
    parts = [str(definition.get("intro", ""))]
    for q in _questions(definition):
        parts += [str(q.get("prompt", "")), str(q.get("hint", ""))]
        parts += [str(o if isinstance(o, str) else o.get("label", "")) for o in q.get("options") or []]
    scores = text_readability("\n".join(p for p in parts if p.strip()))
    return round(scores.grade, 1) if scores.words else None


def checks(definition: Mapping[str, Any]) -> list[Check]:
    """The checks a draft must pass before it is published, in plain words."""
    questions = _questions(definition)
    found = definition_problems(definition)
    unlabelled = [q.get("key", "") for q in questions if not str(q.get("prompt", "")).strip()]
    asking = [
        q["prompt"]
        for q in questions
        if q.get("kind") == "text" and asks_identity(str(q.get("prompt", "")), str(q.get("hint", "")))
    ]
    result = [
        Check("The survey is complete", not found, "; ".join(found) or "A title, who it is for and its questions."),
        Check(
            "Every question has a label",
            not unlabelled,
            f"Write the question for {', '.join(unlabelled)}" if unlabelled else "Each question says what it asks.",
        ),
        Check(
            "No question asks who someone is",
            not asking,
            (f"Free-text questions must not ask for a name, address or contact details: change “{asking[0]}”")
            if asking
            else "No free-text question asks for a name, address or contact details.",
        ),
        Check(
            "Help and privacy",
            True,
            "Every page of the survey links to the help panel and the privacy notice.",
        ),
    ]
    if definition.get("audience") == "child":
        likert = [q["prompt"] for q in questions if q.get("kind") == "likert"]
        grade = reading_grade(definition)
        result.append(
            Check(
                "Children rate with faces",
                not likert,
                f"Use the faces scale, not agree or disagree, for “{likert[0]}”"
                if likert
                else "Rated questions use the faces scale.",
            )
        )
        easy = grade is None or grade <= CHILD_GRADE_LIMIT
        age = f"about {round(grade + 5)}" if grade is not None else "not measured yet"
        result.append(
            Check(
                "Short sentences and words",
                easy,
                f"Reading age {age}: aim for about 9." + ("" if easy else " Use shorter sentences and shorter words."),
            )
        )
    return result


def publish(session: Session, user_id: int | None, draft: SurveyDraft) -> Survey:
    """Publish a draft: a new survey with version 1, or a new version of the survey it changes."""
    failing = [c for c in checks(draft.definition) if not c.passed]
    if failing:
        raise ValidationFailed({"publish": " ".join(f"{c.name}: {c.detail}." for c in failing)})
    definition = draft.definition
    survey = session.get(Survey, draft.survey_id) if draft.survey_id else None
    if survey is None:
        survey = Survey(
            slug=str(definition["slug"]),
            title=str(definition["title"]),
            audience=str(definition["audience"]),
            summary=str(definition.get("summary", "")),
            status="open",
        )
        session.add(survey)
        number = 1
    else:
        survey.title, survey.audience = str(definition["title"]), str(definition["audience"])
        survey.summary = str(definition.get("summary", ""))
        number = survey.current_version.number + 1
    survey.versions.append(build_version(definition, number))
    session.flush()
    _plan_goes_with(session, draft, survey)
    session.delete(draft)
    session.flush()
    record(session, user_id, "survey.published", "survey", survey.id, version=number, title=survey.title)
    return survey


def _plan_goes_with(session: Session, draft: SurveyDraft, survey: Survey) -> None:
    """A new survey takes its draft's schedule and purpose (core.services.survey_plans) before the draft goes.

    Done here with the model alone: the public app's preview imports this module, and the plans service
    reaches code the public app must never import.
    """
    plan = session.scalar(select(SurveyPlan).where(SurveyPlan.draft_id == draft.id))
    taken = session.scalar(select(SurveyPlan.id).where(SurveyPlan.survey_id == survey.id))
    if plan is not None and taken is None:
        plan.survey_id, plan.draft_id = survey.id, None
        session.flush()


def discard(session: Session, user_id: int | None, draft: SurveyDraft) -> None:
    record(session, user_id, "survey_draft.discarded", "survey_draft", draft.id)
    session.delete(draft)
    session.flush()


def export_definition(survey: Survey) -> str:
    """The survey's current questions as JSON, to share with another partnership."""
    return json.dumps(version_definition(survey.current_version), indent=2, ensure_ascii=False)


def import_definition(session: Session, user_id: int | None, raw: bytes) -> SurveyDraft:
    """A draft from a shared definition; an unusable one is refused naming the problem, and nothing is written."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            {"file": f"The file is too large: a survey definition is under {MAX_IMPORT_BYTES // 1000} KB"}
        )
    try:
        # utf-8-sig: a file saved by Windows Notepad starts with a byte-order mark, which is no reason to refuse it.
        definition = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise ValidationFailed({"file": "The file is not a survey definition: it is nested far too deeply"}) from None
    except UnicodeDecodeError:
        raise ValidationFailed({"file": "The file is not UTF-8 text: export it again as JSON"}) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed({"file": f"The file is not valid JSON (line {exc.lineno}): {exc.msg}"}) from None
    except ValueError:  # a whole number of more than 4300 digits, which Python's JSON reader refuses to read
        raise ValidationFailed({"file": "The file is not valid JSON: it holds a number with too many digits"}) from None
    if not isinstance(definition, dict) or not isinstance(definition.get("pages"), list):
        raise ValidationFailed({"file": "The file is not a survey definition: it needs a title, audience and pages"})
    problems = import_problems(session, definition) or definition_problems({**definition, "slug": "imported"})
    if problems:
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ValidationFailed({"file": "The survey cannot be imported: " + "; ".join(problems[:10]) + more})
    definition["slug"] = _unique_slug(session, str(definition["title"]))
    return _new_draft(session, user_id, definition, None)


# What an imported definition may hold, level by level: each field's rule says what is wrong with a value, or
# nothing. The limits are the builder's own (its forms and _spec_errors), so an import holds no more than they do.
Rule = Callable[[Any], "str | None"]
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")  # a question's key goes in the builder's links: never a "/"
TEXT_ANSWER_MAX = 20_000  # the most a free-text question may allow (the public app also caps each answer)
MEASURE_MAX = 80  # Question.measure and Question.theme are 80 characters at most


def _text(
    limit: int,
    *,
    blank: bool = True,
    pattern: re.Pattern[str] | None = None,
    shape: str = "",
    multi_line: bool = False,
) -> Rule:
    """A rule for text: one line (a title, a prompt, an answer) unless `multi_line` (a summary, a hint)."""

    def rule(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text of up to {limit:,} characters"
        if len(value) > limit:
            return f"must be {limit:,} characters or fewer"
        if not blank and not value.strip():
            return "must not be empty"
        if problem := line_problem(value, multi_line=multi_line):
            return problem
        if pattern is not None and not pattern.fullmatch(value):
            return shape
        return None

    return rule


def _one_of(values: Iterable[str]) -> Rule:
    allowed = sorted(values)
    return lambda value: (
        None if isinstance(value, str) and value in allowed else "must be one of: " + ", ".join(allowed)
    )


def _whole(least: int, most: int, *, null: bool = False) -> Rule:
    def rule(value: Any) -> str | None:
        if (value is None and null) or (type(value) is int and least <= value <= most):
            return None
        return f"must be a whole number from {least} to {most:,}"

    return rule


def _yes_or_no(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _list_of(item: Rule, most: int) -> Rule:
    def rule(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        if len(value) > most:
            return f"must have {most} items or fewer"
        found = [(n, item(v)) for n, v in enumerate(value, start=1)]
        return next((f"item {n} {problem}" for n, problem in found if problem), None)

    return rule


_ANY_LIST = _list_of(lambda _value: None, 10_000)  # a list whose items are checked level by level
_SURVEY_RULES: dict[str, tuple[Rule, bool]] = {  # field -> (rule, whether the field must be there)
    "title": (_text(TITLE_MAX, blank=False), True),
    "audience": (_one_of(AUDIENCES), True),
    "pages": (_ANY_LIST, True),
    "slug": (_text(TITLE_MAX), False),  # the import takes a slug of its own
    "summary": (_text(INTRO_MAX, multi_line=True), False),
    "intro": (_text(INTRO_MAX, multi_line=True), False),
}
_PAGE_RULES = {"questions": (_ANY_LIST, True), "title": (_text(TITLE_MAX), False)}
_QUESTION_RULES = {
    "key": (_text(40, pattern=KEY_PATTERN, shape="must be up to 40 letters, numbers, - or _"), True),
    "kind": (_one_of([*QUESTION_KINDS, PAIRING_KIND]), True),
    "prompt": (_text(PROMPT_MAX, blank=False), True),
    "hint": (_text(HINT_MAX, multi_line=True), False),
    "required": (_yes_or_no, False),
    "options": (_list_of(lambda _value: None, MAX_OPTIONS), False),  # each answer is checked by _option_problems
    "max_length": (_whole(1, TEXT_ANSWER_MAX, null=True), False),
    "measure": (_text(MEASURE_MAX), False),
    "theme": (_text(MEASURE_MAX), False),
    "flag_values": (_list_of(_text(OPTION_MAX, blank=False), MAX_OPTIONS), False),
}
_OPTION_RULES = {
    "value": (_text(OPTION_MAX, blank=False), True),
    "label": (_text(OPTION_MAX, blank=False), True),
    "face": (_text(MEASURE_MAX), False),
    # Ticking it rules the others out ("None of these"); false keeps an option such as "None of the time" ordinary.
    "exclusive": (_yes_or_no, False),
}


def _field_problems(where: str, value: Any, rules: Mapping[str, tuple[Rule, bool]]) -> list[str]:
    """What is wrong with one object of the definition (the survey, a page, a question, an answer), by field."""
    needed = [name for name, (_rule, required) in rules.items() if required]
    if not isinstance(value, dict):
        return [f"{where} must be an object with " + ", ".join(f'"{name}"' for name in needed)]
    problems = [f'{where} needs "{name}"' for name in needed if name not in value]
    problems += [f'{where}: "{name[:40]}" is not a field of a survey definition' for name in value if name not in rules]
    for name, (rule, _required) in rules.items():
        problem = rule(value[name]) if name in value else None
        if problem:
            problems.append(f'{where}: "{name}" {problem}')
    return problems


def repeated_answer(labels: Iterable[str]) -> str | None:
    """The first answer given twice (the same words, whatever their case or spacing), or None."""
    seen: set[str] = set()
    for label in labels:
        folded = same_words(label)
        if folded in seen:
            return " ".join(label.split())[:60]
        seen.add(folded)
    return None


def _option_problems(where: str, options: list[Any]) -> list[str]:
    problems: list[str] = []
    for n, option in enumerate(options, start=1):
        if isinstance(option, str):
            problem = _OPTION_RULES["label"][0](option)
            problems += [f"{where}, answer {n} {problem}"] if problem else []
        elif isinstance(option, dict):
            problems += _field_problems(f"{where}, answer {n}", option, _OPTION_RULES)
        else:
            problems.append(f'{where}, answer {n} must be text, or an object with "value" and "label"')
    if problems:
        return problems
    labels = [o if isinstance(o, str) else o["label"] for o in options]
    values = [o if isinstance(o, str) else o["value"] for o in options]
    twice = repeated_answer(labels)
    if twice is not None:
        return [f"{where}: each answer must be different, and “{twice}” is there twice"]
    if len(set(values)) < len(values):
        return [f'{where}: each answer must have a different "value"']
    return []


def _question_problems(where: str, question: Any, themes: set[str]) -> list[str]:
    problems = _field_problems(where, question, _QUESTION_RULES)
    if not isinstance(question, dict):
        return problems
    theme, options = question.get("theme", ""), question.get("options")
    if theme and _QUESTION_RULES["theme"][0](theme) is None and theme not in themes:
        problems.append(f'{where}: "theme" must be the code of a theme in the codebook')
    if question.get("kind") == "text" and "max_length" in question and question["max_length"] is None:
        problems.append(f'{where}: "max_length" must be a whole number from 1 to {TEXT_ANSWER_MAX:,}')
    if isinstance(options, list) and len(options) <= MAX_OPTIONS:
        problems += _option_problems(where, options)
    return problems


def import_problems(session: Session, definition: Any) -> list[str]:
    """What is wrong with an imported definition, each problem naming its page or question and field."""
    problems = _field_problems("the survey", definition, _SURVEY_RULES)
    pages = definition.get("pages") if isinstance(definition, dict) else None
    themes = set(session.scalars(select(Theme.code)))
    count = 0
    for p, page in enumerate(pages if isinstance(pages, list) else [], start=1):
        problems += _field_problems(f"page {p}", page, _PAGE_RULES)
        questions = page.get("questions") if isinstance(page, dict) else None
        if isinstance(questions, list) and not questions:
            problems.append(f"page {p} has no questions")
        for question in questions if isinstance(questions, list) else []:
            count += 1
            problems += _question_problems(f"question {count}", question, themes)
    if count > MAX_QUESTIONS:
        problems.insert(0, f"a survey can have up to {MAX_QUESTIONS} questions")
    return problems
