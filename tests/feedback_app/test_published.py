"""You said, we did: a published key area set shows on the public site and to receipt holders; drafts never do."""

from __future__ import annotations

from core.models import KeyAreaSet
from tests.factories import key_area_set
from tests.feedback_app.flows import send_survey


def _key_area_set(db, status: str, title: str) -> KeyAreaSet:
    return key_area_set(db, status, title)


def test_the_published_set_shows_on_the_public_site_and_a_draft_does_not(db, feedback_client):
    _key_area_set(db, "draft", "Draft areas nobody should see")
    empty = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    assert "has not published its key areas yet" in empty and "Draft areas" not in empty
    published = _key_area_set(db, "published", "Key areas, spring and summer 2026")
    page = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    assert "Key areas, spring and summer 2026" in page
    assert "Send reports five working days before every conference." in page
    assert "Keep police and health at every strategy meeting." in page
    assert "Draft areas nobody should see" not in page
    assert feedback_client.get(f"/you-said-we-did/{published.id}").status_code == 200
    assert feedback_client.get("/you-said-we-did/99999999999999999999").status_code == 404


def test_a_draft_set_is_not_found_and_a_withdrawn_one_is_said_to_be_withdrawn(db, feedback_client):
    draft = _key_area_set(db, "draft", "Draft")
    withdrawn = _key_area_set(db, "withdrawn", "Withdrawn")
    assert feedback_client.get(f"/you-said-we-did/{draft.id}").status_code == 404
    gone = feedback_client.get(f"/you-said-we-did/{withdrawn.id}")
    assert gone.status_code == 410 and "Withdrawn" not in gone.get_data(as_text=True).split("<main")[-1]


def test_a_receipt_holder_sees_what_the_partnership_published(surveys, db, feedback_client):
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    before = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert "has not yet published its key areas" in before
    _key_area_set(db, "published", "Key areas, spring and summer 2026")
    after = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert "Sharing information before conferences" in after
    assert "Send reports five working days before every conference." in after
    assert "has not yet published" not in after


def test_a_receipt_holder_is_told_the_same_days_heard_as_the_public_page(surveys, db, feedback_client):
    import datetime as dt

    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    made = _key_area_set(db, "published", "Key areas, 2026")
    made.period_start, made.period_end, made.published_on = (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 11, 27),
    )
    db.commit()
    heard = "between 1 January 2026 and 27 November 2026"
    assert heard in feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert heard in feedback_client.get(f"/you-said-we-did/{made.id}").get_data(as_text=True)


def test_the_home_page_links_to_you_said_we_did(surveys, feedback_client):
    assert "/you-said-we-did/" in feedback_client.get("/").get_data(as_text=True)


def test_a_set_not_found_or_withdrawn_links_to_the_page_it_points_to(db, feedback_client):
    withdrawn = _key_area_set(db, "withdrawn", "Withdrawn")
    for path in ("/you-said-we-did/99", f"/you-said-we-did/{withdrawn.id}"):
        page = feedback_client.get(path).get_data(as_text=True)
        assert "are on the “You said, we did” page" in page
        assert '<a class="govuk-link" href="/you-said-we-did/">' in page, path


def test_a_set_published_before_its_period_ends_says_what_it_heard_up_to_the_day_it_was_published(
    surveys, db, feedback_client
):
    import datetime as dt

    made = _key_area_set(db, "published", "Key areas, 2026")
    made.period_start, made.period_end, made.published_on = (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 11, 27),
    )
    db.commit()
    page = feedback_client.get(f"/you-said-we-did/{made.id}").get_data(as_text=True)
    assert "between 1 January 2026 and 27 November 2026" in page and "31 December 2026" not in page
    # A set published after its period ended names the period's last day.
    made.published_on = dt.date(2027, 1, 20)
    db.commit()
    page = feedback_client.get(f"/you-said-we-did/{made.id}").get_data(as_text=True)
    assert "between 1 January 2026 and 31 December 2026" in page


def test_you_said_we_did_has_a_back_link_home_and_an_earlier_set_back_to_the_current_one(db, feedback_client):
    published = _key_area_set(db, "published", "Key areas, spring and summer 2026")
    current = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    assert current.count('<a href="/" class="govuk-back-link">Back</a>') == 1
    one_set = feedback_client.get(f"/you-said-we-did/{published.id}").get_data(as_text=True)
    assert one_set.count('<a href="/you-said-we-did/" class="govuk-back-link">Back</a>') == 1
    assert one_set.index("govuk-js-exit-this-page-button") < one_set.index("govuk-back-link")
