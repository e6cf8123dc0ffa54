"""The third layer: a classifier learned from the labelled set, for disclosures no rule's wording covers.

Rules (kinds/) and the vocabulary layer (_lexicon.py) read the shapes a disclosure was seen to take. Real text
takes others: on batches of real public text scored before any rule was tuned on them, the rules found 0.54 to
0.63 of the concerns (docs/disclosures.md). This layer is a multinomial logistic regression ("none" and each
kind) over TF-IDF of the normalised text's words and word pairs, trained by tools/train_disclosure_model.py on
tests/data/disclosure_eval.jsonl, less its held-out batches. It flags a text only when the rules did not and it
is confident ("none" at most 1 - THRESHOLD), so it adds recall for few false alarms.

The model is data, read from disclosure_model.json: its terms with their idf weights, and one weight a term a
class. Scoring is plain Python over the text's own terms (no scikit-learn or numpy in the public app). The file
holds words of the labelled set, which is public text or invented: never a respondent's words.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from importlib import resources

from ._table import KINDS, Concern

MODEL_FILE = "disclosure_model.json"
FORMAT = "learning-loop-disclosures/1"
REASON = "reads like what people write when someone may not be safe"
_WORD = re.compile(r"[a-z0-9']+")


def terms(normalised: str) -> list[str]:
    """Words and word pairs of the normalised text (contractions and texting forms already spelt out)."""
    words = _WORD.findall(normalised)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass(frozen=True)
class DisclosureModel:
    classes: tuple[str, ...]  # "none" and kinds
    index: dict[str, int]  # term -> column
    idf: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row a column: the weight of each class
    intercepts: tuple[float, ...]
    threshold: float

    def probabilities(self, normalised: str) -> dict[str, float]:
        """Each class's probability for the normalised text (sublinear TF-IDF, unit length, softmax)."""
        counts: dict[int, int] = {}
        for term in terms(normalised):
            column = self.index.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        values = {c: (1.0 + math.log(n)) * self.idf[c] for c, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        logits = list(self.intercepts)
        for column, value in values.items():
            for k, weight in enumerate(self.weights[column]):
                logits[k] += weight * value / norm
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return {name: e / total for name, e in zip(self.classes, exps)}

    def concern(self, normalised: str) -> Concern | None:
        """A Concern of the likeliest kind when the text is not "none" with probability at least THRESHOLD."""
        probabilities = self.probabilities(normalised)
        if 1.0 - probabilities["none"] < self.threshold:
            return None
        kind = max((k for k in self.classes if k != "none"), key=probabilities.__getitem__)
        return Concern(kind, REASON)


def read_model(data: dict) -> DisclosureModel:
    """A model from its JSON form, checked: a wrong format or shape is refused, never half read."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model")
    classes = tuple(data["classes"])
    if "none" not in classes or not set(classes) - {"none"} <= set(KINDS):
        raise ValueError("the model's classes are not 'none' and kinds of concern")
    vocabulary = data["terms"]
    rows = data["weights"]
    if len(rows) != len(vocabulary) or any(len(row) != len(classes) for row in rows):
        raise ValueError("the model's weights do not match its terms and classes")
    return DisclosureModel(
        classes=classes,
        index={term: n for n, (term, _) in enumerate(vocabulary)},
        idf=tuple(float(idf) for _, idf in vocabulary),
        weights=tuple(tuple(float(w) for w in row) for row in rows),
        intercepts=tuple(float(b) for b in data["intercepts"]),
        threshold=float(data["threshold"]),
    )


_LOADED: list[DisclosureModel] = []
_LOCK = threading.Lock()


def model() -> DisclosureModel:
    """The shipped model, read once per process (threads wait for one read)."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                text = resources.files("core.safeguarding").joinpath(MODEL_FILE).read_text(encoding="utf-8")
                _LOADED.append(read_model(json.loads(text)))
    return _LOADED[0]


def model_concern(normalised: str) -> Concern | None:
    """The learned layer's Concern for a normalised text, or None."""
    return model().concern(normalised)
