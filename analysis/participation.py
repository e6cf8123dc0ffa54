"""Results of a review's participation campaign: counts and averages, small numbers suppressed.

Pure: takes the questions (plain dicts) and the opened answers (one dict per response) and
returns dataclasses. Free text is never part of the result. A count of 1..k-1 people is
shown as "fewer than k", with secondary suppression so no hidden count can be worked out from
the number who answered; an average is shown only when at least k answered and no count of its
question is hidden (a mean beside hidden counts would give them away).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from analysis.suppression import (
    DEFAULT_K,
    SECONDARY_LABEL,
    Count,
    SuppressedTable,
    choose_one_table,
    safe_mean,
    suppress,
    suppress_table,
)

SCALE_KINDS = frozenset({"likert", "faces"})
CHOICE_KINDS = frozenset({"single", "multi"})


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    count: Count


@dataclass(frozen=True)
class QuestionResult:
    key: str
    prompt: str
    kind: str
    answered: Count
    options: tuple[OptionCount, ...]
    average: Optional[float]  # scale questions only, and only when answered >= k
    scale_max: int = 5


@dataclass(frozen=True)
class ParticipationResults:
    respondents: Count
    questions: tuple[QuestionResult, ...]
    k: int

    @property
    def suppressed(self) -> bool:
        """True when too few people answered for anything but "fewer than k" to be shown."""
        return self.respondents.suppressed


def _scale_value(raw: Any) -> Optional[float]:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def summarise(
    questions: Sequence[Mapping[str, Any]], answers: Iterable[Mapping[str, Any]], k: int = DEFAULT_K
) -> ParticipationResults:
    """Counts per option for choice and scale questions, and averages of scale questions."""
    rows = list(answers)
    results = []
    for q in questions:
        kind = str(q.get("kind", ""))
        if kind not in SCALE_KINDS and kind not in CHOICE_KINDS:
            continue  # free text is never summarised here
        key = str(q["key"])
        options = [(str(o["value"]), str(o["label"])) for o in q.get("options", [])]
        tallies = {value: 0 for value, _ in options}
        answered = 0
        scale: dict[float, int] = {}
        for row in rows:
            value = row.get(key)
            if value in (None, "", []):
                continue
            answered += 1
            for chosen in value if isinstance(value, list) else [value]:
                tallies[str(chosen)] = tallies.get(str(chosen), 0) + 1
                number = _scale_value(chosen) if kind in SCALE_KINDS else None
                if number is not None:
                    scale[number] = scale.get(number, 0) + 1
        labels = dict(options)
        # The number who answered is shown, so the options of one question form a group whose total is known; so are
        # the respondents, so those who skipped the question are a cell too (the findings page's rule).
        skipped = len(rows) - answered
        if kind == "multi":  # a multi's options overlap: they add up to nothing known
            table: SuppressedTable[str] = suppress_table(tallies, [list(tallies)], k)
            answered_hidden = bool(table.hidden_totals) or 0 < skipped < k
        else:
            table, answered_hidden = choose_one_table(tallies, skipped, k)
        counts = tuple(OptionCount(value, labels.get(value, value), count) for value, count in table.counts.items())
        shown_answered = suppress(answered, k)
        if answered_hidden and not shown_answered.suppressed:
            shown_answered = Count(answered, True, SECONDARY_LABEL)
        average = safe_mean(scale, table, k) if kind in SCALE_KINDS else None
        scale_max = max((int(v) for v, _ in options if v.isdigit()), default=5)
        results.append(QuestionResult(key, str(q.get("prompt", key)), kind, shown_answered, counts, average, scale_max))
    return ParticipationResults(suppress(len(rows), k), tuple(results), k)
