"""Annual reports from strategic partners and members, approved by their own governance first."""

from __future__ import annotations

from typing import Any, Iterable

from flask import Blueprint
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import current_user
from admin_app.exports import register_export_of
from admin_app.learning import panel
from admin_app.forms import ReportForm
from admin_app.registers import RegisterPages, today
from core.models import ANNUAL_REPORT_STATUSES, AnnualReport, labels
from core.services import annual_reports as service
from core.services.agencies import list_agencies
from core.services.exports import columns, entry_columns

bp = Blueprint("annual_reports", __name__, url_prefix="/annual-reports")
pages = RegisterPages(bp, AnnualReport, "report", source="annual_report")

EXPORT_COLUMNS = columns(
    {
        "Title": "title",
        "Reports on": "body",
        **entry_columns(),
        "Year": "year",
        "Period": "period_label",
        "Status": lambda r: labels(ANNUAL_REPORT_STATUSES, r.status),
        "Approved by": "governance_body",
        "Approved on": "governance_approved_on",
        "Received": "received_on",
        "Presented to the board": "presented_on",
        "Summary": "summary",
        "Findings": "findings",
    },
)


@pages.listing(service.ReportFilters.from_args, service.list_reports)
def listed(filters: service.ReportFilters) -> dict[str, Any]:
    """The list page's choices, and the count of each status in the year chosen (by default the last one)."""
    year = filters.year or today().year - 1
    return dict(
        statuses=ANNUAL_REPORT_STATUSES,
        tags=service.STATUS_TAGS,
        # Named as the reports name their period ("2025 to 2026"), not by its first year alone.
        years=[(y, f"{y} to {y + 1}") for y in service.years(db(), current_user())],
        agencies=[(a.id, a.name) for a in list_agencies(db())],
        year=year,
        counts=service.status_counts(db(), current_user(), year),
    )


@pages.entry_page
def shown(report: AnnualReport) -> dict[str, Any]:
    return dict(
        statuses=ANNUAL_REPORT_STATUSES,
        tags=service.STATUS_TAGS,
        learning=panel("annual_report", report),
        today=today(),
    )


@register_export_of(bp, "Annual reports", service.ReportFilters, EXPORT_COLUMNS)
def export_rows(filters: service.ReportFilters) -> Iterable[AnnualReport]:
    """Every annual report with its governance approval, the date it reached the board and its findings."""
    query = service.report_query(current_user(), filters).options(selectinload(AnnualReport.agency))
    return db().scalars(query.order_by(AnnualReport.year, AnnualReport.title, AnnualReport.id))


pages.entry_forms(
    ReportForm,
    create=service.create_report,
    update=service.update_report,
    defaults=lambda: {"status": "awaited", "year": today().year - 1},
)
