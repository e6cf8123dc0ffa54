"""The learning codebook: themes seeded from core/data/taxonomy.json, editable by staff afterwards."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from analysis.suppression import DEFAULT_K, Count, suppress
from core.errors import ValidationFailed
from core.models import Theme
from core.presentation import same_words


def codebook() -> dict[str, Any]:
    """The shipped codebook (taxonomy.json) as a dict."""
    text = (resources.files("core.data") / "taxonomy.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def install_themes(session: Session) -> list[Theme]:
    """Add the codebook's themes that are missing; staff edits to existing themes are kept."""
    existing = {t.code for t in session.scalars(select(Theme))}
    created = []
    for position, item in enumerate(codebook()["themes"], start=1):
        if item["id"] in existing:
            continue
        theme = Theme(
            code=item["id"],
            label=item["label"],
            description=item.get("description", ""),
            indicative=list(item.get("indicative", [])),
            position=position,
            active=True,
        )
        session.add(theme)
        created.append(theme)
    session.flush()
    return created


def active_themes(session: Session) -> list[Theme]:
    """Themes staff can tag learning with, in codebook order."""
    return list(session.scalars(select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)))


def correction_themes(session: Session, coded: set[str]) -> list[Theme]:
    """The themes a response's coding can be set to: those in use, and those out of use it is coded with (to take off)."""
    query = select(Theme).where(or_(Theme.active.is_(True), Theme.code.in_(sorted(coded))))
    return list(session.scalars(query.order_by(Theme.position, Theme.id)))


def theme_labels(session: Session) -> dict[str, str]:
    """Every theme's label by its code, in codebook order."""
    return {t.code: t.label for t in session.scalars(select(Theme).order_by(Theme.position, Theme.id))}


def themes_by_ids(session: Session, ids: list[int]) -> list[Theme]:
    """The themes with these ids (unknown ids are ignored by the caller's validation)."""
    if not ids:
        return []
    return list(session.scalars(select(Theme).where(Theme.id.in_(ids)).order_by(Theme.position)))


@dataclass(frozen=True)
class ThemeFigures:
    """How much each theme is raised: responses by polarity (people, suppressed under k) and register learning."""

    development: Count
    good_practice: Count
    learning_points: int


def theme_figures(session: Session, k: int = DEFAULT_K) -> dict[str, ThemeFigures]:
    """Figures per theme code for the codebook page, each the sum of what the survey findings pages show.

    An all-time count beside the per-survey yearly counts would give away a hidden one (the total less the
    shown ones), so a count adds up only the cells the findings pages show, and says "at least" if any is hidden.
    """
    from core.models import (
        LearningPoint,
        ReleaseBatch,
        Response,
        ResponseTheme,
        SurveyVersion,
        learning_point_theme,
    )
    from core.services.findings import respondents_by_year, sum_as_shown, theme_row
    from core.services.release import join_release

    respondents = respondents_by_year(session)
    # By the year of release, as the findings pages count them.
    year = func.extract("year", ReleaseBatch.released_on)
    tallies: dict[tuple[int, int, str], Counter[str]] = defaultdict(Counter)
    query = select(SurveyVersion.survey_id, year, ResponseTheme.theme_code, ResponseTheme.polarity, func.count()).join(
        Response, Response.survey_version_id == SurveyVersion.id
    )
    for survey_id, y, code, polarity, n in session.execute(
        join_release(query)
        .join(ResponseTheme, ResponseTheme.response_id == Response.id)
        .group_by(SurveyVersion.survey_id, year, ResponseTheme.theme_code, ResponseTheme.polarity)
    ):
        tallies[(int(survey_id), int(y), code)][polarity] += n
    codes = list(session.scalars(select(Theme.code)))
    # A year with fewer than k respondents shows no themes at all on its findings page (and each is under k).
    # It is a hidden part of every theme's count, mentioned there or not: otherwise "at least" would tell which.
    hidden_pages = [page for page, n in respondents.items() if suppress(n, k).suppressed]
    parts: dict[tuple[str, str], list[Count]] = defaultdict(list)
    for (survey_id, y, code), counts in tallies.items():
        if (survey_id, y) in hidden_pages:
            continue
        cells, _total = theme_row(counts, k)
        for polarity in ("development", "good_practice"):
            parts[(code, polarity)].append(cells[polarity])
    for survey_id, y in hidden_pages:
        for code in codes:
            for polarity in ("development", "good_practice"):
                n = tallies[(survey_id, y, code)][polarity] if (survey_id, y, code) in tallies else 0
                parts[(code, polarity)].append(Count(n, True, f"fewer than {k}"))
    points = dict(
        session.execute(
            select(Theme.code, func.count(LearningPoint.id))
            .join(learning_point_theme, learning_point_theme.c.theme_id == Theme.id)
            .join(LearningPoint, LearningPoint.id == learning_point_theme.c.learning_point_id)
            .group_by(Theme.code)
        ).all()
    )
    return {
        t.code: ThemeFigures(
            sum_as_shown(parts[(t.code, "development")]),
            sum_as_shown(parts[(t.code, "good_practice")]),
            int(points.get(t.code, 0)),
        )
        for t in session.scalars(select(Theme))
    }


