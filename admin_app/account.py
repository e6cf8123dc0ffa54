"""A signed-in person's own account: changing their password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user
from admin_app.second_factor import CONFIRMED_AT
from core.errors import ValidationFailed
from admin_app.staff_sessions import current_session_id
from core.services.users import change_own_password

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
def password() -> ResponseReturnValue:
    """Change one's own password (the current one first); every other session of this account ends."""
    if request.method == "GET":
        return render_template("account/password.html", errors={})
    user = current_user()
    form = request.form
    try:
        change_own_password(
            db(),
            user,
            form.get("current", ""),
            form.get("new", ""),
            form.get("repeat", ""),
            keep_session_id=current_session_id(),
        )
    except ValidationFailed as exc:
        db().commit()  # a wrong current password is in the audit log, and counts towards the pause
        return render_template("account/password.html", errors=exc.errors), exc.status
    db().commit()
    session[CONFIRMED_AT] = context().clock.now().timestamp()
    flash("Your password is changed. Anywhere else you were signed in, you are now signed out.", "message")
    return redirect(url_for("home.index"))
