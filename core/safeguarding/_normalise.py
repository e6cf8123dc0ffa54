"""Normalising free text for matching: lower case, contractions and texting forms spelt out."""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

# Spelt with or without the apostrophe: "can't" and "cant".
_CONTRACTIONS = [
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
]
# Only ever written with the apostrophe, so a text without one skips them.
_APOSTROPHE_FORMS = [
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(i|he|she|we|they|you|it)'d\b"), r"\1 would"),
    (re.compile(r"\b(he|she|it|that|there|what|who)'s\b"), r"\1 is"),
    (re.compile(r"(\w)'s\b"), r"\1s"),
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
            r"|quick|slow|lovely|sound|keen|handy|useful|simple|hard|posh|brilliant|interesting"
            # "tbh im dead bored", "i am dead tired most evenings"
            r"|bored|tired|sleepy|hungry|cold|hot|cute|late|early|loud|quiet|fast|cheap|clever|jealous|nervous|annoying)\b)"
        ),
        "very ",
    ),
    (re.compile(r"\bun[- ]alive"), "unalive"),
]


_SPACES = re.compile(r"\s+")


def _spelt_out(match: "re.Match[str]") -> str:
    word = match.group(0)
    return _WORDS.get(word, word)


def normalise(text: str) -> str:
    """Lower-case text with contractions and texting forms spelt out (for matching only)."""
    text = text.translate(_APOSTROPHES).lower()
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    if "'" in text:
        for pattern, repl in _APOSTROPHE_FORMS:
            text = pattern.sub(repl, text)
    text = _WORD.sub(_spelt_out, text)
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return _SPACES.sub(" ", text).strip()
