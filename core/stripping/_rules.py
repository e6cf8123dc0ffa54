"""Pattern rules as data: each rule is one entry (kind, reason, named priority, pattern, gate,
veto, example), and one loop reads them all."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union

from ._tokens import Tokens
from ._vocab import _Cand


class Priority:
    """Which of two overlapping candidates wins: the higher number. Named by what they protect."""

    EMAIL = 95
    EMAIL_LOOSE = 94  # at a known provider without the ending, or spelled out
    NHS_NUMBER = 92
    NI_NUMBER = 91
    URL = 90
    PHONE_SHAPED = 89  # a digit run starting 0 or + of phone length
    PHONE = 88  # phonenumbers' match
    PHONE_IN_WORDS = 87
    HANDLE_AT = 85
    HANDLE_CUED = 84  # after "snap:", "u/", "posted by"
    HANDLE_SHAPE = 83
    POLICE_LOG = 83
    REFERENCE_CUED = 82
    REFERENCE_CODE = 81
    POSTCODE = 80
    COLLAR_NUMBER = 80
    GAME_HANDLE = 80
    POSTCODE_CUED = 79
    DOB = 78
    ADDRESS_CUED = 78  # after "lives at", "address:", or laid out in lines
    BIRTH_YEAR = 77
    FLAT = 77
    STREET = 76  # a house number and a street, or a named street
    STREET_LOWER = 75
    STREET_ONE_WORD = 74
    STREET_LIVES_ON = 74
    PO_BOX = 74
    ESTATE = 73
    HOUSE_NAME = 73
    STREET_FOREIGN = 73
    AGE = 72  # "aged 14", "14-year-old"
    STREET_LOOSE = 72  # a street or building named without a number after a cue
    AGE_IN_WEEKS = 71
    STREET_ONE_WORD_LOOSE = 71
    DATE = 70
    DATE_SHORT = 69  # a day and month with no year, after "on", "by", a meeting
    SCHOOL = 68
    SCHOOL_LOWER = 67
    AGES_LISTED = 67
    AGE_CUED = 66  # after "she is", "I'm", a name, "a man of"...
    SCHOOL_CUED = 66
    AGE_LOOSE = 65  # "was 15 when she", "left care at 18"
    SCHOOL_SAINT_AT = 64
    REFERENCE_SHAPE = 62
    PHONE_WEAK = 60  # a digit run after a phone cue
    LONG_NUMBER = 58
    CHILD_NAME = 55  # a name before "is in Year 10", "was excluded"
    NAME = 50
    NAME_AGAIN = 40


GateItem = Union[str, re.Pattern[str], Callable[["Text"], bool]]


class Text:
    """One text as the gates and vetoes see it, with what they share worked out once."""

    __slots__ = ("text", "lower", "tk", "words", "has_digit", "ndigits", "memo")

    def __init__(self, text: str, tk: Tokens) -> None:
        self.text = text
        self.lower = text.lower()
        self.tk = tk
        self.words = tk.lowset
        self.has_digit = DIGIT.search(text) is not None
        self.ndigits = len(text) - len(text.translate(_NO_DIGITS)) if self.has_digit else 0
        self.memo: dict[str, Any] = {}


DIGIT = re.compile(r"\d")  # a gate item: the text has a digit (looked up once per text)
_NO_DIGITS = str.maketrans("", "", "0123456789")


@dataclass(frozen=True)
class GateGroup:
    """Items of which the text must have one, sorted by how they are looked for."""

    digit: bool
    words: frozenset[str]
    pieces: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    checks: tuple[Callable[[Text], bool], ...]
    others: bool  # any pieces, patterns or checks
    context: bool = False  # words that must be near, not words the pattern itself matches

    def admits(self, t: Text) -> bool:
        """Does the text have one of the items?"""
        if self.digit and t.has_digit:
            return True
        if self.words and not self.words.isdisjoint(t.words):
            return True
        return self.admits_otherwise(t)

    def admits_otherwise(self, t: Text) -> bool:
        """Does the text have one of the pieces, patterns or checks of the group?"""
        for piece in self.pieces:
            if piece in t.lower:
                return True
        for pattern in self.patterns:
            if pattern.search(t.text) is not None:
                return True
        for check in self.checks:
            if check(t):
                return True
        return False


@dataclass(frozen=True)
class Gate:
    """When a rule's pattern is worth running: every group must have one item in the text.

    An item is a word of the text when it is all letters ("at", "estate"), a piece of the text
    otherwise ("@", " of ", "u/"), a compiled pattern searched in the text (a digit), or a
    function of the text (seven digits or more).
    """

    groups: tuple[GateGroup, ...] = ()

    def admits(self, t: Text) -> bool:
        """Does the text have something from every group?"""
        for g in self.groups:
            if not g.admits(t):
                return False
        return True

    def words(self) -> set[str]:
        """Every word item of the gate (for the test that a gate can let its rule run)."""
        return {w for g in self.groups for w in g.words}


class Near(tuple):  # type: ignore[type-arg]
    """A gate group of context words ("snap", "roblox" near a user name), which the pattern itself
    need not contain; every other group of words must share a word with the pattern."""


def gate(*groups: Iterable[GateItem]) -> Gate:
    """A gate from groups of items: gate({"at", "@"}, [DIGIT]) needs ("at" or "@") and a digit."""
    compiled = []
    for group in groups:
        items = list(group)
        compiled.append(
            GateGroup(
                digit=DIGIT in items,
                words=frozenset(i for i in items if isinstance(i, str) and i.isalpha()),
                pieces=tuple(i for i in items if isinstance(i, str) and not i.isalpha()),
                patterns=tuple(i for i in items if isinstance(i, re.Pattern) and i is not DIGIT),
                checks=tuple(i for i in items if not isinstance(i, (str, re.Pattern))),
                others=any(not (isinstance(i, str) and i.isalpha()) and i is not DIGIT for i in items),
                context=isinstance(group, Near),
            )
        )
    return Gate(tuple(compiled))


class Hit(NamedTuple):
    """A span a rule found, the cue words before it, and a reason when it differs from the rule's."""

    start: int
    end: int
    cue: str = ""
    reason: str = ""


