"""The audit register: single-agency audits, the board's multi-agency programme, board effectiveness.

An audit has findings (optionally against one of its criteria) with a RAG rating, an overall
rating, and learning points and actions through the shared learning UI (source type "audit").
Board effectiveness audits list their criteria one per line; a finding of such an audit must
name one of them. A reciprocal audit names the other partnership that carried it out with us.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound
from core.models import AUDIT_KINDS, AUDIT_STATUSES, Agency, Audit, AuditFinding, User
from core.services.changes import apply_changes, record_change, snapshot
from core.services.fields import Cleaner
from core.services.learning import source_changed
from core.services.visibility import entry_filter

AUDIT_RATINGS: dict[str, str] = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
RATING_TAGS = {"outstanding": "green", "good": "green", "requires_improvement": "yellow", "inadequate": "red"}
FINDING_RATINGS: dict[str, str] = {
    "green": "Green: met, a strength",
    "amber": "Amber: partly met",
    "red": "Red: not met, a concern",
}
FINDING_TAGS = {"green": "green", "amber": "yellow", "red": "red"}
# The board's usual multi-agency audit programme (a hint on the form; any programme is allowed).
PROGRAMMES = (
    "Early help",
    "Neglect",
    "Child protection",
    "Care provision",
    "Leaving care",
    "Exploitation",
    "Domestic abuse",
    "Children with disabilities",
    "Missing children",
    "Front door and MASH",
)
REFERENCE_PREFIX = {"single_agency": "SAA", "multi_agency": "MAA", "board_effectiveness": "BEA"}
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]{0,39}")
DONE_STATUSES = frozenset({"reported", "closed"})


def criteria_of(audit: Audit) -> list[str]:
    """The audit's criteria, one per non-blank line."""
    return [line.strip(" -•\t") for line in (audit.criteria or "").splitlines() if line.strip(" -•\t")]


def _agency_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Agency.id)))


def clean_audit(
    session: Session, data: Mapping[str, Any], today: dt.date, audit: Optional[Audit] = None
) -> dict[str, Any]:
    """Validate the audit form; raises ValidationFailed with a message per field, writes nothing."""
    c = Cleaner(data)
    reference = c.text("reference", "the reference", max_length=40)
    if reference and not REFERENCE_PATTERN.fullmatch(reference):
        c.error("reference", "The reference can only contain letters, numbers, and - / . _")
    elif reference:
        clash = session.scalar(select(Audit.id).where(func.lower(Audit.reference) == reference.lower()))
        if clash is not None and (audit is None or clash != audit.id):
            c.error("reference", f"There is already an audit with the reference {reference}")
    c.text("title", "the title of the audit", required=True, max_length=200)
    kind = c.choice("kind", "the kind of audit", AUDIT_KINDS, required=True)
    c.text("programme", "the programme or theme", max_length=200)
    status = c.choice("status", "the status", AUDIT_STATUSES, required=True)
    planned = c.date("planned_on", "the planned date")
    completed = c.date("completed_on", "the date the audit was completed", not_after=today)
    if status in DONE_STATUSES and completed is None and "completed_on" not in c.errors:
        c.error("completed_on", "Enter the date the audit was completed (it has been reported)")
    if completed is not None and planned is not None and completed < planned and "completed_on" not in c.errors:
        c.error("completed_on", "The date the audit was completed must be on or after the planned date")
    c.text("criteria", "the criteria", max_length=20_000)
    partner = c.text("reciprocal_partner", "the other partnership", max_length=200)
    if partner and kind and kind != "board_effectiveness":
        c.error(
            "reciprocal_partner",
            "Only a board effectiveness audit can be reciprocal with another partnership: "
            "clear this field or change the kind",
        )
    rating = c.choice("rating", "the overall rating", AUDIT_RATINGS)
    if rating and status not in DONE_STATUSES and "rating" not in c.errors:
        c.error(
            "rating",
            "An audit gets its overall rating when it is reported: set the status to reported, "
            "or leave the rating empty",
        )
    c.integer("cases_audited", "the number of cases audited", minimum=0, maximum=100_000)
    c.text("summary", "the summary", max_length=20_000)
    agency = c.integer("agency_id", "the agency")
    if agency is not None and agency not in _agency_ids(session):
        c.error("agency_id", "Select the agency from the list")
    if kind == "single_agency" and agency is None and "agency_id" not in c.errors:
        c.error("agency_id", "Select the agency whose audit this is")
    c.flag("restricted")
    values = c.finish()
    values["restricted"] = bool(values["restricted"])
    return values


