"""Spotting free text that suggests immediate risk or a disclosure of harm.

An anonymous form can receive "I am being hurt" or "a child is in danger now". We cannot
reply to the person, so the confirmation page shows them where to get help at once, and the
response is flagged so staff read it first. This errs towards flagging: a false alarm costs
a member of staff a minute; a missed disclosure can cost far more.

How it works (the rules for ambiguous cases are in docs/disclosures.md):

1. The text is normalised: lower case, one kind of apostrophe, contractions spelt out
   ("he'll" -> "he will", "dont" -> "do not"), and the texting forms young people use
   ("bf", "pls", "me dad", "touchin", "tonite") mapped to plain words, so one rule covers
   every spelling.
2. Rules look for a harm *happening to someone in particular*: a verb of harm with the
   writer or a named relation as its object ("hits me", "touched my sister"), the writer or
   a relation as the subject of a passive ("I was abused", "my niece is being groomed"),
   first-person wishes to die, threats, exploitation, neglect, fear of someone at home,
   running away, a plea for help. Harm words used as a *topic* ("self-harm training",
   "children who go missing", "a suicidal teenager was not assessed") do not match because
   no particular person is the victim or the words sit beside a topic noun.
3. A few vetoes remove well-known idioms ("my mum will kill me if I'm late lol", "hurt her
   back", "hit by a ball", "help me understand the form") and self-harm the writer says is
   over ("I used to self harm but I've been okay for two years").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_CONTRACTIONS = [
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(i|he|she|we|they|you|it)'d\b"), r"\1 would"),
    (re.compile(r"\b(he|she|it|that|there|what|who)'s\b"), r"\1 is"),
]
# Texting forms, misspellings and dialect, token for token. Ambiguous tokens ("ill",
# "hell", "were", "id") are left alone.
_WORDS = {
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "arent": "are not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "cant": "can not",
    "wont": "will not",
    "aint": "is not",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "theyll": "they will",
    "theyve": "they have",
    "youre": "you are",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "wanna": "want to",
    "gonna": "going to",
    "gunna": "going to",
    "gna": "going to",
    "finna": "going to",
    "gotta": "got to",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "plss": "please",
    "plez": "please",
    "plis": "please",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "nite": "night",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "coz": "because",
    "cos": "because",
    "cuz": "because",
    "bc": "because",
    "n": "and",
    "wiv": "with",
    "wid": "with",
    "mam": "mum",
    "mom": "mum",
    "mummy": "mum",
    "mommy": "mum",
    "mama": "mum",
    "daddy": "dad",
    "stepdad": "stepdad",
    "stepmum": "stepmum",
    "sum1": "someone",
    "some1": "someone",
    "no1": "no one",
    "noone": "no one",
    "nobody": "no one",
    "nobodys": "no one has",
    "noones": "no one has",
    "ppl": "people",
    "thru": "through",
    "tho": "though",
    "idk": "i do not know",
    "dunno": "do not know",
    "ya": "you",
    "yous": "you",
    "fella": "boyfriend",
    "bloke": "man",
    "touchin": "touching",
    "hittin": "hitting",
    "beatin": "beating",
    "hurtin": "hurting",
    "cuttin": "cutting",
    "killin": "killing",
    "kickin": "kicking",
    "punchin": "punching",
    "sendin": "sending",
    "makin": "making",
    "smackin": "smacking",
    "slappin": "slapping",
    "threatenin": "threatening",
    "chokin": "choking",
    "sellin": "selling",
    "runnin": "running",
    "messagin": "messaging",
    "feelin": "feeling",
    "wiv": "with",
    "nuffin": "nothing",
    "pix": "pics",
    "nudez": "nudes",
    "vids": "videos",
    "vid": "video",
    "bcos": "because",
    "becuz": "because",
    "abit": "a bit",
    "alot": "a lot",
    "evry": "every",
    "evryday": "every day",
    "everyday": "every day",
    "ever1": "everyone",
    "anymore": "any more",
    "tbh": "",
    "lil": "little",
    "bro": "brother",
    "sis": "sister",
    "grandad": "granddad",
    "grampa": "granddad",
    "nana": "nan",
    "nanna": "nan",
    "granny": "gran",
}
_WORD = re.compile(r"[a-z0-9']+")
_PHRASES = [
    (re.compile(r"\bstep[- ](dad|mum|father|mother|brother|sister|son|daughter)\b"), r"step\1"),
    # "me dad", "me mum": dialect possessive
    (
        re.compile(r"\bme (mum|dad|nan|gran|brother|sister|stepdad|stepmum|boyfriend|uncle|auntie|aunt|cousin)\b"),
        r"my \1",
    ),
    (re.compile(r"\bself[- ]+harm"), "selfharm"),
    (
        re.compile(
            r"\bdead (?=(?:proud|good|nice|funny|easy|chuffed|happy|excited|pleased|lucky|helpful|friendly|kind|busy|boring"
            r"|quick|slow|lovely|sound|keen|handy|useful|simple|hard|posh|brilliant|interesting)\b)"
        ),
        "very ",
    ),
    (re.compile(r"\bun[- ]alive"), "unalive"),
]


def normalise(text: str) -> str:
    """Lower-case text with contractions and texting forms spelt out (for matching only)."""
    text = text.translate(_APOSTROPHES).lower()
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    text = re.sub(r"(\w)'s\b", r"\1s", text)
    text = _WORD.sub(lambda m: _WORDS.get(m.group(0), m.group(0)), text)
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------
# Vocabulary shared by the rules
# ---------------------------------------------------------------------------------------
_RELATION = (
    r"(?:mum|dad|mother|father|parents?|stepdad|stepmum|stepfather|stepmother|stepbrother|stepsister"
    r"|brother|sister|bro|nan|gran|granddad|grandma|grandpa|grandad|grandmother|grandfather|uncle|aunt|auntie"
    r"|cousin|nephew|niece|son|daughter|kids?|children|child|baby|babies|toddler|boy|girl|grandson"
    r"|granddaughter|grandchildren|grandchild|grandkids|husband|wife|partner|boyfriend|girlfriend|ex"
    r"|family|friend|mate|best friend|little one|twins?|teen|teenager|\d+ ?(?:year|yr) ?old"
    r"|young people|young person|pupil|pupils|student|foster \w+|carer|sibling|siblings|brothers|sisters)"
)
# The writer, or a person the writer names by relation: "me", "my little sister", "our 5 year old".
_VICTIM = (
    r"(?:me|us|myself|(?:my|our|your|his|her|their|the) (?:\w+ ){0,2}?"
    + _RELATION
    + r"|mum|dad|nan|gran|my \w+|our \w+|her|him|them|the (?:baby|kids|children))"
)
_HARM_VERB = (
    r"(?:hit|hits|hitting|beat|beats|beating|bet|batter|batters|battered|battering|punch|punches|punched"
    r"|punching|kick|kicks|kicked|kicking|slap|slaps|slapped|slapping|smack|smacks|smacked|smacking"
    r"|thump|thumps|thumped|whip|whips|whipped|hurt|hurts|hurting|abuse|abuses|abused|abusing|rape|rapes"
    r"|raped|raping|molest|molests|molested|molesting|assault|assaults|assaulted|assaulting|touch|touches"
    r"|touched|touching|grope|gropes|groped|groping|choke|chokes|choked|choking|strangle|strangles"
    r"|strangled|strangling|throttle|throttled|burn|burns|burned|burnt|burning|stab|stabs|stabbed|stabbing"
    r"|shake|shakes|shook|shaking|push|pushes|pushed|pushing|shove|shoves|shoved|drag|drags|dragged"
    r"|grab|grabs|grabbed|grabbing|attack|attacks|attacked|attacking|bite|bites|bit|pinch|pinches|pinched"
    r"|threaten|threatens|threatened|threatening|blackmail|blackmails|blackmailed|blackmailing"
    r"|groom|grooms|groomed|grooming|starve|starves|starved|starving|lock|locks|locked|locking"
    r"|tie|ties|tied|belt|belted|twist|twists|twisted|pin|pins|pinned|stamp on|stamped on|scald|scalded|drown|drowned|headbutt|headbutted|strangle|jump|jumped|rob|robbed|mug|mugged"
    r"|spit on|spits on|spat on|throw things at|throws things at|threw things at|throw stuff at|throws stuff at)"
)
_PASSIVE_VERB = (
    r"(?:hit|beaten|beat|bet|battered|abused|touched|kicked|punched|slapped|smacked|thumped|whipped|raped"
    r"|molested|assaulted|groped|attacked|choked|strangled|burnt|burned|stabbed|shaken|pushed|dragged"
    r"|threatened|blackmailed|groomed|exploited|trafficked|starved|locked (?:in|up|out)|tied up"
    r"|forced to|made to|jumped|mugged|robbed|bullied|harassed|stalked|hurt|shouted at and hit"
    r"|belted|leathered|thrashed|caned|strapped|walloped|headbutted|bitten|scalded)"
)
_ADVERB = r"(?:(?:sexually|physically|emotionally|criminally|really|badly|always|still|constantly|often|repeatedly|being|getting|regularly|again) )"
_SUBJECT_PERSON = r"(?:i|we|he|she|(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"|mum|dad|my \w+)"
_TOPIC = (
    r"(?:training|session|course|workshop|briefing|e-?learning|toolkit|pathway|pathways|conference"
    r"|lesson|leaflet|module|policy|awareness|prevention|strategy|procedure|protocol|referrals?|screening"
    r"|tool|assessment|team|service|services|lead|panel|forum|seminar|webinar|presentation|audit|review"
    r"|plan|plans|data|figures|cases|support|group|week|campaign|play|talk|programme|practice)"
)
_FIRST = r"(?:i|me|my|myself|we|us)"
_NOW = r"(?:right now|now|tonight|today|at the moment|as we speak|this minute|immediately)"
_GROUP = r"(?:children|young people|kids|pupils|families|people|victims|women|girls|boys|a child|a young person|a baby|the baby|the child|the young person|a teenager|teenagers|teens|students|someone|parents|adolescents|survivors|men|everybody|everyone|anybody|anyone)"
_DISTANT = (
    r"(?:(?<!my )(?<!our )(?<!her )(?<!his )(?<!their )(?<!young )\b"
    + _GROUP
    + r"(?: (?:who|that|which|being|are being|were being|go|going|went)\b[^.!?]*)? $)"
)
# A sentence about a group or a case, not about the writer or their family.
_GENERIC_START = re.compile(
    r"^(?:(?!the |my |our |his |her |their |these |those )\w+ ){0,3}?(?:young people|children|pupils|families|parents|people|students|staff|girls|boys|kids|victims|women|practitioners|professionals|three|two|several|many|some|most)\b"
)
# The writer or their own family as a person in the sentence (not "my caseload", "my team").
_ANCHOR = re.compile(r"\b(?:i|me|myself|we|us|ourselves|my|our)\b")
_PRO_POSSESSIVE = re.compile(
    r"\b(?:my|our) (?:(?!"
    + _RELATION
    + r"\b)\w+ )?(?:caseload|team|service|school|manager|role|practice|agency|unit|ward|clinic|area|org\w*|colleagues?|staff|pupils|students|young people|cases?|families"
    r"|experience|view|opinion|job|work|training|learning|own practice|understanding|knowledge|confidence|setting|trust|authority|question|answer"
    r"|bodies|lives|society|communit\w+|country|world)\b"
)
_HUMOUR = re.compile(r"\b(?:lol|lool|haha\w*|hehe|jk|joking|lmao|lmfao|rofl)\b|😂|🤣|😅|💀")


@dataclass(frozen=True)
class Concern:
    """Why a piece of text was flagged (the kind and a plain-words reason, never the text)."""

    kind: str
    reason: str


Veto = Callable[[str, "re.Match[str]"], bool]


def _before(text: str, match: "re.Match[str]", chars: int = 60) -> str:
    """The text of the same sentence before a match, up to `chars` characters."""
    head = text[max(0, match.start() - chars) : match.start()]
    return re.split(r"[.!?;]\s", head)[-1]


def _after(text: str, match: "re.Match[str]", chars: int = 40) -> str:
    """The text after a match, up to `chars` characters."""
    return text[match.end() : match.end() + chars]


# Words of case talk and of hypotheticals: harm described in them is a topic unless the
# writer or their family is in the sentence.
_PROFESSIONAL = re.compile(
    r"\b(?:the (?:father|mother|stepfather|stepmother|subject|young person|home conditions)"
    r"|panel|review|conference|casework|case|cases|assessment|referral|referrals|agencies|practitioners|professionals"
    r"|strategy meeting|core group|caseload|learning|a&e|camhs|presentations|guidance|policy|missed opportunit\w+|at risk of)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:what to do (?:when|if)|how to (?:respond|support|help|talk|spot|recognise|identify|ask|work)|when (?:a|an) \w+"
    r"|if (?:a|an) \w+|signs (?:of|that)|recognise|recognising|spot when|such as|whether|asking (?:\w+ ){0,3}?if"
    # advice written to the reader: "if you think a child is in danger", "you might feel afraid"
    r"|if you (?:think|suspect|are worried|are concerned|do get|ever|see|notice|know (?:a|of|someone))"
    r"|if you(?:,? (?:or|and) [^,.!?]{1,25},?)? (?:are|feel|were|need|have been)"
    r"|(?:ask|asking) (?:them|him|her|people|young people|your \w+) about"
    r"|you (?:may|might|could) (?:feel|be|want)|(?:may|might|can|could) make you feel)\b[^.!?]*$"
)


def _sentence(text: str, match: "re.Match[str]") -> str:
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


_ORG_US = re.compile(
    r"\b(?:young people|children|kids|teens|women|men|girls|boys|callers|people|parents|families|adults|many|they|who)"
    r"(?: \w+)? (?:tell|tells|told|telling|contact|contacts|contacted|ask|asks|asked|write to|wrote to) us\b"
)


def _anchored(sentence: str) -> bool:
    """True if the writer or a relation of theirs is a person in the sentence."""
    sentence = _PRO_POSSESSIVE.sub(" ", sentence)
    if _ORG_US.search(sentence):
        # an organisation's voice: its "we", "us" and "our" are not the writer's family
        return re.search(r"\b(?:i|me|myself|my)\b", sentence) is not None
    return _ANCHOR.search(sentence) is not None


def _about_others_in_general(text: str, match: "re.Match[str]") -> bool:
    """True for harm described of a group or a case ("children who are scared to go home")."""
    if re.search(_DISTANT, _before(text, match, 80)) is not None:
        return True
    if _HYPOTHETICAL.search(_before(text, match, 80)):
        return True
    if re.search(r"\b" + _TOPIC + r" (?:on|about|around|covering|regarding|into)(?: \w+)? $", _before(text, match, 40)):
        return True
    sentence = _sentence(text, match)
    if _anchored(sentence):
        return False
    return bool(_GENERIC_START.match(sentence) or _PROFESSIONAL.search(sentence))


def _danger_veto(text: str, match: "re.Match[str]") -> bool:
    """Danger now is flagged even in case talk; only groups and hypotheticals are vetoed."""
    return bool(re.search(_DISTANT, _before(text, match, 80)) or _HYPOTHETICAL.search(_before(text, match, 80)))


_FEAR_CONTEXT = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|petrified|hide|hiding|hurt\w*|kill\w*|hit|hits|beat\w*|knife|weapon|police|999"
    r"|help|violent|violence|dangerous|danger|threat\w*|abus\w*|attack\w*|lock\w*|door|window|ex|injunction|refuge|safe|run|get out)\b"
)


def _coming_veto(text: str, match: "re.Match[str]") -> bool:
    """ "They're coming today" (inspectors, guests) is not danger unless fear or harm is in the text."""
    if re.match(
        r"(?:he|she|they) (?:is|are|will be) (?:coming|on (?:his|her|their) way)", match.group(0)
    ) and not _FEAR_CONTEXT.search(text):
        return True
    return _danger_veto(text, match)


def _keyword_veto(text: str, match: "re.Match[str]") -> bool:
    """A harm keyword ("suicidal", "cuckooing") counts only about the writer or their family."""
    sentence = _sentence(text, match)
    if _I_AM_PROFESSIONAL.search(text) and not re.search(r"\b(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"\b", sentence):
        return True
    if not _anchored(sentence) and re.search(
        r"\b(?:" + _GROUP + r"|teenager|teenagers|young person|child|patient|patients|pupil|client|he|she|they|them"
        r"|the|a|an|our|their|his|her|this|that|these|those)\b",
        sentence,
    ):
        return True
    if re.search(
        r"\b" + _TOPIC + r" (?:on|about|around|in|for|of|into|covering|regarding)(?: \w+)? $", _before(text, match, 40)
    ):
        return True
    return _topic_veto(text, match)


def _harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for "<someone> <harm verb> <person>": the writer as agent, accidents, idioms."""
    before = _before(text, match, 30)
    after = _after(text, match, 30)
    verb_and_object = match.group(0)
    # The writer as the agent ("I hit my brother back", "we touched on neglect") is not a
    # disclosure of harm to them.
    if re.search(r"\b(?:i|we|you)(?: \w+){0,2} $", before):
        return True
    tail = verb_and_object + after
    # Injuries to one's own body ("mum hurt her back") and feelings ("hurt our feelings").
    if re.match(
        r"(?:hurt|hurts|burnt|burned|burn|bit|bite|pinched|hit|injured|broke|sprained) (?:his|her|their|its) "
        r"(?:back|arm|leg|knee|ankle|wrist|foot|feet|hand|head|shoulder|neck|finger|toe|hip|tooth|"
        r"elbow|face|tongue|lip)\b",
        tail,
    ) and not re.search(r"\b(?:he|she|they|stepdad|boyfriend|partner|husband|someone|somebody)(?: \w+){0,2} $", before):
        return True
    if re.search(r"\b(?:dog|dogs|cat|horse|pony|bee|wasp|snake|spider|rabbit|hamster)\b", before + verb_and_object):
        return True
    # "I fell off my bike and hurt my knee": the writer is the agent of an injury to their own body.
    if (
        re.match(
            r"(?:hurt|burnt|burned|bit|pinched|hit|injured|broke|sprained) (?:my|our) "
            r"(?:back|arm|leg|knee|ankle|wrist|foot|feet|hand|head|shoulder|neck|finger|toe|hip|tooth|elbow|face|tongue|lip)\b",
            tail,
        )
        and re.search(r"\b(?:i|we)\b", before)
        and not re.search(
            r"\b(?:he|she|they|mum|dad|stepdad|stepmum|boyfriend|partner|husband|someone|somebody|my "
            + _RELATION
            + r")(?: \w+){0,2} $",
            before,
        )
    ):
        return True
    # "my little sister bit me but she's only 2"
    if re.search(r"\b(?:she|he|they) (?:is|are|was) (?:only|just) (?:\d|one|two|three|a baby|a toddler)\b", after):
        return True
    # A baby or toddler as the agent ("my baby grabs my hair", "my toddler bit me").
    if re.search(r"\b(?:baby|babies|toddler|newborn)(?: \w+)? $", before):
        return True
    # Siblings at play: "my little brother kicked me under the table lol".
    if re.match(
        r"(?:kick|kicks|kicked|kicking|hit|hits|pinch|pinched|pinches|bit|bites|poked|punched|slapped|pushed) (?:me|us|him|her) under the table\b",
        tail,
    ) or (
        _HUMOUR.search(_sentence(text, match))
        and re.search(
            r"\b(?:my|our) (?:little |baby |younger |big |older |twin )?(?:brother|sister|bro|sis|cousin)\b(?: \w+){0,2} $",
            before,
        )
    ):
        return True
    # Children at play ("he keeps hitting me with his toy sword").
    if re.search(r"\bwith (?:a|his|her|their|the|my) (?:toy|foam|plastic|nerf|pillow|lightsaber|balloon)\b", tail[:45]):
        return True
    if re.search(r"\b(?:feelings|pride|chances|confidence|career|case|application|reputation)\b", tail[:35]):
        return True
    if re.match(
        r"(?:push|pushes|pushed|pushing|shook|shake|shakes) (?:me|us|him|her|them|my \w+)(?: up)?(?: to\b|$| really| a lot|,)",
        tail,
    ) or re.match(r"(?:shook|shake|shakes) (?:me|us)\b", tail):
        return True
    # "touch", "lock", "tie", "jump" and "bite" are ordinary verbs unless about a person's body.
    if re.match(r"(?:touch|touches|touched|touching) (?:base|on|upon)\b", verb_and_object):
        return True
    if re.match(
        r"(?:lock|locks|locked|locking|tie|ties|tied|bit|bite|bites|jump|jumped|rob|robbed|push|pushes|pushed|pushing|drag|drags|dragged|grab|grabs|grabbed|grabbing|attack|attacks|attacking|shake|shakes|shook|shaking|pinch|pinches|pinched)\b",
        verb_and_object,
    ):
        if re.search(r"\b(?:hands?|dog|door|car|ball|phone)\b", verb_and_object + after[:12]):
            return True
    if re.match(r"(?:threaten|threatens|threatened|threatening)", verb_and_object) and re.search(
        r"\b(?:exclusion|eviction|court|legal|to (?:close|stop|end|take (?:us|me) to court))\b", after
    ):
        return True
    return _about_others_in_general(text, match)


