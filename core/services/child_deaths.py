"""The child death review register: validation, changes, and deaths with modifiable factors per year."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Optional

from sqlalchemy import Integer, and_, case, cast, extract, func, select
from sqlalchemy.orm import Session, selectinload

from core.models import (
    CDR_CATEGORIES,
    CDR_STAGES,
    MODIFIABLE,
    MODIFIABLE_DOMAINS,
    Action,
    ChildDeathReview,
    User,
)
from core.errors import ValidationFailed
from core.services.changes import Register, reference_for
from core.services.listing import is_whole_number
from core.services.visibility import entry_filter

DEATH_TYPES = {"expected": "Expected", "unexpected": "Unexpected"}
DATE_LABELS = {
    "notified_on": "the date of notification",
    "jar_on": "the date of the joint agency response",
    "review_meeting_on": "the date of the child death review meeting",
    "panel_on": "the date of the panel review",
}


@dataclass
class CdrDetails:
    """What staff enter for a child death review; the admin form checks each field before a service sees it."""

    date_of_death: dt.date
    stage: str
    reference: str = ""
    notified_on: Optional[dt.date] = None
    expected: Optional[bool] = None
    joint_agency_response: Optional[bool] = None
    jar_on: Optional[dt.date] = None
    review_meeting_on: Optional[dt.date] = None
    panel_on: Optional[dt.date] = None
    category: Optional[str] = None
    modifiable: Optional[str] = None
    domains: list[str] = field(default_factory=list)
    modifiable_notes: str = ""
    learning: str = ""
    agency_id: Optional[int] = None
    restricted: bool = False


def missing_for_stage(stage: Optional[str], values: Mapping[str, Any]) -> dict[str, str]:
    """{field: message} for what a review at `stage` must have recorded: at the panel, the date it met; closed,
    the panel's category of death and its judgement on modifiable factors too."""
    missing: dict[str, str] = {}
    if stage in ("panel", "closed") and values.get("panel_on") is None:
        missing["panel_on"] = (
            f"Enter the date of the panel review: a {'closed review' if stage == 'closed' else 'review at panel'} "
            f"has been to the Child Death Overview Panel"
        )
    if stage == "closed" and not values.get("category"):
        missing["category"] = "Select the category of death the panel decided: a closed review has one"
    if stage == "closed" and not values.get("modifiable"):
        missing["modifiable"] = "Select whether the panel found modifiable factors: a closed review records this"
    return missing


def _cdr_values(session: Session, details: CdrDetails, cdr: Optional[ChildDeathReview] = None) -> dict[str, Any]:
    """The columns to store (each domain a flag); ValidationFailed if the stage lacks what it needs (the form says
    so first, beside each field; this keeps any other way in, such as the CLI or an import, to the same rule) or
    the reference is taken."""
    values = asdict(details)
    missing = missing_for_stage(details.stage, values)
    if missing:
        raise ValidationFailed(missing)
    reference, prefix = details.reference, f"CDR-{details.date_of_death.year}-"
    values["reference"] = reference_for(
        session, ChildDeathReview.reference, reference, cdr, "a child death review", prefix
    )
    chosen = set(values.pop("domains"))
    for key in MODIFIABLE_DOMAINS:
        values[key] = key in chosen
    return values


def domains_of(cdr: ChildDeathReview) -> list[str]:
    """The domains in which the review found modifiable factors."""
    return [key for key in MODIFIABLE_DOMAINS if getattr(cdr, key)]


CDRS: Register[ChildDeathReview, CdrDetails] = Register(
    ChildDeathReview, "child_death_review", _cdr_values, action="cdr", copied={"reference", "agency_id", "restricted"}
)
create_cdr = CDRS.create
update_cdr = CDRS.update


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
            int(year_raw) if is_whole_number(year_raw) and 1990 <= int(year_raw) <= 2100 else None,
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
