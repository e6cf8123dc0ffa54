"""Applying edits to register entries and describing them for the audit log (field: old -> new)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict as dataclass_asdict, fields as dataclass_fields
from typing import Any, Callable, Generic, Mapping, Sequence, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.errors import ValidationFailed
from core.services.audit import record


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value for the audit log."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def apply_changes(obj: Any, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set attributes on `obj`; return {field: [old, new]} for those that actually changed."""
    changed: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changed


def snapshot(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The diff of a newly created entry: every field from nothing to its value."""
    return {name: [None, _plain(value)] for name, value in values.items() if value not in (None, "", False, [])}


def record_change(
    session: Session,
    user_id: int | None,
    action: str,
    object_type: str,
    object_id: object,
    changes: Mapping[str, list[Any]],
    **details: Any,
) -> None:
    """Audit-log a register change with its diff (DESIGN invariant 8)."""
    record(session, user_id, action, object_type, object_id, changes=dict(changes), **details)


def describe_changes(changes: Mapping[str, list[Any]]) -> list[str]:
    """Readable lines such as "stage: notified -> rapid_review" (for the audit log page)."""
    return [
        f"{name}: {'' if old is None else old} -> {'' if new is None else new}" for name, (old, new) in changes.items()
    ]


def next_reference(session: Session, column: InstrumentedAttribute[str], prefix: str) -> str:
    """The next free reference with this prefix, like RR-2026-003."""
    taken = set(session.scalars(select(column).where(column.like(prefix + "%"))))
    number = len(taken) + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


def refuse_taken(
    session: Session, column: InstrumentedAttribute[str], value: str, entry: Any, message: str, *also: Any
) -> None:
    """ValidationFailed (on the column's field, with `message`) if another entry than `entry` has this value in
    `column`, in any case; `also`: further conditions a clash must meet (the same year)."""
    owner = session.scalar(select(column.class_.id).where(func.lower(column) == value.lower(), *also))
    if owner is not None and (entry is None or owner != entry.id):
        raise ValidationFailed({column.key: message})


def reference_for(
    session: Session, column: InstrumentedAttribute[str], reference: str, entry: Any, what: str, prefix: str
) -> str:
    """The reference to store: the one given (unless another entry has it, in any case), else the entry's own,
    else the next free one with `prefix`. `what` names the register in the message ("a review")."""
    if reference:
        refuse_taken(session, column, reference, entry, f"There is already {what} with the reference {reference}")
        return reference
    if entry is not None:
        return str(entry.reference)
    return next_reference(session, column, prefix)


def values_with_reference(
    session: Session, column: InstrumentedAttribute[str], details: Any, entry: Any, what: str, prefix: str
) -> dict[str, Any]:
    """The columns to store from a register's details, with the reference `reference_for` gives."""
    values = dataclass_asdict(details)
    values["reference"] = reference_for(session, column, details.reference, entry, what, prefix)
    return values


E = TypeVar("E")


def add_entry(
    session: Session,
    user_id: int | None,
    entry: E,
    values: Mapping[str, Any],
    action: str,
    object_type: str,
    **details: Any,
) -> E:
    """Add a new register entry and audit-log it with every value it was given."""
    session.add(entry)
    session.flush()
    record_change(session, user_id, action, object_type, getattr(entry, "id"), snapshot(values), **details)
    return entry


def change_entry(
    session: Session,
    user_id: int | None,
    entry: Any,
    values: Mapping[str, Any],
    action: str,
    object_type: str,
    *,
    copied: tuple[set[str], str] | None = None,
    **details: Any,
) -> dict[str, list[Any]]:
    """Apply `values` to a register entry; audit-log and return what changed.

    `copied` is (fields, source type): when one of those fields changes, the copies that the entry's
    learning points and actions hold are brought up to date.
    """
    changes = apply_changes(entry, values)
    return log_changes(session, user_id, entry, changes, action, object_type, copied=copied, **details)


def log_changes(
    session: Session,
    user_id: int | None,
    entry: Any,
    changes: dict[str, list[Any]],
    action: str,
    object_type: str,
    *,
    copied: tuple[set[str], str] | None = None,
    **details: Any,
) -> dict[str, list[Any]]:
    """Audit-log the changes made to a register entry and return them; `copied` as for `change_entry`."""
    if changes:
        record_change(session, user_id, action, object_type, entry.id, changes, **details)
        if copied is not None and copied[0] & changes.keys():
            # Imported here: learning records its own changes through this module.
            from core.services.learning import source_changed

            source_changed(session, copied[1], entry)
    session.flush()
    return changes


def remove_entry(
    session: Session,
    user_id: int | None,
    entry: Any,
    fields: Sequence[str],
    action: str,
    object_type: str,
    object_id: int,
    *,
    delete: bool = True,
    **details: Any,
) -> None:
    """Remove `entry`, audit-logged with what its `fields` held. `delete=False` where taking it out of its
    parent's collection deletes it (delete-orphan) and only the log is wanted here."""
    removed = {name: [getattr(entry, name), None] for name in fields}
    record_change(session, user_id, action, object_type, object_id, removed, **details)
    if delete:
        session.delete(entry)
        session.flush()


M = TypeVar("M")
D = TypeVar("D")


class Register(Generic[M, D]):
    """How one register's entries are added and changed: its model, its name in the audit log, and
    `values(session, details, entry)`, the columns its details give (raising ValidationFailed for what only
    the database can tell, such as a name already taken). `copied`: the fields learning points copy."""

    def __init__(
        self,
        model: Callable[..., M],
        object_type: str,
        values: Callable[[Session, D, M | None], dict[str, Any]],
        *,
        action: str = "",
        copied: set[str] | None = None,
    ) -> None:
        self.model, self.object_type, self.values = model, object_type, values
        self.action = action or object_type
        self.copied = copied

    def create(self, session: Session, user_id: int | None, details: D) -> M:
        """Add an entry (audit-logged)."""
        values = self.values(session, details, None)
        return add_entry(session, user_id, self.model(**values), values, f"{self.action}.create", self.object_type)

    def update(self, session: Session, user_id: int | None, entry: M, details: D) -> dict[str, list[Any]]:
        """Edit an entry; returns (and audit-logs) what changed; learning copies follow."""
        return change_entry(
            session,
            user_id,
            entry,
            self.values(session, details, entry),
            f"{self.action}.update",
            self.object_type,
            copied=(self.copied, self.action) if self.copied else None,
        )


def details_from(kind: Callable[..., D], entry: Any) -> D:
    """The dataclass `kind` filled from the entry's attributes of the same names (its details as stored)."""
    return kind(**{f.name: getattr(entry, f.name) for f in dataclass_fields(kind)})  # type: ignore[arg-type]
