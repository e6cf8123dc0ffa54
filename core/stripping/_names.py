"""Name rules: gazetteer look-ups and context (titles, relationship words, cues)."""

from __future__ import annotations

import re

from ._lexicon import _lexicon
from ._tokens import _FACTS, Tokens, WordFacts, facts
from ._vocab import (
    _EPONYM_NEXT,
    _MONTH_NAMES,
    _TIME_PREPS,
    _PARTICLES,
    _CAMEL_RE,
    _CHILD_ONE_BEFORE,
    _CHILD_WORD_BEFORE,
    _CHILD_WORDS,
    _Cand,
    _DETERMINERS,
    _FUNCTION_WORDS,
    _KIN_COUNTS,
    _KIN_DIRECT,
    _KIN_PLURALS,
    _LOCATIVE,
    _MOTION,
    _NAME_CUE_RE,
    _NAME_NEXT,
    _NAME_NEXT_STRONG,
    _NOT_NAMES,
    _ORG_WORDS,
    _PERSON_NOUNS,
    _POSSESSIVES,
    _RELATION_SET,
    _SENT_BOUNDARY,
    _STRONG_CUES,
    _TITLES_CASED,
    _TITLE_TOKENS,
    _TITLE_WORDS,
    _UPPER_NAMES,
    _UPPER_OVERRIDE,
)
from ._patterns import (
    _AGE_AFTER_NAME_RE,
    _STREET_WORDS,
)


def _is_sentence_start(text: str, pos: int) -> bool:
    """Does the word at pos start a sentence, a line or a quotation?"""
    j = pos - 1
    while j >= 0 and text[j] in " \t([{'‘-–—":
        if text[j] == "-" and j > 0 and text[j - 1] not in " \n":
            return False
        j -= 1
    return j < 0 or text[j] in _SENT_BOUNDARY


_COMPASS = frozenset("north south east west central greater mid upper lower".split())
# Last words of a street or building name: a place after one and a comma is its town.
_ADDRESS_END_WORDS = _STREET_WORDS | frozenset(
    "house cottage cottages farm forge lodge barn villa bungalow mansions tower towers flats apartments centre".split()
)
_PLACE_NOUNS = frozenset("station street road hospital park square bridge airport avenue lane estate".split())
_ORG_TAILS = frozenset("practice trust partnership foundation llp cic".split())
_AREA_NOUNS = frozenset("locality area ward district borough patch neighbourhood constituency division".split())
_AREA_DETERMINERS = frozenset("the our their this that".split())
_RAG_WORDS = frozenset("red amber green rag rated rating ratings graded grading rag-rated".split())
_COLOURS = frozenset("amber green scarlet violet".split())
_NAME_SUFFIXES = frozenset("jr jnr sr snr ii iii iv md dds phd esq qc kc obe mbe cbe".split())
_VOCATIVE_NEXT = frozenset("if thank thanks you please sorry i'm im we love just can could would".split())
_LABEL_WORDS = frozenset(
    """name address phone mobile tel email date dob note notes re subject to from cc age school
    ref reference update edit question answer comment comments summary outcome action actions
    """.split()
)
# A nickname given straight after a name: 'Bartholomew ("Barty")', 'Robert "Bobby"'.
_NICKNAME_RE = re.compile(
    r"\s*\(\s*[\"“'‘]?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[\"”'’]?\s*\)|\s+[\"“‘]([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[\"”’](?=\s)"
)
# Services a worker is "from" ("Rich from CAMHS"), beyond the title-case words of services.
_SERVICE_WORDS = frozenset(
    """camhs cafcass nspcc mash marac lado police housing council school nursery yot yos
    barnardos barnardo's hospital gp surgery probation dwp jobcentre refuge women's""".split()
)
# Words before a lowercase word that make it a noun ("after bill", "the will", "my rose").
_NOUN_BEFORE = frozenset(
    "the a an this that these those another every each no any some which what after per its their our your his her my".split()
)


# Roles that take "Named" in the NHS ("Named Nurse", "Named Professional").
_NAMED_ROLES = frozenset(
    "professional professionals lead leads person nurses doctors gps midwives safeguarding".split()
)


_LABEL_BEFORE_NUMBER_RE = re.compile(
    r"[.:]\s*(?:[(+]?\d|\[(?:PHONE|EMAIL|NHS_NUMBER|NI_NUMBER|REFERENCE|DATE|DOB|POSTCODE)\])"
)


# Words before a lowercase name that is a worker "from" a service ("with sue from the school").
_LOWER_NAME_PREV = frozenset("with to and rang phoned called emailed asked told saw met by named".split())
_CONCRETE_SERVICES = frozenset(
    "contact youth early social health childrens children's team centre center club hub office project charity clinic surgery".split()
)


# Blocked words (never a name alone) that are also common surnames after a first name.
_SURNAME_WORDS = frozenset("ward town english welsh scott christmas".split())
# Nationality words that are also surnames and first names: "a German autobahn" is no person,
# "Dawn French said" is.
_NATIONALITY_NAMES = frozenset("german french dutch".split())
# Verbs an organisation does ("Locala provides..."): no evidence of a person.
_ORG_VERBS = frozenset(
    """provides provided offers offered delivers delivered commissions commissioned funds funded
    operates operated runs covers covered hosts hosted employs employed publishes published
    inspects inspected manages managed""".split()
)
# Nouns that say a word was a place: "Skye is a lovely island".
_PLACE_KIND_NOUNS = frozenset("island isle town city village county country place area region borough".split())
# Street-name prefixes: "Lil K", "Yung Dee" name one person.
_STREET_PREFIXES = frozenset("lil yung lyl".split())
# Word-names that are mostly brands in this text ("Sky was on all day", "asked Alexa").
_BRAND_WORD_NAMES = frozenset("sky alexa siri kindle".split())
# Role nouns for "Dawn, the family support worker,".
_ROLE_NOUNS = frozenset(
    """worker officer lead leader manager coordinator co-ordinator chair nurse visitor teacher
    head headteacher reporter reviewer practitioner mentor coach volunteer warden mediator
    coroner principal director prosecutor barrister solicitor spokesman spokeswoman spokesperson
    paediatrician consultant""".split()
)
# Objects named after a person: "his Moses basket" is a cot, not a person.
_EPONYM_OBJECTS = frozenset("basket baskets".split())
# "Earth, 13, was last seen", "Ruth Wilson, 43, of Grays": a word before ", age," and a verb or
# "of"/"from" is a person, as news reports write names.
_NAME_AGE_COMMA_RE = re.compile(
    r",\s*\d{1,2},\s+(?:was|is|has|had|who|from|of|and|disappeared|died|went|left|lives|lived|appeared"
    r"|admitted|denied|pleaded|walked|suffered|said|told|became|ran|attends|attended)\b"
)


# Names that are abstract nouns: "Hope from the community kept us going" is not a person.
_VIRTUE_WORDS = frozenset(
    "hope faith grace joy love charity patience mercy trust peace unity harmony honor honour liberty justice truth".split()
)
# Introductions ("my name is john smith", "i'm called amy"): a first name written in
# lowercase after one is a name even when it is also a word ("john", "mark").
_INTRODUCTION_RE = re.compile(
    r"\bname(?:'s|’s| is| was|\s*[:=-])|\b(?:i'?m|i’m|i am) called|\bknown as|\bgoes by|\bnicknamed"
)
# Words after "my name is" that say something about the name rather than give it.
_NOT_AFTER_INTRODUCTION = frozenset(
    "unknown withheld anonymous private confidential irrelevant secret down out there here early".split()
)
# Who someone is, after "I'm jade": ", alfie's mum", ", a foster carer", ", mum of two".
_SELF_ROLE_AFTER_RE = re.compile(
    r"\s*,\s*(?:(?:a|an|the|his|her|their)\s+)?(?:\w+['’]s\s+)?(?:single\s+|step\s*|foster\s+|kinship\s+|birth\s+)?"
    r"(?:mum|mam|mom|mummy|dad|daddy|nan|nana|gran|granny|grandma|grandad|grandpa|carer|parent|guardian"
    r"|auntie|aunty|aunt|uncle|sister|brother|social\s+worker|support\s+worker|teacher|nurse)\b",
    re.IGNORECASE,
)
# What one gets from a person: "something from Abi", "a call from Abi" (a rare first name after
# "from" is otherwise read as a place: "moved here from Kenosha").
_GOT_FROM_SOMEONE = frozenset(
    """something anything nothing text texts message messages call calls letter letters email emails
    help support visit visits reply response answer advice word note card lift hug""".split()
)
_RELOCATION_VERBS = frozenset("moved move moves moving relocated relocate relocating rehoused emigrated fled".split())
_ACRONYM_PLURAL_RE = re.compile(r"^[A-Z]{2,}[a-z]{1,2}$")
_ACRONYM_PLURAL_S_RE = re.compile(r"[A-Z]{2,}s\Z")
_DIGIT_IN_TEXT_RE = re.compile(r"\d")
_CUE_TRIGGERS = frozenset(
    """called named name names calls call by as dear hi hello hey thanks says spoke to with love
    from and is i'm im i’m am was aka nicknamed himself herself""".split()
)


