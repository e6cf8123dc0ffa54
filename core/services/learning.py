"""Learning points from any register entry, tagged with codebook themes.

Each source type is registered with its model and a function that describes an entry in a
few words ("RR-2026-001 Child A"). Learning points and actions copy the source's title,
agency and restriction (see core/models/registers.SourceCopy); `source_changed` keeps the
copies in step when the source is edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound, ValidationFailed
from core.models import (
    Action,
    AnnualReport,
    Audit,
    ChildDeathReview,
    Indicator,
    LearningPoint,
    Review,
    Section11Assessment,
    Survey,
    ThemedWork,
    Theme,
)
from core.presentation import same_words
from core.services.changes import apply_changes, record_change, remove_entry, snapshot
from core.services.themes import active_themes


@dataclass(frozen=True)
class SourceKind:
    """A register whose entries can have learning points."""

    model: Any
    # Names the entry within its register ("CDR-2025-001"): pages put the register's label before it.
    describe: Callable[[Any], str]


def _s11(entry: Section11Assessment) -> str:
    parts = [
        entry.agency.name if entry.agency else "",
        entry.standard.title if entry.standard else "",
        entry.cycle.name if entry.cycle else "",
    ]
    return ", ".join(p for p in parts if p)


SOURCES: dict[str, SourceKind] = {
    "review": SourceKind(Review, lambda e: f"{e.reference} {e.subject}"),
    "cdr": SourceKind(ChildDeathReview, lambda e: e.reference),
    "audit": SourceKind(Audit, lambda e: f"{e.reference} {e.title}"),
    "s11": SourceKind(Section11Assessment, _s11),
    "annual_report": SourceKind(AnnualReport, lambda e: f"{e.title} ({e.year})"),
    "themed_work": SourceKind(ThemedWork, lambda e: e.title),
    "indicator": SourceKind(Indicator, lambda e: f"{e.code} {e.name}"),
    # Raised by staff from a survey's findings: a judgement on aggregates, never one response.
    "survey": SourceKind(Survey, lambda e: e.title),
}


def register_source(source_type: str, model: Any, describe: Callable[[Any], str]) -> None:
    """Add or replace a source type (a register that wants learning points)."""
    SOURCES[source_type] = SourceKind(model, describe)


def load_source(session: Session, source_type: str, source_id: int) -> Any:
    """The register entry a learning point belongs to, or NotFound."""
    kind = SOURCES.get(source_type)
    entry = session.get(kind.model, source_id) if kind else None
    if entry is None:
        raise NotFound("There is no such register entry.")
    return entry


def source_copy(source_type: str, entry: Any) -> dict[str, Any]:
    """The columns a learning point or action copies from its source."""
    return {
        "source_type": source_type,
        "source_id": entry.id,
        "source_title": SOURCES[source_type].describe(entry)[:200],
        "source_agency_id": getattr(entry, "agency_id", None),
        "source_restricted": bool(getattr(entry, "restricted", False)),
    }


def source_changed(session: Session, source_type: str, entry: Any) -> None:
    """Bring the copies on this entry's learning points and actions up to date (call after edits)."""
    values = source_copy(source_type, entry)
    del values["source_type"], values["source_id"]
    for model in (LearningPoint, Action):
        session.execute(
            update(model)
            .where(model.source_type == source_type, model.source_id == entry.id)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )


def learning_points_for(session: Session, source_type: str, source_id: int) -> list[LearningPoint]:
    """A source's learning points with their themes, actions and action owners (no N+1)."""
    return list(
        session.scalars(
            select(LearningPoint)
            .where(LearningPoint.source_type == source_type, LearningPoint.source_id == source_id)
            .options(
                selectinload(LearningPoint.themes),
                selectinload(LearningPoint.actions).selectinload(Action.owner_agency),
            )
            .order_by(LearningPoint.id)
        )
    )


@dataclass
class PointDetails:
    """A learning point as staff enter it; `themes` are ids of codebook themes."""

    title: str
    polarity: str = "development"
    detail: str = ""
    identified_on: Optional[dt.date] = None
    themes: list[int] = field(default_factory=list)


def _point_values(session: Session, details: PointDetails) -> dict[str, Any]:
    """The columns to store, with the themes as Theme rows (unknown or retired ids are left out)."""
    themes = {t.id: t for t in active_themes(session)}
    values = asdict(details)
    values["themes"] = [themes[i] for i in details.themes if i in themes]
    return values


def _theme_codes(themes: list[Theme]) -> list[str]:
    return [t.code for t in themes]


def create_learning_point(
    session: Session, user_id: int | None, source_type: str, entry: Any, details: PointDetails
) -> LearningPoint:
    """Add a learning point to a register entry (audit-logged); one of the same title as another of the entry's
    is refused."""
    titles = session.scalars(
        select(LearningPoint.title).where(LearningPoint.source_type == source_type, LearningPoint.source_id == entry.id)
    )
    if same_words(details.title) in map(same_words, titles):
        # Most often the same form sent twice: a second copy would be counted, tracked and reported as another.
        raise ValidationFailed({"title": "This entry already has a learning point with this title: change that one"})
    values = _point_values(session, details)
    point = LearningPoint(**values, **source_copy(source_type, entry))
    session.add(point)
    session.flush()
    changes = snapshot({k: v for k, v in values.items() if k != "themes"})
    changes["themes"] = [None, _theme_codes(values["themes"])]
    record_change(
        session,
        user_id,
        "learning_point.create",
        "learning_point",
        point.id,
        changes,
        source=f"{source_type}:{entry.id}",
    )
    return point


def update_learning_point(
    session: Session, user_id: int | None, point: LearningPoint, details: PointDetails
) -> dict[str, list[Any]]:
    """Edit a learning point; returns (and audit-logs) what changed."""
    values = _point_values(session, details)
    themes = values.pop("themes")
    changes = apply_changes(point, values)
    if _theme_codes(point.themes) != _theme_codes(themes):
        changes["themes"] = [_theme_codes(point.themes), _theme_codes(themes)]
        point.themes = themes
    if changes:
        record_change(
            session,
            user_id,
            "learning_point.update",
            "learning_point",
            point.id,
            changes,
            source=f"{point.source_type}:{point.source_id}",
        )
    session.flush()
    return changes


def delete_learning_point(session: Session, user_id: int | None, point: LearningPoint) -> None:
    """Delete a learning point and its actions (audit-logged with what was removed)."""
    if point.actions:
        # Actions are tracked, chased and reported: a point with any stays, and there is nothing to move them to.
        raise ValidationFailed(
            {"confirm": "This learning point still has actions, so it cannot be deleted: change it instead"},
            "This learning point still has actions",
        )
    source = f"{point.source_type}:{point.source_id}"
    remove_entry(session, user_id, point, ["title"], "learning_point.delete", "learning_point", point.id, source=source)
