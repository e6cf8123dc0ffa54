"""Actions that came from learning points: validation, changes, and the tracker across all sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Optional

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session, selectinload

from core.models import (
    ACTION_STATUSES,
    SOURCE_TYPES,
    Action,
    Agency,
    LearningPoint,
    User,
    learning_point_theme,
)
from core.errors import ValidationFailed
from core.presentation import same_words
from core.services.changes import apply_changes, details_from, record_change, snapshot
from core.services.listing import id_arg
from core.services.visibility import action_filter

OPEN_STATUSES = ("red", "amber", "green")


def agency_choices(session: Session) -> list[Agency]:
    """Agencies an action can be given to (active ones, by name)."""
    return list(session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)))


@dataclass
class ActionDetails:
    """An action as staff enter it."""

    title: str
    lead: str
    status: str
    owner_agency_id: Optional[int] = None  # the form asks for both; older actions may lack them
    due_on: Optional[dt.date] = None
    description: str = ""
    evidence: str = ""
    impact_measure: str = ""
    completed_on: Optional[dt.date] = None


def _action_values(details: ActionDetails, today: dt.date) -> dict[str, Any]:
    """The columns to store: an action done with no date was done today."""
    values = asdict(details)
    if details.status == "done" and details.completed_on is None:
        values["completed_on"] = today
    return values


# What an action copies from its learning point's source, so that lists and visibility need no join.
SOURCE_COLUMNS = ("source_type", "source_id", "source_title", "source_agency_id", "source_restricted")


def create_action(
    session: Session, user_id: int | None, point: LearningPoint, details: ActionDetails, today: dt.date
) -> Action:
    """Add an action to a learning point (audit-logged); one of the same title as another of the point is refused."""
    # Read from the table, not point.actions: loading that collection here would leave it stale after the add.
    titles = session.scalars(select(Action.title).where(Action.learning_point_id == point.id))
    if same_words(details.title) in map(same_words, titles):
        # Most often the same form sent twice: a second copy would be tracked, chased and reported as another.
        raise ValidationFailed({"title": "This learning point already has an action with this title: change that one"})
    values = _action_values(details, today)
    action = Action(
        learning_point_id=point.id,
        **values,
        **{name: getattr(point, name) for name in SOURCE_COLUMNS},
    )
    session.add(action)
    session.flush()
    record_change(
        session,
        user_id,
        "action.create",
        "action",
        action.id,
        snapshot(values),
        source=f"{point.source_type}:{point.source_id}",
        learning_point=point.id,
    )
    return action


def update_action(
    session: Session, user_id: int | None, action: Action, details: ActionDetails, today: dt.date
) -> dict[str, list[Any]]:
    """Edit an action; returns (and audit-logs) what changed."""
    values = _action_values(details, today)
    changes = apply_changes(action, values)
    if changes:
        record_change(
            session,
            user_id,
            "action.update",
            "action",
            action.id,
            changes,
            source=f"{action.source_type}:{action.source_id}",
        )
    session.flush()
    return changes


def complete_action(
    session: Session,
    user_id: int | None,
    action: Action,
    *,
    evidence: str,
    impact_measure: str = "",
    completed_on: Optional[dt.date] = None,
    today: dt.date,
) -> dict[str, list[Any]]:
    """Mark an action done with its evidence (and, optionally, how impact is measured)."""
    details = details_from(ActionDetails, action)
    details.status, details.evidence, details.impact_measure = "done", evidence, impact_measure
    details.completed_on = completed_on
    return update_action(session, user_id, action, details, today)


# ---------------------------------------------------------------------------------------------
# The tracker
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerFilters:
    """What the tracker is filtered by (all optional)."""

    status: str = ""  # red | amber | green | done | open
    owner_agency_id: Optional[int] = None
    source_type: str = ""
    theme_id: Optional[int] = None
    overdue: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "TrackerFilters":
        """Read filters from query arguments; unknown values are ignored, never an error."""
        status = str(args.get("status") or "")
        source = str(args.get("source_type") or "")
        return cls(
            status=status if status in ACTION_STATUSES or status == "open" else "",
            owner_agency_id=id_arg(args.get("owner")),
            source_type=source if source in SOURCE_TYPES else "",
            theme_id=id_arg(args.get("theme")),
            overdue=str(args.get("overdue") or "") in {"1", "yes", "on", "true"},
        )

    def as_args(self) -> dict[str, Any]:
        """The filters as query arguments (for links that keep them)."""
        args: dict[str, Any] = {}
        if self.status:
            args["status"] = self.status
        if self.owner_agency_id:
            args["owner"] = self.owner_agency_id
        if self.source_type:
            args["source_type"] = self.source_type
        if self.theme_id:
            args["theme"] = self.theme_id
        if self.overdue:
            args["overdue"] = "1"
        return args


@dataclass
class TrackerPage:
    items: list[Action]
    total: int
    overdue: int
    page: int
    per_page: int
    filters: TrackerFilters = field(default_factory=TrackerFilters)

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)


# The tracker reads actions in segments, each walked in index order (see the partial index
# ix_action_open_due and ix_action_status_due_cover on Action): overdue, then open by due
# date, then open without a due date, then done. Sorting 50,000 rows by a computed "overdue
# first" rank on every request was the slow part; walking indexes keeps a page under a few ms.
# The literal 'done' (not a bound parameter) lets SQLite match the partial index's WHERE clause.
_DONE: ColumnElement[str] = literal_column("'done'")


def _open() -> Any:
    return Action.status != _DONE


def _overdue_clause(today: dt.date) -> Any:
    return _open() & (Action.due_on < today)


def _segments(filters: TrackerFilters, today: dt.date) -> list[tuple[str, Any]]:
    """The (name, condition) segments a tracker with these filters shows, in display order."""
    segments = [
        ("overdue", _overdue_clause(today)),
        ("open", _open() & (Action.due_on >= today)),
        ("open_undated", _open() & Action.due_on.is_(None)),
        ("done", Action.status == _DONE),
    ]
    if filters.overdue:
        return segments[:1]
    if filters.status == "done":
        return segments[3:]
    if filters.status:  # red, amber, green or "open"
        return segments[:3]
    return segments


def _conditions(user: User, filters: TrackerFilters) -> list[Any]:
    conditions = [action_filter(user)]
    if filters.status in OPEN_STATUSES:
        conditions.append(Action.status == filters.status)
    if filters.owner_agency_id:
        conditions.append(Action.owner_agency_id == filters.owner_agency_id)
    if filters.source_type:
        conditions.append(Action.source_type == filters.source_type)
    if filters.theme_id:
        conditions.append(
            Action.learning_point_id.in_(
                select(learning_point_theme.c.learning_point_id).where(
                    learning_point_theme.c.theme_id == filters.theme_id
                )
            )
        )
    return conditions


def _load(session: Session, ids: list[int]) -> list[Action]:
    """The actions with these ids, in this order, with what the tracker shows of them."""
    if not ids:
        return []
    rows = {
        a.id: a
        for a in session.scalars(
            select(Action)
            .where(Action.id.in_(ids))
            .options(
                selectinload(Action.owner_agency),
                selectinload(Action.learning_point).selectinload(LearningPoint.themes),
            )
        )
    }
    return [rows[i] for i in ids if i in rows]


def tracker(
    session: Session, user: User, filters: TrackerFilters, today: dt.date, *, page: int = 1, per_page: int = 50
) -> TrackerPage:
    """One page of actions across every source: overdue first (oldest due first), then open, then done."""
    page = max(page, 1)
    conditions = _conditions(user, filters)
    counted = [
        (name, condition, session.scalar(select(func.count()).select_from(Action).where(condition, *conditions)) or 0)
        for name, condition in _segments(filters, today)
    ]
    total = sum(n for _, _, n in counted)
    overdue = sum(n for name, _, n in counted if name == "overdue")
    skip, wanted, ids = (page - 1) * per_page, per_page, []
    for _, condition, n in counted:
        if wanted <= 0:
            break
        if skip >= n:
            skip -= n
            continue
        ids += list(
            session.scalars(
                select(Action.id)
                .where(condition, *conditions)
                .order_by(Action.due_on, Action.id)
                .limit(wanted)
                .offset(skip)
            )
        )
        wanted, skip = per_page - len(ids), 0
    return TrackerPage(_load(session, ids), total, overdue, page, per_page, filters)


def tracker_rows(session: Session, user: User, filters: TrackerFilters, today: dt.date) -> list[Action]:
    """Every action matching the filters, in tracker order (for exports)."""
    conditions = _conditions(user, filters)
    rows: list[Action] = []
    for _, condition in _segments(filters, today):
        rows += session.scalars(
            select(Action)
            .where(condition, *conditions)
            .order_by(Action.due_on, Action.id)
            .options(
                selectinload(Action.owner_agency),
                selectinload(Action.learning_point).selectinload(LearningPoint.themes),
            )
        )
    return rows


@dataclass(frozen=True)
class ActionSummary:
    overdue: int
    due_soon: int
    open: int
    overdue_items: list[Action]
    due_soon_items: list[Action]


def action_summary(session: Session, user: User, today: dt.date, due_soon_days: int, limit: int = 10) -> ActionSummary:
    """For the dashboard: counts and the first few overdue and due-soon actions this user may see."""
    visible = action_filter(user)
    soon = _open() & (Action.due_on >= today) & (Action.due_on <= today + dt.timedelta(days=due_soon_days))

    def count(condition: Any) -> int:
        return session.scalar(select(func.count()).select_from(Action).where(visible, condition)) or 0

    def first(condition: Any) -> list[Action]:
        ids = list(
            session.scalars(select(Action.id).where(visible, condition).order_by(Action.due_on, Action.id).limit(limit))
        )
        return _load(session, ids)

    return ActionSummary(
        overdue=count(_overdue_clause(today)),
        due_soon=count(soon),
        open=count(_open()),
        overdue_items=first(_overdue_clause(today)),
        due_soon_items=first(soon),
    )
