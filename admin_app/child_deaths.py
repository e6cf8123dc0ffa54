"""The child death review register, and deaths with modifiable factors per year beside their actions."""

from __future__ import annotations

from typing import Any, Iterable

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user
from admin_app.exports import export_links, register_export, register_export_of, send_export
from admin_app.learning import panel
from admin_app.forms import CdrForm
from admin_app.registers import RegisterPages
from analysis.charts import Series, bar_chart
from analysis.impact_trends import DeathsYear, deaths_beside_actions
from analysis.suppression import Count
from core.models import CDR_CATEGORIES, CDR_STAGES, MODIFIABLE, MODIFIABLE_DOMAINS, ChildDeathReview, labels
from core.services import child_deaths as service
from core.services.exports import columns, entry_columns, yes_no

bp = Blueprint("child_deaths", __name__, url_prefix="/child-deaths")
# Individual deaths (the list, each record, its export) are the business unit's only: a date of death with its
# category can identify a child in a small area, and the list would count, row by row, what the trend page
# shows as "fewer than 5". Board members and partners read the trend page instead.
READERS = ("admin", "staff")
pages = RegisterPages(bp, ChildDeathReview, "cdr", readers=READERS)


EXPORT_COLUMNS = columns(
    {
        "Reference": "reference",
        "Date of death": "date_of_death",
        "Expected or unexpected": lambda c: "" if c.expected is None else ("Expected" if c.expected else "Unexpected"),
        "Joint agency response": lambda c: yes_no(c.joint_agency_response),
        "Joint agency response date": "jar_on",
        "Stage": lambda c: labels(CDR_STAGES, c.stage),
        "Notified": "notified_on",
        "Child death review meeting": "review_meeting_on",
        "Panel": "panel_on",
        "Category of death": lambda c: labels(CDR_CATEGORIES, c.category),
        "Modifiable factors": lambda c: labels(MODIFIABLE, c.modifiable),
        **{label: key for key, label in MODIFIABLE_DOMAINS.items()},
        **entry_columns(),
        "Learning": "learning",
    },
)


def _as_shown(count: Count) -> int | str:
    return count.label if count.suppressed else count.value


# The same rows on the page and in the export: people counts as shown, actions (not people) exactly.
TREND_COLUMNS = columns(
    {
        "Year of death": "year",
        "Deaths": lambda r: _as_shown(r.deaths),
        "Reviews completed by the panel": lambda r: _as_shown(r.reviewed),
        "Deaths with modifiable factors": lambda r: _as_shown(r.modifiable),
        "Actions from those reviews": "actions_opened",
        "Of which done": "actions_completed",
    },
)


def _trend_rows() -> list[DeathsYear]:
    """Each year's deaths as shown (none under k, none worked out from the totals), beside the actions recorded on
    the reviews of that year's deaths with modifiable factors."""
    rows = service.modifiable_by_year(db(), current_user())
    return deaths_beside_actions(
        [(r.year, r.deaths, r.reviewed, r.modifiable) for r in rows],
        {r.year: (r.actions, r.actions_done) for r in rows},
        context().settings.min_cell_size,
    )


@pages.listing(service.CdrFilters.from_args, service.list_cdrs)
def listed(_filters: service.CdrFilters) -> dict[str, Any]:
    return dict(
        stages=list(CDR_STAGES.items()),
        categories=list(CDR_CATEGORIES.items()),
        modifiable=list(MODIFIABLE.items()),
        stage_labels=CDR_STAGES,
        category_labels=CDR_CATEGORIES,
        modifiable_labels=MODIFIABLE,
    )


@pages.entry_page
def shown(cdr: ChildDeathReview) -> dict[str, Any]:
    return dict(
        stage_labels=CDR_STAGES,
        category_labels=CDR_CATEGORIES,
        modifiable_labels=MODIFIABLE,
        domains=MODIFIABLE_DOMAINS,
        learning=panel("cdr", cdr),
    )


@register_export_of(
    bp, "Child death reviews", service.CdrFilters, EXPORT_COLUMNS, name="child-death-reviews", readers=READERS
)
def export_rows(filters: service.CdrFilters) -> Iterable[ChildDeathReview]:
    """Every child death review (reference only, no names)."""
    return service.all_cdrs(db(), current_user(), filters)


register_export("Child deaths with modifiable factors by year", "child_deaths.export_trend")


@bp.get("/modifiable-factors")
def trend() -> ResponseReturnValue:
    rows = _trend_rows()
    k = context().settings.min_cell_size
    years = [str(r.year) for r in rows]
    modifiable = [r.modifiable for r in rows]
    deaths_chart = bar_chart(
        years,
        [
            Series(
                "Deaths with modifiable factors",
                [None if c.suppressed else c.value for c in modifiable],
                {i: c.label for i, c in enumerate(modifiable) if c.suppressed},
            )
        ],
        title="Child deaths with modifiable factors, by year of death",
        value_label="Deaths",
        chart_id="deaths-modifiable",
    )
    actions_chart = bar_chart(
        years,
        [
            Series("Actions", [r.actions_opened for r in rows]),
            Series("Of which done", [r.actions_completed for r in rows]),
        ],
        title="Actions from the reviews of those deaths, by year of death",
        value_label="Actions",
        chart_id="deaths-actions",
    )
    return render_template(
        "child_deaths/trend.html",
        rows=rows,
        k=k,
        deaths_chart=deaths_chart,
        actions_chart=actions_chart,
        exports=export_links("child_deaths.export_trend"),
    )


@bp.get("/modifiable-factors/export")
def export_trend() -> ResponseReturnValue:
    """Counts of deaths per year (small numbers suppressed) beside the actions from their reviews."""
    return send_export(
        "child-deaths-modifiable-by-year",
        TREND_COLUMNS,
        _trend_rows(),
        title="Modifiable factors by year",
    )


pages.entry_forms(CdrForm, create=service.create_cdr, update=service.update_cdr)
