"""Spotting free text that suggests immediate risk or a disclosure of harm.

An anonymous form can receive "I am being hurt" or "a child is in danger now". We cannot
reply to the person, so the confirmation page shows them where to get help at once, and the
response is flagged so staff read it first. This errs towards flagging: a false alarm costs
a member of staff a minute; a missed disclosure can cost far more.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Each rule: (kind, reason, pattern). Patterns are matched case-insensitively on text whose
# apostrophes have been normalised.
_RULES: list[tuple[str, str, str]] = [
    ("danger", "says someone is in danger now",
     r"\b(?:in danger|not safe|unsafe|at risk)\b(?:\W+\w+){0,4}?\W+(?:now|right now|tonight|today|at home|at the moment)\b"),
    ("danger", "says a child is in danger",
     r"\b(?:child|children|baby|kids?|i|i'm|im|i am|we are|we're)\b(?:\W+\w+){0,3}?\W+(?:in danger|not safe|unsafe)\b"),
    ("harm", "says someone is being hurt",
     r"\b(?:i am|i'm|im|i get|i keep getting|i've been|ive been|is being|are being|keeps being|been)\s+(?:being\s+)?(?:hurt|hit|beaten|abused|touched|kicked|punched|raped|assaulted|burnt|burned|strangled|choked|locked in|starved)\b"),
    ("harm", "describes someone hurting them",
     r"\b(?:he|she|they|dad|mum|mam|step\w*|his|her|my \w+|someone|somebody|a man|a woman)\s+(?:\w+\s+)?(?:hits|hit|beats|beat|hurts|hurt|kicks|kicked|punches|punched|touches|touched|abuses|abused|rapes|raped|chokes|choked|strangles|strangled|burns|burned|threatens|threatened)\s+(?:me|us|my|her|him|them|the (?:baby|kids|children|child))\b"),
    ("harm", "describes being made to do something sexual",
     r"\b(?:made me|makes me|forced me|forces me|make me)\s+(?:\w+\s+){0,3}?(?:sexual|sex|touch|send (?:nudes|pics|pictures|photos))\b"),
    ("self_harm", "mentions suicide or self-harm",
     r"\b(?:kill myself|killing myself|end my life|ending my life|end it all|want to die|wanna die|don'?t want to (?:be alive|live)|suicid\w*|self[- ]?harm\w*|cutting myself|cut myself|hurt myself|hurting myself|overdose)\b"),
    ("threat", "mentions a threat to kill or seriously hurt",
     r"\b(?:going to|gonna|will|threatened to|said he'?d|said she'?d)\s+(?:kill|stab|hurt|burn)\s+(?:me|us|her|him|them|the (?:baby|kids|children|child)|my \w+)\b"),
    ("afraid", "says they are scared to go home or of someone at home",
     r"\b(?:scared|afraid|frightened|terrified)\s+(?:to go|of going)\s+home\b|\b(?:scared|afraid|frightened|terrified) of (?:my|him|her|them|dad|mum|step\w*)\b"),
    ("help", "asks for help now",
     r"\b(?:please help|help me|help us|someone help|need help now|call the police)\b"),
    ("missing", "says a child is missing",
     r"\b(?:child|son|daughter|kid|baby|she|he)\s+(?:is|has gone|has been|went)\s+missing\b"),
]
_COMPILED = [(kind, reason, re.compile(pattern, re.IGNORECASE)) for kind, reason, pattern in _RULES]
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True)
class Concern:
    """Why a piece of text was flagged (the kind and a plain-words reason, never the text)."""

    kind: str
    reason: str


def detect_concern(text: str) -> Concern | None:
    """Return the first concern found in `text`, or None."""
    if not text:
        return None
    normalised = text.translate(_APOSTROPHES)
    for kind, reason, pattern in _COMPILED:
        if pattern.search(normalised):
            return Concern(kind, reason)
    return None


def detect_in_answers(texts: list[str]) -> Concern | None:
    """The first concern in any of several free-text answers."""
    for text in texts:
        concern = detect_concern(text)
        if concern:
            return concern
    return None
