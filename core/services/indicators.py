"""Single agency performance information: indicators per agency, values per period, trends.

Values are entered by hand here or imported from CSV (core/services/indicator_import.py);
both use the same period and value rules. Indicators that count people (`counts_people`) show
values from 1 to k-1 as "fewer than k" wherever they are displayed or exported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Optional, Sequence

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session, selectinload

from analysis.charts import Chart, format_number, trend_chart
from analysis.suppression import suppress
from core.errors import NotFound, ValidationFailed
from core.models import INDICATOR_DIRECTIONS, Agency, Indicator, IndicatorValue, Theme, User, indicator_theme
from core.services.changes import apply_changes, record_change, snapshot
from core.services.fields import Cleaner
from core.services.indicator_import import (
    FREQUENCY_KINDS,
    KIND_LABELS,
    NOTE_MAX,
    Period,
    check_period_fits,
    parse_period,
    parse_value,
)
from core.services.exports import cell_value, to_csv
from core.services.learning import source_changed
from core.services.themes import active_themes
from core.services.visibility import entry_filter

INDICATOR_FREQUENCIES: dict[str, str] = {"monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual"}
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
CHART_DIRECTION = {"higher_better": "higher", "lower_better": "lower"}
RECENT = 36  # values on the chart and table by default


def _themes(session: Session) -> dict[int, Theme]:
    return {t.id: t for t in active_themes(session)}


def clean_indicator(session: Session, data: Mapping[str, Any], indicator: Optional[Indicator] = None) -> dict[str, Any]:
    """Validate the indicator form; raises ValidationFailed."""
    c = Cleaner(data)
    code = c.text("code", "the code, like CSC-03", required=True, max_length=40)
    if code and not CODE_PATTERN.fullmatch(code):
        c.error("code", "The code can only contain letters, numbers, and - . _")
    elif code:
        clash = session.scalar(select(Indicator.id).where(func.lower(Indicator.code) == code.lower()))
        if clash is not None and (indicator is None or clash != indicator.id):
            c.error("code", f"There is already an indicator with the code {code}")
    c.text("name", "the name of the indicator", required=True, max_length=200)
    c.text("description", "the description", max_length=5_000)
    c.text("unit", "the unit, like %, days or children", required=True, max_length=40)
    c.choice("direction", "which direction is better", INDICATOR_DIRECTIONS, required=True)
    c.number("target", "the target")
    frequency = c.choice("frequency", "how often it is reported", INDICATOR_FREQUENCIES, required=True)
    agency = c.integer("agency_id", "the agency")
    if agency is not None and agency not in set(session.scalars(select(Agency.id))):
        c.error("agency_id", "Select the agency from the list")
    elif agency is None:
        c.error("agency_id", "Select the agency that reports this indicator")
    themes = _themes(session)
    c.ids("themes", "themes", themes)
    c.flag("counts_people")
    c.flag("restricted")
    if indicator is not None:
        c.flag("active")
    if indicator is not None and frequency and frequency != indicator.frequency and "frequency" not in c.errors:
        kinds = stored_kinds(session, indicator)
        wanted = FREQUENCY_KINDS.get(frequency)
        if wanted is not None and kinds - wanted:
            found = ", ".join(sorted(KIND_LABELS[k].split(" ", 1)[1] + "s" for k in kinds - wanted))
            c.error(
                "frequency",
                f"This indicator already has values for {found}: it cannot become "
                f"{INDICATOR_FREQUENCIES[frequency].lower()}",
            )
    values = c.finish()
    values["themes"] = [themes[i] for i in values["themes"]]
    values["counts_people"] = bool(values["counts_people"])
    values["restricted"] = bool(values["restricted"])
    if indicator is None:
        values["active"] = True
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


def create_indicator(session: Session, user_id: int | None, data: Mapping[str, Any]) -> Indicator:
    """Add an indicator (audit-logged)."""
    values = clean_indicator(session, data)
    indicator = Indicator(**values)
    session.add(indicator)
    session.flush()
    record_change(session, user_id, "indicator.create", "indicator", indicator.id, _with_theme_codes(snapshot(values)))
    return indicator


def update_indicator(
    session: Session, user_id: int | None, indicator: Indicator, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit an indicator; returns (and audit-logs) what changed."""
    values = clean_indicator(session, data, indicator)
    old_themes = [t.code for t in indicator.themes]
    new_themes = values.pop("themes")
    changes = apply_changes(indicator, values)
    if [t.code for t in new_themes] != old_themes:
        indicator.themes = new_themes
        changes["themes"] = [old_themes, [t.code for t in new_themes]]
    if changes:
        record_change(session, user_id, "indicator.update", "indicator", indicator.id, changes)
        if {"code", "name", "agency_id", "restricted"} & changes.keys():
            source_changed(session, "indicator", indicator)
    session.flush()
    return changes


def form_values(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "target": "" if indicator.target is None else format_number(indicator.target),
        "frequency": indicator.frequency,
        "agency_id": str(indicator.agency_id or ""),
        "themes": [str(t.id) for t in indicator.themes],
        "counts_people": "yes" if indicator.counts_people else "",
        "restricted": "yes" if indicator.restricted else "",
        "active": "yes" if indicator.active else "",
    }


# ---------------------------------------------------------------------------------------------
# Values by hand


def get_value(session: Session, indicator: Indicator, value_id: int) -> IndicatorValue:
    value = session.get(IndicatorValue, value_id)
    if value is None or value.indicator_id != indicator.id:
        raise NotFound("There is no such value.")
    return value


