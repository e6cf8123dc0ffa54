"""The fast tone gives TextBlob's numbers exactly: on the labelled set, on every branch of its rules, and on noise."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textblob.en import sentiment as textblob_sentiment

from analysis.themes import tone
from analysis.tone import sentiment
from core.services.findings import LABELLED_SET

# Words and marks that reach each rule: negations, modifiers ("very", "-ly" adverbs), "!", the sarcasm
# mark, emoticons whole and spaced, abbreviations, ellipses, contractions, straight and curly quotes,
# paragraph breaks, the end-of-sentence marker written out, non-ASCII text, and words ending in a mark
# the fast path splits off itself ("well,", "good.") beside abbreviations it must leave whole ("Dr.", "vs.").
PIECES = (
    "not", "never", "no", "n't", "don't", "isn't", "wasn't", "very", "really", "extremely", "good", "bad",
    "terribly", "not a good", "!", "!!", "(!)", "( ! )", ":)", ": )", ":-(", "<3", "xD", "x D", "XD", "great!",
    "well.", "U.S.", "Mr.", "etc.", "e.g.", "...", "wow...", '"quoted"', "'single'", "\u2018curly\u2019",
    "\u201cdouble\u201d", "it's", "we'll", "they're", "I'd", "I'm", "you've", "happy", "sad", "amazing", "awful",
    "(good)", "[bad]", "{ok}", "#tag", "@name", "$5", "50%", "\n\n", "\r\n\r\n", "\t", "END-OF-SENTENCE", "o.O",
    ">.>", "8)", "-", "--", "slightly", "quite", "absolutely", "hardly", "not really", "really not", "nice", "poor",
    "ok", "fine", "best", "worst", "kind", "helpful", "late", "a", "the", "is", "i", "the child", "caf\u00e9",
    "na\u00efve", "\u2014", "\u2026", ";)", ":'(", "\u00b0o\u00b0", "\u2665", "nicely", "badly", "simply", "only",
    "more", "most", "well,", "stop;", "note:", "Dr.", "Ms.", "Mrs.", "A.", "a.", "vs.", "Zo\u00eb.", "caf\u00e9,",
    "good.", "bad,", "Nice.", "II.", "x:", "D:",
)  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
SEPARATORS = (" ", " ", " ", "", "  ", "\n", "\u00a0")


def _textblob(text: str) -> tuple[float, float]:
    polarity, subjectivity = textblob_sentiment(text)
    return polarity, subjectivity


def _same(text: str) -> None:
    fast, slow = sentiment(text), _textblob(text)
    assert fast == slow, text
    assert [type(v) for v in fast] == [type(v) for v in slow], text


def test_the_labelled_set_scores_exactly_as_textblob_does():
    texts = [json.loads(line)["text"] for line in LABELLED_SET.read_text(encoding="utf-8").splitlines() if line]
    assert len(texts) > 600
    for text in texts:
        _same(text)


def test_every_rule_scores_exactly_as_textblob_does():
    rng = random.Random(20261202)
    texts = [
        "".join(rng.choice(PIECES) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 25))) for _ in range(3000)
    ]
    for text in texts:
        _same(text)
    # Spot checks that these texts do reach the rules: a negation flips, a modifier scales, "!" lifts.
    assert sentiment("not good")[0] < 0 < sentiment("good")[0] < sentiment("very good")[0]
    assert sentiment("good!")[0] > sentiment("good")[0]
    assert sentiment("I love it :)") == _textblob("I love it :)")  # an emoticon: TextBlob itself answers


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.text(max_size=40))
def test_noise_scores_exactly_as_textblob_does(pieces, noise):
    _same(" ".join(pieces) + noise)
    _same(noise + " ".join(pieces))


def test_the_tone_shown_is_rounded_textblob():
    text = "The social worker was really helpful, but the meeting was not good at all!"
    polarity, subjectivity = _textblob(text)
    shown = tone(text)
    assert (shown.polarity, shown.subjectivity) == (round(polarity, 3), round(subjectivity, 3))


def test_a_full_memo_starts_again_and_scores_stay_the_same(monkeypatch):
    import analysis.tone

    monkeypatch.setattr(analysis.tone, "_MEMO_LIMIT", 5)
    # An empty memo to start from: earlier tests in the same process may have memoised every word
    # of the text, and a memo that gains nothing never needs to start again.
    monkeypatch.setattr(analysis.tone._lexicon(), "memo", {})
    text = "The worker was very kind, but nobody listened and the plan was not good!"
    for _ in range(3):
        _same(text)
    assert len(analysis.tone._lexicon().memo) <= 5


def test_the_lexicon_read_on_its_own_is_the_one_textblob_en_loads():
    import analysis.tone

    expected = {
        word: (*senses[None][:3], any(m in senses for m in textblob_sentiment.modifiers))
        for word, senses in dict.items(textblob_sentiment)
        if None in senses
    }
    assert len(textblob_sentiment) and analysis.tone._lexicon().words == expected
    assert analysis.tone._lexicon().negations == frozenset(textblob_sentiment.negations)


def test_tone_imports_neither_nltk_nor_the_textblob_package():
    # Importing textblob imports NLTK and SciPy's statistics: over a second of every process that themes text.
    import subprocess
    import sys

    code = (
        "import sys; from analysis.tone import sentiment; sentiment('Really good, not bad at all.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nltk', 'textblob')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
