"""When what someone sends suggests a child may be unsafe: help at once, and staff read it first."""

from __future__ import annotations

from typing import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from core.models import Response
from tests.feedback_app.flows import answer_survey, receipt_on

FRONT_DOOR = "01632 960123"
HELP = ("999", "Childline", "0800 1111", "NSPCC", "0808 800 5000", FRONT_DOOR)
# Children are pointed to Childline and a grown-up they trust; the NSPCC's adult helpline is not for them.
CHILD_HELP = ("999", "Childline", "0800 1111", FRONT_DOOR)
URGENT = "Important: getting help now"


@pytest.fixture
def client(make_settings, clock, engine) -> Iterator:
    from feedback_app import create_app

    app: Flask = create_app(make_settings(front_door_phone=FRONT_DOOR), clock=clock)
    yield app.test_client()
    app.extensions["learning_loop_engine"].dispose()


def _send(client, db, slug: str, **kwargs) -> str:
    answer_survey(client, db, slug, **kwargs)
    sent = client.post(f"/s/{slug}/check")
    assert sent.status_code == 200
    page = sent.get_data(as_text=True)
    assert receipt_on(page)
    return page


@pytest.mark.parametrize(
    "slug, kwargs",
    [
        ("practitioner-feedback", {"overrides": {"anything_else": "I am being hurt by my manager at home"}}),
        ("compliments-complaints", {"text": "My stepdad hits me and I am scared to go home"}),
        ("young-people", {"overrides": {"feel_safe": "1"}}),
        ("young-people", {"overrides": {"tell_us": "i want to kill myself"}}),
    ],
    ids=[
        "disclosure in practitioner text",
        "disclosure in a complaint",
        "saddest face on safety at home",
        "self-harm from a young person",
    ],
)
def test_a_response_suggesting_risk_shows_where_to_get_help_and_is_flagged(client, surveys, db, slug, kwargs):
    page = _send(client, db, slug, **kwargs)
    assert URGENT in page
    for words in CHILD_HELP if slug == "young-people" else HELP:
        assert words in page
    assert db.scalar(select(Response)).needs_attention is True


def test_help_numbers_are_on_the_start_and_help_pages(client, surveys, db):
    start = client.get("/s/young-people/").get_data(as_text=True)
    assert "0800 1111" in start and FRONT_DOOR in start
    assert FRONT_DOOR in client.get("/help").get_data(as_text=True)


def test_an_ordinary_response_is_not_flagged(client, surveys, db):
    page = _send(client, db, "young-people", overrides={"feel_safe": "4", "tell_us": "My worker is nice"})
    assert URGENT not in page
    assert db.scalar(select(Response)).needs_attention is False
