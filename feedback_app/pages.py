"""Static pages: privacy notice, accessibility statement, getting help now."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("pages", __name__)


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


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