def next_reference(session: Session, kind: str, year: int) -> str:
    """The next free reference like MAA-2026-003."""
    prefix = f"{REFERENCE_PREFIX.get(kind, 'AUD')}-{year}-"
    taken = set(session.scalars(select(Audit.reference).where(Audit.reference.like(prefix + "%"))))
    number = len(taken) + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


def create_audit(session: Session, user_id: int | None, data: Mapping[str, Any], today: dt.date) -> Audit:
    """Add an audit (validated, audit-logged)."""
    values = clean_audit(session, data, today)
    if not values["reference"]:
        values["reference"] = next_reference(session, values["kind"], (values["planned_on"] or today).year)
    audit = Audit(**values)
    session.add(audit)
    session.flush()
    record_change(session, user_id, "audit.create", "audit", audit.id, snapshot(values))
    return audit


def update_audit(
    session: Session, user_id: int | None, audit: Audit, data: Mapping[str, Any], today: dt.date
) -> dict[str, list[Any]]:
    """Edit an audit; returns (and audit-logs) what changed; learning copies follow."""
    values = clean_audit(session, data, today, audit)
    if not values["reference"]:
        values["reference"] = audit.reference
    changes = apply_changes(audit, values)
    if changes:
        record_change(session, user_id, "audit.update", "audit", audit.id, changes)
        if {"reference", "title", "agency_id", "restricted"} & changes.keys():
            source_changed(session, "audit", audit)
    session.flush()
    return changes


def form_values(audit: Audit) -> dict[str, Any]:
    """An audit as form data (for the edit form)."""
    return {
        "reference": audit.reference,
        "title": audit.title,
        "kind": audit.kind,
        "programme": audit.programme,
        "status": audit.status,
        "planned_on": audit.planned_on.isoformat() if audit.planned_on else "",
        "completed_on": audit.completed_on.isoformat() if audit.completed_on else "",
        "criteria": audit.criteria,
        "reciprocal_partner": audit.reciprocal_partner,
        "rating": audit.rating or "",
        "cases_audited": "" if audit.cases_audited is None else str(audit.cases_audited),
        "summary": audit.summary,
        "agency_id": str(audit.agency_id or ""),
        "restricted": "yes" if audit.restricted else "",
    }


# ---------------------------------------------------------------------------------------------
# Findings


