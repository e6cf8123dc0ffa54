"""The impact page and report say when a round sharing its calendar year with other answers is withheld: only where
some part of that year holds a small count (947ebad, 173be55). They said such a round 'shows none of its figures',
always, while showing the usual baseline and later round of one year in full beside it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.services.dissemination import follow_up_survey
from tests.admin_app.test_impact_beside_findings import DAY, _round, _sent
from tests.factories import make_agency
from tests.mail_cycle import make_published_set


@pytest.mark.parametrize("role", ["board", "partner"])
def test_two_rounds_of_one_year_shown_in_full_are_not_described_as_withheld(
    admin_client, auth, db, settings, surveys, role
):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY, confidence="3")
    _round(db, settings, survey, sent.follow_ups[1], 7, DAY + dt.timedelta(weeks=7), confidence="4")
    auth.login(role, agency_id=make_agency(db, "Police").id if role == "partner" else None)

    for url in (f"/impact/disseminations/{sent.id}", "/impact/report"):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", admin_client.get(url).get_data(as_text=True)))
        assert "Baseline, when sent 12" in text and "After some weeks 7" in text, url
        assert "shows none of its figures:" not in text and "shows none of its figures," not in text, url
        assert "only where some part of that year holds a count from 1 to 4 for it" in text, url


def test_an_area_no_one_in_a_round_answered_about_reads_none_answered_not_withheld(
    admin_client, auth, db, settings, surveys
):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY)  # twelve people, who answered about the first area only
    auth.login("staff")

    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    first, *others = [area.title for area in published.areas]
    assert others, "the published set needs a second area for this test"
    assert "Baseline, when sent 12 100% 100% 4.0" in text
    for title in others:  # each area's caption, headings and its one round
        table = text[text.index(f"Follow-up rounds for {title}") :][:400]
        assert "Baseline, when sent 12 none answered none answered none answered" in table, title
