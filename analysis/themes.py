"""Theming: which codebook themes a text speaks to, the polarity of each mention, and the words behind it.

Pure: takes texts and the codebook as plain values, returns dataclasses. Features are wordllama sentence
embeddings, the codebook's indicative phrases, judgement cues ("failed to", "well", "no evidence of") and
a small bag of words. Every classifier is linear, so its score splits exactly into per-word shares:
the evidence shown with a theme is the indicative phrases it matched and the words that pushed the
classifier's score up most. One binary classifier per theme, its probability blended with the themes of
the nearest labelled texts by embedding (threshold tuned by cross-validation), and one polarity
classifier per theme mention, fed the clause of the text that speaks most to that theme.

A trained model is data: numpy arrays (.npz, loaded with allow_pickle=False) and a JSON document of its
vocabulary, thresholds and metadata. Nothing in it can run code when loaded.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np

from analysis.embedding import DIMENSIONS, Embedder, load_embedder
from analysis.theme_lexicon import LEXICON

POLARITIES = ("development", "good_practice", "neutral")
# /2: the polarity classifier also reads the whole text's words (a /1 model has fewer polarity columns).
# /3: a theme's score blends in the themes of the labelled texts nearest in embedding (a /2 model has none).
# /4: a mention's polarity blends in the polarities of the labelled mentions of the same theme whose focus
# clauses are nearest (a /3 model has none).
# /5: each theme has its own polarity weights on the focus clause's embedding (a /4 model has none).
# /6: a mention's polarity also blends in the polarities of the labelled texts of the same theme nearest in
# their rarer words (a /5 model has no word rows).
FORMAT = "learning-loop-themes/6"
MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAME = "themes"
# A staff correction counts this many times over in training, and replaces the label of the same text.
CORRECTION_WEIGHT = 5.0
EVIDENCE_WORDS = 3


class ModelFileError(ValueError):
    """A model's files are missing, unreadable or do not fit together."""


# ---------------------------------------------------------------- plain values in and out


@dataclass(frozen=True)
class CodebookTheme:
    id: str
    indicative: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeLabel:
    id: str
    polarity: str


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    themes: tuple[ThemeLabel, ...]


@dataclass(frozen=True)
class Correction:
    """Staff coding of one text; replaces any label of the same id or the same text."""

    id: str
    text: str
    themes: tuple[ThemeLabel, ...]


@dataclass(frozen=True)
class ThemeMention:
    id: str
    polarity: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """Why a text reads as speaking to a theme: the passage its polarity is read from, and the words that weigh."""

    id: str
    passage: str  # the clause of the text that scores highest for the theme, as written
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Tone:
    """TextBlob's generic sentiment: shown as tone only, never used for polarity."""

    polarity: float
    subjectivity: float


@dataclass(frozen=True)
class TextThemes:
    themes: tuple[ThemeMention, ...]
    sentiment: Tone

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI prints."""
        return {
            "themes": [
                {"id": m.id, "polarity": m.polarity, "score": m.score, "evidence": list(m.evidence)}
                for m in self.themes
            ],
            "sentiment": {"polarity": self.sentiment.polarity, "subjectivity": self.sentiment.subjectivity},
        }


def codebook_from_dict(data: Mapping[str, Any]) -> tuple[CodebookTheme, ...]:
    """The codebook's themes from taxonomy.json's shape ({"themes": [{"id", "indicative"}]})."""
    return tuple(CodebookTheme(t["id"], tuple(t.get("indicative", ()))) for t in data["themes"])


def shipped_codebook() -> tuple[CodebookTheme, ...]:
    """The codebook shipped in core/data/taxonomy.json."""
    from importlib import resources

    return codebook_from_dict(json.loads((resources.files("core.data") / "taxonomy.json").read_text("utf-8")))


def is_held_out(text_id: str) -> bool:
    """True for the fixed fifth of the labelled set (by a hash of its id) never used to train the shipped model."""
    return int(hashlib.sha256(text_id.encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


# ---------------------------------------------------------------- text features

# Judgement cues: (name, pattern). Rules as data; each is one feature of both classifiers.
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("failed", ("fail", "failed", "fails", "failure", "failing", "failed to")),
    ("did_not", ("did not", "didn't", "didnt", "does not", "doesn't", "do not", "don't", "dont")),
    (
        "was_not",
        ("was not", "wasn't", "were not", "weren't", "is not", "isn't", "are not", "aren't", "had not", "hadn't"),
    ),
    ("not", ("not", "n't")),  # "n't" stands for every word ending in it
    ("no_evidence", ("no evidence", "no record", "no sign", "no one", "no plan", "no follow")),
    ("never", ("never", "nobody", "no one", "nothing")),
    ("lack", ("lack", "lacked", "lacking", "absence", "absent", "without", "insufficient", "inadequate", "limited")),
    ("missed", ("missed", "overlooked", "lost", "gap", "gaps")),
    ("delay", ("delay", "delays", "delayed", "late", "slow", "drift", "waited", "waiting", "too long")),
    ("should", ("should have", "could have", "would have", "need to", "needs to", "must", "should")),
    ("poor", ("poor", "weak", "inconsistent", "unclear", "confused", "confusing", "patchy", "variable", "unsafe")),
    (
        "negative_feeling",
        ("judged", "ignored", "worried", "scared", "upset", "angry", "frustrated", "frustrating", "let down", "blamed"),
    ),
    ("only", ("only", "rarely", "seldom", "little", "few")),
    ("good", ("good", "great", "excellent", "brilliant", "outstanding", "strong", "robust", "positive", "best")),
    ("well", ("well",)),
    ("effective", ("effective", "effectively", "timely", "prompt", "promptly", "quickly", "thorough", "clear")),
    ("helped", ("help", "helped", "helpful", "supportive", "kind", "patient", "listened", "understood")),
    ("thanks", ("thank", "thanks", "thankful", "grateful", "appreciate", "appreciated", "lovely", "amazing")),
    ("always", ("always", "every time", "consistently", "consistent", "routinely")),
    ("improved", ("improved", "improving", "improvement", "better", "strengthened", "embedded")),
    ("contrast", ("but", "however", "although", "though", "despite", "yet")),
    ("question", ("?",)),  # counted as a character
    ("we_will", ("will", "plan to", "plans to", "is being", "are being", "policy", "describes")),
    ("first_person", ("i", "me", "my", "we", "us", "our")),
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\s+(?=\b(?:but|however|although|whereas)\b)", re.IGNORECASE)
STOPWORDS = frozenset(
    "a an the and or of to in on at for with by from as is was were be been being are it its this that these those "
    "he she they them his her their we our you your i me my us there here who whom which what when where why how "
    "had has have do does did so than then too very can could would should will may might must about into over "
    "after before also just not no yes any all some each one two more most other such only own same s t".split()
)


_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def plain(text: str) -> str:
    """Typographic apostrophes and dashes made plain; the same length as the text, so spans carry over."""
    return text.translate(_PLAIN)


def normalise(text: str) -> str:
    """Plain and lower case, so phrases match however they were typed."""
    return plain(text).lower()


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in normalise(phrase).split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)


def tokens_of(text: str) -> list[str]:
    """The text's words, lower case: didn't is one word, co-sleeping two."""
    return _WORD.findall(normalise(text))  # type: ignore[no-any-return]


def words_of(text: str) -> list[str]:
    """The unigram and bigram terms the bag-of-words features count (stopwords kept inside bigrams)."""
    return _terms(tokens_of(text))


def _terms(tokens: list[str]) -> list[str]:
    terms = [t for t in tokens if t not in STOPWORDS and len(t) > 1]
    terms += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return terms


NEGATORS = frozenset("not no never nobody nothing none nor neither without hardly barely cannot".split())


def _negator(token: str) -> bool:
    return token in NEGATORS or token.endswith("n't")


def negated_terms(tokens: list[str]) -> list[str]:
    """The terms of _terms, with each word after a negator ("not", "never", "didn't"...) to the clause's end
    marked "not_" (stopwords left as they are): "never listened to us" shares no term with "listened to us"."""
    marked, negated = [], False
    for token in tokens:
        if _negator(token):
            marked.append(token)
            negated = True
        else:
            marked.append("not_" + token if negated and token not in STOPWORDS else token)
    return _terms(marked)


def clauses(text: str) -> list[str]:
    """The text split into sentences and contrasted clauses ("..., but ..."); at least one item."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text) if p and p.strip()]
    return parts or [text]


# What a phrase in Featuriser.lookup stands for.
_KEYWORD, _LEXICON, _CUE = 0, 1, 2


@dataclass
class _Block:
    """Feature rows for a set of items (whole texts, or their clauses)."""

    embeddings: np.ndarray  # (n, 256) unit length
    keywords: np.ndarray  # (n, themes) 1 where an indicative phrase of the theme occurs
    lexicon: np.ndarray  # (n, themes) 1 where a word of the theme's LEXICON occurs
    cues: np.ndarray  # (n, cues) counts, capped at 3
    bag: Any  # (n, vocabulary) presence, divided by sqrt(terms): a sparse matrix (CSR), since few of its terms occur


@dataclass
class _Features:
    """Features of a batch of texts and of their clauses; clauses of text i are rows owner == i, in order."""

    texts: _Block
    clauses: _Block
    owner: np.ndarray  # (clauses,) index of the text each clause belongs to
    clause_text: list[str]
    clause_sizes: np.ndarray  # (clauses,) each clause's number of bag terms
    # Each text's terms for the word neighbours: all of them, not only the vocabulary's, negated words marked.
    key_terms: list[list[str]] = field(default_factory=list)
    clause_logits: Optional[np.ndarray] = None  # ThemeModel.clause_logits, once worked out

    def clause_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """Each text's first clause row and the row after its last: a text has one clause at least (clauses()),
        and its clauses are consecutive rows, in order."""
        texts = np.arange(len(self.texts.embeddings))
        return np.searchsorted(self.owner, texts), np.searchsorted(self.owner, texts, side="right")


