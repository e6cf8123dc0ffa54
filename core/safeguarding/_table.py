"""The shapes of the detector's tables: a rule, an entry of vocabulary, and what a match reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

KINDS = (
    "danger",
    "self_harm",
    "threat",
    "exploitation",
    "harm",
    "help",
    "radicalisation",
    "missing",
    "neglect",
    "afraid",
)
"""Every kind of concern, in the order that decides which kind is reported when rules of several kinds fire.

Danger comes first: it is about now. The rest are in the order whose first match agrees most often
with the kinds people gave the labelled set (docs/disclosures.md); a more specific kind (exploitation)
comes before the general one (harm) it is a form of.
"""

Veto = Callable[[str, "re.Match[str]"], bool]
"""Given the normalised text and a match of a rule's pattern, True if the match is not a disclosure."""


@dataclass(frozen=True)
class Concern:
    """Why a piece of text was flagged (the kind and a plain-words reason, never the text)."""

    kind: str
    reason: str


@dataclass(frozen=True)
class Rule:
    """One shape a disclosure takes: its kind, the reason shown, the pattern, its veto and a text it flags."""

    kind: str
    reason: str
    pattern: str
    veto: Veto
    example: str
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of concern: {self.kind}")
        object.__setattr__(self, "regex", re.compile(self.pattern))

    def fires(self, normalised: str) -> bool:
        """True if the pattern matches the normalised text somewhere its veto lets through."""
        return any(not self.veto(normalised, match) for match in self.regex.finditer(normalised))


@dataclass(frozen=True)
class Words:
    """A kind's vocabulary for the second layer: one strong word, or two different weaker ones, in a sentence."""

    kind: str
    reason: str
    strong: str
    weak: str
    strong_regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    weak_regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of concern: {self.kind}")
        object.__setattr__(self, "strong_regex", re.compile(r"\b(?:" + self.strong + r")\b"))
        object.__setattr__(self, "weak_regex", re.compile(r"\b(?:" + self.weak + r")\b"))
