"""Drafts: encrypted with a key only the respondent's cookie holds, expiring on the hour."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.drafts import DraftHandle, discard_draft, load_draft, new_handle, purge_expired, save_draft
from core.models import Draft
from tests.factories import survey_by_slug

NOW = dt.datetime(2026, 11, 27, 10, 37, 12, 345, tzinfo=dt.timezone.utc)


def _version_id(db) -> int:
    return survey_by_slug(db, "practitioner-feedback").current_version.id


def test_a_draft_round_trips_and_is_stored_only_as_ciphertext(db, surveys):
    handle = new_handle()
    data = {"answers": {"working_well": "the quokkaboard idea"}}
    save_draft(db, handle, _version_id(db), data, now=NOW, lifetime_hours=12)
    db.commit()
    row = db.get(Draft, handle.draft_id)
    assert b"quokkaboard" not in row.ciphertext
    assert load_draft(db, handle, _version_id(db), now=NOW) == data


def test_the_expiry_is_rounded_to_the_hour(db, surveys):
    handle = new_handle()
    save_draft(db, handle, _version_id(db), {}, now=NOW, lifetime_hours=12)
    db.commit()
    db.expire_all()
    expires = db.scalar(select(Draft.expires_at))
    assert (expires.minute, expires.second, expires.microsecond) == (0, 0, 0)
    expires = expires if expires.tzinfo else expires.replace(tzinfo=dt.timezone.utc)
    assert dt.timedelta(hours=12) <= expires - NOW <= dt.timedelta(hours=13)


def test_a_draft_does_not_open_with_another_key_version_or_after_expiry(db, surveys):
    handle = new_handle()
    version_id = _version_id(db)
    save_draft(db, handle, version_id, {"answers": {}}, now=NOW, lifetime_hours=1)
    db.commit()
    other_key = DraftHandle(handle.draft_id, new_handle().key)
    assert load_draft(db, other_key, version_id, now=NOW) is None
    assert load_draft(db, handle, version_id + 1000, now=NOW) is None
    assert load_draft(db, handle, version_id, now=NOW + dt.timedelta(hours=2)) is None
    assert load_draft(db, None, version_id, now=NOW) is None


def test_saving_again_replaces_the_draft(db, surveys):
    handle = new_handle()
    save_draft(db, handle, _version_id(db), {"n": 1}, now=NOW, lifetime_hours=12)
    save_draft(db, handle, _version_id(db), {"n": 2}, now=NOW, lifetime_hours=12)
    db.commit()
    assert load_draft(db, handle, _version_id(db), now=NOW) == {"n": 2}
    assert len(db.scalars(select(Draft)).all()) == 1


def test_expired_drafts_are_purged_and_discarded_ones_are_gone(db, surveys):
    old, fresh, dropped = new_handle(), new_handle(), new_handle()
    save_draft(db, old, _version_id(db), {}, now=NOW - dt.timedelta(days=1), lifetime_hours=1)
    save_draft(db, fresh, _version_id(db), {}, now=NOW, lifetime_hours=12)
    save_draft(db, dropped, _version_id(db), {}, now=NOW, lifetime_hours=12)
    discard_draft(db, dropped)
    assert purge_expired(db, NOW) == 1
    db.commit()
    assert db.scalars(select(Draft.id)).all() == [fresh.draft_id]


def test_a_cookie_value_that_is_not_a_handle_is_ignored():
    handle = new_handle()
    assert DraftHandle.from_cookie(handle.to_cookie()) == handle
    for bad in (None, 42, "", "nodot", "x.y", handle.draft_id + ".!!!", "short." + handle.to_cookie().split(".")[1]):
        assert DraftHandle.from_cookie(bad) is None


def test_the_survey_and_its_draft_come_back_together(db, surveys, engine):
    import pytest

    from core.db import make_session_factory
    from core.errors import NotFound
    from core.services.surveys import survey_with_draft

    handle, stranger = new_handle(), new_handle()
    save_draft(db, handle, _version_id(db), {"answers": {"role": "Police officer"}}, now=NOW, lifetime_hours=12)
    db.commit()
    with make_session_factory(engine)() as session:
        survey, version, data = survey_with_draft(session, "practitioner-feedback", handle, now=NOW)
        assert survey.slug == "practitioner-feedback" and version.id == _version_id(db)
        assert data == {"answers": {"role": "Police officer"}}
        # No cookie, someone else's handle, or an expired draft: the survey, and no draft.
        for other, when in ((None, NOW), (stranger, NOW), (handle, NOW + dt.timedelta(days=1))):
            survey, version, data = survey_with_draft(session, "practitioner-feedback", other, now=when)
            assert survey.slug == "practitioner-feedback" and data is None
        with pytest.raises(NotFound):
            survey_with_draft(session, "no-such-survey", handle, now=NOW)
