"""Small display helpers shared by both apps' templates (no Flask here: markupsafe only)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from core.stripping import KIND_LABELS

# The stylesheet both apps serve (GOV.UK Design System patterns, system fonts).
STATIC_DIR = Path(__file__).resolve().parent / "static"
_PLACEHOLDER = re.compile(r"\[(" + "|".join(re.escape(k) for k in KIND_LABELS) + r")\]")


def highlight_placeholders(text: str | None) -> Markup:
    """Escape text and mark each [KIND] placeholder, telling screen readers what it replaced."""
    escaped = str(escape(text or ""))

    def mark(match: re.Match[str]) -> str:
        label = KIND_LABELS[match.group(1)]
        return (
            f'<mark class="ll-placeholder">{match.group(0)}'
            f'<span class="govuk-visually-hidden"> ({label} was removed)</span></mark>'
        )

    # Safe: the text was escaped above and mark() adds only fixed markup around placeholder tokens.
    return Markup(_PLACEHOLDER.sub(mark, escaped))  # noqa: S704


UK = ZoneInfo("Europe/London")


def uk_time(moment: dt.datetime) -> dt.datetime:
    """A stored time (UTC; SQLite gives it back without its zone) as the clocks in England showed it: staff read
    times in the audit log against their own day, and from April to October UTC is an hour behind."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(UK)


def paragraphs(text: str | None) -> list[str]:
    """Staff text as its paragraphs: one per line, blank lines dropped; left for the template to escape.

    Staff write "You said" and "What we will do" in a textarea; shown in one <p> their line breaks were lost.
    No markup is made here, so nothing staff type can become markup on a public page.
    """
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def opens_with(text: str | None, words: str) -> bool:
    """Whether staff text already begins with these words (any case, whole words), as in "We will run a briefing":
    a page that puts "We will:" before it would otherwise say "We will: We will run a briefing"."""
    first = " ".join((text or "").split()).casefold()
    wanted = " ".join(words.split()).casefold()
    return first.startswith(wanted) and (len(first) == len(wanted) or not first[len(wanted)].isalnum())


def same_words(text: str) -> str:
    """What a text is compared by when the same words should count once, as a reader sees them: its case and
    spacing ignored ("Audit  strategy meetings" and "audit strategy meetings" are one)."""
    return " ".join(text.split()).casefold()
