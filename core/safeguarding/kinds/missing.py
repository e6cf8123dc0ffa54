"""Missing: running away, kicked out, nowhere to sleep, a child who has not come home."""

from __future__ import annotations


import re

from .._context import about_others_in_general, text_after, text_before
from .._table import Rule, Words

KIND = "missing"

_PET = (
    r"(?:dogs?|cats?|pets?|puppy|puppies|kittens?|hamsters?|rabbits?|bunny|guinea pigs?|tortoises?|budgies?|parrots?"
    r"|birds?|fish|goldfish|horses?|pony|ponies|ferrets?|snakes?|lizards?|chickens?|hens?)"
)
# "our cat went missing", "my dog ran away at the park": a pet, not a child
_PET_BEFORE = re.compile(r"\b" + _PET + r"(?: (?:has|had|have|just|also|then|once|always))? $")
# "i ran away from a wasp": an animal or an insect run from
_FROM_AN_ANIMAL = re.compile(
    r"^ from (?:a|an|the|some|this|next doors?|our|my) (?:\w+ )?(?:"
    + _PET
    + r"|wasps?|bees?|spiders?|geese|goose|swans?|cows?|bulls?|seagulls?|pigeons?|insects?|bugs?)\b"
)
# "a book about a boy who runs away": a story
_STORY = re.compile(
    r"\b(?:book|film|story|stories|novel|movie|poem|song|series|episode|cartoon|play)s?(?: \w+){0,2} about\b"
)
# "went missing in the supermarket for about a minute": lost for a moment and found
_A_MOMENT = re.compile(
    r"\bfor (?:like |about |around |maybe |only |just )?(?:a|one|two|three|five|ten|a few|a couple of|\d+) (?:seconds?|minutes?|mins?)\b"
)
# "did not come home till 9 because we had a school concert, mum picked me up": out late, and the parents knew
_PARENTS_KNEW = re.compile(
    r"\b(?:(?:mum|dad|mom|my parents|parents|i|we) (?:knew|said (?:it was|he could|she could)|picked (?:me|her|him|them|us) up|collected (?:me|her|him|them|us))"
    r"|because (?:of )?(?:we had |there was |she had |he had )?(?:a |the |his |her |my )?(?:school|concert|disco|party|practice|training|match|club|play|show|sleepover|trip))\b"
)


def _missing_veto(text: str, match: "re.Match[str]") -> bool:
    """A pet gone missing, running from a wasp, a story, a child lost for a minute, or out late with the parents' knowledge."""
    before, after = text_before(text, match, 40), text_after(text, match, 80)
    if _PET_BEFORE.search(before) or _FROM_AN_ANIMAL.match(after) or _STORY.search(text_before(text, match, 60)):
        return True
    if re.search(r"missing$", match.group(0)) and _A_MOMENT.search(re.split(r"[.!?]", after)[0]):
        return True
    if re.search(r"come home$", match.group(0)) and _PARENTS_KNEW.search(re.split(r"[.!?] ", after)[0]):
        return True
    return about_others_in_general(text, match)


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
        _missing_veto,
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
