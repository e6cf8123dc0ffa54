"""Mail for staff: the outbox (what is waiting, sent, failed and why), mailing lists, invitations, dissemination."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from core.models import OUTBOX_STATES
from core.services import outbox
from core.services.audit import record

bp = Blueprint("mail", __name__, url_prefix="/mail")

KIND_LABELS = {
    "invitation": "Invitations",
    "reminder": "Reminders",
    "dissemination": "Key areas sent out",
    "follow_up": "Follow-up invitations",
    "test": "Test messages",
}


@bp.get("/outbox")
@editors_only
def outbox_page() -> ResponseReturnValue:
    return render_template(
        "mail/outbox.html",
        summary=outbox.summary(db()),
        states=OUTBOX_STATES,
        kinds=KIND_LABELS,
        relay=context().settings.smtp_host,
    )


@bp.post("/outbox/send")
@editors_only
def send_now() -> ResponseReturnValue:
    ctx = context()
    report = outbox.drain_with_settings(db(), ctx.settings, ctx.clock)
    record(db(), current_user().id, "mail.outbox_sent", "outbox", sent=report.sent, failed=report.failed)
    db().commit()
    flash(f"Sent {report.sent}; {report.retrying} to try again later; {report.failed} failed.")
    return redirect(url_for("mail.outbox_page"))
