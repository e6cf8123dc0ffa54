"""Pattern rules: contact details, numbers, dates, ages, addresses, schools, handles."""

from __future__ import annotations

import re

from ._rules import cue_before
from ._lexicon import (
    _lexicon,
)
from ._vocab import (
    _DETERMINERS,
    _FUNCTION_WORDS,
    _TITLE_WORDS,
)


_DIGIT_RE = re.compile(r"\d")


_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")


_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|btinternet|aol|sky|virgin|virginmedia"
    r"|protonmail|proton|me|mail|msn|talktalk|ntlworld|nhs|blueyonder|tiscali|ymail)"
)


_DISTINCT_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|btinternet|aol|protonmail|ymail|blueyonder"
    r"|tiscali|ntlworld|virginmedia)"
)
_EMAIL_NO_TLD_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|aol|btinternet|msn|ymail)\b(?!\.\w)",
    re.IGNORECASE,
)
# An email address written to get past a filter or read out: "sarah dot jones at gmail dot
# com", "j.smith(at)example.org", "kay [at] hotmail [dot] co [dot] uk", "jsmith @ example . org".
_AT_WORD = r"(?:\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(@\)|\[@\]|-at-)\s*|\s+@\s+|\s+at\s+)"
_DOT_WORD = r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>|-dot-)\s*|\s+dot\s+|\s\.\s|\.)"
_SPELLED_EMAIL_RE = re.compile(
    r"(?<![\w.+@-])(?P<local>[A-Za-z0-9][A-Za-z0-9_%+'-]*(?:(?:\.|\s+(?:dot|underscore)\s+|\(dot\)|\[dot\])[A-Za-z0-9_%+'-]+)*)"
    r"(?P<at>" + _AT_WORD + r")"
    r"(?P<domain>" + _PROVIDERS + r"(?:" + _DOT_WORD + r"(?:com|co|uk|net|org))*"
    r"|[A-Za-z0-9-]+(?:"
    + _DOT_WORD
    + r"[A-Za-z0-9-]+)*"
    + _DOT_WORD
    + r"(?:com|co|uk|net|org|gov|nhs|sch|ac|io|ie|info|me|edu|biz))\b",
    re.IGNORECASE,
)


_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’]"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|gov\.uk|nhs\.uk|ac\.uk|sch\.uk"
    r"|com|org|net|io|ly|me|tv|info|biz|uk|ie)(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'’])?(?![\w@])"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/[^\s<>\"]*[^\s<>\".,;:!?)\]'’]",
    re.IGNORECASE,
)


_HANDLE_AT_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
# A forum user: Reddit's "u/name", or a user name shaped unlike a word after "posted by"
# ("Posted by FlowersInTheAttic", "posted by mum_of_3"); plain words ("posted by a mum") stay.
_FORUM_USER_RE = re.compile(
    r"(?<![\w/])u/([A-Za-z0-9_-]{3,20})\b"
    r"|\bposted\s+by\s+(?:u/)?((?-i:[A-Za-z]*[a-z][A-Z][A-Za-z0-9_]*|[A-Za-z][A-Za-z_]*\d[A-Za-z0-9_]*|[A-Za-z]+_[A-Za-z0-9_]+))\b",
    re.IGNORECASE,
)


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
    r"\b[A-Z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-D]?(?![\w])",
    re.IGNORECASE,
)


_NHS_RE = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")


_NHS_CUE_RE = re.compile(r"\b(nhs|chi)\b(?:[^.\n]|\bno\.){0,20}$", re.IGNORECASE)


_PHONE_CUE_RE = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|cell|call|ring|rang|text|txt|whatsapp|contact|fax"
    r"|landline|number|no|num)\b\.?\s*[:\-]?\s*$",
    re.IGNORECASE,
)


_LONG_NUMBER_RE = re.compile(
    r"(?<![\w£$€])(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\s./-]{0,2}\d){4,}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\d])"
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


_DATE_RE = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})"
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+(?:the\s+)?)?"
    # a range of days before the month counts whole ("6 to 17 March", "2 and 5 October", "3rd-7th June")
    r"(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|to|and|&|or)\s*(?:the\s+)?)?"
    r"\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTHS + r"\b\.?(?:,?\s+(?:\d{4}|'\d{2}))?"
    # a weekday before the month and day, US-style ("Thursday, March 19"): "March" is no verb here
    r"|(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
    + _MONTHS
    + r"\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?"
    r"|" + _MONTHS + r"\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?"
    r"|" + _MONTHS + r"\.?,?\s+(?:19|20)\d{2}"
    r"|(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)"
    # a weekday before a day and month ("Tues 4/11", "Friday 13/3"): a date, not a score
    r"|(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?:the\s+)?"
    r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![/\d]|\.\d)"
    r")(?![\w/]|-\d)",
    re.IGNORECASE,
)


# A day written without a month name or year, after a time preposition: "on the 14/03",
# "ring back on the 9th and". What follows must not make it a count, score or floor
# ("on the 2nd floor", "3/10 cases").
_SHORT_DATE_RE = re.compile(
    r"\b(?:on|by|from|until|till|since|before|after|due|dated)\s+(?:the\s+)?(\d{1,2}/\d{1,2})(?![/\d.])"
    r"(?!\s*(?:%|of\b|cases|children|marks|scale|chance|split|ratio|odds|pupils|staff|people|families|points?))"
    r"|\b(?:on|by|from|until|till|since|before|after|due)\s+(the\s+(\d{1,2})(?:st|nd|rd|th))\b"
    r"(?=\s*(?:$|[.,;:!?)]|(?:and|but|so|when|at|in|for|which|because|or|then|she|he|they|we|i|it|as|too"
    r"|though|until|to|with|she'd|he'd|they'd|we'd|i'd)\b))",
    re.IGNORECASE,
)


_MONTH_YEAR_RE = re.compile(_MONTHS + r"\.?,?\s+(?:19|20)\d{2}", re.IGNORECASE)
_INSPECTION_DATES_RE = re.compile(
    r"\binspection\s+dates?\s*[:\-]?\s*$|\binspected\s+(?:on|between|from)\s+$", re.IGNORECASE
)
_PUBLIC_EVENT_RE = re.compile(
    r"\b(?:published|publication|came into (?:force|effect)|comes into (?:force|effect)|introduced|updated"
    r"|revised|issued|enacted|commenced|launched|inspected|inspection|implemented|rolled out|statutory guidance"
    r"|replaced|superseded|amended|withdrawn|released|refreshed)\b"
    r"(?:(?![.!?,;]|\band\b|\bbut\b|\bwhen\b|\bwho\b).)*$",
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
    r"|d[sd]\d?|ds[sd]|dgs|dgd|dn|dnephew|dniece|teen|toddler|lo|lg|lb"
    r"|(?-i:[A-Z][a-z]*))"  # a single capital too: "Mr F was 19", "Child D was 4" (pseudonyms)
)


_AGE_IS_RE = re.compile(
    r"(?:\b" + _AGE_SUBJECT + r"(?:[\"”)]{1,2}(?=\s))?,?(?:'s|’s|\s+is|\s+was|\s+am|'m|’m|\s+are|'re|\s+were|\s+turned"
    r"|\s+turns|\s+will\s+be|\s+would\s+be|\s+are\s+both|\s+were\s+both|\s+is\s+now|\s+was\s+then)"
    r"|\bi\s?m|\bshes|\bhes|\btheyre|\bur|\byoure|\bturned|\bturns|\bturning|\bturn|\bwhen\s+(?:i|he|she|they)\s+(?:was|were)"
    r"|\bsince\s+(?:i|he|she|they)\s+(?:was|were))"
    r"\s+(?:(?:only|just|nearly|almost|about|barely|still|now|over|under|actually|really|like)\s+){0,2}"
    r"((?:\d{1,2}|"
    + _NUMBER_WORDS
    + r")(?:\s+(?:weeks?|months?)(?:\s+old)?)?)(?:\s+and\s+(\d{1,2}|"
    + _NUMBER_WORDS
    + r"))?"
    r"(?=\s*(?:$|[.,;:!?)]|\s(?:and|but|so|now|nearly|next|this|last|when|at|in|on|with|then"
    r"|years?|yrs?|yo|or|not|because|cos|coz|though|tho|by|if|like|he|she|i|the|himself|herself"
    r"|themselves|myself|too|then|now|we|you|they|my|our|his|her|me|us|him|them|mum|dad|it|there)\b|\s*\())",
    re.IGNORECASE,
)


