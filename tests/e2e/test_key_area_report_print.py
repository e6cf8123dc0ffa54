"""In a real browser, printed: the key-area report's chart labels every area, shows its whole legend, and draws a
merged area's "at least" people as a bar, not as the outline that stands for a withheld figure."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from core.clock import SystemClock
from core.services.deadlines import today_in_england
from core.services.themes import install_themes, theme_labels
from tests.e2e.a11y import AxeLog
from tests.e2e.helpers import staff_sign_in
from tests.factories import themed_responses

pytestmark = pytest.mark.e2e

THEMES = {  # five development areas, most people first, so that they are proposed in this order
    "parental_vulnerabilities": 10,
    "escalation_challenge": 9,
    "information_sharing": 8,
    "professional_curiosity": 7,
    "neglect": 6,
}


def test_the_printed_report_labels_every_area_and_draws_a_merged_areas_people_as_at_least(
    page, site, staff, db: Session
):
    install_themes(db)
    today = today_in_england(SystemClock())
    day = max(today - dt.timedelta(days=20), today.replace(month=1, day=1))
    for theme, n in THEMES.items():
        themed_responses(db, site.settings.keys_dir, theme, "development", n, day)
    themed_responses(db, site.settings.keys_dir, "supervision_workforce", "good_practice", 5, day)
    db.commit()

    staff_sign_in(page, staff.email, staff.password)
    page.goto("/admin/key-areas/")
    page.get_by_label("Year").select_option(str(today.year))
    page.get_by_role("button", name="Propose key areas").click()
    fifth = page.locator("h3", has_text="5.").first.inner_text().split(". ", 1)[1]
    second = page.locator("h3", has_text="2.").first.inner_text().split(". ", 1)[1]
    merge = page.get_by_label(f"Merge “{fifth}” into")
    merge.select_option(label=second)
    merge.locator("xpath=ancestor::form").get_by_role("button").click()
    expect(page.get_by_text(f"Merged “{fifth}” into “{second}”.")).to_be_visible()
    [merged_into] = [code for code, label in theme_labels(db).items() if label == second]
    report_link = page.get_by_role("link", name="Printable report")
    report_link.click()
    page.emulate_media(media="print")

    chart = page.locator("svg#evidence-key-area-for-practice-development")
    box = chart.bounding_box()
    assert box is not None
    labels = chart.locator("text.ll-chart__category")
    assert [t.split(".")[0] for t in labels.all_text_contents()] == ["1", "2", "3", "4"]
    inside = chart.locator("text").evaluate_all(
        """(texts, svg) => texts.filter(t => t.textContent.trim()).map(t => {
               const r = t.getBoundingClientRect(), s = t.ownerSVGElement.getBoundingClientRect();
               return [t.textContent, r.left >= s.left - 1 && r.right <= s.right + 1
                                      && r.top >= s.top - 1 && r.bottom <= s.bottom + 1];
           })""",
    )
    assert [text for text, ok in inside if not ok] == []
    assert "Review, audit and indicator findings" in [text for text, _ in inside]
    assert [text for text, _ in inside if text.startswith("at least ")] == [f"at least {THEMES[merged_into]}"]
    assert chart.locator("rect[stroke-dasharray='3 3']").count() == 0
    axe = AxeLog(page, "key-area report")
    axe("printed key-area report")
    axe.assert_clean()