@dataclass(frozen=True)
class ThemeDetails:
    label: str
    description: str = ""
    indicative: tuple[str, ...] = ()
    active: bool = True


def label_key(label: str) -> str:
    """What a theme's label is compared by: NFKC, case folded, with only its letters, marks and digits.

    Spaces of any kind, hyphens, underscores and punctuation go, so "Young\u00a0carers", "Young-carers" and
    "YOUNG_CARERS!" are one name; letters of any script stay, marks too (dropping a vowel sign would join two words).
    """
    folded = unicodedata.normalize("NFKC", label).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMN")


def _has_letters_or_digits(label: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in unicodedata.normalize("NFKC", label))


def _theme_code(label: str, taken: set[str], number: int) -> str:
    """A code from the label's Latin letters and digits (accents dropped: "Café" gives "cafe").

    No transliteration library is installed: a label in another script keeps its own words as the label and
    gets "theme_<number>" (its place in the codebook), never a bare "theme".
    """
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    base = "_".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60] or f"theme_{number}"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


PHRASE_MAX = 100


def indicative_phrases(lines: Iterable[str]) -> list[str]:
    """A theme's signal phrases as kept: each once (whatever its case or spacing), in the order given; ValidationFailed
    naming the first that is too long or made only of common words ("a", "the", "of the"), which would signal the
    theme in nearly every answer and so code nearly every answer with it."""
    from analysis.themes import STOPWORDS, tokens_of

    kept: dict[str, str] = {}
    for line in lines:
        phrase = " ".join(line.split())
        if not phrase or same_words(phrase) in kept:
            continue
        if len(phrase) > PHRASE_MAX:
            raise ValidationFailed({"indicative": f"Each phrase must be {PHRASE_MAX} characters or fewer"})
        if not any(len(word) > 1 and word not in STOPWORDS for word in tokens_of(phrase)):
            raise ValidationFailed(
                {
                    "indicative": f"“{phrase}” is too common to signal a theme: give phrases with at least one word "
                    "that is not a common one such as “the”, “of” or “a”"
                }
            )
        kept[same_words(phrase)] = phrase
    return list(kept.values())


def save_theme(session: Session, user_id: int | None, details: ThemeDetails, theme: Theme | None = None) -> Theme:
    """Add a theme to the codebook (an emerging one, say) or change one; its code never changes once given."""
    from core.services.audit import record

    label = details.label.strip()
    if not _has_letters_or_digits(label):
        raise ValidationFailed({"label": "The name of the theme must have letters or numbers in it"})
    # Names that look the same once spacing, case and punctuation are set aside are one name: staff pick a
    # theme by its label in the correction list and read it on the findings, so two would be coded to at random.
    key = label_key(label)
    clash = next((t for t in session.scalars(select(Theme)) if t is not theme and label_key(t.label) == key), None)
    if clash is not None:
        raise ValidationFailed({"label": f"There is already a theme called “{clash.label}”"})
    phrases = indicative_phrases(details.indicative)
    if theme is None:
        taken = set(session.scalars(select(Theme.code)))
        position = (session.scalar(select(func.max(Theme.position))) or 0) + 1
        theme = Theme(code=_theme_code(label, taken, position), position=position)
        session.add(theme)
    before = {"label": theme.label, "active": theme.active}
    theme.label, theme.description = label, details.description.strip()
    theme.indicative = phrases
    theme.active = details.active
    session.flush()
    record(session, user_id, "theme.saved", "theme", theme.id, code=theme.code, before=before, label=label)
    return theme
