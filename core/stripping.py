"""Identity stripping of anonymous free-text feedback.

``strip_identifiers(text)`` finds what could identify a person in UK safeguarding free text
(names, contact details, NHS and National Insurance numbers, dates of birth, addresses,
ages, schools, social media handles, case references...) and replaces each with a typed
placeholder such as ``[NAME]``. Every finding carries the rule or list that fired, so staff
can see why something was removed and a false positive can be reported and fixed.

How it works, in one pass over the text (then repeated on its own output until nothing
changes, which makes it idempotent by construction):

1. Existing placeholders and the partnership's ``keep`` phrases are protected.
2. Pattern rules propose candidates: emails (also spelled out), web addresses, handles,
   phone numbers (``phonenumbers``), NHS numbers (modulus 11), NI numbers, postcodes,
   dates and dates of birth, ages, street addresses, schools, references, long numbers.
3. A token pass proposes names from the gazetteers in ``core/data/names`` (first names
   and surnames from public name statistics, an English word list to tell names from
   words, a list of places) and from context (titles, relationship words, "called",
   "my name is", speech verbs, possessives).
4. Candidates are resolved into non-overlapping findings (higher priority first, then
   longer) and replaced.

Data sources and licences: see ``docs/stripping.md`` and ``core/data/names/README.md``.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, NamedTuple

import phonenumbers

KIND_LABELS: dict[str, str] = {
    "NAME": "a name",
    "EMAIL": "an email address",
    "URL": "a web address",
    "PHONE": "a phone number",
    "POSTCODE": "a postcode",
    "NHS_NUMBER": "an NHS number",
    "NI_NUMBER": "a National Insurance number",
    "DATE": "a date",
    "DOB": "a date of birth",
    "ADDRESS": "an address",
    "AGE": "an age",
    "SCHOOL": "a school, nursery or college name",
    "HANDLE": "a social media name",
    "REFERENCE": "a case or reference number",
}

_PLURAL_LABELS: dict[str, str] = {
    "NAME": "names",
    "EMAIL": "email addresses",
    "URL": "web addresses",
    "PHONE": "phone numbers",
    "POSTCODE": "postcodes",
    "NHS_NUMBER": "NHS numbers",
    "NI_NUMBER": "National Insurance numbers",
    "DATE": "dates",
    "DOB": "dates of birth",
    "ADDRESS": "addresses",
    "AGE": "ages",
    "SCHOOL": "school, nursery or college names",
    "HANDLE": "social media names",
    "REFERENCE": "case or reference numbers",
}


@dataclass(frozen=True)
class Finding:
    """One identifier found in the original text, with the rule or list that fired."""

    start: int
    end: int
    kind: str
    reason: str

    @property
    def placeholder(self) -> str:
        """The typed placeholder that replaces this finding, e.g. "[NAME]"."""
        return f"[{self.kind}]"


@dataclass(frozen=True)
class StripResult:
    """Stripped text and the findings (offsets into the original text)."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        """True when anything was removed."""
        return bool(self.findings)


class _Cand(NamedTuple):
    start: int
    end: int
    kind: str
    reason: str
    priority: int


# --- lexicon --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    first: dict[str, int]  # normalised first name -> count of bearers (SSA)
    surnames: frozenset[str]
    words: dict[str, int]  # lowercase English word -> SCOWL size (10 = most common)
    upper: dict[str, int]  # capitalised non-name words (days, places, nationalities)
    places: frozenset[str]


def _read_lines(name: str) -> list[str]:
    data = resources.files("core.data.names").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8").splitlines()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    first: dict[str, int] = {}
    for line in _read_lines("first_names.tsv.gz"):
        n, _, c = line.partition("\t")
        first[n] = int(c)
    surnames = frozenset(line.partition("\t")[0] for line in _read_lines("surnames.tsv.gz"))
    words: dict[str, int] = {}
    upper: dict[str, int] = {}
    for line in _read_lines("english_words.tsv.gz"):
        parts = line.split("\t")
        if len(parts) == 3:
            upper[parts[0]] = int(parts[1])
        else:
            words[parts[0]] = int(parts[1])
    places = frozenset(
        line.strip() for line in _read_lines("uk_places.txt") if line.strip() and not line.startswith("#")
    )
    return _Lexicon(first, surnames, words, upper, places)


def _norm(token: str) -> str:
    """Lowercase ASCII letters only: "O'Brien" -> "obrien", "Novák" -> "novak"."""
    if token.isascii():
        return "".join(ch for ch in token.lower() if ch.isalpha())
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed.lower() if ch.isalpha() and ch.isascii())


# Domain words and text-speak that the gazetteers hold as names but that are not names in
# this setting (agencies, roles, apps, kin words, text-speak). Hand list, reviewed.
_NOT_NAMES = frozenset(
    """
    i im ive id ill dont cant wont didnt doesnt isnt wasnt arent werent havent hasnt hadnt
    couldnt wouldnt shouldnt thats whats hes shes theyre youre were weve theyve youve lets
    ok okay hiya hi hey yeah yea yep yup nope nah naw lol lmao omg tbh idk btw pls plz thx ty
    tysm xx xxx xo bc coz cuz cos innit bruv gonna wanna gotta dunno ya ye u ur tho abt rn ngl
    fr smh asap re fyi aka etc vs ps nb eg ie mr mrs ms mx dr sir miss madam maam
    mum mam mom mummy mommy mama ma dad daddy papa pa nan nana nanna nanny gran granny grandma
    grandmam grandad granddad grandpa grandparent grandparents auntie aunty uncle cuz bro sis
    hun hubby bestie bf gf babe baby bby fam mate mates lad lads
    ofsted camhs nspcc childline cafcass kooth mash marac mappa lado senco sendco ehcp ehc
    cin cp lac cla csc cse cce dsl dsp gp gps nhs icb ccg cdop lscb lscp sen send adhd asd
    pru prus iro iros pcso pcsos hv hvs sw sws yos yot fgc ta tac tafs caf snap insta ig
    snapchat instagram tiktok whatsapp facebook fb youtube yt roblox fortnite minecraft xbox
    playstation ps4 ps5 discord twitter google amazon tesco asda aldi lidl morrisons greggs
    primark argos covid zoom teams jesus allah god christmas easter eid ramadan diwali
    hanukkah vaisakhi english british welsh scottish irish polish romanian asian european
    african caribbean muslim christian hindu sikh jewish catholic
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    january february march april june july august september october november december
    year years yr yrs today tomorrow yesterday tonight
    child children parent parents carer carers family families council police school
    county borough city town village estate ward unit hub team
    """.split()
)

# Upper-case words from the word list (places, days, nationalities) block a name unless the
# name is this common (John, Jordan, Christian are names far more often than places).
_UPPER_OVERRIDE = 100_000
_UPPER_NAMES = frozenset("muhammad mccoy emmy".split())
_LOCATIVE = frozenset(
    "in at from near around into across towards toward via outside through between of".split()
)
# Verbs and nouns of movement: "moved to X", "a trip to X" make X a place, not a person.
_MOTION = frozenset(
    """
    moved move moving moves went go goes going gone came come comes back sent send sending
    travelled traveled travel trip holiday holidays returned return relocated drove driven
    flew flown fled taken took placed placement way route train bus transferred
    """.split()
)

# Words commonly title-cased inside service names: a neighbouring one means the capital
# letter comes from a title ("Youth Justice Service", "Early Help Hub"), not a name.
_TITLE_WORDS = frozenset(
    """
    help early service services team hub unit centre center support care social health
    children childrens family families court youth justice mental safeguarding partnership
    board council authority police school college academy nursery trust foundation project
    programme program house home hall church chapel mosque temple clinic hospital surgery
    practice ward department office panel meeting conference plan review group network
    forum line club community housing education learning sure start futures hope grace
    """.split()
)

# Speech and action verbs after a name ("Sarah said", "Will was") and other strong cues.
_NAME_NEXT = frozenset(
    """
    said says told tells asked asks rang rings phoned phones texted texts emailed emails
    messaged messages explained explains shouted screamed cried laughed replied answered
    was is has had went goes came comes wants wanted needs needed lives lived loves loved
    hates hated likes liked got gets kept keeps left leaves stayed stays started starts
    ran runs hit hits did does didn't doesn't wasn't isn't hasn't won't can't couldn't
    wouldn't should shouldn't would could will can may might must and or who whose
    """.split()
)
_NAME_NEXT_STRONG = frozenset(
    """
    said says told tells asked asks rang phoned texted emailed messaged explained shouted
    screamed cried laughed replied answered went came lives lived wants wanted hates hated
    """.split()
)

_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’][^\W\d_]|-[^\W\d_])*", re.UNICODE)

_RELATION_WORDS = (
    "mum mam mom mother mummy mommy dad daddy father son daughter brother sister bro sis "
    "nan nana nanna nanny gran granny grandma grandmother grandad granddad grandpa "
    "grandfather grandson granddaughter aunt auntie aunty uncle cousin niece nephew "
    "stepmum stepdad stepmother stepfather stepson stepdaughter stepbrother stepsister "
    "husband wife partner boyfriend girlfriend bf gf fiance fiancee ex friend mate bestie "
    "pal neighbour neighbor baby child kid toddler sibling twin carer lodger flatmate "
    "worker teacher headteacher head tutor nurse midwife doctor gp officer manager "
    "counsellor counselor therapist advocate mentor coach keyworker caseworker senco "
    "psychologist psychiatrist paediatrician consultant visitor sw hv iro pcso childminder "
    "solicitor lawyer guardian fella bloke boo man"
).split()
_RELATION_SET = frozenset(_RELATION_WORDS)
# Kin words that take a name with no determiner ("Nan Pat", "Uncle Tony", "Auntie Bev").
_KIN_DIRECT = frozenset(
    "nan nana nanna nanny gran granny grandma grandad granddad grandpa aunt auntie aunty "
    "uncle cousin mum mam dad sister brother".split()
)
_DETERMINERS = frozenset("my his her their our your the a an me mine whose its".split())
_TITLE_TOKENS = {
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "mx": "Mx",
    "dr": "Dr",
    "prof": "Prof",
}
_TITLES_CASED = frozenset(
    "Miss Sir Dame Lady Lord Rev Revd Father Fr Sister Cllr Councillor PC DC DS DI DCI Sgt "
    "Insp Inspector Sergeant Constable Officer Nurse Judge Pastor Imam Rabbi Mrs Mr Ms Mx Dr "
    "Prof Professor Master Mister".split()
)
_NAME_CUE_RE = re.compile(
    r"(?:\bmy name(?:'s| is)|\bname\s*[:=-]|\bi am called|\bi'?m called|\bcall(?:s|ed)? me"
    r"|\bgoes by|\bknown as|\bnamed|\bcalled|\bdear|\bhi|\bhello|\bthanks|\bthank you"
    r"|\bregards,?|\bsigned|\blove from|\bfrom:|\bsays|\bsaid|\bspoke (?:to|with)"
    r"|\btalk(?:ed|ing)? to|\bsaw|\bmet)\s*$",
    re.IGNORECASE,
)
_STRONG_CUES = ("name", "called", "call", "goes by", "known as", "named")


# --- pattern rules --------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(KIND_LABELS) + r")\]")
_DIGIT_RE = re.compile(r"\d")

_TLD = r"(?:com|co\.uk|org\.uk|gov\.uk|nhs\.uk|nhs\.net|ac\.uk|sch\.uk|net|org|uk|io|ie|info|me|co|[a-z]{2,6})"
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|btinternet|aol|sky|virgin|virginmedia"
    r"|protonmail|proton|me|mail|msn|talktalk|ntlworld|nhs|blueyonder|tiscali|ymail)"
)
_SPELLED_EMAIL_RE = re.compile(
    r"\b[A-Za-z0-9][A-Za-z0-9._-]*(?:\s+(?:dot|underscore)\s+[A-Za-z0-9_]+)*"
    r"\s*(?:\(at\)|\[at\]|\{at\}|\s(?:at|@)\s)\s*"
    r"(?:" + _PROVIDERS + r"(?:\s*(?:\.|\bdot\b|\(dot\)|\[dot\])\s*(?:com|co|uk|net|org))*"
    r"|[A-Za-z0-9-]+(?:\s*(?:\bdot\b|\(dot\)|\[dot\])\s*(?:com|co|uk|net|org|gov|nhs|sch|ac))+)\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’]"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|gov\.uk|nhs\.uk|ac\.uk|sch\.uk"
    r"|com|org|net|io|ly|me|tv|info|biz|uk|ie)(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'’])?(?![\w@])",
    re.IGNORECASE,
)
_HANDLE_AT_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_HANDLE_CUE_RE = re.compile(
    r"\b(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tiktok|tik tok|tt|twitter|x\.com|fb|facebook"
    r"|discord|kik|telegram|threads|yubo|wizz|roblox|xbox|psn|gamertag|gamer tag|twitch"
    r"|youtube|yt|username|user name|handle|account)\b"
    r"(?:\s+(?:name|handle|username|account|id|acc))?"
    r"(?:\s*(?:\bis\b|\bwas\b|=|:|-|\bcalled\b|\bname\b|@)\s*|\s+)[:\-]?\s*"
    r"(@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(
    r"\b(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])\s{0,2}[0-9]\s?[ABD-HJLNP-UW-Z]{2}\b",
    re.IGNORECASE,
)
_NI_RE = re.compile(
    r"\b[A-CEGHJ-PR-TW-Z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-D]?(?![\w])",
    re.IGNORECASE,
)
_NHS_RE = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")
_NHS_CUE_RE = re.compile(r"\b(?:nhs|chi)\b[^.\n]{0,20}$", re.IGNORECASE)
_NUMBER_CUE_RE = re.compile(
    r"(?:\b(?:ref|reference|case|crime|incident|log|complaint|claim|account|acc|customer|file"
    r"|record|upn|urn|crn|cr|id|mash|referral|ticket|order|member|membership|patient|hospital"
    r"|mrn|badge|collar|warrant|court|docket|appeal|application|tenancy|pupil|student|ni|nhs"
    r"|number|no|num)\b\.?)[^.\n]{0,14}$",
    re.IGNORECASE,
)
_PHONE_CUE_RE = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|cell|call|ring|rang|text|txt|whatsapp|contact|fax"
    r"|landline|number|no|num)\b\.?\s*[:\-]?\s*$",
    re.IGNORECASE,
)
_LONG_NUMBER_RE = re.compile(
    r"(?<![\w£$€])(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\s./-]{0,2}\d){6,}(?![\d])"
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_RE = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})"
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+(?:the\s+)?)?"
    r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTHS + r"\b\.?(?:,?\s+(?:\d{4}|'\d{2}))?"
    r"|" + _MONTHS + r"\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?"
    r"|" + _MONTHS + r"\.?,?\s+(?:19|20)\d{2}"
    r")(?![\w/])",
    re.IGNORECASE,
)
_DOB_CUE_RE = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate of birth|\bborn(?:\s+on)?(?:\s+the)?|\bbirthday(?:\s+is)?"
    r"(?:\s+on)?(?:\s+the)?|\bb\.?\s?d\.?\s?a?\.?y?)\s*(?:is|was)?\s*[:\-]?\s*$",
    re.IGNORECASE,
)
_BORN_YEAR_RE = re.compile(r"\bborn\s+(?:in\s+)?((?:19|20)\d{2})\b", re.IGNORECASE)

_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five"
    r"|six|seven|eight|nine))?)"
)
_AGE_NUM = r"(?:\d{1,2}(?:\.\d)?|" + _NUMBER_WORDS + r"|a|one)"
_AGE_UNIT = r"(?:years?|yrs?|yo|y/o|y\.o\.|months?|mths?|mnths?|weeks?|wks?|days?)"
_AGE_RE = re.compile(
    r"\b(?:aged?|age:)\s*(?:of\s+)?(?:just\s+|only\s+|about\s+|around\s+)?(?:\d{1,3}|" + _NUMBER_WORDS + r")"
    r"(?:\s*(?:and\s+a\s+half|½))?(?:\s*" + _AGE_UNIT + r")?(?:[\s-]*old)?\b"
    r"|\b" + _AGE_NUM + r"\s*(?:-|\s)?\s*(?:\&\s*a\s*half\s*|and\s+a\s+half\s*)?"
    r"(?:years?|yrs?|yr|months?|mths?|mnths?|weeks?|wks?|days?)(?:\s*|-)old\b"
    r"|\b\d{1,2}\s*(?:yo|y/o|y\.o\.?|yrs|yr)\b(?!\w)"
    r"|\b\d{1,2}[- ]year[- ]olds?\b",
    re.IGNORECASE,
)
_AGE_SUBJECT = (
    r"(?:she|he|they|it|i|you|we|who|son|daughter|brother|sister|baby|child|kid|kids|boy|girl"
    r"|guy|man|woman|lad|bloke|mum|mam|mom|dad|father|mother|partner|boyfriend|girlfriend"
    r"|twins?|children|both|nephew|niece|cousin|grandson|granddaughter|eldest|youngest"
    r"|oldest|stepson|stepdaughter|victim|suspect|perpetrator|friend|mate|\[NAME\]"
    r"|(?-i:[A-Z][a-z]+))"
)
_AGE_IS_RE = re.compile(
    r"(?:\b" + _AGE_SUBJECT + r",?(?:'s|’s|\s+is|\s+was|\s+am|'m|’m|\s+are|'re|\s+were|\s+turned"
    r"|\s+turns|\s+will\s+be|\s+would\s+be|\s+are\s+both|\s+were\s+both|\s+is\s+now|\s+was\s+then)"
    r"|\bi\s?m|\bturned|\bturns|\bturning|\bturn|\bwhen\s+(?:i|he|she|they)\s+(?:was|were)"
    r"|\bsince\s+(?:i|he|she|they)\s+(?:was|were))"
    r"\s+(?:only\s+|just\s+|nearly\s+|almost\s+|about\s+|barely\s+|still\s+|now\s+|over\s+|under\s+|actually\s+|really\s+)?"
    r"(\d{1,2}|" + _NUMBER_WORDS + r")(?:\s+and\s+(\d{1,2}|" + _NUMBER_WORDS + r"))?"
    r"(?=\s*(?:$|[.,;:!?)]|\s(?:and|but|so|now|nearly|next|this|last|when|at|in|on|with|then"
    r"|years?|yrs?|yo|or|because|cos|coz|though|tho|by|if|like|he|she|i|the)\b|\s*\())",
    re.IGNORECASE,
)
_AGE_AFTER_NAME_RE = re.compile(
    r"\A(?:\s*,\s*|\s+)\(?(\d{1,2})\)?(?=\s*,|\s+(?:was|is|has|had|and|who|from|years?)\b)"
    r"|\A,?\s+(?:is|was|'s|’s|turned|turns)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|about\s+|now\s+|actually\s+)?"
    r"(\d{1,2}|" + _NUMBER_WORDS + r")(?=\s*(?:$|[.,;:!?)]|\s(?:and|but|so|now|when|years?|yrs?|yo|or|because|cos|at|in|with)\b))",
    re.IGNORECASE,
)
_AGE_SPAN_RE = re.compile(
    r"\b(?:at|is|was|aged|age|only|just|about|around|nearly|baby|infant)\s+((?:\d{1,2}|" + _NUMBER_WORDS
    + r"|a|one)\s+(?:weeks?|months?|wks|mths)(?:\s+old)?)\b(?!\s+(?:ago|later|pregnant|gestation|before"
    r"|after|of|in|on|to|late|behind|waiting|wait|since|into|for|until|off|away|prison|custody|earlier))",
    re.IGNORECASE,
)
_AGE_PAREN_RE = re.compile(r"(?<=[A-Za-z\]])\s?\((\d{1,2})\s*(?:yrs?|yo|y/o|m|f|months?)?\)")

_STREET_SUFFIX_STRONG = (
    r"(?:street|st|road|rd|avenue|ave|av|lane|ln|close|cl|drive|drv|crescent|cres|cresc|grove|gr"
    r"|gardens|gdns|terrace|terr|tce|mews|boulevard|blvd|highway|hwy|parkway|pkwy|wynd|causeway"
    r"|esplanade|promenade|gate|row)"
)
_STREET_SUFFIX_WEAK = (
    r"(?:way|court|ct|place|pl|square|sq|hill|rise|view|park|parade|green|vale|croft|fold|brow"
    r"|heights|meadows?|chase|glen|circus|quay|wharf|yard|walk|path|fields?|approach|grange"
    r"|dale|mount|lea|leys|wood|woods|lawns?|close|crossing|end|side|bank|top|bottom|estate"
    r"|circle|trail|loop|plaza|terrace|hollow|ridge|point|pike|run|row|manor|mill|ter|trl|cir)"
)
_ADDR_WORD = r"(?:[A-Z][A-Za-z'’.-]*|[A-Z]{2,}|St\.?|de|la|le|of|the|upon|on|in|by)"
_ADDR_LOWER_WORD = r"(?:[a-z][a-z'’-]*)"
_HOUSE_NO = r"(?:\d{1,5}[A-Za-z]?(?:\s?-\s?\d{1,5}[A-Za-z]?)?|\d+/\d+)"
_FLAT = (
    r"(?:(?:flat|apartment|apt|unit|suite|room|rm|studio|maisonette|no|number|house)\.?\s*#?\s*"
    r"\d{1,4}[A-Za-z]?\b|#\s?\d{1,4}[A-Za-z]?\b)"
)
_SEP_STRONG = r"(?:[ \t]*,[ \t]*\n?[ \t]*>?[ \t]*|[ \t]*\n[ \t]*>?[ \t]*)"
_SEP_ANY = r"(?:[ \t]*,[ \t]*\n?[ \t]*>?[ \t]*|[ \t]*\n[ \t]*>?[ \t]*|[ \t]+)"
_ADDRESS_TAIL = (
    r"(?:" + _SEP_ANY + r"(?i:apt|apartment|suite|ste|unit|flat|fl|floor|room|#)\.?[ \t]*#?[ \t]*\w{1,5}\b"
    r"|" + _SEP_STRONG + r"[A-Z][^\W\d_'’.-]*[^\W\d_]*(?:[ \t]+[A-Z][^\W\d_]+){0,2}(?![\w])"
    r"|" + _SEP_ANY + r"(?:[A-Z]{2}[ \t]+)?\d{5}(?:-\d{4})?(?![\d])"
    r"){0,5}"
)
_ADDRESS_RE = re.compile(
    r"(?:" + _FLAT + r",?\s+(?:(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:House|Court|Tower|Towers|Lodge"
    r"|Mansions|Point|Heights|Building|Buildings|Block|Flats|Apartments),?\s+)?)?"
    r"\b" + _HOUSE_NO + r",?\s+(?:" + _ADDR_WORD + r"\s+){0,3}" + _ADDR_WORD + r"\s+"
    r"(?i:" + _STREET_SUFFIX_STRONG + r"|" + _STREET_SUFFIX_WEAK + r")\b\.?" + _ADDRESS_TAIL
    + r"|\b(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Close|Drive"
    r"|Crescent|Grove|Gardens|Gdns|Terrace|Mews|Boulevard|Wynd|Way|Walk|Place|Court|Square"
    r"|Parade|Row|Rise|Hill|View)\b\.?(?!\s+(?:[A-Z][a-z]+\s+)?(?:School|Academy|College|Primary"
    r"|Nursery|Surgery|Clinic|Hospital|Centre|Center|Station|Police|Church|Health|Medical|Park"
    r"|Library|Court|Magistrates|Family|Youth))",
)
_ADDRESS_LOWER_RE = re.compile(
    r"\b(?:(?:flat|apartment|apt|unit)\s*\d{1,4}[a-z]?,?\s+)?\d{1,4}[a-z]?,?\s+(?:"
    + _ADDR_LOWER_WORD + r"\s+){1,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|close|drive|crescent|grove|gardens|terrace|mews|way"
    r"|court|place|walk|square|rise|view|parade|row|green|hill)\b",
    re.IGNORECASE,
)
_BUILDING = (
    r"(?:house|court|tower|towers|lodge|mansions|point|heights|building|buildings|block|flats"
    r"|apartments|place|road|street|lane|avenue|close|drive|way|walk|gardens|grove|terrace|mews"
    r"|square|hall|view|rise|quay|wharf|works|mill|yard|centre|estate)"
)
_FLAT_RE = re.compile(
    r"\b(?:(?i:flat|apartment|apt|maisonette|unit)\.?\s*(?i:no\.?\s*|number\s*)?\d{1,4}[A-Za-z]?\b"
    r"|(?:Flat|Apartment)\s+[A-Z]\b|(?i:number|no\.?)\s*\d{1,4}[A-Za-z]?(?=,?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?i:"
    + _BUILDING + r")\b))"
    r"(?:,?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?i:" + _BUILDING + r")\b"
    r"|,?\s+\d{1,4}[A-Za-z]?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?i:" + _BUILDING + r")\b"
    r"|,?\s+(?:[a-z][\w'’-]+\s+){1,2}(?:house|court|tower|lodge|road|street|lane|avenue|close|drive)\b)?",
)
_PO_BOX_RE = re.compile(r"\b(?:P\.?\s?O\.?\s?Box|PSC|Unit)\s+\d{1,6}(?:,\s*Box\s+\d{1,6})?"
                        r"(?:\s*\n?\s*(?:APO|FPO|DPO)\s+[A-Z]{2}\s+\d{5})?", re.IGNORECASE)
_FOREIGN_STREET_RE = re.compile(
    r"(?<!\w)(?:(?:rue|via|calle|avenida|rua|piazza|ulica|ul\.|viale|strada|carrer|av\.|avda\.)"
    r"\s+(?:[A-Za-zÀ-ÿĀ-ž'’.-]+\s+){0,4}\d{1,5}[A-Za-z]?"
    r"|[A-ZÀ-ÞĀ-Ž][A-Za-zÀ-ÿĀ-ž'’-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat"
    r"|gracht|plein|dijk|vägen|gatan|gata|vej|gade|veien|gate|katu|kuja|tie|polku|utca|utcája"
    r"|ulice|cesta|sokak|caddesi)\s+\d{1,5}[A-Za-z]?(?:\s*[-/]\s*\d{1,5})?)",
)

_SCHOOL_HEAD = (
    r"(?:Primary|Infant|Infants|Junior|Juniors|Secondary|High|Grammar|Community|Catholic|Free"
    r"|Special|Studio|Church of England|C of E|CofE|CE|RC|R\.C\.|C\.E\.|Methodist|Islamic"
    r"|Jewish|Muslim|Girls'?|Boys'?|Technical|Sixth Form|Middle|First|Upper|Prep|Preparatory"
    r"|Independent|Day|Village|Memorial|Park|Road|Lane|Hill|Church|Parish|Trust|Cathedral"
    r"|Foundation|Multi Academy|Learning|Secondary Academy|Academy)"
)
_SCHOOL_TAIL = (
    r"(?:School|Academy|College|Nursery|Pre-?school|Preschool|Kindergarten|PRU|Pupil Referral"
    r"\s+Unit|Sixth Form(?: College)?|Primary|Infants?|Juniors?|High|Grammar|Playgroup"
    r"|Montessori|Day Nursery|Learning Centre|Short Stay School|Free School|Studio School"
    r"|UTC|Alternative Provision|AP Academy)"
)
_SCHOOL_RE = re.compile(
    r"(?:\b(?:St\.?|Saint|Our Lady(?: of)?|Holy|Sacred|Blessed|King|Queen|Bishop|Cardinal"
    r"|Archbishop|Sir|Dame|Lady)\s+)?"
    r"\b(?:[A-Z][A-Za-z'’.-]+|[A-Z]{2,})(?:\s+(?:[A-Z][A-Za-z'’.-]+|&|and|of|the|on|upon|in"
    r"|de|la|by)){0,4}\s+"
    r"(?:" + _SCHOOL_HEAD + r"\s+){0,3}" + _SCHOOL_TAIL + r"\b(?:\s+(?:School|Academy|College"
    r"|Nursery|Unit))?",
)
_SCHOOL_LOWER_RE = re.compile(
    r"\b(?:at|to|from|attends|attend|attending|in|go|goes|went|started|joined|moved to|left"
    r"|excluded from|expelled from|of)\s+((?:st\.?\s+)?(?:[a-z][a-z'’-]+\s+){1,3}"
    r"(?:(?:primary|infant|infants|junior|juniors|secondary|high|grammar|community|catholic"
    r"|c of e|ce|rc)\s+)?"
    r"(?:school|academy|college|nursery|pre-?school|pru|primary|infants|juniors|high|grammar"
    r"|sixth form))\b",
    re.IGNORECASE,
)
_GENERIC_SCHOOL_WORDS = frozenset(
    """
    the a an his her my their our your its this that these those new old local primary
    secondary high special mainstream current previous same another different other next
    last nursery free catholic private boarding independent faith state grammar junior
    infant first middle upper sixth residential day alternative senior main
    village community further higher education sixth-form form year reception his her
    pre preschool good bad outstanding requires improvement inadequate ofsted rated
    every each any some no one two both all whole entire own virtual hospital home
    church youth pupil referral unit child children's childrens kids local-authority
    council university uni training art arts dance drama music football sports sport
    online evening night summer holiday sunday supplementary madrassa mosque bible
    """.split()
)
_SCHOOL_KEEP_PHRASES = re.compile(
    r"^(?:Sixth Form(?: College)?|Further Education College|Virtual School|Hospital School"
    r"|Special School|Primary School|Secondary School|High School|Grammar School|Free School"
    r"|Pupil Referral Unit|Alternative Provision|Day Nursery|Forest School|Sunday School"
    r"|Boarding School|Nursery School|Infant School|Junior School|Community School)$",
    re.IGNORECASE,
)

_REF_RE = re.compile(
    r"\b(?:(?:mash|case|crime|incident|police|log|complaint|claim|referral|court|file|our"
    r"|your|my|the|cp|cin|lac|ehcp|tenancy|hospital|patient|pupil|unique pupil|customer|account"
    r"|reference|ticket|serial|job|application|appeal|ehc|safeguarding|social care|lado|cr)"
    r"\s*)?(?:ref(?:erence)?|no|num|number|id|#|crn|upn|urn|mrn|log)\b\.?\s*(?:is|was|no\.?"
    r"|number|=)?\s*[:#\-]?\s*"
    r"((?=[A-Za-z0-9/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]{1,20}(?:[ ](?=\S*\d)[A-Za-z0-9/-]{2,12}){0,2})",
    re.IGNORECASE,
)
_REF_CODE_RE = re.compile(
    r"\b(?:ref|reference|number|log|no\.|case|crime)\b[^.\n]{0,25}?\b([A-Z]{2,5}[ -]?\d{3,10})\b", re.IGNORECASE
)
_REF_SHAPE_RE = re.compile(
    r"(?<![\w/])(?:[A-Z]{1,5}[/-]?\d{2,4}[/-]\d{3,8}(?:[/-]\d{1,4})?|\d{2,4}/\d{4,8}(?:/\d{1,4})?"
    r"|[A-Z]{2,4}\d{5,10}|\d{2}/\d{3,6}/\d{2,4})(?![\w/])"
)


# --- checks ---------------------------------------------------------------------------


def _nhs_valid(digits: str) -> bool:
    """NHS number modulus 11 check."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


