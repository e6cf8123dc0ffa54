"""Static pages: privacy notice, accessibility statement, getting help now."""

from __future__ import annotations

import re

from flask import Blueprint, redirect, render_template, session
from flask.typing import ResponseReturnValue

from core.drafts import DraftHandle, discard_draft
from core.services.privacy_notice import public_exceptions
from feedback_app import context, db

bp = Blueprint("pages", __name__)


@bp.app_template_filter("tel_href")
def tel_href(number: str) -> str:
    """A phone number as a tel: link target ("0800 1111" -> "tel:08001111"), so a phone can call it in one tap."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    kept = public_exceptions(db(), context().settings.retention_years)
    return render_template("pages/privacy.html", kept_otherwise=kept)


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html")


@bp.get("/help")
def help_now() -> ResponseReturnValue:
    return render_template("pages/help.html")


@bp.get("/exit")
def exit_now() -> ResponseReturnValue:
    """Exit this page: forget this browser's answers in progress, then go to the neutral site.

    Leaving by a plain link kept the cookie, so whoever next used the device could press Back and read the answers
    on the page before. The cookie comes only with links from this site (SameSite=Strict), so no other site can
    empty someone's answers by linking here.
    """
    for name in ("drafts", "sent"):
        for held in (session.get(name) or {}).values():
            discard_draft(db(), DraftHandle.from_cookie(held))
    discard_draft(db(), DraftHandle.from_cookie(session.get("addendum")))
    db().commit()
    session.clear()
    return redirect(context().settings.exit_page_url)


@bp.get("/brand.css")
def brand_css() -> ResponseReturnValue:
    """The partnership's colours from config, as a stylesheet (no inline styles under our CSP)."""
    body = render_template("pages/brand.css")
    return body, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"}
