"""The second layer: vocabulary of harm in a sentence about a particular person.

The rules catch the usual shapes of a disclosure; people also write in shapes no rule foresaw ("he
threw me against the wall", "i wrote a note"). A sentence that names the writer or their family and
holds a strong word of a kind (or two different weaker ones) is flagged, unless it is case talk, a
topic, a hypothetical, an idiom, or the text says the trouble is over. Each kind's words are in its
module under kinds/.
"""

from __future__ import annotations

import re
from typing import Sequence

from ._context import (
    DISTANT_GROUP,
    INJURY_FROM_SPORT_OR_ACCIDENT,
    OWN_RELATION,
    TOPIC_NEXT,
    GENERIC_START,
    HYPOTHETICAL,
    I_AM_PROFESSIONAL,
    PRO_POSSESSIVE,
    PROFESSIONAL,
    anchored,
    professional_feels,
    sport_or_game,
)
from ._table import Concern, Words
from ._words import GROUP, HUMOUR, RELATION, TOPIC

# The writer says it is over or went well: "but it's much better now", "the worker helped".
_RESOLVED = re.compile(
    r"\b(?:but|and|now|since|thanks to)\b[^.!?]{0,60}\b(?:helped|sorted|much better|better now|fine now|okay now|ok now|safe now"
    r"|happy now|doing (?:well|great|good|better)|lovely|great|listened|supported|resolved|stopped|dealt with|got through"
    r"|says sorry|said sorry|is nice|was nice|were nice|kind|clean|sober|recovered|in recovery)\b"
    r"|\b(?:used to|last year|years ago|in the past)\b[^.!?]{0,60}\bnow\b"
    r"|\bbut (?:i am|i have been|i feel|we are|we have been|things are|it is|everything is)\b[^.!?]{0,20}\b(?:ok|okay|fine|better|good|great|well|safe|happy|clean|sober)\b"
)

# "but never found that it helped", "and nothing has been sorted": help denied is not trouble over
_NEGATED = re.compile(r"\b(?:never|not|no one|nobody|nothing|no)\b")


# "then he stopped me from seeing my friends": someone stopping the writer is control, not trouble over
_STOPPED_SOMEONE = re.compile(r"stopped$")
_A_PERSON_NEXT = re.compile(r" (?:me|her|him|us|them|my|our)\b")


# "i ask my grandchild if so and so is nice to them": a question, not an answer
_ASKED = re.compile(r"\b(?:if|whether)\b[^.!?]*$")


def _said_to_be_over(normalised: str) -> bool:
    """True if the writer says the trouble is over or went well, and not that help never came or was only asked about."""
    return any(
        not _NEGATED.search(match.group(0))
        and not (
            _STOPPED_SOMEONE.search(match.group(0)) and _A_PERSON_NEXT.match(normalised[match.end() : match.end() + 6])
        )
        and not _ASKED.search(normalised[max(0, match.start() - 40) : match.start()])
        for match in _RESOLVED.finditer(normalised)
    )


_NEIGHBOURS = (
    r"the (?:\w+ )?(?:children|kids|baby|boy|girl|toddler|family|lad|teenager)s? (?:next door|across|upstairs|downstairs"
    r"|over the road|opposite|at number|on (?:my|our|the) (?:street|road|estate))"
)

# A child's age also names a particular person: "the grooming began at age 14".
_PERSONAL = re.compile(
    r"\b(?:i|me|my|myself|he|she|him|her|our (?:bruises|injuries|marks|scars|cuts)|our (?:\w+ ){0,2}?"
    + RELATION
    + r"|at (?:the )?age (?:of )?\d\d?(?! (?:to|and|or) \d)(?!-\d)|aged \d\d?(?! (?:to|and|or) \d)(?!-\d))\b|"
    + _NEIGHBOURS
)

_FAMILY = re.compile(
    r"\b(?:(?:my|our) (?:\w+ ){0,2}?" + RELATION + r"|i am|i have been|i feel|i was|i get|i got)\b|" + _NEIGHBOURS
)