class Featuriser:
    """Turns texts into the classifiers' features for one codebook and one vocabulary."""

    def __init__(self, codebook: Sequence[CodebookTheme], vocabulary: Sequence[str], embedder: Embedder) -> None:
        self.codebook = tuple(codebook)
        self.vocabulary = tuple(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.embedder = embedder
        self.phrases = [[(p, _phrase_pattern(p)) for p in t.indicative] for t in self.codebook]
        # Phrases as word sequences, looked up among a clause's n-grams: one dictionary probe per
        # n-gram instead of one regular-expression scan per phrase.
        self.lookup: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for j, theme in enumerate(self.codebook):
            for phrase in theme.indicative:
                self.lookup.setdefault(tuple(tokens_of(phrase)), []).append((_KEYWORD, j))
            for phrase in LEXICON.get(theme.id, ()):
                self.lookup.setdefault(tuple(tokens_of(phrase)), []).append((_LEXICON, j))
        for k, (_, cue_phrases) in enumerate(CUES):
            for phrase in cue_phrases:
                if phrase not in ("n't", "?"):
                    self.lookup.setdefault(tuple(tokens_of(phrase)), []).append((_CUE, k))
        # The longest phrase starting with each word: most words start none, so most positions cost one probe.
        self.longest: dict[str, int] = {}
        for key in filter(None, self.lookup):
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        self.negation = [name for name, _ in CUES].index("not")
        self.question = [name for name, _ in CUES].index("question")

    def matched_phrases(self, text: str, theme: int) -> list[str]:
        """The theme's indicative phrases as they appear in the text."""
        searched = plain(text)
        found = []
        for _, pattern in self.phrases[theme]:
            m = pattern.search(searched)
            if m:
                found.append(text[m.start() : m.end()])
        return found

    def features(self, texts: Sequence[str], words: Optional[dict[str, list[int]]] = None) -> _Features:
        """All features of a batch of texts and of their clauses (`words`: Embedder.token_ids's memo, to share
        between the batches of one call)."""
        parts = [clauses(t) for t in texts]
        flat = [c for ps in parts for c in ps]
        owner = np.repeat(np.arange(len(texts)), [len(ps) for ps in parts])
        m, t, v = len(flat), len(self.codebook), len(self.vocabulary)
        token_ids = self.embedder.token_ids(flat, words)
        sums, lengths = self.embedder.sums(token_ids)
        keywords = np.zeros((m, t), dtype=np.float32)
        lexicon = np.zeros((m, t), dtype=np.float32)
        cues = np.zeros((m, len(CUES)), dtype=np.float32)
        clause_columns: list[list[int]] = []
        clause_sizes: list[int] = []
        key_terms: list[list[str]] = [[] for _ in texts]
        index, starters = self.index, self.longest.keys()
        for i, clause in enumerate(flat):
            lowered = normalise(clause)
            tokens = _WORD.findall(lowered)
            if not starters.isdisjoint(tokens):  # most clauses start no phrase at all
                self._match(tokens, keywords[i], lexicon[i], cues[i])
            # Tokens end in "n't" only where the lower-cased clause holds it (most clauses do not).
            contracted = sum(1 for w in tokens if w.endswith("n't")) if "n't" in lowered else 0
            cues[i, self.negation] += contracted
            cues[i, self.question] += clause.count("?")
            terms = _terms(tokens)
            negated = contracted or not NEGATORS.isdisjoint(tokens)  # any(map(_negator, tokens))
            key_terms[owner[i]].extend(negated_terms(tokens) if negated else terms)
            found = set(map(index.get, terms))
            found.discard(None)
            clause_columns.append(sorted(found))  # type: ignore[arg-type]
            clause_sizes.append(len(terms))
        bounds = np.cumsum([0] + [len(ps) for ps in parts]).tolist()  # text i's clauses: bounds[i] to bounds[i + 1]
        starts = np.array(bounds[:-1] or [0], dtype=np.int64)
        # A text's terms are its clauses' terms, so its columns are theirs together and its size their sum.
        spans = list(zip(bounds[:-1], bounds[1:]))
        text_columns = [sorted(set().union(*clause_columns[first:end])) for first, end in spans]
        text_sizes = [sum(clause_sizes[first:end]) for first, end in spans]
        bag, text_bag = _bag(clause_columns, clause_sizes, v), _bag(text_columns, text_sizes, v)
        text_sums = np.add.reduceat(sums, starts, axis=0) if m else np.zeros((0, DIMENSIONS), np.float32)
        text_lengths = np.add.reduceat(lengths, starts) if m else np.zeros(0, np.float32)
        return _Features(
            texts=_Block(
                _unit(text_sums, text_lengths),
                np.maximum.reduceat(keywords, starts, axis=0) if m else keywords,
                np.maximum.reduceat(lexicon, starts, axis=0) if m else lexicon,
                np.minimum(np.add.reduceat(cues, starts, axis=0), 3.0) if m else cues,
                text_bag,
            ),
            clauses=_Block(_unit(sums, lengths), keywords, lexicon, np.minimum(cues, 3.0), bag),
            owner=owner,
            clause_text=flat,
            clause_sizes=np.array(clause_sizes, dtype=np.float64),
            key_terms=key_terms,
        )

    def _match(self, tokens: list[str], keywords: np.ndarray, lexicon: np.ndarray, cues: np.ndarray) -> None:
        lookup, longest, count = self.lookup, self.longest, len(tokens)
        for start in [k for k, word in enumerate(tokens) if word in longest]:
            for end in range(start + 1, min(start + longest[tokens[start]], count) + 1):
                hits = lookup.get(tuple(tokens[start:end]))
                if hits:
                    for kind, column in hits:
                        if kind == _KEYWORD:
                            keywords[column] = 1.0
                        elif kind == _LEXICON:
                            lexicon[column] = 1.0
                        else:
                            cues[column] += 1.0


def _bag(rows: Sequence[list[int]], sizes: Sequence[int], width: int) -> Any:
    """A sparse (rows, width) matrix: each row's vocabulary columns (sorted, each once) present, divided by the
    square root of its number of terms (`sizes`): a clause holds a few dozen of the thousands of terms."""
    from scipy.sparse import csr_matrix

    ends = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(columns) for columns in rows], out=ends[1:])
    counts = np.maximum(np.asarray(sizes, dtype=np.float64), 1.0)
    # Each row's value, spread over its columns in one step (a numpy call per row cost as much as the lookups).
    values = np.repeat(1.0 / np.sqrt(counts), np.diff(ends)).astype(np.float32)
    columns = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(ends[-1]))
    return csr_matrix((values, columns, ends), shape=(len(rows), width))


