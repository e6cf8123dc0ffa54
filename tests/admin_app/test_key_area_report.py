"""The printable key-area report: a merged area's people are a bar marked "at least", staff text keeps its
paragraphs, and the quotes page says its quotes are dated by the month they were released to staff."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from analysis.charts import SERIES_COLOURS
from core.models import KeyAreaSet
from core.services.themes import install_themes
from tests.factories import themed_responses

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def proposed(auth, admin_client, db, surveys, settings) -> KeyAreaSet:
    install_themes(db)
    themed_responses(db, settings.keys_dir, "information_sharing", "development", 6, dt.date(2026, 10, 1))
    themed_responses(db, settings.keys_dir, "neglect", "development", 10, dt.date(2026, 10, 1), text="Neglect missed.")
    themed_responses(db, settings.keys_dir, "supervision_workforce", "good_practice", 5, dt.date(2026, 9, 1))
    db.commit()
    auth.login("staff")
    response = admin_client.post("/key-areas/propose", data={"year": "2026", "title": "Key areas 2026"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.scalar(select(KeyAreaSet))


def _development_chart(page: str) -> ET.Element:
    start = page.index("<svg", page.index("The evidence behind each key area for practice development"))
    return ET.fromstring(page[start : page.index("</svg>", start) + 6])  # noqa: S314 (our own page)


def test_a_merged_areas_people_are_a_bar_marked_at_least_not_the_outline_of_a_withheld_figure(
    admin_client, db, proposed
):
    neglect, sharing = sorted(proposed.of_kind("development"), key=lambda a: a.theme_codes != ["neglect"])
    merged = admin_client.post(f"/key-areas/areas/{sharing.id}/merge", data={"into": str(neglect.id)})
    assert merged.status_code == 302

    page = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)

    chart = _development_chart(page)
    bars = [r for band in chart.iterfind(f".//{SVG}g[@class='ll-chart__band']") for r in band.iter(f"{SVG}rect")]
    people = [r for r in bars if r.get("fill") == SERIES_COLOURS[0]]
    assert len(people) == 1 and float(people[0].get("height", 0)) > 16
    assert not [r for r in chart.iter(f"{SVG}rect") if r.get("stroke-dasharray") == "3 3"]
    assert "at least 10" in ["".join(t.itertext()) for t in chart.iter(f"{SVG}text")]
    assert "at least 10" in page[page.index("The figures: The evidence behind each key area") :]


def test_every_area_of_the_report_chart_is_labelled_and_its_legend_is_whole(admin_client, db, proposed):
    page = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)

    chart = _development_chart(page)
    labels = [el for el in chart.iter(f"{SVG}text") if el.get("class") == "ll-chart__category"]
    assert [" ".join(t.text or "" for t in el).split(".")[0] for el in labels] == ["1", "2"]
    legend = ["".join(t.itertext()) for t in chart.find(f".//{SVG}g[@class='ll-chart__legend']").iter(f"{SVG}text")]
    assert "Review, audit and indicator findings" in legend


def test_staff_paragraphs_stay_paragraphs_in_the_report_escaped(admin_client, db, proposed):
    area = proposed.of_kind("development")[0]
    data = {
        "title": area.title,
        "summary": "Reports arrive late.\r\n\r\nFamilies read them <b>the night before</b>.",
        "action": "Send reports five days ahead.\nCheck it in the audit.",
    }
    assert admin_client.post(f"/key-areas/areas/{area.id}/edit", data=data).status_code == 302

    page = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)

    assert "Reports arrive late.</p>" in page
    assert '<p class="govuk-body">Families read them &lt;b&gt;the night before&lt;/b&gt;.</p>' in page
    assert "Send reports five days ahead.</p>" in page and '<p class="govuk-body">Check it in the audit.</p>' in page


def test_the_quotes_page_says_quotes_are_dated_by_the_month_they_were_released_not_sent(admin_client, db, proposed):
    neglect = next(a for a in proposed.of_kind("development") if a.theme_codes == ["neglect"])

    page = admin_client.get(f"/key-areas/areas/{neglect.id}/quotes").get_data(as_text=True)

    assert "Neglect missed." in page
    assert "month it was sent" not in page
    assert "month it was released to staff" in page and "Released to staff in October 2026" in page


def test_the_report_says_when_the_set_was_published_and_that_a_withdrawn_one_is_no_longer_shown(
    admin_client, db, proposed
):
    for area in proposed.areas:
        data = {"title": area.title, "action": f"We will act on {area.title}."}
        assert admin_client.post(f"/key-areas/areas/{area.id}/edit", data=data).status_code == 302
    assert "Draft." in admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)
    assert admin_client.post(f"/key-areas/{proposed.id}/publish").status_code == 302

    published = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)
    assert admin_client.post(f"/key-areas/{proposed.id}/withdraw").status_code == 302
    withdrawn = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)

    # A printed report is read away from the site: its date, and whether it still stands, are on the paper.
    assert "Published on 27 November 2026." in published
    assert "Withdrawn: no longer shown on the public site (published on 27 November 2026)." in withdrawn


def test_the_report_does_not_say_we_will_twice_when_staff_wrote_it(admin_client, db, proposed):
    area = proposed.areas[0]
    area.action = "We will run a briefing for all partners."
    db.commit()
    report = admin_client.get(f"/key-areas/{proposed.id}/report").get_data(as_text=True)
    shown = admin_client.get(f"/key-areas/{proposed.id}").get_data(as_text=True)
    for page in (report, shown):
        assert "We will run a briefing for all partners." in page
        assert "We will:</strong> We will run" not in page and "We will keep:</strong> We will run" not in page
