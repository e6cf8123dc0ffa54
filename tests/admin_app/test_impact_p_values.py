"""A p-value too small to show in four decimals reads 'p < 0.001', not 'p = 0.0' (which says a difference could not
have arisen by chance at all), and the page says once what p is, for board members who read it without a statistician."""

from __future__ import annotations

import datetime as dt

from core.services.dissemination import follow_up_survey
from tests.admin_app.test_impact_beside_findings import DAY, _round, _sent
from tests.mail_cycle import make_published_set


def test_a_very_small_p_value_reads_as_under_one_in_a_thousand_and_p_is_explained(
    admin_client, auth, db, settings, surveys
):
    published = make_published_set(db, DAY)
    survey = follow_up_survey(db, published, "practitioner")
    sent = _sent(db, published, (0, 6))
    _round(db, settings, survey, sent.follow_ups[0], 12, DAY, confidence="3")
    _round(db, settings, survey, sent.follow_ups[1], 7, DAY + dt.timedelta(weeks=7), confidence="4")
    auth.login("board")
    for url in (f"/impact/disseminations/{sent.id}", "/impact/report"):
        html = admin_client.get(url).get_data(as_text=True)
        assert "p &lt; 0.001" in html and "p = 0.0," not in html, url
        assert "p is the chance of a difference at least this large if nothing had changed" in html, url
