"""Server-rendered, accessible SVG charts: a trend line, a bar chart and a partnership map.

Pure Python: no Flask, no JavaScript, no third-party requests. Every function returns a
`Chart`: the SVG markup (role="img", labelled by its own <title> and <desc>) and the same
figures as a table (`columns`, `rows`), because a picture alone is not accessible: pages
show the table beside the picture (see `admin_app/templates/charts.html`, macro
`chart_with_table`).

- `line_chart` / `trend_chart`: values per period with an optional target line and the
  direction that counts as better (used for single-agency performance indicators).
- `bar_chart`: counts or values per category, one or more series side by side, with
  small-number suppression (`suppress_below=k`): a count of 1..k-1 is never drawn at its
  height nor printed; the axis is scaled without it. Reusable for child deaths per year
  (e.g. series "with modifiable factors" / "without"), audits per year, etc.
- `organisation_map`: organisations, partnerships and boards (themed work) as boxes in
  columns, members to the left of what they belong or report to, in a deterministic order
  that keeps crossings low; `network_map` is the two-column case from (organisation,
  partnership, role) memberships.

A `Chart` renders as its SVG in Jinja (`{{ chart }}`) because it has `__html__`; every piece
of text that goes into the markup is escaped here.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from html import escape
from typing import Collection, Mapping, Optional, Sequence

from analysis.suppression import DEFAULT_K, display_count

# GOV.UK Design System colours, with different dash patterns and marker shapes per series so
# that colour is never the only way to tell series apart.
BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
SERIES_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#28a197")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
SERIES_MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
PERCENT_UNITS = frozenset({"%", "percent", "percentage", "per cent"})
DIRECTIONS = {"higher": "Higher is better", "lower": "Lower is better"}


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the same figures as a table (columns and rows of display strings)."""

    title: str
    description: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart_id: str = ""

    def __html__(self) -> str:
        """Jinja and MarkupSafe treat the chart as safe markup: every text in it is already escaped."""
        return self.svg

    def __str__(self) -> str:
        return self.svg


@dataclass(frozen=True)
class Series:
    """One named line or set of bars; `values` are aligned with the chart's periods or categories.

    `hidden` maps a position to how its value is shown instead ("fewer than 5", "not shown"): a bar chart draws
    such a bar as an empty outline of no particular height and the table gives only those words.
    `at_least` holds the positions whose value is only the fewest there are (people behind several themes): a bar
    chart draws them to that height, marked "at least n", as the table and description say them.
    """

    name: str
    values: Sequence[Optional[float]]
    hidden: Mapping[int, str] = field(default_factory=dict)
    at_least: Collection[int] = frozenset()


@dataclass(frozen=True)
class Membership:
    """An organisation's place in a partnership, e.g. ("Police", "MARAC", "lead")."""

    organisation: str
    partnership: str
    role: str = ""


@dataclass
class _Canvas:
    width: int
    height: int
    parts: list[str] = field(default_factory=list)

    def add(self, markup: str) -> None:
        self.parts.append(markup)


# ---------------------------------------------------------------------------------------------
# Formatting and scales


def format_number(value: float, unit: str = "") -> str:
    """A value as people read it: thousands separators, at most two decimals, '%' for percentages."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "no value"
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if unit.strip().lower() in PERCENT_UNITS:
        return f"{text}%"
    return text


def unit_suffix(unit: str) -> str:
    """' (unit)' for headings, or '' when the unit is a percentage (already shown with '%') or empty."""
    unit = unit.strip()
    if not unit or unit.lower() in PERCENT_UNITS:
        return ""
    return f" ({unit})"


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high.

    With `whole` (counts), ticks are whole numbers: no 2.5 steps, no step below 1.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high < low:
        low, high = high, low
    if high == low:
        if high == 0:
            high = 1.0
        else:
            pad = abs(high) * 0.1
            low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude
    for multiple in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step >= raw:
            break
    if whole:
        step = max(step, 1.0)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step
    ticks = []
    n = 0
    while start + n * step <= stop + step * 1e-9:
        ticks.append(round(start + n * step, 10))
        n += 1
    return ticks


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "chart"
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]
    return f"chart-{slug}-{digest}"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """Coordinates with one decimal: short markup, stable output for tests."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _truncate(label: str, max_chars: int) -> str:
    if len(label) <= max_chars:
        return label
    return label[: max(max_chars - 1, 1)].rstrip() + "…"


