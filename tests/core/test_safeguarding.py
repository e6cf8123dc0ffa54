"""Spotting text that suggests immediate risk or a disclosure of harm."""
from __future__ import annotations

import pytest

from core.safeguarding import detect_concern, detect_in_answers


@pytest.mark.parametrize("text", [
    "I am being hurt",
    "I’m being hit at home",
    "my stepdad hits me when mum is out",
    "he touched me and said not to tell",
    "I am not safe at home",
    "a child is in danger right now",
    "I want to kill myself",
    "sometimes I self harm",
    "he said he'd kill us",
    "I am scared to go home",
    "please help me",
    "my daughter has gone missing",
    "I dont feel safe at home",
    "someone is hurting my little sister",
    "he makes me do things I dont want to",
    "theres no food in the house and mum hasnt been home for days",
    "im going to run away tonight",
    "ive taken tablets",
    "he has a knife",
    "mums boyfriend keeps hitting me",
    "I am being groomed online",
    "we were left on our own all weekend",
    "i feel suicidal",
])
def test_disclosures_and_danger_are_flagged(text):
    assert detect_concern(text) is not None


@pytest.mark.parametrize("text", [
    "",
    "The social worker listened to us and explained what would happen next.",
    "Strategy meetings happen quickly now.",
    "Information from health arrives late.",
    "The training on neglect helped me feel more confident.",
    "Nobody asked my son what he wanted.",
    "We talked about self-harm training for staff.",
    "A suicidal teenager was not assessed by CAMHS.",
    "I feel safe with my foster carer",
    "The knife crime awareness session was good",
    "The course on running away and missing children was useful",
])
def test_ordinary_feedback_is_not_flagged(text):
    assert detect_concern(text) is None


def test_a_concern_says_why_without_repeating_the_text():
    concern = detect_concern("I am being hurt by someone called Zed")
    assert concern is not None and concern.kind == "harm"
    assert "Zed" not in concern.reason and "hurt" in concern.reason


def test_any_one_of_several_answers_is_enough():
    assert detect_in_answers(["all good", "", "I want to die"]) is not None
    assert detect_in_answers(["all good", ""]) is None
