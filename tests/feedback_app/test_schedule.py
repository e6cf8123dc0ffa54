"""A scheduled survey takes answers from the start of its opening day to the end of its closing day, by the clock.

Before it opens, people see when it will; after it closes, every page and the final send say so plainly, and
nothing is written. Only the clock is moved.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.models import Survey
from core.services import survey_plans
from tests.feedback_app.flows import answer_survey, receipt_on, token_on
from tests.feedback_app.test_bad_input import stored

SLUG = "family-feedback"


def _schedule(db, *, opens_on: dt.date | None = None, closes_on: dt.date | None = None) -> None:
    plan = survey_plans.plan_for(db, db.scalar(select(Survey).where(Survey.slug == SLUG)))
    plan.opens_on, plan.closes_on = opens_on, closes_on
    db.commit()


def _token(client) -> str:
    # Another survey's page: the token belongs to the browser's session, not to a form.
    return token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))


def test_before_its_opening_day_a_survey_says_when_it_opens_and_is_not_listed(surveys, protected_client, db, clock):
    _schedule(db, opens_on=dt.date(2026, 11, 30))
    start = protected_client.get(f"/s/{SLUG}/")
    page = start.get_data(as_text=True)
    assert start.status_code == 403 and "This survey is not open yet" in page
    assert "This survey opens on 30 November 2026" in page and "Page not found" not in page
    assert f"/s/{SLUG}/" not in protected_client.get("/").get_data(as_text=True)
    posted = protected_client.post(f"/s/{SLUG}/page/1", data={"csrf_token": _token(protected_client)})
    assert posted.status_code == 403 and "Your answers have not been sent" in posted.get_data(as_text=True)

    clock.advance(days=3)  # 30 November, 10:30

    assert protected_client.get(f"/s/{SLUG}/").status_code == 200
    assert f"/s/{SLUG}/" in protected_client.get("/").get_data(as_text=True)


def test_answers_are_taken_to_the_end_of_the_closing_day(surveys, protected_client, db, clock):
    _schedule(db, closes_on=dt.date(2026, 11, 27))
    start = protected_client.get(f"/s/{SLUG}/").get_data(as_text=True)
    assert "You can answer until the end of 27 November 2026." in start
    token = _token(protected_client)
    answer_survey(protected_client, db, SLUG, csrf_token=token)
    clock.advance(hours=12)  # 22:30 in England, still the closing day
    sent = protected_client.post(f"/s/{SLUG}/check", data={"csrf_token": _token(protected_client)})
    assert sent.status_code == 200 and receipt_on(sent.get_data(as_text=True))


def test_a_survey_that_closes_while_someone_answers_refuses_each_page_and_the_send_plainly(
    surveys, protected_client, db, engine, clock
):
    _schedule(db, opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 11, 27))
    answer_survey(protected_client, db, SLUG, csrf_token=_token(protected_client))
    clock.advance(days=1)
    token = _token(protected_client)
    before = stored(engine)
    for method, path in (
        ("GET", f"/s/{SLUG}/"),
        ("POST", f"/s/{SLUG}/page/1"),
        ("GET", f"/s/{SLUG}/check"),
        ("POST", f"/s/{SLUG}/check"),
    ):
        response = protected_client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        page = response.get_data(as_text=True)
        assert response.status_code == 410, (method, path)
        assert "This survey closed at the end of 27 November 2026" in page
        assert "<title>This survey is closed –" in page and "Sorry, there is a problem" not in page
        assert ("Your answers have not been sent" in page) == (method == "POST")
    assert stored(engine) == before
    assert f"/s/{SLUG}/" not in protected_client.get("/").get_data(as_text=True)
