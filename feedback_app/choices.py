"""Checkbox answers that rule out the others ("None of these"), the GOV.UK exclusive-checkbox pattern.

An option is exclusive when its definition says so (`"exclusive": true`) or, failing that, when its words say
none of the others apply ("None", "None of these", "None of the above", "No, none of these"...). Surveys made
in the builder or from a template hold options as plain words, so reading the words is what makes every
survey behave the same; an explicit `"exclusive": false` keeps an option like "None of the time" ordinary.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from core.services.surveys import PageResult, QuestionLike

# "none" on its own or followed by "of ...", optionally after "no,": not "None of the time" or "Nonetheless".
_NONE_WORDS = re.compile(r"(?:no,?\s+)?none(?:\s+of\s+(?:these|those|them|the\s+above|the\s+things\s+listed))?")


def is_exclusive(option: Mapping[str, Any]) -> bool:
    """True when ticking this option means none of the others apply."""
    marked = option.get("exclusive")
    if isinstance(marked, bool):
        return marked
    words = " ".join(re.sub(r"[^\w\s,]", " ", str(option.get("label", ""))).casefold().split())
    return _NONE_WORDS.fullmatch(words.rstrip(",")) is not None


def exclusive_values(question: QuestionLike) -> list[str]:
    """The values of a checkbox question's exclusive options (none for other kinds)."""
    if question.kind != "multi":
        return []
    return [str(o["value"]) for o in question.options if is_exclusive(o)]


def refuse_mixed_exclusive(questions: Iterable[QuestionLike], result: PageResult) -> None:
    """Turn 'None of these' ticked together with other answers into an error on that question."""
    for q in questions:
        chosen = result.answers.get(q.key)
        if q.key in result.errors or not isinstance(chosen, list) or len(chosen) < 2:
            continue
        ticked = [v for v in exclusive_values(q) if v in chosen]
        if ticked:
            label = q.option_label(ticked[0])
            result.errors[q.key] = (
                f"For '{q.prompt}', select '{label}' on its own, or untick it and select the answers that apply"
            )
            del result.answers[q.key]