def _unit(sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    means = sums / np.maximum(lengths, 1.0)[:, None]
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return np.divide(means, norms, out=np.zeros_like(means), where=norms > 0)  # type: ignore[no-any-return]


def _directions(rows: np.ndarray) -> np.ndarray:
    """Stored neighbour rows (int8 steps, or any scale) as float32 unit rows, for cosines; a few thousand rows at
    a time, so making them needs no second full-size copy."""
    out = np.empty(rows.shape, dtype=np.float32)
    for start in range(0, len(rows), 4096):
        block = rows[start : start + 4096].astype(np.float32)
        out[start : start + len(block)] = _unit(block, np.ones(len(block), np.float32))
    return out


def _unit_rows(rows: Any) -> Any:
    """A sparse matrix's rows scaled to unit length (an all-zero row stays zero)."""
    from scipy.sparse import diags

    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    return (diags(1.0 / np.maximum(norms, 1e-12)).astype(np.float32) @ rows).tocsr()


def word_keys(terms: Iterable[str]) -> np.ndarray:
    """The terms' distinct keys, sorted: each the low WORD_KEY_BITS bits of its CRC-32, which a float32 holds
    exactly. Two terms may share a key; at 16.7 million keys and a few hundred thousand kept terms, rarely."""
    crcs = np.fromiter(map(zlib.crc32, map(str.encode, terms)), dtype=np.int64)
    return np.unique(crcs & ((1 << WORD_KEY_BITS) - 1))


def _found(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Where each of the keys that is in the sorted table stands in it (the keys not there left out)."""
    if not len(table):
        return np.zeros(0, np.int64)
    at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return at[table[at] == keys]  # type: ignore[no-any-return]


def _word_rows(keys: Sequence[np.ndarray], max_df: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """From the examples' term keys: the kept keys, sorted (those in two examples at least and in no more than
    max_df of them, or two where that is fewer), each one's idf weight, and each example's kept keys as indices
    into them, row after row, with where each row starts."""
    n = len(keys)
    every = np.concatenate(list(keys)) if n else np.zeros(0, np.int64)
    distinct, df = np.unique(every, return_counts=True)
    kept = (df >= 2) & (df <= max(max_df * n, 2.0))
    kept_keys = distinct[kept]
    idf = (np.log((1.0 + n) / (1.0 + df[kept])) + 1.0).astype(np.float32)
    terms, starts = [], [0]
    for row in keys:
        hit = _found(kept_keys, row)
        terms.append(hit)
        starts.append(starts[-1] + len(hit))
    flat = np.concatenate(terms) if terms else np.zeros(0, np.int64)
    return (
        kept_keys.astype(np.float32),
        idf,
        flat.astype(np.float32),
        np.array(starts, dtype=np.float32),
    )


_Folded = tuple[list[np.ndarray], np.ndarray]


def _folded(
    coef: np.ndarray, intercept: np.ndarray, mean: np.ndarray, scale: np.ndarray, widths: Sequence[int]
) -> _Folded:
    """A linear model over standardised features as weights on the raw ones: one (block width, outputs) matrix a
    block of features, in column order, and the bias. No standardised copy of a batch is then made, and the
    sparse bag of words keeps its zeros."""
    w = (coef / scale[None, :]).astype(np.float32)
    edges = np.cumsum([0, *widths])
    blocks = [np.ascontiguousarray(w[:, a:b].T) for a, b in zip(edges, edges[1:])]
    return blocks, (intercept - w @ mean).astype(np.float32)


def _block_logits(parts: Sequence[Any], folded: _Folded) -> np.ndarray:
    """(rows, outputs) logits of feature blocks (dense or sparse) under folded weights."""
    weights, bias = folded
    logits = np.tile(bias, (parts[0].shape[0], 1))
    for part, w in zip(parts, weights):
        logits += part @ w
    return logits


def _theme_parts(b: _Block) -> tuple[Any, ...]:
    """The theme classifiers' features, block by block, in column order."""
    return (b.embeddings, b.keywords, b.lexicon, b.cues, b.bag)


def theme_width(themes: int, vocabulary: int) -> int:
    """Number of theme-classifier features."""
    return DIMENSIONS + 2 * themes + len(CUES) + vocabulary


def _polarity_parts(f: _Features, rows: np.ndarray, texts: np.ndarray, theme_onehot: np.ndarray) -> tuple[Any, ...]:
    """A mention's polarity features, block by block: its focus clause (embedding, cues, words), then the words
    and cues of the clauses round it (the whole text, for most texts), then the theme. The words round it carry
    a judgement the focus clause leaves out ("the plan was clear. I knew what to do")."""
    clause = f.clauses
    bag, cues = _around(f, rows, texts)
    return (clause.embeddings[rows], clause.cues[rows], clause.bag[rows], bag, cues, theme_onehot)


def _passages(f: _Features, rows: np.ndarray, texts: np.ndarray) -> list[str]:
    """What the polarity reader reads for each mention: the whole text when it has at most READER_WHOLE_SENTENCES
    sentences, as the texts it was trained on have; otherwise the sentence its focus clause is in (the clauses
    keep their punctuation). In a longer answer the sentences round it judge other things, and the reader,
    trained on whole short texts, took their judgement (docs/themes.md, "The polarity reader")."""
    starts, ends = f.clause_spans()
    ends_sentence = [bool(_SENTENCE_END.search(c)) for c in f.clause_text]
    out = []
    for row, text in zip(rows.tolist(), texts.tolist()):
        first, last = int(starts[text]), int(ends[text]) - 1
        if sum(ends_sentence[first:last]) + 1 <= READER_WHOLE_SENTENCES:
            out.append(" ".join(f.clause_text[first : last + 1]))
            continue
        low, high = row, row
        while low > first and not ends_sentence[low - 1]:
            low -= 1
        while high < last and not ends_sentence[high]:
            high += 1
        out.append(" ".join(f.clause_text[low : high + 1]))
    return out


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def _around(f: _Features, rows: np.ndarray, texts: np.ndarray) -> tuple[Any, np.ndarray]:
    """The bag of words and the cues of each focus clause with the CONTEXT_CLAUSES either side of it in its text,
    made as the whole text's are, so a clause of a text no longer than the window gets exactly the text's. A
    longer answer's other sentences judge other things; read whole, they lent their judgement to every theme."""
    from scipy.sparse import csr_matrix

    starts, ends = f.clause_spans()
    low = np.maximum(starts[texts], rows - CONTEXT_CLAUSES)
    high = np.minimum(ends[texts], rows + CONTEXT_CLAUSES + 1)
    spans = high - low
    pointers = np.concatenate([[0], np.cumsum(spans)]).astype(np.int64)
    columns = np.arange(pointers[-1], dtype=np.int64) - np.repeat(pointers[:-1] - low, spans)
    window = csr_matrix((np.ones(len(columns), dtype=np.float32), columns, pointers), shape=(len(rows), len(f.owner)))
    present = f.clauses.bag.copy()
    present.data[:] = 1.0
    bag = (window @ present).tocsr()
    terms = window @ f.clause_sizes
    scale = np.divide(1.0, np.sqrt(terms), out=np.zeros_like(terms), where=terms > 0).astype(np.float32)
    bag.data[:] = np.repeat(scale, np.diff(bag.indptr))
    return bag, np.minimum(window @ f.clauses.cues, 3.0).astype(np.float32)


def polarity_width(themes: int, vocabulary: int) -> int:
    """Number of polarity-classifier features."""
    return DIMENSIONS + 2 * len(CUES) + 2 * vocabulary + themes


# ---------------------------------------------------------------- the model


@dataclass
class ThemeModel:
    """A trained theming model: plain arrays and JSON-able metadata."""

    codebook: tuple[CodebookTheme, ...]
    vocabulary: tuple[str, ...]
    theme_mean: np.ndarray  # standardisation of the theme features
    theme_scale: np.ndarray
    theme_coef: np.ndarray  # (themes, features)
    theme_intercept: np.ndarray  # (themes,)
    thresholds: np.ndarray  # (themes,) probability at or above which a theme is assigned
    polarity_mean: np.ndarray
    polarity_scale: np.ndarray
    polarity_coef: np.ndarray  # (3, features) in POLARITIES order
    polarity_intercept: np.ndarray  # (3,)
    # Each theme's own weights on the focus clause's standardised embedding (times THEME_POLARITY_WEIGHT), added to
    # the shared ones: theme t's are columns t * 256 to (t + 1) * 256.
    polarity_theme_coef: np.ndarray  # (3, themes * 256)
    # The labelled examples (never staff corrections, whose texts are sealed): embeddings, and their themes as
    # 0/1. Only an embedding's direction counts: stored as int8 steps of each row's largest value, held in
    # memory as float32 unit rows (the int8 copy is not kept beside them).
    neighbour_vectors: np.ndarray  # (examples, 256)
    neighbour_labels: np.ndarray  # (examples, themes)
    # The labelled examples' mentions, for polarity: each one's focus clause embedding (as above), its theme's
    # index and its polarity as 0/1 in POLARITIES order; ordered by theme, so a theme's rows are one slice.
    polarity_neighbour_vectors: np.ndarray  # (mentions, 256)
    polarity_neighbour_themes: np.ndarray  # (mentions,)
    polarity_neighbour_labels: np.ndarray  # (mentions, 3)
    # The labelled examples' words, for polarity: the kept term keys (see word_keys), sorted, and each one's idf
    # weight; each example's kept terms (indices into word_keys, row after row, starting at word_starts[i]); and
    # each example's polarity of each theme as an index into POLARITIES, -1 where it does not carry the theme.
    # Stored as float32, whole numbers (exact below 2**24: a set of half a million texts still fits).
    word_keys: np.ndarray  # (kept terms,)
    word_idf: np.ndarray  # (kept terms,)
    word_terms: np.ndarray  # (terms of all examples,)
    word_starts: np.ndarray  # (examples + 1,)
    neighbour_polarities: np.ndarray  # (examples, themes)
    metadata: dict[str, Any] = field(default_factory=dict)
    _featuriser: Optional[Featuriser] = field(default=None, repr=False, compare=False)
    _token_weights: Optional[np.ndarray] = field(default=None, repr=False, compare=False)
    _polarity_pools: Optional[dict[int, tuple[np.ndarray, np.ndarray]]] = field(default=None, repr=False, compare=False)
    _theme_blocks: Optional[_Folded] = field(default=None, repr=False, compare=False)
    _polarity_blocks: Optional[_Folded] = field(default=None, repr=False, compare=False)
    _word_pools: Optional[list[tuple[Any, np.ndarray]]] = field(default=None, repr=False, compare=False)
    _text_pool: Optional[tuple[Optional[np.ndarray], np.ndarray]] = field(default=None, repr=False, compare=False)
    _polarity_projection: Optional[np.ndarray] = field(default=None, repr=False, compare=False)
    # The polarity reader (analysis.polarity_reader) blended into each mention's polarity, or None: not part of
    # the model's files (a retrained model is read with the same reader).
    reader: Optional[Any] = field(default=None, repr=False, compare=False)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """The codebook theme ids, in the order of the classifiers."""
        return tuple(t.id for t in self.codebook)

    def featuriser(self) -> Featuriser:
        """The featuriser for this model's codebook and vocabulary (built once)."""
        if self._featuriser is None:
            self._featuriser = Featuriser(self.codebook, self.vocabulary, load_embedder())
        return self._featuriser

    def token_weights(self) -> np.ndarray:
        """(vocabulary of tokens, themes): each token vector's push on each theme's logit, before 1/(n|mean|)."""
        if self._token_weights is None:
            w_emb = self._folded_theme_weights()[0][0]  # (256, themes): the embedding block's weights
            self._token_weights = (self.featuriser().embedder.vectors @ w_emb).astype(np.float32)
        return self._token_weights

    # -- scoring

    def _folded_theme_weights(self) -> _Folded:
        """The theme classifiers' weights on the raw features, one (width, themes) matrix a feature block."""
        if self._theme_blocks is None:
            widths = [DIMENSIONS, len(self.codebook), len(self.codebook), len(CUES), len(self.vocabulary)]
            self._theme_blocks = _folded(
                self.theme_coef, self.theme_intercept, self.theme_mean, self.theme_scale, widths
            )
        return self._theme_blocks

    def theme_logits(self, block: _Block) -> np.ndarray:
        """(rows, themes) logits of the theme classifiers."""
        return _block_logits(_theme_parts(block), self._folded_theme_weights())

    def theme_probs(self, block: _Block) -> np.ndarray:
        """(rows, themes) scores: the theme classifiers' probabilities blended with the nearest labelled texts'
        themes (NEIGHBOUR_SHARE of the score)."""
        if self._text_pool is None:
            projection = principal_directions(self.neighbour_vectors, NEIGHBOUR_DIMENSIONS)
            # Kept as columns (dimensions x rows, contiguous): the product reads them about 15% faster so.
            self._text_pool = (projection, np.ascontiguousarray(project(self.neighbour_vectors, projection).T))
        projection, columns = self._text_pool
        near = neighbour_scores(project(block.embeddings, projection), columns, self.neighbour_labels)
        return (1.0 - NEIGHBOUR_SHARE) * _sigmoid(self.theme_logits(block)) + NEIGHBOUR_SHARE * near  # type: ignore[no-any-return]

    def clause_logits(self, f: _Features) -> np.ndarray:
        """(clauses, themes) logits of the theme classifiers for each clause, worked out once for a batch."""
        if f.clause_logits is None:
            f.clause_logits = self.theme_logits(f.clauses)
        return f.clause_logits

    def text_scores(self, f: _Features) -> np.ndarray:
        """(texts, themes) scores: each text's theme_probs, or CLAUSE_SHARE of its best clause's classifier
        probability when that is higher, so a theme one part of a long answer speaks to is not averaged away."""
        probs = self.theme_probs(f.texts)
        if len(f.owner):
            starts, _ = f.clause_spans()
            best = np.maximum.reduceat(_sigmoid(self.clause_logits(f)), starts, axis=0).astype(probs.dtype)
            probs = np.maximum(probs, CLAUSE_SHARE * best)
        return probs

    def focus_rows(self, f: _Features, texts: np.ndarray, themes: np.ndarray) -> np.ndarray:
        """For each (text, theme) mention, the clause row that scores highest for that theme."""
        logits = self.clause_logits(f)
        starts, ends = f.clause_spans()
        return np.array(
            [starts[t] + int(np.argmax(logits[starts[t] : ends[t], j])) for t, j in zip(texts, themes)],
            dtype=np.int64,
        )

    def mention_polarities(
        self, f: _Features, texts: np.ndarray, themes: np.ndarray, top_only: bool = False
    ) -> np.ndarray:
        """(mentions, 3) polarity probabilities of each (text index, theme index) mention.

        top_only=True when only each row's largest is read: the word neighbours then skip the mentions whose
        first polarity leads the second by more than they could make up, the most of them (same largest)."""
        if not len(texts):
            return np.zeros((0, len(POLARITIES)))
        onehot = np.zeros((len(themes), len(self.codebook)), dtype=np.float32)
        onehot[np.arange(len(themes)), themes] = 1.0
        rows = self.focus_rows(f, texts, themes)
        parts = _polarity_parts(f, rows, texts, onehot)
        if self._polarity_blocks is None:
            widths = [part.shape[1] for part in parts]
            self._polarity_blocks = _folded(
                self.polarity_coef, self.polarity_intercept, self.polarity_mean, self.polarity_scale, widths
            )
        logits = _block_logits(parts, self._polarity_blocks)
        z = (parts[0] - self.polarity_mean[:DIMENSIONS]) / self.polarity_scale[:DIMENSIONS]
        own = self.polarity_theme_coef.reshape(len(POLARITIES), len(self.codebook), DIMENSIONS)[:, themes, :]
        logits += THEME_POLARITY_WEIGHT * np.einsum("md,cmd->mc", z, own)
        probs = _softmax(logits)
        probs = self._blend_polarity_neighbours(probs, f.clauses.embeddings[rows], themes)
        probs = self._blend_word_neighbours(probs, f.key_terms, texts, themes, top_only and self.reader is None)
        if self.reader is None:
            return probs
        read = self.reader.read([self.codebook[j].id for j in themes], _passages(f, rows, texts))
        return (1.0 - READER_SHARE) * probs + READER_SHARE * read

    def word_pools(self) -> list[tuple[Any, np.ndarray]]:
        """For each theme, the idf-weighted unit word rows of the labelled texts that carry it, transposed to a
        sparse (kept terms, texts) matrix so a batch's queries multiply it directly, and those texts' polarities
        of the theme."""
        if self._word_pools is None:
            from scipy.sparse import csr_matrix

            terms = self.word_terms.astype(np.int32)
            starts = self.word_starts.astype(np.int64)
            units = _unit_rows(
                csr_matrix(
                    (self.word_idf[terms], terms, starts),
                    shape=(len(starts) - 1, len(self.word_keys)),
                    dtype=np.float32,
                )
            )
            pools = []
            for j in range(len(self.codebook)):
                rows = np.flatnonzero(self.neighbour_polarities[:, j] >= 0)
                pools.append((units[rows].T.tocsr(), self.neighbour_polarities[rows, j].astype(np.int64)))
            self._word_pools = pools
        return self._word_pools

    def _blend_word_neighbours(
        self, probs: np.ndarray, key_terms: Sequence[list[str]], texts: np.ndarray, themes: np.ndarray, top_only: bool
    ) -> np.ndarray:
        """The polarity probabilities, WORD_NEIGHBOUR_SHARE of them replaced by the polarities of the labelled texts
        of the mention's theme nearest in words. A mention with no such text sharing a kept word keeps its own."""
        share = WORD_NEIGHBOUR_SHARE
        if not len(texts) or not len(self.word_keys) or share == 0:
            return probs
        open_ = np.ones(len(texts), dtype=bool)
        if top_only and share < 1:
            # The blend moves the gap between two polarities by at most share / (1 - share) of the rest.
            ranked = np.sort(probs, axis=1)
            open_ = (ranked[:, -1] - ranked[:, -2]) * (1.0 - share) <= share
        if not open_.any():
            return probs
        from scipy.sparse import csr_matrix

        table = self.word_keys.astype(np.int64)
        asked, position = np.unique(texts[open_], return_inverse=True)
        hits = [_found(table, word_keys(key_terms[t])) for t in asked]
        columns = np.concatenate(hits)
        starts = np.concatenate([[0], np.cumsum([len(h) for h in hits])]).astype(np.int64)
        query = _unit_rows(
            csr_matrix((self.word_idf[columns], columns, starts), shape=(len(asked), len(table)), dtype=np.float32)
        )
        query_of = np.full(len(texts), -1)
        query_of[open_] = position
        blended = probs.copy()
        pools = self.word_pools()
        for j in np.unique(themes[open_]):
            pool, polarities = pools[j]
            if not len(polarities):
                continue
            mentions = np.flatnonzero(open_ & (themes == j))
            sims = (query[query_of[mentions]] @ pool).toarray()  # (mentions, texts with the theme)
            top = nearest_columns(sims, WORD_NEIGHBOURS)
            near = np.take_along_axis(sims, top, axis=1)
            # Only texts sharing a kept word are neighbours (a cosine of 0 is no link).
            w = np.where(near > 0, np.exp(WORD_NEIGHBOUR_SHARPNESS * (near - near.max(axis=1, keepdims=True))), 0.0)
            total = w.sum(axis=1)
            linked = total > 0
            votes = np.stack([(w * (polarities[top] == c)).sum(axis=1) for c in range(len(POLARITIES))], axis=1)
            rows = mentions[linked]
            blended[rows] = (1.0 - share) * probs[rows] + share * votes[linked] / total[linked, None]
        return blended

    def _blend_polarity_neighbours(self, probs: np.ndarray, queries: np.ndarray, themes: np.ndarray) -> np.ndarray:
        """The classifier's polarity probabilities, POLARITY_NEIGHBOUR_SHARE of them replaced by the polarities
        of the nearest labelled mentions of the same theme (by focus clause). A theme with none keeps its own."""
        if self._polarity_pools is None:  # each theme's rows, one slice of the projected copy, as columns
            self._polarity_projection = principal_directions(
                self.polarity_neighbour_vectors, POLARITY_NEIGHBOUR_DIMENSIONS
            )
            vectors = project(self.polarity_neighbour_vectors, self._polarity_projection)
            themes_of = self.polarity_neighbour_themes
            pools = {}
            for j in np.unique(themes_of).astype(np.int64):
                first, end = np.searchsorted(themes_of, [j, j + 1])
                pools[int(j)] = (np.ascontiguousarray(vectors[first:end].T), self.polarity_neighbour_labels[first:end])
            self._polarity_pools = pools
        queries = project(queries, self._polarity_projection)
        blended = probs.copy()
        for j in np.unique(themes):
            pool = self._polarity_pools.get(int(j))
            if pool is None:
                continue
            mine = themes == j
            near = neighbour_scores(queries[mine], pool[0], pool[1])
            blended[mine] = (1.0 - POLARITY_NEIGHBOUR_SHARE) * probs[mine] + POLARITY_NEIGHBOUR_SHARE * near
        return blended

    def polarity_of(self, texts: Sequence[str], theme_ids: Sequence[str]) -> list[str]:
        """The polarity of each (text, theme) mention, whether or not the theme classifier would assign it."""
        if not texts:
            return []
        index = {t.id: j for j, t in enumerate(self.codebook)}
        f = self.featuriser().features(texts)
        probs = self.mention_polarities(
            f, np.arange(len(texts)), np.array([index[t] for t in theme_ids]), top_only=True
        )
        return [POLARITIES[int(k)] for k in probs.argmax(axis=1)]

    def predict(self, texts: Sequence[str], batch_size: int = 256, evidence: bool = True) -> list[TextThemes]:
        """Themes, polarity, score and evidence of each text, with its tone.

        evidence=False leaves the evidence empty: for runs that store only ids and scores, never words.
        """
        from threadpoolctl import threadpool_limits

        from analysis.tone import forget

        results: list[TextThemes] = []
        words: dict[str, list[int]] = {}  # each word's token ids, for every batch of this call and no longer
        _SCRATCH.space = np.empty(0, dtype=np.float32)  # see _product
        try:
            with threadpool_limits(limits=1):  # small products: BLAS threads cost more than they give
                for start in range(0, len(texts), batch_size):
                    results.extend(self._predict_batch(list(texts[start : start + batch_size]), evidence, words))
        finally:
            forget()  # the tone memo holds the texts' words: none is kept past this call
            _SCRATCH.space = None  # nor the batches' scratch space (40 MB)
        return results

    def _predict_batch(
        self, texts: list[str], with_evidence: bool, words: Optional[dict[str, list[int]]] = None
    ) -> list[TextThemes]:
        f = self.featuriser().features(texts, words)
        probs = self.text_scores(f)
        rows, cols = np.nonzero(assign(probs, self.thresholds))
        polarity = self.mention_polarities(f, rows, cols, top_only=True)
        mentions: list[list[ThemeMention]] = [[] for _ in texts]
        for k, (r, c) in enumerate(zip(rows, cols)):
            mentions[r].append(
                ThemeMention(
                    id=self.codebook[c].id,
                    polarity=POLARITIES[int(np.argmax(polarity[k]))],
                    score=round(float(probs[r, c]), 3),
                    evidence=self.evidence(texts[r], int(c), f.texts.bag[r]) if with_evidence else (),
                )
            )
        return [TextThemes(tuple(sorted(m, key=lambda x: -x.score)), tone(text)) for m, text in zip(mentions, texts)]

    def explain(self, text: str, theme_ids: Sequence[str]) -> list[Explanation]:
        """For each of these themes the model knows, in the order given, the passage of the text it reads the
        mention's polarity from and the words that raise its score: for a coding made earlier (by this model,
        an older one or staff), so a reader can see what in the text it rests on."""
        index = {t.id: j for j, t in enumerate(self.codebook)}
        known = [t for t in dict.fromkeys(theme_ids) if t in index]
        if not known or not text.strip():
            return []
        f = self.featuriser().features([text])
        themes = np.array([index[t] for t in known], dtype=np.int64)
        rows = self.focus_rows(f, np.zeros(len(known), dtype=np.int64), themes)
        return [
            Explanation(t, f.clause_text[int(r)], self.evidence(text, int(j), f.texts.bag[0]))
            for t, j, r in zip(known, themes, rows)
        ]

    def evidence(self, text: str, theme: int, bag_row: Any) -> tuple[str, ...]:
        """The theme's indicative phrases found in the text, then the words that raised its score most."""
        featuriser = self.featuriser()
        found = featuriser.matched_phrases(text, theme)
        taken = {w for p in found for w in normalise(p).split()}
        words = [m for m in _WORD.finditer(plain(text)) if m.group().lower() not in STOPWORDS and len(m.group()) > 2]
        if not words:
            return tuple(found)
        # Per word: its tokens' share of the embedding term plus its own bag-of-words weight. Clause
        # embeddings are pooled per clause, so this is the text-level share, close to but not exactly it.
        ids, spans = featuriser.embedder.tokens_with_spans(text)
        push = np.zeros(len(words))
        if len(ids):
            vectors = featuriser.embedder.vectors[ids]
            norm = float(np.linalg.norm(vectors.mean(axis=0))) or 1.0
            token_push = self.token_weights()[ids, theme] / (len(ids) * norm)
            token_ends = np.array([e for _, e in spans])
            word_of_token = np.searchsorted(np.array([w.end() for w in words]), token_ends, side="left")
            inside = word_of_token < len(words)
            starts = np.array([w.start() for w in words])
            inside &= token_ends > starts[np.minimum(word_of_token, len(words) - 1)]
            np.add.at(push, word_of_token[inside], token_push[inside])
        # The text's bag-of-words values by column (a sparse row: a few dozen of the vocabulary's terms), and
        # the theme's weights on them, from the folded weights theme_logits made (one column per theme).
        present = dict(zip(bag_row.indices.tolist(), bag_row.data.tolist()))
        w_bag = self._folded_theme_weights()[0][-1][:, theme]
        best: dict[str, tuple[float, str]] = {}
        for k, m in enumerate(words):
            word = m.group().lower()
            value = float(push[k])
            col = featuriser.index.get(word)
            if col is not None and present.get(col, 0.0) > 0:
                value += float(w_bag[col] * present[col])
            if word not in best or value > best[word][0]:
                best[word] = (value, text[m.start() : m.end()])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        extra = [surface for word, (value, surface) in ranked if value > 0 and word not in taken]
        return tuple(found + extra[:EVIDENCE_WORDS])

    # -- storage

    def arrays(self) -> dict[str, np.ndarray]:
        """The model's numeric arrays by name."""
        return {
            "theme_mean": self.theme_mean,
            "theme_scale": self.theme_scale,
            "theme_coef": self.theme_coef,
            "theme_intercept": self.theme_intercept,
            "thresholds": self.thresholds,
            "polarity_mean": self.polarity_mean,
            "polarity_scale": self.polarity_scale,
            "polarity_coef": self.polarity_coef,
            "polarity_intercept": self.polarity_intercept,
            "polarity_theme_coef": self.polarity_theme_coef,
            "neighbour_vectors": self.neighbour_vectors,
            "neighbour_labels": self.neighbour_labels,
            "polarity_neighbour_vectors": self.polarity_neighbour_vectors,
            "polarity_neighbour_themes": self.polarity_neighbour_themes,
            "polarity_neighbour_labels": self.polarity_neighbour_labels,
            "word_keys": self.word_keys,
            "word_idf": self.word_idf,
            "word_terms": self.word_terms,
            "word_starts": self.word_starts,
            "neighbour_polarities": self.neighbour_polarities,
        }

    def document(self) -> dict[str, Any]:
        """The JSON half: format, codebook, vocabulary, cue names, thresholds and metadata."""
        return {
            "format": FORMAT,
            "embedding": {"package": "wordllama", "model": "l2_supercat", "dimensions": DIMENSIONS},
            "codebook": [{"id": t.id, "indicative": list(t.indicative)} for t in self.codebook],
            "cues": [name for name, _ in CUES],
            "lexicon": _lexicon_of(self.codebook),
            "polarities": list(POLARITIES),
            "thresholds": {t.id: round(float(v), 4) for t, v in zip(self.codebook, self.thresholds)},
            "vocabulary": list(self.vocabulary),
            "metadata": self.metadata,
        }

    def to_bytes(self) -> tuple[bytes, str]:
        """The model as (npz bytes, JSON text): what a database row or two files hold."""
        return _npz_bytes(self.arrays()), json.dumps(self.document(), indent=1, sort_keys=True) + "\n"

    def save(self, folder: Path, name: str = MODEL_NAME) -> None:
        """Write NAME.npz and NAME.json into the folder."""
        folder.mkdir(parents=True, exist_ok=True)
        blob, doc = self.to_bytes()
        (folder / f"{name}.npz").write_bytes(blob)
        (folder / f"{name}.json").write_text(doc, encoding="utf-8")

    @classmethod
    def from_bytes(cls, blob: bytes, document: str) -> "ThemeModel":
        """A model from its npz bytes and JSON text; raises ModelFileError if they are not a model."""
        try:
            doc = json.loads(document)
            with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
                # The neighbour rows are read as int8 steps and become float32 unit rows in _assemble.
                arrays = {
                    name: np.asarray(npz[name], dtype=np.int8 if name in INT8_ARRAYS else np.float32)
                    for name in npz.files
                }
        except (ValueError, OSError, zipfile.BadZipFile, KeyError) as exc:
            raise ModelFileError(f"not a readable theming model: {exc}") from exc
        return cls._assemble(doc, arrays)

    @classmethod
    def _assemble(cls, doc: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> "ThemeModel":
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ModelFileError(f"the model's JSON is not in format {FORMAT}")
        if doc.get("cues") != [name for name, _ in CUES] or doc.get("polarities") != list(POLARITIES):
            raise ModelFileError("the model was trained with other cue features or polarities: retrain it")
        codebook = tuple(CodebookTheme(t["id"], tuple(t["indicative"])) for t in doc["codebook"])
        if doc.get("lexicon") != _lexicon_of(codebook):
            raise ModelFileError("the model was trained with other theme lexicon words: retrain it")
        vocabulary = tuple(doc["vocabulary"])
        try:
            model = cls(codebook, vocabulary, metadata=dict(doc.get("metadata", {})), **arrays)  # type: ignore[arg-type]
        except TypeError as exc:
            raise ModelFileError(f"the model's arrays are not the expected ones: {exc}") from exc
        t, p = len(codebook), len(POLARITIES)
        tw, pw = theme_width(t, len(vocabulary)), polarity_width(t, len(vocabulary))
        n, m = len(model.neighbour_vectors), len(model.polarity_neighbour_vectors)
        expected = {
            "theme_mean": (tw,),
            "theme_scale": (tw,),
            "theme_coef": (t, tw),
            "theme_intercept": (t,),
            "thresholds": (t,),
            "polarity_mean": (pw,),
            "polarity_scale": (pw,),
            "polarity_coef": (p, pw),
            "polarity_intercept": (p,),
            "polarity_theme_coef": (p, t * DIMENSIONS),
            "neighbour_vectors": (n, DIMENSIONS),
            "neighbour_labels": (n, t),
            "polarity_neighbour_vectors": (m, DIMENSIONS),
            "polarity_neighbour_themes": (m,),
            "polarity_neighbour_labels": (m, p),
            "word_keys": (len(model.word_keys),),
            "word_idf": (len(model.word_keys),),
            "word_terms": (len(model.word_terms),),
            "word_starts": (n + 1,),
            "neighbour_polarities": (n, t),
        }
        for name, shape in expected.items():
            if model.arrays()[name].shape != shape:
                raise ModelFileError(f"array {name} has shape {model.arrays()[name].shape}, expected {shape}")
        starts, terms, keys = model.word_starts, model.word_terms, model.word_keys
        if (
            np.any(np.diff(keys) <= 0)
            or np.any(keys < 0)
            or np.any(keys >= 2**WORD_KEY_BITS)
            or np.any(keys != np.round(keys))
            or not np.all(model.word_idf > 0)
            or starts[0] != 0
            or starts[-1] != len(terms)
            or np.any(np.diff(starts) < 0)
            or np.any(terms < 0)
            or np.any(terms >= len(keys))
            or np.any(terms != np.round(terms))
            or not np.isin(model.neighbour_polarities, np.arange(-1, p)).all()
        ):
            raise ModelFileError("the model's word rows do not fit its kept terms and examples")
        model.neighbour_vectors = _directions(model.neighbour_vectors)
        model.polarity_neighbour_vectors = _directions(model.polarity_neighbour_vectors)
        _order_by_theme(model)
        return model


def _lexicon_of(codebook: Sequence[CodebookTheme]) -> dict[str, list[str]]:
    return {t.id: list(LEXICON.get(t.id, ())) for t in codebook}


def load_model(folder: Path = MODEL_DIR, name: str = MODEL_NAME, reader: bool = True) -> ThemeModel:
    """The model stored as NAME.npz and NAME.json in the folder (by default the shipped one), read with the
    shipped polarity reader unless `reader` is False or LEARNING_LOOP_POLARITY_READER is off."""
    try:
        blob = (folder / f"{name}.npz").read_bytes()
        document = (folder / f"{name}.json").read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelFileError(f"cannot read the theming model in {folder}: {exc.strerror}") from exc
    model = ThemeModel.from_bytes(blob, document)
    if reader:
        from analysis.polarity_reader import shipped_reader

        model.reader = shipped_reader()
    return model


INT8_ARRAYS = frozenset({"neighbour_vectors", "polarity_neighbour_vectors"})


def _order_by_theme(model: ThemeModel) -> None:
    """The polarity neighbours ordered by theme (stable), so each theme's rows are one slice."""
    order = np.argsort(model.polarity_neighbour_themes, kind="stable")
    if np.any(order != np.arange(len(order))):
        model.polarity_neighbour_vectors = model.polarity_neighbour_vectors[order]
        model.polarity_neighbour_themes = model.polarity_neighbour_themes[order]
        model.polarity_neighbour_labels = model.polarity_neighbour_labels[order]


def _npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An .npz archive with fixed timestamps, so the same model is the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            array = io.BytesIO()
            if name in INT8_ARRAYS:  # unit rows (or int8 steps already) as int8 steps of each row's largest value
                values = np.ascontiguousarray(quantise(arrays[name]), dtype=np.int8)
            else:
                values = np.ascontiguousarray(arrays[name], dtype=np.float32)
            np.lib.format.write_array(array, values, allow_pickle=False)
            archive.writestr(info, array.getvalue())
    return buffer.getvalue()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))  # type: ignore[no-any-return]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def tone(text: str) -> Tone:
    """TextBlob's pattern-lexicon sentiment (its PatternAnalyzer; needs no NLTK corpora), rounded."""
    # The same numbers as textblob.en.sentiment (what PatternAnalyzer calls), about seven times faster.
    from analysis.tone import sentiment

    polarity, subjectivity = sentiment(text)
    return Tone(round(float(polarity), 3), round(float(subjectivity), 3))


