"""Helpers for driving the public flow and checking the database (shared by feedback and admin tests)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from config import Settings
from core.db import Base
from core.mail.tokens import new_token, token_hash
from core.models import Campaign, Invitation
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services.release import release_waiting
from core.services.responses import Submission, clean_free_text, submit_response
from core.services.surveys import flagged_by_choice
from tests.factories import survey_by_slug

RECEIPT_ON_PAGE = re.compile(r'id="receipt-code">([0-9A-Z-]+)<')
CSRF_ON_PAGE = re.compile(r'name="csrf_token" value="([^"]+)"')


def unique_word(prefix: str = "zebrafinch") -> str:
    """A lowercase word no test data, stripper rule or template contains."""
    return prefix + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def main_text(response: Any) -> str:
    """A reply's main content as plain words, for an assertion's message (the page head says nothing)."""
    html = response.get_data(as_text=True)
    main = html[html.find('id="main-content"') :] if 'id="main-content"' in html else html
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:1500]


def receipt_on(html: str) -> str | None:
    """The receipt code shown on a page, or None."""
    match = RECEIPT_ON_PAGE.search(html)
    return match.group(1) if match else None


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema (to prove that a refused request wrote nothing)."""
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


def simple_answers(
    session: Session, slug: str, text: str = "Nothing more to add.", overrides: dict[str, Any] | None = None
) -> dict[int, dict[str, Any]]:
    """Form data for every page of a survey: the first option of each choice, `text` in each text box."""
    version = survey_by_slug(session, slug).current_version
    pages: dict[int, dict[str, Any]] = {}
    for q in version.questions:
        if q.kind == "text":
            value: Any = text
        elif q.kind == "pairing":
            value = ""  # optional: no code unless a test gives one
        elif q.kind == "multi":
            value = [q.options[0]["value"]]
        else:
            value = q.options[0]["value"] if q.kind not in {"likert", "faces"} else "3"
        if overrides and q.key in overrides:
            value = overrides[q.key]
        pages.setdefault(q.page, {})[q.key] = value
    return pages


def answer_survey(
    client: Any,
    session: Session,
    slug: str,
    *,
    text: str = "Nothing more to add.",
    overrides: dict[str, Any] | None = None,
    csrf_token: str | None = None,
    **kwargs: Any,
) -> Any:
    """Answer every page through the app (each page must be accepted); returns the check page."""
    token = {"csrf_token": csrf_token} if csrf_token else {}
    for number, data in sorted(simple_answers(session, slug, text, overrides).items()):
        response = client.post(f"/s/{slug}/page/{number}", data={**data, **token}, **kwargs)
        assert response.status_code == 302, (slug, number, response.status_code, main_text(response))
    return client.get(f"/s/{slug}/check", **kwargs)


def send_survey(client: Any, session: Session, slug: str, *, csrf_token: str | None = None, **kwargs: Any) -> str:
    """Answer and send a survey through the app; returns the receipt code shown."""
    check = answer_survey(client, session, slug, csrf_token=csrf_token, **kwargs)
    assert check.status_code == 200
    sent = client.post(f"/s/{slug}/check", data={"csrf_token": csrf_token} if csrf_token else None)
    assert sent.status_code == 200, (sent.status_code, main_text(sent))
    code = receipt_on(sent.get_data(as_text=True))
    assert code is not None
    return code


def release_for_staff(session: Session, day: dt.date | None = None) -> None:
    """Release every waiting response and addendum, as the release job does once enough wait; commits."""
    release_waiting(session, day or dt.date.today())
    session.commit()


def store_response(
    session: Session, settings: Settings, slug: str, answers: dict[str, Any], *, today: dt.date = dt.date(2026, 11, 27)
) -> Submission:
    """Seal and store a response through the service (no HTTP), as the feedback app would; commits."""
    version = survey_by_slug(session, slug).current_version
    stored: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    concern = False
    for q in version.questions:
        value = answers.get(q.key)
        if q.kind == "text" and value:
            cleaned = clean_free_text(value, settings.strip_keep)
            value, removed[q.key] = cleaned.text, cleaned.removed
            concern = concern or cleaned.concern is not None
        stored[q.key] = value
    submission = submit_response(
        session,
        version=version,
        answers=stored,
        removed=removed,
        needs_attention=concern or flagged_by_choice(version.questions, stored),
        campaign_id=None,
        public_key=load_current_public_key(settings.keys_dir),
        hasher=ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib),
        today=today,
    )
    # Arranged as a response staff can already read: released (tests of holding use submit_response itself).
    release_waiting(session, today)
    session.commit()
    return submission


def token_on(html: str) -> str:
    """The CSRF token in a page's form (the test fails if there is none)."""
    match = CSRF_ON_PAGE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def open_invitation_link(client: Any, session: Session, survey_id: int, day: dt.date) -> None:
    """Give this browser a fresh one-time invitation to the survey, opened from its link as an email's would be."""
    campaign = Campaign(survey_id=survey_id, name=f"Invited {unique_word('round')}", purpose="follow_up")
    session.add(campaign)
    session.flush()
    token = new_token()
    session.add(
        Invitation(
            campaign_id=campaign.id, token_hash=token_hash(token), sent_on=day, expires_on=day + dt.timedelta(28)
        )
    )
    session.commit()
    assert client.get(f"/invitation?token={token}").status_code == 302
