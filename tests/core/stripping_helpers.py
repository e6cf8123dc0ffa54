"""What the stripping tests compare: the findings of strip_identifiers as (kind, original text)."""

from __future__ import annotations

from typing import Any

from core.stripping import strip_identifiers


def found(text: str, **options: Any) -> list[tuple[str, str]]:
    """(kind, original text) for each finding, in order."""
    return [(f.kind, text[f.start : f.end]) for f in strip_identifiers(text, **options).findings]


def kinds_of(text: str, part: str) -> list[str]:
    """Kinds of the findings that overlap the first occurrence of part."""
    start = text.index(part)
    end = start + len(part)
    return [f.kind for f in strip_identifiers(text).findings if f.start < end and start < f.end]


def removed(text: str) -> list[str]:
    """The original text of each finding, whatever its kind."""
    return [text[f.start : f.end] for f in strip_identifiers(text).findings]