def _open_svg(canvas: _Canvas, chart_id: str, title: str, description: str) -> None:
    canvas.add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ll-svg-chart" id="{_attr(chart_id)}" '
        f'viewBox="0 0 {canvas.width} {canvas.height}" width="{canvas.width}" height="{canvas.height}" '
        f'role="img" aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" '
        f'font-family="{_attr(FONT)}" font-size="13" preserveAspectRatio="xMinYMin meet">'
    )
    canvas.add(f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>')
    canvas.add(f'<desc id="{_attr(chart_id)}-desc">{escape(description)}</desc>')


def _close_svg(canvas: _Canvas) -> str:
    canvas.add("</svg>")
    return "".join(canvas.parts)


def _empty_chart(
    title: str, description: str, columns: tuple[str, ...], chart_id: str, width: int = 640, height: int = 120
) -> Chart:
    canvas = _Canvas(width, height)
    _open_svg(canvas, chart_id, title, description)
    canvas.add(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#f3f2f1" stroke="{LIGHT_GREY}"/>'
    )
    canvas.add(
        f'<text x="{width // 2}" y="{height // 2 + 5}" text-anchor="middle" fill="{BLACK}" '
        f'font-size="16">{escape(description)}</text>'
    )
    return Chart(title, description, _close_svg(canvas), columns, (), chart_id)


def _marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    if shape == "square":
        return (
            f'<rect x="{_num(x - size)}" y="{_num(y - size)}" width="{_num(size * 2)}" '
            f'height="{_num(size * 2)}" fill="{colour}" stroke="#fff" stroke-width="1"/>'
        )
    if shape == "diamond":
        s = size * 1.3
        return (
            f'<polygon points="{_num(x)},{_num(y - s)} {_num(x + s)},{_num(y)} {_num(x)},{_num(y + s)} '
            f'{_num(x - s)},{_num(y)}" fill="{colour}" stroke="#fff" stroke-width="1"/>'
        )
    if shape == "triangle":
        s = size * 1.3
        return (
            f'<polygon points="{_num(x)},{_num(y - s)} {_num(x + s)},{_num(y + s * 0.8)} '
            f'{_num(x - s)},{_num(y + s * 0.8)}" fill="{colour}" stroke="#fff" stroke-width="1"/>'
        )
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" fill="{colour}" stroke="#fff" stroke-width="1"/>'


def _y_axis(
    canvas: _Canvas, ticks: list[float], scale_y: "_Scale", left: float, right: float, unit: str, axis_label: str
) -> None:
    canvas.add('<g class="ll-chart__y-axis" aria-hidden="true">')
    for tick in ticks:
        y = scale_y(tick)
        canvas.add(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" y2="{_num(y)}" '
            f'stroke="{LIGHT_GREY}" stroke-width="{2 if tick == 0 else 1}"/>'
        )
        canvas.add(
            f'<text x="{_num(left - 8)}" y="{_num(y + 4)}" text-anchor="end" fill="{BLACK}">'
            f"{escape(format_number(tick, unit))}</text>"
        )
    if axis_label:
        canvas.add(
            f'<text x="14" y="{_num((scale_y(ticks[0]) + scale_y(ticks[-1])) / 2)}" text-anchor="middle" '
            f'fill="{GREY}" transform="rotate(-90 14 {_num((scale_y(ticks[0]) + scale_y(ticks[-1])) / 2)})">'
            f"{escape(axis_label)}</text>"
        )
    canvas.add("</g>")


class _Scale:
    """Linear map from data values to pixels."""

    def __init__(self, domain: tuple[float, float], pixels: tuple[float, float]) -> None:
        self.d0, self.d1 = domain
        self.p0, self.p1 = pixels

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.p0 + self.p1) / 2
        return self.p0 + (value - self.d0) * (self.p1 - self.p0) / (self.d1 - self.d0)


def _label_every(n_labels: int, space: float, min_gap: float) -> int:
    """Show every k-th category label so that labels do not overlap."""
    if n_labels <= 1:
        return 1
    per = space / n_labels
    return max(1, math.ceil(min_gap / max(per, 1e-9)))


CHAR_WIDTH = 7.2  # an estimate of one character's width at 13 px, for laying text out without measuring it
LINE_HEIGHT = 15.0
LEGEND_ROW = 22.0


def _wrap(label: str, max_chars: int, max_lines: int = 3) -> list[str]:
    """A label on lines of at most `max_chars`, broken between words; the last line ends in "…" if it is cut."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    shown = [_truncate(line, max_chars) for line in lines[:max_lines]] or [""]
    if len(lines) > max_lines:
        last = shown[-1]
        shown[-1] = last + "…" if len(last) < max_chars else _truncate(last + "…", max_chars)
    return shown


def _legend_rows(names: Sequence[str], x: float, right: float) -> list[list[tuple[int, str, float]]]:
    """Legend entries (index, name, x) in rows that stay inside `right`: a name is never cut short."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    cursor = x
    for i, name in enumerate(names):
        width = 30 + len(name) * CHAR_WIDTH
        if rows[-1] and cursor + width > right:
            rows.append([])
            cursor = x
        rows[-1].append((i, name, cursor))
        cursor += width + 18
    return rows


