"""The impact view: follow-up answers appear per key area once at least K have answered, compared across rounds."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from core.models import Survey
from core.services import child_deaths, learning
from core.services.actions import ActionDetails, create_action
from tests.feedback_app.flows import answer_survey, release_for_staff, store_response
from tests.mail_cycle import LINK, disseminate_to, send_later_round
from tests.smtp_server import body_of

PEOPLE = [f"p{n}@example.org" for n in range(6)]


def _answer_round(feedback_app, db, smtp_server, already: int, confidence: dict[str, str], answering: int) -> None:
    slug = db.scalar(select(Survey.slug).where(Survey.slug.like("follow-up-%")))
    for message in smtp_server.received[already : already + answering]:
        client = feedback_app.test_client()
        link = LINK.search(body_of(message))
        assert link is not None
        client.get(client.get(link.group(1)).headers["Location"])
        answer_survey(client, db, slug, overrides=confidence)
        assert client.post(f"/s/{slug}/check").status_code == 200


def test_follow_up_answers_appear_in_the_impact_view_once_five_have_answered(
    admin_client, auth, db, surveys, make_settings, clock, smtp_server, feedback_app
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    sent, published = disseminate_to(db, settings, clock, PEOPLE)  # 6 key-area emails, then 6 baseline invitations
    area = published.areas[0]
    _answer_round(feedback_app, db, smtp_server, 6, {f"confidence_{area.id}": "2"}, answering=4)
    release_for_staff(db, clock.now().date())

    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    assert "fewer than 5" in page and "median confidence changed" not in page  # four answers: only that

    _answer_round(feedback_app, db, smtp_server, 10, {f"confidence_{area.id}": "2"}, answering=2)
    # Released in 2026 with the baseline's first four: a round whose answers span two years, or share one with
    # other answers to the survey, shows none of its figures (test_impact_beside_findings.py).
    release_for_staff(db, clock.now().date())
    send_later_round(db, settings, clock, sent)
    _answer_round(feedback_app, db, smtp_server, 12, {f"confidence_{area.id}": "5"}, answering=6)
    release_for_staff(db, clock.now().date())

    auth.logout()  # six weeks on: the session ended long ago
    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    section = page[page.index(area.title) :]
    assert "Baseline, when sent" in section and "After 6 weeks" in section
    assert "median confidence changed by +3.0" in section and "effect size +1.00" in section
    assert "memorable code" not in section.split("</table>")[1]  # no one gave a code: no pairs, nothing paired shown


def test_a_round_nobody_has_answered_yet_says_so_rather_than_not_shown(
    admin_client, auth, db, surveys, make_settings, clock, smtp_server
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    sent, published = disseminate_to(db, settings, clock, PEOPLE)
    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    table = page[page.index(published.areas[0].title) :].split("</table>")[0]
    assert "Baseline, when sent" in table and table.count("no answers yet") == 3 and "not shown" not in table


def _heading_levels(page: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[ >]", page[page.index("<main") :])]


def test_the_impact_pages_headings_go_down_one_level_at_a_time(
    admin_client, auth, db, surveys, make_settings, clock, smtp_server
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    sent, published = disseminate_to(db, settings, clock, PEOPLE)
    auth.login("staff")
    for url in (f"/impact/disseminations/{sent.id}", "/impact/report"):
        page = admin_client.get(url).get_data(as_text=True)
        levels = _heading_levels(page)
        # A screen reader's list of headings: each area sits under the page (or the sending) it belongs to.
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), (url, levels)
        area = re.search(r"<h([1-6])[^>]*>" + re.escape(published.areas[0].title), page)
        assert area is not None and int(area.group(1)) == (2 if "disseminations" in url else 4), url


def _family_answers(db, settings, day: dt.date, satisfaction: str, count: int) -> None:
    for _ in range(count):
        answers = {"service": "early_help", "satisfaction": satisfaction, "trust_worker": "4", "went_well": ""}
        store_response(db, settings, "family-feedback", answers, today=day)


def _cdr_with_action(db, year: int, modifiable: str, action_year: int | None = None) -> None:
    details = child_deaths.CdrDetails(
        date_of_death=dt.date(year, 3, 10),
        stage="closed",
        category="sudden_unexpected_unexplained",
        modifiable=modifiable,
        panel_on=dt.date(year, 9, 1),
    )
    cdr = child_deaths.create_cdr(db, None, details)
    if action_year is not None:
        point = learning.create_learning_point(db, None, "cdr", cdr, learning.PointDetails(title="Safer sleep"))
        action = create_action(
            db,
            None,
            point,
            ActionDetails(title="Safer sleep at every contact", lead="Named nurse", status="done", evidence="Done"),
            dt.date(action_year, 6, 1),
        )
        action.created_at = dt.datetime(action_year, 2, 1, tzinfo=dt.timezone.utc)
    db.commit()


def test_the_impact_page_and_report_show_families_over_time_and_child_deaths_beside_actions(
    admin_client, auth, db, surveys, settings
):
    _family_answers(db, settings, dt.date(2026, 8, 3), "2", 5)
    _family_answers(db, settings, dt.date(2026, 11, 2), "4", 6)
    for _ in range(6):
        _cdr_with_action(db, 2024, "yes")
    _cdr_with_action(db, 2025, "no", action_year=2025)

    auth.login("staff")
    page = admin_client.get("/impact/").get_data(as_text=True)
    family = page[page.index("Satisfaction with the help the family got by quarter: how many gave each answer") :]
    q3 = family[family.index('<th scope="row" class="govuk-table__header">2026 Q3</th>') :].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", q3) == ["5", "2.0", "0", "5", "0", "0", "0"]
    assert "Confidence in the people working with the family" in page
    deaths = page[page.index("impact-deaths-by-year") :]
    row_2024 = deaths[deaths.index(">2024</th>") :].split("</tr>")[0]
    row_2025 = deaths[deaths.index(">2025</th>") :].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", row_2024) == ["6", "6", "6", "0", "0"]
    assert re.findall(r">([^<]*)</td>", row_2025) == ["fewer than 5", "fewer than 5", "0", "1", "1"]

    report = admin_client.get("/impact/report")
    assert report.status_code == 200
    html = report.get_data(as_text=True)
    assert "Impact report" in html and html.count('class="ll-report-section"') == 3
    assert html.count("<svg") >= 3 and "2024: 6" in html  # the family charts (2) and child deaths
    assert "2025: 0" in html and "2024: 6" in html


def test_the_impact_pages_are_read_by_board_members_too(admin_client, auth, db):
    auth.login("board")  # as DESIGN section 1 says; what they show them: test_impact_readers.py
    assert admin_client.get("/impact/").status_code == 200
    assert admin_client.get("/impact/report").status_code == 200