# Ages listed straight after children: "the boys, 7 and 9, were", "the twins (4)".
_AGES_AFTER_PEOPLE_RE = re.compile(
    r"\b(?:boys|girls|children|kids|twins|sons|daughters|siblings|brothers|sisters|grandchildren|boy|girl|son"
    r"|daughter|child|baby|babies|defendant|man|woman|mother|father|victim|teenager)\s*[,(]\s*(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\s*[,)]",
    re.IGNORECASE,
)


_AGED_LEAD_RE = re.compile(r"aged?\s*:?\s*(?:of\s+)?(?:just\s+|only\s+|about\s+|around\s+)?", re.IGNORECASE)
_AGE_NUMBER_RE = re.compile(r"\b(?:\d{1,2}|" + _NUMBER_WORDS + r")\b", re.IGNORECASE)
_ESTATE_RE = re.compile(
    r"\b(?:the|on|off|from)\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})\s+(?:[Ee]state)\b"
    r"|\b([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}\s+Estate)\b(?!\s+[Aa]gent)"  # "Flat 21, Hawthorn Tower, Parkside Estate"
)
_GENERIC_ESTATE_WORDS = frozenset(
    "council housing industrial trading business retail new old local same big real landed private social".split()
)
_LIVE_WORDS = frozenset("live lives living lived stay stays staying stayed".split())
_LIVES_ON_RE = re.compile(
    r"\b(?:lives?|living|lived|stay(?:s|ing|ed)?)\s+on\s+(?:the\s+)?((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})\b(?!\s+(?:Estate|estate))"
)
_WORD_BEFORE_RE = re.compile(r"(\S+)\s*$")
_AGE_PAREN_PEOPLE = frozenset(
    """son daughter brother sister baby child kid boy girl mum mam dad sibling twin nephew niece
    cousin grandson granddaughter stepson stepdaughter ds dd dsd dss dgs dgd lo lg lb teen toddler
    man woman lad youth teenager youngster mother father defendant pensioner""".split()
)
_DOC_WORDS = frozenset(
    """section page room year chapter appendix table figure step part level stage phase tier
    grade point paragraph para annex schedule article rule regulation act standard item
    question q no number option box line ward bay bed""".split()
)
_AGE_AFTER_NAME_RE = re.compile(
    r"\A(?:\s*,\s*|\s+)\(?(\d{1,2})\)?(?=\s*,|\s+(?:was|is|has|had|and|who|from|years?)\b)"
    r"|\A,?\s+(?:is|was|'s|’s|turned|turns)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|about\s+|now\s+|actually\s+)?"
    r"(\d{1,2}|"
    + _NUMBER_WORDS
    + r")(?=\s*(?:$|[.,;:!?)]|\s(?:and|but|so|now|when|years?|yrs?|yo|or|because|cos|at|in|with)\b))",
    re.IGNORECASE,
)


_AGE_SPAN_RE = re.compile(
    r"\b(?:at|aged|age|only|just|nearly|baby|infant)\s+((?:\d{1,2}|"
    + _NUMBER_WORDS
    + r"|a|one)\s+(?:weeks?|months?|wks|mths)(?:\s+old)?)\b(?!\s+(?:ago|later|pregnant|gestation|before"
    r"|after|of|in|on|to|late|behind|waiting|wait|since|into|for|until|off|away|prison|custody|earlier))",
    re.IGNORECASE,
)


# Forum kin abbreviations with the child's age joined on: "DD14", "DS16", "dsd11".
_KIN_AGE_RE = re.compile(r"\b(?:d[sd]|ds[sd]|dg[sd])(\d{1,2})\b", re.IGNORECASE)
# "(14)", "(14m)", and with a time word, "(now 19)", "(then 14)", "(aged 9 now)"
_AGE_PAREN_RE = re.compile(
    r"(?<=[A-Za-z0-9\]])\s?\((?:(?:now|then|age|aged)\s+)?(\d{1,2}(?:\s+and\s+a\s+half|\s*½|\.\d)?(?:\s*(?:yrs?|yo|y/o|months?))?)\s*(?:m|f)?(?:\s+(?:now|then))?\)",
    re.IGNORECASE,
)


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
    r"(?:(?:flat|apartment|apt|unit|suite|room|rm|studio|maisonette|no|number|house|plot|pitch)\.?\s*#?\s*"
    r"\d{1,4}[A-Za-z]?\b|#\s?\d{1,4}[A-Za-z]?\b)"
)


_SEP_STRONG = r"(?:[ \t\r]*,[ \t\r]*\n?[ \t\r]*>?[ \t\r]*|[ \t\r]*\n[ \t\r]*>?[ \t\r]*)"


_SEP_ANY = r"(?:[ \t\r]*,[ \t\r]*\n?[ \t\r]*>?[ \t\r]*|[ \t\r]*\n[ \t\r]*>?[ \t\r]*|[ \t\r]+)"


_ADDRESS_TAIL = (
    r"(?:" + _SEP_ANY + r"(?i:apt|apartment|suite|ste|unit|flat|fl|floor|room|#)\.?[ \t\r]*#?[ \t\r]*\w{1,5}\b"
    r"|" + _SEP_STRONG + r"[A-Z][^\W\d_'’.-]*[^\W\d_]*(?:[ \t\r]+[A-Z][^\W\d_]+){0,2}(?![\w])"
    r"|" + _SEP_ANY + r"(?:[A-Z]{2}[ \t\r]+)?\d{5}(?:-\d{4})?(?![\d])"
    r"){0,5}"
)


# "a 9 minute walk", "a 2 mile drive": a time or a distance, not a house number and a street.
_NOT_A_DISTANCE = r"(?!(?-i:minutes?|mins?|hours?|hrs?|miles?|seconds?|secs?|metres?|meters?|yards?|steps?|km)\b)"
_ADDRESS_RE = re.compile(
    r"(?:" + _FLAT + r",?\s+(?:(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:House|Court|Tower|Towers|Lodge"
    r"|Mansions|Point|Heights|Building|Buildings|Block|Flats|Apartments),?\s+)?)?"
    r"(?:\b(?i:no|number)\.?\s*(?=\d))?\b"
    + _HOUSE_NO
    + r",?\s+"
    + _NOT_A_DISTANCE
    + r"(?:"
    + _ADDR_WORD
    + r"\s+){0,3}"
    + _ADDR_WORD
    + r"\s+"
    r"(?i:"
    + _STREET_SUFFIX_STRONG
    + r"|"
    + _STREET_SUFFIX_WEAK
    + r")\b\.?(?:\s+(?:East|West|North|South|Upper|Lower)\b)?"
    + _ADDRESS_TAIL
    + r"|\b(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Close|Drive"
    r"|Crescent|Grove|Gardens|Gdns|Terrace|Mews|Boulevard|Wynd|Way|Walk|Promenade|Esplanade)\b\.?(?!\s+(?:[A-Z][a-z]+\s+)?(?:School|Academy|College|Primary"
    r"|Nursery|Surgery|Clinic|Hospital|Centre|Center|Station|Police|Church|Health|Medical|Park"
    r"|Library|Court|Magistrates|Family|Youth))",
)


# Lowercase addresses ("14 elm road"): the words after the number are not a preposition or
# a count ("10 at Castle View", "3 times a week"), and the number is not a school year.
_ADDRESS_LOWER_RE = re.compile(
    r"(?<!year )(?<!yr )(?<!years )\b(?:(?:flat|apartment|apt|unit)\s*\d{1,4}[a-z]?,?\s+)?\d{1,4}[a-z]?,?\s+"
    r"(?!(?:at|in|on|to|for|and|or|by|from|with|of|is|was|are|were|times?|years?|weeks?|days?|months?)\b)"
    + _NOT_A_DISTANCE
    + r"(?:"
    + _ADDR_LOWER_WORD
    + r"\s+){1,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|close|drive|crescent|grove|gardens|terrace|mews|way"
    r"|court|place|walk|square|rise|view|parade|row|green|hill)\b",
    re.IGNORECASE,
)


