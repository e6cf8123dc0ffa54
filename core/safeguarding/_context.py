"""Reading the words around a match, and the vetoes that every kind of concern shares."""

from __future__ import annotations

import re

from ._words import GROUP, RELATION, TOPIC, DISTANT


def text_before(text: str, match: "re.Match[str]", chars: int = 60) -> str:
    """The text of the same sentence before a match, up to `chars` characters."""
    head = text[max(0, match.start() - chars) : match.start()]
    return re.split(r"[.!?;]\s", head)[-1]


def text_after(text: str, match: "re.Match[str]", chars: int = 40) -> str:
    """The text after a match, up to `chars` characters."""
    return text[match.end() : match.end() + chars]


def sentence_of(text: str, match: "re.Match[str]") -> str:
    """The sentence of `text` that holds the match."""
    start = max(
        text.rfind(". ", 0, match.start()),
        text.rfind("! ", 0, match.start()),
        text.rfind("? ", 0, match.start()),
        text.rfind("; ", 0, match.start()),
    )
    ends = [
        i for i in (text.find(". ", match.end()), text.find("! ", match.end()), text.find("? ", match.end())) if i != -1
    ]
    return text[start + 2 if start != -1 else 0 : min(ends) if ends else len(text)]


# A sentence about a group or a case, not about the writer or their family.
GENERIC_START = re.compile(
    r"^(?:(?!the |my |our |his |her |their |these |those )\w+ ){0,3}?(?:young people|children|pupils|families|parents|people|students|staff|girls|boys|kids|victims|women|practitioners|professionals|three|two|several|many|some|most)\b"
)

# The writer or their own family as a person in the sentence.
ANCHOR = re.compile(r"\b(?:i|me|myself|we|us|ourselves|my|our)\b")

# "my caseload", "my team", "my role": the writer's work, not their family; removed before looking for the writer.
PRO_POSSESSIVE = re.compile(
    r"\b(?:my|our) (?:(?!"
    + RELATION
    + r"\b)\w+ )?(?:caseload|team|service|school|manager|role|practice|agency|unit|ward|clinic|area|org\w*|colleagues?|staff|pupils|students|young people|cases?|families"
    r"|experience|view|opinion|job|work|training|learning|own practice|understanding|knowledge|confidence|setting|trust|authority|question|answer"
    r"|bodies|lives|society|communit\w+|country|world)\b"
)

# Words of case talk and of hypotheticals: harm described in them is a topic unless the
# writer or their family is in the sentence.
PROFESSIONAL = re.compile(
    r"\b(?:the (?:father|mother|stepfather|stepmother|subject|young person|home conditions)"
    r"|panel|review|conference|casework|case|cases|assessment|referral|referrals|agencies|practitioners|professionals"
    r"|strategy meeting|core group|caseload|learning|a&e|camhs|presentations|guidance|policy|missed opportunit\w+|at risk of"
    # an Ombudsman's or a court's anonymised parties: "Ms X complained", "Miss B says"
    r"|(?:mr|mrs|ms|miss|mx) [a-z])\b"
)

# "what to do when a young person says...", "asking whether anyone is hurting them": a case imagined, not told.
HYPOTHETICAL = re.compile(
    r"\b(?:what to do (?:when|if)|how to (?:respond|support|help|talk|spot|recognise|identify|ask|work)|when (?:a|an) \w+"
    r"|if (?:a|an) \w+|signs (?:of|that)|recognise|recognising|spot when|such as|whether|asking (?:\w+ ){0,3}?if"
    # advice written to the reader: "if you think a child is in danger", "you might feel afraid"
    r"|if you (?:think|suspect|are worried|are concerned|do get|ever|see|notice|know (?:a|of|someone))"
    r"|if you(?:,? (?:or|and) [^,.!?]{1,25},?)? (?:are|feel|were|need|have been)"
    r"|(?:ask|asking) (?:them|him|her|people|young people|your \w+) about"
    r"|you (?:may|might|could) (?:feel|be|want)|(?:may|might|can|could) make you feel"
    # a professional on what children in general say: "we'll have kids come in and say, 'i don't want to live'"
    r"|(?:we|i) (?:will |would |often |sometimes |also |regularly )?(?:have|get|see|hear) (?:kids|children|young people|teens|teenagers"
    r"|clients|patients|pupils|callers|students) (?:\w+ ){0,4}?(?:say|saying|tell|telling|ask|asking))\b[^.!?]*$"
)

# "young women tell us", "callers ask us": an organisation speaking, whose "we" and "us" are not a family.
ORG_US = re.compile(
    r"\b(?:young people|children|kids|teens|women|men|girls|boys|callers|people|parents|families|adults|many|they|who)"
    r"(?: \w+)? (?:tell|tells|told|telling|contact|contacts|contacted|ask|asks|asked|write to|wrote to) us\b"
)

