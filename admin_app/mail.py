"""Mail for staff: the outbox (what is waiting, sent, failed and why), mailing lists, invitations, dissemination."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from core.errors import ValidationFailed
from core.mail.keys import MailKey, load_mail_key
from core.models import LIST_AUDIENCES, OUTBOX_STATES
from core.services import mailing_lists, outbox
from core.services.audit import record
from core.services.indicator_import import ImportRejected

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


def mail_key() -> MailKey:
    return load_mail_key(context().settings)


def _lists_page(errors: dict[str, str], data: dict[str, Any], status: int = 200) -> ResponseReturnValue:
    return render_template(
        "mail/lists.html",
        lists=mailing_lists.list_counts(db()),
        audiences=LIST_AUDIENCES,
        errors=errors,
        data=data,
    ), status


@bp.get("/lists")
@editors_only
def lists() -> ResponseReturnValue:
    return _lists_page({}, {})


@bp.post("/lists")
@editors_only
def create_list() -> ResponseReturnValue:
    form = request.form
    try:
        created = mailing_lists.create_list(
            db(), name=form.get("name", ""), audience=form.get("audience", ""), description=form.get("description", "")
        )
    except ValidationFailed as exc:
        db().rollback()
        return _lists_page(exc.errors, form.to_dict(), 400)
    record(db(), current_user().id, "mail.list_created", "mailing_list", created.id, name=created.name)
    db().commit()
    flash(f"The list “{created.name}” was created. Import the addresses of people who agreed to be emailed.")
    return redirect(url_for("mail.show_list", list_id=created.id))


def _list_page(list_id: int, status: int = 200, **extra: Any) -> ResponseReturnValue:
    mailing_list = mailing_lists.get_list(db(), list_id)
    counts = next(c for c in mailing_lists.list_counts(db()) if c.mailing_list.id == mailing_list.id)
    values: dict[str, Any] = {"errors": {}, "row_errors": [], "total": 0, "skipped": []}
    values.update(extra)
    return render_template("mail/list.html", counts=counts, mailing_list=mailing_list, **values), status


@bp.get("/lists/<int:list_id>")
@editors_only
def show_list(list_id: int) -> ResponseReturnValue:
    return _list_page(list_id)


@bp.post("/lists/<int:list_id>/import")
@editors_only
def import_addresses(list_id: int) -> ResponseReturnValue:
    mailing_list = mailing_lists.get_list(db(), list_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _list_page(list_id, 400, errors={"file": "Select a CSV file to import"})
    if request.form.get("consent") != "yes":
        return _list_page(list_id, 400, errors={"consent": "Confirm that everyone in the file agreed to be emailed"})
    try:
        result = mailing_lists.import_addresses(
            db(), mail_key(), mailing_list, upload.read(), today=context().clock.now().date()
        )
    except ImportRejected as exc:
        db().rollback()
        return _list_page(list_id, 400, errors={"file": exc.message}, row_errors=exc.errors, total=exc.total)
    record(
        db(),
        current_user().id,
        "mail.addresses_imported",
        "mailing_list",
        list_id,
        added=result.added,
        skipped=len(result.skipped),
    )
    db().commit()
    flash(f"{result.added:,} address{'es' if result.added != 1 else ''} added; {len(result.skipped):,} skipped.")
    return _list_page(list_id, skipped=result.skipped)


@bp.post("/lists/<int:list_id>/remove")
@editors_only
def remove_address(list_id: int) -> ResponseReturnValue:
    mailing_lists.get_list(db(), list_id)
    try:
        removed = mailing_lists.remove_address(db(), mail_key(), list_id, request.form.get("address", ""))
    except ValidationFailed as exc:
        return _list_page(list_id, 400, errors=exc.errors)
    if removed:
        record(db(), current_user().id, "mail.address_removed", "mailing_list", list_id)
        db().commit()
        flash("The address was deleted from the list.")
    else:
        flash("That address is not on this list.", "error")
    return redirect(url_for("mail.show_list", list_id=list_id))
