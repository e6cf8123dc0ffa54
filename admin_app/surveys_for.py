"""The "Surveys for this …" panel of a case review, an audit or a piece of themed work."""

from __future__ import annotations

from typing import Any

from admin_app import db
from admin_app.registers import today
from core.services.survey_plans import surveys_for

ENTRY_NAMES = {"review": "case review", "audit": "audit", "themed_work": "piece of work"}


def surveys_panel(kind: str, entry: Any) -> dict[str, Any]:
    """What templates/surveys/_for.html needs, for the entry's page."""
    return {"linked_surveys": surveys_for(db(), kind, entry.id, today()), "entry_name": ENTRY_NAMES[kind]}
