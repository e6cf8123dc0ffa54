"""The dashboard staff land on after signing in: what needs attention first."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user
from admin_app.registers import due_soon_days, today
from core.models import SOURCE_TYPES
from core.services.actions import action_summary
from core.services.deadlines import DEADLINE_LABELS
from core.services.reading import flagged_unhandled
from core.services.reviews import deadline_summary

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    user = current_user()
    now, soon = today(), due_soon_days()
    return render_template(
        "home/index.html",
        flagged=flagged_unhandled(db()),
        keyring=context().keyring,
        deadlines=deadline_summary(db(), user, now, soon),
        actions=action_summary(db(), user, now, soon),
        today=now,
        soon=soon,
        deadline_labels=DEADLINE_LABELS,
        source_labels=SOURCE_TYPES,
    )