def _clean_value(
    session: Session, indicator: Indicator, data: Mapping[str, Any], current: Optional[IndicatorValue] = None
) -> tuple[Period, float, str, Optional[IndicatorValue]]:
    errors: dict[str, str] = {}
    raw_period = str(data.get("period") or "")
    period, problem = parse_period(raw_period, monthly=indicator.frequency == "monthly")
    if period is None:
        errors["period"] = problem
    else:
        problem = check_period_fits(indicator, period)
        if problem:
            errors["period"] = problem[0].upper() + problem[1:]
    value, problem = parse_value(str(data.get("value") or ""), indicator.unit)
    if value is None:
        errors["value"] = problem
    note = str(data.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = f"The note must be {NOTE_MAX} characters or fewer"
    existing: Optional[IndicatorValue] = None
    if period is not None and "period" not in errors:
        same = list(
            session.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == indicator.id, IndicatorValue.period_start == period.start
                )
            )
        )
        for v in same:
            stored, _ = parse_period(v.period, monthly=indicator.frequency == "monthly")
            if stored is not None and stored.span == period.span and (current is None or v.id != current.id):
                if v.period != period.label:
                    errors["period"] = (
                        f"There is already a value for {period.describe()}, written as {v.period}: "
                        f"write the period as {v.period}"
                    )
                elif current is not None:
                    errors["period"] = f"There is already a value for {v.period}: change that one instead"
                existing = v
    if errors:
        raise ValidationFailed(errors)
    assert period is not None and value is not None
    return period, value, note, existing


def save_value(
    session: Session, user_id: int | None, indicator: Indicator, data: Mapping[str, Any], now: dt.datetime
) -> tuple[IndicatorValue, dict[str, list[Any]]]:
    """Record a value for a period by hand; a period that already has one is updated. Audit-logged."""
    period, value, note, existing = _clean_value(session, indicator, data)
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
    data: Mapping[str, Any],
    now: dt.datetime,
) -> dict[str, list[Any]]:
    """Change one stored value (its period too); audit-logged."""
    period, value, note, _ = _clean_value(session, indicator, data, current=row)
    changes = apply_changes(row, {"period": period.label, "period_start": period.start, "value": value, "note": note})
    if changes:
        row.source, row.entered_by_id, row.entered_at = "manual", user_id, now
        record_change(session, user_id, "indicator_value.update", "indicator", indicator.id, changes, period=row.period)
    session.flush()
    return changes


def delete_value(session: Session, user_id: int | None, indicator: Indicator, row: IndicatorValue) -> None:
    """Remove a value (audit-logged with what it was)."""
    record_change(
        session,
        user_id,
        "indicator_value.delete",
        "indicator",
        indicator.id,
        {"value": [row.value, None], "note": [row.note, None]},
        period=row.period,
    )
    session.delete(row)
    session.flush()


# ---------------------------------------------------------------------------------------------
# Reading: lists, series, charts


@dataclass(frozen=True)
class IndicatorFilters:
    agency_id: Optional[int] = None
    theme_id: Optional[int] = None
    q: str = ""
    show: str = ""  # "" = in use, "all"

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "IndicatorFilters":
        agency, theme = str(args.get("agency_id") or ""), str(args.get("theme_id") or "")
        show = str(args.get("show") or "")
        return cls(
            int(agency) if agency.isdigit() else None,
            int(theme) if theme.isdigit() else None,
            str(args.get("q") or "").strip()[:80],
            show if show == "all" else "",
        )

    def as_args(self) -> dict[str, str]:
        pairs = (
            ("agency_id", str(self.agency_id or "")),
            ("theme_id", str(self.theme_id or "")),
            ("q", self.q),
            ("show", self.show),
        )
        return {k: v for k, v in pairs if v}


def indicator_query(user: User, filters: IndicatorFilters) -> Any:
    """The visible indicators matching the filters (a select, unordered)."""
    query = select(Indicator).where(entry_filter(Indicator, user))
    if not filters.show:
        query = query.where(Indicator.active.is_(True))
    if filters.agency_id:
        query = query.where(Indicator.agency_id == filters.agency_id)
    if filters.theme_id:
        query = query.where(
            Indicator.id.in_(
                select(indicator_theme.c.indicator_id).where(indicator_theme.c.theme_id == filters.theme_id)
            )
        )
    if filters.q:
        like = f"%{filters.q}%"
        query = query.where(or_(Indicator.code.ilike(like), Indicator.name.ilike(like)))
    return query


def list_indicators(
    session: Session, user: User, filters: IndicatorFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[Indicator], int]:
    """One page of indicators (by agency, then code) and the total."""
    query = indicator_query(user, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(
        session.scalars(
            query.options(selectinload(Indicator.agency), selectinload(Indicator.themes))
            .outerjoin(Agency, Indicator.agency_id == Agency.id)
            .order_by(Agency.name, Indicator.code)
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    return items, total


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
            f"SELECT * FROM (SELECT id FROM indicator_value WHERE indicator_id = :i{n} "
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


def target_text(indicator: Indicator) -> str:
    if indicator.target is None:
        return ""
    return format_number(indicator.target, indicator.unit)


def trend(indicator: Indicator, values: Sequence[IndicatorValue], k: int) -> Chart:
    """The indicator's trend chart (target line, better direction, small counts suppressed)."""
    return trend_chart(
        [(v.period, v.value) for v in values],
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
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .outerjoin(Agency, Agency.id == Indicator.agency_id)
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