_CONTEXT_TRIGGERS = (
    frozenset(_TITLE_TOKENS)
    | frozenset(t.lower() for t in _TITLES_CASED)
    | _RELATION_SET
    | _CHILD_WORDS
    | _CUE_TRIGGERS
    | frozenset("miss worker visitor officer teacher carer and".split())
)


# Endings and beginnings that build English words: a word in no list shaped like one
# ("homeschooled", "neurodivergent", "nonattending") is a description, not a name, after "my son".
_WORD_SUFFIXES = ("ed", "ing", "ness", "ment", "less", "ful", "ity", "ive", "able", "ible", "ism", "ist", "ally")
_WORD_PREFIXES = ("non", "neuro", "home", "un", "semi", "hyper", "over", "under", "self", "anti", "mis", "dis", "pre")


def _word_shaped(low: str) -> bool:
    """Is this word, in no list, built like an English word (an ending, or a prefix and a word)?"""
    if "-" in low:
        return any(facts(p).blocked or facts(p).size is not None for p in low.split("-") if p)
    if len(low) >= 6 and low.endswith(_WORD_SUFFIXES):
        return True
    words = _lexicon().words
    return any(low.startswith(p) and len(low) - len(p) >= 4 and low[len(p) :] in words for p in _WORD_PREFIXES)


