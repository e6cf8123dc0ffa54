"""How hard words are to read: Flesch-Kincaid grade and Flesch reading ease.

Written here rather than taken from a library: textstat counts English syllables with the CMU dictionary,
which it downloads on first use (this runs offline), and hyphenation dictionaries (pyphen) count
syllables badly ("every", "really", "people" as one). Vowel groups with a few common endings do better.

Grade is the US school grade (reading age is about grade + 5): a reading age of 9 is a grade of about 4.
Reading ease runs from 0 (hard) to 100 (very easy); 80 and over is "easy".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Two vowels that are sounded apart (me-di-a, ra-di-o, go-ing, i-de-a), except in common one-sound endings.
_SPLIT_VOWELS = re.compile(r"(?<![ct])ia|io(?!n)|[aeiouy]ing$|ea$|eo(?![np])|ua(?!r)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][”\"'])\s+")


def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups with the common silent and split endings."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1 if w else 0
    if w.endswith("es") and not (w[-3] in "sxzcg" or w[-4:-2] in ("ch", "sh")):
        w = w[:-2]
    elif w.endswith("ed") and w[-3] not in "td":
        w = w[:-2]
    elif w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith("le") and w[-3] in "aeiouy":
        w = w[:-1]
    w = w.lstrip("y")
    return max(1, len(_VOWEL_GROUP.findall(w)) + len(_SPLIT_VOWELS.findall(w)))


def sentences(blocks: list[str]) -> list[str]:
    """Sentences: each block split after a full stop, question or exclamation mark; blocks without words dropped."""
    found = []
    for block in blocks:
        for part in _SENTENCE_END.split(block):
            if _WORD.search(part):
                found.append(part.strip())
    return found


@dataclass(frozen=True)
class Readability:
    """Counts and scores for a piece of text."""

    sentences: int
    words: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def ease(self) -> float:
        """Flesch reading ease."""
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word


def readability(parts: list[str]) -> Readability:
    """Scores over these sentences (numbers such as phone numbers are not words)."""
    words = [w for s in parts for w in _WORD.findall(s)]
    return Readability(len(parts), len(words), sum(syllables(w) for w in words))


_PROSE_END = re.compile(r"[.?!][”\"']?$")


def prose(parts: list[str]) -> list[str]:
    """The sentences that end as sentences do: headings, labels and buttons are short fragments that would make
    any page look easy to read."""
    return [s for s in parts if _PROSE_END.search(s)]


def text_readability(text: str) -> Readability:
    """Scores for plain text: each line, and each full stop, question or exclamation mark, ends a sentence."""
    return readability(sentences([line for line in text.splitlines() if line.strip()]))
