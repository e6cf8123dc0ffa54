"""Mail for staff: the outbox (what is waiting, sent, failed and why), mailing lists, invitations, dissemination."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, editors_only
from core.errors import ValidationFailed
from core.mail.keys import MailKey, load_mail_key
from core.models import FOLLOW_UP_STATES, LIST_AUDIENCES, OUTBOX_STATES, MailingList
from core.services import dissemination, invitations, mailing_lists, outbox
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
        uncounted=outbox.UNCOUNTED_KINDS,
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


def _campaigns_page(errors: dict[str, str], data: dict[str, Any], status: int = 200) -> ResponseReturnValue:
    return render_template(
        "mail/campaigns.html",
        campaigns=invitations.campaigns(db()),
        surveys=invitations.open_surveys(db()),
        errors=errors,
        data=data,
    ), status


@bp.get("/campaigns")
@editors_only
def campaigns() -> ResponseReturnValue:
    return _campaigns_page({}, {})


@bp.post("/campaigns")
@editors_only
def open_campaign() -> ResponseReturnValue:
    form = request.form
    try:
        campaign = invitations.open_campaign(
            db(), survey_id=_int(form.get("survey_id")), name=form.get("name", ""), today=context().clock.now().date()
        )
    except ValidationFailed as exc:
        db().rollback()
        return _campaigns_page(exc.errors, form.to_dict(), 400)
    record(db(), current_user().id, "mail.campaign_opened", "campaign", campaign.id, name=campaign.name)
    db().commit()
    flash(f"Campaign “{campaign.name}” opened. Share its link, or send it to a mailing list.")
    return redirect(url_for("mail.show_campaign", campaign_id=campaign.id))


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _campaign_page(campaign_id: int, status: int = 200, **extra: Any) -> ResponseReturnValue:
    settings = context().settings
    campaign = invitations.get_campaign(db(), campaign_id)
    values: dict[str, Any] = {"errors": {}, "data": {"valid_days": invitations.DEFAULT_VALID_DAYS}}
    values.update(extra)
    return render_template(
        "mail/campaign.html",
        campaign=campaign,
        link=invitations.campaign_link(settings, campaign),
        counts=invitations.invitation_counts(db(), campaign.id, settings.min_cell_size),
        lists=[
            (c.mailing_list.id, f"{c.mailing_list.name} ({c.subscribed:,})") for c in mailing_lists.list_counts(db())
        ],
        **values,
    ), status


@bp.get("/campaigns/<int:campaign_id>")
@editors_only
def show_campaign(campaign_id: int) -> ResponseReturnValue:
    return _campaign_page(campaign_id)


@bp.post("/campaigns/<int:campaign_id>/invite")
@editors_only
def invite(campaign_id: int) -> ResponseReturnValue:
    campaign = invitations.get_campaign(db(), campaign_id)
    form = request.form
    list_id, days = _int(form.get("list_id")), _int(form.get("valid_days"))
    errors = {}
    if list_id is None or db().get(MailingList, list_id) is None:
        errors["list_id"] = "Choose a mailing list"
    if days is None:
        errors["valid_days"] = "Enter how many days the links work, as a number"
    if errors:
        return _campaign_page(campaign_id, 400, errors=errors, data=form.to_dict())
    ctx = context()
    try:
        sent = invitations.invite_list(
            db(),
            mail_key(),
            ctx.settings,
            campaign,
            db().get_one(MailingList, list_id),
            now=ctx.clock.now(),
            valid_days=days or 0,
        )
    except ValidationFailed as exc:
        db().rollback()
        return _campaign_page(campaign_id, 400, errors=exc.errors, data=form.to_dict())
    record(db(), current_user().id, "mail.invitations_queued", "campaign", campaign.id, list_id=list_id, queued=sent)
    db().commit()
    flash(f"{sent:,} invitation{'s' if sent != 1 else ''} queued; they go out within a minute (see the outbox).")
    return redirect(url_for("mail.show_campaign", campaign_id=campaign.id))


@bp.post("/campaigns/<int:campaign_id>/remind")
@editors_only
def remind(campaign_id: int) -> ResponseReturnValue:
    campaign = invitations.get_campaign(db(), campaign_id)
    ctx = context()
    invitations.remind(db(), mail_key(), ctx.settings, campaign, now=ctx.clock.now())
    record(db(), current_user().id, "mail.reminders_queued", "campaign", campaign.id)
    db().commit()
    # How many were reminded is not said: it is how many have not answered, which the counts may suppress.
    flash("Reminders queued for everyone invited who has not answered yet and whose link has not expired.")
    return redirect(url_for("mail.show_campaign", campaign_id=campaign.id))


def _dissemination_page(errors: dict[str, str], data: dict[str, Any], status: int = 200) -> ResponseReturnValue:
    return render_template(
        "mail/disseminate.html",
        sets=[(s.id, f"{s.title} (published {s.published_on:%-d %B %Y})") for s in dissemination.published_sets(db())],
        lists=[
            (c.mailing_list.id, f"{c.mailing_list.name} ({c.subscribed:,})") for c in mailing_lists.list_counts(db())
        ],
        choices=[(value, label) for value, (label, _) in dissemination.FOLLOW_UP_CHOICES.items()],
        rows=dissemination.disseminations(db()),
        states=FOLLOW_UP_STATES,
        errors=errors,
        data=data,
    ), status


@bp.get("/disseminate")
@editors_only
def disseminate_page() -> ResponseReturnValue:
    return _dissemination_page({}, {"follow_ups": ["6w", "3m"]})


@bp.post("/disseminate")
@editors_only
def disseminate() -> ResponseReturnValue:
    form = request.form
    ctx = context()
    try:
        sent = dissemination.disseminate(
            db(),
            mail_key(),
            ctx.settings,
            set_id=_int(form.get("set_id")),
            list_id=_int(form.get("list_id")),
            follow_ups=form.getlist("follow_ups"),
            user_id=current_user().id,
            now=ctx.clock.now(),
        )
    except ValidationFailed as exc:
        db().rollback()
        data: dict[str, Any] = {**form.to_dict(), "follow_ups": form.getlist("follow_ups")}
        return _dissemination_page(exc.errors, data, 400)
    record(
        db(),
        current_user().id,
        "mail.key_areas_sent",
        "key_area_set",
        sent.key_area_set_id,
        list_id=sent.list_id,
        follow_ups=[f.label for f in sent.follow_ups],
    )
    db().commit()
    # After the commit: a job that ran before it would find no follow-up to send.
    dissemination.schedule_jobs(current_app.extensions["learning_loop_engine"], sent.follow_ups)
    flash(f"The key areas are queued to {sent.queued:,} people; {len(sent.follow_ups)} follow-up(s) scheduled.")
    return redirect(url_for("mail.disseminate_page"))
