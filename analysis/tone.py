"""TextBlob's tone (its PatternAnalyzer: polarity and subjectivity), the same numbers at a fraction of the cost.

TextBlob tokenises the whole text with a dozen regular expressions, then walks the words through a
lexicon held in a dict subclass whose every lookup goes through Python code: about 0.2 ms a text of
80 words, as much as all the theming features together. Here:

- The tokenizer runs on each whitespace-separated chunk on its own (its rules only ever look inside a
  chunk) and its result is kept per chunk for the call, so a word seen before costs one dict probe. A
  chunk of letters only, or letters and a comma, semicolon, colon or full stop (nine in ten of those
  new to a call), is split as the tokenizer would without reaching it. The only
  rules that reach across chunks are emoticons (": )") and the sarcasm mark ("( ! )"), and the
  end-of-paragraph marker, which never reaches the words; a text where either pattern matches
  anywhere is handed to TextBlob itself.
- The word walk is TextBlob's `Sentiment.assessments`, line for line, on a plain dict built from
  TextBlob's own loaded lexicon, keeping only the numbers (not the words or labels).

- TextBlob's rules and lexicon are read from its `_text` module, loaded on its own: it needs only the
  standard library, while importing it through the `textblob` package imports NLTK, and NLTK SciPy's
  statistics, about 1.4 s a process for nothing tone uses. `textblob.en` itself is imported only for a
  text with an emoticon or sarcasm mark, which TextBlob reads.

tests/analysis/test_tone.py checks the result is exactly TextBlob's, bit for bit, on the labelled set
and on texts made to hit every branch (negations, modifiers, "!", emoticons, contractions, quotes), and
that the lexicon read here is the one `textblob.en` loads.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from types import ModuleType
from typing import Any, Callable, Sequence

# Chunks kept (one word with its punctuation; about 470 bytes each, so at most about 10 MB); past this
# the memo starts again.
_MEMO_LIMIT = 20_000


class _Lexicon:
    """TextBlob's English sentiment lexicon and rules as plain values."""

    def __init__(self) -> None:
        pattern = _textblob_text()
        sentiment = _english_sentiment(pattern)
        len(sentiment)  # the lexicon is a lazydict: this loads it
        modifiers = tuple(sentiment.modifiers)
        # word -> (polarity, subjectivity, intensity, can modify the next word), for the part of speech
        # TextBlob asks for when given a plain string (None: the average of all senses).
        self.words: dict[str, tuple[float, float, float, bool]] = {}
        for word, senses in dict.items(sentiment):
            if None in senses:
                p, s, i = senses[None][:3]
                self.words[word] = (p, s, i, any(m in senses for m in modifiers))
        self.negations = frozenset(sentiment.negations)
        self.is_modifier: Callable[[str], bool] = sentiment.modifier
        self.punctuation = pattern.PUNCTUATION
        self.emoticons: dict[str, float] = {}
        for (_kind, polarity), faces in pattern.EMOTICONS.items():
            for face in faces:
                self.emoticons.setdefault(face.lower(), polarity)
        self.across_chunks = (pattern.RE_EMOTICONS, pattern.RE_SARCASM)
        self.end_of_sentence = pattern.EOS
        self.find_tokens = pattern.find_tokens
        self.abbreviations = pattern.ABBREVIATIONS
        self.abbreviation_patterns = (pattern.RE_ABBR1, pattern.RE_ABBR2, pattern.RE_ABBR3)
        self.memo: dict[str, tuple[list[str], list[str]]] = {}

    def abbreviation(self, chunk: str) -> bool:
        """Whether the tokenizer keeps the chunk's full stop as part of it."""
        return chunk in self.abbreviations or any(p.match(chunk) for p in self.abbreviation_patterns)

    def chunk(self, chunk: str) -> tuple[list[str], list[str]]:
        """The chunk's tokens as TextBlob makes them, and the same lower-cased."""
        # Most chunks never need the tokenizer: letters only are one token, and letters then a comma, semicolon,
        # colon or a full stop that does not end an abbreviation ("Mr.", "U.S.", "etc.") are two.
        if chunk.isalpha():
            return [chunk], [chunk.lower()]
        core, mark = chunk[:-1], chunk[-1:]
        if core.isalpha() and (mark in ",;:" or (mark == "." and not self.abbreviation(chunk))):
            return [core, mark], [core.lower(), mark]
        found = self.memo.get(chunk)
        if found is None:
            tokens = [t for t in " ".join(self.find_tokens(chunk)).split() if t != self.end_of_sentence]
            found = (tokens, [t.lower() for t in tokens])
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[chunk] = found
        return found


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _textblob_text() -> ModuleType:
    """TextBlob's `_text` module (pattern's tokenizer, sentiment lexicon reader and rules), loaded from the
    installed package without importing the package itself, whose `__init__` imports NLTK."""
    package = importlib.util.find_spec("textblob")  # a top-level package is found, not imported
    if package is None or not package.submodule_search_locations:
        raise ImportError("textblob is not installed")
    folder = list(package.submodule_search_locations)[0]
    spec = importlib.util.spec_from_file_location("analysis._textblob_text", os.path.join(folder, "_text.py"))
    if spec is None or spec.loader is None:
        raise ImportError("textblob's _text module was not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _english_sentiment(pattern: ModuleType) -> Any:
    """`textblob.en.sentiment`'s lexicon and rules: the same file, negations and modifiers, and, as its load
    does, each adjective's sense given to its adverb too ("terrible" to "terribly")."""

    class EnglishSentiment(pattern.Sentiment):  # type: ignore[misc, name-defined]
        def load(self, path: Any = None) -> None:
            pattern.Sentiment.load(self, path)
            if not path:
                items: list[tuple[str, Any]] = list(dict.items(self))
                for word, senses in items:
                    if "JJ" in senses:
                        if word.endswith("y"):
                            word = word[:-1] + "i"
                        if word.endswith("le"):
                            word = word[:-2]
                        p, s, i = senses["JJ"]
                        self.annotate(word + "ly", "RB", p, s, i)

    folder = os.path.join(os.path.dirname(str(pattern.__file__)), "en")
    return EnglishSentiment(
        path=os.path.join(folder, "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        language="en",
    )


def forget() -> None:
    """Drop the memo of chunks: they are the words of the texts read (respondents' words, once a response is
    opened), so they are kept no longer than the call that read them, not for the life of the process."""
    if _lexicon.cache_info().currsize:
        _lexicon().memo.clear()


def sentiment(text: str) -> tuple[float, float]:
    """(polarity, subjectivity) exactly as `textblob.en.sentiment(text)` gives them."""
    lex = _lexicon()
    tokens: list[str] = []
    words: list[str] = []
    for chunk in text.split():
        original, lowered = lex.chunk(chunk)
        tokens.extend(original)
        words.extend(lowered)
    joined = " ".join(tokens)
    if any(pattern.search(joined) for pattern in lex.across_chunks):
        from textblob.en import sentiment as textblob_sentiment  # rare: worth its imports only here

        polarity, subjectivity = textblob_sentiment(text)
        return polarity, subjectivity
    return _assess(lex, words)


def sentiments(texts: Sequence[str]) -> list[tuple[float, float]]:
    """`sentiment` of each text."""
    return [sentiment(text) for text in texts]


def _assess(lex: _Lexicon, words: list[str]) -> tuple[float, float]:
    """TextBlob's `Sentiment.assessments` and its averages, for words with no part-of-speech tags."""
    known, negations, punctuation = lex.words, lex.negations, lex.punctuation
    a: list[list[float]] = []  # per assessment: polarity, subjectivity, intensity, negated (-1) or not (1)
    m = None  # the preceding modifier
    n = None  # the preceding negation
    for w in words:
        entry = known.get(w)
        if entry is not None:
            p, s, i, modifies = entry
            if m is None:
                a.append([p, s, i, 1])
            if m is not None:
                a[-1][0] = max(-1.0, min(p * a[-1][2], +1.0))
                a[-1][1] = max(-1.0, min(s * a[-1][2], +1.0))
                a[-1][2] = i
            if n is not None:
                a[-1][2] = 1.0 / a[-1][2]
                a[-1][3] = -1
            m = None
            n = None
            if modifies:
                m = w
            if w in negations:
                n = w
        else:
            if w in negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and lex.is_modifier(m):
                a[-1][3] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and len(a) > 0:
                a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
            if w == "(!)":
                a.append([0.0, 1.0, 1.0, 1])
            if w.isalpha() is False and len(w) <= 5 and w not in punctuation:
                face = lex.emoticons.get(w)
                if face is not None:
                    a.append([face, 1.0, 1.0, 1])
    # TextBlob's avg(): a running sum from 0 in order, divided by the count (or 1).
    polarity: float = 0
    subjectivity: float = 0
    for p, s, _i, negated in a:
        polarity += p * -0.5 if negated < 0 else p
        subjectivity += s
    count = float(len(a) or 1)
    return polarity / count, subjectivity / count