def _line_legend(canvas: _Canvas, rows: list[list[tuple[int, str, float]]], y: float) -> None:
    """A line chart's legend (each series' line, marker and whole name) in the rows `_legend_rows` laid out."""
    canvas.add('<g class="ll-chart__legend" aria-hidden="true">')
    for row, entries in enumerate(rows):
        at = y + row * LEGEND_ROW
        for i, name, cursor in entries:
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            dash = SERIES_DASHES[i % len(SERIES_DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            canvas.add(
                f'<line x1="{_num(cursor)}" y1="{_num(at)}" x2="{_num(cursor + 24)}" y2="{_num(at)}" '
                f'stroke="{colour}" stroke-width="3"{dash_attr}/>'
            )
            canvas.add(_marker(SERIES_MARKERS[i % len(SERIES_MARKERS)], cursor + 12, at, colour))
            canvas.add(f'<text x="{_num(cursor + 30)}" y="{_num(at + 4)}" fill="{BLACK}">{escape(name)}</text>')
    canvas.add("</g>")


def _bar_swatch(i: int, x: float, y: float, w: float, h: float) -> str:
    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    # Second and later series get a pattern-like outline so they differ without colour too.
    stroke = (
        f' stroke="{BLACK}" stroke-width="1.5" stroke-dasharray="{SERIES_DASHES[i % len(SERIES_DASHES)]}"' if i else ""
    )
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="{colour}"{stroke}/>'


# ---------------------------------------------------------------------------------------------
# Line / trend chart


def target_status(value: Optional[float], target: Optional[float], direction: Optional[str]) -> str:
    """'meets target', 'misses target' or '' (no value, target or direction) for one value."""
    if value is None or target is None or direction not in DIRECTIONS:
        return ""
    if direction == "higher":
        return "meets target" if value >= target else "misses target"
    return "meets target" if value <= target else "misses target"


def _with_unit(value: float, unit: str) -> str:
    """A value in a sentence: '72%', '30 referrals'."""
    text = format_number(value, unit)
    unit = unit.strip()
    return text if not unit or unit.lower() in PERCENT_UNITS else f"{text} {unit}"


def _trend_sentence(
    values: Sequence[Optional[float]],
    periods: Sequence[str],
    unit: str,
    target: Optional[float],
    direction: Optional[str],
) -> str:
    known = [(p, v) for p, v in zip(periods, values) if v is not None]
    if not known:
        return "No values recorded yet."
    first_p, first_v = known[0]
    last_p, last_v = known[-1]
    parts = [f"Latest value {_with_unit(last_v, unit)} in {last_p}"]
    if len(known) > 1:
        change = last_v - first_v
        if change == 0:
            parts.append(f"no change since {first_p}")
        else:
            word = "up" if change > 0 else "down"
            # A change in a percentage is in percentage points, not per cent.
            amount = (
                f"{format_number(abs(change))} percentage points"
                if unit.strip().lower() in PERCENT_UNITS
                else _with_unit(abs(change), unit)
            )
            parts.append(f"{word} {amount} since {first_p}")
            if direction in DIRECTIONS:
                better = (change > 0) == (direction == "higher")
                parts.append("an improvement" if better else "a deterioration")
    status = target_status(last_v, target, direction)
    if status:
        parts.append(f"the latest value {status}")
    return ", ".join(parts) + "."


def line_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    target: Optional[float] = None,
    direction: Optional[str] = None,
    chart_id: Optional[str] = None,
    width: int = 640,
    height: int = 320,
    include_zero: bool = True,
    suppress_below: Optional[int] = None,
) -> Chart:
    """Values per period as lines, with a dashed target line and the direction that is better.

    `periods` are the x-axis labels in order; each series' values line up with them (None
    where there is no value: the line breaks there). `direction` is "higher" or "lower".
    With `suppress_below=k` (values that count people) a value from 1 to k-1 is not plotted:
    the line breaks, "<k" is written on the axis, and the table says "fewer than k".
    """
    chart_id = chart_id or _slug(title)
    periods = [str(p) for p in periods]
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}, not {direction!r}")
    for s in series:
        if len(s.values) != len(periods):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(periods)} periods")
    k = suppress_below

    def hidden(v: Optional[float]) -> bool:
        return k is not None and v is not None and 0 < v < k

    any_hidden = any(hidden(v) for s in series for v in s.values)
    shown_series = series
    series = [Series(s.name, [None if hidden(v) else v for v in s.values]) for s in series]
    columns: tuple[str, ...] = ("Period",) + tuple(f"{s.name}{unit_suffix(unit)}" for s in series)
    single_with_target = len(series) == 1 and target is not None and direction in DIRECTIONS
    if single_with_target:
        columns += ("Against target",)
    all_values = [float(v) for s in series for v in s.values if v is not None]
    intro = []
    if direction in DIRECTIONS:
        intro.append(f"{DIRECTIONS[direction]}.")
    if target is not None:
        intro.append(f"Target {_with_unit(target, unit)}.")
    if (not all_values and not any_hidden) or not periods:
        return _empty_chart(title, " ".join(intro + ["No values recorded yet."]), columns, chart_id, width)
    if any_hidden:
        all_values.append(float(k))  # type: ignore[arg-type]

    summaries = []
    for s in series:
        sentence = _trend_sentence(s.values, periods, unit, target, direction)
        if any_hidden and all(v is None for v in s.values):
            sentence = ""
        summaries.append(sentence if len(series) == 1 else f"{s.name}: {sentence}")
    if any_hidden:
        summaries.append(
            f"Values from 1 to {k - 1} are shown as fewer than {k} to protect privacy "  # type: ignore[operator]
            f"and are not plotted."
        )
    span = (
        f"{len(periods)} periods from {periods[0]} to {periods[-1]}."
        if len(periods) > 1
        else f"1 period, {periods[0]}."
    )
    description = " ".join([*intro, span, *(x for x in summaries if x)])

    low = min(all_values + ([target] if target is not None else []))
    high = max(all_values + ([target] if target is not None else []))
    if include_zero and low >= 0:
        low = 0.0
    ticks = nice_ticks(low, high)
    # The right margin holds the target's label, beside the end of its line.
    left, right, top = 72.0, width - (96.0 if target is not None else 44.0), 40.0
    label_gap = 64.0 if len(series) > 1 else 40.0
    bottom = height - label_gap
    # Every series' whole name, in as many legend rows as they need: the chart grows to hold them.
    legend = _legend_rows([s.name for s in series], left, width - 8.0) if len(series) > 1 else []
    height += max(len(legend) - 1, 0) * int(LEGEND_ROW)
    scale_y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    n = len(periods)
    step_x = (right - left) / max(n - 1, 1) if n > 1 else 0.0

    def x_at(i: int) -> float:
        return left + i * step_x if n > 1 else (left + right) / 2

    canvas = _Canvas(width, height)
    _open_svg(canvas, chart_id, title, description)
    _y_axis(canvas, ticks, scale_y, left, right, unit, "")
    every = _label_every(n, right - left, min(max(len(p) for p in periods), 12) * 7.5 + 12)
    canvas.add('<g class="ll-chart__x-axis" aria-hidden="true">')
    for i, period in enumerate(periods):
        if i % every:
            continue
        canvas.add(
            f'<text x="{_num(x_at(i))}" y="{_num(bottom + 20)}" text-anchor="middle" fill="{BLACK}">'
            f"{escape(_truncate(period, 12))}</text>"
        )
    canvas.add("</g>")
    if direction in DIRECTIONS:
        arrow = "↑" if direction == "higher" else "↓"
        canvas.add(
            f'<text x="{_num(left)}" y="20" fill="{GREY}" aria-hidden="true">'
            f"{arrow} {escape(DIRECTIONS[direction])}</text>"
        )
    if target is not None:
        ty = scale_y(target)
        canvas.add(
            f'<g class="ll-chart__target"><title>Target {escape(format_number(target, unit))}</title>'
            f'<line x1="{_num(left)}" y1="{_num(ty)}" x2="{_num(right)}" y2="{_num(ty)}" stroke="{BLACK}" '
            f'stroke-width="2" stroke-dasharray="8 5"/>'
            f'<text x="{_num(right + 8)}" y="{_num(ty + 4)}" fill="{BLACK}" '
            f'font-weight="bold">Target {escape(format_number(target, unit))}</text></g>'
        )
    for si, s in enumerate(series):
        colour = SERIES_COLOURS[si % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[si % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((x_at(i), scale_y(float(v))))
        canvas.add('<g class="ll-chart__series">')
        for seg in segments:
            if len(seg) > 1:
                points = " ".join(f"{_num(x)},{_num(y)}" for x, y in seg)
                canvas.add(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3" '
                    f'stroke-linejoin="round"{dash_attr}/>'
                )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            label = f"{s.name}, {periods[i]}: {format_number(float(v), unit)}"
            canvas.add(
                f"<g><title>{escape(label)}</title>"
                f"{_marker(SERIES_MARKERS[si % len(SERIES_MARKERS)], x_at(i), scale_y(float(v)), colour)}</g>"
            )
        canvas.add("</g>")
    if any_hidden:
        canvas.add(f'<g class="ll-chart__suppressed" fill="{GREY}">')
        for i in range(n):
            if any(hidden(s.values[i]) for s in shown_series):
                canvas.add(
                    f"<g><title>{escape(periods[i])}: fewer than {k}</title>"
                    f'<text x="{_num(x_at(i))}" y="{_num(scale_y(0.0) - 6)}" text-anchor="middle">'
                    f"&lt;{k}</text></g>"
                )
        canvas.add("</g>")
    if legend:
        _line_legend(canvas, legend, bottom + label_gap - 14)

    rows = []
    for i, period in enumerate(periods):
        row = [period]
        for s in shown_series:
            value = s.values[i]
            if hidden(value):
                row.append(display_count(int(value), k))  # type: ignore[arg-type]
            else:
                row.append(format_number(float(value), unit) if value is not None else "no value")
        if single_with_target:
            v = series[0].values[i]
            row.append(target_status(float(v) if v is not None else None, target, direction))
        rows.append(tuple(row))
    return Chart(title, description, _close_svg(canvas), columns, tuple(rows), chart_id)


def trend_chart(
    points: Sequence[tuple[str, Optional[float]]],
    *,
    title: str,
    name: str = "Value",
    unit: str = "",
    target: Optional[float] = None,
    direction: Optional[str] = None,
    chart_id: Optional[str] = None,
    width: int = 640,
    height: int = 320,
    suppress_below: Optional[int] = None,
) -> Chart:
    """One indicator's values per period (already in period order) as a line chart."""
    return line_chart(
        [p for p, _ in points],
        [Series(name, [v for _, v in points])],
        title=title,
        unit=unit,
        target=target,
        direction=direction,
        chart_id=chart_id,
        width=width,
        height=height,
        suppress_below=suppress_below,
    )


# ---------------------------------------------------------------------------------------------
# Bar chart


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    value_label: str = "",
    suppress_below: Optional[int] = None,
    chart_id: Optional[str] = None,
    width: int = 640,
    height: int = 320,
    axis_max: Optional[float] = None,
) -> Chart:
    """Bars per category, series side by side; counts of people are suppressed when `suppress_below` is set.

    `axis_max` keeps the axis up to a scale's top (e.g. 5 for a 1 to 5 scale) whatever the values.

    With `suppress_below=k` (use the settings' min_cell_size, default 5) a value from 1 to
    k-1 is shown as "fewer than k", drawn as an outline with no height information, and left
    out of the axis scale, so neither the picture nor the table gives it away. Suppression
    assumes whole counts of people; do not set it for rates or money.
    Example (child deaths per year): bar_chart(["2023", "2024"], [Series("With modifiable
    factors", [3, 7]), Series("Without", [12, 9])], title="Child deaths reviewed by year",
    suppress_below=5).
    """
    chart_id = chart_id or _slug(title)
    categories = [str(c) for c in categories]
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(categories)} categories")
    k = suppress_below

    def hidden(v: Optional[float]) -> bool:
        return k is not None and v is not None and 0 < v < k

    def shown(v: Optional[float]) -> str:
        if v is None:
            return "no value"
        if k is not None:
            return display_count(int(v), k)
        return format_number(float(v), unit)

    heading = value_label or "Value"
    if len(series) == 1:
        columns: tuple[str, ...] = ("Category", f"{series[0].name or heading}{unit_suffix(unit)}")
    else:
        columns = ("Category",) + tuple(f"{s.name}{unit_suffix(unit)}" for s in series)

    def said(s: Series, i: int) -> str:
        """A value in words, as the table, the description and the tooltip give it."""
        v = s.values[i]
        if i in s.hidden:
            return s.hidden[i]
        if i in s.at_least and v is not None and not hidden(v):
            return f"at least {shown(v)}"
        return shown(v)

    rows = tuple((c,) + tuple(said(s, i) for s in series) for i, c in enumerate(categories))
    visible = [
        float(v)
        for s in series
        for i, v in enumerate(s.values)
        if v is not None and not hidden(v) and i not in s.hidden
    ]
    if not categories or not series or all(v is None and not s.hidden for s in series for v in s.values):
        return _empty_chart(title, "No values recorded yet.", columns, chart_id, width)

    parts = []
    for s in series:
        known = [i for i, v in enumerate(s.values) if v is not None or i in s.hidden]
        bits = [f"{categories[i]} {said(s, i)}" for i in known]
        prefix = f"{s.name}: " if len(series) > 1 else ""
        parts.append(prefix + ("; ".join(bits) or "no values recorded") + ".")
    description = f"{len(categories)} categories from {categories[0]} to {categories[-1]}. " + " ".join(parts)
    if k is not None and any(hidden(v) for s in series for v in s.values):
        description += f" Counts from 1 to {k - 1} are shown as fewer than {k} to protect privacy."
    if any(s.hidden for s in series):
        description += " Figures marked as not shown are withheld to protect privacy, and drawn as empty outlines."
    if any(said(s, i).startswith("at least") for s in series for i in s.at_least):
        description += " A figure marked at least is the fewest there are: there may be more."

    high = max(visible + [float(k) if k is not None else 0.0, 0.0, axis_max or 0.0])
    low = min(visible + [0.0])
    whole = all(float(v).is_integer() for v in visible)
    ticks = nice_ticks(low, high if high > low else low + 1, whole=whole)
    n = len(categories)
    left, right = 72.0, width - 16.0
    band = (right - left) / n
    # Every category is labelled, its name wrapped onto up to three lines under its bars, while a band holds
    # enough characters a line to read; with many narrow bands every few are labelled, on one line, instead.
    per_line = int((band - 6) / CHAR_WIDTH)
    longest = max(len(c) for c in categories)
    if per_line >= min(8, longest):
        every, labels = 1, [_wrap(c, per_line) for c in categories]
    else:
        every = _label_every(n, right - left, min(longest, 14) * 7.5 + 12)
        labels = [[_truncate(c, 14)] for c in categories]
    label_lines = max(len(lines) for lines in labels)
    legend = _legend_rows([s.name for s in series], left, right) if len(series) > 1 else []
    # The plot keeps its size: the canvas grows by the extra lines of labels and rows of legend.
    extra = (label_lines - 1) * LINE_HEIGHT + max(len(legend) - 1, 0) * LEGEND_ROW
    marked = any(s.at_least for s in series)
    top = 24.0 + (LINE_HEIGHT if marked else 0.0)  # room over the tallest bar for "at least" and its figure
    height = int(height + extra + (top - 24.0))
    legend_space = 30.0 + max(len(legend) - 1, 0) * LEGEND_ROW if legend else 0.0
    bottom = height - 44.0 - legend_space - (label_lines - 1) * LINE_HEIGHT
    scale_y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    inner = band * 0.75
    bar_w = inner / len(series)

    canvas = _Canvas(width, height)
    _open_svg(canvas, chart_id, title, description)
    _y_axis(canvas, ticks, scale_y, left, right, "" if k is not None else unit, "")
    zero_y = scale_y(0.0)
    show_values = n * len(series) <= 16
    for i, category in enumerate(categories):
        x0 = left + i * band + (band - inner) / 2
        canvas.add('<g class="ll-chart__band">')
        for si, s in enumerate(series):
            v = s.values[i]
            x = x0 + si * bar_w
            if i in s.hidden:
                # An outline of a fixed small height with a dash: nothing of the withheld value is drawn.
                label = f"{s.name + ', ' if len(series) > 1 else ''}{category}: {s.hidden[i]}"
                canvas.add(
                    f"<g><title>{escape(label)}</title>"
                    f'<rect x="{_num(x + 1)}" y="{_num(zero_y - 16)}" width="{_num(max(bar_w - 2, 1))}" height="16" '
                    f'fill="none" stroke="{GREY}" stroke-width="1.5" stroke-dasharray="3 3"/>'
                    f'<text x="{_num(x + bar_w / 2)}" y="{_num(zero_y - 21)}" text-anchor="middle" '
                    f'fill="{GREY}">–</text></g>'
                )
                continue
            if v is None:
                continue
            label = f"{s.name + ', ' if len(series) > 1 else ''}{category}: {said(s, i)}"
            if hidden(v):
                # Outline only, from zero to k: no height information about the real count.
                y_k = scale_y(float(k))  # type: ignore[arg-type]
                canvas.add(
                    f"<g><title>{escape(label)}</title>"
                    f'<rect x="{_num(x + 1)}" y="{_num(y_k)}" width="{_num(max(bar_w - 2, 1))}" '
                    f'height="{_num(zero_y - y_k)}" fill="none" stroke="{GREY}" stroke-width="1.5" '
                    f'stroke-dasharray="3 3"/>'
                    f'<text x="{_num(x + bar_w / 2)}" y="{_num(y_k - 5)}" text-anchor="middle" '
                    f'fill="{GREY}">&lt;{k}</text></g>'
                )
                continue
            y = scale_y(float(v))
            top_y, h = (y, zero_y - y) if v >= 0 else (zero_y, y - zero_y)
            canvas.add(
                f"<g><title>{escape(label)}</title>{_bar_swatch(si, x + 1, top_y, max(bar_w - 2, 1), max(h, 0.0))}"
            )
            centre = _num(x + bar_w / 2)
            if i in s.at_least:
                # Always marked, however many bars: a bar without the words would read as the exact figure.
                canvas.add(
                    f'<text text-anchor="middle" fill="{BLACK}" font-size="12">'
                    f'<tspan x="{centre}" y="{_num(top_y - 5 - LINE_HEIGHT)}">at least </tspan>'
                    f'<tspan x="{centre}" y="{_num(top_y - 5)}">{escape(shown(v))}</tspan></text>'
                )
            elif show_values:
                canvas.add(
                    f'<text x="{centre}" y="{_num(top_y - 5)}" text-anchor="middle" '
                    f'fill="{BLACK}">{escape(shown(v))}</text>'
                )
            canvas.add("</g>")
        canvas.add("</g>")
        if i % every == 0:
            centre = _num(left + i * band + band / 2)
            lines = "".join(
                f'<tspan x="{centre}" y="{_num(bottom + 20 + j * LINE_HEIGHT)}">{escape(line)}</tspan>'
                for j, line in enumerate(labels[i])
            )
            canvas.add(
                f'<text class="ll-chart__category" text-anchor="middle" fill="{BLACK}" aria-hidden="true">'
                f"{lines}</text>"
            )
    if legend:
        canvas.add('<g class="ll-chart__legend" aria-hidden="true">')
        for row, entries in enumerate(legend):
            y = bottom + 60 + (label_lines - 1) * LINE_HEIGHT + row * LEGEND_ROW
            for si, name, cursor in entries:
                canvas.add(_bar_swatch(si, cursor, y - 7, 24, 14))
                canvas.add(f'<text x="{_num(cursor + 30)}" y="{_num(y + 4)}" fill="{BLACK}">{escape(name)}</text>')
        canvas.add("</g>")
    return Chart(title, description, _close_svg(canvas), columns, rows, chart_id)