# A lowercase street name without a number, after a preposition: "kfc on market st",
# "down church lane". A determiner or a describing word before it ("on the high street",
# "a busy road", "down memory lane") makes it no particular street.
_STREET_LOWER_NO_NUMBER_RE = re.compile(
    r"\b(?:on|off|down|up|along|near|from|to|at|in|round|by|onto|opposite|outside)\s+"
    r"((?!(?:the|a|an|this|that|these|those|my|our|his|her|their|your|its|every|each|any|no|some"
    r"|high|main|back|front|side|ring|slip|same|busy|next|other|dual|one|two|memory|easy|fast|slow"
    r"|wrong|right|open|country|private|long|quiet|dirt|toll|bus|cycle|school|which|what|and|or"
    r"|new|old|big|little|local|to|at|in|on|by|from|into|onto|for|with|of|round|near|down|up|off)\b)"
    r"[a-z][a-z'’]+(?:\s+(?!(?:the|a|an|and|or|to|of|in|on|at)\b)[a-z][a-z'’]+)?\s+(?:st|rd|road|street|lane|ave|avenue|crescent|terrace)\b)"
)


# Welsh street names come first: "7 Cwrt y Felin", "12 Heol y Nant", "3 Ffordd Penrhos".
_WELSH_STREET_RE = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:Heol|Ffordd|Stryd|Lôn|Lon|Cwrt|Rhodfa|Maes|Clos|Teras|Llys|Plas|Ystad|Bryn|Cae|Parc|Tir|Pant|Dôl|Dol)"
    r"\s+(?:(?:y|yr|'r|’r|[A-Z][\w'’-]+)\s+){0,3}[A-Z][\w'’-]+"
)


# One-word street names after a house number: "19 Queensway", "4 Broadway", "2 Eastgate".
_COMPOUND_STREET_RE = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+[A-Z][a-z]{2,}(?:way|gate|side|field|fields|gardens|croft|mead|dale|bank|wood|lands|moor"
    r"|hill|view|green|grove|crescent)\b"
)
# ... unless the number counts something else: "Year 10 Westfield", "Table 2 Woodside"
_NOT_HOUSE_NUMBER_BEFORE = frozenset(
    "year yr page room section table level stage step tier ward bay bed class group".split()
)


# House names: "Rose Cottage", "the Old Forge"; with a cue ("we live at") also a Farm,
# Lodge, House or Mill.
_HOUSE_NAME_RE = re.compile(
    r"\b((?:[A-Z][a-z'’-]+\s+){1,2}(?:Cottage|Cottages|Farmhouse|Bungalow|Forge|Villa))\b"
    r"|\b(?:live|lives|living|lived|stay|stays|staying|stayed|moved|moving|accommodation|hostel|placed|housed|rehoused)"
    r"\s+(?:at|in|to)\s+(?:the\s+)?"
    r"((?:[A-Z][a-z'’-]+\s+){1,2}(?:Farm|Barn|Lodge|House|Manor|Mill|Grange|Croft|Hall|Forge|Cottage|Bungalow|Villa|Court"
    r"|Tower|Towers|Mansions|Heights))\b"
    # a named block on a named street: "Kestrel House on Bath Road"
    r"|\b((?:[A-Z][a-z'’-]+\s+){1,2}(?:House|Court|Tower|Towers|Lodge|Mansions|Heights))(?=\s+(?:on|off)\s+(?:[A-Z][a-z'’-]+\s+){1,2}"
    r"(?:Road|Street|Lane|Avenue|Way|Drive|Close|Rd|St)\b)"
)


_BUILDING = (
    r"(?:house|court|tower|towers|lodge|mansions|point|heights|building|buildings|block|flats"
    r"|apartments|place|road|street|lane|avenue|close|drive|way|walk|gardens|grove|terrace|mews"
    r"|square|hall|view|rise|quay|wharf|works|mill|yard|centre|estate|business park|industrial park|retail park|trading estate)"
)


# "Plot 7, Longmoor Lane", "pitch 12 Brook Lane": a plot or pitch on a site before its number.
_PLOT_BEFORE_RE = re.compile(r"\b(?i:plot|pitch|caravan|chalet|berth)\s+$")


_FLAT_RE = re.compile(
    r"\b(?:(?i:flat|apartment|apt|maisonette|unit|plot|pitch)\.?\s*(?i:no\.?\s*|number\s*)?\d{1,4}[A-Za-z]?\b"
    r"|(?i:house\s+(?:number|no\.?))\s*\d{1,4}[A-Za-z]?\b"
    r"|(?:Flat|Apartment)\s+[A-Z]\b|(?i:number|no\.?)\s*\d{1,4}[A-Za-z]?(?=,?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?i:"
    + _BUILDING
    + r")\b))"
    r"(?:,?\s+(?:(?:in|at|of)\s+)?(?:[A-Z][\w'’-]+\s+){1,3}(?i:" + _BUILDING + r")\b"
    r"|,?\s+\d{1,4}[A-Za-z]?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?i:"
    + _BUILDING
    + r")\b(?:\s+(?:East|West|North|South|Upper|Lower)\b)?"
    r"|,?\s+(?:[a-z][\w'’-]+\s+){1,2}(?:house|court|tower|lodge|road|street|lane|avenue|close|drive)\b"
    r"|,\s+The\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b)?",
)


_PO_BOX_RE = re.compile(
    r"\b(?:P\.?\s?O\.?\s?Box|PSC|Unit)\s+\d{1,6}(?:,\s*Box\s+\d{1,6})?"
    r"(?:\s*\n?\s*(?:APO|FPO|DPO)\s+[A-Z]{2}\s+\d{5})?",
    re.IGNORECASE,
)


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
    r"(?:School|Academy|College|Nursery|Pre-?[Ss]chool|Preschool|Kindergarten|PRU|Pupil Referral"
    r"\s+Unit|Sixth Form(?: College)?|Primary|Infants?|Juniors?|High|Grammar|Playgroup"
    r"|Montessori|Day Nursery|Learning Centre|Short Stay School|Free School|Studio School"
    r"|UTC|Alternative Provision|AP Academy|Children['’]?s Centre|Family Centre)"
)