def _passive_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for "<person> was <harmed>": accidents, emotional hurt, past bullying."""
    after = _after(text, match, 40)
    phrase = match.group(0)
    if _PRO_POSSESSIVE.match(phrase):
        return True
    if re.match(
        r" (?:playing|at (?:football|rugby|training|pe|the match)|in (?:pe|a match|the game)|during|falling|when i fell|on my bike|skating)",
        after,
    ):
        return True
    if re.search(r"\bby (?:a|the|an) (?:ball|car|bus|bike|door|van|train|wave|branch|swing|football|stone)\b", after):
        return True
    # "hit in the face with a netball", "bitten by a dog": sport and animals, not a person
    if re.match(
        r"(?: (?:in|on) the \w+)? (?:with|by) (?:a|an|the) (?:\w+ )?(?:ball|netball|football|rugby ball|cricket ball|hockey stick|bat|racket|frisbee|snowball|swing)\b",
        after,
    ) or re.match(
        r"(?: (?:in|on) the \w+)? by (?:a|an|the|our|my|their|next doors?|his|her|a neighbours?) (?:\w+ )?(?:dog|cat|horse|pony|bee|wasp|snake|spider|rabbit|hamster|goose|swan)\b",
        after,
    ):
        return True
    if re.search(r"\bhurt$", phrase):
        # Emotional hurt ("my son was hurt that nobody called back") is common in feedback;
        # physical hurt is written "being hurt", "getting hurt" or "hurt by him".
        if not re.search(r"\b(?:being|getting|get|gets|got) hurt$", phrase) and not re.match(
            r" (?:by (?:him|her|them|my|our|his|a man|a woman|someone|somebody|mum|dad|\w+ (?:dad|mum|boyfriend|partner))"
            r"|at home|again|every|all the time|by people)",
            after,
        ):
            return True
    if re.search(r"\bbullied$", phrase):
        # Past bullying that was dealt with is not a concern; ongoing bullying is.
        if not re.search(
            r"\b(?:am|are|is|keep|keeps|still|get|gets)\b(?: (?:being|getting|still|constantly|always))? bullied$",
            phrase,
        ):
            return True
        if re.search(
            r"\b(?:but|and) (?:it|that|this|they|the school|school|\w+ worker|the worker)\b[^.]*\b(?:sorted|dealt|stopped|helped|fixed|over)\b",
            text,
        ):
            return True
    if re.search(r"\b(?:forced to|made to)$", phrase) and not re.match(
        r" (?:marry|get married|have sex|do|touch|send|carry|sell|hold|take|watch|keep|work|go|sleep|stay)", after
    ):
        return True
    if re.search(r"\blocked (?:in|up|out)$", phrase) and re.match(r" (?:of|the school|the car)", after):
        return True
    return _about_others_in_general(text, match)


def _threat_veto(text: str, match: "re.Match[str]") -> bool:
    """ "My mum will kill me if I'm late lol" is an idiom, not a threat."""
    if re.search(r"\b(?:said|says|told|threatened|threatens|keeps saying|swore|promised)\b", _before(text, match, 40)):
        return False
    if _HUMOUR.search(text):
        return True
    return bool(
        re.search(
            r"\b(?:late|report|grades?|marks|homework|results|phone bill|finds out i (?:failed|lost|broke|spent))\b",
            _after(text, match, 40),
        )
    )


def _self_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Self-harm the writer says is over, self-harm as a topic, and a professional's account of others."""
    if _I_AM_PROFESSIONAL.search(text) and not re.search(
        r"\b(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"\b", _sentence(text, match)
    ):
        return True
    if re.search(r"\b(?:used to|in the past|years ago|when i was younger)\b", text) and re.search(
        r"\b(?:but|and) (?:i am|i have been|now i am|i feel|things are)\b[^.]{0,30}"
        r"\b(?:ok|okay|fine|better|good|well|great|safe|happy|recovered|stopped)\b"
        r"|\b(?:i am|i have been) (?:ok|okay|fine|better|doing well|safe|happy) now\b"
        r"|\b(?:but|and) (?:i|she|he|they) (?:have|has) not(?: done it| cut| self harmed)? (?:for|in|since)\b"
        r"|\b(?:but|and) (?:i|she|he|they) (?:have |has |had )?stopped\b",
        text,
    ):
        return True
    if re.match(r"\s?(?:and \w+ )?" + _TOPIC + r"\b", _after(text, match, 25)):
        return True
    return _about_others_in_general(text, match)


def _need_veto(text: str, match: "re.Match[str]") -> bool:
    """ "Help me understand the report" asks for ordinary help."""
    after = _after(text, match, 30)
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
            _after(text, match, 30),
        )
    )


def _topic_veto(text: str, match: "re.Match[str]") -> bool:
    """The harm word is followed by a topic noun ("county lines training")."""
    return bool(re.match(r"\s?(?:and \w+ )?" + _TOPIC + r"\b", _after(text, match, 25))) or _about_others_in_general(
        text, match
    )


def _professional_feels(before: str) -> bool:
    """True if the text just before ends "the social worker was" (the feeling is theirs)."""
    return (
        re.search(
            r"\b(?:social workers?|workers?|teachers?|police|officers?|staff|nurses?|doctors?|health visitors?"
            r"|professionals?|practitioners?|the judge|the court)(?: \w+)? (?:was|were|is|are|seemed|looked|felt|got|get|became)"
            r"(?: \w+)? $",
            before,
        )
        is not None
    )


def _fear_veto(text: str, match: "re.Match[str]") -> bool:
    """Fear felt by a professional ("the social worker was scared of my ex") is not the writer's."""
    return _professional_feels(_before(text, match, 50)) or _about_others_in_general(text, match)