# "I'm a school nurse and we see a lot of self-harm": the writer speaks as a professional.
I_AM_PROFESSIONAL = re.compile(
    r"\b(?:i am|i work as|as) an? (?:\w+ )?(?:nurse|teacher|social worker|gp|doctor|practitioner|health visitor|police officer"
    r"|officer|youth worker|midwife|paediatrician|manager|safeguarding lead|dsl|counsellor|therapist|worker|professional|senco"
    r"|volunteer|call handler|helpline \w+|advis[eo]r|mentor)\b"
    # "in my volunteer role I have listened to...", "here at the helpline we talk to teens who..."
    r"|\bin my (?:\w+ )?(?:role|job|work) (?:as|at|with|on|i|we)\b"
    r"|\bwe (?:talk to|speak to|hear from|support|work with) (?!(?:our|my) )(?:\w+ ){0,2}?(?:teens|young people|children|callers|clients|families)\b"
)

_WRITER = re.compile(r"\b(?:i|me|myself|my)\b")
DISTANT_GROUP = re.compile(DISTANT)
# "my little sister", "our son": the writer's own family
OWN_RELATION = re.compile(r"\b(?:my|our) (?:\w+ ){0,2}?" + RELATION + r"\b")
# a harm word followed by a topic noun: "county lines training", "self-harm and suicide awareness"
TOPIC_NEXT = re.compile(r"\s?(?:and \w+ )?" + TOPIC + r"\b")
# a harm word after a topic: "the course on running away"
_AFTER_A_TOPIC = re.compile(r"\b" + TOPIC + r" (?:on|about|around|covering|regarding|into)(?: \w+)? $")
_AFTER_A_TOPIC_OR_IN = re.compile(r"\b" + TOPIC + r" (?:on|about|around|in|for|of|into|covering|regarding)(?: \w+)? $")
# someone other than the writer named in the sentence
_SOMEONE_OTHER = re.compile(
    r"\b(?:" + GROUP + r"|teenager|teenagers|young person|child|patient|patients|pupil|client|he|she|they|them"
    r"|the|a|an|our|their|his|her|this|that|these|those)\b"
)
_PROFESSIONAL_FEELS = re.compile(
    r"\b(?:social workers?|workers?|teachers?|police|officers?|staff|nurses?|doctors?|health visitors?"
    r"|professionals?|practitioners?|the judge|the court)(?: \w+)? (?:was|were|is|are|seemed|looked|felt|got|get|became)"
    r"(?: \w+)? $"
)


def anchored(sentence: str) -> bool:
    """True if the writer or a relation of theirs is a person in the sentence."""
    sentence = PRO_POSSESSIVE.sub(" ", sentence)
    if ORG_US.search(sentence):
        # an organisation's voice: its "we", "us" and "our" are not the writer's family
        return _WRITER.search(sentence) is not None
    return ANCHOR.search(sentence) is not None


def about_others_in_general(text: str, match: "re.Match[str]") -> bool:
    """True for harm described of a group or a case ("children who are scared to go home")."""
    before = text_before(text, match, 80)
    if DISTANT_GROUP.search(before) or HYPOTHETICAL.search(before):
        return True
    if _AFTER_A_TOPIC.search(text_before(text, match, 40)):
        return True
    sentence = sentence_of(text, match)
    if anchored(sentence):
        return False
    return bool(GENERIC_START.match(sentence) or PROFESSIONAL.search(sentence))


def topic_veto(text: str, match: "re.Match[str]") -> bool:
    """The harm word is followed by a topic noun ("county lines training")."""
    return bool(TOPIC_NEXT.match(text_after(text, match, 25))) or about_others_in_general(text, match)


# "we have talked - more than once - about trafficking, sextortion...": a keyword as a subject of conversation
_TALKED_ABOUT = re.compile(
    r"\b(?:we|they|you)(?: have| had| all)?(?: \w+)? (?:talked|talk|spoke|speak|chatted|discussed|learnt|learned)\b[^.!?]{0,60}\babout\b[^.!?]{0,40}$"
)


def keyword_veto(text: str, match: "re.Match[str]") -> bool:
    """A harm keyword ("suicidal", "cuckooing") counts only about the writer or their family."""
    sentence = sentence_of(text, match)
    if _TALKED_ABOUT.search(text_before(text, match, 110)):
        return True
    if I_AM_PROFESSIONAL.search(text) and not OWN_RELATION.search(sentence):
        return True
    if not anchored(sentence) and _SOMEONE_OTHER.search(sentence):
        return True
    if _AFTER_A_TOPIC_OR_IN.search(text_before(text, match, 40)):
        return True
    return topic_veto(text, match)


