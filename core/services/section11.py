"""Section 11 self-assessments: standards, cycles, each agency's ratings per standard, comparison.

A cycle rates on 0-3 scores (self_score, moderated_score) or on RAG (self_rag, rag = the
moderated one); see analysis/section11.py for the scales. In a score cycle `rag` is kept
equal to the RAG of the rating that counts, so exports and filters have one RAG column.
Learning points and actions hang off an assessment (source type "s11").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.section11 import (
    SCALES,
    Assessment,
    Change,
    ChangeSummary,
    Gap,
    Matrix,
    Scale,
    build_matrix,
    compare_cycles,
    moderation_gaps,
    scale_for,
    summarise_changes,
    trend_across_cycles,
    AgencyTrend,
)
from core.errors import LearningLoopError, NotFound, ValidationFailed
from core.models import Agency, Section11Assessment, Section11Cycle, Section11Standard, User
from core.services.changes import (
    Register,
    add_entry,
    apply_changes,
    change_entry,
    record_change,
    refuse_taken,
    snapshot,
)
from core.services.learning import source_changed
from core.services.visibility import entry_filter

CYCLE_STATUSES: dict[str, str] = {
    "open": "Open for self-assessment",
    "moderation": "Challenge panel (moderation)",
    "closed": "Closed",
}
SCALE_LABELS: dict[str, str] = {key: scale.label for key, scale in SCALES.items()}
CODE_PATTERN = re.compile(r"[a-z0-9_]{1,40}")


class CycleClosed(LearningLoopError):
    """A closed cycle's assessments cannot be changed."""

    status = 409


def seeded_standards() -> list[dict[str, Any]]:
    """The usual standards shipped in core/data/section11_standards.json."""
    text = (resources.files("core.data") / "section11_standards.json").read_text(encoding="utf-8")
    standards: list[dict[str, Any]] = json.loads(text)["standards"]
    return standards


def install_standards(session: Session, user_id: int | None = None) -> list[Section11Standard]:
    """Add the seeded standards that are missing (by code), audit-logged; staff edits to existing ones are kept."""
    existing = set(session.scalars(select(Section11Standard.code)))
    created = []
    for item in seeded_standards():
        if item["id"] in existing:
            continue
        standard = Section11Standard(
            code=item["id"], position=item["number"], title=item["title"], description=item["description"], active=True
        )
        session.add(standard)
        created.append(standard)
    session.flush()
    for standard in created:
        record_change(
            session,
            user_id,
            "s11_standard.create",
            "s11_standard",
            standard.id,
            {"code": [None, standard.code], "title": [None, standard.title]},
            seeded=True,
        )
    return created


def list_standards(session: Session, *, active_only: bool = False) -> list[Section11Standard]:
    """Standards in their order."""
    query = select(Section11Standard).order_by(Section11Standard.position, Section11Standard.id)
    if active_only:
        query = query.where(Section11Standard.active.is_(True))
    return list(session.scalars(query))


def get_standard(session: Session, standard_id: int) -> Section11Standard:
    standard = session.get(Section11Standard, standard_id)
    if standard is None:
        raise NotFound("There is no such Section 11 standard.")
    return standard


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "standard"


@dataclass
class StandardDetails:
    """A Section 11 standard as staff enter it; empty code and position are worked out."""

    title: str
    description: str = ""
    code: str = ""
    position: Optional[int] = None
    active: bool = True


def _standard_values(
    session: Session, details: StandardDetails, standard: Optional[Section11Standard] = None
) -> dict[str, Any]:
    """The columns to store; ValidationFailed if another standard has the code."""
    values = asdict(details)
    if not values["code"]:
        values["code"] = standard.code if standard else _slug(details.title)
    clash = session.scalar(select(Section11Standard.id).where(Section11Standard.code == values["code"]))
    if clash is not None and (standard is None or clash != standard.id):
        field = "code" if details.code else "title"
        raise ValidationFailed({field: f"There is already a standard with the code {values['code']}"})
    if values["position"] is None:
        values["position"] = (
            standard.position if standard else ((session.scalar(select(func.max(Section11Standard.position))) or 0) + 1)
        )
    return values


STANDARDS: Register[Section11Standard, StandardDetails] = Register(Section11Standard, "s11_standard", _standard_values)
create_standard = STANDARDS.create
update_standard = STANDARDS.update


# ---------------------------------------------------------------------------------------------
# Cycles


def list_cycles(session: Session) -> list[Section11Cycle]:
    """Cycles, latest first."""
    return list(
        session.scalars(
            select(Section11Cycle).order_by(Section11Cycle.starts_on.desc().nulls_last(), Section11Cycle.id.desc())
        )
    )


def get_cycle(session: Session, cycle_id: int) -> Section11Cycle:
    cycle = session.get(Section11Cycle, cycle_id)
    if cycle is None:
        raise NotFound("There is no such Section 11 cycle.")
    return cycle


