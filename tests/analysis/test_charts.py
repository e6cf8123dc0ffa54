"""Accessible SVG charts: well-formed, labelled, described, with the same figures as a table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from jinja2 import Environment

from analysis.charts import (
    Chart,
    Membership,
    Series,
    bar_chart,
    count_bar_chart,
    format_number,
    Link,
    Node,
    layout_map,
    line_chart,
    network_map,
    organisation_map,
    nice_ticks,
    target_status,
    trend_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 (the SVG is our own output)


def texts(chart: Chart) -> list[str]:
    return ["".join(el.itertext()) for el in parse(chart).iter(f"{SVG}text")]


def assert_accessible_svg(chart: Chart) -> None:
    root = parse(chart)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == chart.title and desc.text == chart.description
    # The admin CSP allows no inline scripts or style attributes.
    assert "<script" not in chart.svg and " style=" not in chart.svg and "javascript:" not in chart.svg


def test_trend_chart_is_a_labelled_and_described_image() -> None:
    chart = trend_chart(
        [("2023-24", 61), ("2024-25", 68.5), ("2025-26", 72)],
        title="Children seen alone",
        unit="%",
        target=75,
        direction="higher",
    )
    assert_accessible_svg(chart)
    assert chart.description.startswith("Higher is better. Target 75%. 3 periods from 2023-24 to 2025-26.")
    assert "Latest value 72% in 2025-26, up 11 percentage points since 2023-24, an improvement" in chart.description
    assert "the latest value misses target" in chart.description


def test_trend_chart_table_has_a_row_per_period_with_the_target_status() -> None:
    chart = trend_chart(
        [("2025-Q1", 80), ("2025-Q2", None), ("2025-Q3", 70)],
        title="Visits in time",
        unit="%",
        target=75,
        direction="higher",
    )
    assert chart.columns == ("Period", "Value", "Against target")
    assert chart.rows == (
        ("2025-Q1", "80%", "meets target"),
        ("2025-Q2", "no value", ""),
        ("2025-Q3", "70%", "misses target"),
    )


def test_lower_is_better_reads_a_fall_as_an_improvement() -> None:
    chart = trend_chart(
        [("2024", 120), ("2025", 90)], title="Re-referrals", unit="referrals", target=100, direction="lower"
    )
    assert "Lower is better." in chart.description
    assert "Target 100 referrals." in chart.description
    assert "Latest value 90 referrals in 2025, down 30 referrals since 2024, an improvement" in chart.description
    assert chart.rows[-1][-1] == "meets target"
    assert chart.columns[1] == "Value (referrals)"


def test_target_line_and_direction_are_drawn() -> None:
    chart = trend_chart([("2024", 10), ("2025", 20)], title="T", target=15, direction="higher")
    shown = texts(chart)
    assert "Target 15" in shown
    assert "↑ Higher is better" in shown
    dashed = [el for el in parse(chart).iter(f"{SVG}line") if el.get("stroke-dasharray") == "8 5"]
    assert len(dashed) == 1


def test_a_missing_value_breaks_the_line_instead_of_joining_across_it() -> None:
    chart = trend_chart([("a", 1), ("b", 2), ("c", None), ("d", 3), ("e", 4)], title="Gap")
    polylines = list(parse(chart).iter(f"{SVG}polyline"))
    assert len(polylines) == 2
    points = [el for el in parse(chart).iter(f"{SVG}circle")]
    assert len(points) == 4


def test_each_point_has_a_tooltip_with_its_period_and_value() -> None:
    chart = trend_chart([("2025-04", 1234.5)], title="Contacts", unit="contacts")
    tips = ["".join(t.itertext()) for g in parse(chart).iter(f"{SVG}g") for t in g.findall(f"{SVG}title")]
    assert "Value, 2025-04: 1,234.5" in tips


def test_several_series_get_a_legend_and_different_dash_patterns() -> None:
    chart = line_chart(["2024", "2025"], [Series("Police", [1, 2]), Series("Health", [2, 3])], title="Two")
    dashes = {el.get("stroke-dasharray") for el in parse(chart).iter(f"{SVG}polyline")}
    assert dashes == {None, "6 3"}
    assert "Police" in texts(chart) and "Health" in texts(chart)
    assert chart.columns == ("Period", "Police", "Health")


def test_a_line_charts_legend_names_each_series_whole_in_rows_that_fit_the_picture() -> None:
    names = [
        "Children's social care (the front door)",
        "Police public protection unit",
        "Health visiting and school nursing",
        "Education",
    ]
    chart = line_chart(["2024", "2025"], [Series(n, [1 + i, 2 + i]) for i, n in enumerate(names)], title="Many")
    root = parse(chart)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "ll-chart__legend")
    shown = {"".join(t.itertext()): t for t in legend.iter(f"{SVG}text")}
    assert set(shown) == set(names)  # none cut short
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert all(float(t.get("x")) + len(n) * 7.2 <= width for n, t in shown.items())
    rows = sorted({float(t.get("y")) for t in shown.values()})
    assert len(rows) > 1 and rows[-1] < height
    assert height > float(
        parse(line_chart(["2024"], [Series("A", [1]), Series("B", [2])], title="Two")).get("viewBox").split()[3]
    )


def test_text_is_escaped_in_the_markup() -> None:
    chart = trend_chart([("<b>2025</b>", 1)], title='Tricky "title" & <script>alert(1)</script>')
    assert_accessible_svg(chart)
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg


def test_a_chart_with_no_values_says_so() -> None:
    chart = trend_chart([("2025", None)], title="Nothing yet", target=5, direction="lower")
    assert_accessible_svg(chart)
    assert chart.description == "Lower is better. Target 5. No values recorded yet."
    assert chart.rows == ()
    assert "No values recorded yet." in " ".join(texts(chart))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="direction"):
        trend_chart([("2025", 1)], title="x", direction="up")
    with pytest.raises(ValueError, match="2 values for 3 periods"):
        line_chart(["a", "b", "c"], [Series("s", [1, 2])], title="x")


def test_chart_renders_as_markup_in_autoescaped_jinja() -> None:
    chart = trend_chart([("2025", 1)], title="Jinja")
    env = Environment(autoescape=True)
    html = env.from_string("<div>{{ chart }}</div>").render(chart=chart)
    assert html == f"<div>{chart.svg}</div>"


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 72) == [0, 20, 40, 60, 80]
    assert nice_ticks(0, 1) == [0, 0.25, 0.5, 0.75, 1]
    ticks = nice_ticks(-3, 1234)
    assert ticks[0] <= -3 and ticks[-1] >= 1234
    assert nice_ticks(5, 5)[0] <= 5 <= nice_ticks(5, 5)[-1]
    assert nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1]


def test_numbers_are_formatted_for_people() -> None:
    assert format_number(1234567) == "1,234,567"
    assert format_number(12.345) == "12.35"
    assert format_number(12.5, "%") == "12.5%"
    assert format_number(-0.001) == "0"
    assert target_status(None, 5, "higher") == ""
    assert target_status(5, 5, "lower") == "meets target"


def test_bar_chart_shows_values_in_picture_and_table() -> None:
    chart = bar_chart(["2023", "2024"], [Series("Audits", [4, 11])], title="Audits per year")
    assert_accessible_svg(chart)
    assert chart.columns == ("Category", "Audits")
    assert chart.rows == (("2023", "4"), ("2024", "11"))
    assert "4" in texts(chart) and "11" in texts(chart)
    assert chart.description == "2 categories from 2023 to 2024. 2023 4; 2024 11."


def test_suppressed_counts_are_neither_printed_nor_drawn_to_height() -> None:
    def deaths(small: int) -> Chart:
        return count_bar_chart([("2023", small), ("2024", 9)], title="Child deaths reviewed by year", name="Deaths")

    one, four = deaths(1), deaths(4)
    # The picture, the description and the table are identical whatever the small count was.
    assert one == four
    assert one.rows == (("2023", "fewer than 5"), ("2024", "9"))
    assert "fewer than 5" in one.description and "2023 1" not in one.description
    assert "1" not in texts(one) and "<5" in texts(one)


def test_suppression_keeps_zero_and_leaves_the_scale_to_visible_values() -> None:
    chart = bar_chart(["a", "b", "c"], [Series("n", [0, 3, 40])], title="Scale", suppress_below=5)
    assert chart.rows == (("a", "0"), ("b", "fewer than 5"), ("c", "40"))
    with_two = bar_chart(["a", "b", "c"], [Series("n", [0, 2, 40])], title="Scale", suppress_below=5)
    assert chart.svg == with_two.svg


def test_grouped_bars_for_child_deaths_with_and_without_modifiable_factors() -> None:
    chart = bar_chart(
        ["2023", "2024"],
        [Series("With modifiable factors", [6, 2]), Series("Without", [12, 9])],
        title="Child deaths by year",
        suppress_below=5,
    )
    assert chart.columns == ("Category", "With modifiable factors", "Without")
    assert chart.rows == (("2023", "6", "12"), ("2024", "fewer than 5", "9"))
    assert "With modifiable factors" in texts(chart) and "Without" in texts(chart)


def test_empty_bar_chart_says_no_values() -> None:
    chart = bar_chart([], [Series("n", [])], title="Empty")
    assert chart.description == "No values recorded yet."
    assert_accessible_svg(chart)


MEMBERS = [
    Membership("Police", "MARAC", "lead"),
    Membership("Children's Services", "MARAC"),
    Membership("Women's Aid", "Domestic Abuse Partnership Board", "lead"),
    Membership("Police", "Domestic Abuse Partnership Board"),
    Membership("Acute Hospital NHS Trust", "MARAC"),
]


def test_network_map_draws_every_organisation_partnership_and_membership() -> None:
    chart = network_map(MEMBERS, organisations=["Schools"], title="Domestic abuse: who works with whom")
    assert_accessible_svg(chart)
    shown = texts(chart)
    for name in (
        "Police",
        "Children's Services",
        "Women's Aid",
        "Acute Hospital NHS Trust",
        "Schools",
        "MARAC",
        "Domestic Abuse Partnership Board",
    ):
        assert name in shown
    edges = list(parse(chart).iter(f"{SVG}path"))
    assert len(edges) == 5
    assert sorted(e.get("stroke-width") for e in edges) == ["1.5", "1.5", "1.5", "4", "4"]
    assert ("Schools", "Organisation", "none recorded", "") in chart.rows
    assert ("Police", "Organisation", "MARAC", "lead") in chart.rows
    assert ("MARAC", "Partnership", "none recorded", "") in chart.rows
    assert chart.description.startswith("5 organisations, 2 partnerships; 5 links.")
    assert "MARAC: Acute Hospital NHS Trust, Children's Services, Police (lead)." in chart.description
    assert "Not linked yet: Schools." in chart.description


def test_network_map_is_the_same_whatever_order_the_memberships_come_in() -> None:
    forward = network_map(MEMBERS, title="Map")
    backward = network_map(list(reversed(MEMBERS)) + [Membership("Police", "MARAC")], title="Map")
    assert forward == backward


def test_two_column_layout_keeps_separate_groups_apart() -> None:
    members = [
        Membership("A1", "Z"),
        Membership("B1", "Y"),
        Membership("A2", "Z"),
        Membership("B2", "Y"),
        Membership("B3", "Y"),
    ]
    nodes = [Node(m.organisation) for m in members] + [Node(m.partnership, "partnership") for m in members]
    columns = layout_map(nodes, [Link(m.organisation, m.partnership) for m in members])
    assert len(columns) == 2
    assert columns[0] in (["A1", "A2", "B1", "B2", "B3"], ["B1", "B2", "B3", "A1", "A2"])
    assert columns[1] == (["Z", "Y"] if columns[0][0] == "A1" else ["Y", "Z"])


def test_partnerships_that_report_to_a_board_get_a_third_column() -> None:
    nodes = [
        Node("Police"),
        Node("Health"),
        Node("MARAC", "partnership"),
        Node("Channel panel", "partnership"),
        Node("Community Safety Partnership", "board"),
        Node("Probation"),
    ]
    links = [
        Link("Police", "MARAC", "chair"),
        Link("Health", "MARAC"),
        Link("Police", "Channel panel"),
        Link("MARAC", "Community Safety Partnership"),
        Link("Channel panel", "Community Safety Partnership"),
    ]
    columns = layout_map(nodes, links)
    assert [set(c) for c in columns] == [
        {"Police", "Health", "Probation"},
        {"Channel panel", "MARAC"},
        {"Community Safety Partnership"},
    ]
    chart = organisation_map(nodes, links, title="Prevent and MARAC")
    assert_accessible_svg(chart)
    assert ("MARAC", "Partnership", "Community Safety Partnership", "") in chart.rows
    assert chart.description.startswith("3 organisations, 2 partnerships, 1 board; 5 links.")
    assert "Community Safety Partnership: Channel panel, MARAC." in chart.description


def test_a_loop_in_the_links_does_not_hang_or_lose_anyone() -> None:
    nodes = [Node("A", "partnership"), Node("B", "partnership"), Node("C")]
    links = [Link("A", "B"), Link("B", "A"), Link("C", "A"), Link("C", "C")]
    columns = layout_map(nodes, [link for link in links if link.source != link.target])
    assert sorted(n for col in columns for n in col) == ["A", "B", "C"]
    chart = organisation_map(nodes, links, title="Loop")
    assert len(list(parse(chart).iter(f"{SVG}path"))) == 3


def test_long_names_are_shortened_in_the_picture_but_whole_in_tooltips_and_table() -> None:
    name = "A very long organisation name that would run into the lines of the picture"
    chart = network_map([Membership(name, "P")], title="Long")
    assert name not in texts(chart)
    assert any(t.endswith("…") for t in texts(chart))
    assert f"{name} (organisation): member of or reports to 1" in chart.svg
    assert chart.rows == ((name, "Organisation", "P", ""), ("P", "Partnership", "none recorded", ""))


def test_empty_network_map_says_so() -> None:
    chart = network_map([], title="Nobody")
    assert chart.description == "No organisations or partnerships recorded yet."


def test_trend_of_a_count_of_people_hides_small_values_whatever_they_were() -> None:
    def chart(small: int) -> Chart:
        return trend_chart(
            [("2025-Q1", 12), ("2025-Q2", small), ("2025-Q3", 9)],
            title="Children missing",
            unit="children",
            target=10,
            direction="lower",
            suppress_below=5,
        )

    one, four = chart(1), chart(4)
    assert one == four
    assert one.rows == (
        ("2025-Q1", "12", "misses target"),
        ("2025-Q2", "fewer than 5", ""),
        ("2025-Q3", "9", "meets target"),
    )
    assert "Values from 1 to 4 are shown as fewer than 5" in one.description
    assert len(list(parse(one).iter(f"{SVG}circle"))) == 2
    assert "<5" in texts(one)


def test_a_trend_of_only_small_counts_still_draws_an_axis() -> None:
    chart = trend_chart([("2025", 2)], title="Few", suppress_below=5)
    assert chart.rows == (("2025", "fewer than 5"),)
    assert "No values recorded yet." not in chart.description


def test_counts_get_whole_number_ticks() -> None:
    assert nice_ticks(0, 9, whole=True) == [0, 5, 10]
    assert nice_ticks(0, 3, whole=True) == [0, 1, 2, 3]
    chart = bar_chart(["a", "b"], [Series("n", [7, 9])], title="Whole")
    assert not any("." in t for t in texts(chart))


def test_long_category_labels_are_thinned_so_they_do_not_overlap() -> None:
    names = [f"{n}. A long standard name" for n in range(1, 11)]
    chart = bar_chart(names, [Series("n", list(range(10)))], title="Thin", width=640)
    shown = [t for t in texts(chart) if t.endswith("…")]
    assert 2 <= len(shown) < 10
