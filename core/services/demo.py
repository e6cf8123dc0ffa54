"""Demonstration data for `make run`: surveys, accounts and sealed sample responses."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config import Settings
from core.models import Agency, Response, Survey, User
from core.passwords import hash_password
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services.responses import clean_free_text, submit_response
from core.services.surveys import flagged_by_choice, install_templates

DEMO_PASSWORD = "learning-loop-demo"
DEMO_USERS = [
    ("admin@example.org", "Demo Administrator", "admin"),
    ("staff@example.org", "Demo Business Unit Officer", "staff"),
    ("board@example.org", "Demo Board Member", "board"),
]
DEMO_AGENCIES = [
    ("Children's Services", "local_authority"),
    ("Police", "police"),
    ("Acute Hospital NHS Trust", "health"),
    ("Integrated Care Board", "health"),
    ("Community Health Trust", "health"),
    ("Schools and Education", "education"),
    ("Probation Service", "probation"),
    ("Youth Justice Service", "youth_justice"),
    ("Voluntary Sector Forum", "voluntary"),
]
PRACTITIONER_WELL = [
    "Strategy meetings are now held quickly and police and health attend, which has made a real difference.",
    "The early help hub gives good advice when I am not sure whether something meets the threshold.",
    "Joint visits with the health visitor helped us see the baby's lived experience at home.",
    "Supervision with my manager gives me time to reflect on cumulative neglect.",
    "The 7-minute briefings are short enough to use in team meetings and people read them.",
    "The school DSL and the social worker share information well and the child was spoken to alone.",
    "MARAC has improved and domestic abuse notifications reach schools the next morning.",
    "Having a named lead professional means families are not asked the same questions again and again.",
]
PRACTITIONER_BARRIERS = [
    "Information from the GP does not reach us in time for child protection conferences.",
    "Caseloads are too high to see children alone as often as we should.",
    "Fathers and new partners are often not assessed; we only ever speak to mum.",
    "It is hard to get a response from the MASH and referrals bounce back without a reason.",
    "I do not feel confident to escalate when I disagree with a social care decision.",
    "Thresholds for early help are not understood the same way by schools and health.",
    "We accepted the explanation for the bruising too easily and did not ask why.",
    "Records are on different systems so no one sees the whole chronology.",
    "I rang Mrs Patel at the school on 07700 900123 and she said nothing had been shared with them.",
]
FAMILY_WELL = [
    "Our worker listened to us and explained what would happen next.",
    "The family support worker helped with the housing and the kids are settled now.",
    "The health visitor was kind and did not judge me.",
]
FAMILY_BETTER = [
    "We got the conference report the night before the meeting so I could not read it properly.",
    "We had four different social workers in a year and had to tell our story every time.",
    "Nobody asked my son what he wanted, they only talked to me.",
    "My partner was never asked to any meetings even though he lives with us.",
]


def _ensure_users(session: Session) -> list[str]:
    made = []
    for email, name, role in DEMO_USERS:
        if session.scalar(select(User).where(User.email == email)) is None:
            session.add(User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD)))
            made.append(email)
    for name, kind in DEMO_AGENCIES:
        if session.scalar(select(Agency).where(Agency.name == name)) is None:
            session.add(Agency(name=name, kind=kind))
    session.flush()
    return made


def _answers_for(survey: Survey, rng: random.Random, keep: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any], bool]:
    answers: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    concern = False
    texts = {
        "working_well": PRACTITIONER_WELL, "gets_in_the_way": PRACTITIONER_BARRIERS,
        "went_well": FAMILY_WELL, "could_be_better": FAMILY_BETTER,
    }
    for q in survey.current_version.questions:
        if q.kind == "text":
            pool = texts.get(q.key)
            if pool is None or (not q.required and rng.random() < 0.4):
                answers[q.key] = ""
                continue
            cleaned = clean_free_text(rng.choice(pool), keep)
            answers[q.key] = cleaned.text
            removed[q.key] = cleaned.removed
            concern = concern or cleaned.concern is not None
        elif q.kind == "multi":
            values = [o["value"] for o in q.options]
            answers[q.key] = sorted(rng.sample(values[:-1], k=rng.randint(1, 3)), key=values.index)
        else:
            values = [o["value"] for o in q.options]
            weights = [1, 2, 3, 4, 3][: len(values)] if q.kind in {"likert", "faces"} else None
            answers[q.key] = rng.choices(values, weights=weights)[0]
    return answers, removed, concern


def load_demo(session: Session, settings: Settings, *, today: dt.date | None = None) -> list[str]:
    """Create demo surveys, users, agencies and (once) sealed sample responses."""
    summary = []
    created = install_templates(session)
    summary.append(f"Survey templates installed: {len(created)} new.")
    made = _ensure_users(session)
    summary.append(f"Demo accounts created: {', '.join(made) if made else 'none new'}.")
    existing = session.scalar(select(func.count()).select_from(Response)) or 0
    if existing:
        summary.append(f"Sample responses: {existing} already present.")
        return summary
    public_key = load_current_public_key(settings.keys_dir)
    hasher = ReceiptHasher(time_cost=1, memory_kib=8 * 1024)
    rng = random.Random(20191129)
    today = today or dt.date.today()
    count = 0
    for slug, n in (("practitioner-feedback", 36), ("family-feedback", 14), ("review-participation", 6)):
        survey = session.scalar(select(Survey).where(Survey.slug == slug))
        if survey is None:
            continue
        for _ in range(n):
            answers, removed, concern = _answers_for(survey, rng, settings.strip_keep)
            version = survey.current_version
            submit_response(
                session, version=version, answers=answers, removed=removed,
                needs_attention=concern or flagged_by_choice(version.questions, answers), campaign_id=None,
                public_key=public_key, hasher=hasher, today=today - dt.timedelta(days=rng.randint(0, 180)),
            )
            count += 1
    summary.append(f"Sample responses sealed: {count}.")
    return summary