class _NameScan:
    """The words of one text, what the lists say of each, and the name evidence found so far."""

    def __init__(self, text: str, tk: Tokens) -> None:
        self.text = text
        self.tk = tk
        self.n = n = tk.n
        self.lex = _lexicon()
        self.upper = self.lex.upper
        self.st, self.en, self.tx, self.lows, self.poss = tk.starts, tk.ends, tk.texts, tk.lows, tk.poss
        cache = _FACTS  # looked up here first: a call to facts() for every word costs more than the look-up
        self.F: list[WordFacts] = [cache.get(t) or facts(t) for t in tk.texts]
        # capitalised as a name is: "Sarah", "McDonald", "J" (but not "CAMHS")
        self.caps = [t[:1].isupper() and (len(t) == 1 or not t.isupper()) for t in tk.texts]
        self.is_name = [False] * n
        self.reason = [""] * n
        self.strong_ctx = [False] * n  # context makes any capitalised token a name
        self.out: list[_Cand] = []
        self.introduced: set[int] = set()  # lowercase first names given after "my name is"
        self.brands = not tk.lowset.isdisjoint(_BRAND_WORD_NAMES)
        self.age_commas = ", " in text and _DIGIT_IN_TEXT_RE.search(text) is not None

    def fn(self, i: int) -> int:
        F = self.F
        return F[i].first

    def sur(self, i: int) -> bool:
        F = self.F
        return F[i].surname

    def is_word(self, i: int) -> bool:
        F = self.F
        return F[i].size is not None

    def service_name_at(self, i: int) -> bool:
        """Does a service's title start here ("Social Services", "Early Help Hub"): a title word, capitalised,
        followed by another?"""
        lows, caps = self.lows, self.caps
        return (
            caps[i]
            and lows[i] in _TITLE_WORDS
            and i + 1 < self.n
            and self.adjacent(i + 1)
            and caps[i + 1]
            and lows[i + 1] in _TITLE_WORDS
        )

    def blocked(self, i: int) -> bool:
        F = self.F
        return F[i].blocked

    def unknown_name_context(self, i: int) -> bool:
        """Is this capitalised, unlisted word used like a person's name?"""
        text, n, st, tx, lows, caps = self.text, self.n, self.st, self.tx, self.lows, self.caps
        t = tx[i]
        if len(t) < 3 or _CAMEL_RE.search(t) or _ACRONYM_PLURAL_RE.match(t):
            return False
        prev = lows[i - 1] if i > 0 else ""
        if prev in _LOCATIVE or prev in ("the", "a", "an", "speaks", "speak", "speaking", "spoke", "fluent"):
            return False
        if prev == "to" and i > 1 and (lows[i - 2] in _MOTION or "from" in lows[max(0, i - 5) : i - 1]):
            return False
        if (
            i + 1 < n
            and self.adjacent(i + 1)
            and caps[i + 1]
            and (lows[i + 1] in _TITLE_WORDS or lows[i + 1] in _ORG_WORDS)
        ):
            return False
        if lows[i] in _ORG_WORDS:
            return False  # "Brightpath Care Ltd": the company ending, not a person
        if prev == "of" and text[max(0, st[i - 1] - 2) : st[i - 1]] == ", ":
            return False  # "Ruth Wilson, of Bletchworth,": where a person in the news lives
        if self.town_after_address(i):
            return False  # "King Edward Road, Balby": the district of an address
        if text[max(0, st[i] - 2) : st[i]].lower() == "r/":
            return False  # "r/LegalAdviceUK": a Reddit forum, not a person
        k = i + 1
        while k < n and k <= i + 3 and self.adjacent(k) and caps[k]:
            if lows[k] in _ORG_WORDS or lows[k] in _ORG_TAILS:
                return False  # "Moorside Medical Centre", "Brightpath Care Ltd": an organisation
            k += 1
        return True

    def in_multiword(self, i: int, places: frozenset[str]) -> bool:
        """Is token i part of a two- or three-word place ("Milton Keynes", "Stoke on Trent")?"""
        n, lex, lows = self.n, self.lex, self.lows
        if lows[i] not in lex.place_parts:
            return False
        for a in (i - 2, i - 1, i):
            for b in (a + 1, a + 2):
                if a >= 0 and b < n and a <= i <= b and " ".join(lows[a : b + 1]) in places:
                    return True
        return False

    def after_locative(self, i: int) -> bool:
        lows = self.lows
        return i > 0 and (
            lows[i - 1] in _LOCATIVE or (lows[i - 1] == "to" and i > 1 and lows[i - 2] in _MOTION) or self.moved_to(i)
        )

    def moved_to(self, i: int) -> bool:
        """Is token i after "to" that ends a move ("we moved out of the village to Stanley",
        "were rehoused across town to Shirley")? Only verbs of moving home, a few words back."""
        lows = self.lows
        if i < 2 or lows[i - 1] != "to":
            return False
        for k in range(i - 2, max(-1, i - 7), -1):
            if lows[k] in _RELOCATION_VERBS:
                return True
            if lows[k] in ("to", "and", "but") or self.tx[k][:1].isupper() and k > 0 and lows[k] != "i":
                return False  # another "to", or a clause or a name between: not the same move
        return False

    def is_place(self, i: int) -> bool:
        n, lex, lows, poss, F, caps = self.n, self.lex, self.lows, self.poss, self.F, self.caps
        f = F[i]
        if f.first >= 2000 and (self.next_is_verb(i, strong=True) and not poss[i]) and not self.after_locative(i):
            return False  # "Lincoln told the teacher": a person
        if self.in_multiword(i, lex.places) or (caps[i] and self.in_multiword(i, lex.places_weak)):
            return True  # "Milton Keynes", "Sutton Coldfield"
        if f.place:
            return f.first < _UPPER_OVERRIDE or (i > 0 and lows[i - 1] in _LOCATIVE)
        if f.place_weak:
            # a place unless it is also a common first name used as one ("Beverley said",
            # "at Shannon's house")
            return f.first < 2000 or (self.after_locative(i) and not poss[i])
        size = f.upper
        if size is None or size > 40 or f.first >= _UPPER_OVERRIDE or lows[i] in _UPPER_NAMES:
            return False
        if (
            f.first
            and i + 1 < n
            and caps[i + 1]
            and self.adjacent(i + 1)
            and F[i + 1].size is None
            and F[i + 1].upper is None
        ):
            return False  # "Jan Jílek": a first name before a surname
        return True

    def town_after_address(self, i: int) -> bool:
        """Is token i a place written straight after a street or building word and a comma
        ("Back Lane, Thornton", "Business Park, Preston")?"""
        text, st, en, lows = self.text, self.st, self.en, self.lows
        if self.next_is_verb(i, strong=True):
            return False
        if text.endswith(("[ADDRESS], ", "[ADDRESS],"), max(0, st[i] - 11), st[i]):
            return True  # the address was stripped in an earlier pass
        return (
            i > 0
            and text[en[i - 1] : st[i]] in (", ", ",")
            and (
                lows[i - 1] in _ADDRESS_END_WORDS
                or (lows[i - 1] in _COMPASS and i > 1 and lows[i - 2] in _ADDRESS_END_WORDS)
            )
        )

    def adjacent(self, i: int) -> bool:
        """Token i follows token i-1 with only a space (or initial dot) between."""
        text, tk, st, en = self.text, self.tk, self.st, self.en
        if i == 0:
            return False
        g = text[en[i - 1] : st[i]]
        return g in (" ", ". ", "  ") and not tk.apos[i - 1]

    def next_low(self, i: int) -> str:
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        return lows[i + 1] if i + 1 < n and text[en[i] : st[i + 1]].strip() in ("", ",") else ""

    def next_is_verb(self, i: int, strong: bool = False) -> bool:
        text, st, en, poss = self.text, self.st, self.en, self.poss
        if poss[i]:
            return True
        nl = self.next_low(i)
        if not nl:
            return False
        gap_ = text[en[i] : st[i + 1]]
        if "," in gap_:
            return False
        return nl in (_NAME_NEXT_STRONG if strong else _NAME_NEXT)

    def title_phrase(self, i: int) -> bool:
        """A capitalised common word beside it: "Youth Justice", "Early Help Hub",
        or a capitalised run after "the": "the Princess Royal"."""
        text, n, st, lows, F, caps = self.text, self.n, self.st, self.lows, self.F, self.caps
        k = i
        while k > 0 and self.adjacent(k) and caps[k - 1]:
            k -= 1
            if lows[k] == "the" or (k > 0 and lows[k - 1] == "the"):
                return True
        for j in (i - 1, i + 1):
            if 0 <= j < n and (self.adjacent(max(i, j)) if j > i else self.adjacent(i)):
                if caps[j] and (lows[j] in _TITLE_WORDS or lows[j] in _NOT_NAMES or (F[j].upper or 99) <= 40):
                    return True
                if caps[j] and self.is_word(j) and not self.fn(j) and not self.sur(j) and lows[j] not in ("i",):
                    if not _is_sentence_start(text, st[j]) or j > i:
                        return True
        return False

    def speaker_label(self, i: int) -> bool:
        """ "Name:" at the start of a line, as in a transcript."""
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        return (
            i + 1 < n
            and text[en[i] : st[i + 1]].lstrip().startswith(":")
            and (i == 0 or "\n" in text[en[i - 1] : st[i]])
            and lows[i] not in _LABEL_WORDS
        )

    def vocative(self, i: int) -> bool:
        """ "Mark, if you're reading this": a name addressed at the start of a sentence."""
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        return i + 1 < n and text[en[i] : st[i + 1]] == ", " and lows[i + 1] in _VOCATIVE_NEXT

    def is_kin_phrase(self, k: int) -> bool:
        """Tokens from k read "is my sister", "was our foster carer"..."""
        n, lows = self.n, self.lows
        return (
            k + 2 < n
            and lows[k] in ("is", "was", "'s")
            and lows[k + 1] in ("my", "our", "his", "her", "their", "your")
            and (lows[k + 2] in _RELATION_SET or (k + 3 < n and lows[k + 3] in _RELATION_SET))
        )

    def and_kin(self, i: int) -> bool:
        """ "Autumn and her brother...": a person, paired with someone's relative."""
        n, lows = self.n, self.lows
        return (
            self.next_low(i) == "and"
            and i + 3 < n
            and lows[i + 2] in ("his", "her")
            and (lows[i + 3] in _RELATION_SET or (i + 4 < n and lows[i + 4] in _RELATION_SET))
        )

    def from_service(self, i: int) -> bool:
        """ "Rich from the youth club", "Frank from housing": a worker named by their service."""
        n, lows, poss = self.n, self.lows, self.poss
        if self.next_low(i) not in ("from", "at") or poss[i]:
            return False
        k = i + 2
        while k < n and lows[k] in ("the", "our", "my", "his", "her", "their", "local"):
            k += 1
        if self.next_low(i) == "at":
            # "Joy at the children's centre": a worker at a named kind of service
            return any(lows[m] in _SERVICE_WORDS or lows[m] in _CONCRETE_SERVICES for m in range(k, min(n, k + 3)))
        if k < n and lows[i] in _VIRTUE_WORDS:
            # "Joy from the contact centre" is a person; "Hope from the community" is not
            return lows[k] in _SERVICE_WORDS or lows[k] in _CONCRETE_SERVICES
        return k < n and (lows[k] in _TITLE_WORDS or lows[k] in _SERVICE_WORDS)

    def word_compound(self, i: int) -> bool:
        """ "Ruby red lipstick", "Robin redbreast", "Holly and ivy": a word-name followed by a
        lowercase word that is no verb makes a phrase of words, not a person."""
        n, tx, lows, F = self.n, self.tx, self.lows, self.F
        k = i + 1
        if k >= n or not self.adjacent(k) or not tx[k].islower():
            return False
        if lows[k] in ("and", "or"):
            k += 1
            return (
                k < n
                and tx[k].islower()
                and (F[k].size or 99) <= 50
                and lows[k] not in _FUNCTION_WORDS
                and lows[k] not in _RELATION_SET
                and not F[k].blocked
            )
        lk = lows[k]
        if (
            k + 1 < n
            and len(lk) > 3
            and lk.endswith("s")
            and lows[k + 1] in ("were", "are", "have", "had")
            and F[k].size is not None
        ):
            return True  # "Hunter wellies were left": a plural noun after the word, then its verb
        return (
            F[k].size is not None
            and lk not in _NAME_NEXT
            and lk not in _FUNCTION_WORDS
            and not (len(lk) > 4 and lk.endswith("ed"))
            and not (len(lk) > 3 and lk.endswith("s") and not lk.endswith("ss"))
            and lk not in _RELATION_SET
        )

    def listed_with_name(self, i: int) -> bool:
        """Is token i joined by ',', 'and' or '&' to a token already found to be a name?"""
        text, n, tk, st, en, lows, is_name = self.text, self.n, self.tk, self.st, self.en, self.lows, self.is_name
        for j, lo, hi in ((i - 1, i - 1, i), (i + 1, i, i + 1)):
            if not 0 <= j < n:
                continue
            g = text[en[lo] : st[hi]]
            if is_name[j] and g in (", ", ",", " & ") and not tk.apos[lo]:
                return True
            if g == " " and 0 <= j < n and lows[j] == "and":
                k = j - 1 if j < i else j + 1
                if 0 <= k < n and is_name[k] and text[en[min(j, k)] : st[max(j, k)]] == " ":
                    return True
        return False

    def apposition_role(self, i: int) -> bool:
        """ "Dawn, the family support worker, ...": a word-name followed by ", the" and a role."""
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        if not (i + 2 < n and text[en[i] : st[i + 1]] == ", " and lows[i + 1] == "the"):
            return False
        for k in range(i + 2, min(n, i + 6)):
            if lows[k] in _RELATION_SET or lows[k] in _ROLE_NOUNS:
                return text[en[k] : en[k] + 1] in (",", ")", ".", " ")
            if "," in text[en[k] : st[k + 1]] if k + 1 < n else True:
                return False
        return False

    def role_after_the(self, i: int) -> bool:
        """ "Bill the lodger was never checked": a word-name then "the" and a role."""
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        return (
            i + 2 < n
            and text[en[i] : st[i + 1]] == " "
            and lows[i + 1] == "the"
            and any(lows[m] in _RELATION_SET or lows[m] in _ROLE_NOUNS for m in range(i + 2, min(n, i + 4)))
        )

    def place_description(self, i: int) -> bool:
        """ "Skye is a lovely island", "Harris is a small town": the word is described as a place."""
        n, lows, poss = self.n, self.lows, self.poss
        if self.next_low(i) not in ("is", "was") or poss[i]:
            return False
        return any(lows[m] in _PLACE_KIND_NOUNS for m in range(i + 2, min(n, i + 6)))

    def is_person_after(self, k: int) -> bool:
        """ "Faith is a young carer": a person noun soon after "is" (not "Joy is not a word")."""
        text, n, st, en, lows = self.text, self.n, self.st, self.en, self.lows
        for m in range(k, min(n, k + 4)):
            if lows[m] in _RELATION_SET or lows[m] in _PERSON_NOUNS or lows[m] in _ROLE_NOUNS:
                return True
            if m + 1 < n and text[en[m] : st[m + 1]] != " ":
                return False
        return False

    def verb_like_next(self, i: int) -> bool:
        """ "Zarghuna speaks Pashto": the next word is a lowercase verb in -s or -ed."""
        text, n, st, en, tx, lows, F = self.text, self.n, self.st, self.en, self.tx, self.lows, self.F
        if i + 1 >= n or text[en[i] : st[i + 1]] != " " or not tx[i + 1].islower():
            return False
        nl = lows[i + 1]
        size_n = F[i + 1].size
        return (
            size_n is not None
            and size_n <= 50
            and nl not in _FUNCTION_WORDS
            and len(nl) > 3
            and nl not in _ORG_VERBS
            and (nl.endswith("ed") or (nl.endswith("s") and not nl.endswith(("ss", "us", "is"))))
        )

    def context_at(self, i: int) -> None:
        """Name evidence from the word before: a title, a relationship word, a naming cue."""
        text, st, en, tx, lows = self.text, self.st, self.en, self.tx, self.lows
        low = lows[i]
        if low not in _CONTEXT_TRIGGERS:
            return
        t = tx[i]
        j = i + 1
        g = text[en[i] : st[j]]
        if low in _TITLE_TOKENS or t in _TITLES_CASED or low == "miss":
            self.after_title(i, j, g)
        elif self.after_relation(i, j, g):
            return
        elif low == "and" and i > 0 and lows[i - 1] == "me":
            self.after_me_and(j)
        elif low in _CUE_TRIGGERS:
            self.after_cue(i, j)

    def after_title(self, i: int, j: int, g: str) -> None:
        """ "Mr Smith", "Nurse Jo": a name after a title."""
        n, tx, lows, F, caps, reason, strong_ctx = (
            self.n,
            self.tx,
            self.lows,
            self.F,
            self.caps,
            self.reason,
            self.strong_ctx,
        )
        t, low = self.tx[i], self.lows[i]
        if not caps[j] and not tx[j].isupper():
            size_j = F[j].size
            if not ((self.fn(j) or self.sur(j)) and (size_j is None or size_j >= 50)) and (
                size_j is not None or low == "miss"
            ):
                return
        if len(tx[j]) == 1 and not (j + 1 < n and self.adjacent(j + 1) and caps[j + 1]):
            return  # "Ms A", "Mr X": a pseudonym, not a name
        if t in ("Sister", "Father", "Officer", "Nurse", "Master") and (i == 0 or lows[i - 1] in _DETERMINERS):
            return
        if (
            g.strip(" .") == ""
            and "\n" not in g
            and lows[j] not in _FUNCTION_WORDS
            and (caps[j] or tx[j].isupper() or not self.blocked(j))
        ):
            strong_ctx[j] = True
            reason[j] = f"name after the title '{t}'"

    def after_relation(self, i: int, j: int, g: str) -> bool:
        """ "his mum Sarah", "my nan pat": a name after a relationship or role word (True when the
        word was read as one)."""
        text, n, tk, en, tx, lows, F, caps, reason, strong_ctx = (
            self.text,
            self.n,
            self.tk,
            self.en,
            self.tx,
            self.lows,
            self.F,
            self.caps,
            self.reason,
            self.strong_ctx,
        )
        low = self.lows[i]
        rel = low if low in _RELATION_SET else ""
        if not rel and low in ("worker", "visitor", "officer", "teacher", "carer") and i > 0:
            rel = low
        if not rel and low in _CHILD_WORDS and self.child_word(i):
            rel = low
        # "my son (Alfie) is": the name may come in brackets
        if rel and g.strip(" ,(\"'“‘") == "" and "\n" not in g and g.count("(") <= 1:
            prev = lows[i - 1] if i > 0 else ""
            prev2 = lows[i - 2] if i > 1 else ""
            prev_poss = i > 0 and tk.apos[i - 1]
            has_det = (
                prev_poss
                or prev in _DETERMINERS
                or prev2 in _DETERMINERS
                or prev
                in (
                    "new",
                    "old",
                    "little",
                    "big",
                    "older",
                    "younger",
                    "eldest",
                    "youngest",
                    "best",
                    "step",
                    "social",
                    "health",
                    "key",
                    "support",
                    "youth",
                    "family",
                    "class",
                    "head",
                    "school",
                    "foster",
                )
            )
            # "Auntie Sue", and "Baby Matt" as news and reviews name a baby (not "Baby P", a letter)
            direct = (low in _KIN_DIRECT or (low == "baby" and len(tx[j]) > 1)) and caps[i]
            if not (
                has_det
                or direct
                or (i > 0 and caps[i] and lows[i - 1] in _RELATION_SET)
                or low in _CHILD_WORDS  # child_word() found its possessive or number
                or self.second_kin(i)
            ):
                return True
            tj = tx[j]
            if lows[j] in _RELATION_SET or lows[j] in _CHILD_WORDS:
                return True  # "my youngest son Alfie", "my little boy": the name, if any, comes later
            if caps[j] and not self.blocked(j) and not self.is_place(j) and lows[j] not in ("i",):
                if _ACRONYM_PLURAL_RE.match(tj):
                    return True  # "my kids EHCPs", "my son's GPs": acronyms in the plural
                size_j = F[j].size
                common_j = size_j is not None and size_j <= 40 and self.fn(j) < 2000
                next_namey = (
                    j + 1 < n and self.adjacent(j + 1) and caps[j + 1] and (self.fn(j + 1) > 0 or F[j + 1].size is None)
                )
                if common_j and (caps[i] or not next_namey):
                    return True
                strong_ctx[j] = True
                reason[j] = f"a person's name after '{low}'"
            elif tj.islower() and not self.blocked(j):
                c = self.fn(j)
                if (c >= 50 or (not self.is_word(j) and not _word_shaped(lows[j]))) and (
                    not self.is_word(j) or self.next_is_verb(j) or j + 1 >= n or text[en[j] : en[j] + 1] in ",.!?;:)"
                ):
                    if lows[j] not in _FUNCTION_WORDS:
                        strong_ctx[j] = True
                        reason[j] = f"a person's name after '{low}'"
            elif tj.isupper() and len(tj) >= 2 and self.capitals_name(j):
                strong_ctx[j] = True
                reason[j] = f"a person's name in capitals after '{low}'"
            if strong_ctx[j] and low in _KIN_PLURALS:
                self.kin_list(j, low)
            return True
        return False

    def second_kin(self, i: int) -> bool:
        """ "my son Alfie and daughter ROSIE": a kin word after "and" that shares the possessive
        of a kin word just before."""
        lows = self.lows
        return (
            i > 2
            and lows[i - 1] in ("and", "or")
            and any(
                (lows[k] in _RELATION_SET or lows[k] in _CHILD_WORDS) and lows[k - 1] in _POSSESSIVES
                for k in range(max(1, i - 5), i - 1)
            )
        )

    def child_word(self, i: int) -> bool:
        """ "my boy", "our youngest", "my little one": a word for a child after a possessive,
        which takes a name as a kin word does."""
        lows = self.lows
        prev = lows[i - 1] if i > 0 else ""
        prev2 = lows[i - 2] if i > 1 else ""
        if lows[i] == "one":
            # "our little one", "my youngest one"; not "my one chance", "the one thing"
            return prev in _CHILD_ONE_BEFORE and (prev2 in _DETERMINERS or (i > 2 and lows[i - 3] in _POSSESSIVES))
        if lows[i] in ("youngest", "eldest", "oldest", "middle"):
            return prev in _POSSESSIVES  # "my youngest, Alfie,"; not "the youngest Ofsted rating"
        # "my boy", "our little girl", "her baby boy", "my two boys"
        if prev in _POSSESSIVES or (prev2 in _POSSESSIVES and prev in _CHILD_WORD_BEFORE):
            return True
        # "I have two sons, ALFIE and TOMMY", "I've got 3 kids": a number of children
        return lows[i] in _KIN_PLURALS and (
            prev in _KIN_COUNTS or (i > 0 and any(ch.isdigit() for ch in self.text[self.en[i - 1] : self.st[i]]))
        )

    def kin_list(self, j: int, low: str) -> None:
        """ "my twins ROSIE and LILY", "my kids alfie, maisie and jack": the names listed after the
        first one that follows a plural kin word."""
        text, n, st, en, lows, F = self.text, self.n, self.st, self.en, self.lows, self.F
        k = j
        for _ in range(5):
            if k + 1 < n and text[en[k] : st[k + 1]] in (", ", " & ", ","):
                m = k + 1
            elif k + 2 < n and lows[k + 1] == "and" and text[en[k] : st[k + 1]] in (" ", ", ") and self.adjacent(k + 2):
                m = k + 2
            else:
                return
            lm = lows[m]
            if self.never_kin_name(m) or not (
                self.fn(m) >= 1000
                or (F[m].size is None and (self.fn(m) >= 50 or (len(lm) >= 3 and not _word_shaped(lm))))
            ):
                return
            self.strong_ctx[m] = True
            self.reason[m] = f"a person's name listed after '{low}'"
            k = m

    def loud_verb_next(self, j: int) -> bool:
        """ "MY SON JACK CRIES": the next word, in capitals too, is a verb in -s or -ed (as
        verb_like_next reads lowercase ones)."""
        text, n, st, en, tx, lows, F = self.text, self.n, self.st, self.en, self.tx, self.lows, self.F
        if j + 1 >= n or text[en[j] : st[j + 1]] != " " or not tx[j + 1].isupper():
            return False
        nl = lows[j + 1]
        size = F[j + 1].size
        return (
            size is not None
            and size <= 50
            and len(nl) > 3
            and nl not in _FUNCTION_WORDS
            and self.fn(j + 1) < 1000
            and (nl.endswith("ed") or (nl.endswith("s") and not nl.endswith(("ss", "us", "is"))))
        )

    def never_kin_name(self, j: int) -> bool:
        """Is word j one that never names the person after a kin word: a listed service or
        condition (CAMHS, SEN, ADHD, also in the plural: "EHCPS", "EHCPs"), a function word, a
        kin word or a place?"""
        low = self.lows[j]
        return (
            self.blocked(j)
            or low in _FUNCTION_WORDS
            or low in _RELATION_SET
            or low in _CHILD_WORDS
            or (low.endswith("s") and facts(low[:-1]).blocked)
            or _ACRONYM_PLURAL_RE.match(self.tx[j]) is not None
            or self.is_place(j)
        )

    def capitals_name(self, j: int) -> bool:
        """Is word j, written in capitals after a kin word, a name ("my son ALFIE", "MY SON JACK
        WAS") rather than an acronym or a word said loudly ("my son CAMHS", "my son HAS ADHD",
        "my son NEVER")?"""
        text, n, en, lows, F = self.text, self.n, self.en, self.lows, self.F
        low = lows[j]
        if self.never_kin_name(j):
            return False
        c = self.fn(j)
        clause_end = j + 1 >= n or text[en[j] : en[j] + 1] in ",.!?;:)"
        before_verb = clause_end or self.next_is_verb(j) or self.verb_like_next(j) or self.loud_verb_next(j)
        if F[j].size is not None:
            # a first name that is also a word ("JACK", "GRACE") only before a verb or a stop,
            # as in lowercase: not "my son DREW on the wall", "my son HATES school"; "LA" (the
            # local authority) is no name in capitals
            return c >= 1000 and len(low) >= 3 and before_verb
        if c >= 1000:
            return len(low) >= 3 or before_verb  # "LEO", "KAI"; "ED", "TJ" only before a verb
        if c >= 50:
            # a rarer listed name: "ALFIE", "AMELIAH"; three letters or fewer is more often an
            # acronym that some list holds as a name ("ESA", "SMA", "FE")
            return len(low) >= 4
        # in no list: a name-shaped word ("KAYDYN") before a verb or a stop; four letters or
        # fewer in capitals is an acronym ("MRI", "SARC", "ESOL")
        return len(low) >= 5 and any(v in low for v in "aeiouy") and not _word_shaped(low) and before_verb

    def after_me_and(self, j: int) -> None:
        """ "me and Kayla": a name after "me and"."""
        tx, lows, F, reason, strong_ctx = self.tx, self.lows, self.F, self.reason, self.strong_ctx
        if self.blocked(j) or lows[j] in _FUNCTION_WORDS:
            return
        if self.fn(j) >= 1000 or (
            not self.is_word(j) and len(tx[j]) >= 2 and F[j].upper is None and not self.is_place(j)
        ):
            strong_ctx[j] = True
            reason[j] = "a name after 'me and'"

    def after_cue(self, i: int, j: int) -> None:
        """ "my name is", "called", "Dear": a name after a naming cue."""
        text, st, tx, lows, caps, reason, strong_ctx = (
            self.text,
            self.st,
            self.tx,
            self.lows,
            self.caps,
            self.reason,
            self.strong_ctx,
        )
        pre = text[max(0, st[i] - 30) : st[j]]
        cue = _NAME_CUE_RE.search(pre)
        if not cue:
            return
        cue_text = cue.group().lower()
        tj = tx[j]
        strong = any(c in cue_text for c in _STRONG_CUES)
        if cue_text.strip() in ("and", "is", "to", "with", "from"):
            return
        if cue_text.strip() == "named" and (lows[j] in _RELATION_SET or lows[j] in _NAMED_ROLES):
            return  # "the Named Nurse", "Named GP for Safeguarding": a role, not a naming
        greeting = cue_text.strip(" ,") in ("dear", "hi", "hello", "hey", "thanks", "thank you")
        if self.service_name_at(j):
            return  # "I called Social Services", "she called Early Help": a service rung, not a name
        if lows[j] in _DETERMINERS or lows[j] in ("this", "that", "these", "those", "it", "we", "us", "you"):
            return  # "a campaign called My Time in Care", "a charity called The Hideout": a title, not a name
        if caps[j] and not self.blocked(j) and (strong or not self.is_place(j)) and lows[j] != "i":
            if strong or not self.is_word(j) or (greeting and self.fn(j) >= 2000):
                strong_ctx[j] = True
                reason[j] = f"a name after '{cue.group().strip()}'"
        elif (
            tj.islower()
            and not strong
            and cue_text.strip(" ,") in ("i'm", "im", "i’m", "i am")
            and self.fn(j) >= 1000
            and not self.blocked(j)
            and lows[j] not in _FUNCTION_WORDS
            and _SELF_ROLE_AFTER_RE.match(text, self.en[j])
        ):
            # "hi im jade, alfie's mum", "i'm sue, a foster carer": a name, then who they are
            strong_ctx[j] = True
            reason[j] = f"a name after '{cue.group().strip()}' and before who they are"
        elif tj.islower() and strong and not self.blocked(j) and lows[j] not in _FUNCTION_WORDS:
            intro = _INTRODUCTION_RE.search(cue_text) is not None
            if (
                not self.is_word(j)
                or (self.fn(j) >= 1000 and i > 0 and lows[i - 1] in _PERSON_NOUNS)
                or (intro and self.fn(j) >= 1000 and lows[j] not in _NOT_AFTER_INTRODUCTION)
            ):
                strong_ctx[j] = True
                reason[j] = f"a name after '{cue.group().strip()}'"
                if intro:
                    self.introduced.add(j)
        elif tj.isupper() and len(tj) >= 2 and strong and not self.never_kin_name(j):
            # "his name is ALFIE", 'known as "TINY"': any word named; "called ALFIE" (also
            # "I called CAMHS") only a word the lists make a name
            naming = _INTRODUCTION_RE.search(cue_text) is not None or "aka" in cue_text or "a.k.a" in cue_text
            if (naming and lows[j] not in _NOT_AFTER_INTRODUCTION) or self.capitals_name(j):
                strong_ctx[j] = True
                reason[j] = f"a name after '{cue.group().strip()}'"

    def street_prefixes(self) -> None:
        """ "Lil K", "Yung Dee": a street name, whatever the word after the prefix."""
        n, tk, tx, lows, caps, reason, strong_ctx = (
            self.n,
            self.tk,
            self.tx,
            self.lows,
            self.caps,
            self.reason,
            self.strong_ctx,
        )
        if tk.lowset.isdisjoint(_STREET_PREFIXES):
            return
        for i in range(n - 1):
            # "Lil K", "Yung Dee": a street name, whatever the word after the prefix
            if (
                lows[i] in _STREET_PREFIXES
                and caps[i]
                and self.adjacent(i + 1)
                and tx[i + 1][:1].isupper()
                and not self.blocked(i + 1)
            ):
                strong_ctx[i] = strong_ctx[i + 1] = True
                reason[i] = reason[i + 1] = f"street name after '{tx[i]}'"

    def list_evidence(self, i: int) -> None:
        """Name evidence from the lists (first names, surnames, words, places) and the word's own shape."""
        text, tk, st, en, tx, lows, poss, F, caps, is_name, reason, strong_ctx = (
            self.text,
            self.tk,
            self.st,
            self.en,
            self.tx,
            self.lows,
            self.poss,
            self.F,
            self.caps,
            self.is_name,
            self.reason,
            self.strong_ctx,
        )
        if strong_ctx[i]:
            is_name[i] = True
            return
        if i > 0 and tx[i] in _TITLES_CASED and lows[i - 1] in _DETERMINERS:
            return  # "the Imam said", "our Pastor": a role, not a name
        if self.brands and lows[i] in _BRAND_WORD_NAMES and not self.next_is_verb(i, strong=True):
            return  # "Sky was on all day", "asked Alexa": a brand, not a person
        if (
            caps[i]
            and i > 0
            and lows[i].endswith("s")
            and lows[i - 1] == "the"
            and len(lows[i]) > 4
            and F[i].size is None
            and not F[i].place
            and not F[i].place_weak
            and not self.blocked(i)
        ):
            stem = facts(tx[i][:-2] if lows[i].endswith("es") and facts(tx[i][:-2]).surname else tx[i][:-1])
            if stem.surname and stem.size is None and stem.upper is None and not stem.blocked:
                is_name[i] = True  # "families like the Dohertys": a family by its surname
                reason[i] = "surname in the plural after 'the' (a family)"
                return
        if i > 0 and lows[i - 1] in ("st", "saint") and caps[i - 1]:
            return  # St James's Hospital, St Mary's: a saint, not a person here
        if poss[i] and i > 0 and lows[i - 1] in ("a", "an") and not self.blocked(i):
            return  # "take them for a McDonald's", "grab a Greggs's": a shop or a meal, not a person
        if text[en[i] : en[i] + 1] in (".", ":") and _LABEL_BEFORE_NUMBER_RE.match(text, en[i]):
            return  # "Tel. (01632) 960 001", "Mob: 07700...": a label, not a name
        if lows[i] in _COLOURS and len(tk.lowset & _RAG_WORDS) >= 2 and not self.next_is_verb(i, strong=True):
            return  # "rated Amber", "Red, Amber or Green": a RAG rating
        t = tx[i]
        f = F[i]
        if f.size is not None and f.size < 50 and not poss[i] and t.islower() and f.first < 10000:
            return  # a common lowercase word is never a name on its own
        low = lows[i]
        if len(f.key) < 2:
            return
        if self.blocked(i):
            return
        allcaps = t.isupper() and len(t) >= 3
        if _ACRONYM_PLURAL_S_RE.match(t):
            return  # "there are no OTs", "the TAs": an acronym in the plural, not a name
        if allcaps and i > 0 and lows[i - 1] in ("the", "a", "an") and not tx[i - 1].isupper():
            return  # "the FLO met us", "a SENCO": a role or service by its letters, not a person
        if caps[i] and not allcaps:
            r = self.capitalised(i, _is_sentence_start(text, st[i]))
        elif allcaps:
            r = (
                "first name from name lists (in capitals)"
                if (f.size is None and f.first >= 1000 and low not in _NOT_NAMES and not self.is_place(i))
                else ""
            )
        elif t.islower():
            r = self.lowercase(i)
        else:
            r = ""
        if r:
            is_name[i] = True
            reason[i] = r

    def virtue_list(self, i: int) -> bool:
        """Is token i (a virtue that is also a name) listed with other virtues, one of them in
        lowercase, or three of them ending a clause? "Faith and Hope came to visit" are people."""
        lows, tx, n = self.lows, self.tx, self.n
        joins = ("and", "or", "&")

        def linked(k: int) -> int:
            """The next virtue listed after token k ("Hope, Faith", "Faith and Love"), or -1."""
            if k + 1 < n and "," in self.text[self.en[k] : self.st[k + 1]] and lows[k + 1] in _VIRTUE_WORDS:
                return k + 1
            if k + 2 < n and lows[k + 1] in joins and lows[k + 2] in _VIRTUE_WORDS:
                return k + 2
            return -1

        a = i
        while True:
            prev = next((k for k in (a - 1, a - 2) if k >= 0 and linked(k) == a), -1)
            if prev < 0:
                break
            a = prev
        b = i
        while (nxt := linked(b)) >= 0:
            b = nxt
        members = [k for k in range(a, b + 1) if lows[k] in _VIRTUE_WORDS]
        if len(members) < 2:
            return False
        if any(tx[k].islower() for k in members):
            return True
        if len(members) < 3:
            return False  # "Thanks to Grace and Joy": two people as often as two virtues
        after = self.text[self.en[b] :].lstrip(" ")
        return after == "" or after[0] in ".,;:!?)"  # "Hope, Faith and Love" ending a clause

    def capitalised(self, i: int, start: bool) -> str:
        """The reason a capitalised word is a name, or ""."""
        text, n, tk, en, lows, F, caps = self.text, self.n, self.tk, self.en, self.lows, self.F, self.caps
        low, f = self.lows[i], self.F[i]
        if self.is_place(i):
            return ""
        if low in _VIRTUE_WORDS and self.virtue_list(i):
            return ""  # "Hope, Faith and patience", "all we had was Hope, Faith and Love": virtues
        if (
            self.age_commas
            and text[en[i] : en[i] + 1] == ","
            and low not in _FUNCTION_WORDS
            and low not in _TITLE_WORDS
            and low not in _MONTH_NAMES
            and (i == 0 or lows[i - 1] not in _DETERMINERS)
            and _NAME_AGE_COMMA_RE.match(text, en[i]) is not None
        ):
            return "a capitalised word before ', 13,' and a verb (a name and an age)"
        if f.first >= 1000 and text[en[i] : en[i] + 1] == "*" and not text[en[i] + 1 : en[i] + 2].isalnum():
            # "Jack* is 11": a name changed for a case study is still a name
            return "first name marked '*' (a name changed for a case study)"
        if (
            low == "eve"
            and i > 0
            and lows[i - 1] in ("year", "years", "christmas", "midsummer", "hallowe'en")
            and self.adjacent(i)
            or (low == "eve" and i > 0 and tk.apos[i - 1] and lows[i - 1] == "year")
        ):
            return ""  # "New Year's Eve", "Christmas Eve": a day, not a person
        if (f.place or f.place_weak) and self.town_after_address(i):
            return ""  # "Unit 4, Marsh Lane Business Park, Preston": the town of an address
        if (
            low in _COMPASS
            and i + 1 < n
            and self.adjacent(i + 1)
            and caps[i + 1]
            and (self.is_place(i + 1) or F[i + 1].place or F[i + 1].place_weak)
        ):
            return ""  # "West Yorkshire", "South Tyneside": part of a place
        if not start:
            return self.capitalised_mid(i)
        return self.capitalised_start(i)

    def listed_with_month(self, i: int) -> bool:
        """Is token i one of a list of months after a word of time ("in April, May and June",
        "between May and August", "May or June 2023")? "I told May and June" is two people."""
        lows, tx, n = self.lows, self.tx, self.n
        joins = ("and", "or", "to", "till", "until")
        a = i
        while a - 1 >= 0 and (
            lows[a - 1] in _MONTH_NAMES or (lows[a - 1] in joins and a - 2 >= 0 and lows[a - 2] in _MONTH_NAMES)
        ):
            a -= 1
        b = i
        while b + 1 < n and (
            lows[b + 1] in _MONTH_NAMES or (lows[b + 1] in joins and b + 2 < n and lows[b + 2] in _MONTH_NAMES)
        ):
            b += 1
        months = sum(1 for k in range(a, b + 1) if lows[k] in _MONTH_NAMES)
        if months < 2:
            return False
        return (a > 0 and (lows[a - 1] in _TIME_PREPS or lows[a - 1] == "between")) or (
            b + 1 < n and tx[b + 1][:1].isdigit()
        )

    def capitalised_mid(self, i: int) -> str:
        """The reason a capitalised word inside a sentence is a name, or ""."""
        text, n, en, tx, lows, poss, caps, is_name, upper = (
            self.text,
            self.n,
            self.en,
            self.tx,
            self.lows,
            self.poss,
            self.caps,
            self.is_name,
            self.upper,
        )
        low, f = self.lows[i], self.F[i]
        c, s_, size = f.first, f.surname, f.size
        w = size is not None  # an English word at all
        common = size is not None and size <= 40
        if (
            low in _NATIONALITY_NAMES
            and i + 1 < n
            and tx[i + 1].islower()
            and not self.next_is_verb(i)
            and not (i > 0 and is_name[i - 1])
        ):
            return ""  # "a German autobahn", "his French teacher": a nationality before a noun
        if not common and (c or s_) and not (size is not None and not c and size <= 55):
            if (
                c < 1000
                and i > 0
                and (lows[i - 1] in _LOCATIVE or (lows[i - 1] == "to" and i > 1 and lows[i - 2] in _MOTION))
                and not (
                    lows[i - 1] == "from"
                    and i > 1
                    and lows[i - 2] in _GOT_FROM_SOMEONE  # "something from Abi", not "moved here from Kenosha"
                    and not (f.place or f.place_weak or f.upper is not None)
                    and not (i + 1 < n and caps[i + 1] and self.adjacent(i + 1))  # "from Coram Voice"
                )
            ):
                return ""  # a rare first name where a place goes; but "something from Abi" is a person
            return (
                "first name from name lists, capitalised mid-sentence"
                if c
                else "surname from name lists, capitalised mid-sentence"
            )
        elif (
            w
            and c >= 2000
            and not self.title_phrase(i)
            and (i == 0 or lows[i - 1] not in ("the", "a", "an", "this", "our", "your", "any", "every", "no"))
            and not (
                i > 0 and self.adjacent(i) and caps[i - 1] and self.is_place(i - 1)  # "Huddersfield Royal"
            )
            and not (
                low in _MONTH_NAMES
                and (
                    lows[i - 1] in _TIME_PREPS
                    or self.listed_with_month(i)
                    or (i + 1 < n and tx[i + 1][:1].isdigit())
                    or text[en[i] : en[i] + 2].strip()[:1].isdigit()
                )
            )
        ):
            return "first name that is also a word, capitalised mid-sentence"
        elif (
            s_
            and w
            and size is not None
            and size >= 50
            and not c
            and self.next_is_verb(i)
            and self.next_low(i) not in ("and", "or")
            and not (
                i > 0
                and (
                    lows[i - 1] in _DETERMINERS
                    or lows[i - 1] in _LOCATIVE
                    or lows[i - 1] in _FUNCTION_WORDS
                    and lows[i - 1] not in ("said", "told", "says", "and")
                )
            )
            and not self.title_phrase(i)
        ):
            # "the court heard Doughty had...": a surname that is also a rare word, before a verb
            return "surname that is also a rare word, capitalised mid-sentence before a verb"
        elif (
            poss[i]
            and not w
            and not (i > 0 and (lows[i - 1] in _LOCATIVE or (lows[i - 1] == "to" and i > 1 and lows[i - 2] in _MOTION)))
        ):  # "Grace's teacher", but "went to Nando's" is a place
            return "capitalised word with 's, not in the English word list"
        elif not w and not c and not s_ and low not in upper and self.unknown_name_context(i):
            return "capitalised word in no word list, used like a name"

        return ""

    def capitalised_start(self, i: int) -> str:
        """The reason a capitalised word at the start of a sentence is a name, or ""."""
        text, n, st, en, lows, poss, upper = self.text, self.n, self.st, self.en, self.lows, self.poss, self.upper
        t, low, f = self.tx[i], self.lows[i], self.F[i]
        c, s_, size = f.first, f.surname, f.size
        w = size is not None  # an English word at all
        common = size is not None and size <= 40
        if self.place_description(i):
            return ""  # "Skye is a lovely island": a place described, not a person
        if not common and (c >= 20 or s_) and not (size is not None and not c and size <= 55):
            return (
                "first name from name lists, at the start of a sentence"
                if c
                else "surname from name lists, at the start of a sentence"
            )
        elif (
            w
            and c >= 2000
            and (
                self.next_is_verb(i, strong=True)
                or (poss[i] and c >= 10000)
                or (self.next_low(i) in ("was", "has", "had") and not poss[i])
                or (
                    self.next_low(i) == "is"
                    and c >= 100_000
                    and (low not in _VIRTUE_WORDS or self.is_person_after(i + 2))
                )
                or (
                    i + 1 < n
                    and text[en[i] : st[i + 1]] == ", "
                    and lows[i + 1] in ("my", "his", "her", "our", "their", "your")
                )
                or self.apposition_role(i)
                or (low not in ("will", "may", "can") and self.role_after_the(i))
                or (
                    c >= 200_000
                    and size is not None
                    and size >= 35
                    and not self.word_compound(i)
                    and low not in _VIRTUE_WORDS
                )
                or (
                    self.next_low(i) in ("is", "was") and _AGE_AFTER_NAME_RE.match(text[en[i] : en[i] + 40]) is not None
                )
                or self.speaker_label(i)
                or (c >= 10000 and self.vocative(i))
                or (c >= 1000 and self.is_kin_phrase(i + 1))
                or self.and_kin(i)
                or self.from_service(i)
            )
        ):
            return "first name that is also a word, followed by 'said/was/'s'"
        elif (
            not w
            and c < 20
            and not s_
            and low not in upper
            and len(t) > 2
            and not _CAMEL_RE.search(t)
            and (
                self.next_is_verb(i)
                or self.verb_like_next(i)
                or poss[i]
                or self.speaker_label(i)
                or (i + 1 < n and text[en[i] : en[i] + 1] == "," and len(t) > 3)
            )
        ):
            return "capitalised word before 'said/told...', not in the English word list"

        return ""

    def lowercase(self, i: int) -> str:
        """The reason a word written in lowercase is a name, or ""."""
        lows, poss = self.lows, self.poss
        t, low, f = self.tx[i], self.lows[i], self.F[i]
        c, size = f.first, f.size
        w = size is not None  # an English word at all
        if len(t) < 3 or self.is_place(i) or low in _FUNCTION_WORDS:
            return ""
        if w and i > 0 and lows[i - 1] in _NOUN_BEFORE:
            return ""  # "bill after bill", "the will", "every rose": a word, not a name
        if (size is None or (size >= 50 and c >= 10000)) and c >= 1000:
            return "first name from name lists, written in lowercase"
        elif size is None and c >= 100 and self.next_is_verb(i) and self.next_low(i) not in ("and", "or"):
            # "kwabena got stabbed": a less common name before a verb
            return "first name from name lists, written in lowercase, before a verb"
        elif poss[i] and c >= 10000:
            return "first name from name lists with 's"
        elif c >= 1000 and i > 0 and lows[i - 1] in _LOWER_NAME_PREV and self.from_service(i):
            # "on the phone with sue from the school"
            return "first name from name lists before 'from the school'"
        elif c >= 10000 and self.next_is_verb(i, strong=True):
            return "first name from name lists before 'said/told...'"

        return ""

    def extend_pass(self) -> None:
        """Extend names to neighbouring name parts ("Sarah Jones", "J. Smith", "Willemine ten Pas") and to
        unlisted words in a list of names ("Usamov and Bowers"), until nothing changes."""
        is_name, n = self.is_name, self.n
        changed = any(is_name)
        while changed:
            changed = False
            for i in range(n):
                # only a word within two of a name can join it (checked here: most words are not)
                if is_name[i] or not any(is_name[max(0, i - 2) : i + 3]):
                    continue
                if self.extend_at(i):
                    changed = True

    def extend_at(self, i: int) -> bool:
        """Make token i, within two words of a name, part of it: an initial, a particle, a suffix, a
        surname (True if it did)."""
        text, n, st, en, tx, lows, F, caps, is_name, reason = (
            self.text,
            self.n,
            self.st,
            self.en,
            self.tx,
            self.lows,
            self.F,
            self.caps,
            self.is_name,
            self.reason,
        )
        t = tx[i]
        if (
            len(t) == 1
            and 0 < i < n - 1
            and is_name[i - 1]
            and self.adjacent(i)
            and self.adjacent(i + 1)
            and not self.blocked(i + 1)
            and (
                (t.isupper() and caps[i + 1])
                or (
                    t.islower()
                    and tx[i - 1].islower()
                    and tx[i + 1].islower()
                    and (self.sur(i + 1) or self.fn(i + 1))
                    and (F[i + 1].size or 99) > 40
                )
            )
        ):
            is_name[i] = True  # middle initial: "Stephan M Urner"
            reason[i] = reason[i - 1]
            return True
        if (
            lows[i] in _PARTICLES
            and t.islower()
            and 0 < i < n - 1
            and is_name[i - 1]
            and self.adjacent(i)
            and self.adjacent(i + 1)
            and caps[i + 1]
            and (F[i + 1].size or 99) > 40
        ):
            is_name[i] = is_name[i + 1] = True
            reason[i] = reason[i + 1] = reason[i - 1]
            return True
        if (
            lows[i] in _NAME_SUFFIXES
            and i > 0
            and is_name[i - 1]
            and (self.adjacent(i) or text[en[i - 1] : st[i]] == ", ")
        ):
            is_name[i] = True
            reason[i] = reason[i - 1]
            return True
        low = lows[i]
        if (low in _SURNAME_WORDS or low in _TITLE_WORDS) and self.extend_surname(i):
            return True
        return self.extend_neighbour(i)

    def extend_surname(self, i: int) -> bool:
        """A surname that is also a domain word after a first name ("Patrick Ward", "said David Hall")."""
        text, n, st, tk, tx, lows, caps, is_name, reason = (
            self.text,
            self.n,
            self.st,
            self.tk,
            self.tx,
            self.lows,
            self.caps,
            self.is_name,
            self.reason,
        )
        if (
            lows[i] in _SURNAME_WORDS
            and caps[i]
            and i > 0
            and is_name[i - 1]
            and self.adjacent(i)
            and self.fn(i - 1) >= 1000
            and not (i + 1 < n and tx[i + 1][:1].isdigit())
        ):
            is_name[i] = True  # "Patrick Ward", "Sam English": a surname that is also a domain word
            reason[i] = reason[i - 1] or "surname after a first name"
            return True
        if (
            lows[i] in _TITLE_WORDS
            and self.sur(i)
            and caps[i]
            and i > 0
            and is_name[i - 1]
            and self.adjacent(i)
            and self.fn(i - 1) >= 1000
            and not (i + 1 < n and caps[i + 1] and self.adjacent(i + 1))
            and not (
                i > 1
                and (
                    lows[i - 2] in _DETERMINERS
                    or lows[i - 2] in _LOCATIVE
                    or lows[i - 2] in ("st", "saint", "of", "to")
                )
            )
            and not (i + 1 < n and tk.apos[i])
            and not _is_sentence_start(text, st[i - 1])
        ):
            is_name[i] = True  # "said David Hall, prosecuting": a surname that is also a word of service names
            reason[i] = reason[i - 1] or "surname after a first name"
            return True
        return False

    def extend_neighbour(self, i: int) -> bool:
        """Token i as a name listed with, following or preceding a name (True if it is one)."""
        text, n, st, en, tx, lows, F, caps, is_name, reason = (
            self.text,
            self.n,
            self.st,
            self.en,
            self.tx,
            self.lows,
            self.F,
            self.caps,
            self.is_name,
            self.reason,
        )
        t = self.tx[i]
        if self.blocked(i) or lows[i] in _FUNCTION_WORDS or lows[i] in _EPONYM_NEXT or lows[i] in _EPONYM_OBJECTS:
            return False
        if (F[i].place or F[i].place_weak) and caps[i] and self.town_after_address(i):
            return False  # "Back Lane, Thornton": the town of an address, not a listed name
        if self.is_place(i) and not (i > 0 and is_name[i - 1] and self.adjacent(i) and self.sur(i)):
            return False  # a place, unless it is the surname after a first name ("Sarah Preston")
        if (lows[i] in _TITLE_TOKENS or t in _TITLES_CASED) and i + 1 < n and is_name[i + 1]:
            return False  # a title stays: "Lord [NAME]", "Sister [NAME]"
        size_i = F[i].size
        if (
            caps[i]
            and len(t) > 2
            and (size_i is None or size_i >= 50)
            and F[i].upper is None
            and lows[i] not in _ROLE_NOUNS
            and self.listed_with_name(i)
        ):
            is_name[i] = True
            reason[i] = "capitalised word listed with a name ('X, Y and Z')"
            return True
        # following a name
        if i > 0 and is_name[i - 1] and self.adjacent(i):
            if (
                (caps[i] and (self.sur(i) or self.fn(i) or not self.is_word(i)) and lows[i] not in _TITLE_WORDS)
                or (
                    t.islower()
                    and tx[i - 1].islower()
                    and not self.is_word(i)
                    and (self.sur(i) or self.fn(i) >= 1000 or len(t) >= 3)
                )
                or (t.isupper() and len(t) >= 2 and tx[i - 1].isupper() and not self.is_word(i))
                or (
                    # "my son ALFIE SMITH": a surname in capitals after a name found by its context
                    t.isupper()
                    and len(t) >= 3
                    and tx[i - 1].isupper()
                    and self.strong_ctx[i - 1]
                    and self.sur(i)
                    and (F[i].size or 99) >= 20
                    and not (F[i].size is not None and lows[i].endswith(("s", "ed")))  # "ALFIE SWEARS"
                    and lows[i] not in _NAME_NEXT
                    and lows[i] not in _FUNCTION_WORDS
                )
                or (
                    t.islower()
                    and i - 1 in self.introduced
                    and self.sur(i)
                    and lows[i] not in _FUNCTION_WORDS
                    and lows[i] not in _NAME_NEXT
                    and lows[i] not in _VOCATIVE_NEXT
                    and lows[i] not in _NOT_AFTER_INTRODUCTION
                )
            ):
                is_name[i] = True
                reason[i] = reason[i - 1] or "surname after a first name"
                return True
        # preceding a name
        if i + 1 < n and is_name[i + 1] and self.adjacent(i + 1):
            if (
                caps[i]
                and (
                    self.fn(i) >= 500
                    or (not self.is_word(i) and F[i].upper is None)
                    or (self.fn(i) and self.sur(i + 1) and not self.fn(i + 1))
                )
                and lows[i] not in _TITLE_WORDS
            ) or (len(t) == 1 and t.isupper() and text[en[i] : en[i] + 1] == "."):
                if not (len(t) == 1 and _is_sentence_start(text, st[i]) and t in "AI"):
                    is_name[i] = True
                    reason[i] = reason[i + 1] or "first name before a surname"
                    return True
        return False

    def spans(self) -> list[_Cand]:
        """One NAME candidate per run of name tokens joined by a space, an initial or a hyphen."""
        n, is_name = self.n, self.is_name
        i = 0
        while i < n:
            if not is_name[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and is_name[j + 1] and self.adjacent(j + 1):
                j += 1
            if not self.names_a_thing(i, j):
                self.emit(i, j)
            i = j + 1
        return self.out

    def names_a_thing(self, i: int, j: int) -> bool:
        """Do tokens i..j name a place, area, object or building after a person ("Victoria station",
        "the Ashfield locality", "Alder Hey Children's Hospital") rather than the person?"""
        text, n, tk, st, en, lows, caps, is_name, strong_ctx = (
            self.text,
            self.n,
            self.tk,
            self.st,
            self.en,
            self.lows,
            self.caps,
            self.is_name,
            self.strong_ctx,
        )
        k = j + 1
        if k < n and not caps[k] and lows[k] in _PLACE_NOUNS and self.adjacent(k) and not any(strong_ctx[i : j + 1]):
            return True  # "Victoria station", "Ellis park"
        if (
            k < n
            and not caps[k]
            and lows[k] in _AREA_NOUNS
            and self.adjacent(k)
            and i > 0
            and lows[i - 1] in _AREA_DETERMINERS
            and not any(strong_ctx[i : j + 1])
        ):
            return True  # "the Ashfield locality", "our Hillside patch": an area of a service, not a person
        if k < n and lows[k] in _EPONYM_OBJECTS and self.adjacent(k) and not any(strong_ctx[i : j + 1]):
            return True  # "his Moses basket": a thing named after a person
        if k < n and caps[k] and not any(strong_ctx[i : j + 1]):
            nxt = lows[k]
            if (self.adjacent(k) or (tk.apos[j] and text[en[j] : st[k]] in ("'s ", "’s "))) and (
                nxt in _EPONYM_NEXT or (nxt in ("children", "childrens") and k + 1 < n and lows[k + 1] in _EPONYM_NEXT)
            ):
                return True
            # "Alder Hey Children's Hospital": one more capitalised word, not a name, then the ending
            k2 = k + 1
            if (
                k2 < n
                and self.adjacent(k)
                and not is_name[k]
                and (self.adjacent(k2) or (tk.apos[k] and text[en[k] : st[k2]] in ("'s ", "’s ")))
                and (
                    lows[k2] in _EPONYM_NEXT
                    or (lows[k2] in ("children", "childrens") and k2 + 1 < n and lows[k2 + 1] in _EPONYM_NEXT)
                )
            ):
                return True
        return False

    def emit(self, i: int, j: int) -> None:
        """The NAME candidate for tokens i..j, with a nickname or an age written straight after it."""
        text, st, en, reason, out = self.text, self.st, self.en, self.reason, self.out
        s, e = st[i], en[j]
        r = next((reason[k] for k in range(i, j + 1) if reason[k].startswith("a ")), reason[i]) or "name"
        out.append(_Cand(s, e, "NAME", r, 50))
        nick = _NICKNAME_RE.match(text, e, min(len(text), e + 40))
        if nick:
            ng = 1 if nick.group(1) else 2
            nf = facts(nick.group(ng))
            if (
                not nf.blocked
                and nick.group(ng).lower() not in _TITLE_WORDS
                and (nf.size is None or nf.size >= 50 or nf.first >= 500)
            ):
                out.append(
                    _Cand(nick.start(ng), nick.end(ng), "NAME", "nickname in brackets or quotes after a name", 50)
                )
        m = _AGE_AFTER_NAME_RE.match(text[e : e + 40])
        if m:
            grp = 1 if m.group(1) else 2
            out.append(
                _Cand(e + m.start(grp), e + m.end(grp), "AGE", "age straight after a name ('Jo, 19,', 'Jo is 6')", 66)
            )


def _name_candidates(text: str, tk: Tokens) -> list[_Cand]:
    """Propose NAME (and age-after-name) candidates from the words of the text."""
    if not tk.n:
        return []
    scan = _NameScan(text, tk)
    lows, F, poss, strong = tk.lows, scan.F, tk.poss, scan.strong_ctx
    for i in range(tk.n - 1):
        if lows[i] in _CONTEXT_TRIGGERS:
            scan.context_at(i)
    scan.street_prefixes()
    for i in range(tk.n):
        # the commonest answers of list_evidence, given here without a call
        if strong[i]:
            scan.is_name[i] = True
            continue
        f = F[i]
        if f.blocked or len(f.key) < 2:
            continue  # never a name here, whatever its shape
        if f.size is not None and f.size < 50 and f.first < 10000 and not poss[i] and tk.texts[i].islower():
            continue  # a common lowercase word is never a name on its own
        scan.list_evidence(i)
    scan.extend_pass()
    return scan.spans()


# Modal and other words that open questions and sentences far more often than they name
# anyone: "Will said" makes "Will" a name there, not in "Will you ring me?".
_NO_REPEAT = frozenset("will may can mark bill pat sue rob jack".split())
_WORD_PART_RE = re.compile(r"[A-Z][A-Za-z'’-]*[A-Za-z]")
_ANY_WORD_PART_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _repeat_name_candidates(text: str, names: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[_Cand]:
    """Other mentions, in the same text, of a word already found as a name.

    "My daughter Summer is 6. Summer loves school.": the second "Summer" is found only
    because the first was. Mentions written the same way count, and, for a name found by its
    context, the same word in capitals or with a capital ("my son ALFIE ... Alfie's teacher",
    "my son alfie ... ALFIE"), and in lowercase when it is no English word ("my son ALFIE ...
    told alfie"). A word that is also a common English word is carried over only from a name
    found by its context (a title, a kin word, "called", an age after it), never from the word
    lists alone, never in lowercase ("my daughter GRACE ... a grace period"), and never for
    modal and nickname words ("Will you ring me?"). Mentions inside a finding already made
    (``spans``) are not proposed again.
    """
    parts: set[str] = set()
    for s, e, reason in names:
        context = reason.startswith(("a ", "name after")) or "(a name and an age)" in reason
        for m in (_ANY_WORD_PART_RE if context else _WORD_PART_RE).finditer(text, s, e):
            w = m.group()
            low = w.lower()
            if len(w) < 3 or low in _NO_REPEAT or low in _FUNCTION_WORDS or low in _TITLE_WORDS:
                continue
            f = facts(w)
            if f.blocked or f.place or f.place_weak or low in _TITLE_TOKENS:
                continue
            if f.size is not None and f.size <= 50 and not context:
                continue  # "Hope", "Summer" found from the lists alone: not carried over
            if context:
                capital = "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))
                parts.update((capital, w.upper()))
                if f.size is None:
                    parts.add(low)
            if w[:1].isupper():
                parts.add(w)
    if not parts:
        return []
    out = []
    n = len(text)
    for w in parts:
        pos = text.find(w)
        while pos >= 0:
            end = pos + len(w)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < n else " "
            if (
                not (before.isalnum() or before in "'’[-_")
                and not (after.isalnum() or after in "-_")
                and not any(s <= pos < e for s, e in spans)
            ):
                out.append(_Cand(pos, end, "NAME", "the same name found elsewhere in the text", 40))
            pos = text.find(w, end)
    return out
