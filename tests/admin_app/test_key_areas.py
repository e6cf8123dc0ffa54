"""Staff propose, edit and publish key areas; board members read them; the public site shows the published set."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from core.models import AuditEvent, KeyArea, KeyAreaSet, ThemeCorrection
from core.services.themes import install_themes
from tests.admin_app import signing_in
from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user, survey_by_slug, themed_responses
from tests.mail_cycle import make_published_set


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


def test_a_quote_from_a_longer_answer_shows_the_part_on_the_area_with_the_whole_answer_to_open(
    auth, admin_client, db, evidence, settings
):
    long = "My supervisor is great. Information from health arrives late, so we plan without it."
    [answer] = themed_responses(
        db, settings.keys_dir, "information_sharing", "development", 1, dt.date(2026, 10, 1), text=long
    )
    auth.login("staff")
    _propose(admin_client)
    [area] = [a for a in db.scalar(select(KeyAreaSet)).areas if a.theme_codes == ["information_sharing"]]

    page = admin_client.get(f"/key-areas/areas/{area.id}/quotes").get_data(as_text=True)

    [figure] = [quote for quote in page.split('<figure class="ll-quote">')[1:] if long in quote]
    picked = "Information from health arrives late, so we plan without it."
    assert f'<blockquote class="govuk-inset-text ll-pre">{picked}</blockquote>' in figure
    assert f'<div class="govuk-details__text ll-pre">{long}</div>' in figure
    assert "the part that speaks to it is quoted" in page
    reads = db.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "response.quote_read"))
    assert answer in set(reads)


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
    assert "Findings are available for 2026 only" in response.get_data(as_text=True)


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


def _publishable(admin_client, db) -> KeyAreaSet:
    """The proposed set with what we will do written for each area, ready to publish."""
    key_area_set = db.scalar(select(KeyAreaSet))
    for area in key_area_set.areas:
        data = {"title": area.title, "action": f"We will act on {area.title}."}
        assert admin_client.post(f"/key-areas/areas/{area.id}/edit", data=data).status_code == 302
    return key_area_set


def _quote_reads(db) -> list[str]:
    return [e.object_id for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "response.quote_read"))]


def test_the_quotes_of_an_area_whose_count_is_hidden_are_not_shown_even_to_board_members(
    auth, admin_client, db, evidence, settings
):
    themed_responses(db, settings.keys_dir, "neglect", "development", 3, dt.date(2026, 10, 1), text="Neglect missed.")
    db.commit()
    auth.login("staff")
    _propose(admin_client)
    auth.logout()
    auth.login("board", email="board@example.org")
    key_area_set = db.scalar(select(KeyAreaSet))
    [neglect] = [a for a in key_area_set.areas if a.theme_codes == ["neglect"]]
    assert "fewer than 5" in admin_client.get(f"/key-areas/{key_area_set.id}").get_data(as_text=True)

    page = admin_client.get(f"/key-areas/areas/{neglect.id}/quotes")

    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Neglect missed." not in text
    assert "too few people raised this area in their own words" in text and _quote_reads(db) == []
    report = admin_client.get(f"/key-areas/{key_area_set.id}/report").get_data(as_text=True)
    assert "Neglect missed." not in report and ">3<" not in report


def test_quotes_counts_and_the_report_follow_the_configured_minimum_cell_size(
    make_settings, clock, engine, db, evidence
):
    from admin_app import create_app

    app = create_app(make_settings(min_cell_size=8), clock=clock)
    try:
        client = app.test_client()
        signing_in.sign_in(app, client, db, make_user(db, role="staff"))
        assert client.post("/key-areas/propose", data={"year": "2026"}).status_code == 302
        key_area_set = db.scalar(select(KeyAreaSet))
        [sharing] = key_area_set.of_kind("development")  # six people: shown when k is 5, hidden when it is 8

        quotes = client.get(f"/key-areas/areas/{sharing.id}/quotes").get_data(as_text=True)
        report = client.get(f"/key-areas/{key_area_set.id}/report").get_data(as_text=True)
    finally:
        app.extensions["learning_loop_engine"].dispose()

    assert "Information from health arrives late." not in quotes and "fewer than 8" in quotes
    assert "Counts of fewer than 8 people are not shown" in report and "fewer than 5" not in report
    assert "under 8 or could be worked out" in report


def test_publishing_a_withdrawn_set_says_it_was_withdrawn_and_changes_nothing(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = _publishable(admin_client, db)
    assert admin_client.post(f"/key-areas/{key_area_set.id}/publish").status_code == 302
    assert admin_client.post(f"/key-areas/{key_area_set.id}/withdraw").status_code == 302

    again = admin_client.post(f"/key-areas/{key_area_set.id}/publish")

    text = again.get_data(as_text=True)
    assert again.status_code == 400 and "A withdrawn set cannot be changed or published again" in text
    assert "A published set" not in text
    db.expire_all()
    assert db.get(KeyAreaSet, key_area_set.id).status == "withdrawn"


def test_the_withdraw_button_says_first_that_withdrawing_is_for_good_and_stops_the_follow_ups(
    auth, admin_client, db, evidence
):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = _publishable(admin_client, db)
    assert "Withdrawing cannot be undone" not in admin_client.get(f"/key-areas/{key_area_set.id}").get_data(
        as_text=True
    )
    assert admin_client.post(f"/key-areas/{key_area_set.id}/publish").status_code == 302

    page = admin_client.get(f"/key-areas/{key_area_set.id}").get_data(as_text=True)

    warning = page.index("Withdrawing cannot be undone")
    assert warning < page.index("Withdraw from the public site")
    assert "follow-ups of it not yet sent are cancelled" in page and "cannot be published again" in page


def test_the_edit_form_of_an_area_in_a_published_set_is_not_offered(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = _publishable(admin_client, db)
    area = key_area_set.areas[0]
    assert admin_client.get(f"/key-areas/areas/{area.id}/edit").status_code == 200  # a draft's: offered
    assert admin_client.post(f"/key-areas/{key_area_set.id}/publish").status_code == 302

    for status in ("published", "withdrawn"):
        response = admin_client.get(f"/key-areas/areas/{area.id}/edit")

        assert response.status_code == 302 and response.headers["Location"].endswith(f"/key-areas/{key_area_set.id}")
        shown = admin_client.get(response.headers["Location"]).get_data(as_text=True)
        assert f"A {status} set cannot be changed" in shown and 'name="action"' not in shown
        admin_client.post(f"/key-areas/{key_area_set.id}/withdraw")


def test_moving_the_first_area_up_or_the_last_down_says_so_and_moves_nothing(
    auth, admin_client, db, evidence, settings
):
    themed_responses(db, settings.keys_dir, "neglect", "development", 5, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    _propose(admin_client)
    key_area_set = db.scalar(select(KeyAreaSet))
    first, last = key_area_set.of_kind("development")
    page = admin_client.get(f"/key-areas/{key_area_set.id}").get_data(as_text=True)
    assert f'Move up<span class="govuk-visually-hidden"> {first.title}' not in page
    assert f'Move down<span class="govuk-visually-hidden"> {last.title}' not in page

    for area, direction, end in ((first, "up", "first"), (last, "down", "last")):
        response = admin_client.post(f"/key-areas/areas/{area.id}/move", data={"direction": direction})

        text = response.get_data(as_text=True)
        assert response.status_code == 400 and f"is already {end}: nothing was moved" in text and "Moved" not in text
    db.expire_all()
    assert [a.id for a in db.get(KeyAreaSet, key_area_set.id).of_kind("development")] == [first.id, last.id]
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action == "key_area.moved")).all()
    moved = admin_client.post(f"/key-areas/areas/{first.id}/move", data={"direction": "down"})
    assert moved.status_code == 302
    db.expire_all()
    assert [a.id for a in db.get(KeyAreaSet, key_area_set.id).of_kind("development")] == [last.id, first.id]


@pytest.mark.parametrize("direction", [None, "", "sideways", "UP", "down\x00"])
def test_a_move_neither_up_nor_down_is_refused_with_a_message(protected_admin_app, db, surveys, direction):  # noqa: F811
    draft = KeyAreaSet(title="Draft", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    for position, title in enumerate(("Escalation", "Recording", "Supervision"), start=1):
        draft.areas.append(KeyArea(kind="development", position=position, title=title, theme_codes=[]))
    db.add(draft)
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    token = sign_in(client, db, user.email, TEST_PASSWORD)
    middle = draft.areas[1]
    data = {"csrf_token": token, **({} if direction is None else {"direction": direction})}

    response = client.post(f"/key-areas/areas/{middle.id}/move", data=data)

    assert response.status_code == 400 and "Choose to move the area up or down" in response.get_data(as_text=True)
    db.expire_all()
    assert [a.title for a in db.get(KeyAreaSet, draft.id).of_kind("development")] == [
        "Escalation",
        "Recording",
        "Supervision",
    ]


def test_the_key_areas_page_promises_only_what_publishing_checks(auth, admin_client, db, evidence):
    auth.login("staff")

    page = admin_client.get("/key-areas/").get_data(as_text=True)

    assert "5 or 6" not in page
    assert "Up to six key areas for practice development and up to six areas of good practice" in page
    assert "the framework asks for five or six of each" in page


def test_publishing_fewer_than_five_of_a_kind_is_allowed_with_a_warning(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = _publishable(admin_client, db)
    before = admin_client.get(f"/key-areas/{key_area_set.id}").get_data(as_text=True)
    assert "This set has 1 key area for practice development" in before and "You can still publish it." in before

    published = admin_client.post(f"/key-areas/{key_area_set.id}/publish", follow_redirects=True)

    text = published.get_data(as_text=True)
    assert published.status_code == 200 and "Published:" in text
    assert "This set has 1 key area for practice development: the framework asks for five or six" in text
    assert "This set has 1 area of good practice" in text
    db.expire_all()
    assert db.get(KeyAreaSet, key_area_set.id).status == "published"


def test_a_set_refused_for_several_reasons_lists_each_reason_as_its_own_line(auth, admin_client, db, evidence):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = db.scalar(select(KeyAreaSet))
    [good] = key_area_set.of_kind("good_practice")
    assert admin_client.post(f"/key-areas/areas/{good.id}/remove").status_code == 302

    refused = admin_client.post(f"/key-areas/{key_area_set.id}/publish")

    page = refused.get_data(as_text=True)
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    assert refused.status_code == 400
    assert "<li>Add at least one area of good practice</li>" in summary
    [development] = key_area_set.of_kind("development")
    assert (
        f'<li><a href="/key-areas/areas/{development.id}/edit">'
        "Write what we will do for “Information sharing” before publishing</a></li>"
    ) in summary
    # Staff removed it: the page does not say none was proposed.
    assert "was proposed for the period" not in page and "This set has no area of good practice." in page


def test_publishing_too_soon_names_every_area_still_without_what_we_will_do_each_linked_to_its_change_page(
    auth, admin_client, db, evidence
):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = db.scalar(select(KeyAreaSet))
    [development] = key_area_set.of_kind("development")
    [good] = key_area_set.of_kind("good_practice")

    refused = admin_client.post(f"/key-areas/{key_area_set.id}/publish")

    page = refused.get_data(as_text=True)
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    assert refused.status_code == 400
    assert (
        f'<li><a href="/key-areas/areas/{development.id}/edit">'
        f"Write what we will do for “{development.title}” before publishing</a></li>"
    ) in summary
    assert (  # the same title can be in both lists: the good practice one says so
        f'<li><a href="/key-areas/areas/{good.id}/edit">'
        f"Write what we will keep doing for “{good.title}” (good practice) before publishing</a></li>"
    ) in summary
    assert summary.index(development.title) < summary.index(good.title)  # in the order the page shows them
    db.expire_all()
    assert db.get(KeyAreaSet, key_area_set.id).status == "draft"


@pytest.mark.parametrize("into", ["", "abc", "99999", "-1", "²"])
def test_a_merge_into_no_area_is_refused_with_a_400_and_nothing_changes(auth, admin_client, db, evidence, into):
    auth.login("staff")
    _propose(admin_client)
    key_area_set = db.scalar(select(KeyAreaSet))
    area = key_area_set.areas[0]

    refused = admin_client.post(f"/key-areas/areas/{area.id}/merge", data={"into": into})

    assert refused.status_code == 400 and "Choose the area to merge it into" in refused.get_data(as_text=True)
    db.expire_all()
    assert len(db.get(KeyAreaSet, key_area_set.id).areas) == 2


def test_an_area_with_no_quotable_answers_offers_no_link_to_read_them_and_board_members_see_surveys_only(
    auth, admin_client, db, evidence, settings
):
    themed_responses(db, settings.keys_dir, "neglect", "development", 3, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    page = admin_client.get(_propose(admin_client).headers["Location"]).get_data(as_text=True)
    assert 'Read what people said<span class="govuk-visually-hidden"> about Information sharing' in page
    assert 'Read what people said<span class="govuk-visually-hidden"> about Neglect' not in page
    assert "No answers to read: too few people, or nobody, raised it in their own words" in page
    assert "of everyone who answered a survey in the period" in page
    assert ">Surveys and responses</a>" in admin_client.get("/").get_data(as_text=True)
    admin_client.post("/sign-out")
    auth.login("board")
    home = admin_client.get("/").get_data(as_text=True)
    assert ">Surveys</a>" in home and "Surveys and responses" not in home


def test_a_theme_in_both_lists_is_explained_to_whoever_reads_the_set(auth, admin_client, db, evidence, settings):
    themed_responses(db, settings.keys_dir, "information_sharing", "good_practice", 5, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    page = admin_client.get(_propose(admin_client).headers["Location"]).get_data(as_text=True)
    said = "“Information sharing” is in both lists: some people raised it as something to improve and others as"
    assert said in page and "Keep both, or remove one" in page
    assert "“Supervision" not in page.split("Key areas for practice development")[0]  # only the theme in both


def test_a_published_set_shows_staff_where_it_is_public_and_how_to_send_it_out_before_the_withdraw_button(
    auth, admin_client, db, settings, clock
):
    published = make_published_set(db, clock.now().date())
    db.commit()
    auth.login("staff")

    page = admin_client.get(f"/key-areas/{published.id}").get_data(as_text=True)

    assert f'href="{settings.public_base_url.rstrip("/")}/you-said-we-did/"' in page
    assert '<a class="govuk-link" href="/mail/disseminate">Send them to a mailing list</a>' in page
    assert page.index("Send them to a mailing list") < page.index("Withdraw from the public site")
    auth.login("board")  # a read-only role cannot send mail: no link it cannot follow
    assert "Send them to a mailing list" not in admin_client.get(f"/key-areas/{published.id}").get_data(as_text=True)


def test_staff_reading_a_quote_can_go_straight_to_correcting_the_themes_of_that_answer(
    auth, admin_client, db, evidence
):
    auth.login("staff")
    _propose(admin_client)
    area = db.scalar(select(KeyAreaSet)).of_kind("development")[0]

    page = admin_client.get(f"/key-areas/areas/{area.id}/quotes").get_data(as_text=True)

    links = re.findall(r'href="/findings/responses/([0-9a-f]{32})/themes">Not about Information sharing\?', page)
    assert links and set(links) <= set(evidence)
    corrected = admin_client.post(
        f"/findings/responses/{links[0]}/themes", data={"theme": "information_sharing", "polarity": "absent"}
    )
    assert corrected.status_code == 302
    assert db.scalar(select(ThemeCorrection).where(ThemeCorrection.response_id == links[0])).polarity == "absent"
    auth.logout()
    auth.login("board", email="board@example.org")  # board members read quotes but do not code answers
    assert "Correct the themes" not in admin_client.get(f"/key-areas/areas/{area.id}/quotes").get_data(as_text=True)
