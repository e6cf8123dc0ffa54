"""Missing: running away, kicked out, nowhere to sleep, a child who has not come home."""

from __future__ import annotations


from .._context import about_others_in_general
from .._table import Rule, Words

KIND = "missing"

RULES: list[Rule] = [
    Rule(
        KIND,
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\b(?:is|are|has gone|have gone|has been|went|keeps going|goes|go|gone|been|is going|are going) missing\b(?! out)"
        r"|\b(?:run|ran|running|runs) away(?! from (?:the |my )?(?:problem|meeting|responsib|dentist|doctor|nurse|injection|jab|spider|exam|homework))|\b(?:i|we) (?:have )?left home\b"
        r"|\btold (?:me|us|him|her) to (?:get out|leave|go|pack)\b[^.]{0,20}(?:not come back|never come back|and not)?"
        r"|\b(?:living|sleeping|staying) in (?:a|the) (?:tent|car|hostel|squat|park|stairwell|bus station|garage|shed)"
        r"|\b(?:will not|would not|refuses to|does not) come (?:back )?home\b|\b(?:going to|want to|will) run away\b"
        r"|\b(?:kicked|thrown|chucked) (?:me |us |him |her )?out\b|\bnowhere (?:to (?:go|sleep|stay|live)|safe)\b"
        r"|\bsleeping (?:rough|on the streets?|in (?:a|the) (?:park|car|street)|outside|at (?:a|my) (?:mates|friends))"
        r"|\bsofa surf\w*|\b(?:i am|we are|i was|we were|i became|we became|(?:i|we) found (?:myself|ourselves)) homeless\b"
        # "she told me i was a disgrace and that i had to leave"; "the nights i searched the streets looking for him"
        r"|\btold (?:me|him|her|us)(?: [^.!?]{0,50}? and)? (?:that )?(?:i|he|she|we) (?:had|has|have) to (?:leave|get out|go)\b(?! (?:the|early|at|by|for|before|school|work|class|now|soon|in|on)\b)"
        r"|\bsearch(?:ed|ing)? the streets\b"
        r"|\b(?:can not|could not|not allowed to) go (?:back )?home\b(?! (?:early|before|until|till|for lunch|on time|at lunch))"
        r"|\bnot going back (?:there|home)\b|\b(?:did not|has not|have not) (?:come|came|been) home\b"
        r"|\bnot been seen since\b|\b(?:no one|nobody) knows where (?:she|he|they) (?:is|are)",
        about_others_in_general,
        example="i cant go home",
    ),
    Rule(
        KIND,
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\btold (?:me|us|him|her) not to come (?:back|home)\b|\bstaying (?:at|in) (?:different|other) (?:people'?s? )?(?:houses|places|flats)\b"
        r"|\bsleeping (?:in|at|under) (?:a|the) (?:\w+ )?(?:shelter|doorway|station|stairwell|underpass|bridge|alley|tent|car park|bin store)\b"
        r"|\b(?:i am|we am|we are) not going (?:back )?home\b(?! (?:until|till|yet|early|for))"
        r"|\bran off with (?:her|his|a|an|some|this) (?:\w+ )?(?:boyfriend|girlfriend|man|guy|older \w+)\b"
        r"|\b(?:will not|does not|not) answer(?:ing)? (?:her|his) phone\b"
        r"|\b(?:decided|chose|refused|refuses|decides) not to come (?:back )?home\b(?! for (?:christmas|easter|the holidays|lunch|dinner|tea|the weekend|summer|the summer))",
        about_others_in_general,
        example="im sleeping in a bus shelter",
    ),
    Rule(
        KIND,
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\b(?:slept|sleep|sleeps|sleeping|stayed|spent the night|spend the night|spent last night) (?:in|at|on|under) (?:a |the )?(?:park|street|streets|bus station|stairwell|shed|doorways?|bench|park bench(?:es)?|underpass|car parks?|bus shelter|night bus(?:es)?)\b"
        # "going to the local park to sleep", "being on a park bench that first night"
        r"|\b(?:park|park bench|bench|doorway|car park|bus station|stairwell|bus shelter) to sleep\b"
        r"|\bon a (?:park )?bench (?:that |at |all |every |for the |for a )(?:\w+ )?night\b"
        r"(?![^.!?]{0,40}\b(?:camping|festival|holiday|trip|scouts|brownies|guides|dofe|expedition|residential)\b)"
        r"|\b(?:can not|could not) go back\b(?: (?:home|there))?(?! (?:to (?:school|work|college|that school|sleep)|in time|for))",
        about_others_in_general,
        example="i slept in a doorway last night",
    ),
    Rule(
        KIND,
        "says a child is missing, has run away or has nowhere safe to stay",
        # "i did not know whether he was dead or alive"; "i do not want to be on the streets again"
        r"\b(?:did not|do not|does not|never) know (?:whether|if) (?:he|she|they|my \w+) (?:was|were|is|are) (?:dead or alive|alive or dead|safe)\b(?! to)"
        r"|\b(?:be|been|end up|ended up|sleep|sleeping|slept|living|live|back) (?:back )?on the streets?\b"
        r"(?! (?:campaign\w*|protest\w*|march\w*|collect\w*|fundrais\w*|patrol\w*|outreach|of|in)\b)",
        about_others_in_general,
        example="i do not want to end up back on the streets",
    ),
]

WORDS: Words | None = None
