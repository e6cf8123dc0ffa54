"""Danger now: a weapon, a violent person coming or breaking in, harm happening as the person writes."""

from __future__ import annotations

import re

from .._context import DISTANT_GROUP, HYPOTHETICAL, no_veto, text_before
from .._table import Rule, Words
from .._words import HARM_VERB, NOW, PASSIVE_VERB

KIND = "danger"


def _danger_veto(text: str, match: "re.Match[str]") -> bool:
    """Danger now is flagged even in case talk; only groups and hypotheticals are vetoed."""
    before = text_before(text, match, 80)
    return bool(DISTANT_GROUP.search(before) or HYPOTHETICAL.search(before))


_FEAR_CONTEXT = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|petrified|hide|hiding|hurt\w*|kill\w*|hit|hits|beat\w*|knife|weapon|police|999"
    r"|help|violent|violence|dangerous|danger|threat\w*|abus\w*|attack\w*|lock\w*|door|window|ex|injunction|refuge|safe|run|get out)\b"
)


_COULD_HAVE = re.compile(r"\b(?:could|would|might|may) (?:have|of)(?: \w+)? $|\b(?:nearly|almost) $")


def _could_have_or_danger_veto(text: str, match: "re.Match[str]") -> bool:
    """ "left the cooker on, which could have set the house on fire": an accident that did not happen, not a threat."""
    return _COULD_HAVE.search(text_before(text, match, 30)) is not None or _danger_veto(text, match)


def _coming_veto(text: str, match: "re.Match[str]") -> bool:
    """ "They're coming today" (inspectors, guests) is not danger unless fear or harm is in the text."""
    if re.match(
        r"(?:he|she|they) (?:is|are|will be) (?:coming|on (?:his|her|their) way)", match.group(0)
    ) and not _FEAR_CONTEXT.search(text):
        return True
    return _danger_veto(text, match)


RULES: list[Rule] = [
    Rule(
        KIND,
        "says someone is in danger now",
        r"\b(?:in danger|in immediate danger|at immediate risk|immediate risk|immediate danger|in grave danger"
        r"|in serious danger|at serious risk (?:now|tonight|today))\b",
        _danger_veto,
        example="a child is in danger right now",
    ),
    Rule(
        KIND,
        "says someone is being harmed right now",
        r"\b(?:is|are|he is|she is|they are|keeps)\s+(?:\w+ )?" + HARM_VERB + r"\b[^.!?]{0,40}\b" + NOW + r"\b"
        r"|\b" + NOW + r"\b[^.!?]{0,20}\b(?:is|are) " + HARM_VERB + r"\b",
        _danger_veto,
        example="hes hitting her right now please help",
    ),
    Rule(
        KIND,
        "says someone is being harmed right now",
        r"\b(?:is|are) being " + PASSIVE_VERB + r"\b[^.!?]{0,30}\b" + NOW + r"\b",
        _danger_veto,
        example="One of my young people is being exploited right now and the referral has been sitting for weeks",
    ),
    Rule(
        KIND,
        "asks for someone to come now",
        r"\b(?:send|get|call) (?:someone|somebody|help|the police|an ambulance|police)\b(?: (?:to|round|over|here|now|please|quick|asap)|$)"
        r"|\bsomeone to come to (?:my|our|the) (?:house|home|flat)\b",
        no_veto,
        example="pls can u get someone to come to my house",
    ),
    Rule(
        KIND,
        "describes a weapon or fire being used against people",
        r"\b(?:he|she|they|someone|somebody|dad|mum|stepdad|boyfriend|partner|my \w+|a man)\b(?: \w+){0,5}? "
        r"(?:has|has got|got|have|have got|is holding|is carrying|carries|carrying|pulled|pulled out|came at (?:me|us|her|him|them) with|with|waving)"
        r" (?:a|his|her|their|the|my) (?:knife|knives|gun|blade|machete|weapon|bat|hammer|axe)\b"
        r"|\b(?:set|setting) (?:the house|the flat|us|me|fire to)\b[^.]{0,20}(?:on fire|fire)?"
        r"|\bburn the (?:house|flat|place) down\b",
        _could_have_or_danger_veto,
        example="he has a knife",
    ),
    Rule(
        KIND,
        "says a violent person is coming or has found them",
        r"\b(?:he|she|they|my ex|the man|dad|stepdad|boyfriend) (?:is|are|will be) (?:coming|on (?:his|her|their) way)(?: back| here| round| for)?\b"
        r"|\bfound (?:out )?where (?:we|i|she|they) (?:live|are|am|is|stay)\b"
        r"|\b(?:he|she|they|my ex|ex|dad|stepdad|boyfriend|partner|husband) (?:now )?(?:has|has got|got|knows|found|found out|has found) (?:my|our) (?:new )?(?:address|location)\b"
        r"|\b(?:trying|tried|tries|keeps trying) to (?:get in|break in|break the door|kick (?:the|my|our) door)|\b(?:banging|kicking|hammering) (?:on|at|in) (?:the|my|our) (?:door|doors|window|windows)\b"
        r"|\b(?:smashing|smashed|breaking) (?:things|stuff|the house|everything|up the house|the door)\b"
        r"|\b(?:we are|i am) hiding\b"
        r"|\bwith (?:a|an|this|some) (?:\w+ )?(?:man|men|guy|person|people) who (?:is|are) (?:dangerous|violent)"
        r"|\b(?:he|she|they) (?:is|are) (?:really |very |so )?dangerous\b"
        r"|\b(?:take|took|taken|snatch) (?:the|my|our) (?:kids|children|baby)\b[^.]{0,40}\bnever see (?:them|him|her) again"
        r"|\b(?:partner|boyfriend|husband|he|she|dad|stepdad)\w* (?:is )?(?:back )?(?:there|at (?:the )?home|in the house|with (?:them|her|him|the baby)) (?:right now|now|tonight)\b"
        r"|\b(?:taken|took|snatched|run off with|ran off with) (?:the|my|our) (?:kids|children|baby|son|daughter)\b[^.]{0,40}\b(?:never see|abroad|not bring|not give|will not)"
        r"|\bthe (?:baby|kids|children|child|little \w+)(?: \w+)? (?:is|are) being " + PASSIVE_VERB + r"\b",
        _coming_veto,
        example="my ex has my address now and said im finished",
    ),
    Rule(
        KIND,
        "says a violent person is coming or has found them",
        r"\b(?:he|she|they|my ex|ex|dad|stepdad|boyfriend|partner|husband) (?:is |are |keeps )?(?:parked|sitting|waiting|standing|hanging around)"
        r" outside (?:my|our|the) (?:house|flat|door|home|work)\b"
        r"|\b(?:he|she|they|my ex) (?:knows|know) where (?:we|i|the kids|the children|my \w+|our \w+) (?:live|lives|are|is|stay|go|goes|work)\b",
        _danger_veto,
        example="I'm terrified of my ex and he knows where I live",
    ),
    Rule(
        KIND,
        "says a violent person is coming or has found them",
        r"\b(?:has|have|had) (?:just )?(?:broken|broke|forced (?:his|her|their) way|smashed (?:his|her|their) way|kicked (?:the|our|my) door) in\b"
        r"|\bjust (?:broke|broken|forced (?:his|her|their) way|smashed (?:his|her|their) way) in\b"
        r"|\b(?:is|are) (?:breaking|trying to break|forcing (?:his|her|their) way) in(?:to)?\b",
        _danger_veto,
        example="my ex has just broken in",
    ),
]

WORDS: Words | None = None
