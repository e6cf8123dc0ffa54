"""The pattern rules as data: each rule fires on its own example through its gate, its gate can
let it run, and adding a rule is one entry in core/stripping/_pattern_rules.py plus its example."""

import re

import pytest

from core.stripping import strip_identifiers
from core.stripping._pattern_rules import RULES
from core.stripping._patterns import _CUE_WORDS
from core.stripping._rules import Priority, Rule, Text, hits
from core.stripping._tokens import Tokens

_PRIORITIES = {v for k, v in vars(Priority).items() if k.isupper()}


def _text(sentence: str) -> Text:
    return Text(sentence, Tokens(sentence))


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_the_gate_lets_the_rule_run_on_its_example(rule: Rule) -> None:
    assert rule.gate.admits(_text(rule.example))


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_finds_what_its_example_says(rule: Rule) -> None:
    t = _text(rule.example)
    found = [rule.example[h.start : h.end] for h in hits(rule, t, _CUE_WORDS)]
    assert rule.finds in found


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_the_stripper_removes_what_each_rule_finds_in_its_example(rule: Rule) -> None:
    result = strip_identifiers(rule.example)
    start = rule.example.index(rule.finds)
    end = start + len(rule.finds)
    for i in range(start, end):
        if rule.example[i].isalnum():
            assert any(f.start <= i < f.end for f in result.findings), (rule.name, result.text)


@pytest.mark.parametrize("rule", [r for r in RULES if r.pattern is not None], ids=lambda r: r.name)
def test_every_word_group_of_a_gate_can_occur_in_its_pattern(rule: Rule) -> None:
    """A gate of words the pattern cannot contain would never let the rule run: each group made
    only of words must share at least one word with the pattern's literal text."""
    assert rule.pattern is not None
    source = re.sub(r"\\[a-z]", " ", rule.pattern.pattern).lower()  # "\bborn" -> " born"
    for group in rule.gate.groups:
        if group.digit or group.others or group.context:
            continue
        assert any(re.search(r"(?<![a-z])" + re.escape(w), source) for w in group.words), (rule.name, group.words)


def test_rule_names_are_unique_and_priorities_are_named() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.priority in _PRIORITIES for r in RULES)


def test_a_gate_that_cannot_match_makes_the_example_test_fail() -> None:
    """The example test is the guard: a rule whose trigger word is missing from its gate fails it."""
    from core.stripping._rules import gate

    rule = next(r for r in RULES if r.name == "age after who is")
    broken = Rule(**{**rule.__dict__, "gate": gate({"whom"})})
    assert not broken.gate.admits(_text(broken.example))