# ---------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingSet:
    """Texts, their theme ids and polarities, and each text's weight (corrections weigh more)."""

    texts: tuple[str, ...]
    labels: tuple[tuple[ThemeLabel, ...], ...]
    weights: tuple[float, ...]
    corrections: int


def training_set(examples: Iterable[LabelledText], corrections: Iterable[Correction] = ()) -> TrainingSet:
    """The examples with staff corrections applied: a correction replaces the label of the same id or text."""
    fixes = list(corrections)
    by_id = {c.id for c in fixes}
    by_text = {normalise(c.text).strip() for c in fixes}
    texts: list[str] = []
    labels: list[tuple[ThemeLabel, ...]] = []
    weights: list[float] = []
    for e in examples:
        if e.id in by_id or normalise(e.text).strip() in by_text:
            continue
        texts.append(e.text)
        labels.append(e.themes)
        weights.append(1.0)
    latest: dict[str, Correction] = {}
    for c in fixes:  # the last correction of a text wins
        latest[normalise(c.text).strip()] = c
    for c in latest.values():
        texts.append(c.text)
        labels.append(c.themes)
        weights.append(CORRECTION_WEIGHT)
    return TrainingSet(tuple(texts), tuple(labels), tuple(weights), len(latest))


def build_vocabulary(texts: Sequence[str], min_count: int = 2, limit: Optional[int] = None) -> tuple[str, ...]:
    """Terms found in at least min_count texts, most frequent first (ties alphabetical), at most limit."""
    counts: dict[str, int] = {}
    for text in texts:
        for term in set(words_of(text)):
            counts[term] = counts.get(term, 0) + 1
    kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return tuple(kept[: VOCABULARY if limit is None else limit])


