"""Results of a review's participation campaign: counts and averages, small numbers suppressed.

Pure: takes the questions (plain dicts) and the opened answers (one dict per response) and
returns dataclasses. Free text is never part of the result. A count of 1..k-1 people is
shown as "fewer than k"; an average is shown only when at least k people answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any, Iterable, Mapping, Optional, Sequence

from analysis.suppression import DEFAULT_K, Count, suppress

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


SECONDARY_LABEL = "not shown"


def secondary_suppress(tallies: Mapping[str, int], k: int = DEFAULT_K) -> dict[str, Count]:
    """Suppress counts below k, and when only one is hidden, hide the next smallest too.

    Otherwise the hidden count could be worked out from the total (which is shown).
    """
    counts = {value: suppress(n, k) for value, n in tallies.items()}
    hidden = [value for value, c in counts.items() if c.suppressed]
    if len(hidden) == 1:
        others = sorted((n, value) for value, n in tallies.items() if n > 0 and value not in hidden)
        if others:
            n, value = others[0]
            counts[value] = Count(n, True, SECONDARY_LABEL)
    return counts


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
        scale: list[float] = []
        for row in rows:
            value = row.get(key)
            if value in (None, "", []):
                continue
            answered += 1
            for chosen in value if isinstance(value, list) else [value]:
                tallies[str(chosen)] = tallies.get(str(chosen), 0) + 1
                if kind in SCALE_KINDS:
                    number = _scale_value(chosen)
                    if number is not None:
                        scale.append(number)
        labels = dict(options)
        counts = tuple(
            OptionCount(value, labels.get(value, value), count)
            for value, count in secondary_suppress(tallies, k).items()
        )
        average = round(mean(scale), 2) if kind in SCALE_KINDS and len(scale) >= k else None
        scale_max = max((int(v) for v, _ in options if v.isdigit()), default=5)
        results.append(
            QuestionResult(key, str(q.get("prompt", key)), kind, suppress(answered, k), counts, average, scale_max)
        )
    return ParticipationResults(suppress(len(rows), k), tuple(results), k)
