"""The audit log page: filters by action, user and dates, search, paging; bad filters are a 400 with a message."""

from __future__ import annotations

import html

from click.testing import CliRunner
from sqlalchemy import delete

from admin_app.audit import PER_PAGE
from admin_app.cli import main
from core.models import AuditEvent
from core.services.audit import record


def _table(admin_client, query: str) -> str:
    """The events table of the page for `query` (the filter lists above it name every action and user)."""
    page = admin_client.get(f"/audit/?{query}").get_data(as_text=True)
    return page.split("<tbody>", 1)[1]


def test_the_audit_log_filters_by_action_and_user_and_searches(admin_client, auth, db):
    admin = auth.login("admin")
    other = auth.login("staff", email="someone.else@example.org")
    auth.login("admin", email="second.admin@example.org")  # the browser is now this admin's
    record(db, other.id, "export", "responses", "", rows=12)
    record(db, admin.id, "response.read", "response", "abc123", reason="key area quote")
    db.commit()

    by_action = _table(admin_client, "action=export")
    assert "rows: 12" in by_action and "response.read" not in by_action
    by_user = _table(admin_client, f"user={other.id}")
    assert "someone.else@example.org" in by_user and "key area quote" not in by_user
    searched = _table(admin_client, "q=key+AREA")
    assert "response.read" in searched and "rows: 12" not in searched
    # LIKE's wildcards are matched as themselves, not as "anything".
    assert "No events match these filters." in _table(admin_client, "q=%25")


def test_the_audit_log_filters_by_a_date_range(admin_client, auth, db, clock):
    auth.login("admin")
    record(db, None, "themes.retrained", "theme_model", "3")
    db.commit()
    today = db.query(AuditEvent).first().at.date().isoformat()
    assert "themes.retrained" in _table(admin_client, f"from={today}&to={today}")
    assert "themes.retrained" not in _table(admin_client, "to=2000-01-01")
    assert "themes.retrained" not in _table(admin_client, "from=2999-01-01")


def test_the_audit_log_filters_to_the_last_day_a_date_can_name(admin_client, auth, db):
    # The day after 31 December 9999 is past what Python can count to: the filter asking up to then was a 500.
    auth.login("admin")
    record(db, None, "themes.retrained", "theme_model", "3")
    db.commit()
    for query in ("to=9999-12-31", "from=0001-01-01&to=9999-12-31", "to=31/12/9999"):
        answer = admin_client.get(f"/audit/?{query}")
        assert answer.status_code == 200, query
        assert "themes.retrained" in answer.get_data(as_text=True).split("<tbody>", 1)[1], query
    assert "themes.retrained" not in _table(admin_client, "from=9999-12-31&to=9999-12-31")


def test_the_audit_log_pages_keep_the_filter(admin_client, auth, db):
    auth.login("admin")
    for n in range(PER_PAGE + 5):
        record(db, None, "response.read", "thing", n)
    db.commit()
    first = admin_client.get("/audit/?action=response.read").get_data(as_text=True)
    assert f"<strong>{PER_PAGE + 5:,}</strong> events" in first and "Page 1 of 2" in first
    assert html.escape("/audit/?page=2&action=response.read") in first or "page=2&amp;action=response.read" in first
    second = admin_client.get("/audit/?action=response.read&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "thing 4<" in second and "thing 5<" not in second


def test_bad_audit_filters_get_a_message_and_a_400_never_a_500(admin_client, auth):
    auth.login("admin")
    for query, message in [
        ("from=2026-13-45", "The start date must be a real date"),
        ("to=yesterday", "The end date must be a real date"),
        ("from=2026-12-02&to=2026-12-01", "The end date must be the same as or after the start date"),
        ("user=99999999999999999999", "Choose a user from the list"),
        ("user=-1", "Choose a user from the list"),
        ("q=" + "x" * 500, "Search for at most 200 characters"),
        ("q=%00%01", "Search for letters, numbers and punctuation only"),
        ("action=user.login%00", "Choose an action from the list"),
    ]:
        response = admin_client.get(f"/audit/?{query}")
        assert response.status_code == 400, query
        assert message in response.get_data(as_text=True), query
    assert admin_client.get("/audit/?page=99999999999999999999999").status_code == 200


def test_only_administrators_read_the_audit_log(admin_client, auth):
    auth.login("staff")
    assert admin_client.get("/audit/").status_code == 403


def _verify(database_url: str, instance) -> tuple[int, str]:
    env = {
        "LEARNING_LOOP_INSTANCE_PATH": str(instance),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
    }
    result = CliRunner().invoke(main, ["audit", "verify"], env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_audit_verify_passes_an_intact_log_and_names_the_first_broken_event(db, engine, database_url, tmp_path):
    for n in range(3):
        record(db, None, "review.update", "review", n)
    db.commit()
    code, output = _verify(database_url, tmp_path / "instance")
    assert code == 0 and "intact: 3 events" in output
    first, second, _third = db.query(AuditEvent).order_by(AuditEvent.id).all()
    with engine.begin() as conn:  # someone with the database's password removes an event
        conn.execute(delete(AuditEvent).where(AuditEvent.id == second.id))
    code, output = _verify(database_url, tmp_path / "instance")
    assert code == 2
    assert f"event {second.id + 1} does not follow the event before it" in output
    assert "The 1 events before that are intact" in output and first.hash in output


def test_an_events_details_that_hold_a_record_as_it_was_read_as_words_not_python(admin_client, auth, db):
    admin = auth.login("admin")
    record(db, admin.id, "theme.saved", "theme", 1, before={"label": "Information sharing", "active": True})
    db.commit()

    table = html.unescape(_table(admin_client, "action=theme.saved"))

    assert "before: label Information sharing, active yes" in table
    assert "{'" not in table and "True" not in table


def test_the_audit_log_shows_and_filters_by_the_day_in_england_not_utc(admin_client, auth, db, monkeypatch):
    import datetime as dt

    import core.services.audit as audit_service

    auth.login("admin")
    # 23:30 UTC on 1 July is 00:30 on 2 July in England (BST): the officer's day, and what the log should say.
    monkeypatch.setattr(audit_service, "utcnow", lambda: dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone.utc))
    record(db, None, "themes.retrained", "theme_model", "3")
    # In winter England is on UTC: the same hour either way.
    monkeypatch.setattr(audit_service, "utcnow", lambda: dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.timezone.utc))
    record(db, None, "themes.retrained", "theme_model", "4")
    db.commit()
    shown = _table(admin_client, "from=2026-07-02&to=2026-07-02")
    assert "themes.retrained" in shown and "2 Jul 2026 00:30:00" in shown
    assert "themes.retrained" not in _table(admin_client, "from=2026-07-01&to=2026-07-01")
    assert "1 Dec 2026 23:30:00" in _table(admin_client, "from=2026-12-01&to=2026-12-01")
