"""The child death review register: validation, changes, and deaths with modifiable factors per year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from sqlalchemy import Integer, and_, case, cast, extract, func, select
from sqlalchemy.orm import Session, selectinload

from core.models import (
    CDR_CATEGORIES,
    CDR_STAGES,
    MODIFIABLE,
    MODIFIABLE_DOMAINS,
    Action,
    Agency,
    ChildDeathReview,
    User,
)
from core.services.changes import apply_changes, record_change, snapshot
from core.services.fields import Cleaner
from core.services.learning import source_changed
from core.services.visibility import entry_filter

REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]{0,39}")
DEATH_TYPES = {"expected": "Expected", "unexpected": "Unexpected"}
DATE_LABELS = {
    "notified_on": "the date of notification",
    "jar_on": "the date of the joint agency response",
    "review_meeting_on": "the date of the child death review meeting",
    "panel_on": "the date of the panel review",
}


def clean_cdr(
    session: Session, data: Mapping[str, Any], today: dt.date, cdr: Optional[ChildDeathReview] = None
) -> dict[str, Any]:
    """Validate the child death review form; raises ValidationFailed, writes nothing."""
    c = Cleaner(data)
    reference = c.text("reference", "the reference", max_length=40)
    if reference and not REFERENCE_PATTERN.fullmatch(reference):
        c.error("reference", "The reference can only contain letters, numbers, and - / . _")
    elif reference:
        clash = session.scalar(select(ChildDeathReview.id).where(ChildDeathReview.reference == reference))
        if clash is not None and (cdr is None or clash != cdr.id):
            c.error("reference", f"There is already a child death review with the reference {reference}")
    death = c.date("date_of_death", "the date of death", required=True, not_after=today)
    for name, label in DATE_LABELS.items():
        c.date(name, label, not_after=today)
    death_type = c.choice("death_type", "whether the death was expected or unexpected", DEATH_TYPES)
    jar = c.yes_no("joint_agency_response", "there was a joint agency response")
    if jar and death_type == "expected":
        c.error("joint_agency_response", "A joint agency response is for unexpected deaths: check the answers")
    if c.values.get("jar_on") is not None and not jar and "jar_on" not in c.errors:
        c.error("joint_agency_response", "Select yes if there was a joint agency response")
    stage = c.choice("stage", "the stage", CDR_STAGES, required=True)
    category = c.choice("category", "the category of death", CDR_CATEGORIES)
    modifiable = c.choice("modifiable", "whether there were modifiable factors", MODIFIABLE)
    domains = c.choices("domains", "the domains", MODIFIABLE_DOMAINS)
    if modifiable == "yes" and not domains and "domains" not in c.errors:
        c.error("domains", "Select the domains in which modifiable factors were found")
    if domains and modifiable != "yes" and "domains" not in c.errors:
        c.error("domains", "Only select domains when modifiable factors were identified")
    if stage in ("panel", "closed") and c.values.get("panel_on") is not None:
        if not category and "category" not in c.errors:
            c.error("category", "Select the category of death the panel decided")
        if not modifiable and "modifiable" not in c.errors:
            c.error("modifiable", "Select whether the panel found modifiable factors")
    c.text("modifiable_notes", "the notes on modifiable factors", max_length=10_000)
    c.text("learning", "the learning", max_length=20_000)
    agency = c.integer("agency_id", "the agency")
    if agency is not None and agency not in set(session.scalars(select(Agency.id))):
        c.error("agency_id", "Select the agency from the list")
    c.flag("restricted")
    if death is not None:
        for name, label in DATE_LABELS.items():
            value = c.values.get(name)
            if value is not None and value < death and name not in c.errors:
                c.error(name, f"{label[0].upper() + label[1:]} must be on or after the date of death")
    meeting, panel = c.values.get("review_meeting_on"), c.values.get("panel_on")
    if meeting and panel and panel < meeting and "panel_on" not in c.errors:
        c.error("panel_on", "The date of the panel review must be on or after the child death review meeting")
    values = c.finish()
    death_type = values.pop("death_type")
    values["expected"] = None if death_type is None else death_type == "expected"
    chosen = set(values.pop("domains"))
    for key in MODIFIABLE_DOMAINS:
        values[key] = key in chosen
    values["restricted"] = bool(values["restricted"])
    return values


def next_reference(session: Session, year: int) -> str:
    """The next free reference like CDR-2026-004."""
    prefix = f"CDR-{year}-"
    taken = set(
        session.scalars(select(ChildDeathReview.reference).where(ChildDeathReview.reference.like(prefix + "%")))
    )
    number = len(taken) + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


def create_cdr(session: Session, user_id: int | None, data: Mapping[str, Any], today: dt.date) -> ChildDeathReview:
    """Add a child death review (validated, audit-logged)."""
    values = clean_cdr(session, data, today)
    if not values["reference"]:
        values["reference"] = next_reference(session, values["date_of_death"].year)
    cdr = ChildDeathReview(**values)
    session.add(cdr)
    session.flush()
    record_change(session, user_id, "cdr.create", "child_death_review", cdr.id, snapshot(values))
    return cdr


def update_cdr(
    session: Session, user_id: int | None, cdr: ChildDeathReview, data: Mapping[str, Any], today: dt.date
) -> dict[str, list[Any]]:
    """Edit a child death review; returns (and audit-logs) what changed."""
    values = clean_cdr(session, data, today, cdr)
    if not values["reference"]:
        values["reference"] = cdr.reference
    changes = apply_changes(cdr, values)
    if changes:
        record_change(session, user_id, "cdr.update", "child_death_review", cdr.id, changes)
        if {"reference", "agency_id", "restricted"} & changes.keys():
            source_changed(session, "cdr", cdr)
    session.flush()
    return changes


def form_values(cdr: ChildDeathReview) -> dict[str, Any]:
    """A child death review as form data."""

    def iso(value: Optional[dt.date]) -> str:
        return value.isoformat() if value else ""

    return {
        "reference": cdr.reference,
        "date_of_death": iso(cdr.date_of_death),
        "notified_on": iso(cdr.notified_on),
        "death_type": "" if cdr.expected is None else ("expected" if cdr.expected else "unexpected"),
        "joint_agency_response": ""
        if cdr.joint_agency_response is None
        else ("yes" if cdr.joint_agency_response else "no"),
        "jar_on": iso(cdr.jar_on),
        "stage": cdr.stage,
        "review_meeting_on": iso(cdr.review_meeting_on),
        "panel_on": iso(cdr.panel_on),
        "category": cdr.category or "",
        "modifiable": cdr.modifiable or "",
        "domains": [key for key in MODIFIABLE_DOMAINS if getattr(cdr, key)],
        "modifiable_notes": cdr.modifiable_notes,
        "learning": cdr.learning,
        "agency_id": str(cdr.agency_id or ""),
        "restricted": "yes" if cdr.restricted else "",
    }


@dataclass(frozen=True)
class CdrFilters:
    stage: str = ""
    category: str = ""
    modifiable: str = ""
    year: Optional[int] = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "CdrFilters":
        stage, category, modifiable = (str(args.get(n) or "") for n in ("stage", "category", "modifiable"))
        year_raw = str(args.get("year") or "")
        return cls(
            stage if stage in CDR_STAGES else "",
            category if category in CDR_CATEGORIES else "",
            modifiable if modifiable in MODIFIABLE else "",
            int(year_raw) if year_raw.isdigit() and 1990 <= int(year_raw) <= 2100 else None,
        )

    def as_args(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("stage", self.stage),
                ("category", self.category),
                ("modifiable", self.modifiable),
                ("year", self.year),
            )
            if v
        }


def _filtered(query: Any, user: User, filters: CdrFilters) -> Any:
    query = query.where(entry_filter(ChildDeathReview, user))
    if filters.stage:
        query = query.where(ChildDeathReview.stage == filters.stage)
    if filters.category:
        query = query.where(ChildDeathReview.category == filters.category)
    if filters.modifiable:
        query = query.where(ChildDeathReview.modifiable == filters.modifiable)
    if filters.year:
        query = query.where(
            ChildDeathReview.date_of_death >= dt.date(filters.year, 1, 1),
            ChildDeathReview.date_of_death <= dt.date(filters.year, 12, 31),
        )
    return query


def list_cdrs(
    session: Session, user: User, filters: CdrFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[ChildDeathReview], int]:
    """One page of child death reviews (most recent death first) and the total."""
    total = session.scalar(_filtered(select(func.count(ChildDeathReview.id)), user, filters)) or 0
    items = list(
        session.scalars(
            _filtered(select(ChildDeathReview), user, filters)
            .options(selectinload(ChildDeathReview.agency))
            .order_by(ChildDeathReview.date_of_death.desc(), ChildDeathReview.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    return items, total


def all_cdrs(session: Session, user: User, filters: CdrFilters) -> list[ChildDeathReview]:
    """Every child death review matching the filters (for exports)."""
    return list(
        session.scalars(
            _filtered(select(ChildDeathReview), user, filters)
            .options(selectinload(ChildDeathReview.agency))
            .order_by(ChildDeathReview.date_of_death.desc(), ChildDeathReview.id.desc())
        )
    )


@dataclass(frozen=True)
class YearRow:
    """One year of deaths (by year of death) and the actions that came from their reviews."""

    year: int
    deaths: int
    reviewed: int  # reviews the panel has classified (modifiable is recorded)
    modifiable: int  # of which with modifiable factors
    actions: int  # actions from reviews of deaths with modifiable factors
    actions_done: int


def modifiable_by_year(session: Session, user: User) -> list[YearRow]:
    """Deaths with modifiable factors per year of death, beside the actions from those reviews."""
    year = cast(extract("year", ChildDeathReview.date_of_death), Integer)
    visible = entry_filter(ChildDeathReview, user)
    deaths = session.execute(
        select(
            year,
            func.count(ChildDeathReview.id),
            func.sum(case((ChildDeathReview.modifiable.is_not(None), 1), else_=0)),
            func.sum(case((ChildDeathReview.modifiable == "yes", 1), else_=0)),
        )
        .where(visible)
        .group_by(year)
        .order_by(year)
    ).all()
    acts = session.execute(
        select(year, func.count(Action.id), func.sum(case((Action.status == "done", 1), else_=0)))
        .select_from(Action)
        .join(ChildDeathReview, and_(Action.source_type == "cdr", Action.source_id == ChildDeathReview.id))
        .where(visible, ChildDeathReview.modifiable == "yes")
        .group_by(year)
    ).all()
    by_year = {int(y): (int(n or 0), int(d or 0)) for y, n, d in acts}
    return [
        YearRow(int(y), int(n or 0), int(r or 0), int(m or 0), *by_year.get(int(y), (0, 0))) for y, n, r, m in deaths
    ]
