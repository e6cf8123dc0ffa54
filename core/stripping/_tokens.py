"""Word tokens of a text and the per-word facts the rules look up (cached across calls for list words only)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ._lexicon import _Lexicon, _lexicon, _norm
from ._vocab import _CONTRACTION_RE, _NOT_NAMES

# A word: letters, with inner apostrophes or hyphens ("O'Brien", "Anne-Marie", "didn't");
# a possessive "'s" (or a trailing apostrophe) is kept apart: "Grace's" -> "Grace" + "'s".
_TOKEN_RE = re.compile(
    r"([^\W\d_](?:[^\W\d_]|['’](?![sS](?![^\W\d_]))[^\W\d_]|-[^\W\d_])*)(['’][sS](?![^\W\d_])|['’](?![^\W\d_]))?"
)


_PLACEHOLDER_RE = re.compile(
    r"\[(?:NAME|EMAIL|URL|PHONE|POSTCODE|NHS_NUMBER|NI_NUMBER|DATE|DOB|ADDRESS|AGE|SCHOOL|HANDLE|REFERENCE)\]"
)


class WordFacts(NamedTuple):
    """What the lists say about one written word."""

    key: str  # lowercase ASCII letters only
    first: int  # bearers of it as a first name (0 if not a first name)
    surname: bool
    size: int | None  # SCOWL size if an English word (10 = most common), else None
    upper: int | None  # SCOWL size if a capitalised non-person word (days, places...)
    blocked: bool  # never a name here (kin words, agencies, text-speak, contractions)
    place: bool  # in the hand-made list of places that are also names
    place_weak: bool  # in the GeoNames list of places


_FACTS: dict[str, WordFacts] = {}
_FACTS_MAX = 50_000  # distinct spellings of list words remembered; bounds memory in a long-running server


def facts(word: str) -> WordFacts:
    """Facts for a word as written, memoised (the facts do not depend on case)."""
    f = _FACTS.get(word)
    if f is not None:
        return f
    low = word.lower()
    lex = _lexicon()
    key = _norm(word)
    first = lex.first.get(key, 0)
    surname = key in lex.surnames
    size = lex.words.get(low)
    if "-" in word or "'" in word or "’" in word:
        parts = [p for p in re.split(r"[-'’]", low) if p]
        pkeys = [_norm(p) for p in parts]
        if not first and "-" in word and all(p in lex.first or p in lex.surnames for p in pkeys):
            first = max(lex.first.get(p, 0) for p in pkeys)
        if not surname:
            long_parts = [p for p in pkeys if len(p) > 1]
            surname = bool(long_parts) and all(p in lex.surnames or p in lex.first for p in long_parts)
        # "Lily-Rose", "Ellie-Mae": every part a common first name makes a first name, not
        # a compound word, even when each part is also an English word ("lily", "rose");
        # compounds such as "will-power" or "mark-up" have a part that is no first name
        name_parts = "-" in word and len(pkeys) >= 2 and all(lex.first.get(p, 0) >= 1000 for p in pkeys)
        if name_parts:
            first = max(first, max(lex.first[p] for p in pkeys))
        if size is None and "-" in word and not name_parts:
            sizes = [lex.words.get(p) for p in parts]
            if sizes and all(s is not None for s in sizes):
                size = max(s for s in sizes if s is not None)
    f = WordFacts(
        key=key,
        first=first,
        surname=surname,
        size=size,
        upper=lex.upper.get(low),
        blocked=key in _NOT_NAMES
        or low in _NOT_NAMES
        or _CONTRACTION_RE.search(word) is not None
        # "Mon-Wed", "Tues-Thurs": every part blocked (weekdays, months) blocks the whole
        or ("-" in word and all(p in _NOT_NAMES for p in low.split("-"))),
        place=low in lex.places,
        place_weak=low in lex.places_weak,
    )
    # Only words of the shipped lists are remembered: a word in none of them (an unusual name,
    # a misspelling) is the respondent's own text, and no cache may keep that (invariant 3).
    if _in_lexicon(low, key, lex):
        if len(_FACTS) >= _FACTS_MAX:
            _FACTS.clear()
        _FACTS[word] = f
    return f


def _in_lexicon(low: str, key: str, lex: _Lexicon) -> bool:
    """Is the word, as written, in one of the shipped lists?"""
    return (
        low in lex.words
        or low in lex.upper
        or key in lex.first
        or key in lex.surnames
        or low in lex.places
        or low in lex.places_weak
        or low in _NOT_NAMES
    )


class Tokens:
    """The words of a text: positions, forms, lowercase forms, possessive marks."""

    __slots__ = ("starts", "ends", "texts", "lows", "poss", "apos", "lowset", "n")

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        texts: list[str] = []
        poss: list[bool] = []
        apos: list[bool] = []
        inside = [(p.start(), p.end()) for p in _PLACEHOLDER_RE.finditer(text)] if "[" in text else []
        k = 0
        pos = 0
        find = text.find
        # findall is much faster than finditer; between two words there are no letters, so
        # the next occurrence of a word from the end of the last one is where it was matched
        for word, mark in _TOKEN_RE.findall(text):
            start = find(word, pos)
            end = start + len(word)
            pos = end + len(mark)
            if inside:
                while k < len(inside) and inside[k][1] <= start:
                    k += 1
                if k < len(inside) and inside[k][0] <= start:
                    continue  # the inside of a placeholder such as [NAME] is not a word of the text
            starts.append(start)
            ends.append(end)
            texts.append(word)
            poss.append(len(mark) == 2)
            apos.append(bool(mark))
        self.starts = starts
        self.ends = ends
        self.texts = texts
        self.lows = [t.lower() for t in texts]
        self.poss = poss
        self.apos = apos
        self.lowset = frozenset(self.lows)
        self.n = len(texts)