def count_bar_chart(
    counts: Sequence[tuple[str, int]],
    *,
    title: str,
    name: str = "Count",
    suppress_below: Optional[int] = DEFAULT_K,
    chart_id: Optional[str] = None,
) -> Chart:
    """Counts of people per category (e.g. per year) with small-number suppression on by default."""
    return bar_chart(
        [c for c, _ in counts],
        [Series(name, [n for _, n in counts])],
        title=title,
        suppress_below=suppress_below,
        chart_id=chart_id,
    )


# ---------------------------------------------------------------------------------------------
# Network map of organisations and partnerships


NODE_KINDS = {"organisation": "Organisation", "partnership": "Partnership", "board": "Board"}


@dataclass(frozen=True)
class Node:
    """An organisation, partnership or board on a map (`kind` is a key of NODE_KINDS)."""

    name: str
    kind: str = "organisation"


@dataclass(frozen=True)
class Link:
    """`source` is a member of, or reports to, `target` (e.g. Police -> MARAC, MARAC -> DA board)."""

    source: str
    target: str
    role: str = ""


def _is_lead(role: str) -> bool:
    return role.strip().lower() in {"lead", "chair", "lead agency"}


def layout_map(nodes: Sequence[Node], links: Sequence[Link]) -> list[list[str]]:
    """Columns of node names, left to right: members before what they belong to.

    A node's column is one more than the furthest column of its members (links are followed
    from member to group; a loop is broken where it is found). A node without links goes
    by its kind: organisations first, boards last. Order within a column comes from
    barycentre sweeps, so lines cross little; ties go alphabetically. Deterministic.
    """
    kinds = {n.name: n.kind for n in nodes}
    members: dict[str, list[str]] = {}
    groups: dict[str, list[str]] = {}
    for link in links:
        members.setdefault(link.target, []).append(link.source)
        groups.setdefault(link.source, []).append(link.target)
    column: dict[str, int] = {}

    def depth(name: str, visiting: frozenset[str]) -> int:
        if name in column:
            return column[name]
        below = [depth(m, visiting | {name}) for m in sorted(members.get(name, [])) if m not in visiting | {name}]
        column[name] = 1 + max(below) if below else 0
        return column[name]

    linked = set(members) | set(groups)
    for name in sorted(linked):
        depth(name, frozenset())
    top = max(column.values(), default=0)
    for name, kind in kinds.items():
        if name not in linked:
            column[name] = {"organisation": 0, "partnership": min(1, max(top, 1)), "board": max(top, 2)}.get(kind, 0)
    used = sorted(set(column.values()))
    columns: list[list[str]] = [sorted((n for n, c in column.items() if c == col), key=str.casefold) for col in used]
    neighbours: dict[str, list[str]] = {n: members.get(n, []) + groups.get(n, []) for n in column}

    def positions() -> dict[str, float]:
        return {n: i / max(len(col) - 1, 1) for col in columns for i, n in enumerate(col)}

    for _ in range(3):
        for index in list(range(1, len(columns))) + list(range(len(columns) - 2, -1, -1)):
            where = positions()

            def key(name: str) -> tuple[float, str]:
                linked_to = [where[m] for m in neighbours.get(name, []) if m in where]
                return (sum(linked_to) / len(linked_to) if linked_to else 2.0, name.casefold())

            columns[index] = sorted(columns[index], key=key)
    return columns