def _plain_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for the plainer harm shapes of batch H: laughter, a baby or toddler as the agent, topics."""
    if _HUMOUR.search(_sentence(text, match)):
        return True
    if re.search(
        r"\b(?:baby|babies|toddler|newborn|little (?:girl|boy|one)|son|daughter)(?: \w+)? $", _before(text, match, 30)
    ):
        return True
    return _about_others_in_general(text, match)


def _no_veto(text: str, match: "re.Match[str]") -> bool:
    """Never vetoed."""
    return False


# ---------------------------------------------------------------------------------------
# Rules: (kind, reason, pattern over normalised text, veto). First match wins, so the most
# urgent kinds come first.
# ---------------------------------------------------------------------------------------
def _speaks_as_professional(text: str) -> bool:
    """True if the writer says they are a professional."""
    return _I_AM_PROFESSIONAL.search(text) is not None


_RULES: list[tuple[str, str, str, Veto]] = [
    # --- danger now -----------------------------------------------------------------
    (
        "danger",
        "says someone is in danger now",
        r"\b(?:in danger|in immediate danger|at immediate risk|immediate risk|immediate danger|in grave danger"
        r"|in serious danger|at serious risk (?:now|tonight|today))\b",
        _danger_veto,
    ),
    (
        "danger",
        "says someone is being harmed right now",
        r"\b(?:is|are|he is|she is|they are|keeps)\s+(?:\w+ )?" + _HARM_VERB + r"\b[^.!?]{0,40}\b" + _NOW + r"\b"
        r"|\b" + _NOW + r"\b[^.!?]{0,20}\b(?:is|are) " + _HARM_VERB + r"\b",
        _danger_veto,
    ),
    (
        "danger",
        "says someone is being harmed right now",
        r"\b(?:is|are) being " + _PASSIVE_VERB + r"\b[^.!?]{0,30}\b" + _NOW + r"\b",
        _danger_veto,
    ),
    (
        "danger",
        "asks for someone to come now",
        r"\b(?:send|get|call) (?:someone|somebody|help|the police|an ambulance|police)\b(?: (?:to|round|over|here|now|please|quick|asap)|$)"
        r"|\bsomeone to come to (?:my|our|the) (?:house|home|flat)\b",
        _no_veto,
    ),
    (
        "danger",
        "describes a weapon or fire being used against people",
        r"\b(?:he|she|they|someone|somebody|dad|mum|stepdad|boyfriend|partner|my \w+|a man)\b(?: \w+){0,5}? "
        r"(?:has|has got|got|have|have got|is holding|is carrying|carries|carrying|pulled|pulled out|came at (?:me|us|her|him|them) with|with|waving)"
        r" (?:a|his|her|their|the|my) (?:knife|knives|gun|blade|machete|weapon|bat|hammer|axe)\b"
        r"|\b(?:set|setting) (?:the house|the flat|us|me|fire to)\b[^.]{0,20}(?:on fire|fire)?"
        r"|\bburn the (?:house|flat|place) down\b",
        _danger_veto,
    ),
    (
        "danger",
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
        r"|\bthe (?:baby|kids|children|child|little \w+)(?: \w+)? (?:is|are) being " + _PASSIVE_VERB + r"\b",
        _coming_veto,
    ),
    # --- self-harm and suicide --------------------------------------------------------
    (
        "self_harm",
        "mentions suicide or self-harm",
        r"\b(?:kms|kys|ctb|unalive|kill (?:myself|himself|herself|themselves|my ?self)|killing (?:myself|himself|herself|themselves)"
        r"|end (?:my|his|her|their) (?:own )?life|ending (?:my|his|her|their) (?:own )?life|end it(?: all)?\b(?! with)|ending it(?: all)?"
        r"|take my (?:own )?life|sh (?:again|scars|relapse)|took an od|taken an od"
        r"|(?:cut|cutting|cuts|burn|burning|burns|hurt|hurting|hurts|harm|harming|harms|starve|starving|scratch|scratching|hit|hitting|punch|punching)"
        r" (?:myself|my ?self|himself|herself|themselves|my (?:arms?|legs?|wrists?|thighs?|stomach|skin))"
        r"|want(?:s|ed)? (?:to die|to be dead|to disappear|to not exist|to not be here|to not wake up|to go to sleep forever|it (?:all )?to (?:stop|end|be over))"
        r"|wish (?:i|he|she) (?:was|were|could be) (?:dead|gone|never born)|wish (?:i|he|she) could (?:disappear|die|go to sleep)"
        r"|better off (?:without me|dead|if i was not here|if i were not here)"
        r"|(?:not|never) (?:want to |wanting to )?(?:be here|be alive|wake up|exist) any ?more"
        r"|do not want to (?:be here|be alive|live|exist|wake up)"
        r"|no (?:point|reason) (?:in |to )?(?:living|being alive|life|going on|carrying on|being here)"
        r"|(?:life|living) (?:is not|is no longer|isnt) worth"
        r"|(?:can not|could not) (?:go on|do this any ?more|do this no more|do it any ?more|carry on|cope any ?more|take (?:it|this) any ?more)"
        r"|how (?:much )?long(?:er)? (?:i can|can i) (?:keep going|go on|carry on|take (?:it|this))"
        r"|done with (?:life|living|everything|it all)|tired of (?:living|being alive|life)"
        r"|sleep (?:and )?never wake up|go to sleep forever|sleep forever"
        r"|(?:jump|jumping|throw myself) (?:off|in front of|from) (?:a|the) (?:bridge|building|train|roof|car|cliff|bus|tower|multi)"
        r"|(?:took|taken|take|taking|swallowed|swallow|going to take) (?:a load of|loads of|all|all of|a lot of|lots of|a bunch of|too many|a handful of|some of|a packet of|a box of)"
        r" (?:\w+ ){0,2}?(?:tablets|pills|paracetamol|meds|medication)"
        r"|(?:no one|not one person) would (?:care|notice|miss me|even notice|even care)"
        r"|(?:have|has|had|just) (?:taken|took|swallowed) (?!(?:my|his|her|their) )(?:\w+ ){0,2}?(?:tablets|pills|paracetamol)"
        r"|(?:tried|try|trying|attempted|attempt|going) to (?:hang|drown|strangle|suffocate|poison|kill|end) (?:myself|himself|herself|themselves|my ?self|it all|my life|his life|her life)"
        r"|\bhang (?:myself|himself|herself|themselves)|\b(?:am|have been|keep|started|been|was) cutting(?: again| myself)?\b"
        r"|(?:easier|better|happier) (?:for everyone )?if i (?:was|were|was not|were not) (?:dead|gone|here|around|alive)"
        r"|(?:sleep|go to sleep) and not wake up|never wake up again|not want to wake up"
        r"|thinking (?:about|of) (?:dying|death|ending it|killing myself|not being here|not existing|being dead)"
        r"|giving up on (?:everything|life|myself)|give up on (?:everything|life|myself)|no point any ?more|no point in anything"
        r"|(?:planning|plan|decided) to do it\b|(?:sliced|slice|slicing|slit|carved|carve|carving) (?:my|into my) (?:\w+ )?(?:arms?|wrists?|legs?|thighs?|skin)"
        r"|rather be dead|would be better dead|i am scared all the time"
        r"|want to be gone|want to go away forever|what is the point (?:of|in) (?:me|living|anything|trying|life|going on)"
        r"|how many (?:paracetamol|pills|tablets|painkillers) (?:it takes|to take|would)|looked up how to (?:die|kill|end)"
        r"|(?:i am|i feel like i am|feel like a) (?:a )?burden|better (?:off )?without me"
        r"|until (?:they|it) bleeds?|(?:stash|stockpile|hoard|collection|supply|saving up|saved up|collecting|hoarding|stockpiling|saving) (?:of )?(?:\w+ )?(?:pills|tablets|paracetamol|meds|painkillers)"
        r"|(?:make|made|making|makes) (?:myself|herself|himself) (?:sick|throw up|vomit)(?! with)|(?:stopped|stop|not) eating on purpose"
        r"|(?:i am|i feel|feel like|i feel like i am) (?:such |just |only |nothing but |so much of )?(?:a )?burden"
        r"|cuts? (?:on|all over|up) (?:my|her|his|their) (?:wrists?|thighs?|arms?|legs?|stomach)(?![^.!?]{0,30}\b(?:fell|falling|fall|bike|football|rugby|playing|accident|cat|dog|brambles|glass|shaving|eczema)\b)|point (?:in |of )?(?:living|being alive|carrying on|going on|being here|existing))",
        _self_harm_veto,
    ),
    (
        "self_harm",
        "mentions suicide or self-harm",
        r"\b(?:suicidal|suicide|selfharm\w*|self harming|relapsed|overdose[ds]?|overdosing)\b",
        lambda text, match: _keyword_veto(text, match) or _self_harm_veto(text, match),
    ),
    # --- threats ----------------------------------------------------------------------
    (
        "threat",
        "mentions a threat to share images",
        r"\b(?:post|share|send|leak|show|put|upload|spread)\b(?: \w+){0,3} (?:pics|pictures|photos|nudes|images|videos?|sexts|snaps)\b"
        r"(?:[^.]{0,30}\b(?:if|unless|to (?:everyone|my|the|all))\b)?"
        r"|\b(?:has|have|got|kept|saved|screenshotted) my (?:nudes|pics|pictures|photos|images|videos?)\b"
        r"|\bif (?:i|you|she|he|we) (?:do not|does not|will not|refuse to|stop) (?:send|sending|pay|paying)\b"
        r"|\b(?:post|share|send|leak|show|upload|spread) the ones (?:he|she|they|i) (?:has|have|got|sent|took)\b"
        "",
        _topic_veto,
    ),
    ("threat", "mentions blackmail or sextortion", r"\bblackmail\w*|\bsextort\w*", _keyword_veto),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        r"\b(?:said|says|told (?:me|us|her|him)|texted|messaged|keeps saying)\b(?: that)? (?:i am|you are|we are|she is|he is) "
        r"(?:finished(?! (?:with|for|early|now|the|my|doing|at|by|in)\b)|dead|done for|next|a dead \w+|going to pay|going to get it)\b",
        _about_others_in_general,
    ),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        r"\b(?:will|going to|would|threatened to|threatens to|threatening to|swore to|promised to|wants to|is going to|are going to|will come and)"
        r" (?:\w+ )?(?:kill|stab|hurt|shoot|burn|beat|batter|break|cut|smash|jump|get|find|do|attack|rape|slit|strangle|punch|hit|shank|merk|bang)"
        r"(?: \w+)? " + _VICTIM + r"\b",
        _threat_veto,
    ),
    # --- harm -------------------------------------------------------------------------
    (
        "harm",
        "says someone is being hurt or abused",
        r"\b" + _SUBJECT_PERSON + r" (?:\w+ )?(?:am|is|are|was|were|get|gets|got|getting|keep getting|keeps getting"
        r"|have been|has been|had been|been|being|is being|are being|was being|were being|used to be|used to get"
        r"|(?:would|will|could|might)(?: \w+){0,2} be)"
        r" " + _ADVERB + r"{0,2}" + _PASSIVE_VERB + r"\b",
        _passive_veto,
    ),
    (
        "harm",
        "says someone is being hurt or abused",
        r"\b(?:being|been|was|were|got|get|gets|getting) "
        + _ADVERB
        + r"{0,2}(?!hurt\b|bullied\b)"
        + _PASSIVE_VERB
        + r" by (?:(?:my|our|his|her|their) (?:\w+ )?"
        + _RELATION
        + r"|him|her|them|mum|dad)\b",
        lambda text, match: (
            _passive_veto(text, match)
            or re.search(
                r"\b(?:a|an|one|another|some) (?:\w+ )?(?:mother|father|mum|dad|parent|woman|man|girl|boy|child|young person|teenager"
                r"|survivor|client|family)\b(?: \w+){0,3} $",
                _before(text, match, 60),
            )
            is not None
        ),
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        r"\b" + _HARM_VERB + r" (?:" + _ADVERB + r")?" + _VICTIM + r"\b",
        _harm_veto,
    ),
    (
        "harm",
        "describes being made to do something sexual or against their will",
        r"\b(?:made|makes|make|making|forced|forces|force|forcing|pressured|pressures|pressuring|told|tells)"
        r" (?:me|us|her|him|them|my \w+) (?:to )?(?:\w+ ){0,2}?(?:sex|sexual|touch|send (?:him |her |them )?(?:nudes|pics|pictures|photos)"
        r"|do (?:things|stuff|it)|sleep with|watch (?:porn|videos)|take (?:drugs|pills)|drink|strip|undress|kiss)"
        r"|\bdoes (?:things|stuff) to (?:me|us|her|him)\b|\bsends me (?:stuff|things|pics|pictures|videos) (?:i|that i) (?:do not|did not) want"
        r"|\b(?:sexual|rude|dirty) (?:messages|pics|pictures|photos|videos)\b[^.]{0,30}\b(?:me|my)\b"
        r"|\bpulls? (?:my|her|his) hair\b|\bsmashed (?:her|his|my) head\b"
        r"|\b(?:threw|throws|throw|thrown|flung|flings|slammed|slams|slam|shoved|shoves|pinned|pins|dragged|drags) (?:me|us|her|him|mum|dad|my \w+|our \w+)"
        r"(?: \w+)? (?:into|against|across|down|onto|up against|off|out of) (?:the|a|my|our) (?:wall|floor|door|stairs|bed|table|ground|car|fridge|window)"
        r"|\b(?:put|puts|held|holds|hold|pushed|pushes|stuck|sticks|forced) (?:my|her|his|our|their) (?:hand|hands|arm|arms|head|face|fingers?)"
        r" (?:on|in|under|against|into|onto) (?:the |a )?(?:cooker|oven|hob|fire|iron|kettle|hot|boiling|bath|water|toilet|radiator)"
        r"|\b(?:says|said|told (?:me|us|her|him)|tells (?:me|us|her|him)|made (?:me|us|her|him) promise)(?: \w+){0,2}? (?:do not|not to|never|never to|to not|must not|can not|better not|had better not) tell\b(?![^.]{0,30}\b(?:present|surprise|party|birthday|gift|christmas)\b)"
        r"|\b(?:makes?|made|making|forces?|forced) (?:me|us|her|him) watch (?:things|stuff|videos|films|him|them|what)"
        r"|\bcalls? (?:me|us|her|him) (?:\w+ )?(?:worthless|useless|stupid|fat|ugly|a waste|a mistake|names|a slag|a slut)"
        r"|\bwish(?:es)? (?:i|you|we) (?:was|were|had) never (?:been )?born"
        r"|\b(?:hear|hears|heard|hearing) (?:\w+ ){0,3}?(?:smacking|hitting|slapping|beating|punching|him hit|her hit|screaming and)"
        r"|\b(?:screams|shouts|yells|swears) at (?:her|his|their|the|my|our) (?:kids|children|baby|son|daughter|little)"
        r"|\b(?:bruises|bruising|marks|burns|a black eye|black eyes|cuts) (?:on|all over) (?:my|her|his|their) (?:face|arms?|legs?|body|back|neck|head|chest|thighs?|wrists?|bum|bottom|ears?|cheeks?)"
        r"(?![^.!?]{0,30}\b(?:fell|falling|fall|off (?:his|her|my|their) bike|football|rugby|playing|accident|brambles|eczema)\b)"
        r"|\b(?:fresh|new|unexplained|more|another) (?:burns?|bruises?|bruising|marks|injuries|injury|cuts|black eye|fracture)\b[^.]{0,20}\bon (?:my|her|his|their|the baby'?s?) \w+"
        r"|\bliving with (?:him|her|them)\b[^.]{0,30}\bgetting worse"
        r"|\blash(?:es|ed|ing)? out (?:at|on) (?:me|us|her|him|them|my|mum|dad)"
        r"|\bknock(?:s|ed|ing)? (?:me|us|her|him|them|mum|my \w+) (?:about|around|out|over|down)"
        r"|\b(?:get|gets|got|getting|give|gives|gave|giving) (?:me |us |her |him |them )?(?:a|another|a good) (?:hiding|beating|battering|kicking|slap|smack|leathering|belting)"
        r"|\b(?:hands?|arm) (?:round|around|on) (?:my|her|his|our) (?:neck|throat)"
        r"|\b(?:chuck|chucks|chucked|throw|throws|threw|thrown|hurl|hurled|lob|lobbed) (?:\w+ ){0,2}?at (?:me|us|her|him|mum|my \w+)"
        r"|\bshows? (?:me|us|her|him) (?:\w+ ){0,2}?(?:videos|pictures|pics|photos|films) of (?:naked|people having sex|sex|porn)"
        r"|\bshows? (?:me|us|her|him) porn"
        r"|\b(?:comes|coming|came|keeps coming|gets) (?:in|into) (?:my|our|the) (?:room|bedroom|bed|bathroom|shower)\b[^.]{0,40}\b(?:night|shower|bath|asleep|sleeping|undress|changing)"
        r"|\b(?:has|had|got|with|covered in|came in with|comes home with|come home with|came home with) (?:\w+ ){0,2}?(?:bruises|bruising|burns|a black eye|black eyes|marks|welts)\b"
        r"|\b(?:my|our) (?:\w+ ){0,2}?"
        + _RELATION
        + r" (?:is|was|has been|can be|gets) (?:really |very |so |quite )?(?:violent|abusive)\b"
        r"|\bforced into (?:a |an )?(?:arranged )?marriage"
        r"|\b(?:sleep|stay|kneel|stand|sit)\b[^.]{0,40}\b(?:when i (?:am|get|was|have been) (?:bad|naughty|told off|in trouble)|as (?:a )?punishment)"
        r"|\b(?:makes?|made|making) (?:me|us|her|him) (?:kneel|stand|sleep|stay) (?:on|in|outside|out)\b"
        r"|\btakes? (?:it|his anger|her anger|everything|things) out on (?:me|us|her|him|mum|my \w+)"
        r"|\b(?:split|splits|bust|busted|burst|bursts) (?:my|her|his|our) (?:lip|nose|head|eye|face)"
        r"|\b(?:comes|came|walks|walked|barges|barged|keeps coming|keeps walking) in (?:when|while) (?:i am|i was|she is|he is) (?:getting changed|changing|in the (?:shower|bath)|undress\w*)"
        r"|\bforced (?:himself|herself) on (?:me|her|him)"
        r"|\bthreatens? to take (?:the|my|our) (?:kids|children|baby)|\bsmash(?:es|ed)? (?:my|our) (?:things|stuff|phone|belongings)"
        r"|\bwith (?:a |an )?(?:burn|burns|bruise|bruises|cut|cuts|black eye|injury|injuries|mark|marks|bite marks) on (?:his|her|my|their) \w+"
        r"|\b(?:can not|could not|too scared to|afraid to|scared to) tell (?:anyone|anybody|no one|someone) what (?:he|she|they) (?:does|did|do|is doing)",
        _about_others_in_general,
    ),
    ("radicalisation", "describes someone being drawn into violent extremism", r"\bradicali[sz]\w+", _keyword_veto),
    (
        "harm",
        "describes someone being harmed",
        r"\b(?:sexually|physically) (?:abused|assaulted|abusing|assaulting|hurt|attacked)\b",
        _keyword_veto,
    ),
    (
        "harm",
        "describes abuse a named person suffered",
        r"\babuse (?:i|my \w+|our \w+|he|she|we) (?:suffered|went through|experienced|lived through|survived)"
        r"|\b(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"(?:'s)? (?:\w+ )?(?:is|was|has been|can be|gets|got) "
        r"(?:really |very |so |quite )?(?:abusive|violent|aggressive)"
        r"|\b(?:he|she) (?:is|was|has been|can be|gets) (?:really |very |so )?(?:abusive|violent)(?: to| towards| with)? (?:me|us|my|her|him|the kids)",
        _topic_veto,
    ),
    (
        "harm",
        "describes controlling or coercive behaviour",
        r"\b(?:controls|controlled|takes|took|keeps|kept|steals|stole|stealing|taking|controlling) (?:all )?(?:of )?(?:my|the|our|her|his|their) (?:money|passport|phone|bank card|benefits|pension|wages)\b"
        r"|\b(?:breach\w*|broke|breaking|ignores?|ignoring) (?:the|his|her|a|my) (?:non molestation |restraining |protection )?(?:order|injunction|bail conditions|bail)\b"
        r"|\beven (?:though|after|with) (?:the|a|there is a|he has a|she has a) (?:non molestation |restraining |protection )?(?:order|injunction)\b"
        r"|\b(?:keeps? turning up|keeps? showing up|turns up|turned up|shows up|showed up|waits outside|waiting outside|follows me|followed me|following me)"
        r" (?:at |outside |where )?(?:my|our|the|i|we) (?:house|home|door|flat|work|job|school|mums|kids|live|work|stay)\b"
        r"|\b(?:will not|does not|do not|would not|did not|never) let (?:me|us|her) (?:see|go|leave|out|have|talk|speak|eat|sleep)"
        r"|\bnot allowed (?:out|to (?:go out|leave|see|talk|speak|have friends|eat))"
        r"|\btracks? my (?:phone|location)|\bchecks? (?:my phone|who i)",
        _about_others_in_general,
    ),
    (
        "harm",
        "describes forced marriage, FGM or honour-based abuse",
        r"\b(?:forced|forcing|made|making|make|going|want|wants|plan|planning|arranging|arranged|arrange|promised|sent|send|sending|taking|taken|take)"
        r"(?: \w+){0,5} (?:to marry|to be married|to get married|to have (?:an? )?(?:arranged )?marriage|married off)"
        r"|\bmarry (?:a man|a woman|someone|my cousin|an older|a stranger|him)\b[^.]{0,20}\b(?:do not|never|did not|have to|against)"
        r"|\bmarry (?:a man|a woman|someone) (?:i|she|he) (?:do not|does not|did not|has never|have never)"
        r"|\b(?:get|have|had|getting|having|be|being) (?:me|her|my \w+|the girl|them)? ?(?:cut|circumcised)\b(?! (?:my|her|his) hair)"
        r"|\bfgm (?:done|on (?:me|her|my))|\b(?:have|get|do) fgm\b|\bto have fgm"
        r"|\b(?:shame|shamed|dishonour|honour)\b[^.]{0,40}\b(?:beat|hit|kill|hurt|punish|lock)"
        r"|\b(?:beat|hit|kill|hurt|punish|lock)\w*\b[^.]{0,60}\b(?:shame|dishonour|family honour|honour)\b",
        _topic_veto,
    ),
    # --- exploitation -----------------------------------------------------------------
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        r"\b(?:make|makes|made|making|have to|had to|got me|get me|force me|forced me|tell me to|told me to|send me|sends me)"
        r" (?:\w+ ){0,2}?(?:hold|carry|carrying|sell|selling|deliver|take parcels|drop|run|running|stash|keep|move|plug|plugged|deal|dealing)\b"
        r"|\b(?:hold|keep|stash|hide|hiding|holding|keeping) (?:stuff|things|drugs|packages|parcels|it|bags|a bag|weed|a phone)"
        r"(?: \w+){0,3} for (?:them|him|her|people|some)"
        r"|\bowe (?:them|him|her|people|some people|these people|a dealer|\w+ guys)\b(?! (?:an apology|a favour|a thank))"
        r"|\bowe (?:them |him )?(?:\d+|£\d+|money|a lot|loads)|\bwork (?:it|the debt) off\b|\bdebt bond"
        r"|\b(?:running|run|ran|doing) (?:lines|county|a line|the line|county lines|cl)\b|\bon (?:the|a) line\b|\bgot plugged|\bplugging\b"
        r"|\b(?:send|sends|sent|take|takes|took) (?:me|us|him|her) (?:out of town|to other towns|to another town|to other cities|on the train to)"
        r"|\btake parcels|\bcarry parcels|\btrap house\b"
        r"|\b(?:older|grown) (?:lads|men|man|guys|boys|boy|blokes|people)\b[^.]{0,60}\b(?:give|gives|gave|giving|buy|buys|bought|take|takes|took|pick|picks|picked|drive|drives|make|makes)"
        r"|\b(?:give|gives|gave|giving|buy|buys|bought|buying) (?:me|us|her|him|my \w+) (?:and my friends )?(?:\w+ )?(?:vodka|alcohol|drink|weed|drugs|cigarettes|fags|money|cash|trainers|gifts|presents|a phone|phones|things|stuff)"
        r"[^.]{0,40}\b(?:meet|flat|house|car|party|parties|sleep|sex|want|older|owe|deliver|sell)"
        r"|\b(?:is|he is|she is|they are|man is|guy is) (?:2\d|3\d|4\d|5\d|in his (?:20s|30s|40s|twenties|thirties|forties))\b"
        r"|\bmen in (?:their|his) (?:20s|30s|40s|twenties|thirties|forties)|\ba man in his (?:twenties|thirties|20s|30s)"
        r"|\b(?:met|meet) (?:a|this|some) (?:man|guy|older|person)[^.]{0,30}\b(?:online|on snap|on insta|on tiktok|on an app|in a game)"
        r"[^.]{0,60}\b(?:meet|buy|send|wants|older|\d\d)"
        r"|\bmature for (?:my|her|his|your) age|\bnot to tell (?:my|her|his|your|anyone|any one|no one)\b(?![^.]{0,30}\b(?:present|surprise|party|birthday|gift|christmas)\b)|\bour (?:little )?secret\b"
        r"|\b(?:delete|deleting) (?:the|our|their|his|her|these|all the) (?:chats|messages|texts|conversations)"
        r"|\bsecond phone|\bextra phone|\bburner\b|\b(?:a|another) phone (?:that )?(?:i|he|she) (?:has|have) to answer"
        r"|\bgive me a phone\b|\bgave me a phone\b"
        r"|\b(?:took|take|takes|taken|drove|drive|drives) (?:me|us|him|her) to (?:a|an|their|his|some) (?:house|flat|hotel|trap)\b[^.]{0,40}\b(?:another|other|different) (?:town|city|area|county)"
        r"|\b(?:made|make|makes|making) (?:me|us|him|her) (?:stay|work|go|travel)\b[^.]{0,30}\b(?:sell|deal|drugs|there|for them)"
        r"|\bowe (?:this|that|a|some|these|those) (?:\w+ )?(?:guy|guys|man|men|lad|lads|boys|people|dealer|dealers|gang)"
        r"|\b(?:do|doing|did) (?:a|some) (?:job|jobs|run|drop|drops|favour) for (?:him|them|her|these|those|some)"
        r"|\b(?:1[0-7]|1[0-7] year old|1[0-7] yr old)\b[^.]{0,50}\b(?:2\d|3\d|4\d|5\d) (?:year old|yr old|yo)\b"
        r"|\b(?:arrested|found|picked up|stopped) in (?:another|a different) (?:town|city|county|area|force area)"
        r"|\b(?:picked up|collected|driven around|driven off|taken away) by (?:older )?(?:men|guys|a man|lads|strangers|older \w+)"
        r"|\b(?:older|grown) (?:men|guys|man|lads) in (?:cars|a car|vans)"
        r"|\btaken to (?:parties|flats|houses|hotels|parks) by (?:older|grown|adult) \w+"
        r"|\b(?:sent|sending|send) (?:me |us |him |her )?to (?:different|other|another|new) (?:towns|cities|places|areas|town|city)"
        r"|\b(?:is|been|started|keeps|he is|she is) dealing\b|\b(?:loads of|lots of|wads of|large amounts of|rolls of) (?:cash|money)\b"
        r"|\bstaying with (?:people|men|someone|strangers|a man|older \w+) (?:i|she|he|they) (?:met|do not know|does not know|hardly know)"
        r"|\bsleep with (?:his|her|their) (?:mates|friends)|\b(?:sold|passed around|pimped)\b"
        r"|\bnew (?:trainers|clothes|phone)[^.]{0,30}\b(?:money|cash)\b[^.]{0,40}\b(?:will not|won't|does not|not) say"
        r"|\b(?:used|being used) (?:by (?:a gang|gangs|older \w+|dealers|them) )?to (?:sell|deal|carry|move|run) (?:drugs|stuff|things)"
        r"|\b(?:deal|dealing|sell|selling|running) drugs for\b"
        r"|\b(?:young|little) girls (?:going|coming|in and out)"
        r"|\bmen (?:keep |always )?(?:coming|going) (?:to|round|in and out)"
        # an older person inviting a child away; asking for pictures; lying about age
        r"|\bolder (?:\w+ )?(?:boyfriend|man|men|guy|guys|lad|lads|boys?|girlfriend|woman)\b[^.]{0,40}"
        r"\b(?:wants?|asked|asks|keeps asking|invited|invites|told|tells|wanted) (?:me|us|her|him|my \w+) to (?:go|come|meet|stay|sleep|get in)\b"
        r"|\b(?:keeps? asking|asks?|asked|asking|wants?|wanted|begging|begs|pressuring|pressures|pushing) (?:me |her |him |my \w+ )?(?:for|to send|to take)(?: (?:him|her|them|me))? "
        r"(?:\w+ )?(?:pics|pictures|photos|nudes|snaps|selfies|pic|photo|picture)\b(?! of (?!(?:me|you|yourself|myself|her|him)\b))"
        r"|\bsays (?:he|she) is 1\d\b[^.]{0,30}\bolder\b|\blied about (?:his|her) age\b|\bolder than (?:he|she) (?:says|said)\b"
        r"|\b(?:they|he|the men|older \w+|some \w+|a man|men) (?:take|takes|took|drive|drives|drove) (?:me|us|her|him|my \w+) (?:to|round) (?:flats|houses|hotels|parties|a flat|a hotel|their flat|his flat|different flats)"
        r"|\b(?:flat|flats|house|party|parties|hotel)\b[^.]{0,30}\b(?:there are|with|full of) (?:older |grown )?(?:men|guys|older lads)\b"
        r"|\b(?:trainers|clothes|phones?|cash|money|gifts|jewellery|stuff|things)\b[^.]{0,40}\b(?:will not|does not|not|refuses to|never) (?:say|tell (?:me|us)) (?:where|who)\b"
        r"|\b(?:man|men|guy|guys|bloke|lads?|woman)\b[^.]{0,40}\b(?:waits?|waiting|hangs? around|hanging around|parks?|parked|watches|watching)\b"
        r"[^.]{0,20}\b(?:outside|near|by|round|at) (?:the )?(?:school|park|youth club|gates|school gates)\b[^.]{0,15}\bfor (?:the )?(?:\w+ ){0,2}?(?:girls|boys|kids|children|pupils)\b"
        r"|\b(?:man|men|guy|guys|bloke|lads?|someone|friend|boyfriend|girlfriend)\W{0,2} in (?:his|her|their) (?:20s|30s|40s|50s|twenties|thirties|forties|fifties)\b"
        r"|\bpay (?:him|her|them|it|me|us) back\b[^.]{0,20}\b(?:other ways|another way|in kind|some other way|favours?)\b"
        r"|\b(?:turned up|found|picked up|stopped) in (?:[A-Za-z]+)\b[^.]{0,30}\b(?:phone|cash|money|drugs|cuts|injuries)\b[^.]{0,30}\b(?:will not|can not|does not|not) (?:explain|say)",
        _topic_veto,
    ),
    (
        "exploitation",
        "describes grooming or exploitation of a named person",
        r"\b(?:groomed|grooming me|grooming her|grooming him|being exploited|sexually exploited|criminally exploited"
        r"|been trafficked|being trafficked|exploiting (?:me|her|him|my))\b",
        _keyword_veto,
    ),
    # --- radicalisation ---------------------------------------------------------------
    (
        "radicalisation",
        "describes someone being drawn into violent extremism",
        r"\b(?:join|joining) (?:his|their|the|a|them) (?:group|cause|fight|army|jihad|movement)\b[^.]{0,30}(?:fight|war|kill|attack)?"
        r"|\bgo(?:ing)? (?:to )?fight (?:abroad|in|for|overseas)|\b(?:go|going|travel|travelling|move) to (?:syria|iraq|afghanistan)\b|\bmake (?:a|an) (?:bomb|explosive|ied)\b"
        r"|\bkill(?:ing)? (?:people|all|the) (?:who|that) (?:are not|aint|is not) like us"
        r"|\b(?:wants? to|going to|talking about|talks about|talked about) (?:kill|killing|attack|attacking|bomb|bombing|shoot|shooting) "
        r"(?:muslims|jews|immigrants|people|them all|everyone|the school|a school|police|black people|white people|christians|infidels)"
        r"|\bextremist (?:forums|videos|stuff|groups|sites|content|chats|propaganda|material)\b"
        r"|\b(?:far right|far-right|jihadi|isis|nazi|neo-nazi|incel) (?:stuff|videos|forums|content|groups|chats|material|propaganda)\b"
        r"|\brace war\b|\bschool shoot\w*"
        r"|\b(?:how to )?(?:make|making|build|building) (?:\w+ ){0,3}?(?:that|which) (?:explodes?|blows? up|goes off)\b"
        r"|\bhow to (?:make|build) (?:a |an )?(?:bombs?|explosives?|pipe bombs?|guns?)\b",
        _topic_veto,
    ),
    # --- neglect ----------------------------------------------------------------------
    (
        "neglect",
        "describes a child left without care",
        r"\b(?:no|never any|not any|not enough|hardly any) food (?:in|at) (?:the|our|my|their|his|her) (?:house|home|flat|place)"
        r"|\bno food (?:at|in) (?:home|the fridge|the cupboards?)\b|\b(?:has not|have not|not) been (?:back|home) (?:since|for)\b|\bthere is never any food\b"
        r"|\b(?:we|i|they|she|he) (?:do not|does not|never) (?:have|get) (?:any |enough )?(?:food|dinner|meals|breakfast|clean clothes)"
        r"|\b(?:have|has|had|got) (?:no|not enough) (?:food|money for food|clean clothes|electric|heating)"
        r"|\bnever (?:washes|cleans|washed|feeds|fed) (?:our|my|their|his|her|us|me|them)"
        r"|\b(?:we|i|they|he|she) (?:smell|stink)\b|\b(?:always|often|constantly) (?:dirty|smelly|unwashed|filthy)"
        r"|\b(?:is|are) never (?:home|in|there|around)\b|\b(?:out|away|gone) all (?:night|weekend|day and night)"
        r"|\bfeed (?:ourselves|myself|themselves)\b"
        r"|\b(?:look after|mind|care for) (?:my|our) (?:\w+ ){0,2}?(?:brothers?|sisters?|siblings)\b[^.]{0,20}\b(?:all night|all day|while|when)\b[^.]{0,30}\b(?:out|away|drunk|asleep|in bed)"
        r"|\b(?:leaves|left|leave|leaving) (?:\w+ ){1,3}?with (?:strangers|anyone|random people|people (?:she|he) (?:hardly|does not) know)"
        r"|\bso (?:she|he|they) can (?:use|score|drink|get high|go out drinking)\b"
        r"|\bspends? (?:all )?(?:the|her|his|their|our) (?:money|benefits|wages) on (?:drink|drugs|booze|alcohol|gambling|weed)"
        r"|\b(?:does not|do not|never) buy (?:any |enough )?food\b"
        r"|\b(?:look after|mind) (?:my|our) (?:\w+ ){0,2}?(?:brothers?|sisters?|siblings)\b[^.]{0,15}\b(?:every night|all night|all day|every day|every weekend)"
        r"|\b(?:always|constantly|often|so|really) (?:hungry|starving)\b(?! for)|\bnot being fed\b|\b(?:do not|does not|never) (?:get )?fed\b"
        r"|\b(?:not|never|have not|has not|had not) (?:had|eaten|got) (?:a proper meal|a meal|anything to eat|any food|food|dinner)\b"
        r"|\b(?:left|leaves|leave|leaving) (?:me |us |them |him |her |(?:the|our|my|their|his|her) (?:\w+ ){0,3}?)?"
        r"(?:alone|on (?:my|our|their|his|her) own|home alone|by (?:myself|ourselves|themselves))"
        r"(?! (?:in the waiting|for (?:a few|ten|five|\d+) minutes))(?:[^.]{0,40}\b(?:every|all (?:day|night|weekend)|at night|nights|overnight|for hours|for days|weekend|while|when|goes out|go out|drinking|and))?"
        r"|\b(?:leaves|left|leave) (?:me|us) to (?:look after|care for|mind)"
        r"|\b(?:is|are) (?:always |often )?left (?:alone|on their own)"
        r"|\b(?:left|leaves|leave) (?:us|me|them) (?:\w+ ){0,3}?for days\b"
        r"|\b(?:mum|dad|parents?|mother|father|she|he) (?:is |are )?(?:always |often )?(?:drunk|high|off (?:her|his|their) face|wasted|out of it|passed out)"
        r"|\b(?:drinks|drinking|using|smoking|on drugs) (?:all day|all the time|every day|every night)"
        r"|\b(?:mum|dad|parents?|mother|father) (?:is|are) (?:using|on|taking|doing) (?:drugs|crack|heroin|smack|coke|spice)"
        r"|\bliving in (?:filth|squalor|dirt|a state|rubbish)|\b(?:dirty|filthy|smelly) clothes\b|\bno clean clothes\b"
        r"|\b(?:poo|poop|dog mess|rubbish|needles) (?:all )?(?:over|on) (?:the|our|their) (?:floor|house|flat)"
        r"|\bno (?:electric|electricity|heating|gas|hot water)\b"
        r"|\b(?:no one|never|does not|do not) (?:takes?|take) (?:me|us|him|her) to (?:the )?(?:doctor|dentist|hospital|school)"
        r"|\b(?:no one|nobody) (?:looks after|cares for|feeds|comes|checks on) (?:me|us|them|him|her|the baby|the kids)?"
        r"|\b(?:cries|crying|screams|screaming) for hours\b"
        r"|\b(?:toddler|baby|little boy|little girl|kids|children|child)\b[^.]{0,40}\balone at (?:\d|night|midnight)"
        r"|\bnever goes to school\b|\bnot been to school for (?:weeks|months)"
        # a carer who drinks or forgets the children; nobody feeding them; food only at school
        r"|\b(?:mum|dad|parents?|mother|father|stepdad|stepmum) (?:(?!never|rarely|not|hardly|does|do|only|sometimes|occasionally)\w+ )?"
        r"(?:drinks|drink|is drinking|are drinking|takes drugs)\b(?![^.]{0,20}\b(?:tea|coffee|water|milk|juice|squash|pop|decaf|smoothies?)\b)"
        r"|\b(?:mum|dad|parents?|mother|father|stepdad|stepmum|she|he)\b(?: \w+){0,3} forgets? (?:about )?"
        r"(?:us|me|to feed (?:us|me|them|the kids|the baby|the children)|to pick (?:us|me) up|we exist)\b"
        r"|\b(?:no one|not|never|rarely|hardly ever)\b(?: \w+){0,3} (?:fed|feeds|feed) (?:us|me|them|him|her|the \w+|(?:my|our) (?:\w+ ){0,2}?"
        + _RELATION
        + r")\b"
        r"|\b(?:never|not|rarely|hardly ever) (?:seem to be |seems to be |been |being |get |gets |getting )?fed\b(?! up)"
        r"|\b(?:have not|has not|had not|not|no one has) (?:had|got|have|eaten) (?:any )?(?:food|electric|electricity|heating|gas|hot water|power|anything to eat|a meal)\b(?! bank)"
        r"|\bnot eaten (?:since|for)\b(?![^.]{0,40}\b(?:bug|virus|flu|sick|ill|poorly|operation|surgery|tonsils|fasting|ramadan|appetite)\b)|\b(?:only|just) (?:get|gets|have|has|eat|eats|get fed|gets fed) (?:\w+ )?(?:food|meals?|dinner|lunch|fed)? ?(?:at|from) (?:school|nursery|breakfast club|the food bank)"
        r"|\b(?:go|goes|went|going|sent) to (?:bed|school) hungry\b|\bout (?:at|till|until) all hours\b|\bout (?:on the streets? )?(?:till|until) (?:midnight|\d+ ?(?:am|in the morning))"
        r"|\b(?:in|wearing) (?:just |only )?(?:t shirts?|t-shirts?|shorts|pyjamas)\b[^.]{0,20}\b(?:cold|freezing|snow|winter|rain)",
        _about_others_in_general,
    ),
    # --- fear ---------------------------------------------------------------------------
    (
        "afraid",
        "says they are afraid of someone or of going home",
        r"\b(?:scared|afraid|frightened|terrified|petrified|fear|feared|fearing|scare)\b (?:\w+ ){0,2}?(?:to go|of going|to be|to stay|to return) (?:back )?home"
        r"|\b(?:scared|afraid|frightened|terrified|petrified)\b (?:of|for) (?:my life|our lives|my safety|(?:my|her|his|our) \w+|him|her|them|dad|mum|step\w+|(?:my|her|his|our|their) \w+|what (?:he|she|they) (?:will|might|would|could))"
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
    ),
    # --- missing, running away, homeless ---------------------------------------------
    (
        "missing",
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\b(?:is|are|has gone|have gone|has been|went|keeps going|goes|go|gone|been|is going|are going) missing\b(?! out)"
        r"|\b(?:run|ran|running|runs) away(?! from (?:the |my )?(?:problem|meeting|responsib|dentist|doctor|nurse|injection|jab|spider|exam|homework))|\b(?:i|we) (?:have )?left home\b"
        r"|\btold (?:me|us|him|her) to (?:get out|leave|go|pack)\b[^.]{0,20}(?:not come back|never come back|and not)?"
        r"|\b(?:living|sleeping|staying) in (?:a|the) (?:tent|car|hostel|squat|park|stairwell|bus station|garage|shed)"
        r"|\b(?:will not|would not|refuses to|does not) come (?:back )?home\b|\b(?:going to|want to|will) run away\b"
        r"|\b(?:kicked|thrown|chucked) (?:me |us |him |her )?out\b|\bnowhere (?:to (?:go|sleep|stay|live)|safe)\b"
        r"|\bsleeping (?:rough|on the streets?|in (?:a|the) (?:park|car|street)|outside|at (?:a|my) (?:mates|friends))"
        r"|\bsofa surf\w*|\b(?:i am|we are) homeless\b"
        r"|\b(?:can not|could not|not allowed to) go (?:back )?home\b(?! (?:early|before|until|till|for lunch|on time|at lunch))"
        r"|\bnot going back (?:there|home)\b|\b(?:did not|has not|have not) (?:come|came|been) home\b"
        r"|\bnot been seen since\b|\b(?:no one|nobody) knows where (?:she|he|they) (?:is|are)",
        _about_others_in_general,
    ),
    # --- shapes found by blind batches F and G: the same harms said without the usual verbs
    (
        "danger",
        "says a violent person is coming or has found them",
        r"\b(?:he|she|they|my ex|ex|dad|stepdad|boyfriend|partner|husband) (?:is |are |keeps )?(?:parked|sitting|waiting|standing|hanging around)"
        r" outside (?:my|our|the) (?:house|flat|door|home|work)\b"
        r"|\b(?:he|she|they|my ex) (?:knows|know) where (?:we|i|the kids|the children|my \w+|our \w+) (?:live|lives|are|is|stay|go|goes|work)\b",
        _danger_veto,
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        r"\b(?:handsy|touchy(?: feely)?) (?:with|around) (?:me|us|her|him|my \w+)|\bhands all over (?:me|us|her|him|my \w+)"
        r"|\b(?:pillow|cushion|hand|hands|bag|cloth|towel|coat|blanket) (?:over|on) (?:my|her|his|our|their) (?:face|mouth|nose|head)\b"
        r"|\b(?:till|until) (?:i|she|he|we) (?:could not|can not|could hardly) breathe\b"
        r"|\b(?:did|does|do|done|doing|tried|tries) (?:things|stuff|sexual things|bad things) to (?:me|us|her|him|my \w+)"
        r"|\b(?:makes?|made|making) (?:me|her|him) (?:delete|block|unfriend|stop seeing|drop|cut off) (?:all )?(?:my|her|his) (?:friends|family|mates)"
        r"|\b(?:is|was) (?:the reason|why) (?:i|she|he|we) (?:have|has|had|got) (?:scars|bruises|marks|injuries|a scar|burns)\b"
        r"|\b(?:boyfriend|girlfriend|partner|husband|wife|ex)\b(?: \w+){0,4} (?:tracks? (?:me|her|him)|reads? (?:all )?(?:my|her|his) (?:messages|texts|emails|phone))"
        r"|\b(?:he|she|boyfriend|girlfriend|partner|husband|wife|ex)\b(?: \w+){0,6} checks? (?:where|who) (?:i|she|he|we) (?:am|is|are|go|goes|talk|talks|see|sees|text|texts)\b",
        lambda text, match: _about_others_in_general(text, match) or _harm_veto(text, match),
    ),
    (
        "afraid",
        "says they are afraid of someone or of going home",
        r"\b(?:every time|whenever|when|each time)\b[^.]{0,40}\b(?:think|thought|worry|worried|scared|afraid|terrified) (?:it is|its|it will be|that it is) (?:him|her|them)\b"
        r"|\bso (?:i|we) (?:do not|will not) have to (?:be at home|go home|be in the house|be in|see (?:him|her|them|my \w+))\b"
        r"|\b(?:put|putting|puts) off going home\b|\bavoid (?:going|being) (?:at )?home\b"
        r"|\b(?:lie|lay|lying|stay|staying) awake\b[^.]{0,40}\b(?:in case|listening (?:for|in case|out for)) (?:he|she|they|dad|mum|step\w+|my \w+)"
        r"|\bin case (?:he|she|they|dad|mum|step\w+) (?:comes|come|gets|wakes|is)\b"
        r"|\b(?:cries|cry|crying|screams|panics|wets the bed|wetting the bed|is sick|refuses|begs not)\b[^.]{0,40}\b(?:has to|have to|had to|is meant to) (?:go (?:to|back to)|see|stay (?:at|with)|visit) (?:his|her|their|my) (?:dads?|mums?|fathers?|mothers?|step\w+)\b",
        _fear_veto,
    ),
    (
        "self_harm",
        "mentions suicide or self-harm",
        r"\b(?:wrote|written|writing|write) (?:letters|notes|goodbye \w+|a letter|a goodbye \w+) (?:to|for) (?:everyone|my family|my mum|my dad|all|my kids)\b"
        r"|\b(?:looking|look|looks|stare|staring|thinking) (?:at|about) (?:the )?(?:train tracks|railway line|tracks|edge of the|bridge|cliff edge)\b"
        r"|\b(?:stand|standing|stood|sit|sitting|sat)\b (?:at|on) (?:the )?(?:edge|top) of (?:the |a )?(?:platform|bridge|roof|cliff|car park|building)\b"
        r"|\bunder (?:the )?(?:bath )?water\b[^.]{0,25}\b(?:how long|until|till)\b"
        r"|\b(?:happier|better|easier|better off) without me\b(?! \w+ing\b)"
        r"|\b(?:do not|can not|not|never) see (?:the|any) point (?:in|of) (?:anything|living|life|carrying on|going on|it all|me|being here)\b"
        r"|\bend(?:ing)? things\b(?! (?:with|off with))|\b(?:gave|giving|given|give) away (?:all )?(?:his|her|my|their) (?:stuff|things|belongings|possessions)",
        _self_harm_veto,
    ),
    (
        "neglect",
        "describes a child left without care",
        r"\b(?:mum|dad|parents?|mother|father|she|he) (?:sleeps|is asleep|is in bed|stays in bed|lies in bed) all day\b(?![^.]{0,30}\b(?:nights?|night shifts?|ill|poorly|chemo|surgery|operation)\b)"
        r"|\b(?:fridge|cupboards?) (?:is |are )?(?:always |often |just )?(?:empty|bare)\b(?![^.]{0,12}\b(?:because|as|until|till|before|when) (?:we|i|mum|dad|it is|shopping)\b)"
        r"|\bno one (?:goes|comes|picks \w+ up|goes in) to (?:her|him|them|the baby|the kids)\b|\bcries and cries\b"
        r"|\b(?:mum|dad|mother|father|parent|carer)\b[^.]{0,12}\b(?:unconscious|collapsed|passed out|unresponsive)\b"
        r"|\b(?:looks?|looking) (?:so |really |very |too )(?:thin|skinny|underweight)\b"
        r"|\b(?:not|have not|has not|had not) (?:eaten|had a meal|had food|had anything to eat)(?: properly| much| anything)? (?:in|for) (?:days|\d+ days|two days|three days|ages|a week)\b"
        r"(?![^.]{0,25}\b(?:bug|virus|flu|sick|ill|poorly|operation|surgery|tonsils|fasting|ramadan|appetite)\b)",
        _about_others_in_general,
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        r"\b(?:guy|man|someone|person|he|she|they)\b[^.]{0,40}\b(?:sends?|sent|gives?|gave) (?:me|her|him|my \w+) (?:money|cash|gift cards?|robux|v ?bucks|credit|top ?ups?)\b"
        r"|\b(?:met|meet|talking to|talks to|chatting to)\b[^.]{0,30}\b(?:online|on a game|on snap|on insta|on tiktok|on discord|on an app)\b[^.]{0,60}\b(?:wants? to meet|meet up|come and get|pick (?:me|her|him) up)"
        r"|\bor (?:they|he|she) (?:say|says|said) (?:(?:i|we|you|she|he) (?:will|would)|ill|youll|shell) get (?:hurt|it|done|beaten|stabbed|battered|jumped)"
        r"|\b(?:wanted|wants|asked|asks|tried to get|told|tells|offered) (?:me|us|her|him|my \w+) (?:to )?(?:get in|get into) (?:his|their|a|the|her) (?:car|van)\b"
        r"|\b(?:getting|gets|got|get) (?:in|into) (?:cars|vans|a car|people's cars)\b[^.]{0,30}\b(?:with|of) (?:lads|men|people|guys|strangers|adults|older)"
        r"|\b(?:with|by) (?:men|lads|people|adults|guys|someone) (?:we|she|he|i) (?:do not|does not|did not) know\b"
        r"|\b(?:they|people|someone|a gang|these \w+|some \w+|older \w+|men|lads)\b(?: \w+){0,2} (?:use|uses|used|using) (?:my|her|his) (?:bank )?(?:account|bank card)\b"
        r"|\btelling (?:me|her|him) (?:he|she) loves (?:me|her|him)\b|\bnot to tell (?:us|me|mum|dad|her mum|his mum|her dad|his dad|my mum|my dad)\b(?![^.]{0,30}\b(?:present|surprise|party|birthday|gift|christmas)\b)"
        r"|\b(?:money|cash|phone|phones|trainers|clothes)\b[^.]{0,20}\b(?:can not|could not|will not|does not|refuses to) (?:account for|explain)\b"
        r"|\b(?:man|men|guy|neighbour|he|bloke)\b[^.]{0,40}\b(?:asking|asks|asked|invites|invited|invite|wants|wanted|tries to get|tried to get) "
        r"(?:our|my|the|her|his) (?:\w+ )?(?:daughter|son|girl|boy|kids|children) (?:to )?(?:come|go|get) (?:in|inside|into|round|back)\b[^.]{0,15}\b(?:his|their) (?:house|flat|car|van|place|room)\b"
        r"(?! to (?:help|do|fix|feed|walk|mow|play with (?:his|their) (?:kids|grandkids)))"
        r"|\b(?:picked up|collected|driven) (?:\w+ ){0,2}?by (?:unknown|different|various|strange|random) (?:adults|men|people|cars|drivers|lads)\b",
        _topic_veto,
    ),
    (
        "radicalisation",
        "describes someone being drawn into violent extremism",
        r"\b(?:attack|bomb|burn down|blow up|shoot up) (?:the|a|that|this) (?:mosque|synagogue|church|temple|gurdwara|refugee)",
        _topic_veto,
    ),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        r"\b(?:i|you) (?:had )?better watch (?:it|myself|yourself|my back|your back)\b|\b(?:said|says|told (?:me|us)|texts?|texted|messaged)\b[^.]{0,30}\bbetter watch out\b",
        _about_others_in_general,
    ),
    (
        "missing",
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\btold (?:me|us|him|her) not to come (?:back|home)\b|\bstaying (?:at|in) (?:different|other) (?:people'?s? )?(?:houses|places|flats)\b"
        r"|\bsleeping (?:in|at|under) (?:a|the) (?:\w+ )?(?:shelter|doorway|station|stairwell|underpass|bridge|alley|tent|car park|bin store)\b"
        r"|\b(?:i am|we am|we are) not going (?:back )?home\b(?! (?:until|till|yet|early|for))"
        r"|\bran off with (?:her|his|a|an|some|this) (?:\w+ )?(?:boyfriend|girlfriend|man|guy|older \w+)\b"
        r"|\b(?:will not|does not|not) answer(?:ing)? (?:her|his) phone\b",
        _about_others_in_general,
    ),
    (
        "help",
        "asks for help",
        r"\b(?:someone|somebody|anyone) (?:please )?tell (?:me|us) what to do\b"
        r"|\b(?:talk|speak) to (?:someone|somebody|anyone|an adult) (?:in private|privately|alone|in confidence|without (?:my|them|him|her))",
        _no_veto,
    ),
    # --- asking for help ----------------------------------------------------------------
    (
        "help",
        "asks for help",
        r"\b(?:please help|help me|help us|someone help|somebody help|anyone help|please can someone help|need help"
        r"|help my (?:family|child|son|daughter|kids|mum|sister|brother))\b",
        _need_veto,
    ),
    (
        "help",
        "asks for someone to talk to or tell",
        r"\bneed (?:someone|somebody|some one) to (?:talk|speak) to\b|\bneed to tell (?:someone|somebody|some one|an adult)"
        r"|\b(?:do not|dont) know who to tell\b|\bneed to get out\b|\bneed (?:a )?refuge|\brefuge (?:space|place|tonight)\b"
        r"|\bcan not keep (?:him|her|them|myself|my \w+) safe\b",
        _no_veto,
    ),
    (
        "help",
        "asks for someone to talk to or tell",
        r"\bneed to (?:talk|speak) to (?:someone|somebody|some one|an adult|anyone)\b(?![^.]{0,25}\babout (?:my|the|a|our) (?:referral|form|application|appointment|complaint|bill|order|benefits|housing|careers?|options))"
        r"|\bneed (?:a |somewhere )?(?:safe )?(?:place|somewhere|bed|room|space|house)(?: safe)?(?: to (?:stay|go|sleep))? (?:tonight|now|today|right now)\b"
        r"|\b(?:i|we) need (?:a |somewhere )?safe (?:place|house|space)?(?: to (?:stay|go|sleep))? ?(?:tonight|now|today|for (?:me|us|the night)|away from)\b"
        r"|\b(?:someone|somebody|anyone|any one) (?:please )?(?:message|text|reply to|answer|call|ring|talk to|contact|get back to) (?:me|us)\b"
        r"|\b(?:i am|i am really|i am just|i am so) not (?:ok|okay|alright|all right|coping|safe)\b(?! (?:with|about|that|if))",
        _need_veto,
    ),
    # --- shapes found by blind batch H: the same harms said in plainer or more indirect words
    (
        "danger",
        "says a violent person is coming or has found them",
        r"\b(?:has|have|had) (?:just )?(?:broken|broke|forced (?:his|her|their) way|smashed (?:his|her|their) way|kicked (?:the|our|my) door) in\b"
        r"|\bjust (?:broke|broken|forced (?:his|her|their) way|smashed (?:his|her|their) way) in\b"
        r"|\b(?:is|are) (?:breaking|trying to break|forcing (?:his|her|their) way) in(?:to)?\b",
        _danger_veto,
    ),
    (
        "self_harm",
        "mentions suicide or self-harm",
        r"\b(?:hope|hoping|pray|praying|wish) (?:i|that i) (?:do not|will not|never|would not|did not) wake up\b"
        r"|\b(?:go to sleep|sleep|go away|disappear|fall asleep) and never (?:come back|wake up|return)\b"
        r"|\b(?:stood|standing|stand|went|go|going|sat|sitting|climbed|walked) (?:on|to|up|at|onto|along|by) (?:the |a )?(?:bridge|roof|cliff|edge|platform|railway|tracks|top of the car park)\b"
        r"[^.!?]{0,50}\b(?:(?:thought|thinking|think) about (?:it|jumping|doing it|ending it)|wanted to (?:jump|do it|end it)|(?:nearly|almost) (?:jumped|did it|went)|could not do it|did not do it)\b"
        r"|\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|researching) (?:\w+ )?(?:ways|how|methods?) to "
        r"(?:die|kill myself|end it|end my life|do it (?:quietly|painlessly|without)|not wake up|overdose)"
        r"|\bpainless (?:ways?|methods?) to\b"
        r"|\b(?:written|wrote|writing|write|left|leaves) (?:a |some |his |her |my )?goodbye (?:letters?|notes?)\b"
        r"|\b(?:found|hidden|hid|hiding|keeps) a (?:noose|ligature)\b|\b(?:rope|noose|ligature) (?:in|under) (?:his|her|my) (?:room|bed|wardrobe|drawer)"
        r"|\b(?:slashes|gashes|cuts?) (?:on|all over|all up|up|down|all down|across) (?:my|her|his|their) (?:wrists?|thighs?|arms?|legs?|stomach|tummy)\b"
        r"(?![^.!?]{0,30}\b(?:fell|falling|fall|bike|football|rugby|playing|accident|cat|dog|brambles|glass|shaving|eczema)\b)"
        r"|\b(?:plans?|planning|planned|going|wants?|wanted|tried|trying) to take (?:my|his|her|their) (?:own )?life\b(?! (?:in|into|back|forward|to|on|around|seriously|in hand))"
        r"|\btake (?:his|her|their) (?:own )?life\b(?! (?:in|into|back|forward|to|on|around|seriously|in hand))",
        _self_harm_veto,
    ),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        r"\b(?:only way|way) (?:i|you|she|we) (?:leave|get out|go)\b[^.!?]{0,20}\bin a (?:box|body bag|coffin)\b"
        r"|\b(?:end up|leave|leaving|go out|carried out|come out)(?: (?:of )?(?:this|the|here|that) (?:house|flat|place|relationship))? in a (?:box|body bag|coffin)\b"
        r"|\b(?:flights?|plane tickets?|passports?|abroad|out of the country)\b[^.!?]{0,40}\b(?:kids|children|baby|son|daughter)\b[^.!?]{0,40}"
        r"\b(?:lose them|lose (?:him|her)|never see|not see|will not (?:bring|come) (?:them |him |her )?back|not coming back)"
        r"|\b(?:kids|children|baby|son|daughter)s? (?:passports?|tickets?)\b[^.!?]{0,40}\b(?:lose them|never see|not see|will not (?:bring|come) (?:them |him |her )?back|not coming back)",
        _threat_veto,
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        # entering a child's sleeping place or bath
        r"\b(?:creeps?|creeping|crept|sneaks?|sneaking|snuck|climbs?|climbing|climbed|gets?|getting|got|comes?|coming|came) (?:in|into|in to) "
        r"(?:where (?:i|she|he|we) (?:sleep|sleeps)|bed with (?:me|her|him|us)|my bed|her bed|his bed)\b"
        r"(?![^.!?]{0,40}\b(?:bad dream|nightmares?|poorly|ill|cuddles?|storm|thunder|scared of the dark|feeds?|feeding)\b)"
        r"|\b(?:makes?|made|making|has|have to|had to|has to|tells?|told) (?:me |her |him |us )?(?:to )?(?:sit|sleep|lie|get|stay|be|have a bath|shower) "
        r"(?:\w+ ){0,2}?(?:with (?:him|her|them) in (?:the|his|her|their) (?:bath|bed|shower)|in the (?:bath|shower) with (?:him|her|them)|in (?:his|her|their) bed\b[^.!?]{0,60}\b(?:do not like|did not like|hate|hated|scared|what happens|touch))"
        r"|\bin (?:my |his |her |the )?(?:\w+s )?bed\b[^.!?]{0,60}\b(?:do not|did not) like what (?:happens|happened|he does|she does|he did|she did)\b"
        # showing sexual material, sexual parts of the body
        r"|\bshow(?:s|ed|ing)? (?:me|us|her|him|my \w+) (?:\w+ ){0,3}?(?:videos?|pictures|pics|photos|films|clips|things|stuff)\b[^.!?]{0,30}\b(?:naked|no clothes|without clothes|sex|porn|rude|private parts|willy|willies)"
        r"|\b(?:grab\w*|touch\w*|feel\w*|squeez\w*|rub\w*|slap\w*|pinch\w*) (?:\w+ ){0,2}?(?:my|her|his) (?:bum|bottom|boobs?|breasts?|chest|private\w*|crotch|willy|penis|vagina|bits|arse|ass)\b"
        r"|\b(?:teacher|coach|tutor|instructor|leader|priest|vicar|imam|youth worker|driver|neighbour|lodger|stranger|man|uncle|stepdad|boyfriend)\b[^.!?]{0,50}\bkiss(?:es|ed|ing)? (?:me|her|him|my \w+)\b(?! (?:on the (?:cheek|head|forehead)|goodbye|good ?night|hello))"
        # holding down, making the child do or take things
        r"|\b(?:holds?|held|holding|pins?|pinned|pinning) (?:me|us|her|him|my \w+) down\b(?![^.!?]{0,30}\b(?:tickl\w+|play ?fight\w*|wrestl\w+|for (?:the|his|her|a) (?:jab|injection|vaccine|haircut|nappy)))"
        r"|\b(?:does|did|do|doing) (?:things|stuff) (?:that )?(?:i|she|he|we) (?:hate|hated|do not like|did not like|did not want|do not want)\b"
        r"|\b(?:makes?|made|making) (?:me|her|him) (?:take|send) (?:\w+ ){0,2}?(?:photos|pics|pictures|videos|selfies)\b(?! (?:of|at|for) (?:the|our|my|his|her|their) (?:\w+ )?(?:birthday|holiday|wedding|party|dog|cat|cake|garden|trip|school|family))"
        r"|(?<!\bi )(?<!\bwe )\b(?:wait|waited|waits|waiting|would wait) (?:till|until|for) (?:my |our )?(?:mum|dad|nan|gran|everyone|she|he|they|the others|\w+) (?:was|were|is|are|had|has) "
        r"(?:out|asleep|at work|gone|away|in bed|not (?:in|home|there)|left)\b[^.!?]{0,25}\b(?:then|to (?:come|touch|get|do))\b"
        # words that hurt and control
        r"|\b(?:says|said|tells|told|telling) (?:me |us )?(?:that )?(?:i am|i was|you are|i am just|i am only) (?:a mistake|worthless|a waste of space|disgusting|a slag|a slut|a burden)\b(?! (?:waiting|to (?:worry|carry)))"
        r"|\bwish(?:es|ed)? (?:i|we|you) (?:was|were) dead\b"
        r"|\b(?:tells?|told|telling) (?:the kids|the children|everyone|people|my family|my kids|social services|the school) (?:that )?(?:i am|i was) (?:mad|crazy|mental|unfit|not fit|a bad mum|a bad mother|an unfit)"
        r"|\b(?:being|been|was|were|gets?|getting|got) knocked (?:about|around)\b",
        _plain_harm_veto,
    ),
    (
        "afraid",
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
    ),
    (
        "neglect",
        "describes a child left without care",
        r"\b(?:mum|dad|parents?|mother|father|she|he|they)\b (?:\w+ )?(?:goes|go|went|is|are|disappears|disappeared|has gone|have gone) (?:out |away |off )?for (?:days|nights|whole days|the whole weekend|days at a time|\w+ days|a week|weeks)\b"
        r"(?![^.!?]{0,30}\b(?:work|business|a course|training|hospital|deployed|conference|holidays?|club|trips?|seaside|beach|walks?|walking|shopping)\b)"
        r"(?![^.!?]{0,40}\b(?:comes?|came|coming) (?:back|home) with\b)"
        r"|\b(?:take|takes|took|taking|do|does|doing|smoke|smokes|smoking) (?:stuff|drugs|gear|pills|something|spice|ket|coke|crack)\b[^.!?]{0,30}\b(?:pass out|passed out|out of it|off (?:her|his|their) faces?)"
        r"|\b(?:baby|kids|toddler|children|little \w+)\b (?:is|are|was|were|gets|get) (?:being )?left (?:crying|screaming|alone|on (?:its|her|his|their) own|in (?:the|her|his|their) (?:cot|pram|buggy) (?:all day|for hours|all night|crying|screaming))"
        r"(?! (?:in the waiting|for (?:a few|ten|five|two|\d+) (?:minutes|mins)))"
        r"|\b(?:left|leaves|leave|leaving) (?:the baby|the toddler|him|her|them|the kids|my \w+) in (?:the|his|her|their) (?:cot|pram|car|buggy|bedroom|room) (?:all day|for hours|all night|alone|on (?:her|his|its|their) own)"
        r"(?! (?:for (?:a few|ten|five|two|\d+) (?:minutes|mins)|while i))"
        r"|\bbottle propped|\bpropped (?:up )?bottle"
        r"|\b(?:have not got|not got|do not have|does not have|never had|no) (?:a |any )?(?:toothbrush|toothpaste|clean (?:pants|underwear|socks|uniform)|shoes that fit|proper bed)\b"
        r"(?![^.!?]{0,30}\b(?:so (?:we|i)|bought|got (?:him|her|one|them)|forgot|left it)\b)"
        r"|\b(?:teeth|tooth) (?:are |is )?(?:rotten|rotting|black|falling out)|\bhalf (?:his|her|their|my) teeth\b"
        r"|\b(?:has not|have not|never) (?:ever )?been to (?:a|the) (?:dentist|doctor)\b(?: ever)?"
        r"(?![^.!?]{0,40}\b(?:no (?:nhs )?dentists?|waiting lists?|(?:can|could) not get|no appointments?|no places?|not taking|list|because)\b)"
        r"|\b(?:will not|would not|refuses to|does not|never) take (?:me|him|her|them|us) to (?:the |a )?(?:doctor|dentist|hospital|gp|optician)"
        r"|\b(?:been drinking|been drunk|been high|been using|been on the drink) (?:since|for|all) (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|days|the weekend|two days|three days|yesterday)",
        _about_others_in_general,
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        r"\b(?:took|take|takes|taken|sent|send|sends|drove|drive|drives) (?:me|us|him|her|my \w+) (?:on (?:a|the) (?:train|coach|bus) )?to (?:a|some) (?:town|city|place)\b[^.!?]{0,20}\b(?:i|we|she|he) (?:had )?(?:never heard of|did not know|do not know|had never been)"
        r"|\b(?:left|kept|keep|keeps|locked) (?:me|us|him|her) (?:in|at) (?:a|their|some|this|his) (?:flat|house|trap house)\b[^.!?]{0,10}\bfor (?:days|a week|\w+ days|weeks|the weekend)"
        r"|\bon (?:a|the) train to\b[^.!?]{0,40}\b(?:left me|left us|made me|told me to)"
        r"|\b(?:guy|man|bloke|someone|he)\b[^.!?]{0,20}\bon (?:snap|snapchat|insta|instagram|tiktok|discord|roblox|fortnite|xbox|a game|online|an app|whatsapp)\b"
        r"[^.!?]{0,80}\b(?:wants?|asked|asks|keeps asking|invited|told|tells) (?:me|her|him|my \w+) to (?:come|go|meet|visit|stay)"
        r"|\bsays (?:he|she) is 1\d but\b"
        r"|(?<!\bi )(?<!\bwe )\b(?:buys?|bought|buying|gives?|gave|giving) (?:me|us|her|him|my \w+) and (?:my|her|his) (?:friends|mates) (?:\w+ )?(?:vodka|alcohol|drink|weed|drugs|cigarettes|vapes)\b"
        r"|\b(?:keep|keeps|keeping|told (?:me|her|him) to keep|telling (?:me|her|him) to keep) (?:it|this|us|them|the messages|the chats|what we do|what happens) (?:a |our )?secret\b"
        r"(?![^.!?]{0,30}\b(?:present|surprise|party|birthday|gift|christmas)\b)"
        r"|\b(?:disappear\w*|goes off|gone|missing) for (?:days|nights|hours)\b[^.!?]{0,60}\b(?:new (?:trainers|clothes|phone)|phones|cash|money)"
        r"|\b(?:doing|do|does|did) (?:jobs|a job|runs|favours) for (?:a mate|some lads|these lads|older \w+|people (?:he|she|i) (?:met|does not know|do not know))\b"
        r"(?! of (?:ours|mine|the family|his dads?|her dads?))(?![^.!?]{0,30}\b(?:garage|garden|shop|building|decorating|car wash|paper round|farm)\b)"
        r"|\bpassed (?:me|her|him|us|my \w+) (?:round|around|between)\b|\b(?:was|were|got|been|being) passed (?:round|around|between)\b",
        _topic_veto,
    ),
    (
        "radicalisation",
        "describes someone being drawn into violent extremism",
        r"\b(?:do|copy|repeat|do the same as) (?:what )?(?:that|the|this) (?:guy|man|shooter|gunman|bomber|lad) did (?:at|in) (?:the |a |that )?(?:mosque|synagogue|church|school|temple|gurdwara|concert|arena|parade|christchurch|new zealand|columbine|festival)\b"
        r"|\bpipe bombs?\b|\bdetonators?\b",
        _topic_veto,
    ),
    (
        "missing",
        "says a child is missing, has run away or has nowhere safe to stay",
        r"\b(?:slept|sleep|sleeps|stayed|spent the night|spend the night|spent last night) (?:in|at|on|under) (?:a|the) (?:park|street|streets|bus station|stairwell|shed|doorway|bench|underpass|car park|bus shelter)\b"
        r"(?![^.!?]{0,40}\b(?:camping|festival|holiday|trip|scouts|brownies|guides|dofe|expedition|residential)\b)"
        r"|\b(?:can not|could not) go back\b(?: (?:home|there))?(?! (?:to (?:school|work|college|that school|sleep)|in time|for))",
        _about_others_in_general,
    ),
    (
        "help",
        "asks for someone to talk to or tell",
        r"\b(?:is there )?(?:anyone|someone|somebody) (?:i|we) can (?:talk|speak) to\b(?: (?:today|now|tonight|please))?"
        r"(?! about\b(?! (?:what|something|things|stuff|it|this|home|my (?:dad|mum|stepdad|stepmum|boyfriend|girlfriend|family|uncle|brother|sister|partner|ex))\b))",
        _need_veto,
    ),
]
# Shapes from batch R (real public text), each with the everyday use it must let through.
_RULES += [
    (
        "self_harm",
        "mentions suicide or self-harm",
        # "how much bleach would it take to kill me"; "i am only still alive because of my friends"
        r"\bhow (?:much|many) (?:\w+ ){1,2}?(?:would|does|will|do) it take to (?:kill (?:me|myself)|die|end it)\b"
        r"|\b(?:would|does|will) it take to kill (?:me|myself)\b"
        r"|\bonly (?:alive|still alive|still here) (?:because|cos|for)\b",
        _self_harm_veto,
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        # being told you should never have been born, or that you ruined someone's life
        r"\b(?:i|you) (?:(?:should never|should not) (?:have|of)|should (?:have|of) never) been born\b"
        r"|\b(?:i was|i am|you are|you were) the worst thing (?:that )?(?:has |had |have )?(?:ever )?happened to (?:her|him|them)\b",
        _plain_harm_veto,
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        # sending pictures "of whatever he asked for"; a child of 10 to 15 and someone who says he is 18 or more
        r"\b(?:someones?|somebodys?|a man|men|older \w+|they|he)(?: \w+){0,4}? (?:is |was |were |are |kept |keeps )?offering (?:me|us|her|him) (?:this |that |free |some )?(?:stuff|things|drugs|weed|alcohol|drink|cigarettes|fags|vapes)\b"
        r"|\b(?:send|sending|sent|sends) him (?:\w+ )?(?:pictures|pics|photos|videos|images)\b[^.!?]{0,30}\b(?:what|whatever) he (?:asked|asks|wanted|wants)\b"
        r"(?![^.!?]{0,30}\b(?:quote|estimate|job|form|school|newsletter|order|repair|insurance|claim)\b)"
        r"|\b(?:i was|when i was|aged) (?:[89]|1[0-5]|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)\b"
        r"(?=.{0,250}?\b(?:met|meet|talking to|chat\w*|online|website|app|guy|man|boyfriend|party)\b).{0,250}?"
        r"\b(?:he|she) (?:told me|said|says|tells me)(?: that)? (?:he|she) (?:was|is) (?:1[89]|[2-9]\d)\b",
        _topic_veto,
    ),
    (
        "missing",
        "says a child is missing, has run away or has nowhere safe to stay",
        # "i did not know whether he was dead or alive"; "i do not want to be on the streets again"
        r"\b(?:did not|do not|does not|never) know (?:whether|if) (?:he|she|they|my \w+) (?:was|were|is|are) (?:dead or alive|alive or dead|safe)\b(?! to)"
        r"|\b(?:be|been|end up|ended up|sleep|sleeping|slept|living|live|back) (?:back )?on the streets?\b"
        r"(?! (?:campaign\w*|protest\w*|march\w*|collect\w*|fundrais\w*|patrol\w*|outreach|of|in)\b)",
        _about_others_in_general,
    ),
    (
        "neglect",
        "describes a child left without care",
        # a parent not seen for days (not for work, a holiday or hospital)
        r"\b(?:did not|do not|does not|would not|never) see (?:mum|dad|her|him|them|my \w+|our \w+) for (?:days|weeks|\w+ days)\b"
        r"(?![^.!?]{0,40}\b(?:work\w*|holiday|hospital|trip|deployed|busy|business)\b)",
        _about_others_in_general,
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        # the writer reported a child in distress: "the night i called the nspcc, the boy's screams..."
        r"\b(?:i|we) (?:called|rang|phoned|contacted|rung|reported (?:it|them|him|her) to) (?:the )?(?:nspcc|police|999|social services|childrens services)\b"
        r"(?=.{0,200}?\b(?:scream\w*|crying|cries|shouting|bruis\w*|hitting|beat\w*|hurt\w*|neglect\w*|abus\w*|left alone|hungry|filthy)\b)",
        lambda text, match: _speaks_as_professional(text) or _about_others_in_general(text, match),
    ),
]
# Shapes from batch R2 (a second round of real public text), each with the everyday use it must let through.
_TOYS = re.compile(r"\b(?:toy|water|nerf|plastic|foam|pretend|cap|bb|paintball|laser)\b")
_EXAM = re.compile(
    r"\b(?:doctor|nurse|gp|physio\w*|medical|examination|exam|x-?ray|scan|fitting|changing rooms?|swimming|pe kit|costume)\b"
)
_RULES += [
    (
        "harm",
        "describes someone hurting them or a person close to them",
        # a weapon held to a person ("put an axe to my sister's throat", "a gun pointed to my head")
        r"\b(?:put|puts|held|holds|holding|pointed|points|pointing|pressed|presses|pressing|had|has) (?:a|an|the|his|her|their) "
        r"(?:knife|gun|axe|blade|machete|weapon|pistol|rifle|shotgun|screwdriver|scissors) (?:to|at|against) "
        r"(?:me|us|him|her|them|my|our|his|her|their|mum|dad)\b"
        r"|\b(?:knife|gun|axe|blade|machete|pistol|rifle|shotgun) (?:pointed|held|pressed|put) (?:to|at|against) (?:my|her|his|our|their|me|him|us)\b"
        # held by the body or captive ("held by my ankles over a well", "kept you imprisoned in your home")
        r"|\b(?:held|holds|hung|dangled) (?:(?:me|us|her|him|my \w+) )?(?:up )?(?:by (?:my|her|his|their) (?:ankles|legs|feet|neck|throat|hair))"
        r"|\b(?:held|kept|keeping|holding|keeps|keep) (?:me|us|you|her|him|them) (?:imprisoned|prisoner|captive|hostage|locked up)\b"
        # sex with someone who could not consent or said no
        r"|\b(?:having|had|have) sex with (?:my|me|her|him)\b[^.!?]{0,20}\b(?:unconscious|asleep|sleeping|passed out|drunk|body)\b"
        r"|\b(?:he|she|they|a man|someone|somebody) (?:was|were|got|climbed) on top of (?:me|her)\b"
        r"|\bsaid '?no'? (?:to (?:sex|him|her)|but he|but she)\b[^.!?]{0,40}\b(?:pressur\w+|forced|forcing|carried on|sex|touch\w*|kiss\w*|undress\w*|held me)"
        r"|\b(?:did not|would not|never|does not|will not) let (?:me|her) say no\b"
        # being asked to undress, or to strip on camera
        r"|\b(?:asking|asked|asks|ask|wanted|wants|want|begg\w+|pressur\w+|tell\w*|told) (?:me|us|her|him|my \w+) to "
        r"(?:take (?:my|her|his|their|our|your) (?:clothes|top|shirt|bra|pants|knickers) off|undress|strip|get naked|touch (?:myself|herself|himself))\b",
        lambda text, match: (
            bool(_TOYS.search(_sentence(text, match)) or _EXAM.search(_sentence(text, match)))
            or _plain_harm_veto(text, match)
        ),
    ),
    (
        "harm",
        "describes controlling or coercive behaviour",
        # "he was very controlling, aggressive and demeaning"
        r"\b(?:he|she|(?:my|her|his) (?:\w+ )?(?:boyfriend|girlfriend|partner|husband|wife|ex|stepdad|stepmum|stepfather|stepmother))\b"
        r" (?:was|is|became|got|has been|had been|can be|could be|turned|started being|started to be) (?:\w+ ){0,2}?(?:controlling|possessive|coercive)\b"
        # "controlling" as a verb ("she was controlling the budget") is not a description of a person
        r"(?! (?:the|a|an|his|her|their|its|our|my|your|costs?|budgets?|spending|traffic|crowds?|ball|game|access|who|what|how)\b)"
        r"|\b(?:mistreat\w*|ill[- ]?treat\w*|maltreat\w*) (?:me|us|her|him|them|my \w+|our \w+)\b"
        r"|\b(?:was|were|being|been|is|are|get|gets|got) (?:mistreated|ill[- ]?treated|maltreated)\b",
        lambda text, match: (
            bool(
                re.search(
                    r"\b(?:dogs?|cats?|horses?|pony|ponies|pets?|animals?|puppy|puppies|kittens?|rabbits?)\b",
                    _before(text, match, 40),
                )
            )
            or _plain_harm_veto(text, match)
        ),
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        # a child of 8 to 15 and, beside a word of meeting, an adult's age ("i was 13 ... he was 18"; "i met a 34 year old")
        r"\b(?:i was|when i was|aged) (?:[89]|1[0-5]|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)\b"
        r".{0,250}?(?:\b(?:he|she) was (?:1[89]|[2-9]\d)\b(?! (?:minutes|mins|miles|pounds|quid|percent|%|times))"
        r"|\b(?:a|an) (?:1[89]|[2-9]\d)[- ]?(?:year|yr)[- ]?old\b)",
        lambda text, match: (
            bool(
                re.search(
                    r"\b(?:teacher|coach|mentor|tutor|worker|nurse|doctor|counsellor|brother|sister|cousin)\b",
                    match.group(0) + _after(text, match, 25),
                )
            )
            or not re.search(r"\b(?:met|meet|talking to|chat\w*|online|website|app|guy|man|boyfriend|party)\b", text)
            or _topic_veto(text, match)
        ),
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        # cuckooing: a home used by dealers
        r"\b(?:using|used|use|uses|took over|take over|taking over|taken over) (?:my|our|your|his|her|their|the) (?:home|house|flat)\b"
        r"[^.!?]{0,20}\b(?:as a base|to (?:deal|sell|store|stash|cook|bag up)|for (?:dealing|drugs))",
        lambda text, match: (
            not re.search(
                r"\b(?:deal\w*|drugs?|dealers?|gangs?|county lines|crack|heroin|weed|cannabis|cocaine)\b",
                _sentence(text, match),
            )
            or _topic_veto(text, match)
        ),
    ),
    (
        "neglect",
        "describes a child left without care",
        # a young child left outside, alone or by themselves ("leaves a 3 year old outside in the middle of the night")
        r"\b(?:leaves?|left|leaving) (?:a|the|her|his|their|my|our|two|three|four|\d) (?:little )?(?:\d+ ?(?:year|yr)[- ]?olds?|babies|baby|toddlers?|kids|children|little ones?|boys?|girls?|son|daughter)\b"
        r" (?:\w+ )?(?:outside|alone|on (?:his|her|their|its) own|home alone|by (?:himself|herself|themselves|itself))\b"
        r"|\b(?:in the house|at home|home|in the flat) (?:by|on) (?:herself|himself|themselves|her own|his own|their own) (?:for|all) (?:a |the )?(?:whole )?(?:day|days|night|nights|weekend|hours)\b"
        # the last food in the house
        r"|\b(?:only|last) (?:bit of )?food (?:we|i|they|she|he) (?:had|have|had left)\b|\bno food (?:in the house|at home)\b",
        lambda text, match: (
            bool(
                re.search(
                    r"\b(?:minutes|mins|while (?:i|she|he|we)|with (?:a|her|his|their|my|our) (?:nan|gran|dad|mum|babysitter|sitter|friend|neighbour|aunt\w*)"
                    r"|1[4-9] ?(?:year|yr)|teenager|teen|camping|trip|picnic|holiday|festival|hike|expedition)\b",
                    _sentence(text, match),
                )
            )
            or _about_others_in_general(text, match)
        ),
    ),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        # reported threats: "he said he wanted to shoot my mum", "i swear you will end up in the hospital", "i am going to kill you if you call the police"
        r"\b(?:said|says|told (?:me|us|her|him)|texted|messaged|saying)(?: that)? (?:he|she|they) (?:wanted|wants) to "
        r"(?:\w+ )?(?:kill|stab|hurt|shoot|burn|beat|batter|strangle|punch|hit) " + _VICTIM + r"\b"
        r"|\b(?:you|she|he|they) (?:will|would|are going to|is going to) end up (?:in (?:the |a )?(?:hospital|wheelchair|grave|morgue|coffin|box|body bag)|dead)\b"
        r"(?=[^.!?]{0,80}\b(?:or else|if you (?:ever )?(?:tell|leave|call|go to the police)))"
        r"|\b(?:or else|if (?:i|you) ever|if you (?:tell|leave|call|go to the police))\b[^.!?]{0,60}\b(?:you|she|he|they) (?:will|would|are going to|is going to) end up (?:in (?:the |a )?(?:hospital|wheelchair|grave|morgue|coffin|box|body bag)|dead)\b"
        r"|\b(?:i am going to|i will|i am gonna|i am going to) (?:kill|stab|shoot|strangle) you\b[^.!?]{0,60}\b(?:if you (?:call|tell|go to|leave|ring)|police|your kids|your children|your family)\b",
        _threat_veto,
    ),
    (
        "radicalisation",
        "describes someone being drawn into violent extremism",
        # membership of a violent extremist group, said of oneself
        r"\b(?:i|we) (?:was|were|am|are|became|become|joined|join|called ourselves|called myself)\b[^.!?]{0,60}"
        r"\b(?:kkk|ku klux klan|neo[- ]?nazis?|white supremacists?|jihadis?|isis|daesh|national action|combat 18|atomwaffen)\b",
        _topic_veto,
    ),
]
_COMPILED = [(kind, reason, re.compile(pattern), veto) for kind, reason, pattern, veto in _RULES]


# ---------------------------------------------------------------------------------------
# Second layer: vocabulary in a sentence about a particular person. The rules above catch
# the usual shapes of a disclosure; people also write in shapes no rule foresaw ("he threw
# me against the wall", "i wrote a note"). A sentence that names the writer or their family
# and holds a strong word of harm (or two weaker ones of the same kind) is flagged unless it
# is case talk, a topic, a hypothetical, an idiom, or says the trouble is over.
# ---------------------------------------------------------------------------------------
_LEXICON: list[tuple[str, str, str, str]] = [
    # (kind, reason, strong words, weaker words)
    (
        "self_harm",
        "mentions suicide or self-harm",
        r"suicid\w*|overdos\w*|selfharm\w*|self harming|(?:suicide|goodbye) note|wrote a note|noose|razors?|blades?"
        r"|(?:not|never) (?:want to )?exist|want (?:everything|it all|it) to (?:end|stop)|want to die|wanna die|be dead"
        # self-injury, and the short form used on self-harm forums ("i have not s.i. in 5 days")
        r"|self[- ]?injur\w*|(?:i|not|to|stop|stopped) (?<!convert to )(?<!converting to )(?<!converted to )s\.i(?=\.)",
        r"plan|going to do it|tired of everything|not ok|not okay|keep going|hate my life|hate myself|no one cares"
        r"|pointless|give up|giving up|empty|numb|burden|worthless|end|ending|die|dying|dead|tablets|pills|cutting|cut",
    ),
    (
        "harm",
        "describes someone hurting them or a person close to them",
        r"abus\w+|violen\w+|rap(?:e|ed|ing|ist)|molest\w*|sexual\w*|assault\w*|bruis\w+|black eye|cut lip|split lip|injur\w+"
        r"|strangl\w+|chok(?:e|es|ed|ing)|punch\w*|slap\w*|kick(?:s|ed|ing)?(?! off)|batter\w*|beat(?:s|en|ing)?|thr(?:ew|ow|own|ows) (?:me|her|him|us)"
        r"|against the wall|by (?:my|her|his) (?:arm|hair|neck|throat)|rough with|flinch\w*|naked|topless|porn\w*|dick pics?|nudes|on (?:his|her) lap"
        r"|private parts|touch(?:es|ed|ing)? (?:me|her|him)|pressur\w+ (?:me|her|him) into|married\b[^.]{0,40}\bonly 1[0-7]|only 1[0-7]\b[^.]{0,40}\bmarried"
        # coercive control, forced marriage and honour: "my phone is controlled", "get us married", "bring shame on the family"
        r"|(?:phone|movements?|money|messages|location) (?:is |are |was |were |being |gets? )?(?:controlled|monitored|tracked)"
        r"|get (?:us|me|her|him) married|marry (?:me|us|her) off|married off|(?:bring|brought|bringing) (?:shame|dishonou?r) (?:on|upon|to) (?:the|my|our|his|her) family|honou?r[- ]based",
        r"hurt\w*|hit|hits|hitting|grab\w*|pulls?|pulled|pushe?[sd]?|shove\w*|screams? at|shouts? at|yells? at|(?:being|getting|got|was|were) (?:shouted|screamed|yelled) at|screaming|angry|drunk|weird"
        r"|uncomfortable|bleeding|marks|lock(?:s|ed)? (?:me|her|him)|fell|does not believe|do not believe|scared|afraid"
        r"|thr(?:ows|ew|owing) things|smash\w*|breaks things|kicks off|kicking off"
        r"|calling (?:me|him|her|us|them) (?:an? )?[\"']?(?:\w+ )?(?:names|stupid|useless|idiot|selfish|fat|ugly|slag|slut|bitch|liar|waste|mistake|little \w+)",
    ),
    (
        "exploitation",
        "describes criminal or sexual exploitation",
        r"gangs?|county lines|owes? (?:people|them|money|him)|debt|dealers?|drugs|stab wound|bank card|my account|move money"
        r"|traffick\w*|groom\w*|exploit\w*|paid to (?:carry|hold|sell|deliver|take)|take (?:a|the) (?:bag|parcel|package)"
        r"|bring (?:back )?(?:the )?money|parcels?|packages?|easy money(?![- ]sav)(?![^.!?]{0,40}\b(?:paper round|babysitting|dog walking|car wash|tutoring|ebay|vinted)\b)",
        r"older (?:guy|man|men|lad|lads|boys|boy|people)|gifts?|presents|buys (?:me|her|him)|picks (?:me|her|him|my \w+) up"
        r"|(?:gives?|gave|giving) (?:me|her|him|us|my \w+) (?:weed|drugs|alcohol|vodka|booze|vapes?|cigarettes|cigs|pills)|met (?:\w+ )?on (?:a game|snap|snapchat|insta|instagram|tiktok|discord|an app|a game)"
        r"|will not tell (?:me|us) who|calls at all hours|all hours|keeps disappearing|disappear\w*|vapes?|cash|carry|a man (?:she|he) met|secret|calls|leaves the house|straight away"
        r"|(?:two|2|three|several|multiple|extra) phones|train tickets|new trainers|doing jobs for"
        r"|(?:smoke|smoked|drink|drank|used|take|took) (?:all )?(?:our|their|his) (?:weed|drugs|alcohol|booze|vodka|stuff)|(?:never|not) (?:ever )?paid for",
    ),
    (
        "neglect",
        "describes a child left without care",
        r"nothing to eat|(?:no|not got any|not have any|not got|without) (?:food|heating|electric|electricity|adult|adults|one to look after)|nappy|stays? in bed all day"
        r"|(?:look|looks|looking) (?:thin|skinny|starved)|not fed|filthy|(?:smashed out of|out of|off) (?:her|his|their) (?:face|head|tits)"
        r"|fend for (?:myself|ourselves|himself|herself|themselves)",
        r"starving|hungry|coat|cold|freezing|late at night|for hours|on the streets?|do everything|dirty|alone|on (?:my|their|our) own|drunk|pram|thin"
        r"|nowhere (?:else )?to (?:go|sleep|stay)|no one (?:is |was )?(?:at )?home",
    ),
    (
        "afraid",
        "says they are afraid of someone or of going home",
        r"(?:scared|afraid|frightened|terrified|petrified|fear|feared|fearing)\b[^.]{0,40}\b(?:he|him|she|her|they|them|dad|dads|mum|mums|stepdad|stepmum"
        r"|boyfriend|partner|ex|home|house|argue|arguing|fight|fighting|violent|drunk|kicks off|angry|weekend"
        r"|shake|shakes|shaking|trembl\w*|safety|my life|wake up|threats?)"
        # The person first, the fear after: "mum's boyfriend shouts and throws things and I'm scared".
        r"|(?:he|she|they|dad|dads|mum|mums|stepdad|stepmum|boyfriend|girlfriend|partner)\b[^.]{0,60}"
        r"\b(?:i am|we are|i get|i feel|makes me|making me)\s+(?:really |so |very )?(?:scared|afraid|frightened|terrified|petrified)",
        r"flinch\w*|nervous|on edge|hide|hiding|lock my door|scared to death|(?:afraid|scared|frightened|terrified) to (?:go out|leave the house|go outside)"
        # "i am a prisoner in my own home"
        r"|prisoner in (?:my|our|her|his) (?:own )?(?:home|house|flat)",
    ),
    (
        "radicalisation",
        "describes someone being drawn into violent extremism",
        r"fight back against|extremis\w+|jihad\w*|race war|white power|nazis?|kill (?:all )?(?:of )?them all"
        # wanting to die in an attack: "i am just trying to live long enough to die attacking"
        r"|die (?:attacking|in an attack|as a martyr|a martyr|for the cause|for the race)"
        r"|(?:taught|manipulated|groomed|brainwashed|told|made|getting|got) (?:me |us |him |her )?(?:in)?to hate (?:islam|muslims|jews|immigrants|migrants|foreigners|black people|white people|gay people|refugees|asylum seekers)",
        r"join|discord|them|they are the enemy|invaders|fertili[sz]er|chemicals|remember (?:him|me|us|my name)|make (?:them|people) pay"
        r"|martyr\w*|manifesto|shooters?|gunman|propaganda|recruit\w*",
    ),
    (
        "threat",
        "mentions a threat to kill or seriously hurt",
        r"sort (?:me|us|her|him) out|do (?:me|us|her|him) in|watch (?:my|your) back|(?:i am|you are) dead|come round and",
        r"threat\w*|gonna|going to get|coming for",
    ),
]
_LEXICON_COMPILED = [
    (kind, reason, re.compile(r"\b(?:" + strong + r")\b"), re.compile(r"\b(?:" + weak + r")\b"))
    for kind, reason, strong, weak in _LEXICON
]
# The writer says it is over or went well: "but it's much better now", "the worker helped".
_RESOLVED = re.compile(
    r"\b(?:but|and|now|since|thanks to)\b[^.!?]{0,60}\b(?:helped|sorted|much better|better now|fine now|okay now|ok now|safe now"
    r"|happy now|doing (?:well|great|good|better)|lovely|great|listened|supported|resolved|stopped|dealt with|got through"
    r"|says sorry|said sorry|is nice|was nice|were nice|kind|clean|sober|recovered|in recovery)\b"
    r"|\b(?:used to|last year|years ago|in the past)\b[^.!?]{0,60}\bnow\b"
    r"|\bbut (?:i am|i have been|i feel|we are|we have been|things are|it is|everything is)\b[^.!?]{0,20}\b(?:ok|okay|fine|better|good|great|well|safe|happy|clean|sober)\b"
)
_NEIGHBOURS = (
    r"the (?:\w+ )?(?:children|kids|baby|boy|girl|toddler|family|lad|teenager)s? (?:next door|across|upstairs|downstairs"
    r"|over the road|opposite|at number|on (?:my|our|the) (?:street|road|estate))"
)
# A child's age also names a particular person: "the grooming began at age 14".
_PERSONAL = re.compile(
    r"\b(?:i|me|my|myself|he|she|him|her|our (?:\w+ ){0,2}?"
    + _RELATION
    + r"|at (?:the )?age (?:of )?\d\d?|aged \d\d?)\b|"
    + _NEIGHBOURS
)
_FAMILY = re.compile(
    r"\b(?:(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"|i am|i have been|i feel|i was|i get|i got)\b|" + _NEIGHBOURS
)
# Words of training and case talk: a sentence with one is about practice unless the writer
# speaks of themselves or their family.
_TRAINING = re.compile(
    r"\b(?:training|trainer|session|course|workshop|briefing|e-?learning|toolkit|pathway|conference|lesson|leaflet"
    r"|module|policy|awareness|prevention|strategy|procedure|protocol|referrals?|referred|screening|assessment|panel|seminar"
    r"|webinar|presentation|audit|review|case|cases|supervision|section|speaker|discussed|learning|practitioners"
    r"|professionals|agencies|services?|discussion|discussions|disclosures|unit|links|partnership|assembly|staff|colleagues"
    r"|offending|caseload|my practice|learnt|learned|likely|research|evidence|statistics|nationally|missed opportunit\w+)\b"
)
# "I'm a school nurse and we see a lot of self-harm": the writer speaks as a professional.
_I_AM_PROFESSIONAL = re.compile(
    r"\b(?:i am|i work as|as) an? (?:\w+ )?(?:nurse|teacher|social worker|gp|doctor|practitioner|health visitor|police officer"
    r"|officer|youth worker|midwife|paediatrician|manager|safeguarding lead|dsl|counsellor|therapist|worker|professional|senco"
    r"|volunteer|call handler|helpline \w+|advis[eo]r|mentor)\b"
    # "in my volunteer role I have listened to...", "here at the helpline we talk to teens who..."
    r"|\bin my (?:\w+ )?(?:role|job|work) (?:as|at|with|on|i|we)\b"
    r"|\bwe (?:talk to|speak to|hear from|support|work with) (?!(?:our|my) )(?:\w+ ){0,2}?(?:teens|young people|children|callers|clients|families)\b"
)


@lru_cache(maxsize=4)
def _lexicon_concern(text: str) -> Concern | None:
    """The second layer: harm vocabulary in a sentence about a particular person."""
    if _HUMOUR.search(text) or _RESOLVED.search(text):
        return None
    speaks_as_professional = _I_AM_PROFESSIONAL.search(text) is not None
    for sentence in re.split(r"(?<=[.!?;])\s+|\s+(?:but|however)\s+", text):
        if not _PERSONAL.search(_PRO_POSSESSIVE.sub(" ", sentence)):
            continue
        if _HYPOTHETICAL.search(sentence):
            continue
        if not _anchored(sentence) and (_GENERIC_START.match(sentence) or _PROFESSIONAL.search(sentence)):
            continue
        if _TRAINING.search(sentence) and not _FAMILY.search(sentence):
            continue
        # "it was hard to hear a mother describe being strangled": someone else's account, heard at work
        if not _anchored(sentence) and re.search(
            r"\b(?:a|an|one|another) (?:\w+ )?(?:mother|father|mum|dad|parent|woman|man|girl|boy|child|young person|teenager"
            r"|survivor|client|family)\b(?: \w+){0,2} (?:describ|talk|speak|spoke|tell|told|shar|say|said|explain|recount)\w*",
            sentence,
        ):
            continue
        if speaks_as_professional and not re.search(r"\b(?:my|our) (?:\w+ ){0,2}?" + _RELATION + r"\b", sentence):
            continue
        if re.search(_DISTANT, sentence[: max(1, len(sentence) - 1)]) or re.search(
            r"(?<!my )(?<!our )\b" + _GROUP + r" (?:who|that|which)\b", sentence
        ):
            continue
        for kind, reason, strong, weak in _LEXICON_COMPILED:
            for match in strong.finditer(sentence):
                if (
                    not re.match(r"\s?(?:and \w+ )?" + _TOPIC + r"\b", sentence[match.end() : match.end() + 25])
                    and not re.search(
                        r"\b" + _TOPIC + r" (?:on|about|around|covering|regarding|into|for)(?: \w+)? $",
                        sentence[max(0, match.start() - 40) : match.start()],
                    )
                    and not _professional_feels(sentence[max(0, match.start() - 50) : match.start()])
                    and not re.search(
                        r"\b(?:challeng\w*|tackl\w*|prevent\w*|end|ending|address\w*) (?:\w+ )?$",
                        sentence[max(0, match.start() - 30) : match.start()],
                    )
                    and not re.match(r" (?:me|us|him|her) under the table\b", sentence[match.end() : match.end() + 25])
                ):
                    return Concern(kind, reason)
            if len({m.group(0) for m in weak.finditer(sentence)}) >= 2:
                return Concern(kind, reason)
    return None


def detect_concern(text: str) -> Concern | None:
    """Return the first concern found in `text`, or None."""
    if not text or not text.strip():
        return None
    normalised = normalise(text)
    for kind, reason, pattern, veto in _COMPILED:
        for match in pattern.finditer(normalised):
            if not veto(normalised, match):
                return Concern(kind, reason)
    return _lexicon_concern(normalised)


def detect_in_answers(texts: list[str]) -> Concern | None:
    """The first concern in any of several free-text answers."""
    for text in texts:
        concern = detect_concern(text)
        if concern:
            return concern
    return None