# Words of training and case talk: a sentence with one is about practice unless the writer
# speaks of themselves or their family.
_TRAINING = re.compile(
    r"\b(?:training|trainer|session|course|workshop|briefing|e-?learning|toolkit|pathway|conference|lesson|leaflet"
    r"|module|policy|awareness|prevention|strategy|procedure|protocol|referrals?|referred|screening|assessment|panel|seminar"
    r"|webinar|presentation|audit|review|case|cases|supervision|section|speaker|discussed|learning|practitioners"
    r"|professionals|agencies|services?|discussion|discussions|disclosures|unit|links|partnership|assembly|staff|colleagues"
    r"|offending|caseload|my practice|learnt|learned|likely|research|evidence|statistics|nationally|missed opportunit\w+"
    r"|legislation|perpetrators)\b"
)

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\s+(?:but|however)\s+")
# "it was hard to hear a mother describe being strangled": someone else's account, heard at work
_SOMEONE_ELSES_ACCOUNT = re.compile(
    r"\b(?:a|an|one|another) (?:\w+ )?(?:mother|father|mum|dad|parent|woman|man|girl|boy|child|young person|teenager"
    r"|survivor|client|family)\b(?: \w+){0,2} (?:describ|talk|speak|spoke|tell|told|shar|say|said|explain|recount)\w*"
)
_GROUP_WHO = re.compile(r"(?<!my )(?<!our )\b" + GROUP + r" (?:who|that|which)\b")
_TOPIC_BEFORE = re.compile(r"\b" + TOPIC + r" (?:on|about|around|covering|regarding|into|for)(?: \w+)? $")
# "challenge abusive behaviour", "prevent exploitation": the word names what is worked against
_WORKED_AGAINST = re.compile(r"\b(?:challeng\w*|tackl\w*|prevent\w*|end|ending|address\w*) (?:\w+ )?$")
# "report even suspected abuse", "incidents of suspected domestic abuse": the words of a duty or a report
_SUSPECTED = re.compile(
    r"\b(?:suspected|alleged|possible|potential|reports? of|incidents? of|allegations? of|signs of"
    # the duty to report: "not having to report abuse they witness"
    r"|(?:to|not|must|should|duty to) report)(?: \w+)?(?: \w+)? $"
)
_UNDER_THE_TABLE = re.compile(r" (?:me|us|him|her) under the table\b")


def _about_a_particular_person(sentence: str, speaks_as_professional: bool) -> bool:
    """True if the sentence is about the writer, their family or a child they can point to, not a topic."""
    if not _PERSONAL.search(PRO_POSSESSIVE.sub(" ", sentence)):
        return False
    if HYPOTHETICAL.search(sentence):
        return False
    if not anchored(sentence) and (
        GENERIC_START.match(sentence) or PROFESSIONAL.search(sentence) or _SOMEONE_ELSES_ACCOUNT.search(sentence)
    ):
        return False
    if _TRAINING.search(sentence) and not _FAMILY.search(sentence):
        return False
    if speaks_as_professional and not OWN_RELATION.search(sentence):
        return False
    return not (DISTANT_GROUP.search(sentence[: max(1, len(sentence) - 1)]) or _GROUP_WHO.search(sentence))


def _strong_word_counts(sentence: str, match: "re.Match[str]") -> bool:
    """A strong word counts unless it names a topic, a professional's feeling, or what is worked against."""
    start, end = match.start(), match.end()
    return not (
        TOPIC_NEXT.match(sentence[end : end + 25])
        or _TOPIC_BEFORE.search(sentence[max(0, start - 40) : start])
        or professional_feels(sentence[max(0, start - 50) : start])
        or _WORKED_AGAINST.search(sentence[max(0, start - 30) : start])
        or _SUSPECTED.search(sentence[max(0, start - 40) : start])
        or _UNDER_THE_TABLE.match(sentence[end : end + 25])
        # "beat my dad at arm wrestling", "punched the air", "they got beaten every week last season"
        or sport_or_game(sentence, start, end)
        # care given, not withheld: "still insists on changing the baby's nappy" ("needs a nappy change" still counts)
        or (
            match.group(0) in ("nappy", "nappies")
            and re.search(r"\bchang(?:e|es|ed|ing) (?:\w+ ){0,3}$", sentence[max(0, start - 40) : start]) is not None
            # "nobody has changed her nappy all day" is care withheld
            and re.search(
                r"\b(?:not|never|nobody|no one|forgot|forgets|forgets to|rarely)\b",
                sentence[max(0, start - 60) : start],
            )
            is None
        )
        # "a black eye from a cricket ball at practice", "bruises from a rugby tackle"
        or (
            re.match(r"(?:black eye|bruis\w+)$", match.group(0)) is not None
            and INJURY_FROM_SPORT_OR_ACCIDENT.match(sentence[end : end + 60]) is not None
        )
        # "still self harm free", "drug-free": the word names what the person is free of
        or re.match(r"[- ]?free\b", sentence[end : end + 6])
    )


# "when sarah was referred to rise, there was significant concern for her welfare": a case study
_REFERRED = re.compile(r"\b(?:was|were|been|being|is|are) referred (?:to|by|into)\b")


def vocabulary_concern(normalised: str, vocabulary: Sequence[Words]) -> Concern | None:
    """The first kind whose words are in a sentence about a particular person, or None."""
    if HUMOUR.search(normalised) or _said_to_be_over(normalised):
        return None
    if _REFERRED.search(normalised) and not anchored(normalised):
        # someone referred to a service, told with no "i", "my" or "we" anywhere: a practitioner's case study
        return None
    speaks_as_professional = I_AM_PROFESSIONAL.search(normalised) is not None
    for sentence in _SENTENCES.split(normalised):
        if not _about_a_particular_person(sentence, speaks_as_professional):
            continue
        for words in vocabulary:
            if any(_strong_word_counts(sentence, match) for match in words.strong_regex.finditer(sentence)):
                return Concern(words.kind, words.reason)
            if len({match.group(0) for match in words.weak_regex.finditer(sentence)}) >= 2:
                return Concern(words.kind, words.reason)
    return None