def professional_feels(before: str) -> bool:
    """True if the text just before ends "the social worker was" (the feeling is theirs)."""
    return _PROFESSIONAL_FEELS.search(before) is not None


def speaks_as_professional(text: str) -> bool:
    """True if the writer says they are a professional."""
    return I_AM_PROFESSIONAL.search(text) is not None


def no_veto(text: str, match: "re.Match[str]") -> bool:
    """Never vetoed."""
    return False


# Sport and games: "beat my brother at fifa", "we got beat 4-1", "beat my own record", "punched the air",
# "kicked the ball", "learning to punch at boxing", "they got beaten every week last season".
_GAME = (
    r"(?:fifa|chess|draughts|checkers|monopoly|scrabble|uno|cards|darts|pool|snooker|tennis|table tennis|ping pong"
    r"|badminton|squash|golf|football|footy|rugby|netball|basketball|hockey|cricket|rounders|swimming|running|boxing"
    r"|arm wrestling|wrestling|fortnite|minecraft|mario kart|roblox|xbox|playstation|video games?|board games?|games?"
    r"|a race|races|sports day|parkrun|bowling|karate|judo|taekwondo|kickboxing"
    r"|martial arts|the quiz|a quiz|quiz|spelling|maths|tag|hide and seek|connect 4|connect four|jenga|guess who)"
)
_BEAT = re.compile(r"(?:beat|beats|beating|beaten|bet)\b")
# "... at fifa", "... 5 nil", "4-1", "on penalties"
_WON_AT = re.compile(
    r"^(?: (?!up\b|about\b|around\b)\w+){0,3}? (?:at|in) (?:a |the )?"
    + _GAME
    + r"\b|^(?: (?!up\b)\w+)? ?\d+ ?(?:-|nil|to) ?\d*|^(?: \w+)? on penalties\b"
)
_RECORD = re.compile(
    r"^\w+ (?:my|his|her|our|their|the) (?:own |personal |best |previous |old )*(?:time|record|score|best|pb|personal best|high score)\b"
)
_TEAM_SPORT = re.compile(
    r"\b(?:season|league|fixtures?|tournament|the cup|under \d+s|u\d+s|the ref|referee|scored|goals?|points|penalties|squad)\b"
)
_A_PERSON_NEXT = re.compile(r"^ (?:me|us|him|her|them|my|our|his|their)\b")
_THING_STRUCK = re.compile(
    r"^ (?:the |a |an )?(?:\w+ )?(?:ball|air|bag|punch ?bag|pads|water|goal|net|door open|bucket|can|leaves|sand|covers|duvet)\b"
)
_STRIKING_SPORT = re.compile(
    r"^(?: \w+){0,2}? (?:at|in|for) (?:\w+ )?(?:boxing|karate|judo|taekwondo|kickboxing|martial arts|football|rugby|swimming)\b"
)


def sport_or_game(text: str, start: int, end: int) -> bool:
    """True if the harm word at text[start:end] is about a sport or a game, not a person hurt.

    "beat my brother at fifa", "we got beat 4-1", "beat my own record", "they got beaten every week last
    season", "punched the air", "kicks the bath water", "learning to punch properly at boxing". A person
    struck is still a disclosure: "he punched me at football", "dad beat me after the match".
    """
    word, after = text[start:end], text[end : end + 40]
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("! ", 0, start), text.rfind("? ", 0, start))
    sentence_end = min(
        [i for i in (text.find(". ", end), text.find("! ", end), text.find("? ", end)) if i != -1] or [len(text)]
    )
    sentence = text[sentence_start + 1 : sentence_end]
    if _BEAT.match(word) or re.search(r" (?:beat|beats|beating|beaten|bet)\b", word):
        if _WON_AT.match(after) or _RECORD.match(text[start : end + 40]):
            return True
        if " " not in word and not _A_PERSON_NEXT.match(after) and _TEAM_SPORT.search(sentence):
            return True
    if re.match(r"(?:kick|punch)\w*$", word):
        if _THING_STRUCK.match(after):
            return True
        if not _A_PERSON_NEXT.match(after) and _STRIKING_SPORT.match(after):
            return True
    return False


# "a black eye from a cricket ball at practice", "bruises from a rugby tackle": an injury with a named accident or sport
INJURY_FROM_SPORT_OR_ACCIDENT = re.compile(
    r"^[^.!?]{0,15}\b(?:from|off|in|during|playing) (?:a|an|the|my|his|her|their|our) (?:\w+ )?(?:\w*ball|tackle|header|collision|fall"
    r"|trampoline|bike|scooter|skateboard|swing|slide|climbing frame|match|game|training|practice|fixture)\b"
)