def _standardise(parts: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per-column mean and scale of feature blocks (dense, or a sparse bag of words). Bag-of-words columns are
    only weighted, since scaling a rare word's column by its tiny spread would let one occurrence outweigh the
    embedding; they are never centred, so they keep their zeros."""
    means, scales = [], []
    for part in parts:
        if isinstance(part, np.ndarray):
            mean, scale = part.mean(axis=0), part.std(axis=0)
            scale[scale < 1e-6] = 1.0
        else:
            mean, scale = np.zeros(part.shape[1]), np.full(part.shape[1], 1.0 / BAG_WEIGHT)
        means.append(mean.astype(np.float32))
        scales.append(scale.astype(np.float32))
    return np.concatenate(means), np.concatenate(scales)


def _design(parts: Sequence[Any], mean: np.ndarray, scale: np.ndarray) -> Any:
    """The standardised rows as one sparse matrix for the solver, block by block: no dense copy of the bag of
    words is made, and a row holds a few hundred values instead of the vocabulary's thousands (the fits run
    several times faster, on the same numbers)."""
    from scipy.sparse import csr_matrix, hstack

    blocks, start = [], 0
    for part in parts:
        end = start + part.shape[1]
        m, s = mean[start:end], scale[start:end]
        if isinstance(part, np.ndarray):
            blocks.append(csr_matrix((part - m) / s))
        else:  # the bag's mean is 0: only its stored values change
            bag = csr_matrix(part, dtype=np.float32, copy=True)
            bag.data = bag.data / s[bag.indices]
            blocks.append(bag)
        start = end
    return hstack(blocks, format="csr")


def _rows(parts: Sequence[Any], rows: np.ndarray) -> list[Any]:
    """The given rows of each feature block."""
    return [part[rows] for part in parts]


def _fit_binary(x: Any, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():  # a theme with no examples (or only examples) in this fold
        return np.zeros(x.shape[1]), (-8.0 if y.max() == 0 else 8.0)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit(x, y, sample_weight=w)
    return clf.coef_[0], float(clf.intercept_[0])


def _folds(n: int, k: int) -> list[np.ndarray]:
    """Deterministic fold assignment (round robin over a fixed shuffle)."""
    order = np.random.default_rng(20261202).permutation(n)
    return [order[i::k] for i in range(k)]


# Chosen by 5-fold cross-validation on the training part of the labelled set (bench/themes_eval.py).
THEME_C = 0.05
# Terms (words and word pairs) in the bag of words, the most frequent first. Chosen at 4,000 on 1,232 texts;
# on rounds 29 and 30, each read before it joined the set by a model trained through the round before
# (theme macro-F1 / polarity accuracy): 4,000 terms 0.686 / 0.778 and 0.727 / 0.780; 8,000 0.699 / 0.784
# (round 29); 16,000 0.703 / 0.787 and 0.747 / 0.786; 32,000 0.707 / 0.791 and 0.752 / 0.788. At 32,000 the
# rarest kept term is in three training texts.
VOCABULARY = 32000
# Polarity was chosen at 0.05 on the first 1,742 texts; on the realistic rounds since, stronger
# regularisation reads better: 5-fold CV on the 6,140 training texts gives 0.708 at 0.05, 0.721 at 0.01,
# 0.730 at 0.005 and 0.730 at 0.002, and round 12, unseen, went from 0.638 to 0.659 at 0.005.
POLARITY_C = 0.005
BAG_WEIGHT = 20.0
# Nearest labelled texts (cosine of the mean embeddings): how many, how sharply the nearer count more
# (weights exp(SHARPNESS * (cosine - best cosine))), and their share of a theme's score.
NEIGHBOURS = 10
NEIGHBOUR_SHARPNESS = 10.0
NEIGHBOUR_SHARE = 0.4
# A text's score for a theme is at least this share of its best clause's classifier probability: a theme one
# sentence of a long answer speaks to is otherwise averaged away by the rest (three labelled texts run together
# kept 1.6 of their 3.9 themes). Chosen on the training texts alone and three run together, single and joined
# macro-F1 summed: 0.60 0.983 + 0.942, 0.65 0.977 + 0.962, 0.70 0.970 + 0.961 (docs/themes.md).
CLAUSE_SHARE = 0.65
# Polarity reads the words and cues of the focus clause's neighbours this many clauses either side, not the whole
# text's: on held-out texts run together in threes 0.731 -> 0.758, single held-out texts the same (0.813), and
# the focus clause alone 0.777 / 0.799 (docs/themes.md, "Longer answers").
CONTEXT_CLAUSES = 1
# Neighbours are found among the labelled rows projected onto their leading directions (principal_directions),
# texts in NEIGHBOUR_DIMENSIONS of the embeddings' 256, focus clauses in POLARITY_NEIGHBOUR_DIMENSIONS: the matrix
# products that find them were a third of predict()'s time. On the 9,897 held-out texts (and the 2,518 longer
# answers made of them), read by the shipped model, as theme macro-F1 / polarity accuracy: 256 and 256 0.786 /
# 0.813 (0.774 / 0.758); texts in 192: 0.786 (0.774); 160: 0.785 (0.773); 128: 0.784 (0.773); focus clauses in
# 192, 160 or 128, texts in 256: 0.813, 0.814, 0.813 (polarity kappa 0.714 -> 0.715, 0.716, 0.714); 192 and
# 128 together: 0.786 / 0.813 (0.774 / 0.758), every kappa within 0.001.
NEIGHBOUR_DIMENSIONS = 192
POLARITY_NEIGHBOUR_DIMENSIONS = 128
# How predict() reads a model's weights, named so that a change to it re-themes what the old rules themed:
# the same weights read by other rules are another classifier (findings.ModelClassifier's version).
PREDICTION_RULES = (
    f"c{round(CLAUSE_SHARE * 100)}w{CONTEXT_CLAUSES}n{NEIGHBOUR_DIMENSIONS}p{POLARITY_NEIGHBOUR_DIMENSIONS}"
)
# The polarity reader's share of a mention's polarity probabilities, where it is on: fixed at an even blend
# before the shipped reader was scored (docs/themes.md, "The polarity reader").
READER_SHARE = 0.5
# The reader reads a text this many sentences long or shorter whole, and a longer one's focus sentence only: 99.5%
# of the training texts it learnt from have one or two sentences (89.9% one).
READER_WHOLE_SENTENCES = 2
# Queries whose nearest labelled rows are partitioned at a time, when there are too few rows to sample.
NEIGHBOUR_QUERIES = 32
# nearest_columns samples every (columns // this)-th column, or every 4th, for a floor under each row's nearest.
# At 1,024, 2,048 and 4,096 it took 14, 10 and 10 ms a batch of 256 texts against
# the shipped model's 39,561 labelled texts; partitioning the whole rows took 35 to 45 ms.
NEAREST_SAMPLE = 2048
# Rows at least this long are sampled (every 4th column at least); shorter ones partitioned. Against the word
# neighbours' rows (2,000 to 5,000 texts of a theme, most cosines 0) sampling took a quarter of the time.
NEAREST_SAMPLED_FROM = 2048
# NEIGHBOUR_SHARE for a mention's polarity, among labelled mentions of its theme. Measured on nine rounds of new
# text (12 to 20), each before any model had seen it, by a model trained through the round before, with and
# without: +0.008, -0.005, +0.001, +0.018, +0.007, +0.007, +0.006, +0.008 and +0.019 polarity accuracy at
# 0.3; 0.2 gained less.
POLARITY_NEIGHBOUR_SHARE = 0.3
# The same again by words: the labelled texts with the mention's theme whose words are nearest to the text's
# (cosine of idf-weighted presence of its unigram and bigram terms, all of them, not only the bag's: a term in
# two labelled texts is the strongest link there is), WORD_NEIGHBOURS of them weighted by
# exp(WORD_NEIGHBOUR_SHARPNESS * (cosine - best cosine)), blended in at this share after the embedding
# neighbours. Terms in one labelled text link nothing and are left out; so are those in more than
# WORD_NEIGHBOUR_MAX_DF of them, which make the product slow and the neighbours vague. The static embedding
# averages "the audit looked at whether plans were SMART" and "plans were not SMART" together; their words do
# not. Words after a negator are other terms (see negated_terms): without that, "The social worker never
# listened to us" found "kept informed at every stage" nearest and read as good practice. Read by a model
# trained through the round before, round 31 / round 32 polarity accuracy went from 0.799 / 0.782 without
# word neighbours to 0.811 / 0.795 with (0.810 / 0.792 without the negators' marks; 0.814 / 0.792 marking
# only three words on). The other settings tried, without the marks (at 0.3 unless said): 10 neighbours at
# sharpness 10: 0.808 / 0.789; 5 at 10: 0.811 / 0.791; 20 at 10: 0.808 / 0.787; 10 at 5: 0.803 / 0.786; 10 at
# 40: 0.804 / 0.789; 5 at 20: 0.807 / 0.790; share 0.4: 0.796 / 0.777 or lower; terms in up to 5% of the texts:
# 0.810 / 0.789; the focus clause's words in place of the text's: 0.807 / 0.788.
WORD_NEIGHBOUR_SHARE = 0.3
WORD_NEIGHBOUR_MAX_DF = 0.02
WORD_NEIGHBOURS = 10
WORD_NEIGHBOUR_SHARPNESS = 20.0
# The bits of a term's key (see word_keys): float32 holds whole numbers exactly up to 2**24.
WORD_KEY_BITS = 24
# Each theme's own polarity weights on the focus clause's embedding, beside the shared ones, at this share of
# the standardised values (the same regularisation then holds them nearer zero than the shared weights). A
# linear model with one set of weights reads a judged clause the same for every theme in it; these let a
# theme that is mostly the setting ("dad", "neglect") stay neutral where the judgement falls on another.
# Each of three unseen rounds, read by a model trained through the round before (with the polarity
# neighbours): +0.006, +0.012 and +0.010 at 0.5; +0.009, +0.004, +0.012 at 1; +0.004, +0.007, +0.007 at 0.25.
THEME_POLARITY_WEIGHT = 0.5


def quantise(embeddings: np.ndarray) -> np.ndarray:
    """Each row in int8 steps of its largest absolute value (as float32): the direction, in a quarter the bytes."""
    top = np.maximum(np.abs(embeddings).max(axis=1, keepdims=True), 1e-12)
    return np.round(embeddings / top * 127.0).astype(np.float32)  # type: ignore[no-any-return]


def principal_directions(units: np.ndarray, dimensions: int) -> Optional[np.ndarray]:
    """(256, dimensions): the orthonormal directions along which the unit rows vary most (the leading right
    singular vectors, from the eigenvectors of their 256 x 256 Gram matrix); None when there are too few rows
    for that many, or no fewer dimensions are asked for. Cosines between rows projected onto them and made unit
    again depend only on the directions' span, not on how an eigen-solver orders or signs them."""
    if dimensions >= units.shape[1] or len(units) < 2 * dimensions:
        return None
    rows = np.asarray(units, dtype=np.float32)
    # The Gram matrix in float32 (one product of the stored rows, no float64 copy of them), solved in float64;
    # eigenvalues come rising, so the leading directions are the last columns.
    _, vectors = np.linalg.eigh((rows.T @ rows).astype(np.float64))
    return np.ascontiguousarray(vectors[:, ::-1][:, :dimensions], dtype=np.float32)


