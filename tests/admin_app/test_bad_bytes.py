"""A staff form posted with bytes that are not UTF-8 is refused as unreadable, with nothing written."""

from __future__ import annotations

import io

import pytest

from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user
from tests.feedback_app.flows import row_counts, token_on

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("body", [b"name=%FF%FE", b"name=caf\xe9", b"name=\xff\xfe", b"name=%ED%A0%80"])
def test_bytes_that_are_not_utf8_get_a_clear_message_not_form_expired(protected_admin_app, db, engine, body):  # noqa: F811
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    token = sign_in(client, db, user.email, TEST_PASSWORD)
    before = row_counts(engine)
    for with_token in (body + b"&csrf_token=" + token.encode(), body):
        answer = client.post("/agencies/new", data=with_token, content_type=FORM)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "could not be read" in page and "expired" not in page
    assert row_counts(engine) == before


@pytest.mark.parametrize("path", ["/login", "/agencies/new"])
def test_a_file_sent_where_text_belongs_is_no_answer_not_a_500(protected_admin_app, db, engine, path):  # noqa: F811
    # Found by the fuzz: a multipart post with a file under a text field's name reached its validators as a file.
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    token = sign_in(client, db, user.email, TEST_PASSWORD) if path != "/login" else None
    if path == "/login":
        client = protected_admin_app.test_client()
        token = token_on(client.get("/login").get_data(as_text=True))
    before = row_counts(engine)
    answer = client.post(
        path, data={"email": (io.BytesIO(b"x"), "a.txt"), "name": (io.BytesIO(b"y"), "b.txt"), "csrf_token": token}
    )
    assert answer.status_code == 400
    assert row_counts(engine) == before
