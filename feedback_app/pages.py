"""Static pages: privacy notice, accessibility statement, getting help now."""

from __future__ import annotations

import re

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

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


@bp.get("/brand.css")
def brand_css() -> ResponseReturnValue:
    """The partnership's colours from config, as a stylesheet (no inline styles under our CSP)."""
    body = render_template("pages/brand.css")
    return body, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"}
