"""Fear: afraid to go home, afraid of a person at home, fear shown in the body."""

from __future__ import annotations

import re

from .._context import about_others_in_general, professional_feels, text_before
from .._table import Rule, Words

KIND = "afraid"


# Everyday fears: exams and tests, the dentist, animals, the dark ("so scared for my mocks", "terrified of dogs")
_EVERYDAY_FEAR = (
    r"(?:mocks?|exams?|tests?|sats|gcses?|a levels?|results|grades|driving test|driving|audition|interview|presentation|speech"
    r"|first day|new school|jabs?|injections?|vaccinations?|needles?|operation|dentist|teeth|appointment|match|race|recital"
    r"|performance|concert|solo|exam results|dogs?|cats?|spiders?|wasps?|bees?|snakes?|horses?|birds?|pigeons?|geese|mice|rats"
    r"|insects?|bugs?|clowns?|the dark|heights|thunder|lightning|water|deep water|fireworks|hospitals?)"
)
_NOT_AN_EVERYDAY_FEAR = (
    r"(?! (?:of|for|about) (?:my |her |his |our |the |a |an )?(?:first |big |next |new )?" + _EVERYDAY_FEAR + r"\b)"
)


def _fear_veto(text: str, match: "re.Match[str]") -> bool:
    """Fear felt by a professional ("the social worker was scared of my ex") is not the writer's."""
    return professional_feels(text_before(text, match, 50)) or about_others_in_general(text, match)


