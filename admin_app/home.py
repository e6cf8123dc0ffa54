"""The dashboard staff land on after signing in."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from admin_app import context, db
from core.services.reading import flagged_unhandled

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("home/index.html", flagged=flagged_unhandled(db()), keyring=context().keyring)