Veto = Callable[[Text, re.Match[str]], bool]
Spans = Callable[[Text, re.Match[str]], Iterable[Hit]]
Finder = Callable[[Text], Iterable[Hit]]
Reason = Union[str, Callable[[Text, re.Match[str]], str]]


@dataclass(frozen=True)
class Rule:
    """One pattern rule.

    ``reason`` may hold "{cue}": the cue words that fired, taken from the text before the found
    group and filtered to known cue words, so a reason never repeats what was removed.
    ``group`` is the group that is the finding (0: the whole match; a tuple: the first that
    matched). ``veto`` drops a match; ``spans`` turns a match into hits when the finding is not
    simply the group; ``find`` replaces the pattern for rules that are not one regular
    expression. ``example`` is a sentence the rule fires on and ``finds`` what it finds there:
    the rule tests run every rule on its example, through its gate.
    """

    name: str
    kind: str
    reason: Reason
    priority: int
    pattern: re.Pattern[str] | None
    gate: Gate
    example: str
    finds: str
    group: int | tuple[int, ...] = 0
    veto: Veto | None = None
    spans: Spans | None = None
    find: Finder | None = None
    notes: str = field(default="", compare=False)


def cue_before(text: str, start: int, end: int, cue_words: frozenset[str]) -> str:
    """The cue words that end just before a finding ("I'm", "lives on"), leaving out any word that
    is not a cue word (a name before "is")."""
    words = text[start:end].replace(",", " ").split()
    k = len(words)
    while k > 0 and words[k - 1].lower().strip("'’\"“”()") in cue_words:
        k -= 1
    return " ".join(words[k:])


def _group_of(m: re.Match[str], group: int | tuple[int, ...]) -> int:
    if isinstance(group, int):
        return group
    return next(g for g in group if m.group(g) is not None)