def previous_cycle(session: Session, cycle: Section11Cycle) -> Optional[Section11Cycle]:
    """The cycle before this one (by start date, then by id)."""
    cycles = list(reversed(list_cycles(session)))
    index = next((i for i, c in enumerate(cycles) if c.id == cycle.id), 0)
    return cycles[index - 1] if index > 0 else None


@dataclass
class CycleDetails:
    """A Section 11 cycle: its name, dates, status and the scale agencies rate on."""

    name: str
    status: str
    scale: str
    starts_on: Optional[dt.date] = None
    ends_on: Optional[dt.date] = None


def _check_cycle(session: Session, details: CycleDetails, cycle: Optional[Section11Cycle] = None) -> dict[str, Any]:
    """The columns to store; ValidationFailed if the name is taken or the scale changes after ratings."""
    refuse_taken(session, Section11Cycle.name, details.name, cycle, f"There is already a cycle called {details.name}")
    if cycle is not None and details.scale != cycle.scale:
        rated = (
            session.scalar(select(func.count(Section11Assessment.id)).where(Section11Assessment.cycle_id == cycle.id))
            or 0
        )
        if rated:
            raise ValidationFailed(
                {
                    "scale": f"Agencies have already rated {rated} standard{'s' if rated != 1 else ''} in this cycle, "
                    f"so the scale cannot change"
                }
            )
    return asdict(details)


def create_cycle(session: Session, user_id: int | None, details: CycleDetails) -> Section11Cycle:
    """Add a cycle (audit-logged)."""
    values = _check_cycle(session, details)
    return add_entry(session, user_id, Section11Cycle(**values), values, "s11_cycle.create", "s11_cycle")


def update_cycle(
    session: Session, user_id: int | None, cycle: Section11Cycle, details: CycleDetails
) -> dict[str, list[Any]]:
    """Edit a cycle; returns (and audit-logs) what changed."""
    changes = apply_changes(cycle, _check_cycle(session, details, cycle))
    if changes:
        record_change(session, user_id, "s11_cycle.update", "s11_cycle", cycle.id, changes)
        if "name" in changes:
            for assessment in session.scalars(
                select(Section11Assessment).where(Section11Assessment.cycle_id == cycle.id)
            ):
                source_changed(session, "s11", assessment)
    session.flush()
    return changes


# ---------------------------------------------------------------------------------------------
# Assessments


def find_assessment(
    session: Session, cycle: Section11Cycle, agency: Agency, standard: Section11Standard
) -> Optional[Section11Assessment]:
    """The agency's assessment of this standard in this cycle, if there is one."""
    return session.scalar(
        select(Section11Assessment).where(
            Section11Assessment.cycle_id == cycle.id,
            Section11Assessment.agency_id == agency.id,
            Section11Assessment.standard_id == standard.id,
        )
    )


def agency_assessments(session: Session, cycle: Section11Cycle, agency: Agency) -> dict[int, Section11Assessment]:
    """An agency's assessments in a cycle, by standard id."""
    rows = session.scalars(
        select(Section11Assessment).where(
            Section11Assessment.cycle_id == cycle.id, Section11Assessment.agency_id == agency.id
        )
    )
    return {a.standard_id: a for a in rows}


def _rag_of(scale: Scale, value: Any) -> Optional[str]:
    level = scale.level(value)
    return level.rag if level else None


@dataclass
class AssessmentDetails:
    """An agency's rating of one standard: scores 0-3 in a score cycle, RAG keys in a RAG cycle."""

    self_score: Optional[int] = None
    moderated_score: Optional[int] = None
    self_rag: Optional[str] = None
    rag: Optional[str] = None
    evidence: str = ""
    focus_group_outcomes: str = ""
    challenge_notes: str = ""
    restricted: bool = False


def assessment_values(cycle: Section11Cycle, details: AssessmentDetails) -> dict[str, Any]:
    """The columns to store in the cycle's scale: a score cycle keeps `rag` as the RAG of the rating that counts."""
    scale = scale_for(cycle.scale)
    values = asdict(details)
    if scale.key == "score":
        counted = values["moderated_score"] if values["moderated_score"] is not None else values["self_score"]
        values["rag"] = _rag_of(scale, counted)
        values["self_rag"] = None
    else:
        values["self_score"] = values["moderated_score"] = None
    return values


def save_assessment(
    session: Session,
    user_id: int | None,
    cycle: Section11Cycle,
    agency: Agency,
    standard: Section11Standard,
    details: AssessmentDetails,
) -> tuple[Section11Assessment, dict[str, list[Any]]]:
    """Create or update the agency's assessment of a standard; audit-logged with what changed."""
    if cycle.status == "closed":
        raise CycleClosed(f"The cycle {cycle.name} is closed: reopen it to change an assessment.")
    values = assessment_values(cycle, details)
    where = {"cycle": cycle.name, "agency": agency.name, "standard": standard.code}
    assessment = find_assessment(session, cycle, agency, standard)
    if assessment is None:
        new = Section11Assessment(cycle_id=cycle.id, agency_id=agency.id, standard_id=standard.id, **values)
        add_entry(session, user_id, new, values, "s11_assessment.create", "s11_assessment", **where)
        return new, snapshot(values)
    changes = change_entry(
        session,
        user_id,
        assessment,
        values,
        "s11_assessment.update",
        "s11_assessment",
        copied=({"restricted"}, "s11"),
        **where,
    )
    return assessment, changes


