"""Strategic and themed work: strategy, status, risks and needs, and the map of who is involved."""

from __future__ import annotations

from typing import Any, Iterable

from flask import Blueprint, render_template
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import current_user
from admin_app.exports import register_export_of
from admin_app.learning import panel
from admin_app.surveys_for import surveys_panel
from admin_app.forms import NodeForm, WorkForm, node_form
from admin_app.registers import RegisterPages, part_pages, today
from core.models import THEMED_WORK_STATUSES, ThemedWork, labels
from core.services import themed_work as service
from core.services.exports import columns, entry_columns

bp = Blueprint("themed_work", __name__, url_prefix="/themed-work")
pages = RegisterPages(bp, ThemedWork, "work", source="themed_work")


def _organisations(work: ThemedWork) -> list[str]:
    by_id = {n.id: n for n in work.organisations}
    out = []
    for n in work.organisations:
        where = by_id[n.reports_to_id].name if n.reports_to_id in by_id else ""
        out.append(n.name + (f" ({n.role})" if n.role else "") + (f" in {where}" if where else ""))
    return out


EXPORT_COLUMNS = columns(
    {
        "Title": "title",
        "Theme": "area",
        "Status": lambda w: labels(THEMED_WORK_STATUSES, w.status),
        **entry_columns("Lead agency"),
        "Started": "started_on",
        "Next review": "review_on",
        "Strategy": "strategy",
        "Risks": lambda w: service.lines(w.risks),
        "Needs": lambda w: service.lines(w.needs),
        "Organisations and partnerships": _organisations,
    },
)


@register_export_of(bp, "Themed work", service.WorkFilters, EXPORT_COLUMNS, listed="Strategic and themed work")
def export_rows(filters: service.WorkFilters) -> Iterable[ThemedWork]:
    """Every piece of themed work with its status, strategy, risks, needs and the organisations involved."""
    loaded = (selectinload(ThemedWork.agency), selectinload(ThemedWork.organisations))
    query = service.work_query(current_user(), filters).options(*loaded)
    return db().scalars(query.order_by(ThemedWork.title, ThemedWork.id))


@pages.listing(service.WorkFilters.from_args, service.list_work)
def listed(_filters: service.WorkFilters) -> dict[str, Any]:
    return {"statuses": THEMED_WORK_STATUSES, "tags": service.STATUS_TAGS}


@pages.entry_page
def shown(work: ThemedWork, form: NodeForm | None = None) -> dict[str, Any]:
    by_id = {n.id: n for n in work.organisations}
    return dict(
        statuses=THEMED_WORK_STATUSES,
        tags=service.STATUS_TAGS,
        risks=service.lines(work.risks),
        needs=service.lines(work.needs),
        chart=service.work_map(work),
        by_id=by_id,
        kinds=service.NODE_KINDS,
        node_form=form or node_form(work, formdata=None, data={"kind": "organisation"}),
        learning=panel("themed_work", work),
        **surveys_panel("themed_work", work),
        today=today(),
    )


pages.entry_forms(WorkForm, create=service.create_work, update=service.update_work)


part_pages(
    bp,
    "work",
    "node",
    "organisations",
    load=pages.load,
    get=service.get_node,
    form=node_form,
    add=lambda session, user_id, work, form: service.add_node(session, user_id, work, form.details()),
    update=lambda session, user_id, work, node, form: service.update_node(session, user_id, work, node, form.details()),
    remove=service.remove_node,
    render_parent=pages.render,
    render_part=lambda work, node, form: render_template(
        "themed_work/organisation.html", work=work, node=node, form=form
    ),
    added=lambda node: f"{node.name} added to the map.",
    updated="Map updated.",
    removed=lambda node: f"{node.name} taken off the map.",
    anchor="map",
)
