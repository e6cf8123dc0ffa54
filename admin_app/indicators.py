"""Single agency performance information: indicators, values by hand or from CSV, trend charts."""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.exports import export_links, register_export, requested_format, send_export
from admin_app.learning import panel
from admin_app.forms import EditIndicatorForm, IndicatorForm, IndicatorValueForm
from admin_app.registers import RegisterPages, part_pages, today
from core.errors import ValidationFailed
from core.models import INDICATOR_DIRECTIONS, Indicator, IndicatorValue, labels
from core.services import indicators as service
from core.services.agencies import list_agencies
from core.services.exports import columns, entry_columns
from core.services.indicator_import import PERIOD_EXAMPLES, ImportRejected, import_indicator_values
from core.services.themes import active_themes

bp = Blueprint("indicators", __name__, url_prefix="/indicators")
pages = RegisterPages(bp, Indicator, "indicator")
register_export("Performance indicators", "indicators.export")
register_export("Performance indicator values", "indicators.export_values")
# Pages name months ("November 2026"); exports keep the stored "2026-11", like every other export's dates.
bp.add_app_template_filter(service.period_name, "period_name")


def _k() -> int:
    return int(context().settings.min_cell_size)


def _shown(indicator: Indicator) -> Callable[[Any], str]:
    k = _k()
    return lambda value: service.display_value(indicator, value, k)


@pages.listing(
    service.IndicatorFilters.from_args,
    service.list_indicators,
    more=lambda items: {"latest": service.latest_values(db(), [i.id for i in items])},
)
def listed(filters: service.IndicatorFilters) -> dict[str, Any]:
    k = _k()
    return dict(
        directions=INDICATOR_DIRECTIONS,
        frequencies=service.INDICATOR_FREQUENCIES,
        shown=lambda ind, value: service.display_value(ind, value, k),
        agencies=[(a.id, a.name) for a in list_agencies(db())],
        themes=[(t.id, t.label) for t in active_themes(db())],
        value_exports=export_links("indicators.export_values", **filters.as_args()),
    )


