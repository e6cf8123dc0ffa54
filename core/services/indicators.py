"""Single agency performance information: indicators per agency, values per period, trends.

Values are entered by hand here or imported from CSV (core/services/indicator_import.py);
both use the same period and value rules. Indicators that count people (`counts_people`) show
values from 1 to k-1 as "fewer than k" wherever they are displayed or exported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Optional, Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from analysis.charts import Chart, format_number, trend_chart
from analysis.suppression import suppress
from core.errors import NotFound, ValidationFailed
from core.models import Agency, Indicator, IndicatorValue, Theme, User, indicator_theme
from core.services.changes import apply_changes, log_changes, record_change, refuse_taken, remove_entry, snapshot
from core.services.indicator_import import (
    FREQUENCY_KINDS,
    KIND_LABELS,
    Period,
    parse_period,
)
from core.services.exports import cell_value, to_csv
from core.services.themes import active_themes
from core.services.listing import Filters, choice, matching, page_of, row_id, search
from core.services.visibility import entry_filter

INDICATOR_FREQUENCIES: dict[str, str] = {"monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual"}
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
CHART_DIRECTION = {"higher_better": "higher", "lower_better": "lower"}
RECENT = 36  # values on the chart and table by default


def _themes(session: Session) -> dict[int, Theme]:
    return {t.id: t for t in active_themes(session)}


@dataclass
class IndicatorDetails:
    """An indicator as staff enter it; `themes` are theme ids."""

    code: str
    name: str
    unit: str
    direction: str
    frequency: str
    agency_id: int
    description: str = ""
    target: Optional[float] = None
    themes: list[int] = field(default_factory=list)
    counts_people: bool = False
    restricted: bool = False
    active: bool = True


def _indicator_values(
    session: Session, details: IndicatorDetails, indicator: Optional[Indicator] = None
) -> dict[str, Any]:
    """The columns to store (themes as Theme rows); ValidationFailed if the code is taken, or the
    frequency would no longer fit the values the indicator already has."""
    refuse_taken(
        session, Indicator.code, details.code, indicator, f"There is already an indicator with the code {details.code}"
    )
    if indicator is not None and details.frequency != indicator.frequency:
        kinds = stored_kinds(session, indicator)
        wanted = FREQUENCY_KINDS.get(details.frequency)
        if wanted is not None and kinds - wanted:
            found = ", ".join(sorted(KIND_LABELS[k].split(" ", 1)[1] + "s" for k in kinds - wanted))
            raise ValidationFailed(
                {
                    "frequency": f"This indicator already has values for {found}: it cannot become "
                    f"{INDICATOR_FREQUENCIES[details.frequency].lower()}"
                }
            )
    values = asdict(details)
    themes = _themes(session)
    values["themes"] = [themes[i] for i in details.themes if i in themes]
    return values


def stored_kinds(session: Session, indicator: Indicator) -> set[str]:
    """The period kinds of the values an indicator already has."""
    labels = session.scalars(
        select(IndicatorValue.period).where(IndicatorValue.indicator_id == indicator.id).distinct()
    )
    monthly = indicator.frequency == "monthly"
    kinds = set()
    for label in labels:
        period, _ = parse_period(label, monthly=monthly)
        if period is not None:
            kinds.add(period.kind)
    return kinds


def _with_theme_codes(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    if "themes" in changes:
        old, new = changes["themes"]
        changes["themes"] = [
            [t.code if isinstance(t, Theme) else t for t in old or []],
            [t.code if isinstance(t, Theme) else t for t in new or []],
        ]
    return changes


def create_indicator(session: Session, user_id: int | None, details: IndicatorDetails) -> Indicator:
    """Add an indicator (audit-logged)."""
    values = _indicator_values(session, details)
    indicator = Indicator(**values)
    session.add(indicator)
    session.flush()
    record_change(session, user_id, "indicator.create", "indicator", indicator.id, _with_theme_codes(snapshot(values)))
    return indicator


def update_indicator(
    session: Session, user_id: int | None, indicator: Indicator, details: IndicatorDetails
) -> dict[str, list[Any]]:
    """Edit an indicator; returns (and audit-logs) what changed."""
    values = _indicator_values(session, details, indicator)
    old_themes = [t.code for t in indicator.themes]
    new_themes = values.pop("themes")
    changes = apply_changes(indicator, values)
    if [t.code for t in new_themes] != old_themes:
        indicator.themes = new_themes
        changes["themes"] = [old_themes, [t.code for t in new_themes]]
    copied = ({"code", "name", "agency_id", "restricted"}, "indicator")
    return log_changes(session, user_id, indicator, changes, "indicator.update", "indicator", copied=copied)


# ---------------------------------------------------------------------------------------------
# Values by hand


def get_value(session: Session, indicator: Indicator, value_id: int) -> IndicatorValue:
    value = session.get(IndicatorValue, value_id)
    if value is None or value.indicator_id != indicator.id:
        raise NotFound("There is no such value.")
    return value


def _same_period(
    session: Session, indicator: Indicator, period: Period, current: Optional[IndicatorValue] = None
) -> Optional[IndicatorValue]:
    """The stored value for the same period, if any; ValidationFailed if it is written another way, or
    (when changing `current`) if another value has that period already."""
    same = session.scalars(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id, IndicatorValue.period_start == period.start
        )
    )
    for v in same:
        stored, _ = parse_period(v.period, monthly=indicator.frequency == "monthly")
        if stored is None or stored.span != period.span or (current is not None and v.id == current.id):
            continue
        if v.period != period.label:
            raise ValidationFailed(
                {
                    "period": f"There is already a value for {period.describe()}, written as {v.period}: "
                    f"write the period as {v.period}"
                }
            )
        if current is not None:
            raise ValidationFailed({"period": f"There is already a value for {v.period}: change that one instead"})
        return v
    return None


def save_value(
    session: Session,
    user_id: int | None,
    indicator: Indicator,
    *,
    period: Period,
    value: float,
    note: str = "",
    now: dt.datetime,
) -> tuple[IndicatorValue, dict[str, list[Any]]]:
    """Record a value for a period by hand; a period that already has one is updated. Audit-logged."""
    existing = _same_period(session, indicator, period)
    if existing is not None:
        changes = apply_changes(existing, {"value": value, "note": note})
        if changes:
            existing.source, existing.entered_by_id, existing.entered_at = "manual", user_id, now
            record_change(
                session, user_id, "indicator_value.update", "indicator", indicator.id, changes, period=existing.period
            )
        session.flush()
        return existing, changes
    row = IndicatorValue(
        indicator_id=indicator.id,
        period=period.label,
        period_start=period.start,
        value=value,
        note=note,
        source="manual",
        entered_by_id=user_id,
        entered_at=now,
    )
    session.add(row)
    session.flush()
    changes = {"value": [None, value]} | ({"note": [None, note]} if note else {})
    record_change(session, user_id, "indicator_value.create", "indicator", indicator.id, changes, period=period.label)
    return row, changes


def update_value(
    session: Session,
    user_id: int | None,
    indicator: Indicator,
    row: IndicatorValue,
    *,
    period: Period,
    value: float,
    note: str = "",
    now: dt.datetime,
) -> dict[str, list[Any]]:
    """Change one stored value (its period too); audit-logged."""
    _same_period(session, indicator, period, current=row)
    changes = apply_changes(row, {"period": period.label, "period_start": period.start, "value": value, "note": note})
    if changes:
        row.source, row.entered_by_id, row.entered_at = "manual", user_id, now
        record_change(session, user_id, "indicator_value.update", "indicator", indicator.id, changes, period=row.period)
    session.flush()
    return changes


def delete_value(session: Session, user_id: int | None, indicator: Indicator, row: IndicatorValue) -> None:
    """Remove a value (audit-logged with what it was)."""
    fields = ["value", "note"]
    remove_entry(session, user_id, row, fields, "indicator_value.delete", "indicator", indicator.id, period=row.period)


# ---------------------------------------------------------------------------------------------
# Reading: lists, series, charts


@dataclass(frozen=True)
class IndicatorFilters(Filters):
    agency_id: Optional[int] = row_id()
    theme_id: Optional[int] = row_id()
    q: str = search()
    show: str = choice({"all"})  # "" = in use


def indicator_query(user: User, filters: IndicatorFilters) -> Any:
    """The visible indicators matching the filters (a select, unordered)."""
    query = select(Indicator).where(entry_filter(Indicator, user))
    if not filters.show:
        query = query.where(Indicator.active.is_(True))
    if filters.theme_id:
        query = query.where(
            Indicator.id.in_(
                select(indicator_theme.c.indicator_id).where(indicator_theme.c.theme_id == filters.theme_id)
            )
        )
    return matching(query, [(Indicator.agency_id, filters.agency_id)], filters.q, (Indicator.code, Indicator.name))


def list_indicators(
    session: Session, user: User, filters: IndicatorFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[Indicator], int]:
    """One page of indicators (by agency, then code) and the total."""
    query = (
        indicator_query(user, filters)
        .options(selectinload(Indicator.agency), selectinload(Indicator.themes))
        .outerjoin(Agency, Indicator.agency_id == Agency.id)
    )
    return page_of(session, query.order_by(Agency.name, Indicator.code), page, per_page)


def latest_values(
    session: Session, indicator_ids: Sequence[int], per_indicator: int = 2
) -> dict[int, list[IndicatorValue]]:
    """The most recent values of each indicator, newest first: one query, an index seek per indicator."""
    if not indicator_ids:
        return {}
    # Plain SQL on purpose: building this union with the expression language costs more than
    # running it (each part is an index seek on (indicator_id, period_start)).
    # SQLite allows at most 500 terms in a compound SELECT: a page needs 50, an export may need more.
    limit = int(per_indicator)
    out: dict[int, list[IndicatorValue]] = {i: [] for i in indicator_ids}
    for start in range(0, len(indicator_ids), 200):
        chunk = indicator_ids[start : start + 200]
        parts = [
            # Only integers are formatted in; every id is a bound parameter.
            f"SELECT * FROM (SELECT id FROM indicator_value WHERE indicator_id = :i{n} "  # noqa: S608
            f"ORDER BY period_start DESC LIMIT {limit}) AS latest_{n}"
            for n in range(len(chunk))
        ]
        params = {f"i{n}": int(i) for n, i in enumerate(chunk)}
        ids = list(session.scalars(text(" UNION ALL ".join(parts)), params))
        rows = session.scalars(
            select(IndicatorValue)
            .where(IndicatorValue.id.in_(ids))
            .order_by(IndicatorValue.indicator_id, IndicatorValue.period_start.desc())
        )
        for row in rows:
            out[row.indicator_id].append(row)
    return out


def count_values(session: Session, indicator: Indicator) -> int:
    return session.scalar(select(func.count(IndicatorValue.id)).where(IndicatorValue.indicator_id == indicator.id)) or 0


def series(session: Session, indicator: Indicator, limit: Optional[int] = RECENT) -> list[IndicatorValue]:
    """The indicator's values in period order (the latest `limit`, or all)."""
    query = (
        select(IndicatorValue)
        .where(IndicatorValue.indicator_id == indicator.id)
        .order_by(IndicatorValue.period_start.desc(), IndicatorValue.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(list(session.scalars(query))))


def display_value(indicator: Indicator, value: Optional[float], k: int) -> str:
    """A value as shown: suppressed below k when the indicator counts people; '%' for percentages."""
    if value is None:
        return ""
    if indicator.counts_people and value == int(value):
        count = suppress(int(value), k)
        if count.suppressed:
            return count.label
    return format_number(value, indicator.unit)


def export_value(indicator: Indicator, value: float, k: int) -> Any:
    """A value as exported: the number, or "fewer than k" for small counts of people."""
    if indicator.counts_people and value == int(value) and suppress(int(value), k).suppressed:
        return suppress(int(value), k).label
    # Whole numbers go out as integers so a CSV says 12, not 12.0.
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def period_name(label: str, short: bool = False) -> str:
    """A stored period as people read it: "2026-11" is "November 2026" ("Nov 2026" when short).

    Months are stored as "YYYY-MM" so they sort and export cleanly; on screen people in England
    expect the month's name. Other kinds of period ("2026-27", "2026-Q1") are shown as stored.
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return label
    names = calendar.month_abbr if short else calendar.month_name
    return f"{names[int(m.group(2))]} {m.group(1)}"


def target_text(indicator: Indicator) -> str:
    if indicator.target is None:
        return ""
    return format_number(indicator.target, indicator.unit)


def trend(indicator: Indicator, values: Sequence[IndicatorValue], k: int) -> Chart:
    """The indicator's trend chart (target line, better direction, small counts suppressed)."""
    return trend_chart(
        [(period_name(v.period, short=True), v.value) for v in values],
        title=f"{indicator.code}: {indicator.name}",
        name="Value",
        unit=indicator.unit,
        target=indicator.target,
        direction=CHART_DIRECTION.get(indicator.direction),
        chart_id=f"trend-{indicator.id}",
        suppress_below=k if indicator.counts_people else None,
    )


def import_template(session: Session, user: User) -> bytes:
    """A CSV to fill in: the headings and one example row per active indicator the user may see."""
    # Written like every other export: agency names are typed by staff, and one starting "=" would run as a
    # formula in whoever opens the template.
    cells: list[list[Any]] = [["indicator", "agency", "period", "value", "note"]]
    for ind in session.scalars(
        select(Indicator)
        .where(entry_filter(Indicator, user), Indicator.active.is_(True))
        .options(selectinload(Indicator.agency))
        .order_by(Indicator.code)
    ):
        example = {"monthly": "2026-04", "quarterly": "2026-27 Q1", "annual": "2026-27"}.get(ind.frequency, "2026-27")
        agency = ind.agency.name if ind.agency else ""
        cells.append([cell_value(ind.code), cell_value(agency), example, "", ""])
    return to_csv(cells)


@dataclass(frozen=True)
class ValueRow:
    """One value for the values export: plain columns, no ORM objects (an export may hold 200,000)."""

    code: str
    name: str
    agency: Optional[str]
    unit: str
    counts_people: bool
    period: str
    period_start: dt.date
    value: float
    note: str
    source: str


MAX_XLSX_VALUES = 50_000  # a spreadsheet of more takes longer to build than a request may last


def count_value_rows(session: Session, user: User, filters: IndicatorFilters) -> int:
    """How many values the values export would hold."""
    visible = indicator_query(user, filters).with_only_columns(Indicator.id).order_by(None)
    return session.scalar(select(func.count(IndicatorValue.id)).where(IndicatorValue.indicator_id.in_(visible))) or 0


def value_rows(session: Session, user: User, filters: IndicatorFilters) -> Iterator[ValueRow]:
    """Every value of the visible indicators matching the filters, as plain rows in order (streamed)."""
    visible = indicator_query(user, filters).with_only_columns(Indicator.id).order_by(None)
    query = (
        select(
            Indicator.code,
            Indicator.name,
            Agency.name,
            Indicator.unit,
            Indicator.counts_people,
            IndicatorValue.period,
            IndicatorValue.period_start,
            IndicatorValue.value,
            IndicatorValue.note,
            IndicatorValue.source,
        )
        .join(IndicatorValue.indicator)
        .outerjoin(Indicator.agency)
        .where(IndicatorValue.indicator_id.in_(visible))
        .order_by(Indicator.code, IndicatorValue.period_start)
    )
    for code, name, agency, unit, people, period, start, value, note, source in session.execute(
        query.execution_options(yield_per=2_000)
    ):
        yield ValueRow(code, name, agency, unit, bool(people), period, start, value, note, source)


def export_count(row: ValueRow, k: int) -> Any:
    """A value row's value as exported (small counts of people suppressed, whole numbers as integers)."""
    if row.counts_people and row.value == int(row.value) and suppress(int(row.value), k).suppressed:
        return suppress(int(row.value), k).label
    return int(row.value) if row.value == int(row.value) and abs(row.value) < 1e15 else row.value
