"""A survey's findings page offers whole calendar years only, so periods cannot be subtracted from each other."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.services.themes import install_themes
from tests.factories import survey_by_slug, themed_responses


def _month_counts(db, keys_dir):
    install_themes(db)
    themed_responses(db, keys_dir, "neglect", "development", 4, dt.date(2026, 9, 10))
    themed_responses(db, keys_dir, "neglect", "development", 5, dt.date(2026, 10, 10))
    themed_responses(db, keys_dir, "neglect", "development", 6, dt.date(2026, 11, 10))
    db.commit()


def test_october_alone_cannot_be_shown_to_work_out_september_from_the_year(auth, admin_client, db, surveys, settings):
    _month_counts(db, settings.keys_dir)
    auth.login("staff")
    survey_id = survey_by_slug(db, "practitioner-feedback").id

    year = admin_client.get(f"/findings/surveys/{survey_id}?start=2025-11-28&end=2026-11-27").get_data(as_text=True)
    october = admin_client.get(f"/findings/surveys/{survey_id}?start=2026-10-01&end=2026-10-31").get_data(as_text=True)

    # The year's 15 less October's 5 and November's 6 gave September's 4, which the year view hides.
    assert "<strong>15</strong>" in year and "fewer than 5" in year
    assert "<strong>5</strong>" not in october and "<strong>15</strong>" in october
    assert "whole calendar years" in year


def test_the_year_is_chosen_from_the_years_offered_and_any_other_is_refused(auth, admin_client, db, surveys, settings):
    _month_counts(db, settings.keys_dir)
    themed_responses(db, settings.keys_dir, "neglect", "good_practice", 5, dt.date(2024, 3, 1))
    db.commit()
    auth.login("staff")
    survey_id = survey_by_slug(db, "practitioner-feedback").id

    page = admin_client.get(f"/findings/surveys/{survey_id}?year=2024").get_data(as_text=True)

    assert "People who answered in 2024: <strong>5</strong>" in page
    assert '<option value="2025">' in page and '<option value="2024" selected>' in page
    for bad in ("2023", "2027", "20x6", "-1", "9" * 40):
        response = admin_client.get(f"/findings/surveys/{survey_id}?year={bad}")
        assert response.status_code == 400 and "whole calendar years" in response.get_data(as_text=True)


def test_the_codebook_adds_up_only_what_the_findings_pages_show(auth, admin_client, db, surveys, settings):
    install_themes(db)
    themed_responses(db, settings.keys_dir, "neglect", "development", 6, dt.date(2026, 10, 1))
    themed_responses(db, settings.keys_dir, "neglect", "good_practice", 2, dt.date(2026, 10, 1))
    themed_responses(db, settings.keys_dir, "neglect", "development", 3, dt.date(2025, 10, 1))
    themed_responses(db, settings.keys_dir, "neglect", "development", 7, dt.date(2024, 10, 1))
    db.commit()
    auth.login("board")
    survey_id = survey_by_slug(db, "practitioner-feedback").id

    page = admin_client.get("/learning/themes").get_data(as_text=True)
    row = page[page.index(">Neglect<") :]
    row = row[: row.index("</tr>")]
    findings = admin_client.get(f"/findings/surveys/{survey_id}?year=2026").get_data(as_text=True)

    # An all-time 16 beside 2024's 7 would give away 2025's hidden 3 and 2026's 6 (hidden to protect the 2).
    assert "<strong>8</strong>" in findings
    assert ">at least 7<" in row and ">16<" not in row and ">13<" not in row


def test_the_survey_list_s_all_time_count_does_not_give_a_hidden_year_away(auth, admin_client, db, surveys, settings):
    install_themes(db)
    themed_responses(db, settings.keys_dir, "neglect", "development", 3, dt.date(2025, 6, 1))
    themed_responses(db, settings.keys_dir, "neglect", "development", 11, dt.date(2026, 6, 1))
    db.commit()
    auth.login("board")

    page = admin_client.get("/surveys/").get_data(as_text=True)

    # 14 beside 2026's findings page showing 11 would give away 2025's hidden 3.
    assert ">14<" not in page and "at least 11" in page


def test_staff_raise_a_learning_point_straight_from_a_surveys_findings(auth, admin_client, db, surveys, settings):
    from sqlalchemy import select

    from core.models import LearningPoint, Theme

    _month_counts(db, settings.keys_dir)
    auth.login("staff")
    survey_id = survey_by_slug(db, "practitioner-feedback").id
    page = admin_client.get(f"/findings/surveys/{survey_id}?year=2026").get_data(as_text=True)
    link = f"/learning/survey/{survey_id}/new"
    assert f'href="{link}"' in page

    neglect = db.scalar(select(Theme).where(Theme.code == "neglect"))
    saved = admin_client.post(
        link,
        data={"title": "Neglect is recognised late", "polarity": "development", "themes": [str(neglect.id)]},
    )

    assert saved.status_code == 302 and saved.headers["Location"].startswith(f"/findings/surveys/{survey_id}")
    point = db.scalar(select(LearningPoint))
    assert (point.source_type, point.source_id, point.source_title) == (
        "survey",
        survey_id,
        "Tell us about safeguarding practice where you work",
    )
    again = admin_client.get(f"/findings/surveys/{survey_id}?year=2026").get_data(as_text=True)
    assert "Neglect is recognised late" in again


def test_the_findings_list_names_the_periods_its_pages_show(auth, admin_client, db, surveys):
    auth.login("board")

    page = admin_client.get("/findings/").get_data(as_text=True)

    assert "by month" not in page and "by quarter" in page


@pytest.mark.parametrize(
    "path",
    [
        "/findings/surveys/{survey_id}?year=2020",
        "/findings/surveys/{survey_id}?year=abc",
        "/findings/emerging?year=2025",
    ],
)
def test_a_year_not_offered_says_which_one_is_and_links_to_it(auth, admin_client, db, surveys, settings, path):
    _month_counts(db, settings.keys_dir)
    auth.login("staff")
    survey_id = survey_by_slug(db, "practitioner-feedback").id

    answer = admin_client.get(path.format(survey_id=survey_id))
    page = answer.get_data(as_text=True)

    assert answer.status_code == 400 and "Findings are available for 2026 only" in page
    assert "2026 to 2026" not in page
    target = path.format(survey_id=survey_id).split("?")[0] + "?year=2026"
    assert f'href="{target}"' in page


def _store_practitioners(db, settings, with_role: int, without_role: int) -> None:
    from tests.feedback_app.flows import store_response

    answers = {"agency_type": "Police", "gets_in_the_way": "Information from health arrives late."}
    for n in range(with_role + without_role):
        store_response(
            db, settings, "practitioner-feedback", {**answers, **({"role": "Social worker"} if n < with_role else {})}
        )


def test_the_people_who_skipped_a_question_cannot_be_worked_out_from_answered(
    auth, admin_client, db, surveys, settings
):
    _store_practitioners(db, settings, with_role=5, without_role=2)
    auth.login("staff")
    survey_id = survey_by_slug(db, "practitioner-feedback").id

    page = admin_client.get(f"/findings/surveys/{survey_id}?year=2026").get_data(as_text=True)

    assert "People who answered in 2026: <strong>7</strong>" in page
    role = page[page.index("What is your role?") :]
    role = role[: role.index("</table>")]
    # 7 answered the survey: "answered: 5" (or a 5 beside Social worker) gives away the 2 who skipped the question.
    assert "answered: 5" not in role and "answered: not shown" in role
    # ... and the page says why, once, above the answers.
    assert page.count('id="answers-hidden"') == 1 and "skipped it" in page
    assert ">5<" not in role
    agency = page[page.index("Which kind of organisation") :]
    assert "answered: 7" in agency[: agency.index("</table>")]  # everyone answered it: nothing to work out


def test_who_answered_counts_those_it_cannot_place_so_that_they_cannot_be_worked_out(db, surveys, settings):
    from core.services.findings import NOT_KNOWN_LABEL, _breakdowns
    from tests.factories import family_responses_by_tier

    ids = family_responses_by_tier(db, settings, ["early_help"] * 7 + ["universal"] * 5 + [""] * 2)

    shown = dict(_breakdowns(db, ids, 5, len(ids))["tier of intervention"])

    # 14 respondents beside 7 and 5 would give away the 2 who did not say.
    assert shown[NOT_KNOWN_LABEL].label == "fewer than 5"
    assert [c.label for label, c in shown.items() if label != NOT_KNOWN_LABEL].count("not shown") == 1


def test_a_surveys_findings_say_answers_arrive_in_release_batches_and_when_the_next_can_go(
    auth, admin_client, db, surveys
):
    auth.login("staff")
    survey = survey_by_slug(db, "family-feedback")
    page = admin_client.get(f"/findings/surveys/{survey.id}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "those sent since the last batch are not counted here until it is released" in text
    assert "the next can be released on 27 November 2026" in text