def project(rows: np.ndarray, projection: Optional[np.ndarray]) -> np.ndarray:
    """Rows projected onto the directions and made unit length again (a zero row stays zero); as they are if
    there is no projection."""
    if projection is None:
        return rows
    out = rows @ projection
    norms = np.sqrt(np.einsum("ij,ij->i", out, out))[:, None]
    np.divide(out, norms, out=out, where=norms > 0)  # in place: the labelled rows are tens of MB
    return out


def nearest_columns(sims: np.ndarray, k: int) -> np.ndarray:
    """(rows, k) column indices of each row's k largest values, in no particular order (every column when there
    are no more than k).

    A row's k largest are at least the k-th largest of any subset of its columns, so that of every
    NEAREST_SAMPLE-th column is a floor: the few columns over it (about a hundred of tens of thousands) are
    sorted, not the whole row: the same columns (ties at the k-th value aside, which weigh the same) in about a
    quarter of the time of partitioning whole rows (see NEAREST_SAMPLE)."""
    rows, n = sims.shape
    step = max(n // NEAREST_SAMPLE, 4)
    if k >= n:
        return np.tile(np.arange(n), (rows, 1))
    if not rows:
        return np.zeros((0, k), dtype=np.int64)
    if n >= NEAREST_SAMPLED_FROM and n // step >= k:
        sample = sims[:, ::step]
        floor = np.partition(sample, sample.shape[1] - k, axis=1)[:, sample.shape[1] - k]
        flat = np.flatnonzero(sims >= floor[:, None])
        owner = flat // n
        counts = np.bincount(owner, minlength=rows)
        # Not when a row held something that compares with nothing (NaN), or when ties at the floor (cosines of
        # 0, sharing no word) leave too many to sort.
        if len(counts) and counts.min() >= k and len(flat) <= sims.size // 4:
            # By row, then by value falling: values are cosines (within 2 of each other), rows 4 apart.
            order = np.argsort(owner * 4.0 - sims.ravel()[flat], kind="stable")
            starts = np.cumsum(counts) - counts
            return flat[order[starts[:, None] + np.arange(k)]] - (np.arange(rows) * n)[:, None]  # type: ignore[no-any-return]
    # The k largest, partitioned to the end of each row (partitioning -sims for the front would copy it), a few
    # queries at a time: int64 indices for a whole batch against tens of thousands of rows would be 24 MB,
    # which the heap keeps after it; in blocks they stay a few MB.
    return np.concatenate(
        [
            np.argpartition(sims[start : start + NEIGHBOUR_QUERIES], n - k, axis=1)[:, n - k :]
            for start in range(0, rows, NEIGHBOUR_QUERIES)
        ]
    )


# Scratch space for a thread's products of queries with labelled rows, made at the start of a predict() call, reused
# from one batch to the next and dropped at its end. A batch's cosines with the labelled texts take 40 MB:
# allocated afresh each time, that was a memory map the kernel had to zero, about a tenth of predict()'s CPU time.
_SCRATCH = threading.local()


def _product(queries: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """queries @ columns, written into the thread's scratch space when it has one (grown when too small)."""
    space: Optional[np.ndarray] = getattr(_SCRATCH, "space", None)
    if space is None:
        return queries @ columns  # type: ignore[no-any-return]
    need = len(queries) * columns.shape[1]
    if len(space) < need:
        space = _SCRATCH.space = np.empty(need, dtype=np.float32)
    return np.matmul(queries, columns, out=space[:need].reshape(len(queries), columns.shape[1]))  # type: ignore[no-any-return]


def neighbour_scores(queries: np.ndarray, columns: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(queries, themes): the share of each query's nearest labelled texts (by cosine) that carry each theme,
    the nearer weighing more. Queries are unit rows and `columns` the labelled texts' unit rows as columns
    (dimensions x texts; a transposed view will do); a zero query row gets the plain average."""
    if not columns.shape[1] or not len(queries):
        return np.zeros((len(queries), labels.shape[1]), dtype=np.float32)
    sims = _product(queries, columns)  # one product for the batch: reading the labelled rows once is what costs
    top = nearest_columns(sims, NEIGHBOURS)
    near = np.take_along_axis(sims, top, axis=1)
    w = np.exp(NEIGHBOUR_SHARPNESS * (near - near.max(axis=1, keepdims=True)))
    w /= w.sum(axis=1, keepdims=True)
    return np.einsum("nk,nkt->nt", w, labels[top]).astype(np.float32, copy=False)  # type: ignore[no-any-return]


def assign(probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """(texts, themes) booleans: themes at or above their threshold; a text with none keeps its top theme
    if that scores at least half its threshold (most texts speak to some theme)."""
    chosen = probs >= thresholds[None, :]
    top = probs.argmax(axis=1)
    rows = np.arange(len(probs))
    fallback = ~chosen.any(axis=1) & (probs[rows, top] >= thresholds[top] / 2)
    chosen[rows[fallback], top[fallback]] = True
    return chosen


def _macro_f1(chosen: np.ndarray, y: np.ndarray) -> float:
    used = y.sum(axis=0) > 0
    tp = (chosen & (y == 1)).sum(axis=0)
    f1 = 2 * tp / np.maximum(chosen.sum(axis=0) + y.sum(axis=0), 1)
    return float(f1[used].mean()) if used.any() else 0.0


def _best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """One threshold for every theme: per-theme ones fitted on a few dozen examples each overfit."""
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.2, 0.71, 0.05):
        f1 = _macro_f1(assign(probs, np.full(probs.shape[1], t)), y)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def train(
    examples: Iterable[LabelledText],
    codebook: Sequence[CodebookTheme],
    corrections: Iterable[Correction] = (),
    threshold_folds: int = 5,
    metadata: Optional[Mapping[str, Any]] = None,
) -> ThemeModel:
    """Train the theme and polarity classifiers; thresholds from out-of-fold scores of the training texts."""
    from threadpoolctl import threadpool_limits

    # Many small fits: BLAS threads only contend (tens of times slower on a busy two-core machine),
    # and one thread also keeps the sums, so the weights, the same from run to run.
    with threadpool_limits(limits=1):
        return _train(examples, codebook, corrections, threshold_folds, metadata)


def _train(
    examples: Iterable[LabelledText],
    codebook: Sequence[CodebookTheme],
    corrections: Iterable[Correction],
    threshold_folds: int,
    metadata: Optional[Mapping[str, Any]],
) -> ThemeModel:
    data = training_set(examples, corrections)
    if not data.texts:
        raise ValueError("no labelled texts to train on")
    known = {t.id for t in codebook}
    for labels in data.labels:
        for label in labels:
            if label.id not in known:
                raise ValueError(f"label {label.id!r} is not a codebook theme")
            if label.polarity not in POLARITIES:
                raise ValueError(f"polarity {label.polarity!r} is not one of {', '.join(POLARITIES)}")
    codebook = tuple(codebook)
    vocabulary = build_vocabulary(data.texts)
    featuriser = Featuriser(codebook, vocabulary, load_embedder())
    f = featuriser.features(data.texts)
    parts = _theme_parts(f.texts)
    weights = np.array(data.weights)
    y = np.zeros((len(data.texts), len(codebook)), dtype=np.int64)
    index = {t.id: j for j, t in enumerate(codebook)}
    for i, labels in enumerate(data.labels):
        for label in labels:
            y[i, index[label.id]] = 1

    mean, scale = _standardise(parts)
    xs = _design(parts, mean, scale)
    coef = np.zeros((len(codebook), xs.shape[1]), dtype=np.float32)
    intercept = np.zeros(len(codebook), dtype=np.float32)
    for j in range(len(codebook)):
        coef[j], intercept[j] = _fit_binary(xs, y[:, j], weights, THEME_C)

    # Neighbours are the labelled examples only: corrections (the last rows) are sealed responses.
    examples = np.arange(len(data.texts)) < len(data.texts) - data.corrections
    neighbours = quantise(f.texts.embeddings[examples])
    thresholds = np.full(len(codebook), 0.5, dtype=np.float32)
    if threshold_folds > 1 and len(data.texts) >= 2 * threshold_folds:
        thresholds[:] = _oof_threshold(parts, y, weights, f.texts.embeddings, examples, threshold_folds)

    word_keys_, word_idf, word_terms, word_starts = _word_rows(
        [word_keys(terms) for terms, example in zip(f.key_terms, examples) if example], WORD_NEIGHBOUR_MAX_DF
    )
    neighbour_polarities = np.full((int(examples.sum()), len(codebook)), -1.0, dtype=np.float32)
    for i, labels in enumerate(data.labels[: len(neighbour_polarities)]):
        for label in labels:
            neighbour_polarities[i, index[label.id]] = POLARITIES.index(label.polarity)
    model = ThemeModel(
        codebook=codebook,
        vocabulary=vocabulary,
        theme_mean=mean,
        theme_scale=scale,
        theme_coef=coef,
        theme_intercept=intercept,
        thresholds=thresholds,
        polarity_mean=np.zeros(0, dtype=np.float32),
        polarity_scale=np.zeros(0, dtype=np.float32),
        polarity_coef=np.zeros((len(POLARITIES), 0), dtype=np.float32),
        polarity_intercept=np.zeros(len(POLARITIES), dtype=np.float32),
        polarity_theme_coef=np.zeros((len(POLARITIES), len(codebook) * DIMENSIONS), dtype=np.float32),
        neighbour_vectors=_directions(neighbours),
        neighbour_labels=y[examples].astype(np.float32),
        polarity_neighbour_vectors=np.zeros((0, DIMENSIONS), dtype=np.float32),
        polarity_neighbour_themes=np.zeros(0, dtype=np.float32),
        polarity_neighbour_labels=np.zeros((0, len(POLARITIES)), dtype=np.float32),
        word_keys=word_keys_,
        word_idf=word_idf,
        word_terms=word_terms,
        word_starts=word_starts,
        neighbour_polarities=neighbour_polarities,
        metadata=dict(metadata or {}),
        _featuriser=featuriser,
    )
    _train_polarity(model, data, index, f)
    model.metadata.update(
        {
            "texts": len(data.texts),
            "corrections": data.corrections,
            "mentions": int(y.sum()),
            "per_theme": {t.id: int(y[:, j].sum()) for j, t in enumerate(codebook)},
        }
    )
    return model


def _oof_threshold(
    parts: Sequence[Any], y: np.ndarray, weights: np.ndarray, embeddings: np.ndarray, examples: np.ndarray, k: int
) -> float:
    """The shared threshold that gives the best macro-F1 on out-of-fold scores (classifiers and neighbours)."""
    oof = np.zeros(y.shape)
    for fold in _folds(len(y), k):
        rest = np.setdiff1d(np.arange(len(y)), fold)
        train_parts = _rows(parts, rest)
        m, s = _standardise(train_parts)
        train_rows, fold_rows = _design(train_parts, m, s), _design(_rows(parts, fold), m, s)
        for j in range(y.shape[1]):
            c, b = _fit_binary(train_rows, y[rest, j], weights[rest], THEME_C)
            oof[fold, j] = _sigmoid(fold_rows @ c + b)
        near = rest[examples[rest]]
        units = _directions(quantise(embeddings[near]))
        blend = neighbour_scores(embeddings[fold], units.T, y[near].astype(np.float32))
        oof[fold] = (1.0 - NEIGHBOUR_SHARE) * oof[fold] + NEIGHBOUR_SHARE * blend
    return _best_threshold(oof, y)


def _train_polarity(model: ThemeModel, data: TrainingSet, index: Mapping[str, int], f: _Features) -> None:
    from sklearn.linear_model import LogisticRegression

    texts, themes, targets, weights = [], [], [], []
    for i, (labels, weight) in enumerate(zip(data.labels, data.weights)):
        for label in labels:
            texts.append(i)
            themes.append(index[label.id])
            targets.append(POLARITIES.index(label.polarity))
            weights.append(weight)
    width = polarity_width(len(model.codebook), len(model.vocabulary))
    model.polarity_mean = np.zeros(width, dtype=np.float32)
    model.polarity_scale = np.ones(width, dtype=np.float32)
    model.polarity_coef = np.zeros((len(POLARITIES), width), dtype=np.float32)
    model.polarity_theme_coef = np.zeros((len(POLARITIES), len(model.codebook) * DIMENSIONS), dtype=np.float32)
    if not texts:
        return
    rows, cols = np.array(texts), np.array(themes)
    onehot = np.zeros((len(texts), len(model.codebook)), dtype=np.float32)
    onehot[np.arange(len(texts)), cols] = 1.0
    focus = model.focus_rows(f, rows, cols)
    parts = _polarity_parts(f, focus, rows, onehot)
    # Neighbours are the labelled examples' mentions only: corrections (the last texts) are sealed responses.
    example = rows < len(data.texts) - data.corrections
    model.polarity_neighbour_vectors = _directions(quantise(f.clauses.embeddings[focus[example]]))
    model.polarity_neighbour_themes = cols[example].astype(np.float32)
    model.polarity_neighbour_labels = np.eye(len(POLARITIES), dtype=np.float32)[np.array(targets)[example]]
    _order_by_theme(model)
    mean, scale = _standardise(parts)
    model.polarity_mean, model.polarity_scale = mean, scale
    y = np.array(targets)
    coef = np.zeros((len(POLARITIES), width + len(model.codebook) * DIMENSIONS), dtype=np.float32)
    intercept = np.full(len(POLARITIES), -8.0, dtype=np.float32)
    present = sorted(set(targets))
    if len(present) == 1:
        intercept[present[0]] = 8.0
    else:
        from scipy.sparse import hstack

        own = _per_theme((parts[0] - mean[:DIMENSIONS]) / scale[:DIMENSIONS], cols, len(model.codebook))
        clf = LogisticRegression(C=POLARITY_C, max_iter=3000)
        clf.fit(hstack([_design(parts, mean, scale), own]).tocsr(), y, sample_weight=np.array(weights))
        if len(present) == 2:  # sklearn gives one row for two classes: the second class's log-odds
            coef[present[1]], intercept[present[1]] = clf.coef_[0], clf.intercept_[0]
            coef[present[0]], intercept[present[0]] = 0.0, 0.0
        else:
            for row, cls in enumerate(clf.classes_):
                coef[cls], intercept[cls] = clf.coef_[row], clf.intercept_[row]
    model.polarity_coef, model.polarity_theme_coef = coef[:, :width], coef[:, width:]
    model.polarity_intercept = intercept


def _per_theme(z: np.ndarray, themes: np.ndarray, count: int) -> Any:
    """Each mention's standardised focus-clause embedding (times THEME_POLARITY_WEIGHT) in its theme's own
    block of columns, as a sparse matrix: 256 values a row whatever the number of themes."""
    from scipy.sparse import csr_matrix

    n, d = z.shape
    rows = np.repeat(np.arange(n), d)
    columns = (themes[:, None] * d + np.arange(d)[None, :]).ravel()
    return csr_matrix(((THEME_POLARITY_WEIGHT * z).ravel(), (rows, columns)), shape=(n, count * d))
