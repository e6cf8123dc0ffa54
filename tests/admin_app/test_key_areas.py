"""Staff propose, edit and publish key areas; board members read them; the public site shows the published set."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.models import AuditEvent, KeyAreaSet, ThemeCorrection
from core.services.themes import install_themes
from tests.factories import survey_by_slug, themed_responses


@pytest.fixture
def evidence(db, surveys, settings):
    install_themes(db)
    ids = themed_responses(db, settings.keys_dir, "information_sharing", "development", 6, dt.date(2026, 10, 1))
    themed_responses(db, settings.keys_dir, "supervision_workforce", "good_practice", 5, dt.date(2026, 9, 1))
    db.commit()
    return ids


def _propose(admin_client) -> KeyAreaSet:
    response = admin_client.post("/key-areas/propose", data={"year": "2026", "title": "Key areas 2026"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def test_staff_propose_edit_and_publish_and_the_public_site_shows_it(auth, admin_client, feedback_client, db, evidence):
    auth.login("staff")
    location = _propose(admin_client).headers["Location"]
    page = admin_client.get(location).get_data(as_text=True)
    assert "Information sharing" in page and "Areas of good practice (1)" in page
    key_area_set = db.scalar(select(KeyAreaSet))
    refused = admin_client.post(f"/key-areas/{key_area_set.id}/publish")
    assert refused.status_code == 400 and "before publishing" in refused.get_data(as_text=True)
    assert "Key areas 2026" in refused.get_data(as_text=True)  # on the set's own page, to put right there
    db.expire_all()
    assert db.get(KeyAreaSet, key_area_set.id).status == "draft"
    for area in key_area_set.areas:
        saved = admin_client.post(
            f"/key-areas/areas/{area.id}/edit",
            data={"title": area.title, "summary": "You told us this.", "action": f"We will act on {area.title}."},
        )
        assert saved.status_code == 302
    assert admin_client.post(f"/key-areas/{key_area_set.id}/publish").status_code == 302
    public = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    assert "Key areas 2026" in public and "We will act on Information sharing." in public
    assert admin_client.post(f"/key-areas/{key_area_set.id}/withdraw").status_code == 302
    twice = admin_client.post(f"/key-areas/{key_area_set.id}/withdraw")
    assert twice.status_code == 400 and "Only a published set can be withdrawn." in twice.get_data(as_text=True)


def test_an_area_without_a_title_is_refused_with_a_message_and_nothing_changes(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    area = db.scalar(select(KeyAreaSet)).areas[0]
    title = area.title
    response = admin_client.post(f"/key-areas/areas/{area.id}/edit", data={"title": "  ", "action": "x"})
    assert response.status_code == 400 and "Enter a title for the area" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(KeyAreaSet)).areas[0].title == title


def test_a_year_outside_the_answers_is_refused_with_a_message(auth, admin_client, db, evidence):
    auth.login("staff")
    for bad in ({"year": "2019"}, {"year": "2026-01-01"}, {"start": "2026-11-01", "end": "2026-11-27"}):
        response = admin_client.post("/key-areas/propose", data=bad)
        assert response.status_code == 400
        assert "Select the year" in response.get_data(as_text=True)
    assert db.scalar(select(KeyAreaSet)) is None


def test_board_members_read_key_areas_and_quotes_but_cannot_change_them(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    auth.logout()
    board = auth.login("board", email="board@example.org")
    key_area_set = db.scalar(select(KeyAreaSet))
    assert admin_client.get(f"/key-areas/{key_area_set.id}").status_code == 200
    assert admin_client.post(f"/key-areas/{key_area_set.id}/publish").status_code == 403
    area = key_area_set.of_kind("development")[0]
    quotes = admin_client.get(f"/key-areas/areas/{area.id}/quotes")
    assert quotes.status_code == 200 and "Information from health arrives late." in quotes.get_data(as_text=True)
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "response.quote_read")).all()
    assert reads and all(e.user_id == board.id for e in reads)


def test_partner_users_cannot_read_findings_or_key_areas(auth, admin_client, db, evidence):
    auth.login("partner")
    assert admin_client.get("/key-areas/").status_code == 403
    assert admin_client.get("/findings/").status_code == 403


def test_a_survey_s_findings_show_themes_and_suppress_small_counts(auth, admin_client, db, evidence):
    auth.login("board")
    survey = survey_by_slug(db, "practitioner-feedback")
    page = admin_client.get(f"/findings/surveys/{survey.id}?year=2026").get_data(as_text=True)
    assert "Information sharing" in page and "<strong>11</strong>" in page
    assert "Supervision" in page
    assert "People who answered in 2026: <strong>11</strong>" in admin_client.get(
        f"/findings/surveys/{survey.id}"
    ).get_data(as_text=True)
    quarters = page[page.index("Responses by quarter") :]
    assert ">2026 Q3<" in quarters and ">2026 Q4<" in quarters
    assert admin_client.get(f"/findings/surveys/{survey.id}?year=2026-99").status_code == 400


def test_staff_correct_a_response_s_theme_and_a_bad_choice_is_refused(auth, admin_client, db, evidence):
    auth.login("staff")
    response_id = evidence[0]
    ok = admin_client.post(
        f"/findings/responses/{response_id}/themes", data={"theme": "information_sharing", "polarity": "good_practice"}
    )
    assert ok.status_code == 302
    bad = admin_client.post(f"/findings/responses/{response_id}/themes", data={"theme": "nope", "polarity": "x"})
    assert bad.status_code == 400 and "Choose development, good practice" in bad.get_data(as_text=True)
    assert [c.polarity for c in db.scalars(select(ThemeCorrection))] == ["good_practice"]
    assert admin_client.get("/findings/responses/" + "f" * 40 + "/themes").status_code == 404
    # What no response id or theme code can be never reaches the database (PostgreSQL refuses a NUL: a 500).
    for odd in ("%00" + "f" * 29, "F" * 32, "f" * 31 + "%00"):
        assert admin_client.get(f"/findings/responses/{odd}/themes").status_code == 404
        assert admin_client.get(f"/surveys/responses/{odd}/handled").status_code == 404
    nul = admin_client.post(
        f"/findings/responses/{response_id}/themes", data={"theme": "info\x00", "polarity": "neutral"}
    )
    assert nul.status_code == 400 and "Choose a theme from the codebook" in nul.get_data(as_text=True)


def test_an_areas_sources_are_named_in_words_not_codes(auth, admin_client, evidence):
    auth.login("staff")
    page = admin_client.get(_propose(admin_client).headers["Location"]).get_data(as_text=True)

    assert "Practitioners' survey: 6" in page.replace("&#39;", "'")
    assert "practitioner survey:" not in page and "practitioner_survey" not in page


def test_a_theme_correction_sent_back_with_an_error_keeps_the_theme_and_polarity_chosen(
    auth, admin_client, db, evidence
):
    auth.login("staff")
    url = f"/findings/responses/{evidence[0]}/themes"

    no_polarity = admin_client.post(url, data={"theme": "neglect"}).get_data(as_text=True)
    bad_theme = admin_client.post(url, data={"theme": "nope", "polarity": "neutral"}).get_data(as_text=True)

    # Otherwise the select falls back to its first theme and the next save codes the wrong one.
    assert '<option value="neglect" selected>' in no_polarity
    assert 'value="neutral" checked' in bad_theme
    assert 'href="#polarity-development"' in no_polarity  # the error summary leads to the first choice


@pytest.mark.parametrize("query", ["year=0001", "year=1990", "year=9999", "year=2026-01-01"])
def test_a_findings_year_not_offered_is_refused_with_a_message(auth, admin_client, db, evidence, query):
    auth.login("staff")
    survey = survey_by_slug(db, "practitioner-feedback")

    response = admin_client.get(f"/findings/surveys/{survey.id}?{query}")

    assert response.status_code == 400
    assert "Choose a year from 2026 to 2026" in response.get_data(as_text=True)


def test_the_printable_report_charts_each_areas_evidence_with_no_bar_for_a_hidden_count(
    auth, admin_client, db, evidence, settings
):
    themed_responses(db, settings.keys_dir, "neglect", "development", 2, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    _propose(admin_client)
    key_area_set = db.scalar(select(KeyAreaSet))

    page = admin_client.get(f"/key-areas/{key_area_set.id}/report").get_data(as_text=True)

    assert page.count("<svg") == 2
    assert "The evidence behind each key area for practice development" in page
    assert "The evidence behind each area of good practice" in page
    development = page[page.index("The evidence behind each key area") : page.index("The evidence behind each area")]
    assert ">6<" in development  # information sharing's six people, in the chart's table
    assert "fewer than 5" in development and "no value" not in development  # neglect's two: in words, no bar