# --- pattern detectors ----------------------------------------------------------------


def _pattern_candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    add = out.append
    has_digit = _DIGIT_RE.search(text) is not None
    lower = text.lower()

    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "EMAIL", "email address pattern", 95))
        for m in _HANDLE_AT_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "HANDLE", "@handle (social media name)", 85))
    if " at " in lower or "(at)" in lower or "[at]" in lower or " @ " in text:
        for m in _SPELLED_EMAIL_RE.finditer(text):
            if re.search(r"\bdot\b|\.|" + _PROVIDERS, m.group().lower().split("at")[-1]):
                add(_Cand(m.start(), m.end(), "EMAIL", "spelled-out email address ('at', 'dot')", 94))
    if "." in text or "/" in text:
        for m in _URL_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "URL", "web address pattern", 90))
    for m in _HANDLE_CUE_RE.finditer(text):
        h = m.group(1)
        hl = h.lower().lstrip("@")
        sep = text[m.end(0) - len(h) - 3 : m.end(0) - len(h)]
        strong = any(c in h for c in "_.@0123456789") or ":" in sep or "=" in sep
        lex = _lexicon()
        if hl in _HANDLE_STOP or (not strong and (hl in lex.words or hl in _NOT_NAMES)):
            continue
        add(_Cand(m.start(1), m.end(1), "HANDLE", "name after a social media cue (snap, insta...)", 84))

    if has_digit:
        for m in _POSTCODE_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "POSTCODE", "UK postcode pattern", 80))
        for m in _NI_RE.finditer(text):
            compact = re.sub(r"[\s-]", "", m.group()).upper()
            if compact[:2] in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ") or compact[1] in "DFIOQUV":
                if not re.search(r"\b(?:ni|national insurance|nino)\b", lower[max(0, m.start() - 40) : m.start()]):
                    if not compact.startswith("QQ"):
                        continue
            add(_Cand(m.start(), m.end(), "NI_NUMBER", "National Insurance number pattern", 91))
        for m in _NHS_RE.finditer(text):
            digits = _digits(m.group())
            if _nhs_valid(digits):
                add(_Cand(m.start(), m.end(), "NHS_NUMBER", "NHS number (modulus 11 check)", 92))
            elif _NHS_CUE_RE.search(text, max(0, m.start() - 30), m.start()):
                add(_Cand(m.start(), m.end(), "NHS_NUMBER", "10-digit number after 'NHS' (checksum failed)", 92))
        if sum(ch.isdigit() for ch in text) >= 7:
            for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
                raw = match.raw_string
                nd = sum(ch.isdigit() for ch in raw)
                if nd >= 10 or raw.lstrip().startswith("+") or (nd >= 7 and _PHONE_CUE_RE.search(text, max(0, match.start - 20), match.start)):
                    add(_Cand(match.start, match.end, "PHONE", "phone number (phonenumbers)", 88))
            for m in _LONG_NUMBER_RE.finditer(text):
                s, e = m.start(), m.end()
                raw = m.group()
                nd = sum(ch.isdigit() for ch in raw)
                if nd < 7 or re.fullmatch(r"(?:(?:19|20)\d\d[\s/-]*){2,}", raw):
                    continue
                before = text[max(0, s - 25) : s]
                if re.search(r"[£$€]\s*$", before) or re.match(r"\s*(?:%|k\b|pounds|quid|miles)", text[e : e + 8]):
                    continue
                if _NHS_CUE_RE.search(before) and nd == 10:
                    add(_Cand(s, e, "NHS_NUMBER", "10-digit number after 'NHS' (checksum failed)", 92))
                elif _DATE_RE.fullmatch(raw):
                    continue
                elif raw.startswith(("0", "+", "(")) and 10 <= nd <= 13:
                    add(_Cand(s, e, "PHONE", "phone-shaped digit run", 89))
                elif _PHONE_CUE_RE.search(before) or raw.startswith(("0", "+", "(")) and nd >= 9:
                    add(_Cand(s, e, "PHONE", "phone-shaped digit run", 60))
                else:
                    add(_Cand(s, e, "REFERENCE", "long number (7 or more digits)", 58))
        for m in _DATE_RE.finditer(text):
            s, e = m.start(), m.end()
            if _is_false_date(m.group()):
                continue
            if _DOB_CUE_RE.search(text, max(0, s - 40), s):
                add(_Cand(s, e, "DOB", "date after 'date of birth' / 'born' cue", 78))
            else:
                add(_Cand(s, e, "DATE", "date pattern", 70))
        for m in _BORN_YEAR_RE.finditer(text):
            add(_Cand(m.start(1), m.end(1), "DOB", "year of birth after 'born'", 77))
        for m in _AGE_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "AGE", "age pattern ('aged 14', '14-year-old')", 72))
        for m in _AGE_PAREN_RE.finditer(text):
            add(_Cand(m.start(1) - 1, m.end(), "AGE", "age in brackets after a name", 66))
        for m in _ADDRESS_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "ADDRESS", "house number and street", 76))
        for m in _ADDRESS_LOWER_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "ADDRESS", "house number and street", 75))
        for m in _FLAT_RE.finditer(text):
            if re.match(r"(?i:unit)", m.group()) and m.end() - m.start() < 9:
                continue
            add(_Cand(m.start(), m.end(), "ADDRESS", "flat or apartment number", 77))
        for m in _PO_BOX_RE.finditer(text):
            if re.match(r"unit", m.group(), re.IGNORECASE):
                continue
            add(_Cand(m.start(), m.end(), "ADDRESS", "PO box", 74))
        for m in _FOREIGN_STREET_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "ADDRESS", "street name and number", 73))
        for m in _REF_RE.finditer(text):
            val = m.group(1)
            if re.fullmatch(r"\d{1,3}", val) and not re.search(r"ref|crn|upn|urn|mrn|log", m.group(0), re.IGNORECASE):
                continue
            if _digits(val) and len(_digits(val)) >= 3 or re.search(r"ref|crn|upn|urn", m.group(0), re.IGNORECASE) and _digits(val):
                add(_Cand(m.start(1), m.end(1), "REFERENCE", "number after a reference cue (ref, case, crime...)", 82))
        for m in _REF_CODE_RE.finditer(text):
            add(_Cand(m.start(1), m.end(1), "REFERENCE", "code after a reference cue (ref, log, number)", 81))
        for m in _REF_SHAPE_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "REFERENCE", "reference-number shape (letters/digits/slashes)", 62))

    else:
        for m in _AGE_RE.finditer(text):
            add(_Cand(m.start(), m.end(), "AGE", "age pattern ('aged fourteen', 'two-year-old')", 72))
        for m in _DATE_RE.finditer(text):
            s, e = m.start(), m.end()
            if _is_false_date(m.group()):
                continue
            kind = "DOB" if _DOB_CUE_RE.search(text, max(0, s - 40), s) else "DATE"
            add(_Cand(s, e, kind, "date pattern", 70))

    for m in _AGE_IS_RE.finditer(text):
        add(_Cand(m.start(1), m.end(1), "AGE", "age after 'she is', 'he's', 'I'm'", 66))
        if m.group(2):
            add(_Cand(m.start(2), m.end(2), "AGE", "age after 'she is', 'he's', 'I'm'", 66))
    if not _PREGNANCY_RE.search(text):
        for m in _AGE_SPAN_RE.finditer(text):
            add(_Cand(m.start(1), m.end(1), "AGE", "age in weeks or months ('at 8 weeks')", 71))
    if "_" in text or "#" in text or "." in text:
        for m in _HANDLE_SHAPE_RE.finditer(text):
            h = m.group()
            if "_" in h or "#" in h:
                add(_Cand(m.start(), m.end(), "HANDLE", "user name shape (letters with _ or #1234)", 83))
            elif _HANDLE_CONTEXT_RE.search(text) and not _URL_RE.fullmatch(h):
                add(_Cand(m.start(), m.end(), "HANDLE", "dotted user name near a social media word", 83))
    for m in _ADDRESS_RE.finditer(text) if not has_digit else ():
        add(_Cand(m.start(), m.end(), "ADDRESS", "named street (Road, Street, Avenue...)", 74))
    for m in _FOREIGN_STREET_RE.finditer(text) if not has_digit else ():
        add(_Cand(m.start(), m.end(), "ADDRESS", "street name and number", 73))
    for m in _SCHOOL_RE.finditer(text):
        s, e = _trim_school(text, m.start(), m.end())
        if s is not None:
            add(_Cand(s, e, "SCHOOL", "named school, nursery, college or PRU", 68))
    if any(w in lower for w in ("school", "academy", "college", "nursery", "pru", "primary", "high", "infants", "juniors", "grammar", "sixth")):
        for m in _SCHOOL_LOWER_RE.finditer(text):
            s, e = _trim_school(text, m.start(1), m.end(1), lowercase=True)
            if s is not None:
                add(_Cand(s, e, "SCHOOL", "named school, nursery, college or PRU", 67))
    return out


