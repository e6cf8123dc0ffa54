"""Signing in and out, and the role checks every view relies on."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from admin_app import context, db
from admin_app.forms import LoginForm
from admin_app.next_page import referring_page, safe_next, this_page
from admin_app.staff_sessions import (
    note_failed_sign_in,
    note_signed_in,
    sign_in,
    sign_in_wait,
    sign_out,
    signed_in_user,
    too_many_attempts,
)
from core.models import User
from core.passwords import MAX_LENGTH, hash_password, verify_password
from core.services.audit import record

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
SIGNED_OUT_BEFORE_SAVING = (
    "What you sent was not saved, because you were no longer signed in. "
    "Sign in to go back to the page and enter it again."
)
# Verifying against this keeps the time of a failed login the same whether or not the account exists.
_DUMMY_HASH = hash_password("no such account")


def require_login() -> ResponseReturnValue | None:
    """Before every request: load the signed-in user, or send them to sign in."""
    # Static files need no session: looking it up would cost a query per stylesheet.
    g.user = signed_in_user() if request.endpoint != "static" else None
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.method == "GET":
            return redirect(url_for("auth.login", next=this_page()))
        # A form sent after the session ended (staff are signed out when idle): what it held cannot be kept for
        # someone not signed in, but they should know it was not saved, and come back to the page it was on.
        flash(SIGNED_OUT_BEFORE_SAVING, "error")
        return redirect(url_for("auth.login", next=referring_page()))
    return None


def current_user() -> User:
    user: User | None = g.get("user")
    if user is None:
        abort(401)
    return user


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow only users with one of these roles (403 otherwise)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user().role not in roles:
                abort(403, "Your role does not allow this. Ask an administrator if you need it.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def editors_only(view: F) -> F:
    """Allow only roles that may change registers (administrators and business unit staff)."""
    return roles_required("admin", "staff")(view)


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    error = None
    if request.method == "POST":
        if form.validate():
            email = (form.email.data or "").strip().lower()
            wait = sign_in_wait(email)
            if wait:
                page = render_template("auth/login.html", form=form, error=too_many_attempts(wait))
                return page, 429, {"Retry-After": str(wait)}
            user = db().scalar(select(User).where(func.lower(User.email) == email))
            password = form.password.data or ""
            # Longer than any password can be set to, it is wrong for every account: checked (cut short) against
            # the dummy hash so the answer takes as long and says no more than any wrong password does.
            fits = len(password) <= MAX_LENGTH
            ok = verify_password(user.password_hash if user and fits else _DUMMY_HASH, password[:MAX_LENGTH]) and fits
            if user is not None and user.active and ok:
                sign_in(user)
                note_signed_in(email)
                user.last_login_at = context().clock.now()
                record(db(), user.id, "user.login", "user", user.id)
                db().commit()
                return redirect(safe_next(request.args.get("next")))
            note_failed_sign_in(email)
            if user is not None:
                record(db(), user.id, "user.login_failed", "user", user.id)
                db().commit()
            error = "The email address or password is not right"
        return render_template("auth/login.html", form=form, error=error), 400
    return render_template("auth/login.html", form=form, error=None)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    sign_out()
    return redirect(url_for("auth.login"))
