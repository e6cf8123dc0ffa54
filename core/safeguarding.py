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
_HARM_VERBS = (
    r"(?:hit|hits|hitting|beat|beats|beating|beaten|hurt|hurts|hurting|kick|kicks|kicked|kicking|punch|punches"
    r"|punched|punching|slap|slaps|slapped|slapping|touch|touches|touched|touching|abuse|abuses|abused|abusing"
    r"|rape|rapes|raped|raping|choke|chokes|choked|choking|strangle|strangles|strangled|strangling|burn|burns"
    r"|burned|burnt|burning|threaten|threatens|threatened|threatening|batter|batters|battered|smack|smacks|smacked)"
)
_VICTIM = r"(?:me|us|my|her|him|them|the (?:baby|kids|children|child)|[a-z]+ little (?:brother|sister))"
_RULES: list[tuple[str, str, str]] = [
    ("danger", "says someone is in danger now",
     r"\b(?:in danger|not safe|unsafe|at risk)\b(?:\W+\w+){0,4}?\W+(?:now|right now|tonight|today|at home|at the moment)\b"),
    ("danger", "says a child is in danger",
     r"\b(?:child|children|baby|kids?|i|i'm|im|i am|we are|we're)\b(?:\W+\w+){0,3}?\W+(?:in danger|not safe|unsafe)\b"),
    ("danger", "says they do not feel safe",
     r"\b(?:don'?t|do not|dont|never|doesn'?t|does not|can'?t) feel safe\b|\bnot safe (?:there|with (?:him|her|them|my))"),
    ("harm", "says someone is being hurt",
     r"\b(?:i am|i'm|im|i get|i keep getting|i've been|ive been|is being|are being|keeps being|been)\s+(?:being\s+)?"
     r"(?:hurt|hit|beaten|abused|touched|kicked|punched|slapped|raped|assaulted|burnt|burned|strangled|choked"
     r"|locked in|locked up|starved|battered|groomed|exploited|trafficked)\b"),
    ("harm", "describes someone hurting them",
     r"\b(?:he|she|they|dad|mum|mam|step\w*|his|her|my \w+|someone|somebody|a man|a woman|boyfriend|girlfriend"
     r"|partner|uncle|cousin|grandad|brother|carer|[a-z]+'?s (?:boyfriend|girlfriend|partner|husband|wife))"
     r"\s+(?:\w+\s+)?(?:keeps\s+|is\s+|has\s+been\s+|always\s+)?" + _HARM_VERBS + r"\s+" + _VICTIM + r"\b"),
    ("harm", "describes being made to do something sexual or against their will",
     r"\b(?:made me|makes me|forced me|forces me|make me|making me)\s+(?:\w+\s+){0,3}?"
     r"(?:sexual|sex|touch|send (?:nudes|pics|pictures|photos)|do (?:things|stuff)|take drugs|carry|sell)"),
    ("self_harm", "mentions suicide or self-harm",
     r"\b(?:kill myself|killing myself|end my life|ending my life|end it all|want to die|wanna die"
     r"|don'?t want to (?:be alive|live|be here)|cutting myself|cut myself|hurt myself|hurting myself"
     r"|taken (?:tablets|pills)|take (?:all )?(?:my )?(?:tablets|pills))\b"),
    # The words alone are common in practitioners' feedback ("self-harm training"): these need
    # the writer to speak of themselves in the same sentence.
    ("self_harm", "mentions suicide or self-harm",
     r"\b(?:i|i'm|im|i've|ive|me|my)\b[^.!?\n]{0,60}\b(?:suicid\w*|self[- ]?harm\w*|overdos\w*)"
     r"|\b(?:suicid\w*|self[- ]?harm\w*|overdos\w*)\b[^.!?\n]{0,40}\b(?:i|me|my)\b"),
    ("threat", "mentions a threat to kill or seriously hurt",
     r"\b(?:going to|gonna|will|threatened to|threatens to|said he'?d|said she'?d|says he'?ll|says she'?ll)\s+"
     r"(?:kill|stab|hurt|burn|shoot)\s+(?:me|us|her|him|them|the (?:baby|kids|children|child)|my \w+)\b"),
    ("threat", "mentions a weapon",
     r"\b(?:has|had|got|carries|carrying|pulled|with) (?:a|his|her) (?:knife|gun|blade|machete|weapon)\b"),
    ("afraid", "says they are scared to go home or of someone at home",
     r"\b(?:scared|afraid|frightened|terrified)\s+(?:to go|of going)\s+home\b"
     r"|\b(?:scared|afraid|frightened|terrified) of (?:my|him|her|them|dad|mum|step\w*)\b"),
    ("neglect", "describes a child left without care",
     r"\b(?:no food (?:in|at) (?:the house|home)|left (?:on (?:my|our|their) own|alone) (?:for|all)"
     r"|(?:hasn'?t|haven'?t|has not|have not) been home (?:for|since)|nobody (?:is )?looking after (?:me|us))\b"),
    ("help", "asks for help now",
     r"\b(?:please help|help me|help us|someone help|need help now|call the police)\b"),
    ("missing", "says a child is missing or about to run away",
     r"\b(?:child|son|daughter|kid|baby|she|he)\s+(?:is|has gone|has been|went)\s+missing\b"
     r"|\b(?:going to|gonna) run away\b"),
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
