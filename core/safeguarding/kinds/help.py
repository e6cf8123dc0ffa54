"""Pleas for help: "please help me", someone to talk to, a safe place tonight."""

from __future__ import annotations

import re

from .._context import no_veto, text_after, text_before
from .._table import Rule, Words

KIND = "help"


# "they help us", "the team can help me": help described as given, not asked for ("anyone who can help me" asks).
_HELP_GIVEN_BY = re.compile(
    r"\b(?:they|staff|workers?|team|teachers?|nurses?|services?|school|people|everyone|volunteers?)"
    r"(?: (?:really|always|also|still|all|do|did|does|can|could|will|would|try to|tried to|want to|wanted to|to))* $"
)


def _need_veto(text: str, match: "re.Match[str]") -> bool:
    """ "Help me understand the report" asks for ordinary help; "they help us support him" describes it."""
    if match.group().startswith("help") and _HELP_GIVEN_BY.search(text_before(text, match, 40)):
        return True
    after = text_after(text, match, 30)
    if re.match(
        r" ?(?:me |us )?(?:to )?(?:get|getting|to get|going|stay|staying|be|keep|keeping) ?(?:away|out|safe|free)|"
        r" ?(?:me |us )?(?:to )?(?:leave|escape|leaving|escaping)",
        after,
    ):
        return False
    return bool(
        re.match(
            r" ?(?:me |us )?(?:by|if|to make|with making|make|making|improve|improving|us by|shorten|change|organise|with the|with my|with our|with a|with an|"
            r"understand|with (?:the|my|a|an|this|forms?|transport|money|travel|paperwork|homework|housing|benefits|bills?|school)"
            r"|fill|filling|find|finding|get|getting|complete|completing|read|reading|sort|sorting|write|writing"
            r"|apply|applying|know|knowing|access|choose|book|booking|work out|figure|make sense|out with)",
            text_after(text, match, 30),
        )
    )


RULES: list[Rule] = [
    Rule(
        KIND,
        "asks for help",
        r"\b(?:someone|somebody|anyone) (?:please )?tell (?:me|us) what to do\b"
        r"|\b(?:talk|speak) to (?:someone|somebody|anyone|an adult) (?:in private|privately|alone|in confidence|without (?:my|them|him|her))",
        no_veto,
        example="can i talk to someone in private",
    ),
    Rule(
        KIND,
        "asks for help",
        r"\b(?:please help|help me|help us|someone help|somebody help|anyone help|please can someone help|need help"
        r"|help my (?:family|child|son|daughter|kids|mum|sister|brother))\b",
        _need_veto,
        example="please help me",
    ),
    Rule(
        KIND,
        "asks for someone to talk to or tell",
        r"\bneed (?:someone|somebody|some one) to (?:talk|speak) to\b|\bneed to tell (?:someone|somebody|some one|an adult)"
        r"|\b(?:do not|dont) know who to tell\b|\bneed to get out\b|\bneed (?:a )?refuge|\brefuge (?:space|place|tonight)\b"
        r"|\bcan not keep (?:him|her|them|myself|my \w+) safe\b",
        no_veto,
        example="I need a refuge space tonight",
    ),
    Rule(
        KIND,
        "asks for someone to talk to or tell",
        r"\bneed to (?:talk|speak) to (?:someone|somebody|some one|an adult|anyone)\b(?![^.]{0,25}\babout (?:my|the|a|our) (?:referral|form|application|appointment|complaint|bill|order|benefits|housing|careers?|options))"
        r"|\bneed (?:a |somewhere )?(?:safe )?(?:place|somewhere|bed|room|space|house)(?: safe)?(?: to (?:stay|go|sleep))? (?:tonight|now|today|right now)\b"
        r"|\b(?:i|we) need (?:a |somewhere )?safe (?:place|house|space)?(?: to (?:stay|go|sleep))? ?(?:tonight|now|today|for (?:me|us|the night)|away from)\b"
        r"|\b(?:someone|somebody|anyone|any one) (?:please )?(?:message|text|reply to|answer|call|ring|talk to|contact|get back to) (?:me|us)\b"
        r"|\b(?:i am|i am really|i am just|i am so) not (?:ok|okay|alright|all right|coping|safe)\b(?! (?:with|about|that|if))",
        _need_veto,
        example="I am not safe at home",
    ),
    Rule(
        KIND,
        "asks for someone to talk to or tell",
        r"\b(?:is there )?(?:anyone|someone|somebody) (?:i|we) can (?:talk|speak) to\b(?: (?:today|now|tonight|please))?"
        r"(?! about\b(?! (?:what|something|things|stuff|it|this|home|my (?:dad|mum|stepdad|stepmum|boyfriend|girlfriend|family|uncle|brother|sister|partner|ex))\b))",
        _need_veto,
        example="is there someone i can talk to tonight",
    ),
]

WORDS: Words | None = None