_PREGNANCY_RE = re.compile(
    r"\b(?:pregnan\w*|antenatal|gestation\w*|booked|booking|scan|premature|prem|born at|delivered|weeks'? gestation|due)\b",
    re.IGNORECASE,
)
_HANDLE_SHAPE_RE = re.compile(
    r"(?<![\w@.#/:-])(?=[A-Za-z0-9._]*[A-Za-z])(?:[A-Za-z0-9]+(?:[._]+[A-Za-z0-9]+)+_*|_+[A-Za-z0-9]+[A-Za-z0-9_.]*"
    r"|[A-Za-z0-9]+_+)(?:#\d{4})?(?![\w@]|\.\w)"
    r"|(?<![\w@.#/:-])[A-Za-z][A-Za-z0-9_.]{1,30}#\d{4}\b"
)
_HANDLE_CONTEXT_RE = re.compile(
    r"\b(?:snap\w*|insta\w*|ig|tiktok|tik tok|twitter|facebook|fb|discord|kik|telegram|account|acc|handle"
    r"|username|user name|profile|page|hacked|add(?:ed)? me|follow(?:ed)?|dm\w*|gamertag|xbox|psn|roblox)\b",
    re.IGNORECASE,
)
_HANDLE_STOP = frozenset(
    """
    gamertag gamer tag user username usernames handle id tag
    is was and or the a an on in at to of for with my his her their me him them you your it
    its this that all so but if then chat chats story stories streak streaks map maps message
    messages account accounts page pages group groups post posts pic pics photo photos video
    videos live dm dms app apps name names handle username user login password private public
    too also again now just only really still always never every some any more most lot lots
    loads sent send sending added adding add blocked blocking block deleted reported report
    """.split()
)

