"""A page that shows an error summary says so first in its title, as GOV.UK asks: the title is what a screen reader
reads out when the page loads, before the summary that takes focus."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from core.models import KeyAreaSet, Response
from core.services.themes import install_themes
from tests.factories import themed_responses


def _title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match is not None
    return match.group(1)


def test_a_form_sent_back_with_errors_and_a_refused_button_are_titled_error_and_other_pages_are_not(
    auth, admin_client, db, surveys, settings
):
    install_themes(db)
    themed_responses(db, settings.keys_dir, "information_sharing", "development", 6, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    assert admin_client.post("/key-areas/propose", data={"year": "2026"}).status_code == 302
    key_area_set = db.scalar(select(KeyAreaSet))
    first = key_area_set.areas[0]

    shown = admin_client.get(f"/key-areas/{key_area_set.id}")
    form = admin_client.get(f"/key-areas/areas/{first.id}/edit")
    refused_form = admin_client.post(f"/key-areas/areas/{first.id}/edit", data={"title": ""})
    refused_button = admin_client.post(f"/key-areas/areas/{first.id}/move", data={"direction": "up"})

    assert refused_form.status_code == 400 and _title(refused_form.get_data(as_text=True)).startswith("Error: ")
    assert refused_button.status_code == 400 and _title(refused_button.get_data(as_text=True)).startswith("Error: ")
    for page in (shown, form):
        assert page.status_code == 200 and "Error" not in _title(page.get_data(as_text=True))


def test_a_page_that_titled_its_own_errors_says_error_once(auth, admin_client, db, surveys, settings):
    [response_id] = themed_responses(db, settings.keys_dir, "neglect", "development", 1, dt.date(2026, 10, 1))
    db.get(Response, response_id).needs_attention = True  # flagged: staff say what was done about it
    db.commit()
    auth.login("staff")

    page = admin_client.post(f"/surveys/responses/{response_id}/handled", data={"note": "x" * 5000})

    assert page.status_code == 400
    assert _title(page.get_data(as_text=True)).startswith("Error: Mark a response as handled")
