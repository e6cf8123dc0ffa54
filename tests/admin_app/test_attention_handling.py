"""A response flagged as possible risk is marked handled with a note of what was done, who and when; undo puts it back."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from core.models import AttentionHandling, AuditEvent, Response
from core.services import attention
from tests.admin_app.signing_in import sign_in
from tests.factories import make_user
from tests.feedback_app.flows import row_counts, store_response

DISCLOSURE = {"kind": "complaint", "service": "Police", "details": "please help me, I am being hurt at home"}
NOTE = "Passed to the children's social care front door; they are following it up."


@pytest.fixture
def protected_app(make_settings, clock, engine) -> Iterator[Flask]:
    """The admin app with CSRF on: bad input is tried as a browser would send it."""
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def _signed_in(app: Flask, db, role: str = "staff") -> tuple[FlaskClient, object]:
    user = make_user(db, role=role, name=f"Alex {role.title()}")
    db.commit()
    client = app.test_client()
    sign_in(app, client, db, user)
    return client, user


@pytest.fixture
def flagged(db, settings, surveys) -> Response:
    submission = store_response(db, settings, "compliments-complaints", DISCLOSURE)
    response = db.get(Response, submission.response_id)
    assert response.needs_attention and not response.attention_handled
    return response


def _handle(client: FlaskClient, response_id: str, note: str):
    form = client.get(f"/surveys/responses/{response_id}/handled")
    assert form.status_code == 200
    return client.post(
        f"/surveys/responses/{response_id}/handled",
        data={"note": note, "csrf_token": _token(form.get_data(as_text=True))},
    )


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Enter what was done about this response"),
        ("   \n ", "Enter what was done about this response"),
        ("x" * 501, "What was done must be 500 characters or fewer"),
        ("Rang the MASH\x00", "What was done must not contain control characters"),
    ],
)
def test_marking_handled_without_a_usable_note_is_refused_and_changes_nothing(
    protected_app, db, flagged, engine, note, message
):
    client, _user = _signed_in(protected_app, db)
    before = row_counts(engine)
    refused = _handle(client, flagged.id, note)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and message in page
    assert '<a href="#note">' in page and 'id="note"' in page
    db.expire_all()
    assert db.get(Response, flagged.id).attention_handled is False
    assert row_counts(engine) == before


def test_a_handled_response_shows_the_note_with_who_and_when_and_is_audited(protected_app, db, flagged):
    client, user = _signed_in(protected_app, db)
    done = _handle(client, flagged.id, f"  {NOTE}  ")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"#resp-{flagged.id}")

    db.expire_all()
    assert db.get(Response, flagged.id).attention_handled is True
    handling = db.get(AttentionHandling, flagged.id)
    assert handling.note == NOTE and handling.handled_by_id == user.id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.attention_handled"))
    assert event.user_id == user.id and event.object_id == flagged.id and event.details["note"] == NOTE

    page = client.get(done.headers["Location"]).get_data(as_text=True)
    # The fixed clock says 10:30 UTC on 27 November 2026, which is 10:30 in England (GMT).
    assert "Marked as handled by Alex Staff on 27 November 2026 at 10:30" in page
    assert NOTE.replace("'", "&#39;") in page and "Read first: possible risk" not in page
    assert "may describe a child at risk" not in client.get("/").get_data(as_text=True)


def test_undoing_handled_puts_the_response_back_first_and_is_audited_with_the_note_undone(protected_app, db, flagged):
    client, user = _signed_in(protected_app, db)
    _handle(client, flagged.id, NOTE)
    listing = client.get(f"/surveys/{flagged.version.survey_id}/responses").get_data(as_text=True)
    assert f"/surveys/responses/{flagged.id}/handled/undo" in listing

    undone = client.post(f"/surveys/responses/{flagged.id}/handled/undo", data={"csrf_token": _token(listing)})
    assert undone.status_code == 302
    db.expire_all()
    assert db.get(Response, flagged.id).attention_handled is False
    assert db.get(AttentionHandling, flagged.id) is None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.attention_handled_undone"))
    assert event.user_id == user.id and event.object_id == flagged.id and event.details["note"] == NOTE

    page = client.get(undone.headers["Location"]).get_data(as_text=True)
    assert "No longer marked as handled" in page and "Read first: possible risk" in page
    assert "may describe a child at risk" in client.get("/").get_data(as_text=True)
    again = client.post(f"/surveys/responses/{flagged.id}/handled/undo", data={"csrf_token": _token(page)})
    assert "was not marked as handled" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_undo_without_its_csrf_token_is_refused(protected_app, db, flagged):
    client, _user = _signed_in(protected_app, db)
    _handle(client, flagged.id, NOTE)
    assert client.post(f"/surveys/responses/{flagged.id}/handled/undo").status_code == 400
    db.expire_all()
    assert db.get(Response, flagged.id).attention_handled is True


def test_closing_a_survey_or_signing_out_without_the_csrf_token_is_refused(protected_app, db, flagged):
    client, _user = _signed_in(protected_app, db)
    survey = flagged.version.survey
    refused = client.post(f"/surveys/{survey.id}/status", data={"status": "closed"})
    assert refused.status_code == 400 and "This form has expired" in refused.get_data(as_text=True)
    db.expire_all()
    assert survey.status != "closed"
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_roles_can_neither_handle_nor_undo(auth, admin_client, db, flagged, role):
    auth.login(role)
    assert admin_client.get(f"/surveys/responses/{flagged.id}/handled").status_code == 403
    assert admin_client.post(f"/surveys/responses/{flagged.id}/handled", data={"note": NOTE}).status_code == 403
    assert admin_client.post(f"/surveys/responses/{flagged.id}/handled/undo").status_code == 403
    assert db.get(AttentionHandling, flagged.id) is None


def test_the_public_app_never_reads_the_handling_note(
    surveys, feedback_client, feedback_app, db, clock, auth, admin_client
):
    from tests.feedback_app.flows import release_for_staff, send_survey

    code = send_survey(feedback_client, db, "compliments-complaints")
    release_for_staff(db, clock.now().date())
    response = db.scalar(select(Response))
    staff = auth.login("staff")
    attention.mark_handled(db, staff.id, response, NOTE, clock.now())
    db.commit()

    statements: list[str] = []
    public_engine = feedback_app.extensions["learning_loop_engine"]
    listen = lambda _conn, _cursor, sql, *_rest: statements.append(sql)  # noqa: E731
    event.listen(public_engine, "before_cursor_execute", listen)
    try:
        pages = [feedback_client.post("/receipt", data={"code": code}), feedback_client.get("/receipt/yours")]
        feedback_client.post("/receipt/yours", data={"text": "I am being hurt at home"})
        pages.append(feedback_client.post("/receipt/yours/check"))
    finally:
        event.remove(public_engine, "before_cursor_execute", listen)
    assert statements and not [sql for sql in statements if "attention_handling" in sql]
    for page in pages:
        assert "following it up" not in page.get_data(as_text=True)
    db.expire_all()
    # The person added words that may describe harm: the response needs reading again, the old note stays.
    assert db.get(Response, response.id).attention_handled is False
    assert db.get(AttentionHandling, response.id).note == NOTE
    release_for_staff(db, clock.now().date())
    staff_page = admin_client.get(f"/surveys/{response.version.survey_id}/responses").get_data(as_text=True)
    assert "Read first: possible risk" in staff_page and "(before the person added more)" in staff_page
