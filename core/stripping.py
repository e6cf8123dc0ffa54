"""Identity stripping of anonymous free-text feedback.

Foundation version: structured identifiers and names after a title or relationship word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

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
    "SCHOOL": "a school or college name",
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
    "SCHOOL": "school or college names",
    "HANDLE": "social media names",
    "REFERENCE": "case or reference numbers",
}


@dataclass(frozen=True)
class Finding:
    """One identifier found in the original text, with why it was removed."""

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


# --- patterns -------------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(KIND_LABELS) + r")\]")

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'’]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|gov\.uk|nhs\.uk|ac\.uk|com|org|net|uk|io)"
    r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'’])?\b",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(
    r"\b(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
    re.IGNORECASE,
)
_NI_RE = re.compile(
    r"\b[A-Z]{2}"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)
_NHS_RE = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_RE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTHS + r"\.?(?:,?\s+\d{4})?"
    r"|" + _MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r")\b",
    re.IGNORECASE,
)
_DOB_CUE_RE = re.compile(
    r"(?:\bd\.?o\.?b\.?|\bdate of birth|\bborn(?: on)?|\bbirthday(?: is)?)\s*[:\-]?\s*$",
    re.IGNORECASE,
)

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|Cllr|PC|DC|DS|Sgt)"
_TITLE_NAME_RE = re.compile(
    r"\b" + _TITLES + r"\.?\s+((?:[A-Z][a-z'’-]+|[A-Z]\.?)(?:\s+[A-Z][a-z'’-]+){0,2})"
)
_RELATIONS = (
    r"(?:mum|mam|mom|mother|dad|father|son|daughter|brother|sister|nan|nana|nanna|gran|granny"
    r"|grandma|grandad|granddad|grandpa|grandmother|grandfather|aunt|auntie|aunty|uncle"
    r"|cousin|niece|nephew|step-?mum|step-?dad|stepson|stepdaughter|husband|wife|partner"
    r"|boyfriend|girlfriend|ex|friend|mate|baby|child|kid|carer|foster carer|worker"
    r"|social worker|teacher|key worker|keyworker)"
)
_REL_NAME_RE = re.compile(
    r"\b(?:my|his|her|their|our|your|the)\s+(?:little\s+|older\s+|younger\s+|eldest\s+|youngest\s+"
    r"|new\s+|old\s+|best\s+)?" + _RELATIONS + r",?\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?)",
    re.IGNORECASE,
)
_LOWER_STOP = frozenset(
    """is was has had and but or the a an who which that said says to from at in on with
    for of as when because so if then about is's are were will would could should can
    did does do went told came got gets has""".split()
)


# --- checks ---------------------------------------------------------------------------


def _nhs_valid(digits: str) -> bool:
    """NHS number modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- detectors ------------------------------------------------------------------------

_Cand = tuple[int, int, str, str, int]  # start, end, kind, reason, priority


def _regex_finds(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _EMAIL_RE.finditer(text):
        out.append((m.start(), m.end(), "EMAIL", "email address pattern", 90))
    for m in _URL_RE.finditer(text):
        out.append((m.start(), m.end(), "URL", "web address pattern", 80))
    for m in _POSTCODE_RE.finditer(text):
        out.append((m.start(), m.end(), "POSTCODE", "UK postcode pattern", 70))
    for m in _NI_RE.finditer(text):
        out.append((m.start(), m.end(), "NI_NUMBER", "National Insurance number pattern", 85))
    for m in _NHS_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _nhs_valid(digits):
            out.append((m.start(), m.end(), "NHS_NUMBER", "NHS number (modulus 11 check)", 88))
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        ndig = sum(ch.isdigit() for ch in match.raw_string)
        if ndig >= 10 or match.raw_string.startswith("+"):
            out.append((match.start, match.end, "PHONE", "UK phone number (phonenumbers)", 86))
    for m in _DATE_RE.finditer(text):
        if _DOB_CUE_RE.search(text, max(0, m.start() - 30), m.start()):
            out.append((m.start(), m.end(), "DOB", "date after 'date of birth' cue", 75))
        else:
            out.append((m.start(), m.end(), "DATE", "date pattern", 60))
    for m in _TITLE_NAME_RE.finditer(text):
        out.append((m.start(1), m.end(1), "NAME", "name after a title (Mr, Mrs, Dr…)", 50))
    for m in _REL_NAME_RE.finditer(text):
        words = m.group(1).split()
        keep = []
        for w in words:
            if w.lower() in _LOWER_STOP:
                break
            keep.append(w)
        if not keep:
            continue
        end = m.start(1) + len(" ".join(keep))
        rel = text[m.start() : m.start(1)].strip().rstrip(",").split()[-1].lower()
        out.append((m.start(1), end, "NAME", f"a person's name after '{rel}'", 50))
    return out


def _resolve(cands: list[_Cand], protected: list[tuple[int, int]]) -> list[Finding]:
    """Choose non-overlapping findings: higher priority first, then longer."""
    cands = [c for c in cands if c[1] > c[0]]
    cands.sort(key=lambda c: (-c[4], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = list(protected)
    chosen: list[Finding] = []
    for s, e, kind, reason, _ in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(Finding(s, e, kind, reason))
    chosen.sort(key=lambda f: f.start)
    return chosen


def _keep_spans(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    low = text.lower()
    for phrase in keep:
        p = phrase.strip().lower()
        if not p:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(p) + r"(?!\w)", low):
            spans.append((m.start(), m.end()))
    return spans


def strip_identifiers(text: str, *, keep: Iterable[str] = ()) -> StripResult:
    """Replace identifiers in free text with typed placeholders such as "[NAME]"."""
    protected = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]
    protected += _keep_spans(text, keep)
    findings = _resolve(_regex_finds(text), protected)
    parts: list[str] = []
    pos = 0
    for f in findings:
        parts.append(text[pos : f.start])
        parts.append(f.placeholder)
        pos = f.end
    parts.append(text[pos:])
    return StripResult(text="".join(parts), findings=tuple(findings))


def describe_findings(findings: Iterable[Finding]) -> list[str]:
    """Plain-English lines for the respondent saying what was removed and why."""
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    lines: list[str] = []
    for kind, fs in by_kind.items():
        n = len(fs)
        label = KIND_LABELS.get(kind, kind.lower()) if n == 1 else _PLURAL_LABELS.get(kind, kind.lower())
        reasons = Counter(f.reason for f in fs)
        why = "; ".join(r for r, _ in reasons.most_common(2))
        head = label[0].upper() + label[1:] if n == 1 else f"{n} {label}"
        lines.append(f"{head} ({why})")
    return lines
