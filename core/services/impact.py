"""Impact of a dissemination: open its follow-up rounds' answers in memory and measure each key area."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.impact import AreaImpact, area_impact
from core.models import Dissemination, FollowUp, KeyArea, Response
from core.opening import CannotOpen, Keyring
from core.services.dissemination import PAIRING_QUESTION
from core.sealing import context_info
from core.services.audit import record
from core.services.release import released


def _answers(session: Session, keyring: Keyring, campaign_id: int) -> list[dict[str, Any]]:
    answers = []
    # Released answers only: staff never see a round's figures move as single answers arrive.
    query = (
        select(Response).where(Response.campaign_id == campaign_id, released()).options(selectinload(Response.version))
    )
    for response in session.scalars(query):
        try:
            payload = keyring.open(
                response.key_id, response.sealed, context_info(response.version.survey_id, response.version.id)
            )
        except CannotOpen:
            continue
        # Choices only: the free-text answer is never part of the figures.
        answers.append({key: value for key, value in dict(payload.get("answers", {})).items() if key != "more"})
    return answers


def dissemination_impact(
    session: Session, keyring: Keyring, dissemination: Dissemination, *, user_id: int | None, k: int
) -> Optional[list[AreaImpact]]:
    """Each key area's figures across the follow-up rounds sent so far; None while the keys are locked."""
    if not keyring.keys:
        return None
    rounds = [
        (follow_up.label, _answers(session, keyring, follow_up.campaign_id))
        for follow_up in session.scalars(
            select(FollowUp)
            .where(FollowUp.dissemination_id == dissemination.id, FollowUp.campaign_id.is_not(None))
            .order_by(FollowUp.due_at)
        )
        if follow_up.campaign_id is not None
    ]
    areas = session.scalars(
        select(KeyArea).where(KeyArea.set_id == dissemination.key_area_set_id).order_by(KeyArea.kind, KeyArea.position)
    )
    record(session, user_id, "impact.read", "dissemination", dissemination.id, rounds=len(rounds))
    return [area_impact(area.id, area.title, rounds, k, pair_key=PAIRING_QUESTION) for area in areas]
