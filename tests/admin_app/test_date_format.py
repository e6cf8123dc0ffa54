"""Dates are asked for, and explained, the way people in England write them: day first (27/03/2026), as the
browser's date box shows them, never year first."""

from __future__ import annotations

from sqlalchemy import func, select

from core.models import Review


def test_a_date_box_hints_at_a_day_first_date(auth, admin_client):
    auth.login("staff")
    page = admin_client.get("/reviews/new").get_data(as_text=True)
    assert "For example, 27/03/2026" in page
    assert "2026-03-27" not in page


def test_an_impossible_date_is_explained_with_a_day_first_example_and_nothing_is_written(auth, admin_client, db):
    auth.login("staff")
    response = admin_client.post(
        "/reviews/new", data={"kind": "serious_incident", "subject": "Child A", "aware_on": "31/02/2026"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The date the local authority became aware must be a real date, like 27/03/2026" in page
    assert "2026-03-27" not in page
    assert db.scalar(select(func.count(Review.id))) == 0


def test_the_audit_log_takes_a_day_first_date_and_explains_a_bad_one_day_first(auth, admin_client):
    auth.login("admin")
    assert admin_client.get("/audit/?from=27/11/2026&to=27/11/2026").status_code == 200
    response = admin_client.get("/audit/?from=31/02/2026")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The start date must be a real date, like 27/03/2026" in page
    assert "2026-03-27" not in page