_SCHOOL_RE = re.compile(
    r"(?:\b(?:St\.?|Saint|Our Lady(?: of)?|Holy|Sacred|Blessed|King|Queen|Bishop|Cardinal"
    r"|Archbishop|Sir|Dame|Lady)\s+)?"
    r"\b(?:[A-Z][A-Za-z'’.-]+|[A-Z]{2,})(?:\s+(?:[A-Z][A-Za-z'’.-]+|&|and|of|the|on|upon|in"
    r"|de|la|by)){0,4}\s+"
    r"(?:" + _SCHOOL_HEAD + r"\s+){0,3}" + _SCHOOL_TAIL + r"\b(?:\s+(?:School|Academy|College"
    r"|Nursery|Unit)|(?<=Academy)(?:\s+(?!(?:is|was|and|in|on|at|for|to|the)\b)[A-Z][a-z]+){1,2}(?=[\s.,;:!?)]|$))?",
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


# Church school names said without "school" ("i go holy trinity", "she attends St Mary's"):
# a saint's name after a verb of going to school, or a dedication (Holy, Our Lady...).
_CHURCH_SCHOOL_RE = re.compile(
    r"\b(?:(?:go|goes|going|went|attend(?:s|ed|ing)?|(?:excluded|expelled|kicked\s+out)\s+(?:from|of)|moved\s+(?:him|her|them)\s+to"
    r"|left|joined|started\s+at|transferred\s+(?:to|from))"
    r"\s+(?:to\s+)?((?:st\.?|saint)\s+[a-z]+(?:['’]s|s)(?!\w))"
    r"|(?:go|goes|going|went|attend(?:s|ed|ing)?|at|from|to)\s+"
    r"((?:holy|sacred|blessed)\s+(?!(?:communion|mass|week|spirit|ghost|bible|scriptures?|book|water|land"
    r"|days?|orders|see|city|father|grail|war|name|trinity\s+church|island|isle|roman|quran|koran|sepulchre)\b)[a-z]+"
    r"|our\s+lady(?:['’]?s)?(?:\s+(?:of|and)\s+(?:the\s+)?[a-z]+)?|all\s+saints['’]?|christ\s+the\s+king))\b",
    re.IGNORECASE,
)
_CHURCH_SCHOOL_CUES = frozenset("holy sacred blessed lady saints christ st saint".split())


_GENERIC_SCHOOL_WORDS = frozenset(
    """
    the a an his her my their our your its this that these those new old local primary
    secondary high special mainstream current previous same another different other next
    last nursery free catholic private boarding independent faith state grammar junior
    infant first middle upper sixth residential day alternative senior main
    village community further higher education sixth-form form year reception his her
    pre preschool good bad outstanding requires improvement inadequate ofsted rated
    every each any some no one two both all whole entire own virtual hospital home
    monday tuesday wednesday thursday friday saturday sunday weekend supplementary bible
    church youth pupil referral unit child children's childrens kids local-authority
    council university uni training art arts dance drama music football sports sport
    online evening night summer holiday sunday supplementary madrassa mosque bible
    sure start inspection inspections report visit letter
    """.split()
)


# Words English place and school names are built from ("castle view academy", "oak hill
# primary"): common words, but a descriptive phrase ("the big school", "a better college")
# does not use them, so in lowercase they still mark a school's own name.
_PLACE_ELEMENTS = frozenset(
    """
    castle view hill hills park field fields wood woods oak oaks ash elm beech birch willow
    brook river bank side green meadow meadows moor dale vale lea grove cross bridge mill
    well wells gate ford valley heath abbey priory manor hall court rise mount hollow spring
    springs stone lake pool marsh shore bay cliff ridge glen croft farm orchard garden
    gardens lane way road street haven chase fold tower towers bridge kings queens
    """.split()
)


# A role held in a school, before the school: "Head of College", "Deputy Head of Kingsmead College".
_SCHOOL_ROLE_OF_RE = re.compile(
    r"(?:(?:Deputy|Assistant|Acting|Executive|Vice)\s+)?(?:Head(?:teacher)?|Principal|Headmaster|Headmistress"
    r"|Director|Chair|Governors?|Heads|HT|DHT|AHT|SENCO|SENCo|DSL)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_SCHOOL_KEEP_PHRASES = re.compile(
    r"^(?:Sixth Form(?: College)?|Further Education College|Virtual School|Hospital School"
    r"|Special School|Primary School|Secondary School|High School|Grammar School|Free School"
    r"|Pupil Referral Unit|Alternative Provision|Day Nursery|Forest School|Sunday School"
    r"|Boarding School|Nursery School|Infant School|Junior School|Community School)$",
    re.IGNORECASE,
)


_REF_RE = re.compile(
    r"(?:\b(?:ref(?:erence)?|no|num|number|id|crn|upn|urn|mrn|log|incident|crime|complaint|claim|referral)\b|#)\.?\s*(?:is|was|no\.?"
    r"|number|=)?\s*[:#\-(]?\s*"
    r"((?=[A-Za-z0-9/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]{1,20}(?:[ ](?=\S*\d)[A-Za-z0-9/-]{2,12}){0,2})",
    re.IGNORECASE,
)


_REF_CODE_RE = re.compile(
    r"\b(?:ref|reference|number|log|no\.|case|crime)\b[^.\n]{0,45}?\b((?-i:[A-Z]{2,5})[ -]?\d{3,10}(?:[/-]\d{1,10}){0,2})\b",
    re.IGNORECASE,
)


_REF_SHAPE_RE = re.compile(
    r"(?<![\w/])(?:[A-Z]{1,5}[/-]?\d{2,4}[/-]\d{3,8}(?:[/-]\d{1,4})?|\d{2,4}/\d{4,8}(?:/\d{1,4})?"
    r"|[A-Z]{2,4}\d{5,10}|\d{2}/\d{3,6}/\d{2,4})(?![\w/])"
)


# Words a cue may show in a finding's reason. A reason is kept with the answer and read by
# staff, so it names the cue that fired ("I'm", "lives on") but never the respondent's own
# words: "Shanice is 15" is explained as an age after "is", not after "Shanice is".
_CUE_WORDS = _FUNCTION_WORDS | frozenset(
    """i'm i’m im shes hes theyre youre ur turned turns turning turn will would both now then only just
    nearly almost about barely still over under actually really like son daughter brother sister baby
    child kid kids boy girl guy man woman lad bloke mum mam mom dad father mother partner boyfriend
    girlfriend twins twin children nephew niece cousin grandson granddaughter eldest youngest oldest
    stepson stepdaughter victim suspect perpetrator friend mate teen toddler male female adult teenager
    youngster husband wife grandad grandfather grandmother nan gran granny uncle aunt auntie stepdad
    stepmum lives live living lived stay stays staying stayed down along near opposite outside round
    onto house home flat property bungalow maisonette bedsit place houses flats homes family families
    called attended raided arrested found fire visit visited go goes going went attend attends attended
    attending excluded expelled kicked left joined started transferred moved address addresses located
    resides reside sent send post posted deliver delivered drops drop meet office offices billing
    arrived taxi stop return validate following""".split()
)


def _is_spelled_email(m: re.Match[str]) -> bool:
    """Is a match of _SPELLED_EMAIL_RE an email address rather than "look at bbc.co.uk"?"""
    at, domain, local = m.group("at").strip().lower(), m.group("domain").lower(), m.group("local").lower()
    if at not in ("at", "@"):
        return True  # "(at)", "[at]", "-at-": nobody writes these but to hide an address
    if at == "@":
        return True  # "jsmith @ example.org": an address with spaces put in
    if re.search(r"\bdot\b", domain) or re.match(_DISTINCT_PROVIDERS + r"\b", domain):
        return True  # "smith at example dot org", "kay_x at hotmail"
    # "at" and a written domain: the part before "at" must look like a user name and not an
    # English word ("j.smith at example.org"; "look at bbc.co.uk" is a link)
    return re.search(r"[._\d]", local) is not None or local not in _lexicon().words


def _cue_before(text: str, m: re.Match[str], group: int = 1) -> str:
    """The cue words of a match before its group, the words that actually triggered the rule ("I'm",
    "lives on"), leaving out any word that is not a cue word (a name before "is")."""
    return cue_before(text, m.start(), m.start(group), _CUE_WORDS)


def _leading_cue(cue: str) -> str:
    """The cue words a cue match starts with ("address of" in "address of her nan is")."""
    words = cue.replace(":", " ").split()
    k = 0
    while k < len(words) and words[k].lower() in _CUE_WORDS:
        k += 1
    return " ".join(words[:k])


def _first_word(m: re.Match[str]) -> str:
    """The first word of a match ("on" in "on the 14/03", "boys" in "boys, 7 and 9")."""
    return m.group().split()[0].strip(",(")


def _nhs_valid(digits: str) -> bool:
    """NHS number modulus 11 check."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_DIGIT_TABLE = str.maketrans("", "", "0123456789")


def _ndigits(s: str) -> int:
    """How many ASCII digits are in s (fast: done by str.translate in C)."""
    return len(s) - len(s.translate(_DIGIT_TABLE))


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


_NUMBER_WORD_SET = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty""".split()
)
_HANDLE_CUE_WORDS = frozenset(
    """snap snapchat sc insta instagram ig tiktok tik tt twitter fb facebook discord kik telegram
    threads yubo wizz roblox xbox psn gamertag gamer twitch youtube yt username user handle
    account""".split()
)
_HANDLE_CONTEXT_WORDS = _HANDLE_CUE_WORDS | frozenset(
    "acc profile page hacked add added follow followed dm dms dmd messaged".split()
)
_MONTH_SET = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december""".split()
)
_AGE_UNIT_WORDS = frozenset("week weeks month months wks mths mnths".split())
_AGE_GATE_WORDS = frozenset(
    """aged age year years yr yrs yo old is was turned turns turn turning im i'm am are were
    be when since shes hes theyre youre ur""".split()
)
_STREET_WORDS = frozenset(
    """street st road rd avenue ave av lane ln close cl drive drv crescent cres cresc grove gr
    gardens gdns terrace terr tce mews boulevard blvd highway hwy parkway pkwy wynd causeway
    esplanade promenade gate row way court ct place pl square sq hill rise view park parade
    green vale croft fold brow heights meadow meadows chase glen circus quay wharf yard walk
    path field fields approach grange dale mount lea leys wood woods lawn lawns crossing end
    side bank top bottom estate circle trail loop plaza hollow ridge point pike run manor mill
    ter trl cir""".split()
)
_PUBLIC_BUILDING_WORDS = frozenset(
    """family crown county magistrates magistrates' youth high royal supreme civic town city council
    village community parish guild church court coroner's coroners district combined""".split()
)
_PEOPLE_PLURALS = frozenset(
    "boys girls children kids twins sons daughters siblings brothers sisters grandchildren boy girl son daughter child baby babies"
    " defendant man woman mother father victim teenager".split()
)
_STREET_ABBREV_WORDS = frozenset("st rd road street lane ave avenue crescent terrace".split())
_HOUSE_NAME_WORDS = frozenset(
    "cottage cottages farmhouse bungalow forge villa farm barn lodge house manor mill grange croft hall court tower towers"
    " mansions heights".split()
)
_FLAT_WORDS = frozenset("flat apartment apt maisonette unit number no box psc".split())
_SCHOOL_WORDS = frozenset(
    """school academy college nursery preschool pre-school kindergarten pru primary infant
    infants junior juniors high grammar playgroup montessori sixth utc provision unit centre""".split()
)
_REF_WORDS = frozenset(
    """ref reference no num number id crn upn urn mrn log case crime incident complaint claim
    referral mash""".split()
)
_DOT_WORD_RE = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2}")


