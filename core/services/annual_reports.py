"""Annual reports from strategic partners and members (corporate parenting, MAPPA, LADO…).

A report reaches the board only after the agency's own governance has approved it: the
statuses "approved" and "presented" need the approving body and date, and "presented" needs
the date it went to the board, on or after that approval. Learning points and actions hang
off a report (source type "annual_report").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.models import ANNUAL_REPORT_STATUSES, Agency, AnnualReport, User
from core.services.changes import apply_changes, record_change, snapshot
from core.services.fields import Cleaner
from core.services.learning import source_changed
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


def clean_report(
    session: Session, data: Mapping[str, Any], today: dt.date, report: Optional[AnnualReport] = None
) -> dict[str, Any]:
    """Validate the report form, including governance approval before the board; raises ValidationFailed."""
    c = Cleaner(data)
    title = c.text("title", "the title of the report", required=True, max_length=200)
    c.text("body", "the partnership or function it reports on", max_length=200)
    year = c.integer("year", "the year the report period starts", minimum=2000, maximum=2100, required=True)
    c.text("period_label", "the period", max_length=40)
    status = c.choice("status", "the status", ANNUAL_REPORT_STATUSES, required=True)
    governance_body = c.text("governance_body", "the body that approved it", max_length=200)
    approved_on = c.date("governance_approved_on", "the date it was approved", not_after=today)
    received_on = c.date("received_on", "the date it was received", not_after=today)
    presented_on = c.date("presented_on", "the date it was presented to the board", not_after=today)
    c.text("summary", "the summary", max_length=20_000)
    c.text("findings", "the findings", max_length=20_000)
    agency = c.integer("agency_id", "the agency")
    if agency is not None and agency not in set(session.scalars(select(Agency.id))):
        c.error("agency_id", "Select the agency from the list")
    c.flag("restricted")

    if status in APPROVED:
        if not governance_body and "governance_body" not in c.errors:
            c.error(
                "governance_body",
                "Enter the body that approved the report (such as the agency's board): a "
                "report must be approved by its own governance before it goes to the board",
            )
        if approved_on is None and "governance_approved_on" not in c.errors:
            c.error("governance_approved_on", "Enter the date the agency's governance approved the report")
    if status == "presented" and presented_on is None and "presented_on" not in c.errors:
        c.error("presented_on", "Enter the date the report was presented to the board")
    if presented_on is not None and status != "presented" and "presented_on" not in c.errors:
        c.error(
            "status",
            "The report has a date it was presented to the board: set the status to presented to "
            "the board, or remove that date",
        )
    if (
        presented_on is not None
        and approved_on is not None
        and presented_on < approved_on
        and "presented_on" not in c.errors
    ):
        c.error(
            "presented_on",
            "A report must be approved by the agency's governance before it is presented to the "
            "board: the date presented must be on or after the date approved",
        )
    if approved_on is not None and not governance_body and status not in APPROVED and "governance_body" not in c.errors:
        c.error("governance_body", "Enter the body that approved the report")
    if title and year is not None:
        clash = session.scalar(
            select(AnnualReport.id).where(func.lower(AnnualReport.title) == title.lower(), AnnualReport.year == year)
        )
        if clash is not None and (report is None or clash != report.id):
            c.error("title", f"There is already a report called {title} for {year}")
    values = c.finish()
    values["restricted"] = bool(values["restricted"])
    if not values["period_label"]:
        values["period_label"] = f"{values['year']} to {values['year'] + 1}"
    return values


def create_report(session: Session, user_id: int | None, data: Mapping[str, Any], today: dt.date) -> AnnualReport:
    """Add a report (validated, audit-logged)."""
    values = clean_report(session, data, today)
    report = AnnualReport(**values)
    session.add(report)
    session.flush()
    record_change(session, user_id, "annual_report.create", "annual_report", report.id, snapshot(values))
    return report


def update_report(
    session: Session, user_id: int | None, report: AnnualReport, data: Mapping[str, Any], today: dt.date
) -> dict[str, list[Any]]:
    """Edit a report; returns (and audit-logs) what changed; learning copies follow."""
    changes = apply_changes(report, clean_report(session, data, today, report))
    if changes:
        record_change(session, user_id, "annual_report.update", "annual_report", report.id, changes)
        if {"title", "year", "agency_id", "restricted"} & changes.keys():
            source_changed(session, "annual_report", report)
    session.flush()
    return changes


def form_values(report: AnnualReport) -> dict[str, Any]:
    """A report as form data."""

    def day(value: Optional[dt.date]) -> str:
        return value.isoformat() if value else ""

    return {
        "title": report.title,
        "body": report.body,
        "year": str(report.year),
        "period_label": report.period_label,
        "status": report.status,
        "governance_body": report.governance_body,
        "governance_approved_on": day(report.governance_approved_on),
        "received_on": day(report.received_on),
        "presented_on": day(report.presented_on),
        "summary": report.summary,
        "findings": report.findings,
        "agency_id": str(report.agency_id or ""),
        "restricted": "yes" if report.restricted else "",
    }


@dataclass(frozen=True)
class ReportFilters:
    year: Optional[int] = None
    status: str = ""
    agency_id: Optional[int] = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "ReportFilters":
        year, status, agency = (str(args.get(n) or "") for n in ("year", "status", "agency_id"))
        return cls(
            int(year) if year.isdigit() and len(year) == 4 else None,
            status if status in ANNUAL_REPORT_STATUSES else "",
            int(agency) if agency.isdigit() else None,
            str(args.get("q") or "").strip()[:80],
        )

    def as_args(self) -> dict[str, str]:
        pairs = (
            ("year", str(self.year or "")),
            ("status", self.status),
            ("agency_id", str(self.agency_id or "")),
            ("q", self.q),
        )
        return {k: v for k, v in pairs if v}


def report_query(user: User, filters: ReportFilters) -> Any:
    """The visible reports matching the filters (a select, unordered)."""
    query = select(AnnualReport).where(entry_filter(AnnualReport, user))
    if filters.year:
        query = query.where(AnnualReport.year == filters.year)
    if filters.status:
        query = query.where(AnnualReport.status == filters.status)
    if filters.agency_id:
        query = query.where(AnnualReport.agency_id == filters.agency_id)
    if filters.q:
        like = f"%{filters.q}%"
        query = query.where(or_(AnnualReport.title.ilike(like), AnnualReport.body.ilike(like)))
    return query


def list_reports(
    session: Session, user: User, filters: ReportFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[AnnualReport], int]:
    """One page of the register (latest year first) and the total."""
    query = report_query(user, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(
        session.scalars(
            query.options(selectinload(AnnualReport.agency))
            .order_by(AnnualReport.year.desc(), AnnualReport.title, AnnualReport.id)
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    return items, total


def years(session: Session) -> list[int]:
    """The years that have reports, latest first."""
    return list(session.scalars(select(AnnualReport.year).distinct().order_by(AnnualReport.year.desc())))


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
