"""Board members and partner agencies read the impact pages and report (DESIGN section 1): the figures, never what
anyone wrote, nothing to change or unlock, and each opening of the answers behind them audit-logged as theirs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Survey, User
from tests.factories import make_agency
from tests.feedback_app.flows import answer_survey, release_for_staff
from tests.mail_cycle import LINK, disseminate_to
from tests.smtp_server import body_of

PEOPLE = [f"p{n}@example.org" for n in range(6)]
WRITTEN = "The neglect briefing changed how I plan home visits"


def _answer_baseline(feedback_app, db, smtp_server, overrides: dict[str, str]) -> None:
    slug = db.scalar(select(Survey.slug).where(Survey.slug.like("follow-up-%")))
    for message in smtp_server.received[6:12]:  # after the six key-area emails, the six baseline invitations
        client = feedback_app.test_client()
        link = LINK.search(body_of(message))
        assert link is not None
        client.get(client.get(link.group(1)).headers["Location"])
        answer_survey(client, db, slug, text=WRITTEN, overrides=overrides)
        assert client.post(f"/s/{slug}/check").status_code == 200


@pytest.fixture
def answered(db, surveys, make_settings, clock, smtp_server, feedback_app):
    """A dissemination whose baseline six people answered, each writing the same sentence; released to staff."""
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    sent, published = disseminate_to(db, settings, clock, PEOPLE)
    area = published.areas[0]
    _answer_baseline(feedback_app, db, smtp_server, {f"confidence_{area.id}": "4"})
    release_for_staff(db, clock.now().date())
    return sent, area


@pytest.mark.parametrize("role", ["board", "partner"])
def test_a_reader_sees_the_impact_figures_and_none_of_what_anyone_wrote(admin_client, auth, db, answered, role):
    sent, area = answered
    agency_id = make_agency(db, "Police").id if role == "partner" else None
    reader = auth.login(role, agency_id=agency_id)
    page = admin_client.get(f"/impact/disseminations/{sent.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    table = text[text.index(f'id="impact-{area.id}"') :].split("</table>")[0]
    row = table[table.index("Baseline, when sent") :].split("</tr>")[0]
    # Six people, each confident (4): the people, the median and the distribution.
    cells = re.findall(r">([^<]*)</td>", row)
    assert (cells[0], cells[3], cells[4:]) == ("6", "4.0", ["0", "0", "0", "6", "0"]), row
    for url in ("/impact/", "/impact/report", f"/impact/disseminations/{sent.id}"):
        html = admin_client.get(url).get_data(as_text=True)
        assert WRITTEN not in html and "home visits" not in html, url
        # Nothing to change: no form but signing out, and no way to the keys or the mail pages.
        assert re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', html) == ["/logout"], url
        assert "/keys" not in html and "/mail/" not in html, url
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "impact.read")).all()
    assert reads and {event.user_id for event in reads} == {reader.id}
    assert ("dissemination", str(sent.id)) in {(event.object_type, event.object_id) for event in reads}


def test_the_impact_link_is_in_a_board_members_navigation(admin_client, auth, db):
    auth.login("board")
    home = admin_client.get("/").get_data(as_text=True)
    assert 'href="/impact/"' in home and 'href="/mail/lists"' not in home


def test_a_reader_is_told_the_business_unit_unlocks_the_keys_and_is_not_offered_to(admin_client, auth, db, admin_app):
    admin_app.extensions["learning_loop"].keyring.keys.clear()
    auth.login("board")
    html = admin_client.get("/impact/").get_data(as_text=True)
    assert "The business unit unlocks them" in html and "Unlock them" not in html


def test_a_board_member_who_opens_the_report_is_in_the_audit_log_as_its_reader(admin_client, auth, db, answered):
    sent, _ = answered
    board = auth.login("board")
    assert admin_client.get("/impact/report").status_code == 200
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "impact.read")).all()
    assert {(event.user_id, event.object_type, event.object_id) for event in events} >= {
        (board.id, "dissemination", str(sent.id))
    }
    assert all(db.get(User, event.user_id).role == "board" for event in events)
