"""Strategic and themed work: strategy, status, risks and needs, and the map of who is involved."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import current_user, editors_only
from admin_app.exports import export_links, register_export, send_export
from admin_app.learning import panel, register_source_page
from admin_app.registers import FormData, PER_PAGE, page_number, pages, submitted, today
from core.errors import ValidationFailed
from core.models import THEMED_WORK_STATUSES, ThemedWork, ThemedWorkOrganisation, labels
from core.services import themed_work as service
from core.services.agencies import list_agencies
from core.services.exports import ExportColumn
from core.services.visibility import ensure_visible

bp = Blueprint("themed_work", __name__, url_prefix="/themed-work")
register_source_page("themed_work", "themed_work.show", "work_id")
register_export(
    "Strategic and themed work",
    "themed_work.export",
    "Every piece of themed work with its status, strategy, risks, needs and the organisations involved.",
)


def _organisations(work: ThemedWork) -> list[str]:
    by_id = {n.id: n for n in work.organisations}
    out = []
    for n in work.organisations:
        where = by_id[n.reports_to_id].name if n.reports_to_id in by_id else ""
        out.append(n.name + (f" ({n.role})" if n.role else "") + (f" in {where}" if where else ""))
    return out


EXPORT_COLUMNS = [
    ExportColumn("Title", lambda w: w.title),
    ExportColumn("Theme", lambda w: w.area),
    ExportColumn("Status", lambda w: labels(THEMED_WORK_STATUSES, w.status)),
    ExportColumn("Lead agency", lambda w: w.agency.name if w.agency else ""),
    ExportColumn("Restricted", lambda w: w.restricted),
    ExportColumn("Started", lambda w: w.started_on),
    ExportColumn("Next review", lambda w: w.review_on),
    ExportColumn("Strategy", lambda w: w.strategy),
    ExportColumn("Risks", lambda w: service.lines(w.risks)),
    ExportColumn("Needs", lambda w: service.lines(w.needs)),
    ExportColumn("Organisations and partnerships", _organisations),
]


def _work(work_id: int) -> ThemedWork:
    return ensure_visible(current_user(), db().get(ThemedWork, work_id), "themed work")  # type: ignore[no-any-return]


def _form(work: ThemedWork | None, data: Any, errors: dict[str, str]) -> str:
    return render_template(
        "themed_work/form.html",
        work=work,
        data=data,
        errors=errors,
        statuses=list(THEMED_WORK_STATUSES.items()),
        areas=service.AREAS,
        agencies=[(a.id, a.name) for a in list_agencies(db())],
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    filters = service.WorkFilters.from_args(request.args)
    page = page_number()
    items, total = service.list_work(db(), current_user(), filters, page=page, per_page=PER_PAGE)
    return render_template(
        "themed_work/index.html",
        items=items,
        total=total,
        page=page,
        pages=pages(total),
        filters=filters,
        statuses=THEMED_WORK_STATUSES,
        tags=service.STATUS_TAGS,
        exports=export_links("themed_work.export", **filters.as_args()),
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    filters = service.WorkFilters.from_args(request.args)
    query = service.work_query(current_user(), filters).options(
        selectinload(ThemedWork.agency), selectinload(ThemedWork.organisations)
    )
    rows = db().scalars(query.order_by(ThemedWork.title, ThemedWork.id))
    return send_export("themed-work", EXPORT_COLUMNS, rows, title="Themed work", filters=filters.as_args())


@bp.route("/new", methods=["GET", "POST"])
@editors_only
def new() -> ResponseReturnValue:
    if request.method == "POST":
        try:
            work = service.create_work(db(), current_user().id, request.form)
        except ValidationFailed as exc:
            db().rollback()
            return _form(None, FormData.of(submitted()), exc.errors), 400
        db().commit()
        flash(f"“{work.title}” added. Now add the organisations and partnerships involved.")
        return redirect(url_for("themed_work.show", work_id=work.id))
    return _form(None, {"status": "active"}, {})


def _render_show(work: ThemedWork, *, node_data: Any = None, node_errors: dict[str, str] | None = None) -> str:
    by_id = {n.id: n for n in work.organisations}
    return render_template(
        "themed_work/show.html",
        work=work,
        statuses=THEMED_WORK_STATUSES,
        tags=service.STATUS_TAGS,
        risks=service.lines(work.risks),
        needs=service.lines(work.needs),
        chart=service.work_map(work),
        by_id=by_id,
        kinds=service.NODE_KINDS,
        node_kinds=list(service.NODE_KINDS.items()),
        parents=service.node_choices(work),
        agencies=[(a.id, a.name) for a in list_agencies(db())],
        node_data=node_data if node_data is not None else {"kind": "organisation"},
        node_errors=node_errors or {},
        learning=panel("themed_work", work),
        today=today(),
    )


@bp.get("/<int:work_id>")
def show(work_id: int) -> ResponseReturnValue:
    return _render_show(_work(work_id))


@bp.route("/<int:work_id>/edit", methods=["GET", "POST"])
@editors_only
def edit(work_id: int) -> ResponseReturnValue:
    work = _work(work_id)
    if request.method == "POST":
        try:
            changes = service.update_work(db(), current_user().id, work, request.form)
        except ValidationFailed as exc:
            db().rollback()
            return _form(_work(work_id), FormData.of(submitted()), exc.errors), 400
        db().commit()
        flash("Themed work updated." if changes else "Nothing was changed.")
        return redirect(url_for("themed_work.show", work_id=work.id))
    return _form(work, service.form_values(work), {})


@bp.post("/<int:work_id>/organisations")
@editors_only
def add_node(work_id: int) -> ResponseReturnValue:
    work = _work(work_id)
    try:
        node = service.add_node(db(), current_user().id, work, request.form)
    except ValidationFailed as exc:
        db().rollback()
        return _render_show(_work(work_id), node_data=FormData.of(submitted()), node_errors=exc.errors), 400
    db().commit()
    flash(f"{node.name} added to the map.")
    return redirect(url_for("themed_work.show", work_id=work.id, _anchor="map"))


@bp.route("/<int:work_id>/organisations/<int:node_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_node(work_id: int, node_id: int) -> ResponseReturnValue:
    work = _work(work_id)
    node = service.get_node(db(), work, node_id)

    def page(data: Any, errors: dict[str, str], current: ThemedWork, this: ThemedWorkOrganisation) -> str:
        return render_template(
            "themed_work/organisation.html",
            work=current,
            node=this,
            data=data,
            errors=errors,
            node_kinds=list(service.NODE_KINDS.items()),
            parents=service.node_choices(current, exclude=this),
            agencies=[(a.id, a.name) for a in list_agencies(db())],
        )

    if request.method == "POST":
        if request.form.get("delete"):
            service.remove_node(db(), current_user().id, work, node)
            db().commit()
            flash(f"{node.name} taken off the map.")
            return redirect(url_for("themed_work.show", work_id=work.id, _anchor="map"))
        try:
            changes = service.update_node(db(), current_user().id, work, node, request.form)
        except ValidationFailed as exc:
            db().rollback()
            current = _work(work_id)
            return page(FormData.of(submitted()), exc.errors, current, service.get_node(db(), current, node_id)), 400
        db().commit()
        flash("Map updated." if changes else "Nothing was changed.")
        return redirect(url_for("themed_work.show", work_id=work.id, _anchor="map"))
    data = {
        "name": node.name,
        "agency_id": str(node.agency_id or ""),
        "kind": node.kind,
        "role": node.role,
        "reports_to_id": str(node.reports_to_id or ""),
    }
    return page(data, {}, work, node)
