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
from core.services import second_factor
from core.services.audit import record

bp = Blueprint("keys", __name__, url_prefix="/keys")
V = TypeVar("V", bound=Callable[..., ResponseReturnValue])
# Who may unlock the keys: the business unit. Others who may read a page that needs them are told to wait.
UNLOCKERS = ("admin", "staff")


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
        locked = not context().keyring.keys
        if locked and current_user().role not in UNLOCKERS:
            return _unavailable_until_unlocked()
        if not password_recently_given():
            return ask_password_again()
        if locked:
            return redirect(url_for("keys.unlock", next=this_page()))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _unavailable_until_unlocked() -> ResponseReturnValue:
    """For a reader who cannot unlock the keys: the page is there, but not until staff unlock them (503, for now)."""
    page = render_template(
        "errors/error.html",
        title="Unavailable until staff unlock the keys",
        message="This page is worked out from what people wrote, which only the partnership's private key opens. "
        "The key is locked (it is locked again each time the service restarts), so findings and quotes are "
        "unavailable until a member of the business unit unlocks it. Try again later, or ask the business unit.",
    )
    return page, 503


@bp.route("/unlock", methods=["GET", "POST"])
@roles_required(*UNLOCKERS)
def unlock() -> ResponseReturnValue:
    ctx = context()
    form = UnlockForm()
    error = None
    if request.method == "POST":
        try:
            # Wrong passphrases count towards the account's pause, as wrong codes and passwords do.
            second_factor.refuse_while_paused(db(), current_user(), "passphrase")
        except second_factor.TooManyAttempts as paused:
            error = paused.errors["passphrase"]
            return render_template("keys/unlock.html", form=form, error=error, keyring=ctx.keyring), paused.status
        if form.validate():
            ctx.keyring.unlock(ctx.settings.keys_dir, form.passphrase.data)
            if ctx.keyring.locked:
                error = "The passphrase did not open the keys"
                record(db(), current_user().id, second_factor.KEYS_UNLOCK_FAILED, "keys")
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
