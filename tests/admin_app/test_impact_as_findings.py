"""The impact page and the findings page show the same families' answers the same way: 14 answers all in one
quarter are that year's answers, so the quarter's cells read as the findings page's year cells do, neither page
showing a count under 5 (the demo's 14 family answers in 2026 Q4 were all "not shown" on the impact page)."""

from __future__ import annotations

import datetime as dt
import html
import re

from tests.factories import survey_by_slug
from tests.feedback_app.flows import release_for_staff, store_response

# Satisfaction 2 once, 3 three times, 4 and 5 five times each; trust 2 six times and 3, 4, 5 from the rest.
SATISFACTION = ["2"] + ["3"] * 3 + ["4"] * 5 + ["5"] * 5
TRUST = ["2"] * 6 + ["3"] * 2 + ["4"] * 5 + ["5"]


def _findings_cells(page: str, prompt: str) -> list[str]:
    table = page[page.index(prompt) :].split("</table>")[0]
    return re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>', table)


def _impact_cells(page: str, caption: str) -> list[str]:
    table = page[page.index(caption) :].split("</table>")[0]
    row = table[table.index('<th scope="row" class="govuk-table__header">2026 Q4</th>') :].split("</tr>")[0]
    return re.findall(r">([^<]*)</td>", row)[2:]  # after the people and the median


def test_a_quarter_holding_all_a_years_answers_shows_them_as_the_findings_page_does(
    admin_client, auth, db, surveys, settings
):
    day = dt.date(2026, 11, 2)
    for satisfaction, trust in zip(SATISFACTION, TRUST):
        answers = {"service": "early_help", "satisfaction": satisfaction, "trust_worker": trust, "went_well": ""}
        for key in ("listened_to", "included", "respect", "reports_in_time"):
            answers[key] = "4"
        store_response(db, settings, "family-feedback", answers, today=day)
    release_for_staff(db, day)

    auth.login("staff")
    survey_id = survey_by_slug(db, "family-feedback").id
    findings = html.unescape(admin_client.get(f"/findings/surveys/{survey_id}?year=2026").get_data(as_text=True))
    impact = html.unescape(admin_client.get("/impact/").get_data(as_text=True))

    satisfied = _findings_cells(findings, "Overall, how satisfied are you with the help your family got?")
    trusted = _findings_cells(findings, "I trusted the people working with my family")
    assert satisfied == ["0", "fewer than 5", "fewer than 5", "5", "5"]
    assert trusted == ["0", "6", "fewer than 5", "5", "fewer than 5"]
    assert _impact_cells(impact, "Satisfaction with the help the family got by quarter") == satisfied
    assert _impact_cells(impact, "Confidence in the people working with the family by quarter") == trusted
