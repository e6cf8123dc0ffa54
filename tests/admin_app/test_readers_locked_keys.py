"""While the keys are locked, board members and partner agencies (who cannot unlock them) are told the business unit
unlocks them, and are never offered the unlock page, which answers them 403."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_agency


def _lock(admin_app) -> None:
    admin_app.extensions["learning_loop"].keyring.keys.clear()


def _reader(auth, db, role):
    return auth.login(role, agency_id=make_agency(db, "Police").id if role == "partner" else None)


@pytest.mark.parametrize("role", ["board", "partner"])
def test_a_readers_dashboard_says_the_business_unit_unlocks_the_keys_without_a_link_to_unlock_them(
    admin_app, admin_client, auth, db, role
):
    _lock(admin_app)
    _reader(auth, db, role)
    html = admin_client.get("/").get_data(as_text=True)
    assert "The keys that open responses are locked" in html
    assert "/keys/unlock" not in html and "Unlock them" not in html
    assert "once the business unit unlocks them" in html
    assert admin_client.get("/keys/unlock").status_code == 403  # why the link must not be there


def test_staff_are_still_offered_to_unlock_the_keys_on_the_dashboard(admin_app, admin_client, auth, db):
    _lock(admin_app)
    auth.login("staff")
    html = admin_client.get("/").get_data(as_text=True)
    assert 'href="/keys/unlock"' in html and "Unlock them" in html


@pytest.mark.parametrize("role", ["board", "partner"])
def test_a_readers_review_page_says_the_business_unit_unlocks_the_keys_for_the_campaign_results(
    admin_app, admin_client, auth, db, surveys, role
):
    from core.services import reviews

    details = reviews.ReviewDetails(kind="serious_incident", subject="Child A", aware_on=dt.date(2026, 11, 2))
    review = reviews.create_review(db, None, details, dt.date(2026, 11, 27))
    db.commit()
    auth.login("staff")
    assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 302
    _lock(admin_app)
    _reader(auth, db, role)
    html = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "the campaign's results cannot be counted" in html
    assert "/keys/unlock" not in html and "Unlock them" not in html
    assert "The business unit unlocks them" in html
