"""Annual reports from strategic partners and members (corporate parenting, MAPPA, LADO…).

A report reaches the board only after the agency's own governance has approved it: the
statuses "approved" and "presented" need the approving body and date, and "presented" needs
the date it went to the board, on or after that approval. Learning points and actions hang
off a report (source type "annual_report").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.models import ANNUAL_REPORT_STATUSES, AnnualReport, User
from core.services.changes import Register, refuse_taken
from core.services.listing import Filters, choice, four_digit_year, visible_matching, page_of, row_id, search
from core.services.visibility import entry_filter

# Reports boards commonly receive (a hint on the form; any body is allowed).
USUAL_REPORTS = (
    "Corporate Parenting Board",
    "MAPPA Strategic Management Board",
    "Local Authority Designated Officer",
    "Independent Reviewing Officers",
    "Private fostering",
    "Child Death Overview Panel",
    "Youth Justice Partnership",
    "Virtual School",
    "Community Safety Partnership",
    "Health and Wellbeing Board",
)
STATUS_TAGS = {"awaited": "grey", "received": "yellow", "approved": "blue", "presented": "green"}
APPROVED = frozenset({"approved", "presented"})


@dataclass
class ReportDetails:
    """An annual report as staff enter it; the admin form checks the governance rules before a service sees it."""

    title: str
    year: int
    status: str
    body: str = ""
    period_label: str = ""
    governance_body: str = ""
    governance_approved_on: Optional[dt.date] = None
    received_on: Optional[dt.date] = None
    presented_on: Optional[dt.date] = None
    summary: str = ""
    findings: str = ""
    agency_id: Optional[int] = None
    restricted: bool = False


def _report_values(session: Session, details: ReportDetails, report: Optional[AnnualReport] = None) -> dict[str, Any]:
    """The columns to store; ValidationFailed if a report of that title and year exists."""
    refuse_taken(
        session,
        AnnualReport.title,
        details.title,
        report,
        f"There is already a report called {details.title} for {details.year}",
        AnnualReport.year == details.year,
    )
    values = asdict(details)
    if not values["period_label"]:
        values["period_label"] = f"{details.year} to {details.year + 1}"
    return values


REPORTS: Register[AnnualReport, ReportDetails] = Register(
    AnnualReport, "annual_report", _report_values, copied={"title", "year", "agency_id", "restricted"}
)
create_report = REPORTS.create
update_report = REPORTS.update


@dataclass(frozen=True)
class ReportFilters(Filters):
    year: Optional[int] = four_digit_year()
    status: str = choice(ANNUAL_REPORT_STATUSES)
    agency_id: Optional[int] = row_id()
    q: str = search()


def report_query(user: User, filters: ReportFilters) -> Any:
    """The visible reports matching the filters (a select, unordered)."""
    return visible_matching(AnnualReport, user, filters, ("year", "status", "agency_id"), ("title", "body"))


def list_reports(
    session: Session, user: User, filters: ReportFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[AnnualReport], int]:
    """One page of the register (latest year first) and the total."""
    query = report_query(user, filters).options(selectinload(AnnualReport.agency))
    return page_of(
        session, query.order_by(AnnualReport.year.desc(), AnnualReport.title, AnnualReport.id), page, per_page
    )


def years(session: Session, user: User) -> list[int]:
    """The years that have reports this user may see, latest first (a year of hidden ones would tell of them)."""
    query = select(AnnualReport.year).where(entry_filter(AnnualReport, user)).distinct()
    return list(session.scalars(query.order_by(AnnualReport.year.desc())))


def status_counts(session: Session, user: User, year: int) -> dict[str, int]:
    """How many of a year's visible reports are at each status."""
    rows = session.execute(
        select(AnnualReport.status, func.count(AnnualReport.id))
        .where(entry_filter(AnnualReport, user), AnnualReport.year == year)
        .group_by(AnnualReport.status)
    )
    counts = {key: 0 for key in ANNUAL_REPORT_STATUSES}
    counts.update({status: int(n) for status, n in rows})
    return counts