# A capitalised word that is the subject of something only said of a child ("Kendal is in
# Year 10", "Devon has been excluded"): a name even when it is also a place.
_CHILD_SUBJECT_RE = re.compile(
    r"\b([A-Z][a-z]{2,})\s+(?:is|was|has been|had been|got|gets|is now|was being)\s+"
    r"(?:in (?:year|yr)\s*\d{1,2}\b|in reception\b|(?:permanently |temporarily )?(?:excluded|suspended|expelled)\b"
    r"|on a (?:child protection|cp|child in need|cin) plan\b|in (?:foster )?care\b|looked after\b"
    r"|(?:reported )?missing from (?:home|care|school)\b)"
)
_CHILD_SUBJECT_CUES = frozenset(
    {"year", "yr", "reception", "excluded", "suspended", "expelled", "plan", "care", "looked", "missing"}
)


# A police log or incident number is written "4471 of 12/06" (the log of that day); with
# a cue word before it, or three or more digits, it is a reference.
_LOG_OF_DATE_RE = re.compile(
    r"(?<![\w/])(\d{1,5}\s+of\s+(?:\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b))(?![\w/])"
)
_LOG_CUE_RE = re.compile(r"\b(?:log|incident|ref|reference|crime|cad|serial|number|no)\b[^.\n]{0,25}$", re.IGNORECASE)


# A police officer's collar (shoulder) number names one officer as surely as a surname.
_COLLAR_RE = re.compile(r"\b(?:PC|PCSO|DC|DS|PS|Sgt|Sergeant|Constable|Officer)\.?\s+(\d{2,6})\b(?![./]\d)")


# Loose forms of phones, dates, ages, addresses and schools; each is written for the form, not a sentence.

_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SPOKEN_TOKEN = (
    r"(?:zero|one|oh|o|nought|nil|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|" + _TENS + r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine)(?![a-z]))?"
    r"|two|three|four|five|six|seven|eight|nine|hundred|double|triple|treble|[0-9o]*[0-9][0-9o]*)"
)
# A phone number read out or typed in words, as in a voicemail transcript or to get past a
# filter: "oh seven seven double oh nine...", "07812 six six four 201", "O7700 9OO123" (the
# letter O for zero), "plus four four seven seven...". Words and digits may be run together
# ("07seven00") or split by spaces, commas, dots and dashes.
# A UK number starts with 0 (or its letter O), or with 7, 1 or 2 when the 0 is left out, or
# with +44; starting the match only there keeps this pattern cheap on ordinary text.
_SPOKEN_FIRST = r"(?:(?:\+|plus)[ -]?" + _SPOKEN_TOKEN + r"|zero|one|oh|o|nought|nil|two|seven|[0127o][0-9o]*)"
_SPOKEN_PHONE_RE = re.compile(
    r"(?<![\w-])(?=[+pzonst0127])"
    + _SPOKEN_FIRST
    + r"(?:(?:[ ,.\-–]{1,3}|(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d))"
    + _SPOKEN_TOKEN
    + r")+(?![\w-])",
    re.IGNORECASE,
)
_SPOKEN_PART_RE = re.compile(
    r"\+|plus|" + _TENS + r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine)(?![a-z]))?|" + _SPOKEN_TOKEN
)
_UNITS = {w: str(k) for k, w in enumerate("zero one two three four five six seven eight nine".split())}
_SPOKEN_VALUE = _UNITS | {"oh": "0", "o": "0", "nought": "0", "nil": "0"}
_SPOKEN_VALUE |= {
    w: str(10 + k)
    for k, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())
}
_SPOKEN_VALUE |= {
    w: str(20 + 10 * k) for k, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SPOKEN_WORDS = frozenset(_SPOKEN_VALUE) | frozenset("double triple treble hundred plus".split())
_PHONE_CUE_BEFORE_RE = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|number|no|num|call|ring|text|txt|whatsapp|contact|landline|reach)\b[^.\n]{0,20}$",
    re.IGNORECASE,
)


def _spoken_digits(raw: str) -> str:
    """The digits a phone number read out in words stands for ("+" kept): "oh seven double oh" -> "0700"."""
    out: list[str] = []
    repeat = 1
    for part in _SPOKEN_PART_RE.findall(raw.lower()):
        if part in ("double", "triple", "treble"):
            repeat = 2 if part == "double" else 3
            continue
        if part in ("+", "plus"):
            out.append("+")
            continue
        if part == "hundred":
            out.append("00")
            continue
        words = part.replace("-", " ").split()
        if len(words) == 2:  # "seventy seven"
            value = str(int(_SPOKEN_VALUE[words[0]]) + int(_UNITS[words[1]]))
        else:
            value = _SPOKEN_VALUE.get(part) or part.replace("o", "0")
        out.append(value * repeat)
        repeat = 1
    return "".join(out)


def _is_spoken_phone(text: str, m: re.Match[str]) -> bool:
    """Does a run of number words and digits spell a UK phone number?"""
    raw = m.group()
    if not re.search(r"[a-z]", raw, re.IGNORECASE):
        return False  # all digits: the phone rules have seen it
    digits = _spoken_digits(raw)
    if digits.startswith("+"):
        return digits.startswith("+44") and 12 <= len(digits) - 1 <= 13
    if digits.startswith("0"):
        return 10 <= len(digits) <= 13
    # the leading 0 left out, after "call me on", "my mobile is": "seven seven double oh..."
    return (
        len(digits) == 10
        and digits[0] in "127"
        and _PHONE_CUE_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()) is not None
    )


_SHORT_DATE_NEXT_RE = re.compile(
    r"\s*(?:,|and|&|or|then|,\s*and)\s*(\d{1,2}/\d{1,2})(?![/\d.%])"
    r"(?!\s*(?:of\b|cases|children|marks|pupils|staff|people|families|points?))",
    re.IGNORECASE,
)

