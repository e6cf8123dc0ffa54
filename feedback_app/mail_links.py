"""Links from emails: unsubscribe (no sign-in; the token in the link is enough), honoured at once."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from core.services.mail_links import contact_by_token, unsubscribe
from feedback_app import context, csrf, db

bp = Blueprint("mail_links", __name__)


@bp.get("/unsubscribe")
def unsubscribe_page() -> ResponseReturnValue:
    # A GET changes nothing: mail scanners open links to check them, and must not unsubscribe anyone.
    contact = contact_by_token(db(), request.args.get("token"))
    return render_template("mail/unsubscribe.html", mailing_list=contact.mailing_list, done=contact.opted_out)


@bp.post("/unsubscribe")
@csrf.exempt  # mail programs' one-click unsubscribe (RFC 8058) posts without a form token; the link's token is the key
def unsubscribe_now() -> ResponseReturnValue:
    mailing_list = unsubscribe(db(), request.args.get("token"), today=context().clock.now().date())
    db().commit()
    return render_template("mail/unsubscribe.html", mailing_list=mailing_list, done=True)
