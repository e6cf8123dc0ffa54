"""A staff form posted with bytes that are not UTF-8 is refused as unreadable, with nothing written."""

from __future__ import annotations

import pytest

from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user
from tests.feedback_app.flows import row_counts

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