def clean_finding(audit: Audit, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a finding; for a board effectiveness audit with criteria, it must name one of them."""
    c = Cleaner(data)
    criteria = criteria_of(audit)
    if audit.kind == "board_effectiveness" and criteria:
        c.choice("criterion", "the criterion this finding is about", criteria, required=True)
    else:
        c.text("criterion", "the criterion or area", max_length=200)
    c.text("finding", "the finding", required=True, max_length=10_000)
    c.choice("rating", "the rating", FINDING_RATINGS)
    values = c.finish()
    values["criterion"] = values["criterion"] or ""
    return values


def get_finding(session: Session, audit: Audit, finding_id: int) -> AuditFinding:
    """A finding of this audit, or NotFound."""
    finding = session.get(AuditFinding, finding_id)
    if finding is None or finding.audit_id != audit.id:
        raise NotFound("There is no such finding.")
    return finding


def add_finding(session: Session, user_id: int | None, audit: Audit, data: Mapping[str, Any]) -> AuditFinding:
    """Add a finding at the end of the audit's list (audit-logged)."""
    values = clean_finding(audit, data)
    position = (
        session.scalar(select(func.max(AuditFinding.position)).where(AuditFinding.audit_id == audit.id)) or 0
    ) + 1
    finding = AuditFinding(audit_id=audit.id, position=position, **values)
    session.add(finding)
    session.flush()
    record_change(session, user_id, "audit.finding_create", "audit", audit.id, snapshot(values), finding=finding.id)
    return finding


def update_finding(
    session: Session, user_id: int | None, audit: Audit, finding: AuditFinding, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit a finding; returns (and audit-logs) what changed."""
    values = clean_finding(audit, data)
    changes = apply_changes(finding, values)
    if changes:
        record_change(session, user_id, "audit.finding_update", "audit", audit.id, changes, finding=finding.id)
    session.flush()
    return changes


def delete_finding(session: Session, user_id: int | None, audit: Audit, finding: AuditFinding) -> None:
    """Remove a finding (audit-logged with what it said)."""
    record_change(
        session,
        user_id,
        "audit.finding_delete",
        "audit",
        audit.id,
        {"finding": [finding.finding, None], "criterion": [finding.criterion, None], "rating": [finding.rating, None]},
        finding=finding.id,
    )
    session.delete(finding)
    session.flush()


@dataclass(frozen=True)
class CriterionSummary:
    """For one criterion: how many findings of each rating."""

    criterion: str
    counts: dict[str, int]
    total: int


def criteria_summary(audit: Audit) -> list[CriterionSummary]:
    """Findings per criterion and rating, criteria in the audit's order (then any others)."""
    order = criteria_of(audit)
    extra = sorted({f.criterion for f in audit.findings if f.criterion and f.criterion not in order})
    out = []
    for criterion in order + extra:
        mine = [f for f in audit.findings if f.criterion == criterion]
        counts = {key: sum(1 for f in mine if f.rating == key) for key in FINDING_RATINGS}
        out.append(CriterionSummary(criterion, counts, len(mine)))
    return out


# ---------------------------------------------------------------------------------------------
# The register list


@dataclass(frozen=True)
class AuditFilters:
    kind: str = ""
    status: str = ""
    agency_id: Optional[int] = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "AuditFilters":
        kind, status = str(args.get("kind") or ""), str(args.get("status") or "")
        agency = str(args.get("agency_id") or "")
        return cls(
            kind if kind in AUDIT_KINDS else "",
            status if status in AUDIT_STATUSES else "",
            int(agency) if agency.isdigit() else None,
            str(args.get("q") or "").strip()[:80],
        )

    def as_args(self) -> dict[str, str]:
        pairs = (("kind", self.kind), ("status", self.status), ("agency_id", str(self.agency_id or "")), ("q", self.q))
        return {k: v for k, v in pairs if v}


def audit_query(user: User, filters: AuditFilters) -> Any:
    """The visible audits matching the filters (a select, unordered)."""
    query = select(Audit).where(entry_filter(Audit, user))
    if filters.kind:
        query = query.where(Audit.kind == filters.kind)
    if filters.status:
        query = query.where(Audit.status == filters.status)
    if filters.agency_id:
        query = query.where(Audit.agency_id == filters.agency_id)
    if filters.q:
        like = f"%{filters.q}%"
        query = query.where(
            or_(
                Audit.reference.ilike(like),
                Audit.title.ilike(like),
                Audit.programme.ilike(like),
                Audit.reciprocal_partner.ilike(like),
            )
        )
    return query


def list_audits(
    session: Session, user: User, filters: AuditFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[Audit], int]:
    """One page of the register, newest first, and the total."""
    query = audit_query(user, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(
        session.scalars(
            query.options(selectinload(Audit.agency))
            .order_by(Audit.planned_on.desc().nulls_last(), Audit.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    return items, total


def completed_per_year(session: Session, user: User) -> list[tuple[int, dict[str, int]]]:
    """Audits completed per year and kind (visible ones), oldest year first."""
    year = func.extract("year", Audit.completed_on)
    rows = session.execute(
        select(year, Audit.kind, func.count(Audit.id))
        .where(entry_filter(Audit, user), Audit.completed_on.is_not(None))
        .group_by(year, Audit.kind)
    )
    per: dict[int, dict[str, int]] = {}
    for y, kind, n in rows:
        per.setdefault(int(y), {k: 0 for k in AUDIT_KINDS})[kind] = int(n)
    return sorted(per.items())
