"""A theme taken out of use can still be taken off a response coded with it, and cannot be added to one.

Unticking "In use" dropped the theme from the correction list, so a response coded with it could not be set to
"Not this theme" (only a hand-built post could).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.models import ResponseTheme, Theme, ThemeCorrection
from core.services.themes import install_themes
from tests.factories import themed_responses


@pytest.fixture
def retired(auth, admin_client, db, surveys, settings) -> str:
    """A response coded with Neglect; Neglect and Recording then taken out of use by staff."""
    install_themes(db)
    (response_id,) = themed_responses(db, settings.keys_dir, "neglect", "development", 1, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    for code in ("neglect", "recording"):
        theme = db.scalar(select(Theme).where(Theme.code == code))
        assert admin_client.post(f"/learning/themes/{theme.id}/edit", data={"label": theme.label}).status_code == 302
    db.expire_all()
    assert not db.scalar(select(Theme).where(Theme.code == "neglect")).active
    return response_id


def _options(page: str) -> str:
    return page[page.index('<select class="govuk-select" id="theme"') : page.index("</select>")]


def test_the_correction_list_offers_a_retired_theme_the_response_is_coded_with_marked_as_such(admin_client, retired):
    options = _options(admin_client.get(f"/findings/responses/{retired}/themes").get_data(as_text=True))
    assert '<option value="neglect"' in options and "Neglect (no longer in use)" in options
    assert 'value="recording"' not in options  # retired and not on this response: nothing to take off
    assert 'value="information_sharing"' in options


def test_a_retired_theme_can_be_taken_off_the_response(admin_client, db, retired):
    answer = admin_client.post(f"/findings/responses/{retired}/themes", data={"theme": "neglect", "polarity": "absent"})
    assert answer.status_code == 302
    assert db.scalar(select(ResponseTheme).where(ResponseTheme.response_id == retired)) is None


def test_a_retired_theme_cannot_be_added_to_a_response(admin_client, db, retired):
    answer = admin_client.post(
        f"/findings/responses/{retired}/themes", data={"theme": "recording", "polarity": "development"}
    )
    assert answer.status_code == 400
    assert "“Recording” is no longer in use" in answer.get_data(as_text=True)
    assert db.scalar(select(ThemeCorrection)) is None
    assert [t.theme_code for t in db.scalars(select(ResponseTheme))] == ["neglect"]
