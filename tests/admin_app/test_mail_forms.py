"""The mail pages' forms with CSRF on, as a browser posts them: bad input gets its message on its field and a 400,
and nothing is written; a post without its token is refused the same way."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.models import Survey
from core.services import invitations, mailing_lists
from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user, survey_by_slug
from tests.feedback_app.flows import row_counts
from tests.mail_cycle import make_published_set

ZIP = b"PK\x03\x04" + b"\x00" * 40


@pytest.fixture
def mail(protected_admin_app, db, surveys, settings, clock) -> dict[str, Any]:  # noqa: F811
    """A list with one address, a campaign of an open survey, a closed survey, a published key area set, and a
    signed-in member of staff with the session's CSRF token."""
    group = mailing_lists.create_list(db, name="Parents", audience="family")
    mailing_lists.import_addresses(
        db, load_mail_key(settings), group, b"email\non@example.org\n", today=clock.now().date()
    )
    campaign = invitations.open_campaign(
        db, survey_id=survey_by_slug(db, "family-feedback").id, name="Spring", today=clock.now().date()
    )
    closed = db.scalar(select(Survey).where(Survey.slug != "family-feedback"))
    closed.status = "closed"
    published = make_published_set(db, clock.now().date())
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    token = sign_in(client, db, user.email, TEST_PASSWORD)
    ids = {"list": group.id, "campaign": campaign.id, "closed": closed.id, "set": published.id}
    return {"client": client, "token": token, **ids}


def _csv(content: bytes) -> tuple[io.BytesIO, str]:
    return io.BytesIO(content), "people.csv"


# (path, what is posted, the message on the page); {list} and the like are the fixture's ids.
REFUSED = [
    ("/mail/lists", {"name": "", "audience": "family"}, "Enter a name for the list"),
    ("/mail/lists", {"name": "x" * 201, "audience": "family"}, "A name for the list must be 200 characters or fewer"),
    ("/mail/lists", {"name": "Carers", "audience": "robots"}, "Choose who is on the list"),
    ("/mail/lists", {"name": " Parents ", "audience": "family"}, "There is already a list with this name"),
    ("/mail/lists/{list}/import", {"consent": "yes"}, "Select a CSV file to import"),
    ("/mail/lists/{list}/import", {"file": b"email\nnew@example.org\n"}, "Confirm that everyone in the file agreed"),
    ("/mail/lists/{list}/import", {"file": b"email\nnew@example.org\nnope\n", "consent": "yes"}, "It is not an email"),
    ("/mail/lists/{list}/import", {"file": ZIP, "consent": "yes"}, "The file was not imported"),
    ("/mail/lists/{list}/remove", {"address": "nonsense"}, "Enter an email address, like name@example.org"),
    ("/mail/lists/{list}/remove", {"address": "off@example.org"}, "That address is not on this list"),
    ("/mail/campaigns", {"survey_id": "{closed}", "name": "Autumn"}, "Choose a survey"),
    ("/mail/campaigns", {"survey_id": "2147483648", "name": "Autumn"}, "Choose a survey"),
    (
        "/mail/campaigns/{campaign}/invite",
        {"list_id": "{list}", "valid_days": "0"},
        "Links can last from 1 to 366 days",
    ),
    ("/mail/campaigns/{campaign}/invite", {"list_id": "{list}", "valid_days": "9" * 30}, "Links can last from 1 to"),
    (
        "/mail/campaigns/{campaign}/invite",
        {"list_id": "{list}", "valid_days": ""},
        "Enter how many days the links work",
    ),
    ("/mail/campaigns/{campaign}/invite", {"list_id": "abc", "valid_days": "14"}, "Choose a mailing list"),
    ("/mail/disseminate", {"set_id": "{set}", "list_id": "{list}", "follow_ups": ["1y"]}, "Select the follow-ups from"),
    ("/mail/disseminate", {"set_id": "", "list_id": "{list}"}, "Choose a published key area set"),
]


def _post(client: FlaskClient, path: str, data: dict[str, Any], ids: dict[str, Any], token: str | None) -> Any:
    filled: dict[str, Any] = {k: v.format(**ids) if isinstance(v, str) else v for k, v in data.items()}
    if "file" in filled:
        filled["file"] = _csv(filled["file"])
    if token is not None:
        filled["csrf_token"] = token
    return client.post(path.format(**ids), data=filled, content_type="multipart/form-data")


@pytest.mark.parametrize(("path", "data", "message"), REFUSED)
def test_bad_input_gets_its_message_on_its_field_and_a_400_and_writes_nothing(mail, engine, path, data, message):
    before = row_counts(engine)
    answer = _post(mail["client"], path, data, mail, mail["token"])
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and message in page, page[-3000:]
    assert 'class="govuk-error-summary"' in page and "govuk-error-message" in page
    assert row_counts(engine) == before


@pytest.mark.parametrize(("path", "data", "message"), REFUSED[:1] + REFUSED[5:6] + REFUSED[9:10] + REFUSED[12:13])
def test_a_post_without_its_csrf_token_is_refused_and_writes_nothing(mail, engine, path, data, message):
    good = {**data, "name": "Carers", "consent": "yes", "address": "on@example.org", "valid_days": "14"}
    before = row_counts(engine)
    answer = _post(mail["client"], path, good, mail, None)
    assert answer.status_code == 400 and "This form has expired" in answer.get_data(as_text=True)
    assert row_counts(engine) == before


def test_the_forms_work_with_their_tokens(mail, db, engine):
    client, ids = mail["client"], mail
    made = _post(client, "/mail/lists", {"name": "Carers", "audience": "family"}, ids, mail["token"])
    assert made.status_code == 302 and mailing_lists.name_taken(db, "Carers")
    upload = {"file": b"email\nnew@example.org\non@example.org\n", "consent": "yes"}
    imported = _post(client, "/mail/lists/{list}/import", upload, ids, mail["token"])
    page = imported.get_data(as_text=True)
    assert imported.status_code == 200 and "1 address added; 1 skipped." in page and "Already on this list" in page
    removed = _post(client, "/mail/lists/{list}/remove", {"address": "NEW@example.org"}, ids, mail["token"])
    assert removed.status_code == 302
    invited = _post(
        client, "/mail/campaigns/{campaign}/invite", {"list_id": "{list}", "valid_days": "14"}, ids, mail["token"]
    )
    assert invited.status_code == 302
    assert "1 invitation queued" in client.get(invited.headers["Location"]).get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused_saying_how_large_it_may_be(mail, engine):
    before = row_counts(engine)
    huge = b"email\r\n" + b"someone@example.org\r\n" * 250_000  # about 5 MB
    # The body built here, in memory: the test client would spool a large upload to a file it never closes.
    body = b"".join(
        [
            b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + mail["token"].encode() + b"\r\n",
            b'--b\r\nContent-Disposition: form-data; name="consent"\r\n\r\nyes\r\n',
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n\r\n' + huge + b"\r\n",
            b"--b--\r\n",
        ]
    )
    path = f"/mail/lists/{mail['list']}/import"
    answer = mail["client"].post(path, data=body, content_type="multipart/form-data; boundary=b")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 413 and "larger than 4 MB" in page and "split it into smaller files" in page
    assert row_counts(engine) == before