def organisation_map(
    nodes: Sequence[Node], links: Sequence[Link], *, title: str, chart_id: Optional[str] = None, width: int = 760
) -> Chart:
    """A map of who works with whom: boxes in columns (members left, what they belong to right).

    Organisations are square boxes, partnerships rounded, boards thick-bordered (the legend
    says so in words as well). A lead or chair role is a thick black line, other links thin
    blue lines; every box and line has a tooltip. The table lists each node with what it
    belongs to and its role; a node with no links is listed with "none recorded".
    """
    chart_id = chart_id or _slug(title)
    columns_table = ("Name", "Kind", "Member of or reports to", "Role")
    kinds: dict[str, str] = {}
    for n in nodes:
        kinds.setdefault(n.name, n.kind if n.kind in NODE_KINDS else "organisation")
    chosen: dict[tuple[str, str], Link] = {}
    for link in links:
        if link.source == link.target:
            continue
        kinds.setdefault(link.source, "organisation")
        kinds.setdefault(link.target, "partnership")
        key = (link.source, link.target)
        # A pair listed twice keeps one line; a lead role wins so the input order does not matter.
        if key not in chosen or (_is_lead(link.role) and not _is_lead(chosen[key].role)):
            chosen[key] = link
    unique = sorted(chosen.values(), key=lambda lk: (lk.source.casefold(), lk.target.casefold()))
    all_nodes = [Node(name, kind) for name, kind in sorted(kinds.items(), key=lambda kv: kv[0].casefold())]
    if not all_nodes:
        return _empty_chart(title, "No organisations or partnerships recorded yet.", columns_table, chart_id, width)
    columns = layout_map(all_nodes, unique)

    rows: list[tuple[str, ...]] = []
    outgoing: dict[str, list[Link]] = {}
    incoming: dict[str, list[Link]] = {}
    for link in unique:
        outgoing.setdefault(link.source, []).append(link)
        incoming.setdefault(link.target, []).append(link)
    for node in all_nodes:
        kind_label = NODE_KINDS[node.kind]
        mine = outgoing.get(node.name, [])
        if not mine:
            rows.append((node.name, kind_label, "none recorded", ""))
        rows.extend((node.name, kind_label, link.target, link.role) for link in mine)

    counts = {k: sum(1 for n in all_nodes if n.kind == k) for k in NODE_KINDS}
    parts = [f"{counts[k]} {NODE_KINDS[k].lower()}{'s' if counts[k] != 1 else ''}" for k in NODE_KINDS if counts[k]]
    description = ", ".join(parts) + f"; {len(unique)} link{'s' if len(unique) != 1 else ''}."
    for node in all_nodes:
        if node.name in incoming:
            names = ", ".join(
                lk.source + (f" ({lk.role})" if lk.role else "")
                for lk in sorted(incoming[node.name], key=lambda lk: lk.source.casefold())
            )
            description += f" {node.name}: {names}."
    alone = [n.name for n in all_nodes if n.name not in incoming and n.name not in outgoing]
    if alone:
        description += f" Not linked yet: {', '.join(alone)}."

    ncols = len(columns)
    row_gap, box_h, top = 44.0, 30.0, 64.0
    height = int(top + max(len(c) for c in columns) * row_gap + 12)
    col_w = (width - 24) / ncols
    box_w = col_w - (56 if ncols > 1 else 0)
    chars = max(int((box_w - 16) / 7.3), 4)
    place: dict[str, tuple[float, float]] = {}
    tallest = max(len(c) for c in columns)
    for ci, col in enumerate(columns):
        offset = top + (tallest - len(col)) * row_gap / 2
        for ri, name in enumerate(col):
            place[name] = (12 + ci * col_w, offset + ri * row_gap)

    canvas = _Canvas(width, height)
    _open_svg(canvas, chart_id, title, description)
    canvas.add('<g class="ll-chart__legend" aria-hidden="true">')
    lx = 12.0
    for kind, label in NODE_KINDS.items():
        if not counts[kind]:
            continue
        canvas.add(_map_box(kind, lx, 10, 26, 18))
        canvas.add(f'<text x="{_num(lx + 32)}" y="24" fill="{BLACK}">{label}</text>')
        lx += 32 + len(label) * 7.3 + 22
    canvas.add(
        f'<line x1="{_num(lx)}" y1="19" x2="{_num(lx + 26)}" y2="19" stroke="{BLACK}" stroke-width="4"/>'
        f'<text x="{_num(lx + 32)}" y="24" fill="{BLACK}">lead or chair</text>'
    )
    canvas.add("</g>")
    canvas.add('<g class="ll-chart__edges">')
    for link in unique:
        sx, sy = place[link.source]
        tx, ty = place[link.target]
        y1, y2 = sy + box_h / 2, ty + box_h / 2
        lead = _is_lead(link.role)
        tip = f"{link.source} – {link.target}" + (f" ({link.role})" if link.role else "")
        if tx > sx:
            x1, x2 = sx + box_w, tx
            mid = (x1 + x2) / 2
            path = f"M{_num(x1)},{_num(y1)} C{_num(mid)},{_num(y1)} {_num(mid)},{_num(y2)} {_num(x2)},{_num(y2)}"
        else:  # a link within a column or backwards (a loop): an arc on the right-hand side
            x1 = sx + box_w
            x2 = tx + box_w
            bulge = max(x1, x2) + 28
            path = f"M{_num(x1)},{_num(y1)} C{_num(bulge)},{_num(y1)} {_num(bulge)},{_num(y2)} {_num(x2)},{_num(y2)}"
        canvas.add(
            f'<path d="{path}" fill="none" stroke="{BLACK if lead else "#1d70b8"}" '
            f'stroke-width="{4 if lead else 1.5}"><title>{escape(tip)}</title></path>'
        )
    canvas.add("</g>")
    canvas.add('<g class="ll-chart__nodes">')
    for node in all_nodes:
        x, y = place[node.name]
        n_in, n_out = len(incoming.get(node.name, [])), len(outgoing.get(node.name, []))
        tip = f"{node.name} ({NODE_KINDS[node.kind].lower()})"
        if n_in:
            tip += f": {n_in} member{'s' if n_in != 1 else ''}"
        if n_out:
            tip += f"{';' if n_in else ':'} member of or reports to {n_out}"
        canvas.add(
            f"<g><title>{escape(tip)}</title>{_map_box(node.kind, x, y, box_w, box_h)}"
            f'<text x="{_num(x + 8)}" y="{_num(y + box_h / 2 + 4.5)}" fill="{BLACK}">'
            f"{escape(_truncate(node.name, chars))}</text></g>"
        )
    canvas.add("</g>")
    return Chart(title, description, _close_svg(canvas), columns_table, tuple(rows), chart_id)


def _map_box(kind: str, x: float, y: float, w: float, h: float) -> str:
    if kind == "board":
        return (
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="#f3f2f1" '
            f'stroke="{BLACK}" stroke-width="3"/>'
        )
    if kind == "partnership":
        return (
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="{_num(h / 2)}" '
            f'fill="#e8f1e8" stroke="#00703c" stroke-width="2"/>'
        )
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="#ffffff" '
        f'stroke="#1d70b8" stroke-width="2"/>'
    )


def network_map(
    memberships: Sequence[Membership],
    *,
    title: str,
    organisations: Sequence[str] = (),
    partnerships: Sequence[str] = (),
    chart_id: Optional[str] = None,
    width: int = 760,
) -> Chart:
    """Organisations joined to the partnerships they belong to (a two-column `organisation_map`)."""
    nodes = [Node(o, "organisation") for o in organisations] + [Node(p, "partnership") for p in partnerships]
    nodes += [Node(m.organisation, "organisation") for m in memberships]
    nodes += [Node(m.partnership, "partnership") for m in memberships]
    links = [Link(m.organisation, m.partnership, m.role) for m in memberships]
    return organisation_map(nodes, links, title=title, chart_id=chart_id, width=width)