# A season, term or festival with a year names a time as surely as a month does:
# "in spring 2020", "the summer of 2019", "since Easter 2023", "Christmas 2022".
_SEASON_YEAR_RE = re.compile(
    r"\b(?:(?:early|late|mid)[ -])?(?:spring|summer|autumn|fall|winter|easter|christmas|whitsun|half[- ]term"
    r"|boxing\s+day|christmas\s+(?:day|eve)|new\s+year'?s?\s+(?:day|eve)|bonfire\s+night|hallowe'?en"
    r"|(?:spring|summer|autumn|christmas|easter|october|february|may)\s+(?:term|holidays?|hols|break|half[- ]term))(?:\s+of)?,?\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# A day and month with no year after the name of a meeting or event: "Strategy meeting
# 13/3, ICPC 27/3", "visit: 4/11". Counts and scores ("scored 7/10", "24/7") do not follow these.
_EVENT_SHORT_DATE_RE = re.compile(
    r"\b(?:meeting|visit|conference|icpc|rcpc|group|discussion|review|hearing|appointment|assessment"
    r"|admission|discharge|incident|referral|marac|session|panel|s47|strategy|call|contact|attendance|seen)"
    r"\s*(?:on|was|held|[:\-–])?\s*(?:the\s+)?(\d{1,2}/\d{1,2})(?![/\d]|\.\d)(?!\s*(?:%|of\b|cases|children|marks|points?))",
    re.IGNORECASE,
)
# Ages in loose forms: "18mths", "Maddox, then two,", "(not her real name) was 15 when",
# "I left care at 18", "at 17 I moved out".
# "a man of 24", "a girl of fifteen": an age after a person noun and "of" (not "a group of 14").
_PERSON_OF_AGE_WORDS = frozenset("man woman boy girl lad male female adult bloke guy teenager youngster".split())
_AGE_OF_RE = re.compile(
    r"\b(?:man|woman|boy|girl|lad|male|female|adult|bloke|guy|teenager|youngster)\s+of\s+(?:only\s+|just\s+|about\s+)?"
    r"((?:1[0-9]|[2-9][0-9]|[1-9]|"
    + _NUMBER_WORDS
    + r")(?:\s+years?(?:\s+old)?)?)\b(?!\s*(?:%|per|pounds|quid|hours|minutes|mins|times|children|kids|people|pupils|staff))",
    re.IGNORECASE,
)
# "My Father who is 79 took me", "her son, who was 15,": a person or kin noun, "who is" and a
# number is an age whatever verb follows (not a height, a weight or a count: "who is 5 foot").
_WHO_IS_AGE_WORDS = frozenset(
    """father mother dad mum mam son daughter brother sister grandad grandfather grandmother nan gran
    granny nephew niece cousin uncle aunt auntie stepson stepdaughter stepdad stepmum partner boyfriend
    girlfriend husband wife man woman boy girl lad child baby teenager friend""".split()
)
_WHO_IS_AGE_RE = re.compile(
    r"\b(?:father|mother|dad|mum|mam|son|daughter|brother|sister|grandad|grandfather|grandmother|nan|gran|granny"
    r"|nephew|niece|cousin|uncle|aunt|auntie|stepson|stepdaughter|stepdad|stepmum|partner|boyfriend|girlfriend"
    r"|husband|wife|man|woman|boy|girl|lad|child|baby|teenager|friend),?\s+who(?:\s+is|\s+was|'s|’s)\s+"
    r"(?:now\s+|only\s+|just\s+|nearly\s+|almost\s+|about\s+)?(\d{1,2}|" + _NUMBER_WORDS + r")\b"
    r"(?!\s*(?:%|per\b|foot|feet|ft|inch|cm|kg|kilos?|stone|st\b|lbs?|pounds|quid|minutes?|mins?|hours?|miles?"
    r"|points?|times|children|kids|people|of\b|out\b|weeks\s+pregnant|[.:/]\d))",
    re.IGNORECASE,
)
# "a female child under 13-years-old", "children under 5 years old": an age bound of the law
# or of a group, not someone's age ("her daughter was under two years old" is).
_AGE_BOUND_BEFORE_RE = re.compile(
    r"\b(?:child|children|girls?|boys?|kids|people|persons?|anyone|those|pupils|victims?|females?|males?)"
    r"\s+(?:aged\s+)?(?:under|over|below|above)\s+(?:the\s+age\s+of\s+)?$",
    re.IGNORECASE,
)
# User names in games and apps are shaped unlike words: odd capitals ("xXShadowXx",
# "LilMissChaos") or letters run into a number ("bubblegumqueen2013"). Looked for only when
# the text mentions a game, an app or a player.
_GAME_CONTEXT_WORDS = frozenset(
    """roblox fortnite minecraft xbox playstation psn discord steam twitch gamertag gamer gaming
    player players game games online server servers console fifa cod among""".split()
)
_GAME_HANDLE_RE = re.compile(
    r"(?<![\w@.#/:{-])(?:[a-z]+[A-Z][A-Za-z0-9]*|(?!Mc|Mac|De|Di|Da|La|Le|Van|Von)[A-Z][a-z]+[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*|[0-9]{1,4})?"
    r"|[A-Za-z]*[a-z]{3,}[0-9]{2,4})(?![\w@}])"
)
_BRAND_CAMEL = frozenset(
    """iphone ipad ipod imac ebay icloud imessage itunes facetime youtube tiktok whatsapp playstation
    gofundme powerpoint onedrive sharepoint myspace linkedin snapchat instagram facebook
    messenger teamspeak twitch xbox nintendo minecraft fortnite roblox callofduty grandtheftauto
    ipads iphones airpods applewatch smartphone wifi systmone mosaic liquidlogic eclipse""".split()
)


def _faith_school_context(lower: str) -> frozenset[str]:
    """School-context words that only come from "Sunday school", "Saturday school" (a church
    or supplementary class, so "at St Luke's" there is a church, not a school)."""
    if re.search(r"\b(?:sunday|saturday|bible|quran|qur'an|weekend|supplementary)\s+schools?\b", lower):
        return frozenset({"school"})
    return frozenset()


# A measure after a number, so the number is no one's age: "It is 2.6 miles", "she is 5 foot".
_AGE_MEASURE_AFTER_RE = re.compile(
    r"\s*(?:(?:miles?|mi|mph|km|kms|kilometres?|kilometers?|metres?|meters?|cm|mm|feet|foot|ft|inches|inch"
    r"|kg|kgs|kilos?|stone|lbs?|pounds?|percent|per\s+cent)\b|%)",  # "%" is no word: no \b can follow it
    re.IGNORECASE,
)
# Years and months together: "2 yrs 1 month", "2y 3m", "3 years and 2 months old".
_AGE_YEARS_MONTHS_RE = re.compile(
    r"\b\d{1,2}\s*(?:y|yrs?|years?)\s*,?\s*(?:and\s+)?\d{1,2}\s*(?:m|mths?|mnths|months?)\b(?:\s+old)?",
    re.IGNORECASE,
)
# A decimal year-month ("until 2.6", "at 2.9": two years six months, two years nine months),
# an age only when a child or a referral or assessment word is near.
_AGE_DECIMAL_RE = re.compile(
    r"\b(?:until|till|til|at|from|since|by|aged?)\s+(\d\.(?:\d|1[01]))(?![\d.:/])"
    # measures ("2.6 miles") are dropped for every age by _AGE_MEASURE_AFTER_RE; times of day and durations here
    r"(?!\s*(?:am|pm|hours?|hrs|mins?|minutes?|m\b))",
    re.IGNORECASE,
)
_AGE_DECIMAL_CONTEXT_RE = re.compile(
    r"\b(?:d[sd]\d?|lo|lg|lb|son|daughter|baby|child|toddler|boy|girl|he|she|him|her|his"
    r"|referred|referral|refer|assess|assessed|assessment|diagnosed|diagnosis|waiting\s+list|seen|discharged)\b",
    re.IGNORECASE,
)
# "by 10 or 11 I was ...": an age or range after "by" opening a clause about the writer.
_AGE_BY_RE = re.compile(
    r"(?:^|[.;:!?]\s+|,\s+|\band\s+|\bbut\s+)by\s+((?:\d{1,2}|"
    + _NUMBER_WORDS
    + r")(?:\s*(?:or|-|–|to)\s*(?:\d{1,2}|"
    + _NUMBER_WORDS
    + r"))?)\s*,?\s+(?:i|we)\s+(?:was|were|had|would|could|'d|’d|\w+ed)\b",
    re.IGNORECASE,
)
# "At 6 months the policy changes": a point in a process, not an age.
_AGE_SPAN_PROCESS_AFTER_RE = re.compile(
    r",?\s+(?:the|this|that|your|a|an)\s+(?:policy|policies|rule|rules|law|guidance|plan|process|system|scheme"
    r"|funding|payment|payments|entitlement|offer|review|order|contract|benefit|allowance|tenancy|case|claim"
    r"|grant|fee|fees|rate|price|cost|subscription|warranty|trial|contribution)\b",
    re.IGNORECASE,
)
_AGE_COMPACT_RE = re.compile(r"\b\d{1,2}(?:mths|mnths|mos|mo|m/o|wks)\b", re.IGNORECASE)
# What may follow an age found by its first number only and belongs to it: a decimal ("age 5.5"),
# a half ("2 and a half"), a range or a correction ("aged 4-7", "five or six", "16 not 6").
_AGE_TAIL_RE = re.compile(
    r"\.\d(?![\d.:/])"
    r"|\s*(?:and\s+a\s+half|&\s*a\s*half|½)\b"
    r"|\s*(?:-|–|\bto\b|\bor\b|\bnot\b)\s*(?:\d{1,2}(?:\.\d)?|" + _NUMBER_WORDS + r")\b(?![\d.:/]\d)"
    r"(?:\s*(?:years?|yrs?|months?|weeks?)(?:[\s-]*old)?)?",
    re.IGNORECASE,
)
# A number of years, months or weeks naming a health check, not an age: "Leo's 2 and a half year check".
_AGE_CHECK_AFTER_RE = re.compile(
    r"(?:\d{1,2}|"
    + _NUMBER_WORDS
    + r")(?:\.\d)?(?:\s*(?:and\s+a\s+half|&\s*a\s*half|½))?[\s-]*(?:years?|yrs?|months?|mths?|weeks?|wks?)[\s-]+"
    r"(?:check|checks|review|reviews|assessment|development(?:al)?\s+check|jabs|injections|immunisations?|vaccinations?|appointment)\b",
    re.IGNORECASE,
)
_AGE_THEN_RE = re.compile(
    r"(?:\b(?-i:[A-Z][a-z'’-]+)|\[NAME\]),\s+(?:then|now|aged|age|just|only)\s+((?:\d{1,2}|"
    + _NUMBER_WORDS
    + r")(?:\s+(?:months?|weeks?))?)(?=\s*[,)])",
    re.IGNORECASE,
)
_AGE_WHEN_RE = re.compile(
    r"\b(?:was|is)\s+(?:only\s+|just\s+|about\s+|nearly\s+|barely\s+)?(\d{1,2}|"
    + _NUMBER_WORDS
    + r")\s+when\s+(?:she|he|they|i|we|her|his|their|my|the)\b",
    re.IGNORECASE,
)
_AGE_LIFE_EVENT_RE = re.compile(
    r"\b(?:(?:left|leave|leaving|leaves)\s+(?:care|home|school|foster\s+care)|moved\s+out|kicked\s+out|thrown\s+out"
    r"|came\s+into\s+care|went\s+into\s+care|taken\s+into\s+care|adopted|excluded|got\s+pregnant|had\s+(?:him|her|my\s+first)"
    r"|married|groomed|exploited|sectioned|homeless)\s+at\s+(\d{1,2}|"
    + _NUMBER_WORDS
    + r")\b(?!\s*(?:am|pm|o['’]?clock|:|\.\d|%|weeks|wks|miles))",
    re.IGNORECASE,
)
# A saint's name with 's after "at" is a church school when the sentence is about school
# work ("worked with Farah at St Wilfrid's", "she's at St Anne's now").
_SAINT_AT_RE = re.compile(
    r"\bat\s+((?:St\.?|Saint)\s+[A-Z][a-z]+['’]s?)(?!\w)(?!\s+(?:[A-Z]|Hospital|Church|Hospice|Court|Road|Street))"
)
# "in Year 9 at Castle Hill": a capitalised name after a school year is a school.
_YEAR_AT_SCHOOL_RE = re.compile(
    r"\b(?:in\s+)?(?i:year|yr|reception|nursery)\s*\d{0,2}\s+(?:at|of)\s+((?:[A-Z][a-z'’]+)(?:\s+[A-Z][a-z'’]+){0,2})\b"
)
# Welsh addresses without a number: a Welsh street word before a name ("Heol y Parc",
# "Ffordd Las"), and the commonest Welsh house names ("Ty Newydd", "Bwthyn Glas").
_WELSH_NO_NUMBER_RE = re.compile(
    r"\b(?:Heol|Ffordd|Stryd|Lôn|Rhodfa|Teras|Cwrt|Llys)\s+(?:(?:y|yr|'r|’r)\s+)?[A-Z][\w'’-]+"
    r"|\b(?:Tŷ|Ty|Bwthyn|Hafod)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
)
# A street named without a number after a house or flat "on" it: "the house on Beacon View".
_HOME_ON_RE = re.compile(
    r"\b(?:house|home|flat|property|bungalow|maisonette|bedsit|address|place|houses|flats|homes|family|families)\s+(?:on|off)\s+"
    r"((?:[A-Z][a-z'’-]+\s+){1,2}(?:View|Rise|Grove|Court|Park|Hill|Green|Vale|Croft|Fold|Brow|Heights|Meadows?|Chase"
    r"|Glen|Way|Walk|Close|Crescent|Gardens|Terrace|Mews|Parade|Place|Square|Row|Bank|Side|Mount|Lea|Wynd))\b"
)
# A one-word street without a number after a preposition ("on Northgate", "from Westgate,
# Wakefield"): a made-up compound ending in a street word that is no English word or place.
_ONE_WORD_STREET_RE = re.compile(
    r"\b(?:on|off|along|down|up|from|near|opposite|outside)\s+([A-Z][a-z]{2,}(?:gate|way|side|croft|fold|moor|lands|mead))\b"
    r"(?!\s+[A-Z])"
)
# A named building somewhere emergency services were called: "Police were called to
# Larkspur House", "officers attended Kestrel Court".
_CALLED_TO_RE = re.compile(
    r"\b(?:called\s+to|attended(?:\s+at)?|raided|arrested\s+at|found\s+at|fire\s+at|visit\s+to|visited)\s+(?:the\s+)?"
    r"((?:[A-Z][a-z'’-]+\s+){1,2}(?:House|Court|Tower|Towers|Lodge|Mansions|Heights|Flats|Cottage|Farm))\b"
)


_SEASON_WORDS = frozenset(
    "spring summer autumn fall winter easter christmas whitsun half-term half boxing year year's years bonfire halloween hallowe'en".split()
)
_SCHOOL_CONTEXT_WORDS = frozenset(
    "school pupil pupils teacher teachers class year yr dsl senco head headteacher lessons lesson taught teach worked work excluded attends attended attending".split()
)
_YEAR_WORDS = frozenset("year yr reception".split())
_NOT_SCHOOL_AFTER_YEAR = frozenset(
    "easter christmas half whitsun the that this its their his her my our key start end home".split()
)
_WELSH_WORDS = frozenset("heol ffordd stryd lôn rhodfa teras cwrt llys tŷ ty bwthyn hafod".split())
_HOME_WORDS = frozenset(
    "house home flat property bungalow maisonette bedsit address place houses flats homes family families".split()
)
_CALLED_WORDS = frozenset("called attended raided arrested found fire visit visited".split())


_POSTCODE_CUE_RE = re.compile(
    r"\bpost\s?code\b\s*(?:is|was|:|-)?\s*([A-Za-z]{1,2}\s?\d[A-Za-z\d]?(?:\s*\d\s*[A-Za-z]{2})?)\b", re.IGNORECASE
)
_COURT_RE = re.compile(
    r"^(?:the\s+)?(?:High|Crown|Family|County|Magistrates'?|Supreme|Youth|Coroner'?s|Appeal|District|Civil|Criminal|Royal)\s+Courts?\b\.?$"
)
_AGE_LIST_RE = re.compile(
    r"\A(?:\s*,\s*|\s+and\s+|\s*&\s*)(\d{1,2}|" + _NUMBER_WORDS + r")\b(?!\s*(?:%|am|pm|:|\.\d))", re.IGNORECASE
)
_ADDRESS_CUE_WORDS = frozenset(
    """address addresses lives live living located resides reside staying sent send post posted
    deliver delivered drops drop meet offices office here moved return billing is are it lived
    arrived taxi stop following""".split()
)
_ADDRESS_CUE_RE = re.compile(
    r"(?:\baddress(?:es)?(?:\s+(?:is|was|are|of\s+[\w'’ ]{1,30}?\s+is))?\s*(?:[:\-]|\bis\b)?"
    r"|\blives?\s+(?:at|on)|\bliving\s+at|\blocated\s+at|\bresides?\s+at|\bstaying\s+at"
    r"|\bsen[dt]\s+(?:it\s+|this\s+|them\s+|a\s+new\s+one\s+|the\s+\w+\s+)?to|\bpost(?:ed)?\s+(?:it\s+)?to"
    r"|\bdeliver(?:ed)?\s+(?:it\s+)?to|\bdrops?\s+you\s+off\s+at|\bmeet\s+(?:you\s+)?at"
    r"|\boffices?\s+(?:is|are)\s+(?:at|located\s+at)|\bhere\s+they\s+are:|\bmoved\s+to"
    r"|\breturn\s+to|\bbilling\s+address\s+with|\bmeet\s+(?:me|us)\s+at|\barrived\s+at|\btaxi\s+to"
    r"|\bstop\s+at|\b(?:is|are)\s+(?:at|on)|\blived?\s+in|\bliving\s+in|\bit\s+is|\bvalidate\s+the\s+following\?)[ \t]*\n?[ \t>]*",
    re.IGNORECASE,
)
_BLOCK_END_RE = re.compile(
    r"[?!;]|\.(?=\s+[A-Z])|\.\s*$|\n\s*\n|\s+(?:for|after|in case|if|so|because|before|when|but|I am|I'm|please|thanks|it|which)\b"
    r"|,\s+(?:and|but|so|which|who|where|I)\b|\s+(?:and|or)\s+(?=[a-z])"
    # time and company after an address end it: "moved to 19 Queensway last year", "with her nan"
    r"|\s+(?:(?:last|next|this)\s+(?:week|month|year|summer|winter|spring|autumn|time|night)|yesterday|today"
    r"|tonight|tomorrow|recently|now|then|with|since|until|ago)\b",
)
_BLOCK_LINE_RE = re.compile(
    r"[ \t\r>]*(?:(?:apt|apartment|suite|ste|unit|flat|box|floor|room)\.?\s*#?\s*\w{1,6}(?:[ \t\r]+[^\n?!;:]{0,40})?"
    r"|\d{1,6}[ \t\r]+[^\n?!;:]{1,50}|[^\W\d_][^\n?!;:]{0,45}?(?:\s+\d{4,6})?|,?[ \t\r]*[A-Z]{2}(?:[ \t\r]+\d{4,6})?"
    r"|\d{4,6}|[A-Z0-9]{2,4}\s?\d[A-Z]{2})[ \t\r]*(?=\n|$|[?!;])",
    re.IGNORECASE,
)
_BLOCK_START_RE = re.compile(
    r"(?m)^[ \t\r>]*(?=(?:\d{1,6}\s+)?(?:[^\W\d_][\w'’.-]*\.?\s+){0,5}[^\W\d_][\w'’.-]*\s+\d{1,5}\.?[A-Za-z]?[ \t\r]*(?:,[^\n]*)?\n)"
    r"(?:\d{1,6}\s+)?(?:[^\W\d_][\w'’.-]*\.?\s+){0,5}[^\W\d_][\w'’.-]*\s+\d{1,5}\.?[A-Za-z]?"
)
_LABEL_LINE_RE = re.compile(
    r"[ \t\r>]*(?:mobile|phone|tel|desk|fax|e-?mail|website|web|name|dob|date)\b", re.IGNORECASE
)


_YEAR_RANGE_RE = re.compile(r"(?:19|20)\d\d/(?:(?:19|20)\d\d|\d\d)")
_FUNCTION_WORDS_SHORT = frozenset("by to the a an and or of for with on in at is was are be from as".split())
_BLOCK_EVIDENCE_RE = re.compile(
    r"(?i:\b(?:apt|apartment|suite|unit|flat|box|floor)\b\.?\s*#?\d)|\b\d{4,6}\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2,}(?:\s+[A-Z]{2,})*\s*$"
    r"|(?m:^[ \t>]*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?[ \t]*$)",
)


def _address_block(text: str, start: int) -> int:
    """End of an address written from ``start``: the rest of the line up to a clause
    boundary, then any following short lines that look like address lines."""
    m = _BLOCK_END_RE.search(text, start)
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    end = min(m.start() if m else len(text), line_end)
    if end - start > 160:
        return start
    blank_ok = True
    while end == line_end and end < len(text):
        nxt = end + 1
        if (
            text.startswith("\n", nxt)
            or text[nxt : text.find("\n", nxt) if "\n" in text[nxt:] else len(text)].strip() == ""
        ):
            if not blank_ok:
                break
            blank_ok = False
            nl = text.find("\n", nxt)
            if nl < 0:
                break
            nxt = nl + 1
        if _LABEL_LINE_RE.match(text, nxt):
            break
        lm = _BLOCK_LINE_RE.match(text, nxt)
        if not lm or lm.end() == nxt:
            break
        end = lm.end()
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
    return end


_PREGNANCY_RE = re.compile(
    r"\b(?:pregnan\w*|antenatal|gestation\w*|booked|booking|scan|premature|prem|born at|delivered|weeks'? gestation|due)\b",
    re.IGNORECASE,
)


_HANDLE_SHAPE_RE = re.compile(
    r"(?<![\w@.#/:{-])(?=[A-Za-z0-9._]*[A-Za-z])(?:[A-Za-z0-9]+(?:[._]+[A-Za-z0-9]+)+_*|_+[A-Za-z0-9]+[A-Za-z0-9_.]*"
    r"|[A-Za-z0-9]+_+)(?:#\d{4})?(?![\w@}]|\.\w|\s*=)"
    r"|(?<![\w@.#/:-])[A-Za-z][A-Za-z0-9_.]{1,30}#\d{4}\b"
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


def _is_false_date(s: str) -> bool:
    """Reject date matches that are ordinary words: "may 2", "I'll march 10"."""
    low = s.lower()
    words = re.findall(r"[a-z]+", low)
    if not words or words == ["t"]:
        nums = [int(x) for x in re.findall(r"\d+", low)[:3]]
        if len(nums) == 3:
            a, b, c = nums
            if a >= 1000:  # year first: 2023-09-14
                return not (1 <= b <= 12 and 1 <= c <= 31)
            return not (1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12))
        return False
    # "may" alone before a small number is usually the verb ("she may 2..." is rare) -> keep
    if words[0] in ("may", "mar", "march", "sun", "sat", "wed") and re.fullmatch(r"[a-z]+\.?\s+\d{1,2}", low):
        return True
    return False


# "Beeston Primary School and Cockburn Academy": two schools joined by "and", each with its
# own ending, are two findings (the second is dropped by _trim_school if it names no school:
# "Primary School and Nursery").
_SCHOOL_JOIN_RE = re.compile(r"\b(?:School|Academy|College|Nursery|PRU|Unit|Centre)(\s+(?:and|&)\s+)(?=[A-Z])")


def _school_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The schools named in one match of the school pattern, split at "and" between two names."""
    parts = []
    for m in _SCHOOL_JOIN_RE.finditer(text, s, e):
        second = _trim_school(text, m.end(1), e)
        if second[0] is None:
            continue  # "Primary School and Nursery": one school
        parts.append((s, m.start(1)))
        s = m.end(1)
    parts.append((s, e))
    return parts


def _all_common_words(s: str) -> bool:
    """Is every word in s (split at spaces, hyphens, underscores, dots) a common English word?"""
    words = _lexicon().words
    parts = [p for p in re.split(r"[\s_.\-#]+", s.lower()) if p]
    return bool(parts) and all((words.get(p) or 99) <= 50 for p in parts)


def _generic_school_word(word: str) -> bool:
    return word.lower().strip(".,'’") in _GENERIC_SCHOOL_WORDS or word.lower() in (
        "school",
        "academy",
        "college",
        "nursery",
        "pru",
        "unit",
        "provision",
        "centre",
        "form",
    )


def _trim_school(text: str, s: int, e: int, lowercase: bool = False) -> tuple[int, int] | tuple[None, None]:
    """Drop leading generic words ("the", "his new") and reject wholly generic names."""
    span = text[s:e]
    words = list(re.finditer(r"\S+", span))
    i = 0
    while (
        i < len(words) - 1
        and (
            words[i].group().lower().strip(".,") in _GENERIC_SCHOOL_WORDS
            or words[i].group().lower().strip(".,") in _FUNCTION_WORDS
        )
        and not (words[i].group() == "Our" and words[i + 1].group() == "Lady")
    ):
        i += 1
    if i >= len(words):
        return None, None
    s2 = s + words[i].start()
    role = _SCHOOL_ROLE_OF_RE.match(text, s2, e)
    if role is not None:
        s2 = role.end()  # "Head of College", "the Deputy Head of Kingsmead College": a role of the school
        if s2 >= e:
            return None, None
    rest = text[s2:e]
    rest_words = rest.split()
    if not rest_words:
        return None, None
    if _SCHOOL_KEEP_PHRASES.match(rest):
        return None, None
    if all(map(_generic_school_word, rest_words)):
        return None, None
    joined = re.search(r"\s(?:and|&)\s+the\s+", rest)
    if joined and all(map(_generic_school_word, rest[joined.end() :].split())):
        return None, None  # "Social Care and the School Nurse", "mum and the school": no school named
    if lowercase and (
        len(rest_words) < 2
        or any(w in _FUNCTION_WORDS and w not in ("of", "and") for w in (x.lower() for x in rest_words[1:]))
        or (
            _all_common_words(" ".join(rest_words[:-1]))
            and not (len(rest_words) >= 3 and any(w.lower() in _PLACE_ELEMENTS for w in rest_words[:-1]))
        )
    ):
        return None, None  # "in non-mobile infants", "at the local high": no name in it
    first = rest_words[0].lower().strip(".,")
    if (
        (first in _DETERMINERS and not rest.startswith("Our Lady"))
        or first in _TITLE_WORDS - {"park", "church"}
        and len(rest_words) <= 2
    ):
        return None, None
    return s2, e
