"""The audit register: single-agency audits, the board's multi-agency programme, board effectiveness.

An audit has findings (optionally against one of its criteria) with a RAG rating, an overall
rating, and learning points and actions through the shared learning UI (source type "audit").
Board effectiveness audits list their criteria one per line; a finding of such an audit must
name one of them. A reciprocal audit names the other partnership that carried it out with us.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound, ValidationFailed
from core.models import AUDIT_KINDS, AUDIT_STATUSES, Audit, AuditFinding, User
from core.presentation import same_words
from core.services.changes import (
    add_entry,
    apply_changes,
    change_entry,
    record_change,
    remove_entry,
    snapshot,
    values_with_reference,
)
from core.services.listing import Filters, choice, visible_matching, page_of, row_id, search
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
DONE_STATUSES = frozenset({"reported", "closed"})


def criteria_of(audit: Audit) -> list[str]:
    """The audit's criteria, one per non-blank line."""
    return [line.strip(" -•\t") for line in (audit.criteria or "").splitlines() if line.strip(" -•\t")]


@dataclass
class AuditDetails:
    """What staff enter for an audit; the admin form checks each field before a service sees it."""

    title: str
    kind: str
    status: str
    reference: str = ""
    programme: str = ""
    planned_on: Optional[dt.date] = None
    completed_on: Optional[dt.date] = None
    criteria: str = ""
    reciprocal_partner: str = ""
    rating: Optional[str] = None
    cases_audited: Optional[int] = None
    summary: str = ""
    agency_id: Optional[int] = None
    restricted: bool = False


def _audit_values(
    session: Session, details: AuditDetails, today: dt.date, audit: Optional[Audit] = None
) -> dict[str, Any]:
    """The columns to store; ValidationFailed if the reference is taken."""
    prefix = f"{REFERENCE_PREFIX.get(details.kind, 'AUD')}-{(details.planned_on or today).year}-"
    return values_with_reference(session, Audit.reference, details, audit, "an audit", prefix)


def create_audit(session: Session, user_id: int | None, details: AuditDetails, today: dt.date) -> Audit:
    """Add an audit (audit-logged); one of the same kind, title, planned date and agency as another is refused."""
    # "== None" is IS NULL here: an audit with no agency or date matches another with none.
    same = select(Audit.title).where(
        Audit.kind == details.kind, Audit.agency_id == details.agency_id, Audit.planned_on == details.planned_on
    )
    if any(same_words(title) == same_words(details.title) for title in session.scalars(same)):
        # Most often the same form sent twice: a second copy would be chased, counted and reported as another audit.
        raise ValidationFailed(
            {
                "title": "An audit of this kind with this title and planned date is already in the register: "
                "change that one, or give this audit a title that tells them apart"
            }
        )
    values = _audit_values(session, details, today)
    return add_entry(session, user_id, Audit(**values), values, "audit.create", "audit")


def update_audit(
    session: Session, user_id: int | None, audit: Audit, details: AuditDetails, today: dt.date
) -> dict[str, list[Any]]:
    """Edit an audit; returns (and audit-logs) what changed; learning copies follow."""
    return change_entry(
        session,
        user_id,
        audit,
        _audit_values(session, details, today, audit),
        "audit.update",
        "audit",
        copied=({"reference", "title", "agency_id", "restricted"}, "audit"),
    )


# ---------------------------------------------------------------------------------------------
# Findings


@dataclass
class FindingDetails:
    """One finding of an audit: what was found, against which criterion or area, rated red, amber or green."""

    finding: str
    criterion: str = ""
    rating: Optional[str] = None


def get_finding(session: Session, audit: Audit, finding_id: int) -> AuditFinding:
    """A finding of this audit, or NotFound."""
    finding = session.get(AuditFinding, finding_id)
    if finding is None or finding.audit_id != audit.id:
        raise NotFound("There is no such finding.")
    return finding


def add_finding(session: Session, user_id: int | None, audit: Audit, details: FindingDetails) -> AuditFinding:
    """Add a finding at the end of the audit's list (audit-logged)."""
    values = asdict(details)
    position = (
        session.scalar(select(func.max(AuditFinding.position)).where(AuditFinding.audit_id == audit.id)) or 0
    ) + 1
    finding = AuditFinding(audit_id=audit.id, position=position, **values)
    session.add(finding)
    session.flush()
    record_change(session, user_id, "audit.finding_create", "audit", audit.id, snapshot(values), finding=finding.id)
    return finding


def update_finding(
    session: Session, user_id: int | None, audit: Audit, finding: AuditFinding, details: FindingDetails
) -> dict[str, list[Any]]:
    """Edit a finding; returns (and audit-logs) what changed."""
    changes = apply_changes(finding, asdict(details))
    if changes:
        record_change(session, user_id, "audit.finding_update", "audit", audit.id, changes, finding=finding.id)
    session.flush()
    return changes


def delete_finding(session: Session, user_id: int | None, audit: Audit, finding: AuditFinding) -> None:
    """Remove a finding (audit-logged with what it said)."""
    fields = ["finding", "criterion", "rating"]
    remove_entry(session, user_id, finding, fields, "audit.finding_delete", "audit", audit.id, finding=finding.id)


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
class AuditFilters(Filters):
    kind: str = choice(AUDIT_KINDS)
    status: str = choice(AUDIT_STATUSES)
    agency_id: Optional[int] = row_id()
    q: str = search()


def audit_query(user: User, filters: AuditFilters) -> Any:
    """The visible audits matching the filters (a select, unordered)."""
    searched = ("reference", "title", "programme", "reciprocal_partner")
    return visible_matching(Audit, user, filters, ("kind", "status", "agency_id"), searched)


def list_audits(
    session: Session, user: User, filters: AuditFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[Audit], int]:
    """One page of the register, newest first, and the total."""
    query = audit_query(user, filters).options(selectinload(Audit.agency))
    return page_of(session, query.order_by(Audit.planned_on.desc().nulls_last(), Audit.id.desc()), page, per_page)


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