RULES: list[Rule] = [
    Rule(
        KIND,
        "says they are afraid of someone or of going home",
        r"\b(?:scared|afraid|frightened|terrified|petrified|fear|feared|fearing|scare)\b (?:\w+ ){0,2}?(?:to go|of going|to be|to stay|to return) (?:back )?home"
        r"|\b(?:scared|afraid|frightened|terrified|petrified)\b"
        + _NOT_AN_EVERYDAY_FEAR
        + r" (?:of|for) (?:my life|our lives|my safety|(?:my|her|his|our) \w+|him|her|them|dad|mum|step\w+|(?:my|her|his|our|their) \w+|what (?:he|she|they) (?:will|might|would|could))"
        r"|\b(?:scared|afraid|frightened|terrified|petrified)\b when (?:he|she|they|dad|mum|step\w+|my \w+|\w+ boyfriend) (?:comes|gets|is|drinks|starts|kicks|shouts|goes)"
        r"|\b(?:scared|afraid|frightened|terrified|petrified)\b (?:\w+ ){0,3}(?:at|in) (?:home|my house|the house|our house)"
        r"|\b(?:too|so) (?:scared|afraid|frightened|terrified) to (?:go|tell|sleep|leave|speak|say)"
        r"|\b(?:do not|never|does not|can not|am not|not) (?:feel|feeling) safe\b|\bnot safe (?:at|in) (?:home|my|our|the house)"
        r"|\bnot safe (?:there|with (?:him|her|them|my|mum|dad))|\bunsafe at home"
        r"|\b(?:scares|frightens|terrifies|scared|frightened|terrified) (?:me|us)\b(?! (?:at first|a bit|a little|but))"
        r"|\b(?:scared|afraid|frightened|terrified|too scared) to tell (?:anyone|someone|anybody|my|the|a|no one)\b(?![^.]*\b(?:at first|but i did|glad))"
        r"|\b(?:feel sick|shake|shaking|panic|heart races|freeze)\b[^.]{0,30}\b(?:hear|see|when) (?:his|her|him|dad|mum|he|she|them|my \w+)"
        r"|\bhide\b[^.]{0,40}\bwhen (?:he|she|they|dad|mum|step\w+|my \w+) (?:comes|gets|is|starts)|\bwhen (?:he|she|dad|mum|step\w+|my \w+) (?:comes|gets) (?:home|in|back)\b[^.]{0,40}\bhide\b"
        r"|\bwalk(?:ing)? on eggshells\b|\bhide (?:in|under|when)\b[^.]{0,40}\b(?:fight|argue|shout|kicks off|comes (?:home|in))"
        r"|\b(?:do not|never) (?:want to )?go (?:back )?home\b"
        r"|\b(?:do not|never) (?:want to )?(?:go|stay) (?:back )?(?:to|at) (?:my |our )?(?:dads|mums|his|her|their|stepdads|nans)\b"
        r"|\b(?:he|she|they|dad|mum|stepdad|stepmum|boyfriend|partner|my \w+) (?:is|are|gets|get|can be|is so|is really) (?:\w+ )?scary\b(?![^.!?]*(?:lol|haha|😂|🤣))"
        r"|\b(?:knot|knots|sick|shak\w+|trembl\w+|panic\w*|freeze|froze|tense up|go cold|pound\w*|racing|races|sinks|drops|wet myself|cry)\b"
        r"[^.]{0,30}\bwhen (?:i|we) (?:hear|see) (?:his|her|him|them|dad|mum|step\w+|my \w+)"
        r"|\b(?:chair|wardrobe|drawers|bed|something|a chest) (?:against|under|in front of|behind) (?:my|the|our) (?:bedroom )?door\b|\bbarricade\w*",
        _fear_veto,
        example="I am not safe at home",
    ),
    Rule(
        KIND,
        "says they are afraid of someone or of going home",
        r"\b(?:every time|whenever|when|each time)\b[^.]{0,40}\b(?:think|thought|worry|worried|scared|afraid|terrified) (?:it is|its|it will be|that it is) (?:him|her|them)\b"
        r"|\bso (?:i|we) (?:do not|will not) have to (?:be at home|go home|be in the house|be in|see (?:him|her|them|my \w+))\b"
        r"|\b(?:put|putting|puts) off going home\b|\bavoid (?:going|being) (?:at )?home\b"
        r"|\b(?:lie|lay|lying|stay|staying) awake\b[^.]{0,40}\b(?:in case|listening (?:for|in case|out for)) (?:he|she|they|dad|mum|step\w+|my \w+)"
        r"|\bin case (?:he|she|they|dad|mum|step\w+) (?:comes|come|gets|wakes|is)\b"
        r"|\b(?:cries|cry|crying|screams|panics|wets the bed|wetting the bed|is sick|refuses|begs not)\b[^.]{0,40}\b(?:has to|have to|had to|is meant to) (?:go (?:to|back to)|see|stay (?:at|with)|visit) (?:his|her|their|my) (?:dads?|mums?|fathers?|mothers?|step\w+)\b",
        _fear_veto,
        example="whenever a car slows down i think its him",
    ),
    Rule(
        KIND,
        "says they are afraid of someone or of going home",
        r"\b(?:he|she|they|dad|mum|stepdad|stepmum|my \w+|boyfriend|partner|husband)\b (?:\w+ )?(?:gets?|is|goes|starts?|kicks off|comes home)\b[^.!?]{0,30}\b(?:i|we) (?:have to |has to |go and |run and |just |always |try to )?hide\b(?! and seek| (?:the|my|his|her) (?:presents|chocolate|sweets|phone|biscuits))"
        r"|\b(?:cry|cries|crying|cried|screams|screaming|clings|clinging|shakes|shaking|wets|sick|begs)\b[^.!?]{0,40}\b(?:before|whenever|every time|when) (?:i|we|he|she|they|it is time|its time)\b[^.!?]{0,30}\b(?:go|goes|going|has to go|have to go|for)\b"
        r"[^.!?]{0,20}\b(?:dads?|mums?|fathers?|his dads|her dads|contact)\b"
        r"|\b(?:dads?|mums?|fathers?)(?: house)?\b[^.!?]{0,40}\b(?:cry|cries|crying)\b[^.!?]{0,40}\b(?:before|when) (?:i|we|he|she) (?:go|goes|have to go|has to go)\b"
        r"|\b(?:comes?|came|coming) (?:home|back)\b[^.!?]{0,30}\b(?:frightened|scared|terrified|petrified|shaking)\b"
        r"|\bheart (?:goes mad|goes crazy|races|racing|pounds|pounding|thumps|thumping|jumps|stops|sinks|drops|beats (?:so |really )?fast)\b[^.!?]{0,20}\b(?:when|whenever|every time) (?:i|we) (?:hear|see) (?:his|her|him|them|dad|mum|step\w+|my \w+)"
        r"|\b(?:jump|jumps|flinch|flinches|freeze|freezes|panic|panics|shake|shakes)\b[^.!?]{0,20}\b(?:whenever|every time|when) (?:someone|anyone|the door|the phone|i hear)\b[^.!?]{0,40}\bin case (?:it is|its) (?:him|her|them)\b"
        r"|\b(?:it is|its|things are|everything is) (?:really |so |very |getting )?(?:bad|awful|horrible|terrible|hell|unbearable|scary) (?:at|in) (?:home|my house|our house|mine)\b"
        r"(?![^.!?]{0,30}\b(?:damp|mould|mold|heating|money|bills|rent|wifi|internet|noise|neighbours|space|building work|housing|broadband)\b)",
        _fear_veto,
        example="she comes home from contact shaking",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "says they are afraid of someone or of going home",
    r"(?:scared|afraid|frightened|terrified|petrified|fear|feared|fearing)\b"
    + _NOT_AN_EVERYDAY_FEAR
    + r"[^.]{0,40}\b(?:he|him|she|her|they|them|dad|dads|mum|mums|stepdad|stepmum"
    r"|boyfriend|partner|ex|home|house|argue|arguing|fight|fighting|violent|drunk|kicks off|angry|weekend"
    r"|shake|shakes|shaking|trembl\w*|safety|my life|wake up|threats?)"
    # The person first, the fear after: "mum's boyfriend shouts and throws things and I'm scared".
    r"|(?:he|she|they|dad|dads|mum|mums|stepdad|stepmum|boyfriend|girlfriend|partner)\b[^.]{0,60}"
    r"\b(?:i am|we are|i get|i feel|makes me|making me)\s+(?:really |so |very )?(?:scared|afraid|frightened|terrified|petrified)",
    r"flinch\w*|nervous|on edge|hide|hiding|lock my door|scared to death|(?:afraid|scared|frightened|terrified) to (?:go out|leave the house|go outside)"
    # "i am a prisoner in my own home"
    r"|prisoner in (?:my|our|her|his) (?:own )?(?:home|house|flat)",
)