_MONTH_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december".split()
)


def _is_false_date(s: str) -> bool:
    """Reject date matches that are ordinary words: "may 2", "I'll march 10"."""
    low = s.lower()
    words = re.findall(r"[a-z]+", low)
    if not words:
        # numeric: reject fractions and scores like 3/4 handled by regex (needs 3 parts)
        return False
    # "may" alone before a small number is usually the verb ("she may 2..." is rare) -> keep
    if words[0] in ("may", "mar", "march", "sun", "sat", "wed") and re.fullmatch(r"[a-z]+\.?\s+\d{1,2}", low):
        return True
    return False


def _trim_school(text: str, s: int, e: int, lowercase: bool = False) -> tuple[int, int] | tuple[None, None]:
    """Drop leading generic words ("the", "his new") and reject wholly generic names."""
    span = text[s:e]
    words = list(re.finditer(r"\S+", span))
    i = 0
    while i < len(words) - 1 and (
        words[i].group().lower().strip(".,") in _GENERIC_SCHOOL_WORDS
        or words[i].group().lower().strip(".,") in _FUNCTION_WORDS
    ):
        i += 1
    if i >= len(words):
        return None, None
    s2 = s + words[i].start()
    rest = text[s2:e]
    rest_words = rest.split()
    if _SCHOOL_KEEP_PHRASES.match(rest):
        return None, None
    if all(w.lower().strip(".,'’") in _GENERIC_SCHOOL_WORDS or w.lower() in ("school", "academy", "college", "nursery", "pru", "unit", "provision", "centre", "form") for w in rest_words):
        return None, None
    if lowercase and len(rest_words) < 2:
        return None, None
    first = rest_words[0].lower().strip(".,")
    if first in _DETERMINERS or first in _TITLE_WORDS - {"park", "church"} and len(rest_words) <= 2:
        return None, None
    return s2, e


