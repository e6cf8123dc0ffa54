"""Unlocking the private keys for this admin process (production keeps them encrypted at rest)."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, roles_required
from admin_app.forms import UnlockForm
from admin_app.next_page import safe_next, this_page
from admin_app.second_factor import ask_password_again, password_recently_given
from core.services.audit import record

bp = Blueprint("keys", __name__, url_prefix="/keys")
V = TypeVar("V", bound=Callable[..., ResponseReturnValue])


def opens_answers(*roles: str) -> Callable[[V], V]:
    """For pages that open what respondents wrote: only these roles, and only while a key is unlocked."""

    def decorate(view: V) -> V:
        return roles_required(*roles)(keys_unlocked(view))

    return decorate


def keys_unlocked(view: V) -> V:
    """For pages that open sealed text: the password again if it was given too long ago; while no key is
    unlocked, send the person to unlock; then back here."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if not password_recently_given():
            return ask_password_again()
        if not context().keyring.keys:
            return redirect(url_for("keys.unlock", next=this_page()))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.route("/unlock", methods=["GET", "POST"])
@roles_required("admin", "staff")
def unlock() -> ResponseReturnValue:
    ctx = context()
    form = UnlockForm()
    error = None
    if request.method == "POST":
        if form.validate():
            ctx.keyring.unlock(ctx.settings.keys_dir, form.passphrase.data)
            if ctx.keyring.locked:
                error = "The passphrase did not open the keys"
                record(db(), current_user().id, "keys.unlock_failed", "keys")
            else:
                record(db(), current_user().id, "keys.unlocked", "keys", keys=sorted(ctx.keyring.keys))
                db().commit()
                flash("The keys are unlocked until the service restarts.")
                return redirect(safe_next(request.args.get("next")))
            db().commit()
        else:
            error = "Enter the key passphrase"
        return render_template("keys/unlock.html", form=form, error=error, keyring=ctx.keyring), 400
    return render_template("keys/unlock.html", form=form, error=None, keyring=ctx.keyring)
