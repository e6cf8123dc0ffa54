"""The audit register: single-agency, multi-agency and board effectiveness audits, with findings."""

from __future__ import annotations

from typing import Any, Iterable

from flask import Blueprint, render_template, request
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import current_user
from admin_app.exports import register_export_of
from admin_app.learning import panel
from admin_app.surveys_for import surveys_panel
from admin_app.forms import AuditForm, FindingForm, finding_form
from admin_app.registers import RegisterPages, part_pages, today
from analysis.charts import Series, bar_chart
from core.models import AUDIT_KINDS, AUDIT_STATUSES, Audit, labels
from core.services import audits as service
from core.services.agencies import list_agencies
from core.services.exports import columns, entry_columns

bp = Blueprint("audits", __name__, url_prefix="/audits")
pages = RegisterPages(bp, Audit, "audit")

EXPORT_COLUMNS = columns(
    {
        "Reference": "reference",
        "Title": "title",
        "Kind": lambda a: labels(AUDIT_KINDS, a.kind),
        "Programme": "programme",
        **entry_columns(),
        "Status": lambda a: labels(AUDIT_STATUSES, a.status),
        "Planned": "planned_on",
        "Completed": "completed_on",
        "Reciprocal with": "reciprocal_partner",
        "Cases audited": "cases_audited",
        "Overall rating": lambda a: labels(service.AUDIT_RATINGS, a.rating),
        "Criteria": lambda a: service.criteria_of(a),
        "Findings": lambda a: len(a.findings),
        "Findings rated red": lambda a: sum(1 for f in a.findings if f.rating == "red"),
        "Summary": "summary",
    },
    people=("Cases audited",),
)


@pages.listing(service.AuditFilters.from_args, service.list_audits)
def listed(_filters: service.AuditFilters) -> dict[str, Any]:
    """The list page's choices and labels, and the chart of audits completed per year."""
    per_year = service.completed_per_year(db(), current_user())
    chart = bar_chart(
        [str(y) for y, _ in per_year],
        [Series(label, [counts[kind] for _, counts in per_year]) for kind, label in AUDIT_KINDS.items()],
        title="Audits completed per year, by kind",
        chart_id="audits-per-year",
    )
    return dict(
        kinds=list(AUDIT_KINDS.items()),
        statuses=list(AUDIT_STATUSES.items()),
        agencies=[(a.id, a.name) for a in list_agencies(db())],
        kind_labels=AUDIT_KINDS,
        status_labels=AUDIT_STATUSES,
        ratings=service.AUDIT_RATINGS,
        rating_tags=service.RATING_TAGS,
        chart=chart if per_year else None,
    )


@register_export_of(bp, "Audits", service.AuditFilters, EXPORT_COLUMNS)
def export_rows(filters: service.AuditFilters) -> Iterable[Audit]:
    """Every audit with its kind, programme, status, rating and findings."""
    query = service.audit_query(current_user(), filters)
    return db().scalars(query.options(selectinload(Audit.agency), selectinload(Audit.findings)).order_by(Audit.id))


@pages.entry_page
def shown(audit: Audit, form: FindingForm | None = None) -> dict[str, Any]:
    return dict(
        kind_labels=AUDIT_KINDS,
        status_labels=AUDIT_STATUSES,
        ratings=service.AUDIT_RATINGS,
        rating_tags=service.RATING_TAGS,
        finding_ratings=service.FINDING_RATINGS,
        finding_tags=service.FINDING_TAGS,
        criteria=service.criteria_of(audit),
        summary=service.criteria_summary(audit) if audit.kind == "board_effectiveness" else [],
        learning=panel("audit", audit),
        **surveys_panel("audit", audit),
        today=today(),
        finding_form=form or finding_form(audit, formdata=None),
    )


pages.entry_forms(
    AuditForm,
    create=lambda session, user_id, details: service.create_audit(session, user_id, details, today()),
    update=lambda session, user_id, audit, details: service.update_audit(session, user_id, audit, details, today()),
    defaults=lambda: {"kind": request.args.get("kind", "multi_agency"), "status": "planned"},
)


part_pages(
    bp,
    "audit",
    "finding",
    "findings",
    load=pages.load,
    get=service.get_finding,
    form=lambda audit, finding: finding_form(audit, obj=finding),
    add=lambda session, user_id, audit, form: service.add_finding(session, user_id, audit, form.details()),
    update=lambda session, user_id, audit, finding, form: service.update_finding(
        session, user_id, audit, finding, form.details()
    ),
    remove=service.delete_finding,
    render_parent=pages.render,
    render_part=lambda audit, finding, form: render_template(
        "audits/finding.html", audit=audit, finding=finding, form=form
    ),
    added=lambda _finding: "Finding added.",
    updated="Finding updated.",
    removed=lambda _finding: "Finding removed.",
    anchor="findings",
)
