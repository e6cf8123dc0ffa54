"""Emerging topics: what people keep raising outside the codebook, with quotes logged, and a button to add it as a theme."""

from __future__ import annotations

import html
import re
from typing import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from core.models import AuditEvent, Theme
from core.services.themes import install_themes
from tests.admin_app.signing_in import csrf_token, sign_in
from tests.factories import make_user
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


@pytest.fixture
def protected_app(make_settings, clock, engine) -> Iterator[Flask]:
    """The admin app with CSRF on, so the topic's form is sent as a browser would send it."""
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _hidden_fields(form: str) -> dict[str, str]:
    return {
        name: html.unescape(value) for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }


def test_staff_add_a_topic_to_the_codebook_without_its_words_going_into_any_address(
    protected_app, db, surveys, settings
):
    install_themes(db)
    for text in FOOD + BUSES:
        store_response(db, settings, "practitioner-feedback", {"role": "Social worker", "gets_in_the_way": text})
    staff = make_user(db, role="staff")
    db.commit()
    client = protected_app.test_client()
    sign_in(protected_app, client, db, staff)

    page = client.get("/findings/emerging?year=2026").get_data(as_text=True)
    addresses = [html.unescape(a).lower() for a in re.findall(r'(?:href|action|src)="([^"]*)"', page)]
    assert addresses and not [a for a in addresses if "food" in a or "bus" in a or "label=" in a or "indicative=" in a]
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    action, fields = next((action, fields) for action, fields in forms if "food" in fields)
    topic = _hidden_fields(fields)
    assert action == "/learning/themes/new" and "food" in topic["indicative"]

    # The button opens the add-theme form filled in with the topic (nothing is saved yet) ...
    opened = client.post(action, data=topic)
    form = html.unescape(opened.get_data(as_text=True))
    assert opened.status_code == 200 and "There is a problem" not in form
    assert f'name="label" type="text" value="{topic["label"]}"' in form
    assert re.search(r'<textarea[^>]*name="indicative"[^>]*>([^<]*)</textarea>', form).group(1) == topic["indicative"]
    assert db.scalar(select(Theme).where(Theme.label == topic["label"])) is None
    # ... and saving that form adds the theme.
    saved = client.post(
        action,
        data={
            "csrf_token": csrf_token(form),
            "label": topic["label"],
            "indicative": topic["indicative"],
            "active": "yes",
        },
    )
    assert saved.status_code == 302
    theme = db.scalar(select(Theme).where(Theme.label == topic["label"]))
    assert theme is not None and theme.indicative == topic["indicative"].splitlines()


def test_the_add_theme_page_takes_no_words_from_its_address(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    form = admin_client.get("/learning/themes/new?label=Food+bank&indicative=food+bank%0Aheating").get_data(
        as_text=True
    )
    assert "Food bank" not in form and "heating" not in form


def test_a_year_with_nothing_uncovered_says_so_and_other_periods_are_refused(auth, admin_client, db, surveys):
    auth.login("staff")
    page = admin_client.get("/findings/emerging?year=2026").get_data(as_text=True)
    assert "No recurring topic outside the codebook" in page
    for bad in ("nonsense", "2019", "99999999999999999999"):
        refused = admin_client.get(f"/findings/emerging?year={bad}")
        assert refused.status_code == 400 and "whole calendar years" in refused.get_data(as_text=True)
