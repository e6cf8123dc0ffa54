"""Staff decide the fate of a message whose sending was interrupted: send it again, or record it as failed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from admin_app.registers import act, page_of
from core.models import INTERRUPTED_DECISIONS
from core.services import outbox_interrupted as service

bp = Blueprint("outbox_interrupted", __name__, url_prefix="/mail/outbox/interrupted")


def page_values() -> dict[str, Any]:
    """What the outbox page shows of interrupted messages and staff's decisions on them."""
    ctx = context()
    return {
        "interrupted": service.interrupted(db(), ctx.settings, ctx.clock.now()),
        "decisions": service.decisions(db()),
        "decision_labels": INTERRUPTED_DECISIONS,
        "interrupted_after": ctx.settings.mail_interrupted_after_minutes,
    }


# The outbox page is mail's, which shows this module's values on it: looked up, not imported.
_outbox = page_of("mail.outbox_page")


@bp.post("/<int:message_id>/send-again")
@editors_only
def send_again(message_id: int) -> ResponseReturnValue:
    ctx = context()
    return act(
        lambda: service.send_again(
            db(),
            ctx.settings,
            message_id,
            understood=request.form.get("understood") == "yes",
            user_id=current_user().id,
            now=ctx.clock.now(),
        ),
        f"Message {message_id} will be sent again with the next mail that goes out.",
        back=url_for("mail.outbox_page"),
        page=_outbox,
    )


@bp.post("/<int:message_id>/mark-failed")
@editors_only
def mark_failed(message_id: int) -> ResponseReturnValue:
    ctx = context()
    return act(
        lambda: service.mark_failed(db(), ctx.settings, message_id, user_id=current_user().id, now=ctx.clock.now()),
        f"Message {message_id} is recorded as failed.",
        back=url_for("mail.outbox_page"),
        page=_outbox,
    )
