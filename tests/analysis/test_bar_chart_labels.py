"""Bar charts label every category they can, show their whole legend, and draw a known lower bound as a bar."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analysis.charts import SERIES_COLOURS, Chart, Series, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
AREAS = [
    "1. Sharing information before child protection conferences",
    "2. Escalation when a plan is not working",
    "3. Recording the voice of the child",
    "4. Supervision and reflective practice",
    "5. Neglect and its early signs",
]


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 (the SVG is our own output)


def axis_labels(chart: Chart) -> list[str]:
    """The category labels under the bars, each as one string (its wrapped lines joined by spaces)."""
    return [
        " ".join("".join(t.itertext()).strip() for t in el.iter(f"{SVG}tspan")) or "".join(el.itertext())
        for el in parse(chart).iter(f"{SVG}text")
        if el.get("class") == "ll-chart__category"
    ]


def test_every_category_of_five_long_names_gets_a_label_under_its_bars():
    chart = bar_chart(AREAS, [Series("People", [6, 10, 5, 7, 8])], title="Evidence")
    labels = axis_labels(chart)
    assert [label.split(".")[0] for label in labels] == ["1", "2", "3", "4", "5"]
    assert "2. Escalation when a plan is not working" in labels  # wrapped onto lines, not cut at 14 characters


def test_a_legend_name_is_shown_whole_and_inside_the_picture():
    chart = bar_chart(
        AREAS,
        [Series("People who raised it", [6, 10, 5, 7, 8]), Series("Review, audit and indicator findings", [1] * 5)],
        title="Evidence",
    )
    root = parse(chart)
    legend = root.find(f".//{SVG}g[@class='ll-chart__legend']")
    assert legend is not None
    names = ["".join(t.itertext()) for t in legend.iter(f"{SVG}text")]
    assert names == ["People who raised it", "Review, audit and indicator findings"]
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    for text in legend.iter(f"{SVG}text"):
        # 7.2 px a character at 13 px: the same estimate the chart lays the legend out with.
        assert float(text.get("x", 0)) + len("".join(text.itertext())) * 7.2 <= width
        assert float(text.get("y", 0)) <= height


def test_a_known_lower_bound_is_a_bar_to_its_height_marked_at_least_and_a_withheld_figure_stays_an_outline():
    chart = bar_chart(
        ["1. Neglect", "2. Escalation"],
        [Series("People", [10, None], hidden={1: "fewer than 5"}, at_least={0})],
        title="Evidence",
    )
    assert chart.rows == (("1. Neglect", "at least 10"), ("2. Escalation", "fewer than 5"))
    assert "1. Neglect at least 10" in chart.description and "there may be more" in chart.description
    bars = [r for r in parse(chart).iter(f"{SVG}rect") if r.get("fill") == SERIES_COLOURS[0]]
    assert len(bars) == 1 and float(bars[0].get("height", 0)) > 16  # drawn to its height, not a 16 px outline
    outlines = [r for r in parse(chart).iter(f"{SVG}rect") if r.get("stroke-dasharray") == "3 3"]
    assert len(outlines) == 1  # only the withheld figure
    assert "at least 10" in ["".join(t.itertext()) for t in parse(chart).iter(f"{SVG}text")]
    tops = [float(t.get("y", 0)) for t in parse(chart).iter(f"{SVG}tspan")]
    assert min(tops) > 10  # the mark over the tallest bar is not cut off at the top


def test_a_lower_bound_of_the_same_figure_draws_the_same_height_as_an_exact_one():
    exact = bar_chart(["a"], [Series("n", [10])], title="E")
    bound = bar_chart(["a"], [Series("n", [10], at_least={0})], title="E")
    height = [r.get("height") for r in parse(exact).iter(f"{SVG}rect") if r.get("fill") == SERIES_COLOURS[0]]
    assert height == [r.get("height") for r in parse(bound).iter(f"{SVG}rect") if r.get("fill") == SERIES_COLOURS[0]]