def _latest_label(indicator: Indicator, k: int) -> str:
    rows = service.latest_values(db(), [indicator.id], 1)[indicator.id]
    return (
        f"{service.display_value(indicator, rows[0].value, k)} ({service.period_name(rows[0].period)})" if rows else ""
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    """Every indicator with its agency, unit, direction, target, themes and latest value."""
    filters = service.IndicatorFilters.from_args(request.args)
    query = service.indicator_query(current_user(), filters).options(
        selectinload(Indicator.agency), selectinload(Indicator.themes)
    )
    rows = list(db().scalars(query.order_by(Indicator.code)))
    latest = service.latest_values(db(), [i.id for i in rows], 1)
    k = _k()
    exported = columns(
        {
            "Code": "code",
            "Name": "name",
            **entry_columns(),
            "Unit": "unit",
            "Better when": lambda i: labels(INDICATOR_DIRECTIONS, i.direction),
            "Target": "target",
            "Frequency": lambda i: labels(service.INDICATOR_FREQUENCIES, i.frequency),
            "Counts people": "counts_people",
            "In use": "active",
            "Themes": lambda i: [t.label for t in i.themes],
            "Latest period": lambda i: latest[i.id][0].period if latest[i.id] else "",
            "Latest value": lambda i: service.export_value(i, latest[i.id][0].value, k) if latest[i.id] else "",
        },
    )
    return send_export("indicators", exported, rows, title="Indicators", filters=filters.as_args())


@bp.get("/values/export")
def export_values() -> ResponseReturnValue:
    """Every value of every indicator, period by period (small counts of people suppressed)."""
    filters = service.IndicatorFilters.from_args(request.args)
    if requested_format() == "xlsx":
        total = service.count_value_rows(db(), current_user(), filters)
        if total > service.MAX_XLSX_VALUES:
            raise ValidationFailed(
                {"format": "too many"},
                (
                    f"That is {total:,} values: too many for one spreadsheet (at most "
                    f"{service.MAX_XLSX_VALUES:,}). Download them as CSV, or choose an agency or theme first."
                ),
            )
    k = _k()
    exported = columns(
        {
            "Indicator code": "code",
            "Indicator": "name",
            "Agency": lambda v: v.agency or "",
            "Unit": "unit",
            "Period": "period",
            "Period starts": "period_start",
            "Value": lambda v: service.export_count(v, k),
            "Note": "note",
            "Entered": lambda v: "CSV import" if v.source == "csv" else "By hand",
        },
    )
    return send_export(
        "indicator-values",
        exported,
        service.value_rows(db(), current_user(), filters),
        title="Indicator values",
        filters=filters.as_args(),
    )


pages.entry_forms(
    IndicatorForm,
    edit_form=EditIndicatorForm,
    create=service.create_indicator,
    update=service.update_indicator,
)


@pages.entry_page
def shown(indicator: Indicator, form: IndicatorValueForm | None = None) -> dict[str, Any]:
    show_all = request.args.get("all") == "1"
    values = service.series(db(), indicator, None if show_all else service.RECENT)
    total = service.count_values(db(), indicator)
    return dict(
        values=values,
        total=total,
        show_all=show_all,
        chart=service.trend(indicator, values, _k()),
        shown=_shown(indicator),
        directions=INDICATOR_DIRECTIONS,
        frequencies=service.INDICATOR_FREQUENCIES,
        target=service.target_text(indicator),
        period_examples=PERIOD_EXAMPLES,
        learning=panel("indicator", indicator),
        today=today(),
        value_form=form or IndicatorValueForm(formdata=None, indicator=indicator),
    )


def _value_saved(saved: tuple[IndicatorValue, dict[str, list[Any]]]) -> str:
    row, changes = saved
    if not changes:
        return f"{service.period_name(row.period)} already had that value: nothing was changed."
    return f"Value for {service.period_name(row.period)} {'updated' if changes.get('value', [None])[0] is not None else 'saved'}."


def _value_form(indicator: Indicator, row: IndicatorValue | None) -> IndicatorValueForm:
    if row is None:
        return IndicatorValueForm(indicator=indicator)
    data = {"period": row.period, "value": service.format_number(row.value), "note": row.note}
    return IndicatorValueForm(indicator=indicator, data=data)


part_pages(
    bp,
    "indicator",
    "value",
    "values",
    load=pages.load,
    get=service.get_value,
    form=_value_form,
    add=lambda session, user_id, indicator, form: service.save_value(
        session, user_id, indicator, **form.values_for_service(), now=context().clock.now()
    ),
    update=lambda session, user_id, indicator, row, form: service.update_value(
        session, user_id, indicator, row, **form.values_for_service(), now=context().clock.now()
    ),
    remove=service.delete_value,
    render_parent=pages.render,
    render_part=lambda indicator, row, form: render_template(
        "indicators/value.html", indicator=indicator, row=row, form=form
    ),
    added=_value_saved,
    updated="Value updated.",
    removed=lambda row: f"The value for {service.period_name(row.period)} was removed.",
    anchor="values",
)


@bp.route("/import", methods=["GET", "POST"])
@editors_only
def import_values() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template(
            "indicators/import.html", errors={}, row_errors=[], total=0, result=None, period_examples=PERIOD_EXAMPLES
        )
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template(
            "indicators/import.html",
            errors={"file": "Select a CSV file to import"},
            row_errors=[],
            total=0,
            result=None,
            period_examples=PERIOD_EXAMPLES,
        ), 400
    data = upload.read()
    check_only = request.form.get("check_only") == "yes"
    try:
        result = import_indicator_values(
            db(),
            data,
            user_id=current_user().id,
            filename=upload.filename or "",
            now=context().clock.now(),
            dry_run=check_only,
        )
    except ImportRejected as exc:
        db().rollback()
        return render_template(
            "indicators/import.html",
            errors={"file": exc.message},
            row_errors=exc.errors,
            total=exc.total,
            result=None,
            period_examples=PERIOD_EXAMPLES,
            filename=upload.filename,
        ), 400
    if check_only:
        db().rollback()
        return render_template(
            "indicators/import.html",
            errors={},
            row_errors=[],
            total=0,
            result=result,
            period_examples=PERIOD_EXAMPLES,
            filename=upload.filename,
        )
    db().commit()
    flash(
        f"{upload.filename} imported: {result.created:,} new value{'s' if result.created != 1 else ''}, "
        f"{result.updated:,} updated, {result.unchanged:,} unchanged."
    )
    return redirect(url_for("indicators.index"))


@bp.get("/import/template.csv")
@editors_only
def import_template() -> ResponseReturnValue:
    response = Response(service.import_template(db(), current_user()), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="indicator-values-template.csv"'
    return response