def stored_ratings(cycle: Section11Cycle, assessment: Section11Assessment) -> tuple[Any, Any]:
    """(self, moderated) as stored, in the cycle's scale."""
    if cycle.scale == "rag":
        return assessment.self_rag, assessment.rag
    return assessment.self_score, assessment.moderated_score


# ---------------------------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True)
class Rating:
    """One visible assessment's ratings, as plain values (what the comparison needs, nothing more)."""

    cycle_id: int
    agency_id: int
    agency: str
    standard_id: int
    standard: str
    self_score: Optional[int]
    moderated_score: Optional[int]
    self_rag: Optional[str]
    rag: Optional[str]


def visible_ratings(session: Session, user: User, cycle_ids: Sequence[int]) -> list[Rating]:
    """The ratings in these cycles this user may see (one query of plain columns, no ORM objects)."""
    if not cycle_ids:
        return []
    a = Section11Assessment
    rows = session.execute(
        select(
            a.cycle_id,
            Agency.id,
            Agency.name,
            a.standard_id,
            Section11Standard.code,
            a.self_score,
            a.moderated_score,
            a.self_rag,
            a.rag,
        )
        .join(a.agency)
        .join(a.standard)
        .where(a.cycle_id.in_(cycle_ids), entry_filter(a, user))
    )
    return [Rating(*row) for row in rows]


def _plain(cycle: Section11Cycle, rows: Sequence[Rating]) -> list[Assessment]:
    out = []
    for r in rows:
        if r.cycle_id != cycle.id:
            continue
        if cycle.scale == "rag":
            out.append(Assessment(r.agency, r.standard, r.self_rag, r.rag))
        else:
            out.append(Assessment(r.agency, r.standard, r.self_score, r.moderated_score))
    return out


@dataclass(frozen=True)
class Comparison:
    """Everything the cycle page shows: the matrix, gaps, and change since the cycle compared with."""

    cycle: Section11Cycle
    matrix: Matrix
    gaps: list[Gap]
    compared_with: Optional[Section11Cycle]
    changes: dict[tuple[str, str], Change]
    change_summary: Optional[ChangeSummary]
    standards: list[Section11Standard]
    agency_ids: dict[str, int]


def compare(
    session: Session, user: User, cycle: Section11Cycle, compared_with: Optional[Section11Cycle] = None
) -> Comparison:
    """The cycle's agency x standard matrix (visible entries only), its gaps, and change since another cycle."""
    standards = list_standards(session)
    ids = [cycle.id] + ([compared_with.id] if compared_with is not None else [])
    rows = visible_ratings(session, user, ids)
    used = {r.standard_id for r in rows if r.cycle_id == cycle.id}
    shown = [s for s in standards if s.active or s.id in used]
    agencies = sorted({r.agency for r in rows if r.cycle_id == cycle.id}, key=str.casefold)
    matrix = build_matrix(
        _plain(cycle, rows), scale_for(cycle.scale), standards=[s.code for s in shown], agencies=agencies
    )
    changes: dict[tuple[str, str], Change] = {}
    summary = None
    if compared_with is not None:
        before = build_matrix(_plain(compared_with, rows), scale_for(compared_with.scale))
        found = [ch for ch in compare_cycles(before, matrix) if ch.agency in matrix.agencies]
        changes = {(ch.agency, ch.standard): ch for ch in found}
        summary = summarise_changes(found)
    agency_ids = {r.agency: r.agency_id for r in rows}
    return Comparison(cycle, matrix, moderation_gaps(matrix), compared_with, changes, summary, shown, agency_ids)


def trend(session: Session, user: User) -> tuple[tuple[str, ...], list[AgencyTrend]]:
    """Standards met per agency in every cycle (oldest first), from the entries this user may see."""
    cycles = list(reversed(list_cycles(session)))
    rows = visible_ratings(session, user, [c.id for c in cycles])
    matrices = {c.name: build_matrix(_plain(c, rows), scale_for(c.scale)) for c in cycles}
    return trend_across_cycles(matrices)


def cycle_counts(session: Session, user: User) -> dict[int, tuple[int, int]]:
    """Per cycle: (agencies that took part, assessments), counting visible entries."""
    rows = session.execute(
        select(
            Section11Assessment.cycle_id,
            func.count(func.distinct(Section11Assessment.agency_id)),
            func.count(Section11Assessment.id),
        )
        .where(entry_filter(Section11Assessment, user))
        .group_by(Section11Assessment.cycle_id)
    )
    return {cycle_id: (int(agencies), int(n)) for cycle_id, agencies, n in rows}
