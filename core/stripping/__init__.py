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

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ._vocab import (
    _Cand,
)
from ._pattern_rules import _pattern_candidates
from ._tokens import Tokens
from ._names import (
    _name_candidates,
    _repeat_name_candidates,
)

__all__ = ["KIND_LABELS", "Finding", "StripResult", "describe_findings", "strip_identifiers", "warm_up"]


def warm_up() -> None:
    """Load the name and word lists now, so the first respondent of a process does not wait for them."""
    from ._lexicon import _lexicon

    _lexicon()


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


_PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(KIND_LABELS) + r")\]")


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


@lru_cache(maxsize=32)
def _keep_regex(keep: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all keep phrases (longest first), compiled once per keep list."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in keep) + r")(?!\w)")


def _keep_spans(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    if not keep:
        return []
    return [(m.start(), m.end()) for m in _keep_regex(keep).finditer(text.lower())]


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
    tokens = Tokens(text)
    cands = _pattern_candidates(text, tokens) + _name_candidates(text, tokens)
    cands = [_trim(text, c) for c in cands]
    findings = _resolve(cands, protected, len(text))
    names = [(f.start, f.end, f.reason) for f in findings if f.kind == "NAME"]
    if names:
        # the same name mentioned again: "My daughter Summer is 6. Summer loves school."
        more = _repeat_name_candidates(text, names, [(f.start, f.end) for f in findings])
        if more:
            findings = _resolve(cands + more, protected, len(text))
    return findings


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
    if isinstance(keep, str):  # a single phrase passed on its own, not a list of characters
        keep = (keep,)
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
    """Plain-English lines for the respondent: what was removed, and the word that gave it
    away where there was one, e.g. "2 names (a person's name after 'mum')"."""
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
        cued = [c for c in (_plain_reason(f) for f in fs) if c]
        if cued:
            words = "; ".join(c for c, _ in Counter(cued).most_common(2))
            head += f" ({words})" if len(cued) == n else f" (including {words})"
        lines.append(head)
    return lines


# The quoted cue in a reason; the cue may hold an apostrophe ("after 'I'm'").
_CUE_IN_REASON = re.compile(r"after (?:the title )?('.+?')(?=$|[ ,)])")


def _plain_reason(f: Finding) -> str:
    """The cue word behind a finding, in plain words, or "" when it was a pattern or list."""
    m = _CUE_IN_REASON.search(f.reason)
    if not m:
        return ""
    cue = m.group(1)
    if f.kind == "NAME":
        return f"a person's name after {cue}"
    return f"after {cue}"
