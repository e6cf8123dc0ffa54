"""Links from emails: invitations (a one-time link to a survey) and unsubscribing, neither needing a sign-in.

The token travels in the query string, which access logs leave out, and is kept only in the respondent's own
signed cookie until they send their answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Optional

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from core.errors import NotFound
from core.models import Campaign
from core.services.mail_links import (
    claim_invitation,
    contact_by_token,
    invitation_ends_on,
    open_invitation,
    release_invitation,
    unsubscribe,
)
from feedback_app import context, csrf, db

bp = Blueprint("mail_links", __name__)
log = logging.getLogger("learning_loop.feedback")


@bp.get("/invitation")
def invitation() -> ResponseReturnValue:
    token = request.args.get("token")
    opened = open_invitation(db(), token, today=context().clock.now().date())
    campaign = db().get_one(Campaign, opened.campaign_id)  # an invitation is deleted with its campaign
    db().commit()
    slug = campaign.survey.slug
    session["invitations"] = {**(session.get("invitations") or {}), slug: token}
    return redirect(url_for("surveys.start", slug=slug, campaign=campaign.id))


def claim_for(slug: str) -> Optional[str]:
    """Before a response is stored: use up this browser's invitation to the survey, if any (committed on its own)."""
    token = (session.get("invitations") or {}).get(slug)
    if token is None:
        return None
    try:
        if not claim_invitation(db(), token, today=context().clock.now().date()):
            return None
        db().commit()
    except Exception as exc:  # noqa: BLE001  (the answers matter more than the count: store them uncounted)
        db().rollback()
        log.error("could not mark an invitation used: %s", type(exc).__name__)
        return None
    return str(token)


def ends_on(slug: str) -> Optional[dt.date]:
    """The last day this browser's invitation to the survey can be used, if it has one."""
    return invitation_ends_on(db(), (session.get("invitations") or {}).get(slug))


def release(token: Optional[str]) -> None:
    """The response could not be stored: let the invitation be used for the next try."""
    if token is None:
        return
    try:
        release_invitation(db(), token)
        db().commit()
    except Exception as exc:  # noqa: BLE001  (the respondent is told their answers were not sent either way)
        db().rollback()
        log.error("could not release an invitation: %s", type(exc).__name__)


def forget(slug: str) -> None:
    invitations = dict(session.get("invitations") or {})
    if invitations.pop(slug, None) is not None:
        session["invitations"] = invitations


@bp.get("/unsubscribe")
def unsubscribe_page() -> ResponseReturnValue:
    # A GET changes nothing: mail scanners open links to check them, and must not unsubscribe anyone.
    try:
        contact = contact_by_token(db(), request.args.get("token"))
    except NotFound as exc:
        return _not_recognised(exc)
    return render_template("mail/unsubscribe.html", mailing_list=contact.mailing_list, done=contact.opted_out)


@bp.post("/unsubscribe")
@csrf.exempt  # mail programs' one-click unsubscribe (RFC 8058) posts without a form token; the link's token is the key
def unsubscribe_now() -> ResponseReturnValue:
    try:
        mailing_list = unsubscribe(db(), request.args.get("token"), today=context().clock.now().date())
    except NotFound as exc:
        return _not_recognised(exc)
    db().commit()
    return render_template("mail/unsubscribe.html", mailing_list=mailing_list, done=True)


def _not_recognised(exc: NotFound) -> ResponseReturnValue:
    """A link cut short, mistyped or for an address no longer on any list: say so, and how else to stop the emails."""
    return render_template("mail/unsubscribe_unknown.html"), exc.status