# --- name detection -------------------------------------------------------------------


class _Tok(NamedTuple):
    start: int
    end: int  # end of the name part (before any possessive 's)
    text: str
    key: str  # normalised
    possessive: bool


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _WORD_RE.finditer(text):
        t = m.group()
        s, e = m.start(), m.end()
        poss = False
        if len(t) > 2 and t[-2] in "'’" and t[-1] in "sS":
            t = t[:-2]
            e -= 2
            poss = True
        elif t[-1:] in "'’":
            t = t[:-1]
            e -= 1
        toks.append(_Tok(s, e, t, _norm(t), poss))
    return toks


_CONTRACTION_RE = re.compile(r"['’](?:t|m|re|ve|ll|d)$", re.IGNORECASE)
_SENT_BOUNDARY = frozenset(".!?\n:;\"“”•*>|")


def _is_sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t([{'‘-–—":
        if text[j] == "-" and j > 0 and text[j - 1] not in " \n":
            return False
        j -= 1
    return j < 0 or text[j] in _SENT_BOUNDARY


def _cap(t: str) -> bool:
    return t[:1].isupper() and not t.isupper() or (len(t) == 1 and t.isupper())


def _name_candidates(text: str) -> list[_Cand]:
    lex = _lexicon()
    toks = _tokenise(text)
    n = len(toks)
    if not n:
        return []
    out: list[_Cand] = []
    first, surnames, words, upper, places = lex.first, lex.surnames, lex.words, lex.upper, lex.places
    lows = [t.text.lower() for t in toks]

    def fn(i: int) -> int:
        k = toks[i].key
        c = first.get(k, 0)
        if not c and "-" in toks[i].text:
            parts = [_norm(p) for p in toks[i].text.split("-")]
            if all(p in first or p in surnames for p in parts if p):
                c = max(first.get(p, 0) for p in parts)
        return c

    def sur(i: int) -> bool:
        k = toks[i].key
        if k in surnames:
            return True
        if "-" in toks[i].text or "'" in toks[i].text or "’" in toks[i].text:
            parts = [_norm(p) for p in re.split(r"[-'’]", toks[i].text) if len(p) > 1]
            return bool(parts) and all(p in surnames or p in first for p in parts)
        return False

    def is_word(i: int) -> bool:
        t = toks[i].text
        k = lows[i]
        if k in words:
            return True
        if "-" in t:
            return all(p.lower() in words for p in t.split("-") if p)
        return False

    def word_size(i: int) -> int | None:
        t = toks[i].text
        size = words.get(lows[i])
        if size is None and "-" in t:
            sizes = [words.get(p.lower()) for p in t.split("-") if p]
            if sizes and all(x is not None for x in sizes):
                return max(x for x in sizes if x is not None)
        return size

    def unknown_name_context(i: int) -> bool:
        """Is this capitalised, unlisted word used like a person's name?"""
        t = toks[i].text
        if len(t) < 3 or _CAMEL_RE.search(t):
            return False
        prev = lows[i - 1] if i > 0 else ""
        if prev in _LOCATIVE or prev in ("the", "a", "an", "speaks", "speak", "speaking", "spoke", "fluent"):
            return False
        if prev == "to" and i > 1 and lows[i - 2] in _MOTION:
            return False
        if i + 1 < n and adjacent(i + 1) and _cap(toks[i + 1].text) and lows[i + 1] in _TITLE_WORDS | _ORG_WORDS:
            return False
        return True

    def blocked(i: int) -> bool:
        k = toks[i].key
        return k in _NOT_NAMES or lows[i] in _NOT_NAMES or _CONTRACTION_RE.search(toks[i].text) is not None

    def is_place(i: int) -> bool:
        k = lows[i]
        if k in places or (i + 1 < n and f"{k} {lows[i + 1]}" in places):
            return fn(i) < _UPPER_OVERRIDE or (i > 0 and lows[i - 1] in _LOCATIVE)
        size = upper.get(k)
        return size is not None and size <= 40 and fn(i) < _UPPER_OVERRIDE and k not in _UPPER_NAMES

    def gap(i: int) -> str:
        """Text between token i-1 and token i."""
        return text[toks[i - 1].end : toks[i].start] if i > 0 else text[: toks[i].start]

    def adjacent(i: int) -> bool:
        """Token i follows token i-1 with only a space (or initial dot) between."""
        if i == 0:
            return False
        g = text[toks[i - 1].end : toks[i].start]
        return g in (" ", ". ", "  ") and not toks[i - 1].possessive

    def next_low(i: int) -> str:
        return lows[i + 1] if i + 1 < n and text[toks[i].end : toks[i + 1].start].strip() in ("", ",") else ""

    def next_is_verb(i: int, strong: bool = False) -> bool:
        if toks[i].possessive:
            return True
        nl = next_low(i)
        if not nl:
            return False
        gap_ = text[toks[i].end : toks[i + 1].start]
        if "," in gap_:
            return False
        return nl in (_NAME_NEXT_STRONG if strong else _NAME_NEXT)

    def title_phrase(i: int) -> bool:
        """A capitalised common word beside it: "Youth Justice", "Early Help Hub"."""
        for j in (i - 1, i + 1):
            if 0 <= j < n and (adjacent(max(i, j)) if j > i else adjacent(i)):
                tj = toks[j].text
                if _cap(tj) and (lows[j] in _TITLE_WORDS or lows[j] in _NOT_NAMES or upper.get(lows[j], 99) <= 40):
                    return True
                if _cap(tj) and is_word(j) and not fn(j) and not sur(j) and lows[j] not in ("i",):
                    if not _is_sentence_start(text, toks[j].start) or j > i:
                        return True
        return False

    # classify each token: name evidence
    is_name = [False] * n
    reason = [""] * n
    strong_ctx = [False] * n  # context makes any capitalised token a name

    # context: titles, relationship words, naming cues
    for i in range(n):
        t = toks[i].text
        low = lows[i]
        j = i + 1
        if j >= n:
            break
        g = text[toks[i].end : toks[j].start]
        if low in _TITLE_TOKENS or t in _TITLES_CASED or low == "miss":
            if low == "miss" and t != "Miss" and not (not is_word(j) and (fn(j) or sur(j))):
                continue
            if t in ("Sister", "Father", "Officer", "Nurse", "Master", "Lady", "Lord", "Judge") and (
                i == 0 or lows[i - 1] in _DETERMINERS
            ):
                continue
            if g.strip(" .") == "" and "\n" not in g and lows[j] not in _FUNCTION_WORDS and (
                _cap(toks[j].text) or toks[j].text.isupper() or not blocked(j)
            ):
                strong_ctx[j] = True
                reason[j] = f"name after the title '{t}'"
            continue
        rel = low if low in _RELATION_SET else ""
        if not rel and low in ("worker", "visitor", "officer", "teacher", "carer") and i > 0:
            rel = low
        if rel and g.strip(" ,\"'“‘") == "" and "\n" not in g:
            prev = lows[i - 1] if i > 0 else ""
            prev2 = lows[i - 2] if i > 1 else ""
            prev_poss = i > 0 and (toks[i - 1].possessive or text[toks[i - 1].end : toks[i - 1].end + 1] in "'’")
            has_det = prev_poss or prev in _DETERMINERS or prev2 in _DETERMINERS or prev in ("new", "old", "little", "big", "older", "younger", "eldest", "youngest", "best", "step", "social", "health", "key", "support", "youth", "family", "class", "head", "school", "foster")
            direct = low in _KIN_DIRECT and _cap(t)
            if not (has_det or direct or (i > 0 and _cap(t) and lows[i - 1] in _RELATION_SET)):
                continue
            tj = toks[j].text
            if _cap(tj) and not blocked(j) and not is_place(j) and lows[j] not in ("i",):
                strong_ctx[j] = True
                reason[j] = f"a person's name after '{low}'"
            elif tj.islower() and not blocked(j):
                c = fn(j)
                if (c >= 50 or not is_word(j)) and (not is_word(j) or next_is_verb(j) or j + 1 >= n or text[toks[j].end : toks[j].end + 1] in ",.!?;:)"):
                    if lows[j] not in _FUNCTION_WORDS:
                        strong_ctx[j] = True
                        reason[j] = f"a person's name after '{low}'"
            continue
        if low == "and" and i > 0 and lows[i - 1] == "me" and not blocked(j) and lows[j] not in _FUNCTION_WORDS:
            if fn(j) >= 1000 or (_cap(toks[j].text) and not is_word(j)):
                strong_ctx[j] = True
                reason[j] = "a name after 'me and'"
            continue
        if low in ("called", "named", "name", "names", "calls", "call", "by", "as", "dear", "hi", "hello", "hey", "thanks", "says", "spoke", "to", "with", "love", "from", "and", "is"):
            pre = text[max(0, toks[i].start - 30) : toks[j].start]
            cue = _NAME_CUE_RE.search(pre)
            if not cue:
                continue
            cue_text = cue.group().lower()
            tj = toks[j].text
            strong = any(c in cue_text for c in _STRONG_CUES)
            if cue_text.strip() in ("and", "is", "to", "with", "from"):
                continue
            if _cap(tj) and not blocked(j) and not is_place(j) and lows[j] != "i":
                if strong or not is_word(j):
                    strong_ctx[j] = True
                    reason[j] = f"a name after '{cue.group().strip()}'"
            elif tj.islower() and strong and not blocked(j) and lows[j] not in _FUNCTION_WORDS:
                if not is_word(j) or fn(j) >= 1000 and (i > 0 and lows[i - 1] in _PERSON_NOUNS or lows[i - 1:i] == ["girl"]):
                    strong_ctx[j] = True
                    reason[j] = f"a name after '{cue.group().strip()}'"

    for i in range(n):
        tk = toks[i]
        t = tk.text
        low = lows[i]
        if len(tk.key) < 2 and not strong_ctx[i]:
            continue
        if strong_ctx[i]:
            is_name[i] = True
            continue
        if blocked(i):
            continue
        c = fn(i)
        s_ = sur(i)
        size = word_size(i)
        w = size is not None  # an English word at all
        common = size is not None and size <= 40
        cap = _cap(t)
        allcaps = t.isupper() and len(t) >= 3
        start = _is_sentence_start(text, tk.start)
        if cap and not allcaps:
            if is_place(i):
                continue
            if not start:
                if not common and (c or s_) and not (w and not c and size <= 55):
                    if c < 1000 and i > 0 and (lows[i - 1] in _LOCATIVE or (lows[i - 1] == "to" and i > 1 and lows[i - 2] in _MOTION)):
                        continue
                    is_name[i] = True
                    reason[i] = "first name from name lists, capitalised mid-sentence" if c else "surname from name lists, capitalised mid-sentence"
                elif w and c >= 2000 and not title_phrase(i) and (i == 0 or lows[i - 1] not in ("the", "a", "an", "this", "that", "our", "your", "any", "every", "no")):
                    is_name[i] = True
                    reason[i] = "first name that is also a word, capitalised mid-sentence"
                elif tk.possessive and not w:
                    is_name[i] = True
                    reason[i] = "capitalised word with 's, not in the English word list"
                elif not w and not c and not s_ and low not in upper and unknown_name_context(i):
                    is_name[i] = True
                    reason[i] = "capitalised word in no word list, used like a name"
            else:
                if not common and (c >= 20 or s_) and not (w and not c and size <= 55):
                    is_name[i] = True
                    reason[i] = "first name from name lists, at the start of a sentence" if c else "surname from name lists, at the start of a sentence"
                elif w and c >= 2000 and (
                    next_is_verb(i, strong=True)
                    or (tk.possessive and c >= 10000)
                    or (next_low(i) in ("was", "has", "had") and not toks[i].possessive)
                    or (next_low(i) == "is" and c >= 100_000)
                ):
                    is_name[i] = True
                    reason[i] = "first name that is also a word, followed by 'said/was/'s'"
                elif not w and not c and not s_ and low not in upper and (next_is_verb(i, strong=True) or tk.possessive):
                    is_name[i] = True
                    reason[i] = "capitalised word before 'said/told...', not in the English word list"
        elif allcaps:
            if not w and c >= 1000 and low not in _NOT_NAMES and not is_place(i):
                is_name[i] = True
                reason[i] = "first name from name lists (in capitals)"
        elif t.islower():
            if len(t) < 3 or is_place(i) or low in _FUNCTION_WORDS:
                continue
            if (not w or (size >= 50 and c >= 10000)) and c >= 1000:
                is_name[i] = True
                reason[i] = "first name from name lists, written in lowercase"
            elif tk.possessive and c >= 10000:
                is_name[i] = True
                reason[i] = "first name from name lists with 's"

    # extend names to neighbouring name parts: "Sarah Jones", "J. Smith", "Will Smith"
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if is_name[i]:
                continue
            tk = toks[i]
            t = tk.text
            if blocked(i) or lows[i] in _FUNCTION_WORDS or is_place(i):
                continue
            # following a name
            if i > 0 and is_name[i - 1] and adjacent(i) and not toks[i - 1].possessive:
                if (_cap(t) and (sur(i) or fn(i) or not is_word(i)) and lows[i] not in _TITLE_WORDS) or (
                    t.islower() and toks[i - 1].text.islower() and (sur(i) or fn(i) >= 1000) and not is_word(i)
                ) or (t.isupper() and len(t) >= 2 and toks[i - 1].text.isupper() and not is_word(i)):
                    is_name[i] = True
                    reason[i] = reason[i - 1] or "surname after a first name"
                    changed = True
                    continue
            # preceding a name
            if i + 1 < n and is_name[i + 1] and adjacent(i + 1) and not tk.possessive:
                if (_cap(t) and (fn(i) >= 500 or (not is_word(i) and (sur(i) or not _is_sentence_start(text, tk.start)))) and lows[i] not in _TITLE_WORDS) or (len(t) == 1 and t.isupper() and text[tk.end : tk.end + 1] == "."):
                    if not (len(t) == 1 and _is_sentence_start(text, tk.start) and t in "AI"):
                        is_name[i] = True
                        reason[i] = reason[i + 1] or "first name before a surname"
                        changed = True

    # build spans from runs of name tokens joined by a space, an initial or a hyphen
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and is_name[j + 1] and adjacent(j + 1) and not toks[j].possessive:
            j += 1
        s, e = toks[i].start, toks[j].end
        r = next((reason[k] for k in range(i, j + 1) if reason[k].startswith("a ")), reason[i]) or "name"
        out.append(_Cand(s, e, "NAME", r, 50))
        m = _AGE_AFTER_NAME_RE.match(text[e : e + 40])
        if m:
            g = 1 if m.group(1) else 2
            out.append(_Cand(e + m.start(g), e + m.end(g), "AGE", "age straight after a name ('Jo, 19,', 'Jo is 6')", 66))
        i = j + 1
    return out


_CAMEL_RE = re.compile(r"^(?!Mc|Mac|O['’]|D['’]|De|Di|Da|La|Le|Van|Von)[A-Z][a-z]+[A-Z]")
_ORG_WORDS = frozenset(
    """
    road street lane avenue close drive way council ltd limited plc inc group services
    university hospital surgery clinic station airport park centre center court prison
    """.split()
)
_FUNCTION_WORDS = frozenset(
    """
    a an the and or but if so as at by for from in into of off on onto out over to up upon
    with without is are was were be been being am do does did done have has had having will
    would shall should can could may might must not no nor yes i me my mine you your yours
    he him his she her hers it its we us our ours they them their theirs this that these
    those there here what which who whom whose when where why how all any both each few
    more most other some such only own same than too very just now then also again still
    ever never always often really about after before because while until since though
    although get got gets go goes went going come came comes said say says told tell
    """.split()
)
_PERSON_NOUNS = frozenset(
    "girl boy lad man woman bloke guy person someone somebody friend child kid baby son "
    "daughter worker lady gentleman fella teenager student pupil".split()
)


# --- resolution -----------------------------------------------------------------------


def _resolve(cands: list[_Cand], protected: list[tuple[int, int]], length: int) -> list[Finding]:
    """Choose non-overlapping findings: higher priority first, then longer, then earlier."""
    cands = [c for c in cands if 0 <= c.start < c.end <= length]
    cands.sort(key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    taken = sorted(protected)
    chosen: list[Finding] = []
    occupied = bytearray(length + 1)
    for s, e in taken:
        occupied[s:e] = b"\x01" * (e - s)
    for c in cands:
        if any(occupied[c.start : c.end]):
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(Finding(c.start, c.end, c.kind, c.reason))
    chosen.sort(key=lambda f: f.start)
    return chosen


def _keep_spans(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not keep:
        return spans
    low = text.lower()
    for p in keep:
        for m in re.finditer(r"(?<!\w)" + re.escape(p) + r"(?!\w)", low):
            spans.append((m.start(), m.end()))
    return spans


def _trim(text: str, f: _Cand) -> _Cand:
    """Strip surrounding whitespace and trailing punctuation from a candidate."""
    s, e = f.start, f.end
    while s < e and text[s] in " \t\n,;":
        s += 1
    while e > s and text[e - 1] in " \t\n,;:":
        e -= 1
    if (s, e) == (f.start, f.end):
        return f
    return _Cand(s, e, f.kind, f.reason, f.priority)


def _one_pass(text: str, keep: tuple[str, ...]) -> list[Finding]:
    protected = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]
    protected += _keep_spans(text, keep)
    cands = _pattern_candidates(text) + _name_candidates(text)
    cands = [_trim(text, c) for c in cands]
    return _resolve(cands, protected, len(text))


def _replace(text: str, findings: list[Finding]) -> str:
    parts: list[str] = []
    pos = 0
    for f in findings:
        parts.append(text[pos : f.start])
        parts.append(f.placeholder)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def strip_identifiers(text: str, *, keep: Iterable[str] = ()) -> StripResult:
    """Replace identifiers in free text with typed placeholders such as "[NAME]"."""
    keep_t = tuple(sorted({p.strip().lower() for p in keep if p and p.strip()}, key=len, reverse=True))
    findings = _one_pass(text, keep_t)
    if not findings:
        return StripResult(text=text, findings=())
    # Repeat on the output until nothing more is found, mapping offsets back, so that
    # stripping stripped text never changes it.
    all_findings = list(findings)
    current = _replace(text, findings)
    for _ in range(4):
        more = _one_pass(current, keep_t)
        if not more:
            break
        mapped = _map_back(more, all_findings)
        all_findings = sorted(all_findings + mapped, key=lambda f: f.start)
        current = _replace(text, all_findings)
    return StripResult(text=current, findings=tuple(all_findings))


def _map_back(more: list[Finding], prior: list[Finding]) -> list[Finding]:
    """Map findings in the stripped text back to offsets in the original text."""
    out: list[Finding] = []
    for f in more:
        shift = 0
        for p in prior:  # prior sorted by start
            p_out_start = p.start + shift
            if p_out_start >= f.end:
                break
            shift += len(p.placeholder) - (p.end - p.start)
        # f lies wholly outside placeholders; the shift of everything before it applies
        out.append(Finding(f.start - shift, f.end - shift, f.kind, f.reason))
    return out


def describe_findings(findings: Iterable[Finding]) -> list[str]:
    """Plain-English lines for the respondent saying what was removed and why."""
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    lines: list[str] = []
    for kind, fs in by_kind.items():
        n = len(fs)
        if n == 1:
            label = KIND_LABELS.get(kind, kind.lower())
            head = label[0].upper() + label[1:]
        else:
            head = f"{n} {_PLURAL_LABELS.get(kind, kind.lower())}"
        reasons = Counter(_plain_reason(f.reason) for f in fs)
        why = "; ".join(r for r, _ in reasons.most_common(2))
        lines.append(f"{head} ({why})")
    return lines


def _plain_reason(reason: str) -> str:
    return reason.replace("gazetteer", "list").replace("(phonenumbers)", "").strip()
