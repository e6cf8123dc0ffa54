"""The pattern rules, one entry each, grouped by the kind of identifier they find.

Each entry: a name, the kind it finds, the reason shown to staff and the respondent, a named
priority, the pattern, the gate (cheap word checks that decide whether the pattern runs at
all), a veto or a spans function where the pattern alone says too much, and an example
sentence with what the rule finds in it. tests/core/test_stripping_rules.py runs every rule on
its example through its gate, so a rule whose gate can never let it run fails there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ._lexicon import _lexicon
from ._patterns import (
    _ADDRESS_CUE_RE,
    _ADDRESS_CUE_WORDS,
    _ADDRESS_LOWER_RE,
    _ADDRESS_RE,
    _AGE_BOUND_BEFORE_RE,
    _AGE_COMPACT_RE,
    _AGE_GATE_WORDS,
    _AGE_CHECK_AFTER_RE,
    _AGE_IS_RE,
    _AGE_TAIL_RE,
    _AGE_LIFE_EVENT_RE,
    _AGE_BY_RE,
    _AGE_DECIMAL_CONTEXT_RE,
    _AGE_DECIMAL_RE,
    _AGE_LIST_RE,
    _AGE_MEASURE_AFTER_RE,
    _AGE_NUMBER_RE,
    _AGE_OF_RE,
    _AGE_PAREN_PEOPLE,
    _AGE_PAREN_RE,
    _AGE_RE,
    _AGE_SPAN_PROCESS_AFTER_RE,
    _AGE_SPAN_RE,
    _AGE_THEN_RE,
    _AGE_UNIT_WORDS,
    _AGE_WHEN_RE,
    _AGE_YEARS_MONTHS_RE,
    _AGED_LEAD_RE,
    _AGES_AFTER_PEOPLE_RE,
    _BLOCK_EVIDENCE_RE,
    _BLOCK_START_RE,
    _BORN_YEAR_RE,
    _BRAND_CAMEL,
    _CALLED_TO_RE,
    _CALLED_WORDS,
    _CHILD_SUBJECT_CUES,
    _CHILD_SUBJECT_RE,
    _CHURCH_SCHOOL_CUES,
    _CHURCH_SCHOOL_RE,
    _COLLAR_RE,
    _COMPOUND_STREET_RE,
    _COURT_RE,
    _CUE_WORDS,
    _DATE_RE,
    _DOB_CUE_RE,
    _DOC_WORDS,
    _EMAIL_NO_TLD_RE,
    _EMAIL_RE,
    _ESTATE_RE,
    _EVENT_SHORT_DATE_RE,
    _FLAT_RE,
    _FLAT_WORDS,
    _FOREIGN_STREET_RE,
    _FORUM_USER_RE,
    _FUNCTION_WORDS_SHORT,
    _GAME_CONTEXT_WORDS,
    _GAME_HANDLE_RE,
    _GENERIC_ESTATE_WORDS,
    _GENERIC_SCHOOL_WORDS,
    _HANDLE_AT_RE,
    _HANDLE_CONTEXT_WORDS,
    _HANDLE_CUE_RE,
    _HANDLE_CUE_WORDS,
    _HANDLE_SHAPE_RE,
    _HANDLE_STOP,
    _HOME_ON_RE,
    _HOME_WORDS,
    _HOUSE_NAME_RE,
    _HOUSE_NAME_WORDS,
    _INSPECTION_DATES_RE,
    _KIN_AGE_RE,
    _LIVE_WORDS,
    _LIVES_ON_RE,
    _LOG_CUE_RE,
    _LOG_OF_DATE_RE,
    _LONG_NUMBER_RE,
    _MONTH_SET,
    _MONTH_YEAR_RE,
    _NHS_CUE_RE,
    _NHS_RE,
    _NI_RE,
    _NOT_HOUSE_NUMBER_BEFORE,
    _NOT_SCHOOL_AFTER_YEAR,
    _NUMBER_WORD_SET,
    _ONE_WORD_STREET_RE,
    _PEOPLE_PLURALS,
    _PERSON_OF_AGE_WORDS,
    _PHONE_CUE_RE,
    _PLOT_BEFORE_RE,
    _PO_BOX_RE,
    _POSTCODE_CUE_RE,
    _POSTCODE_RE,
    _PREGNANCY_RE,
    _PUBLIC_BUILDING_WORDS,
    _PUBLIC_EVENT_RE,
    _REF_CODE_RE,
    _REF_RE,
    _REF_SHAPE_RE,
    _REF_WORDS,
    _SAINT_AT_RE,
    _SCHOOL_CONTEXT_WORDS,
    _SCHOOL_LOWER_RE,
    _SCHOOL_RE,
    _SCHOOL_WORDS,
    _SEASON_WORDS,
    _SEASON_YEAR_RE,
    _SHORT_DATE_NEXT_RE,
    _SHORT_DATE_RE,
    _SPELLED_EMAIL_RE,
    _SPOKEN_PHONE_RE,
    _SPOKEN_WORDS,
    _STREET_ABBREV_WORDS,
    _STREET_LOWER_NO_NUMBER_RE,
    _STREET_WORDS,
    _URL_RE,
    _WELSH_NO_NUMBER_RE,
    _WELSH_STREET_RE,
    _WELSH_WORDS,
    _WHO_IS_AGE_RE,
    _WHO_IS_AGE_WORDS,
    _WORD_BEFORE_RE,
    _YEAR_RANGE_RE,
    _YEAR_AT_SCHOOL_RE,
    _YEAR_WORDS,
    _address_block,
    _cue_before,
    _all_common_words,
    _digits,
    _faith_school_context,
    _first_word,
    _is_false_date,
    _is_spelled_email,
    _is_spoken_phone,
    _leading_cue,
    _ndigits,
    _nhs_valid,
    _school_parts,
    _trim_school,
)
from ._rules import DIGIT, GateItem, Hit, Near, Priority as P, Rule, RuleSet, Text, gate
from ._tokens import Tokens
from ._vocab import _Cand, _FUNCTION_WORDS, _NOT_NAMES

# a digit or a number word: what an age or a count needs
NUMBER: tuple[GateItem, ...] = (DIGIT, *sorted(_NUMBER_WORD_SET))
_DOT_IN_WORD = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2}")
_URL_HINT = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2}|www|http", re.IGNORECASE)
_SPOKEN_HYPHENATED = re.compile(r"(?i)\b(?:oh|o|zero|nought|double|plus)-[a-z]")
# the letter O typed for a zero inside digits: "O7700 9OO123"
_LETTER_O_IN_DIGITS = re.compile(r"[0-9][oO]|[oO][0-9]")
# the mail providers an address spelled out may name without a dot ("kay_x at hotmail")
_PROVIDER_NAMES = tuple(
    "gmail googlemail hotmail yahoo outlook icloud btinternet aol protonmail ymail blueyonder tiscali ntlworld"
    " virginmedia".split()
)


def _memo(t: Text, key: str, make: Callable[[], object]) -> object:
    """What make() returns for this text, worked out once and shared by the rules that need it."""
    found = t.memo.get(key)
    if found is None:
        found = t.memo[key] = make()
    return found


# --- emails, links and handles ----------------------------------------------------------


def _veto_spelled_email(t: Text, m: re.Match[str]) -> bool:
    return not _is_spelled_email(m)


def _handle_cue_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    h = m.group(1)
    hl = h.lower().lstrip("@")
    sep = t.text[m.end(0) - len(h) - 3 : m.end(0) - len(h)]
    strong = any(c in h for c in "_.@0123456789") or ":" in sep or "=" in sep
    if hl in _HANDLE_STOP or (not strong and (hl in _lexicon().words or hl in _NOT_NAMES)):
        return
    yield Hit(m.start(1), m.end(1) - (len(h) - len(h.rstrip("."))))  # "is LilMissChaos." keeps the full stop


def _handle_context(t: Text) -> bool:
    return not t.words.isdisjoint(_HANDLE_CONTEXT_WORDS)


def _may_hold_a_user_name(t: Text) -> bool:
    """An underscore or a hash anywhere, or a dotted word near a social media word."""
    return "_" in t.lower or "#" in t.lower or (_handle_context(t) and _DOT_IN_WORD.search(t.text) is not None)


def _user_name_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    h = m.group()
    if "_" in h or "#" in h:
        if not _handle_context(t) and not any(ch.isdigit() for ch in h) and _all_common_words(h):
            return  # "information_sharing": an identifier in a system, not a user name
        yield Hit(m.start(), m.end())
    elif _handle_context(t) and not _URL_RE.fullmatch(h):
        yield Hit(m.start(), m.end(), reason="dotted user name near a social media word")


def _veto_game_handle(t: Text, m: re.Match[str]) -> bool:
    h = m.group()
    game = not t.words.isdisjoint(_GAME_CONTEXT_WORDS)
    if not game and h[:1].isupper() and not h[-1].isdigit() and sum(ch.isupper() for ch in h) < 3:
        return True  # "SystmOne" near "follow": two-part names need a game in view
    letters = h.rstrip("0123456789").lower()
    lex = _lexicon()
    # "iPhone", "PlayStation", "covid19": a product or word, not a user name
    return (
        h.lower() in _NOT_NAMES
        or h.lower() in _BRAND_CAMEL
        or (h[-1].isdigit() and (letters in lex.words or letters in _NOT_NAMES or len(letters) < 4))
    )


CONTACT_RULES = (
    Rule(
        name="email",
        kind="EMAIL",
        reason="email address pattern",
        priority=P.EMAIL,
        pattern=_EMAIL_RE,
        gate=gate({"@"}),
        example="email jo.smith84@gmail.com please",
        finds="jo.smith84@gmail.com",
    ),
    Rule(
        name="email at a provider without its ending",
        kind="EMAIL",
        reason="email address at a known provider",
        priority=P.EMAIL_LOOSE,
        pattern=_EMAIL_NO_TLD_RE,
        gate=gate({"@"}),
        example="add me kay_x@hotmail thanks",
        finds="kay_x@hotmail",
    ),
    Rule(
        name="@handle",
        kind="HANDLE",
        reason="@handle (social media name)",
        priority=P.HANDLE_AT,
        pattern=_HANDLE_AT_RE,
        gate=gate({"@"}),
        example="the account @westside_youngens posts fights",
        finds="@westside_youngens",
    ),
    Rule(
        name="email written with at and dot",
        kind="EMAIL",
        reason="email address written with 'at' or 'dot'",
        priority=P.EMAIL_LOOSE,
        pattern=_SPELLED_EMAIL_RE,
        gate=gate({"at", "@"}, (_DOT_IN_WORD, " . ", "dot", *_PROVIDER_NAMES)),
        example="email j.smith(at)example.org please",
        finds="j.smith(at)example.org",
        veto=_veto_spelled_email,
    ),
    Rule(
        name="web address",
        kind="URL",
        reason="web address pattern",
        priority=P.URL,
        pattern=_URL_RE,
        gate=gate((_URL_HINT,)),
        example="see https://www.facebook.com/kelly.a.3 for the posts",
        finds="https://www.facebook.com/kelly.a.3",
    ),
    Rule(
        name="forum user",
        kind="HANDLE",
        reason="forum user name ('u/name', 'posted by MumOfTwo')",
        priority=P.HANDLE_CUED,
        pattern=_FORUM_USER_RE,
        gate=gate({"u/", "posted"}),
        example="Posted by FlowersInTheAttic on Mumsnet",
        finds="FlowersInTheAttic",
        group=(1, 2),
    ),
    Rule(
        name="name after a social media cue",
        kind="HANDLE",
        reason="name after a social media cue (snap, insta...)",
        priority=P.HANDLE_CUED,
        pattern=_HANDLE_CUE_RE,
        gate=gate(_HANDLE_CUE_WORDS),
        example="his insta is kaylaxo",
        finds="kaylaxo",
        spans=_handle_cue_spans,
    ),
    Rule(
        name="user name shape",
        kind="HANDLE",
        reason="user name shape (letters with _ or #1234)",
        priority=P.HANDLE_SHAPE,
        pattern=_HANDLE_SHAPE_RE,
        gate=gate((_may_hold_a_user_name,)),
        example="she added ghost_rider#2231 last week",
        finds="ghost_rider#2231",
        spans=_user_name_spans,
    ),
    Rule(
        name="game or app user name",
        kind="HANDLE",
        reason="user name shape (mixed case or letters and digits) near a game or app",
        priority=P.GAME_HANDLE,
        pattern=_GAME_HANDLE_RE,
        gate=gate(Near(_GAME_CONTEXT_WORDS | _HANDLE_CONTEXT_WORDS)),
        example="he plays roblox with xXShadowXx every night",
        finds="xXShadowXx",
        veto=_veto_game_handle,
    ),
)


# --- phone numbers ----------------------------------------------------------------------


def _phone_matches(t: Text) -> list[tuple[int, int]]:
    """Spans phonenumbers takes for UK phone numbers (worked out once per text)."""

    def make() -> list[tuple[int, int]]:
        import phonenumbers  # imported here: heavy, and only needed when there are digits

        spans = []
        for match in phonenumbers.PhoneNumberMatcher(t.text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            raw = match.raw_string
            if "/" in raw:
                continue  # "13/201457/23" is a reference, not a phone number
            nd = _ndigits(raw)
            if (
                nd >= 10
                or raw.lstrip().startswith("+")
                or (nd >= 7 and _PHONE_CUE_RE.search(t.text, max(0, match.start - 20), match.start))
            ):
                spans.append((match.start, match.end))
        return spans

    return _memo(t, "phones", make)  # type: ignore[return-value]


def _find_phones(t: Text) -> Iterable[Hit]:
    for s, e in _phone_matches(t):
        yield Hit(s, e)


def _long_number_reading(t: Text, m: re.Match[str]) -> str:
    """What a run of 7 or more digits is: "nhs", "phone", "phone weak", "reference" or "" (none)."""
    s, e = m.start(), m.end()
    raw = m.group()
    nd = _ndigits(raw)
    if (s, e) in _phone_matches(t) or nd < 7 or re.fullmatch(r"(?:(?:19|20)\d\d[\s/-]*){2,}", raw):
        return ""
    before = t.text[max(0, s - 25) : s]
    if re.search(r"[£$€]\s*$", before) or re.match(r"\s*(?:%|k\b|pounds|quid|miles)", t.text[e : e + 8]):
        return ""
    if nd == 10 and _NHS_CUE_RE.search(before):
        return "nhs"
    if _DATE_RE.fullmatch(raw):
        return ""
    if raw.startswith(("0", "+", "(")) and 10 <= nd <= 13:
        return "phone"
    if _PHONE_CUE_RE.search(before) or raw.startswith(("0", "+", "(")) and nd >= 9:
        return "phone weak"
    return "reference"


def _long_numbers(t: Text) -> list[tuple[int, int, str]]:
    """Every run of 7 or more digits with what it is read as (worked out once per text)."""

    def make() -> list[tuple[int, int, str]]:
        runs = []
        for m in _LONG_NUMBER_RE.finditer(t.text):
            reading = _long_number_reading(t, m)
            if reading:
                runs.append((m.start(), m.end(), reading))
        return runs

    return _memo(t, "long numbers", make)  # type: ignore[return-value]


def _runs_read_as(reading: str) -> Callable[[Text], Iterable[Hit]]:
    """A finder of the digit runs read one way: "phone", "phone weak", "reference"."""

    def find(t: Text) -> Iterable[Hit]:
        for s, e, r in _long_numbers(t):
            if r == reading:
                yield Hit(s, e)

    return find


def _nhs_long_numbers(t: Text) -> Iterable[Hit]:
    for s, e, r in _long_numbers(t):
        if r == "nhs":
            cue = _NHS_CUE_RE.search(t.text[max(0, s - 25) : s])
            assert cue is not None  # noqa: S101  (the reading found it)
            yield Hit(s, e, reason=f"10-digit number after '{cue.group(1)}' (checksum failed)")


def _spoken_digits_joined(t: Text) -> bool:
    """Spoken digits the word list cannot see: run together with hyphens ("oh-seven-seven"), or the
    letter O typed among digits ("O7700 9OO123")."""
    return ("-" in t.lower and _SPOKEN_HYPHENATED.search(t.text) is not None) or (
        t.has_digit and _LETTER_O_IN_DIGITS.search(t.text) is not None
    )


def _veto_spoken_phone(t: Text, m: re.Match[str]) -> bool:
    return not _is_spoken_phone(t.text, m)


def SEVEN_DIGITS(t: Text) -> bool:
    """Seven digits or more: a phone number or a long reference may be there."""
    return t.ndigits >= 7


def TEN_DIGITS(t: Text) -> bool:
    """Ten digits or more: an NHS number may be there."""
    return t.ndigits >= 10


PHONE_RULES = (
    Rule(
        name="UK phone number",
        kind="PHONE",
        reason="UK phone number (phonenumbers)",
        priority=P.PHONE,
        pattern=None,
        gate=gate((DIGIT,), (SEVEN_DIGITS,)),
        example="ring 07911 123456 after six",
        finds="07911 123456",
        find=_find_phones,
    ),
    Rule(
        name="phone-shaped digit run",
        kind="PHONE",
        reason="phone-shaped digit run",
        priority=P.PHONE_SHAPED,
        pattern=None,
        gate=gate((DIGIT,), (SEVEN_DIGITS,)),
        example="call me 0 7 9 1 1 2 3 4 5 6 7 8",
        finds="0 7 9 1 1 2 3 4 5 6 7 8",
        find=_runs_read_as("phone"),
    ),
    Rule(
        name="digit run after a phone cue",
        kind="PHONE",
        reason="phone-shaped digit run",
        priority=P.PHONE_WEAK,
        pattern=None,
        gate=gate((DIGIT,), (SEVEN_DIGITS,)),
        example="text 123/456/789 later",
        finds="123/456/789",
        find=_runs_read_as("phone weak"),
    ),
    Rule(
        name="phone number in words",
        kind="PHONE",
        reason="phone number read out in words",
        priority=P.PHONE_IN_WORDS,
        pattern=_SPOKEN_PHONE_RE,
        gate=gate((_spoken_digits_joined, *sorted(_SPOKEN_WORDS))),
        example="ring me on oh seven seven double oh one two three four five six",
        finds="oh seven seven double oh one two three four five six",
        veto=_veto_spoken_phone,
    ),
)


# --- NHS, National Insurance and reference numbers --------------------------------------


def _ni_cue(t: Text, m: re.Match[str]) -> re.Match[str] | None:
    return re.search(
        r"\b(?:ni|n\.i\.|national insurance|nino|insurance)\b", t.lower[max(0, m.start() - 40) : m.start()]
    )


def _ni_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """An NI number after "NI", "National Insurance"; without a cue, only a valid shape in capitals."""
    cue = _ni_cue(t, m)
    if cue:
        yield Hit(m.start(), m.end(), reason=f"National Insurance number after '{cue.group()}'")
        return
    raw = m.group()
    compact = re.sub(r"[\s-]", "", raw).upper()
    odd_prefix = (
        compact[:2] in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ") or compact[0] in "DFIQUV" or compact[1] in "DFIOQUV"
    )
    if odd_prefix and not compact.startswith("QQ") or not raw[:2].isupper() or len(compact) == 8:
        return
    yield Hit(m.start(), m.end())


def _veto_nhs_invalid(t: Text, m: re.Match[str]) -> bool:
    return not _nhs_valid(_digits(m.group()))


def _nhs_after_cue(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    if _nhs_valid(_digits(m.group())):
        return
    cue = _NHS_CUE_RE.search(t.text, max(0, m.start() - 30), m.start())
    if cue:
        yield Hit(m.start(), m.end(), reason=f"10-digit number after '{cue.group(1)}' (checksum failed)")


def _veto_reference_cue(t: Text, m: re.Match[str]) -> bool:
    val = m.group(1)
    if re.fullmatch(r"\d{1,3}", val) and not re.search(r"ref|crn|upn|urn|mrn|log", m.group(0), re.IGNORECASE):
        return True
    digits = _digits(val)
    return not (digits and len(digits) >= 3 or re.search(r"ref|crn|upn|urn", m.group(0), re.IGNORECASE) and digits)


def _veto_police_log(t: Text, m: re.Match[str]) -> bool:
    num = m.group(1).split()[0]
    return not (len(num) >= 3 or _LOG_CUE_RE.search(t.text, max(0, m.start() - 40), m.start()))


def _veto_year_range(t: Text, m: re.Match[str]) -> bool:
    return _YEAR_RANGE_RE.fullmatch(m.group()) is not None  # "2013/2015", "2019/20": years


NUMBER_RULES = (
    Rule(
        name="NHS number",
        kind="NHS_NUMBER",
        reason="NHS number (modulus 11 check)",
        priority=P.NHS_NUMBER,
        pattern=_NHS_RE,
        gate=gate((DIGIT,), (TEN_DIGITS,)),
        example="NHS number 943 476 5919",
        finds="943 476 5919",
        veto=_veto_nhs_invalid,
    ),
    Rule(
        name="10 digits after NHS",
        kind="NHS_NUMBER",
        reason="10-digit number after 'NHS' (checksum failed)",
        priority=P.NHS_NUMBER,
        pattern=_NHS_RE,
        gate=gate((DIGIT,), (TEN_DIGITS,)),
        example="her NHS no is 1234567890 I think",
        finds="1234567890",
        spans=_nhs_after_cue,
    ),
    Rule(
        name="10 digits after NHS, loosely spaced",
        kind="NHS_NUMBER",
        reason="10-digit number after 'NHS' (checksum failed)",
        priority=P.NHS_NUMBER,
        pattern=None,
        gate=gate((DIGIT,), (SEVEN_DIGITS,)),
        example="NHS number 485/777/3456",
        finds="485/777/3456",
        find=_nhs_long_numbers,
    ),
    Rule(
        name="National Insurance number",
        kind="NI_NUMBER",
        reason="National Insurance number pattern",
        priority=P.NI_NUMBER,
        pattern=_NI_RE,
        gate=gate((DIGIT,)),
        example="NI number jt482673c",
        finds="jt482673c",
        spans=_ni_spans,
    ),
    Rule(
        name="number after a reference cue",
        kind="REFERENCE",
        reason="number after a reference cue (ref, case, crime...)",
        priority=P.REFERENCE_CUED,
        pattern=_REF_RE,
        gate=gate((DIGIT,), (*_REF_WORDS, "#")),
        example="MASH ref 123456 was closed",
        finds="123456",
        group=1,
        veto=_veto_reference_cue,
    ),
    Rule(
        name="code after a reference cue",
        kind="REFERENCE",
        reason="code after a reference cue (ref, log, number)",
        priority=P.REFERENCE_CODE,
        pattern=_REF_CODE_RE,
        gate=gate((DIGIT,), (*_REF_WORDS, "#")),
        example="the case is EH-2023-00781 now",
        finds="EH-2023-00781",
        group=1,
    ),
    Rule(
        name="police log number",
        kind="REFERENCE",
        reason="police log number ('4471 of 12/06')",
        priority=P.POLICE_LOG,
        pattern=_LOG_OF_DATE_RE,
        gate=gate((DIGIT,), {" of "}),
        example="police log 4471 of 12/06 was closed",
        finds="4471 of 12/06",
        group=1,
        veto=_veto_police_log,
    ),
    Rule(
        name="collar number",
        kind="REFERENCE",
        reason="police collar number (PC 1234)",
        priority=P.COLLAR_NUMBER,
        pattern=_COLLAR_RE,
        gate=gate((DIGIT,)),
        example="PC 4471 came round",
        finds="4471",
        group=1,
    ),
    Rule(
        name="reference shape",
        kind="REFERENCE",
        reason="reference-number shape (letters/digits/slashes)",
        priority=P.REFERENCE_SHAPE,
        pattern=_REF_SHAPE_RE,
        gate=gate((DIGIT,)),
        example="it was CR/2023/44190 on the letter",
        finds="CR/2023/44190",
        veto=_veto_year_range,
    ),
    Rule(
        name="long number",
        kind="REFERENCE",
        reason="long number (7 or more digits)",
        priority=P.LONG_NUMBER,
        pattern=None,
        gate=gate((DIGIT,), (SEVEN_DIGITS,)),
        example="the code 4471239 was on it",
        finds="4471239",
        find=_runs_read_as("reference"),
    ),
)


# --- postcodes and addresses ------------------------------------------------------------


def _estate_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    g = 1 if m.group(1) else 2
    s0, e0 = m.start(g), m.end(g)
    text = t.text
    while True:  # drop leading generic words: "The Council Estate" names no place
        w = re.match(r"[\w'’-]+\s+", text[s0:e0])
        if not w or e0 - s0 - w.end() < 1:
            break
        lw = w.group().strip().lower()
        if lw not in _GENERIC_ESTATE_WORDS and lw not in _GENERIC_SCHOOL_WORDS and lw not in _FUNCTION_WORDS:
            break
        s0 += w.end()
    if g == 2 and text[s0:e0] == "Estate" or g == 1 and text[s0:e0].lower() in _GENERIC_ESTATE_WORDS:
        return
    yield Hit(s0, e0)


def _veto_lives_on(t: Text, m: re.Match[str]) -> bool:
    first_word = m.group(1).split()[0].lower()
    return (_lexicon().words.get(first_word) or 99) <= 40 or first_word in _NOT_NAMES  # "lives on Universal Credit"


def _street_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    if _COURT_RE.search(m.group()):
        return  # "the High Court": no street
    numbered = m.group()[:1].isdigit()
    reason = "house number and street" if numbered else "named street (Road, Street, Avenue...)"
    plot = _PLOT_BEFORE_RE.search(t.text, max(0, m.start() - 10), m.start())
    yield Hit(plot.start() if plot else m.start(), m.end(), reason=reason)


def _veto_not_house_number(t: Text, m: re.Match[str]) -> bool:
    before = _WORD_BEFORE_RE.search(t.text, max(0, m.start() - 12), m.start())
    return before is not None and before.group(1).lower() in _NOT_HOUSE_NUMBER_BEFORE  # "Year 10 Westfield"


def _house_name_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    g = next(k for k in (1, 2, 3) if m.group(k))
    if any(w.lower() in _PUBLIC_BUILDING_WORDS for w in m.group(g).split()[:-1]):
        return  # "placed in the Family Court", "the Town Hall": public buildings
    s0 = m.start(g)
    if t.text[s0 : s0 + 4] == "The ":
        s0 += 4
    yield Hit(s0, m.end(g))


def _veto_short_unit(t: Text, m: re.Match[str]) -> bool:
    return re.match(r"(?i:unit)", m.group()) is not None and m.end() - m.start() < 9


def _veto_unit(t: Text, m: re.Match[str]) -> bool:
    return re.match(r"unit", m.group(), re.IGNORECASE) is not None


def _veto_one_word_street(t: Text, m: re.Match[str]) -> bool:
    lex = _lexicon()
    low = m.group(1).lower()
    # "on Merseyside", "from Harrogate", "outside Galloway": places and words
    return low in lex.words or low in lex.upper or low in lex.places or low in lex.places_weak or low in _NOT_NAMES


def _veto_public_building(t: Text, m: re.Match[str]) -> bool:
    return any(w.lower() in _PUBLIC_BUILDING_WORDS for w in m.group(1).split()[:-1])


def _block_after_cue(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """An address written after a cue ("lives at", "address:"), up to the end of its clause."""
    text = t.text
    s = m.end()
    block = text[s : _address_block(text, s)].rstrip(" ,.\t>")
    if not block or not _looks_like_address(block, m.group().lower()):
        return
    cue = _leading_cue(m.group())
    yield Hit(s, s + len(block), reason=f"address after '{cue}'" if cue else "address after a cue")


def _looks_like_address(block: str, cue: str) -> bool:
    """Is the text after an address cue an address, not a time, a date or a count?"""
    low = block.lower()
    corner = low.startswith("the corner of")
    if re.match(
        r"(?:at|by|around|about|from|until|till)\s+(?:\d{1,2}[:.]\d{2}\b|\d{1,2}\s*(?:am|pm|hrs|hours)\b)", low
    ):
        return False  # "attended the address at 23:40 following a call": a time, not where
    generic = (
        not cue.startswith("address")
        and re.search(r"\b(?:is|are|it|live|lived|living|arrived|stop|meet|taxi|validate)\b", cue) is not None
    )
    if generic and (
        _DATE_RE.match(block)
        or re.match(
            r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?\b(?!\s+[A-Z][a-z]+\s+(?:street|road|lane|avenue|close|drive|way))",
            block,
            re.IGNORECASE,
        )
        and re.match(r"\d{1,2}[:.]\d{2}|\d{1,2}\s*(?:am|pm)", block, re.IGNORECASE)
    ):
        return False
    numbers = len(re.findall(r"\d+", block))
    if generic and not ((block[:1].isdigit() and re.search(r"[A-Z]", block) and numbers >= 2) or corner):
        return False
    if not (block[:1].isdigit() or block[:1].isupper() or corner or numbers >= 2):
        return False  # "sent to the national panel on day 16" is not an address
    return corner or (
        re.search(r"\d", block) is not None
        and re.search(r"[^\W\d_]{3,}", block) is not None
        and not re.match(r"[\d:.\s]*(?:am|pm|o'?clock|ish)\b", low)
        and not re.match(r"(?:the\s+)?\d+(?:st|nd|rd|th)\b", low)
        and not re.match(
            r"(?:the\s+)?\d+\s*(?:am|pm|o'?clock|minutes?|mins?|hours?|days?|weeks?|months?|years?|times?|different"
            r"|new|schools?|places?)\b",
            low,
        )
    )


def _block_in_lines(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """An address laid out in lines: a second line, no sentence words in its first line, and a
    flat or suite line, a postcode or zip, or a country."""
    e = max(_address_block(t.text, m.end()), m.end())
    block = t.text[m.start() : e]
    first_line = m.group().lower().split()
    if "\n" not in block.strip() or sum(w in _FUNCTION_WORDS_SHORT for w in first_line) >= 2:
        return
    if _BLOCK_EVIDENCE_RE.search(block):
        yield Hit(m.start(), e)


ADDRESS_RULES = (
    Rule(
        name="postcode",
        kind="POSTCODE",
        reason="UK postcode pattern",
        priority=P.POSTCODE,
        pattern=_POSTCODE_RE,
        gate=gate((DIGIT,)),
        example="we live in LS9 7TF now",
        finds="LS9 7TF",
    ),
    Rule(
        name="code after postcode",
        kind="POSTCODE",
        reason="postcode-like code after 'postcode'",
        priority=P.POSTCODE_CUED,
        pattern=_POSTCODE_CUE_RE,
        gate=gate((DIGIT,), {"postcode", "post"}),
        example="postcode is LS9",
        finds="LS9",
        group=1,
    ),
    Rule(
        name="flat number",
        kind="ADDRESS",
        reason="flat or apartment number",
        priority=P.FLAT,
        pattern=_FLAT_RE,
        gate=gate((DIGIT,), _FLAT_WORDS),
        example="moved to Flat 6, Cedar Court",
        finds="Flat 6, Cedar Court",
        veto=_veto_short_unit,
    ),
    Rule(
        name="PO box",
        kind="ADDRESS",
        reason="PO box",
        priority=P.PO_BOX,
        pattern=_PO_BOX_RE,
        gate=gate((DIGIT,), _FLAT_WORDS),
        example="write to PO Box 123",
        finds="PO Box 123",
        veto=_veto_unit,
    ),
    Rule(
        name="named housing estate",
        kind="ADDRESS",
        reason="named housing estate",
        priority=P.ESTATE,
        pattern=_ESTATE_RE,
        gate=gate({"estate"}),
        example="she grew up on the Ravenscliffe estate",
        finds="Ravenscliffe",
        spans=_estate_spans,
    ),
    Rule(
        name="street after lives on",
        kind="ADDRESS",
        reason="street name after '{cue}'",
        priority=P.STREET_LIVES_ON,
        pattern=_LIVES_ON_RE,
        gate=gate({"on"}, _LIVE_WORDS),
        example="she stays on Larkhill Rise with her nan",
        finds="Larkhill Rise",
        group=1,
        veto=_veto_lives_on,
    ),
    Rule(
        name="house number and street",
        kind="ADDRESS",
        reason="house number and street",
        priority=P.STREET,
        pattern=_ADDRESS_RE,
        gate=gate(_STREET_WORDS),
        example="they live at 42 Beech Grove",
        finds="42 Beech Grove",
        spans=_street_spans,
    ),
    Rule(
        name="house number and lowercase street",
        kind="ADDRESS",
        reason="house number and street",
        priority=P.STREET_LOWER,
        pattern=_ADDRESS_LOWER_RE,
        gate=gate(_STREET_WORDS, (DIGIT,)),
        example="we live at 14 elm road",
        finds="14 elm road",
    ),
    Rule(
        name="lowercase street after a preposition",
        kind="ADDRESS",
        reason="street name after '{cue}'",
        priority=P.STREET_LOOSE,
        pattern=_STREET_LOWER_NO_NUMBER_RE,
        gate=gate(_STREET_ABBREV_WORDS),
        example="kfc down market st",
        finds="market st",
        group=1,
    ),
    Rule(
        name="Welsh street",
        kind="ADDRESS",
        reason="house number and Welsh street name",
        priority=P.STREET,
        pattern=_WELSH_STREET_RE,
        gate=gate((DIGIT,)),
        example="they moved to 7 Cwrt y Felin",
        finds="7 Cwrt y Felin",
    ),
    Rule(
        name="one-word street after a number",
        kind="ADDRESS",
        reason="house number and one-word street (Queensway)",
        priority=P.STREET_ONE_WORD,
        pattern=_COMPOUND_STREET_RE,
        gate=gate((DIGIT,)),
        example="she lives at 19 Queensway now",
        finds="19 Queensway",
        veto=_veto_not_house_number,
    ),
    Rule(
        name="house name",
        kind="ADDRESS",
        reason="house name (Rose Cottage, the Old Forge)",
        priority=P.HOUSE_NAME,
        pattern=_HOUSE_NAME_RE,
        gate=gate(_HOUSE_NAME_WORDS),
        example="they rent Rose Cottage from him",
        finds="Rose Cottage",
        spans=_house_name_spans,
    ),
    Rule(
        name="address after a cue",
        kind="ADDRESS",
        reason="address after a cue",
        priority=P.ADDRESS_CUED,
        pattern=_ADDRESS_CUE_RE,
        gate=gate((DIGIT,), (*sorted(_ADDRESS_CUE_WORDS), "\n")),
        example="Her address is 12 Mill Lane and she lives alone.",
        finds="12 Mill Lane",
        spans=_block_after_cue,
    ),
    Rule(
        name="address in lines",
        kind="ADDRESS",
        reason="address laid out in lines",
        priority=P.ADDRESS_CUED,
        pattern=_BLOCK_START_RE,
        gate=gate((DIGIT,), {"\n"}),
        example="974 Via Roma 131\n Apt. 425\n Montafia\n Italy 39767",
        finds="974 Via Roma 131\n Apt. 425\n Montafia\n Italy 39767",
        spans=_block_in_lines,
    ),
    Rule(
        name="foreign street",
        kind="ADDRESS",
        reason="street name and number",
        priority=P.STREET_FOREIGN,
        pattern=_FOREIGN_STREET_RE,
        gate=gate((DIGIT,)),
        example="she lived at Koskikatu 25 before",
        finds="Koskikatu 25",
    ),
    Rule(
        name="Welsh street or house without a number",
        kind="ADDRESS",
        reason="Welsh street or house name",
        priority=P.STREET_LOOSE,
        pattern=_WELSH_NO_NUMBER_RE,
        gate=gate(_WELSH_WORDS),
        example="we stay at Ty Newydd with my nan",
        finds="Ty Newydd",
    ),
    Rule(
        name="street after a home on",
        kind="ADDRESS",
        reason="street name after '{cue}'",
        priority=P.STREET_LOOSE,
        pattern=_HOME_ON_RE,
        gate=gate({"on", "off"}, _HOME_WORDS),
        example="the house on Beacon View was empty",
        finds="Beacon View",
        group=1,
    ),
    Rule(
        name="one-word street after a preposition",
        kind="ADDRESS",
        reason="one-word street name after '{cue}'",
        priority=P.STREET_ONE_WORD_LOOSE,
        pattern=_ONE_WORD_STREET_RE,
        gate=gate({"on", "off", "along", "down", "up", "from", "near", "opposite", "outside"}),
        example="a bedsit on Northgate",
        finds="Northgate",
        group=1,
        veto=_veto_one_word_street,
    ),
    Rule(
        name="named building after called to",
        kind="ADDRESS",
        reason="named building after '{cue}'",
        priority=P.STREET_LOOSE,
        pattern=_CALLED_TO_RE,
        gate=gate(_CALLED_WORDS),
        example="Police were called to Larkspur House",
        finds="Larkspur House",
        group=1,
        veto=_veto_public_building,
    ),
)


# --- dates ------------------------------------------------------------------------------


def _date_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """A date, unless it is the date of a law, report or inspection; DOB after a birth cue."""
    text = t.text
    s, e = m.start(), m.end()
    if _is_false_date(m.group()):
        return
    if text[e - 1] == "." and text[e - 2].isalpha():
        e -= 1  # "on 2 May." keeps the full stop
    if _MONTH_YEAR_RE.fullmatch(text[s:e]) and _PUBLIC_EVENT_RE.search(text, max(0, s - 60), s):
        return  # "came into force in January 2023": the date of a law or report, not of a person
    if _INSPECTION_DATES_RE.search(text, max(0, s - 40), s):
        return  # "inspection dates 6 to 17 March": the dates of a published inspection
    yield Hit(s, e)


def _dates(t: Text) -> list[tuple[Hit, bool]]:
    """Every date in the text, and whether it follows a birth cue (worked out once per text)."""

    def make() -> list[tuple[Hit, bool]]:
        found = []
        for m in _DATE_RE.finditer(t.text):
            dob = _DOB_CUE_RE.search(t.text, max(0, m.start() - 40), m.start()) is not None
            found += [(h, dob) for h in _date_spans(t, m)]
        return found

    return _memo(t, "dates", make)  # type: ignore[return-value]


def _find_dobs(t: Text) -> Iterable[Hit]:
    return [h for h, dob in _dates(t) if dob]


def _find_dates(t: Text) -> Iterable[Hit]:
    return [h for h, dob in _dates(t) if not dob]


def _short_date_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """ "on the 14/03" and the dates listed after it ("on 3/4 and 10/4"); "on the 9th"."""
    text = t.text
    if not m.group(1):
        if 1 <= int(m.group(3)) <= 31:
            yield Hit(m.start(2), m.end(2), reason=f"day of the month after '{_first_word(m)}'")
        return
    d, mo = (int(x) for x in m.group(1).split("/"))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return
    yield Hit(m.start(1), m.end(1), reason=f"day and month after '{_first_word(m)}'")
    e = m.end(1)
    while lm := _SHORT_DATE_NEXT_RE.match(text, e):
        d, mo = (int(x) for x in lm.group(1).split("/"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            break
        yield Hit(lm.start(1), lm.end(1), reason="day and month listed after a date ('on 3/4 and 10/4')")
        e = lm.end(1)


def _veto_public_event(t: Text, m: re.Match[str]) -> bool:
    return _PUBLIC_EVENT_RE.search(t.text, max(0, m.start() - 60), m.start()) is not None  # "published in spring 2023"


def _veto_not_day_month(t: Text, m: re.Match[str]) -> bool:
    d, mo = (int(x) for x in m.group(1).split("/"))
    return not (1 <= d <= 31 and 1 <= mo <= 12 and (d, mo) != (24, 7))


DATE_RULES = (
    Rule(
        name="date of birth",
        kind="DOB",
        reason="date after DOB, date of birth or born",
        priority=P.DOB,
        pattern=None,
        gate=gate((DIGIT, *sorted(_MONTH_SET))),
        example="DOB: 03/04/2011",
        finds="03/04/2011",
        find=_find_dobs,
    ),
    Rule(
        name="date",
        kind="DATE",
        reason="date pattern",
        priority=P.DATE,
        pattern=None,
        gate=gate((DIGIT, *sorted(_MONTH_SET))),
        example="the meeting is on 25.10.2023",
        finds="25.10.2023",
        find=_find_dates,
    ),
    Rule(
        name="day and month after on",
        kind="DATE",
        reason="day and month after '{cue}'",
        priority=P.DATE_SHORT,
        pattern=_SHORT_DATE_RE,
        gate=gate((DIGIT,)),
        example="we met on the 14/03 at the centre",
        finds="14/03",
        spans=_short_date_spans,
    ),
    Rule(
        name="year of birth",
        kind="DOB",
        reason="year of birth after 'born'",
        priority=P.BIRTH_YEAR,
        pattern=_BORN_YEAR_RE,
        gate=gate((DIGIT,), {"born"}),
        example="she was born in 2009 in Leeds",
        finds="2009",
        group=1,
    ),
    Rule(
        name="season or festival with a year",
        kind="DATE",
        reason="season or festival with a year ('spring 2020')",
        priority=P.DATE,
        pattern=_SEASON_YEAR_RE,
        gate=gate(_SEASON_WORDS, (DIGIT,)),
        example="it started in spring 2020",
        finds="spring 2020",
        veto=_veto_public_event,
    ),
    Rule(
        name="day and month after a meeting",
        kind="DATE",
        reason="day and month after a meeting or event ('ICPC 27/3')",
        priority=P.DATE_SHORT,
        pattern=_EVENT_SHORT_DATE_RE,
        gate=gate((DIGIT,), {"/"}),
        example="Strategy meeting 13/3, ICPC 27/3",
        finds="13/3",
        group=1,
        veto=_veto_not_day_month,
    ),
)


# --- ages -------------------------------------------------------------------------------


def _age_pattern_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    """ "aged 14", "14-year-old", and the ages listed after it ("aged 4, 7 and 9")."""
    text = t.text
    if _AGE_BOUND_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
        return  # "a child under 13-years-old": a bound, not an age
    lead = _AGED_LEAD_RE.match(m.group())
    yield Hit(m.start() + (lead.end() if lead else 0), m.end())
    e = m.end()
    while lm := _AGE_LIST_RE.match(text[e : e + 20]):
        yield Hit(e + lm.start(1), e + lm.end(1), reason="age in a list after an age")
        e += lm.end()


def _age_is_matches(t: Text) -> Iterable[Hit]:
    """ "she is 6", "I'm 15", "DS2 is 11": looked for only around numbers."""
    text = t.text
    windows: list[tuple[int, int]] = []
    for nm in _AGE_NUMBER_RE.finditer(text):
        lo, hi = max(0, nm.start() - 60), min(len(text), nm.end() + 40)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    for lo, hi in windows:
        for m in _AGE_IS_RE.finditer(text, lo, hi):
            cue = _cue_before(text, m)
            why = f"age after '{cue}'" if cue else "age after a name"
            yield Hit(m.start(1), m.end(1), reason=why)
            if m.group(2):
                yield Hit(m.start(2), m.end(2), reason=why)


def _ages_after_people(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    for nm in re.finditer(r"\d{1,2}", m.group(1)):
        yield Hit(m.start(1) + nm.start(), m.start(1) + nm.end(), reason=f"ages listed after '{_first_word(m)}'")


def _veto_pregnancy(t: Text, m: re.Match[str]) -> bool:
    return bool(_memo(t, "pregnancy", lambda: _PREGNANCY_RE.search(t.text) is not None))


def _veto_process_point(t: Text, m: re.Match[str]) -> bool:
    """ "At 6 months the policy changes": "at" opens the sentence and a process follows."""
    if _veto_pregnancy(t, m):
        return True
    before = t.text[max(0, m.start() - 3) : m.start()]
    opens = m.start() == 0 or before.rstrip() == "" or before.rstrip()[-1:] in ".;:!?"
    return opens and _AGE_SPAN_PROCESS_AFTER_RE.match(t.text, m.end()) is not None


def _veto_decimal_no_child(t: Text, m: re.Match[str]) -> bool:
    text = t.text
    lo, hi = max(0, m.start() - 60), min(len(text), m.end() + 60)
    return _AGE_DECIMAL_CONTEXT_RE.search(text, lo, hi) is None


def _veto_form_number(t: Text, m: re.Match[str]) -> bool:
    if re.search(r"(?i:\bforms?\s*)$", t.text[max(0, m.start() - 8) : m.start()]):
        return True  # "form DS11": a form number
    return int(m.group(1)) < 5  # "DS1", "DD2" number the children in order


def _veto_not_after_name(t: Text, m: re.Match[str]) -> bool:
    prev_m = _WORD_BEFORE_RE.search(t.text, max(0, m.start() - 30), m.start())
    w = prev_m.group(1) if prev_m else ""
    lw = w.lower()
    return not (
        w.endswith("]")
        or lw in _AGE_PAREN_PEOPLE
        or re.fullmatch(r"d[sd]\d", lw)
        or (w[:1].isupper() and not w[:1].isdigit() and lw not in _DOC_WORDS and not w.isupper())
        or (w.isupper() and len(w) <= 4 and lw.startswith(("ds", "dd", "dg", "lo", "lg", "lb")))
    )


AGE_RULES = (
    Rule(
        name="age pattern",
        kind="AGE",
        reason="age pattern ('aged 14', '14-year-old')",
        priority=P.AGE,
        pattern=_AGE_RE,
        gate=gate((*NUMBER, "old", "aged", "-old")),
        example="a 14-year-old boy",
        finds="14-year-old",
        spans=_age_pattern_spans,
    ),
    Rule(
        name="age after she is",
        kind="AGE",
        reason="age after '{cue}'",
        priority=P.AGE_CUED,
        pattern=None,
        gate=gate(NUMBER, (*sorted(_AGE_GATE_WORDS), "'", "’")),
        example="I'm 13 and I hate school",
        finds="13",
        find=_age_is_matches,
    ),
    Rule(
        name="ages listed after people",
        kind="AGE",
        reason="ages listed after '{cue}'",
        priority=P.AGES_LISTED,
        pattern=_AGES_AFTER_PEOPLE_RE,
        gate=gate((DIGIT,), _PEOPLE_PLURALS),
        example="the boys, 7 and 9, were in the car",
        finds="7",
        spans=_ages_after_people,
    ),
    Rule(
        name="age in weeks",
        kind="AGE",
        reason="age in weeks or months ('at 8 weeks')",
        priority=P.AGE_IN_WEEKS,
        pattern=_AGE_SPAN_RE,
        gate=gate(_AGE_UNIT_WORDS),
        example="she was seen at 8 weeks by the GP",
        finds="8 weeks",
        group=1,
        veto=_veto_process_point,
    ),
    Rule(
        name="age in years and months",
        kind="AGE",
        reason="age in years and months ('2y 3m')",
        priority=P.AGE,
        pattern=_AGE_YEARS_MONTHS_RE,
        gate=gate((DIGIT,)),
        example="he is 2 yrs 1 month and not walking",
        finds="2 yrs 1 month",
    ),
    Rule(
        name="age as a decimal year-month",
        kind="AGE",
        reason="age as years.months beside a child or referral ('until 2.6')",
        priority=P.AGE_LOOSE,
        pattern=_AGE_DECIMAL_RE,
        gate=gate((DIGIT,), {"."}),
        example="DS was on the list until 2.6 for his assessment",
        finds="2.6",
        group=1,
        veto=_veto_decimal_no_child,
    ),
    Rule(
        name="age after by opening a clause",
        kind="AGE",
        reason="age after 'by' opening a clause about the writer ('by 10 or 11 I was')",
        priority=P.AGE_LOOSE,
        pattern=_AGE_BY_RE,
        gate=gate(NUMBER, {"by"}),
        example="By 10 or 11 I was staying out all night",
        finds="10 or 11",
        group=1,
    ),
    Rule(
        name="age joined to a kin word",
        kind="AGE",
        reason="age joined to a forum kin word ('DD14')",
        priority=P.AGE_CUED,
        pattern=_KIN_AGE_RE,
        gate=gate((DIGIT,), {"dd", "ds", "dsd", "dss", "dgs", "dgd"}),
        example="DD14 has been self harming",
        finds="14",
        group=1,
        veto=_veto_form_number,
    ),
    Rule(
        name="age in brackets after a name",
        kind="AGE",
        reason="age in brackets after a name",
        priority=P.AGE_CUED,
        pattern=_AGE_PAREN_RE,
        gate=gate((DIGIT,), {"("}),
        example="my son Jayden (14) at Riverside PRU",
        finds="14",
        group=1,
        veto=_veto_not_after_name,
    ),
    Rule(
        name="age after a man of",
        kind="AGE",
        reason="age after '{cue}'",
        priority=P.AGE_CUED,
        pattern=_AGE_OF_RE,
        gate=gate(NUMBER, {"of"}, _PERSON_OF_AGE_WORDS),
        example="a girl of fifteen was there",
        finds="fifteen",
        group=1,
    ),
    Rule(
        name="age after who is",
        kind="AGE",
        reason="age after '{cue}'",
        priority=P.AGE_CUED,
        pattern=_WHO_IS_AGE_RE,
        gate=gate(NUMBER, {"who"}, _WHO_IS_AGE_WORDS),
        example="My Father who is 79 took me",
        finds="79",
        group=1,
    ),
    Rule(
        name="age written short",
        kind="AGE",
        reason="age written short ('18mths')",
        priority=P.AGE_CUED,
        pattern=_AGE_COMPACT_RE,
        gate=gate((DIGIT,)),
        example="baby is 18mths now",
        finds="18mths",
    ),
    Rule(
        name="age after a name and then",
        kind="AGE",
        reason="age after a name and 'then', 'now' ('Jo, then two,')",
        priority=P.AGE_CUED,
        pattern=_AGE_THEN_RE,
        gate=gate(NUMBER, {","}),
        example="Maddox, then two, was left alone",
        finds="two",
        group=1,
    ),
    Rule(
        name="age before when",
        kind="AGE",
        reason="age before 'when she...' ('was 15 when she')",
        priority=P.AGE_LOOSE,
        pattern=_AGE_WHEN_RE,
        gate=gate(NUMBER, {"when"}),
        example="she was 15 when she left",
        finds="15",
        group=1,
    ),
    Rule(
        name="age at a life event",
        kind="AGE",
        reason="age at a life event ('left care at 18')",
        priority=P.AGE_LOOSE,
        pattern=_AGE_LIFE_EVENT_RE,
        gate=gate(NUMBER, {"at"}),
        example="I left care at 18 with nothing",
        finds="18",
        group=1,
    ),
)


# --- schools and names ------------------------------------------------------------------


def _veto_child_subject(t: Text, m: re.Match[str]) -> bool:
    lex = _lexicon()
    low = m.group(1).lower()
    return (lex.words.get(low) or 99) <= 50 and lex.first.get(low, 0) < 1000  # "Everyone was excluded"


def _veto_town(t: Text, m: re.Match[str]) -> bool:
    g1 = m.group(1)
    return (
        g1 is not None
        and "'" not in g1
        and "’" not in g1
        and " ".join(g1.lower().replace(".", "").split()) in _lexicon().places_weak
    )  # "went to St Ives", "goes to St Helens": a town


def _church_school_cue(t: Text, m: re.Match[str]) -> str:
    return f"church school name after '{_cue_before(t.text, m, 1 if m.group(1) else 2)}'"


def _school_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    for part_start, part_end in _school_parts(t.text, m.start(), m.end()):
        ss, se = _trim_school(t.text, part_start, part_end)
        if ss is not None and se is not None:
            yield Hit(ss, se)


def _school_lower_spans(t: Text, m: re.Match[str]) -> Iterable[Hit]:
    ss, se = _trim_school(t.text, m.start(1), m.end(1), lowercase=True)
    if ss is not None and se is not None:
        yield Hit(ss, se)


def _veto_not_about_school(t: Text, m: re.Match[str]) -> bool:
    # "Sunday school at St Luke's" is a church
    return (t.words & _SCHOOL_CONTEXT_WORDS).issubset(_faith_school_context(t.lower))


def _veto_not_school_after_year(t: Text, m: re.Match[str]) -> bool:
    first = m.group(1).split()[0].lower()
    return first in _NOT_NAMES or first in _NOT_SCHOOL_AFTER_YEAR  # "in Year 6 at Christmas"


SCHOOL_RULES = (
    Rule(
        name="child's name",
        kind="NAME",
        reason="a child's name before 'is in Year 10', 'was excluded'...",
        priority=P.CHILD_NAME,
        pattern=_CHILD_SUBJECT_RE,
        gate=gate(_CHILD_SUBJECT_CUES),
        example="Devon has been excluded three times this term.",
        finds="Devon",
        group=1,
        veto=_veto_child_subject,
    ),
    Rule(
        name="church school after go",
        kind="SCHOOL",
        reason=_church_school_cue,
        priority=P.SCHOOL_CUED,
        pattern=_CHURCH_SCHOOL_RE,
        gate=gate(_CHURCH_SCHOOL_CUES),
        example="she attends St Mary's now",
        finds="St Mary's",
        group=(1, 2),
        veto=_veto_town,
    ),
    Rule(
        name="named school",
        kind="SCHOOL",
        reason="named school, nursery, college or PRU",
        priority=P.SCHOOL,
        pattern=_SCHOOL_RE,
        gate=gate(_SCHOOL_WORDS),
        example="he was sent to Kingsmead Pupil Referral Unit",
        finds="Kingsmead Pupil Referral Unit",
        spans=_school_spans,
    ),
    Rule(
        name="lowercase school",
        kind="SCHOOL",
        reason="named school, nursery, college or PRU",
        priority=P.SCHOOL_LOWER,
        pattern=_SCHOOL_LOWER_RE,
        gate=gate(_SCHOOL_WORDS),
        example="he goes to castle view academy",
        finds="castle view academy",
        spans=_school_lower_spans,
    ),
    Rule(
        name="saint's school after at",
        kind="SCHOOL",
        reason="church school after 'at' in a sentence about school",
        priority=P.SCHOOL_SAINT_AT,
        pattern=_SAINT_AT_RE,
        gate=gate({"at"}, {"st", "saint"}),
        example="the teacher worked with Farah at St Wilfrid's",
        finds="St Wilfrid's",
        group=1,
        veto=_veto_not_about_school,
    ),
    Rule(
        name="school after a school year",
        kind="SCHOOL",
        reason="school name after a school year ('in Year 9 at ...')",
        priority=P.SCHOOL_CUED,
        pattern=_YEAR_AT_SCHOOL_RE,
        gate=gate(_YEAR_WORDS),
        example="she is in Year 9 at Castle Hill",
        finds="Castle Hill",
        group=1,
        veto=_veto_not_school_after_year,
    ),
)


RULES: tuple[Rule, ...] = (
    CONTACT_RULES + PHONE_RULES + NUMBER_RULES + ADDRESS_RULES + DATE_RULES + AGE_RULES + SCHOOL_RULES
)


_RULE_SET = RuleSet(RULES)


def _pattern_candidates(text: str, tk: Tokens) -> list[_Cand]:
    """Candidates from every pattern rule whose gate lets it run."""
    cands = _RULE_SET.candidates(Text(text, tk), _CUE_WORDS)
    if not any(c.kind == "AGE" for c in cands):
        return cands
    out: list[_Cand] = []
    for c in cands:
        if c.kind == "AGE":
            if _AGE_CHECK_AFTER_RE.match(text, c.start):
                continue  # "Leo's 2 and a half year check", "the 6 week check": a health check
            c = _widen_age(text, c)
            if _AGE_MEASURE_AFTER_RE.match(text, c.end):
                continue  # "It is 2.6 miles": a measure, not an age
        out.append(c)
    return out


def _widen_age(text: str, c: _Cand) -> _Cand:
    """An age found by its first number only, widened over what belongs to it: "age 5.5",
    "2 and a half", "aged 4-7", "about five or six", "I'm 16 not 6"."""
    end = c.end
    for _ in range(3):
        m = _AGE_TAIL_RE.match(text, end)
        if m is None:
            break
        end = m.end()
    if end == c.end:
        return c
    return _Cand(c.start, end, c.kind, c.reason, c.priority)
