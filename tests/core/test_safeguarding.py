"""The disclosure detector as a whole: its rule table, its privacy, and its figures on the labelled set.

The cases for each kind of concern are in test_safeguarding_kinds.py.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import core.safeguarding as safeguarding
from core.safeguarding import KINDS, RULES, VOCABULARY, detect_concern, normalise, rules_concern
from core.safeguarding import kinds as kind_modules

PACKAGE = Path(safeguarding.__file__).resolve().parent


def _kind_modules():
    return [
        importlib.import_module(f"{kind_modules.__name__}.{info.name}")
        for info in pkgutil.iter_modules(kind_modules.__path__)
    ]


# --- the rule table ---------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[f"{rule.kind}-{n}" for n, rule in enumerate(RULES)])
def test_every_rule_flags_its_own_example(rule):
    assert rule.fires(normalise(rule.example)), rule.example
    assert detect_concern(rule.example) is not None


def test_each_kind_has_one_module_and_its_rules_and_words_are_of_that_kind():
    modules = {module.KIND: module for module in _kind_modules()}
    assert set(modules) == set(KINDS)
    for kind, module in modules.items():
        assert module.RULES, kind
        assert all(rule.kind == kind for rule in module.RULES)
        assert module.WORDS is None or module.WORDS.kind == kind


def test_rules_are_read_in_the_order_of_the_kinds():
    order = [KINDS.index(rule.kind) for rule in RULES]
    assert order == sorted(order)
    assert len(RULES) == sum(len(module.RULES) for module in _kind_modules())
    assert [words.kind for words in VOCABULARY] == [kind for kind in KINDS if any(w.kind == kind for w in VOCABULARY)]


def test_an_unknown_kind_is_refused_when_the_table_is_built():
    from core.safeguarding._table import Rule

    with pytest.raises(ValueError, match="unknown kind"):
        Rule("sadness", "says they are sad", r"\bsad\b", lambda text, match: False, example="i am sad")


def test_when_several_kinds_fire_the_first_in_the_order_of_kinds_is_reported():
    # danger (a knife, now) and harm (hitting) both fire; danger comes first
    concern = detect_concern("he is hitting mum right now and he has a knife")
    assert concern is not None and concern.kind == "danger"


def test_no_function_in_the_detector_is_longer_than_100_lines():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 100:
                long.append(f"{path.name}:{node.name}")
    assert long == []


# --- what a concern says, and what is kept ------------------------------------------------


def test_a_concern_says_why_without_repeating_the_text():
    concern = detect_concern("I am being hurt by someone called Zed")
    assert concern is not None and concern.kind == "harm"
    assert "Zed" not in concern.reason and "hurt" in concern.reason


def test_reasons_are_fixed_phrases_that_never_carry_the_respondents_words():
    reasons = {rule.reason for rule in RULES} | {words.reason for words in VOCABULARY}
    for text in ["my uncle Barnaby touched me", "Zephyrine says she wants to die", "kms"]:
        concern = detect_concern(text)
        assert concern is not None and concern.reason in reasons
        assert not any(word in concern.reason for word in ("Barnaby", "Zephyrine", "uncle", "kms"))


def _holds(value, marker, seen):
    """True if `marker` is in a string reachable from `value` through containers and plain objects."""
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, str):
        return marker in value
    if isinstance(value, dict):
        return any(_holds(k, marker, seen) or _holds(v, marker, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_holds(item, marker, seen) for item in value)
    return False


@pytest.mark.parametrize(
    "text",
    [
        # reaches the vocabulary layer (no rule fires) and is flagged there
        "Quillonwyn is rough with me and he flinches",
        # flagged by a rule
        "Quillonwyn hits me",
        # flagged by nothing: every layer runs
        "Quillonwyn made the best cake at the fete",
    ],
)
def test_no_cache_keeps_the_respondents_text_after_a_check(text):
    """Invariant 3 (DESIGN.md): no respondent text in caches, memoised or otherwise."""
    detect_concern(text)
    marker = normalise("Quillonwyn")
    modules = [module for name, module in sys.modules.items() if name.startswith("core.safeguarding")]
    assert modules
    for module in modules:
        for name, value in vars(module).items():
            cached = getattr(value, "cache_info", None)
            if callable(cached):
                # a functools cache keyed on the text would hold it; only caches that stay empty are allowed
                assert cached().currsize == 0, f"{module.__name__}.{name} keeps what it was called with"
            assert not _holds(value, marker, set()), f"{module.__name__}.{name} holds the respondent's words"
    # no pattern was built from the respondent's words (the re module caches compiled patterns by their text)
    compiled = [key for cache in (getattr(re, "_cache", {}), getattr(re, "_cache2", {})) for key in cache]
    assert not any(_holds(key, marker, set()) for key in compiled)


# --- normalisation ----------------------------------------------------------------------


def test_typographic_apostrophes_and_capitals_do_not_hide_a_disclosure():
    assert detect_concern("HE SAYS HE\u2019LL KILL ME IF I TELL") is not None


@pytest.mark.parametrize(
    "text, normalised",
    [
        ("He'll say I can't", "he will say i can not"),
        ("he cant and she wont", "he can not and she will not"),
        ("im scared of me dad", "i am scared of my dad"),
        ("Step-dad said I'm dead proud", "stepdad said i am very proud"),
        ("O'Neill's dog", "o'neills dog"),
    ],
)
def test_contractions_texting_forms_and_dialect_are_spelt_out(text, normalised):
    assert normalise(text) == normalised


# --- the labelled set -------------------------------------------------------------------


FALSE_ALARM_FLOOR = 0.02


def test_the_labelled_set_stays_above_its_floor():
    """A regression floor on tests/data/disclosure_eval.jsonl (figures in docs/disclosures.md), less the held-out
    batch (scored, never tuned or trained on). The learned layer is trained on the rest, so the detector's figures
    there flatter it: the rules alone have a floor of their own, so that a rule broken is not hidden by the layer."""
    from tools.train_disclosure_model import HELD_OUT

    path = Path(__file__).resolve().parents[1] / "data" / "disclosure_eval.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if r["batch"] not in HELD_OUT]
    concerns = [r for r in rows if r["label"] == "concern"]
    nones = [r for r in rows if r["label"] == "none"]
    assert len(concerns) >= 400 and len(nones) >= 300
    for detect, recall_floor in ((detect_concern, 0.98), (lambda text: rules_concern(normalise(text)), 0.965)):
        recall = sum(detect(r["text"]) is not None for r in concerns) / len(concerns)
        false_alarms = sum(detect(r["text"]) is not None for r in nones) / len(nones)
        assert recall >= recall_floor
        assert false_alarms <= FALSE_ALARM_FLOOR
