"""Emerging topics: what people keep raising outside the codebook, with quotes logged, and a link to add it as a theme."""

from __future__ import annotations

from sqlalchemy import select

from core.models import AuditEvent
from core.services.themes import install_themes
from tests.feedback_app.flows import store_response

FOOD = [
    "Families are relying on the food bank and cannot afford heating this winter.",
    "Several parents told me the food bank vouchers ran out before the end of the month.",
    "More families now need food bank referrals and help with heating costs.",
    "Heating costs and food bank waiting lists are the main worry for the families I see.",
    "The food bank is closed on Fridays and families go without heating.",
    "Parents skip meals; the food bank and heating grants are stretched.",
]
BUSES = [
    "The bus to the contact centre was cancelled again so the visit did not happen.",
    "Without a bus on Sundays the family could not get to the contact centre.",
    "Bus fares to the contact centre are too much for the mother every week.",
    "The contact centre is two buses away and the bus was late again.",
    "Family time was missed because the bus did not turn up to the contact centre.",
    "The only bus to the contact centre leaves at six, before school ends.",
]


def test_a_recurring_topic_outside_the_codebook_is_shown_with_quotes_logged(auth, admin_client, db, surveys, settings):
    install_themes(db)
    for text in FOOD + BUSES:
        store_response(db, settings, "practitioner-feedback", {"role": "Social worker", "gets_in_the_way": text})
    board = auth.login("board")
    page = admin_client.get("/findings/emerging?year=2026").get_data(as_text=True)
    assert "food bank" in page.lower() and "contact centre" in page.lower()
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "response.quote_read")).all()
    assert reads and all(e.user_id == board.id for e in reads)
    assert "Add this topic to the codebook" not in page  # board members read; staff change the codebook


def test_staff_can_start_a_theme_from_a_topic(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    form = admin_client.get("/learning/themes/new?label=Food+bank&indicative=food+bank%0Aheating").get_data(
        as_text=True
    )
    assert 'value="Food bank"' in form and "food bank\nheating" in form


def test_a_year_with_nothing_uncovered_says_so_and_other_periods_are_refused(auth, admin_client, db, surveys):
    auth.login("staff")
    page = admin_client.get("/findings/emerging?year=2026").get_data(as_text=True)
    assert "No recurring topic outside the codebook" in page
    for bad in ("nonsense", "2019", "99999999999999999999"):
        refused = admin_client.get(f"/findings/emerging?year={bad}")
        assert refused.status_code == 400 and "whole calendar years" in refused.get_data(as_text=True)
