"""Impact: what changed after the learning went out. Each dissemination's follow-up rounds per key area, families'
satisfaction and confidence over time, child deaths with modifiable factors beside the actions taken; on the page
and as a printable report, with charts. Read by every role, board members and partner agencies too (DESIGN section
1): the pages change nothing, and every figure is suppressed so that no count under k can be worked out from them
(analysis.impact, analysis.impact_trends). Each opening of the answers behind them is audit-logged with its reader."""

from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, roles_required
from analysis.charts import Chart
from analysis.impact import SCALE, AreaImpact
from analysis.impact_charts import awareness_chart, confidence_chart, deaths_chart, measure_chart
from core.models import Dissemination
from core.models.people import ROLES
from core.services import dissemination
from core.services.impact import FamilyTrend, child_deaths_over_time, dissemination_impact, family_trends

bp = Blueprint("impact", __name__, url_prefix="/impact")
# Every role: the business unit, board members and partner agencies. Read-only pages; unlocking the keys stays the
# business unit's (keys.unlock), and the pages offer it only to them.
readers = roles_required(*ROLES)


def _area_charts(areas: Optional[list[AreaImpact]], prefix: str) -> list[Chart]:
    if not areas:
        return []
    charts = [awareness_chart(areas, f"{prefix}-awareness"), confidence_chart(areas, f"{prefix}-confidence")]
    return [c for c in charts if c is not None]


def _family_charts(trends: Optional[list[FamilyTrend]]) -> dict[tuple[int, str], Chart]:
    charts = {}
    for trend in trends or []:
        for label, measure in trend.measures:
            question = next(q for q in trend.survey.current_version.questions if q.key == measure.key)
            labels = [str(o["label"]) for o in question.options]
            chart = measure_chart(measure, labels, f"{label}, by quarter", f"family-{trend.survey.id}-{measure.key}")
            if chart is not None:
                charts[(trend.survey.id, measure.key)] = chart
    return charts


def _overview() -> dict[str, Any]:
    """Families over time and child deaths beside actions, with their charts (opened and audited once)."""
    ctx = context()
    k = ctx.settings.min_cell_size
    trends = family_trends(db(), ctx.keyring, user_id=current_user().id, k=k)
    deaths = child_deaths_over_time(db(), current_user(), k)
    return {
        "family": trends,
        "family_charts": _family_charts(trends),
        "deaths": deaths,
        "deaths_chart": deaths_chart(deaths),
    }


def _dissemination_figures(sent: Dissemination, title: str) -> dict[str, Any]:
    ctx = context()
    areas = dissemination_impact(db(), ctx.keyring, sent, user_id=current_user().id, k=ctx.settings.min_cell_size)
    return {"sent": sent, "title": title, "areas": areas, "charts": _area_charts(areas, f"dissemination-{sent.id}")}


@bp.get("/")
@readers
def index() -> ResponseReturnValue:
    values = _overview()
    db().commit()  # the reads are audited
    return render_template("impact/index.html", rows=dissemination.disseminations(db()), scale=SCALE, **values)


@bp.get("/disseminations/<int:dissemination_id>")
@readers
def show(dissemination_id: int) -> ResponseReturnValue:
    sent = dissemination.get_dissemination(db(), dissemination_id)
    figures = _dissemination_figures(sent, sent.key_area_set.title)
    db().commit()
    return render_template("impact/dissemination.html", scale=SCALE, **figures)


@bp.get("/report")
@readers
def report() -> ResponseReturnValue:
    """Everything on one printable page: families, child deaths, and every dissemination's key areas."""
    values = _overview()
    sent = [_dissemination_figures(row, row.key_area_set.title) for row in dissemination.disseminations(db())]
    db().commit()
    return render_template("impact/report.html", disseminations=sent, scale=SCALE, **values)
