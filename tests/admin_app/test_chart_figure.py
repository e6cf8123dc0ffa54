"""A chart on a staff page: its picture with the same figures as a table, or, with no figures, words said once."""

from __future__ import annotations

import re

from flask import render_template_string

from analysis.charts import trend_chart

FIGURE = '{% import "charts.html" as charts %}{{ charts.chart_with_table(chart) }}'


def _render(admin_app, chart) -> str:
    with admin_app.test_request_context():
        return render_template_string(FIGURE, chart=chart)


def _heard(html: str) -> list[str]:
    """The text a screen reader meets: what aria-hidden hides left out, the picture by its title and description."""
    shown = re.sub(r'<div class="ll-chart-figure__picture" aria-hidden="true">.*?</svg></div>', "", html, flags=re.S)
    shown = re.sub(
        r"<svg.*?</svg>", lambda m: " ".join(re.findall(r"<(?:title|desc)[^>]*>([^<]*)<", m[0])), shown, flags=re.S
    )
    return [t.strip() for t in re.sub(r"<[^>]+>", "\n", shown).splitlines() if t.strip()]


def test_a_chart_with_no_figures_says_so_once_to_a_screen_reader(admin_app):
    html = _render(admin_app, trend_chart([("2025", None)], title="Contacts"))
    assert _heard(html).count("No values recorded yet.") == 1
    assert "No values recorded yet." in html.split('aria-hidden="true"')[1]  # still drawn for sighted readers


def test_a_chart_with_figures_keeps_its_picture_for_a_screen_reader(admin_app):
    html = _render(admin_app, trend_chart([("2024", 3), ("2025", 7)], title="Contacts"))
    assert 'aria-hidden="true">' not in html.split("ll-chart-figure__picture")[1][:40]
    assert "Contacts" in _heard(html) and "7" in _heard(html)
