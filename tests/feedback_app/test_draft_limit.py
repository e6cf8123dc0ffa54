"""New drafts are rate-limited per address, like submissions: a script cannot fill the database with drafts."""

from __future__ import annotations

import pytest

from core.models import Draft
from tests.feedback_app.flows import row_counts


@pytest.fixture
def limited_client(make_settings, clock, engine, surveys):
    from feedback_app import create_app

    app = create_app(make_settings(rate_limit_per_hour=2), clock=clock)
    yield app.test_client
    app.extensions["learning_loop_engine"].dispose()


def test_new_drafts_from_one_address_are_refused_past_the_limit_and_nothing_is_stored(limited_client, engine, db):
    answers = {"role": "Social worker"}
    for _ in range(4):  # twice the submission limit: four fresh browsers starting the survey
        fresh = limited_client()
        assert fresh.post("/s/practitioner-feedback/page/1", data=answers).status_code == 302
    before = row_counts(engine)
    refused = limited_client().post("/s/practitioner-feedback/page/1", data=answers)
    assert refused.status_code == 429 and "too many" in refused.get_data(as_text=True)
    assert row_counts(engine) == before
    assert before[Draft.__tablename__] == 4


def test_the_same_browser_saving_more_pages_is_not_counted_again(limited_client):
    client = limited_client()
    for _ in range(6):
        assert client.post("/s/practitioner-feedback/page/1", data={"role": "Social worker"}).status_code == 302
