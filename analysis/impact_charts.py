"""Charts for the impact page and report, from figures already suppressed (analysis.impact, analysis.impact_trends).

A figure that is withheld is drawn as withheld, with the words the tables use ("fewer than 5", "not shown"),
never at a height: the charts add no suppression of their own and reveal nothing the tables do not.
"""

from __future__ import annotations

from typing import Optional, Sequence

from analysis.charts import Chart, Series, bar_chart
from analysis.impact import AreaImpact
from analysis.impact_trends import SCALE, DeathsYear, MeasureTrend
from analysis.suppression import SECONDARY_LABEL, Count


def _withheld(respondents: Count) -> str:
    return respondents.label if respondents.suppressed else SECONDARY_LABEL


def _area_names(areas: Sequence[AreaImpact]) -> list[str]:
    return [f"{n}. {area.title}" for n, area in enumerate(areas, start=1)]


def _per_round(areas: Sequence[AreaImpact], value: str, question: str, scale: float) -> list[Series]:
    """One series per round (the rounds are the same for every area of a dissemination): each area's `value`, the
    figure from the answers to `question` ("aware", "confidence")."""
    series = []
    for index, label in enumerate(r.label for r in areas[0].rounds):
        values: list[Optional[float]] = []
        hidden: dict[int, str] = {}
        for position, area in enumerate(areas):
            result = area.rounds[index]
            figure = getattr(result, value)
            # No bar and no withheld outline where nobody answered the question: nothing is hidden there.
            if figure is None and result.respondents.value and question not in result.unanswered:
                hidden[position] = _withheld(result.respondents)
            values.append(None if figure is None else round(figure * scale, 1))
        series.append(Series(label, values, hidden))
    return series


def _rounds_chart(
    areas: Sequence[AreaImpact],
    value: str,
    question: str,
    scale: float,
    *,
    title: str,
    chart_id: str,
    unit: str = "",
    top: float,
) -> Optional[Chart]:
    if not areas or not areas[0].rounds:
        return None
    series = _per_round(areas, value, question, scale)
    return bar_chart(_area_names(areas), series, title=title, unit=unit, chart_id=chart_id, axis_max=top)


def awareness_chart(areas: Sequence[AreaImpact], chart_id: str = "impact-awareness") -> Optional[Chart]:
    """The share of each round who knew of each key area."""
    title = "Knew of the key area, by follow-up round"
    return _rounds_chart(areas, "aware_share", "aware", 100, title=title, unit="%", chart_id=chart_id, top=100)


def confidence_chart(areas: Sequence[AreaImpact], chart_id: str = "impact-confidence") -> Optional[Chart]:
    """Median confidence (1 to 5) in each key area, round by round: before and after."""
    title = "Median confidence (1 strongly disagree to 5 strongly agree), by follow-up round"
    return _rounds_chart(areas, "confidence_median", "confidence", 1, title=title, chart_id=chart_id, top=5)


def measure_chart(trend: MeasureTrend, labels: Sequence[str], title: str, chart_id: str) -> Optional[Chart]:
    """How many gave each answer, quarter by quarter; a hidden count is drawn as hidden."""
    if not trend.periods:
        return None
    series = []
    for point, label in zip(SCALE, labels):
        cells = [p.cells[point] for p in trend.periods]
        hidden = {i: c.label for i, c in enumerate(cells) if c.suppressed}
        series.append(Series(label, [float(c.value) if not c.suppressed else None for c in cells], hidden))
    return bar_chart([p.period for p in trend.periods], series, title=title, value_label="People", chart_id=chart_id)


def deaths_chart(years: Sequence[DeathsYear], chart_id: str = "impact-child-deaths") -> Optional[Chart]:
    """Deaths with modifiable factors per year, beside the actions raised and completed that year."""
    if not years:
        return None
    deaths = Series(
        "Deaths with modifiable factors",
        [None if y.modifiable.suppressed else float(y.modifiable.value) for y in years],
        {i: y.modifiable.label for i, y in enumerate(years) if y.modifiable.suppressed},
    )
    return bar_chart(
        [str(y.year) for y in years],
        [
            deaths,
            Series("Actions raised from child death reviews", [float(y.actions_opened) for y in years]),
            Series("Actions completed", [float(y.actions_completed) for y in years]),
        ],
        title="Child deaths with modifiable factors, and actions from child death reviews, by year",
        chart_id=chart_id,
    )