def hits(rule: Rule, t: Text, cue_words: frozenset[str]) -> Iterable[Hit]:
    """What one rule finds in a text (its gate is not checked here)."""
    if rule.find is not None:
        yield from rule.find(t)
        return
    assert rule.pattern is not None  # noqa: S101  (a rule has a pattern or a finder)
    wants_cue = isinstance(rule.reason, str) and "{cue}" in rule.reason
    for m in rule.pattern.finditer(t.text):
        if rule.veto is not None and rule.veto(t, m):
            continue
        if rule.spans is not None:
            yield from rule.spans(t, m)
            continue
        g = _group_of(m, rule.group)
        cue = cue_before(t.text, m.start(), m.start(g), cue_words) if wants_cue else ""
        reason = rule.reason(t, m) if callable(rule.reason) else ""
        yield Hit(m.start(g), m.end(g), cue, reason)


class RuleSet:
    """Rules indexed by their gates, so that a text looks only at the rules it could let run.

    Each rule is filed under one group of its gate: its words (a text must have one of them),
    or a digit, or, for groups of pieces, patterns and checks, under rules always looked at.
    The rules a text could let run are then checked in table order, gate and all.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self.by_word: dict[str, list[int]] = {}
        self.with_digit: list[int] = []
        self.always: list[int] = []
        for k, rule in enumerate(self.rules):
            groups = rule.gate.groups
            words = next((g for g in groups if g.words and not g.digit and not g.others), None)
            if words is not None:
                for w in words.words:
                    self.by_word.setdefault(w, []).append(k)
            elif any(g.digit and not g.words and not g.others for g in groups):
                self.with_digit.append(k)
            else:
                self.always.append(k)
        self.keys = frozenset(self.by_word)
        self.simple = tuple(
            r.find is None and r.spans is None and isinstance(r.group, int) and isinstance(r.reason, str)
            for r in self.rules
        )

    def candidates(self, t: Text, cue_words: frozenset[str]) -> list[_Cand]:
        """Candidates from every rule whose gate lets it run, in table order."""
        picked = set(self.always)
        for w in self.keys & t.words:
            picked.update(self.by_word[w])
        if t.has_digit:
            picked.update(self.with_digit)
        out: list[_Cand] = []
        words, has_digit, lower = t.words, t.has_digit, t.lower
        for k in sorted(picked):
            rule = self.rules[k]
            for g in rule.gate.groups:  # Gate.admits written out: this runs for every rule a text may need
                if (g.digit and has_digit) or (g.words and not g.words.isdisjoint(words)):
                    continue
                if not g.others:
                    break
                for piece in g.pieces:
                    if piece in lower:
                        break
                else:
                    if not ((g.patterns or g.checks) and g.admits_otherwise(t)):
                        break
            else:
                if self.simple[k]:
                    _simple_rule(rule, t, cue_words, out)
                else:
                    for h in hits(rule, t, cue_words):
                        out.append(_Cand(h.start, h.end, rule.kind, explain(rule, h), rule.priority))
        return out


def _simple_rule(rule: Rule, t: Text, cue_words: frozenset[str], out: list[_Cand]) -> None:
    """hits() for the commonest rule, a pattern and a fixed group, without a Hit per match."""
    assert rule.pattern is not None and isinstance(rule.group, int) and isinstance(rule.reason, str)  # noqa: S101
    g, kind, reason, priority, veto = rule.group, rule.kind, rule.reason, rule.priority, rule.veto
    cued = "{cue}" in reason
    for m in rule.pattern.finditer(t.text):
        if veto is not None and veto(t, m):
            continue
        why = reason
        if cued:
            cue = cue_before(t.text, m.start(), m.start(g), cue_words)
            why = _with_cue(reason, cue)
        out.append(_Cand(m.start(g), m.end(g), kind, why, priority))


def explain(rule: Rule, h: Hit) -> str:
    """The reason of one hit: its own, or the rule's with the cue filled in."""
    if h.reason:
        return h.reason
    return _with_cue(rule.reason if isinstance(rule.reason, str) else "", h.cue)


def _with_cue(reason: str, cue: str) -> str:
    """ "age after '{cue}'" with the cue in it, or "age" when no cue word was found."""
    if "{cue}" not in reason:
        return reason
    return reason.format(cue=cue) if cue else reason.split(" after ")[0]
