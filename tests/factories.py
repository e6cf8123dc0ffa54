"""Typed factory functions for tests."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from core.db import Base
from core.models import Agency, Survey, User
from argon2 import PasswordHasher

TEST_PASSWORD = "correct horse battery staple"
# Every test account's authenticator holds this key (like TEST_PASSWORD, the same for all): a test signs in by
# sending the code it gives at the fake clock's time (or the real time, in the browser tests).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)
_HASH_CACHE: dict[str, str] = {}


def empty_all_tables(engine: Engine) -> None:
    """Every table emptied; on PostgreSQL the ids start again too, as they do on SQLite once a table is empty."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))  # noqa: S608 (table names from our metadata)


def _password_hash() -> str:
    # argon2 verifies with the cost stored in the hash: a cheap hash keeps sign-ins fast in tests,
    # while the app itself still hashes new passwords at full strength.
    if TEST_PASSWORD not in _HASH_CACHE:
        _HASH_CACHE[TEST_PASSWORD] = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(TEST_PASSWORD)
    return _HASH_CACHE[TEST_PASSWORD]


def make_user(
    session: Session, *, role: str = "staff", email: str | None = None, agency_id: int | None = None, name: str = ""
) -> User:
    user = User(
        email=email or f"user{next(_counter)}@example.org",
        name=name or f"Test {role}",
        role=role,
        password_hash=_password_hash(),
        agency_id=agency_id,
    )
    session.add(user)
    session.flush()
    return user


def enrol_second_factor(session: Session, settings: Any, user: User, secret: str = TEST_TOTP_SECRET) -> None:
    """Give `user` a confirmed second factor with `secret`, encrypted as the app encrypts it."""
    from config import instance_secret
    from core.models import SecondFactor
    from core.second_factor import SecretBox

    box = SecretBox(instance_secret(settings, "second_factor"))
    session.add(SecondFactor(user_id=user.id, encrypted_secret=box.seal(secret), confirmed_at=user.created_at))
    session.flush()


def totp_code(at: Any, secret: str = TEST_TOTP_SECRET) -> str:
    """The code the test authenticator shows at `at`."""
    from core.second_factor import code_at

    return code_at(secret, at)


def make_agency(session: Session, name: str | None = None, kind: str = "health") -> Agency:
    agency = Agency(name=name or f"Agency {next(_counter)}", kind=kind)
    session.add(agency)
    session.flush()
    return agency


def survey_by_slug(session: Session, slug: str) -> Survey:
    survey = session.scalar(select(Survey).where(Survey.slug == slug))
    assert survey is not None, f"no survey {slug}"
    return survey


PRACTITIONER_ANSWERS: dict[int, dict[str, Any]] = {
    1: {"role": "Social worker"},
    2: {"agency_type": "Police"},
    3: {"working_well": "Strategy meetings happen quickly now."},
    4: {"gets_in_the_way": "Information from health arrives late."},
    5: {"conf_escalate": "4", "conf_share": "3", "conf_challenge": "2", "aware_key_areas": "1"},
    6: {"learning_used": ["A 7-minute briefing"]},
    7: {"anything_else": ""},
}


def answer_practitioner_survey(
    client: Any,
    overrides: dict[int, dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    environ: dict[str, str] | None = None,
) -> Any:
    """Fill in every page of the practitioner survey through the app; returns the check-page response."""
    pages = {n: dict(v) for n, v in PRACTITIONER_ANSWERS.items()}
    for n, values in (overrides or {}).items():
        pages[n].update(values)
    kwargs: dict[str, Any] = {"headers": headers or {}, "environ_base": environ or {}}
    for number, data in pages.items():
        response = client.post(f"/s/practitioner-feedback/page/{number}", data=data, **kwargs)
        assert response.status_code == 302, (number, response.status_code, response.get_data(as_text=True)[:2000])
    return client.get("/s/practitioner-feedback/check", **kwargs)


def themed_responses(
    session: Session,
    keys_dir: Any,
    theme: str,
    polarity: str,
    n: int,
    day: Any,
    text: str = "Information from health arrives late.",
    slug: str = "practitioner-feedback",
    released_on: Any = None,
) -> list[str]:
    """`n` sealed responses to a survey (practitioners' by default), each already themed as the analysis job would,
    sent on `day` and released in a batch on `released_on` (the same day unless given)."""
    from core.models import ResponseTheme
    from core.receipts import ReceiptHasher
    from core.sealing import load_current_public_key
    from core.services.release import release_waiting
    from core.services.responses import submit_response

    version = survey_by_slug(session, slug).current_version
    ids = []
    for _ in range(n):
        submission = submit_response(
            session,
            version=version,
            answers={"role": "Social worker", "agency_type": "Police", "gets_in_the_way": text},
            removed={},
            needs_attention=False,
            campaign_id=None,
            public_key=load_current_public_key(keys_dir),
            hasher=ReceiptHasher(time_cost=1, memory_kib=8),
            today=day,
        )
        session.add(ResponseTheme(response_id=submission.response_id, theme_code=theme, polarity=polarity, score=0.9))
        ids.append(submission.response_id)
    release_waiting(session, released_on or day)  # as staff would find them: released in a batch
    session.flush()
    return ids


def family_responses_by_tier(session: Session, settings: Any, tiers: list[str]) -> list[str]:
    """One stored family-survey response per tier in `tiers` ("" for none said), each analysed as a family's."""
    import datetime as dt

    from core.models import ResponseAnalysis
    from tests.feedback_app.flows import store_response

    ids = []
    for tier in tiers:
        response_id = store_response(
            session, settings, "family-feedback", {"service": tier, "satisfaction": "4"}
        ).response_id
        session.add(
            ResponseAnalysis(
                response_id=response_id,
                model_version="t",
                analysed_on=dt.date(2026, 11, 1),
                respondent_group="family",
                tier=tier,
            )
        )
        ids.append(response_id)
    session.flush()
    return ids


def key_area_set(
    session: Session,
    status: str,
    title: str = "Key areas, spring and summer 2026",
    *,
    summary: str = "",
    you_said: str = "Reports reached families the night before.",
    we_will: str = "Send reports five working days before every conference.",
) -> Any:
    """A key area set for April to September 2026 with one area of each kind, as staff would have written it;
    a published or withdrawn set was published on 15 October. Commits."""
    import datetime as dt

    from core.models import KeyArea, KeyAreaSet

    made = KeyAreaSet(
        title=title,
        summary=summary,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 9, 30),
        status=status,
        published_on=dt.date(2026, 10, 15) if status in ("published", "withdrawn") else None,
    )
    made.areas = [
        KeyArea(
            kind="development",
            position=1,
            theme_codes=["information_sharing"],
            title="Sharing information before conferences",
            summary=you_said,
            action=we_will,
        ),
        KeyArea(
            kind="good_practice",
            position=1,
            theme_codes=["multi_agency_working"],
            title="Quick strategy meetings",
            action="Keep police and health at every strategy meeting.",
        ),
    ]
    session.add(made)
    session.commit()
    return made
