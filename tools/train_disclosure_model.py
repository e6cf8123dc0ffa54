"""Train the disclosure detector's learned layer (core/safeguarding/_model.py) from the labelled set.

Usage (from the repository root):

    python tools/train_disclosure_model.py [--c 16] [--threshold 0.9] [--check]

Reads tests/data/disclosure_eval.jsonl, leaves out the held-out batches (HELD_OUT: scored, never trained or
tuned on), fits a multinomial logistic regression ("none" and each kind; balanced class weights) over TF-IDF of
the normalised text's words and word pairs (sublinear counts, terms in two or more texts), and writes
core/safeguarding/disclosure_model.json. The same data and settings give the same file. ``--check`` writes
nothing and fails if the shipped file is not what the data gives, so a change to the set or to the normaliser
is not left untrained. bench/disclosure_classifier_trial.py measures what the layer adds, batch by batch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.safeguarding import normalise  # noqa: E402
from core.safeguarding._model import FORMAT, MODEL_FILE, terms  # noqa: E402

DATASET = ROOT / "tests" / "data" / "disclosure_eval.jsonl"
TARGET = ROOT / "core" / "safeguarding" / MODEL_FILE
HELD_OUT = frozenset({"R5"})
"""Batches kept out of training: the test of the rules and the model together on text neither has seen."""


def train(rows: list[dict], c: float, threshold: float) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    kept = [r for r in rows if r["batch"] not in HELD_OUT]
    texts = [normalise(r["text"]) for r in kept]
    labels = [r["kind"] if r["label"] == "concern" else "none" for r in kept]
    vectoriser = TfidfVectorizer(analyzer=terms, min_df=2, sublinear_tf=True)
    features = vectoriser.fit_transform(texts)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(features, labels)
    names = vectoriser.get_feature_names_out()
    return {
        "format": FORMAT,
        "trained_on": len(kept),
        "held_out": sorted(HELD_OUT),
        "c": c,
        "threshold": threshold,
        "classes": [str(k) for k in model.classes_],
        "intercepts": [round(float(b), 6) for b in model.intercept_],
        "terms": [[str(term), round(float(idf), 6)] for term, idf in zip(names, vectoriser.idf_)],
        "weights": [[round(float(w), 6) for w in model.coef_[:, n]] for n in range(len(names))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=16.0)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    text = json.dumps(train(rows, args.c, args.threshold), separators=(",", ":")) + "\n"
    if args.check:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is not what the labelled set gives: run this script", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(text):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
