"""The disclosure detector's learned layer: the shipped model, its scoring against scikit-learn's, and its limits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.safeguarding import detect_concern, normalise
from core.safeguarding._model import FORMAT, REASON, model, read_model, terms

ROOT = Path(__file__).resolve().parents[2]


def _rows() -> list[dict]:
    path = ROOT / "tests" / "data" / "disclosure_eval.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_public_app_scores_with_the_shipped_file_alone_no_scikit_learn_and_no_network():
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('no network')\n"
        "socket.socket.connect = refuse\n"
        "from core.safeguarding import detect_concern\n"
        "detect_concern('he checks my phone every hour and has stopped me seeing my friends')\n"
        "assert 'sklearn' not in sys.modules and 'numpy' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_the_scoring_code_gives_scikit_learns_probabilities():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from tools.train_disclosure_model import HELD_OUT, train

    rows = [r for r in _rows() if r["batch"] not in HELD_OUT][::4]  # a quarter: quick, and every class is in it
    layer = read_model(train(rows, 16.0, 0.9))
    texts = [normalise(r["text"]) for r in rows]
    labels = [r["kind"] if r["label"] == "concern" else "none" for r in rows]
    vectoriser = TfidfVectorizer(analyzer=terms, min_df=2, sublinear_tf=True)
    fitted = LogisticRegression(C=16.0, max_iter=5000, class_weight="balanced").fit(
        vectoriser.fit_transform(texts), labels
    )
    expected = fitted.predict_proba(vectoriser.transform(texts[:60]))
    for text, row in zip(texts[:60], expected):
        got = layer.probabilities(text)
        for name, value in zip(fitted.classes_, row):
            assert got[name] == pytest.approx(value, abs=1e-4)  # weights are stored to six places


def test_the_layer_finds_a_disclosure_in_words_no_rule_has_and_says_so_plainly():
    # Coercive control told in a survivor's own words, none of them a rule's: decided what I wore, cut me off.
    text = "he used to measure my skirts with a ruler and then he stopped me from seeing my friends and family"
    learned = model().concern(normalise(text))
    assert learned is not None and learned.reason == REASON and learned.kind != "none"
    assert detect_concern(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The multi-agency training on domestic abuse and coercive control was really useful for our team.",
        "Early Help were brilliant with our family and the worker listened to my son.",
        "Referrals to children's social care are answered quickly and the threshold document is clear.",
        "The MASH gave us feedback on the referral within a day, which was good practice.",
        "I would like more sessions on neglect and on how to use the graded care profile.",
    ],
)
def test_ordinary_practitioner_and_parent_feedback_is_not_flagged(text):
    assert detect_concern(text) is None


def test_a_model_file_of_another_format_or_shape_is_refused_whole():
    good = {
        "format": FORMAT,
        "classes": ["harm", "none"],
        "intercepts": [0.0, 0.0],
        "terms": [["hit", 1.0]],
        "weights": [[1.0, -1.0]],
        "threshold": 0.9,
    }
    assert read_model(good).probabilities("he hit me")["harm"] > 0.5
    for broken in (
        {**good, "format": "something else"},
        {**good, "classes": ["harm", "gossip"]},
        {**good, "weights": [[1.0]]},
        {**good, "terms": [["hit", 1.0], ["kick", 1.0]]},
    ):
        with pytest.raises(ValueError):
            read_model(broken)


def test_the_shipped_model_is_trained_on_no_held_out_batch():
    from tools.train_disclosure_model import HELD_OUT

    data = json.loads((ROOT / "core" / "safeguarding" / "disclosure_model.json").read_text(encoding="utf-8"))
    assert set(data["held_out"]) == set(HELD_OUT)
    assert data["trained_on"] == sum(r["batch"] not in HELD_OUT for r in _rows())


def test_the_layer_flags_few_of_the_everyday_sentences_the_rules_are_tested_against():
    """tests/core/test_safeguarding_kinds.py's NOT_FLAGGED sentences use a kind's words in an everyday sense and were
    written to test the rules' vetoes, never trained on. The layer flags 10 of 244 (5 December): it reads words,
    not who did what to whom ("my brother holds me down and tickles me"). This keeps that from growing."""
    from tests.core.test_safeguarding_kinds import NOT_FLAGGED

    sentences = [text for texts in NOT_FLAGGED.values() for text in texts]
    flagged = [text for text in sentences if model().concern(normalise(text)) is not None]
    assert len(sentences) >= 240
    assert len(flagged) <= 0.06 * len(sentences), flagged
