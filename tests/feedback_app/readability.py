"""How hard a page's words are to read: Flesch-Kincaid grade and Flesch reading ease of its visible text.

Written here rather than taken from a library: textstat counts English syllables with the CMU dictionary,
which it downloads on first use (these tests run offline), and hyphenation dictionaries (pyphen) count
syllables badly ("every", "really", "people" as one). Vowel groups with a few common endings do better.

Grade is the US school grade (reading age is about grade + 5): a reading age of 9 is a grade of about 4.
Reading ease runs from 0 (hard) to 100 (very easy); 80 and over is "easy".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Two vowels that are sounded apart (me-di-a, ra-di-o, go-ing, i-de-a), except in common one-sound endings.
_SPLIT_VOWELS = re.compile(r"(?<![ct])ia|io(?!n)|[aeiouy]ing$|ea$|eo(?![np])|ua(?!r)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][”\"'])\s+")
# Where a new block of text starts: each is its own sentence even without a full stop (a heading, a label).
_BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 label legend dt dd div button summary td th caption br ul ol dl form fieldset".split()
)
_SKIPPED = frozenset({"script", "style", "template", "head", "svg"})


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


class _VisibleText(HTMLParser):
    """The text of <main> a reader sees (or hears), one string per block; hidden parts and the receipt code skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._in_main = 0
        self._skip_stack: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main += 1
        if self._skip_stack:
            if tag not in ("br", "input", "img", "meta", "link", "hr"):
                self._skip_stack.append(tag)
            return
        hidden = (
            tag in _SKIPPED or "hidden" in a or a.get("aria-hidden") == "true" or "ll-receipt" in (a.get("class") or "")
        )
        if hidden and tag not in ("br", "input", "img"):
            self._skip_stack.append(tag)
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_stack:
            self._skip_stack.pop()
            return
        if tag in _BLOCKS:
            self._flush()
        if tag == "main":
            self._flush()
            self._in_main -= 1

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skip_stack:
            self._current.append(data)


def visible_blocks(html: str) -> list[str]:
    """The blocks of text in the page's <main>, as a reader meets them."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.blocks


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


def page_readability(html: str) -> Readability:
    """Scores for the prose of a page's <main>, as a reader sees it."""
    return readability(prose(sentences(visible_blocks(html))))
