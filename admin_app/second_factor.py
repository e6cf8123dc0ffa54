"""The second step of signing in (a TOTP code, set up on first sign-in) and asking for the password again before
respondents' words are read or anything is exported, when it was last given a while ago.

The password step stays in admin_app/auth.py. What this module keeps in the signed session: which user passed
the second step in it, and when the password or a code was last given.
"""

from __future__ import annotations

import functools

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from admin_app import context, db
from admin_app.auth import current_user
from admin_app.next_page import safe_next, this_page
from config import instance_secret
from core.errors import ValidationFailed
from core.models import User
from core.second_factor import SecretBox
from core.services import second_factor as service

bp = Blueprint("second_factor", __name__, url_prefix="/second-factor")
PASSED = "second_factor_user"
CONFIRMED_AT = "confirmed_at"
ISSUER = "Learning Loop"
# Reachable between the password and the code: the second step itself, and signing out.
OPEN_BEFORE_SECOND_STEP = frozenset(
    {"second_factor.set_up", "second_factor.check", "auth.login", "auth.logout", "static"}
)


class CodeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Enter the code"), Length(max=40, message="Enter the code")])


class PasswordForm(FlaskForm):
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=200, message="Enter your password")]
    )


def secret_box() -> SecretBox:
    return SecretBox(instance_secret(context().settings, "second_factor"))


def require_second_factor() -> ResponseReturnValue | None:
    """Before every request, after the password check: nothing but the second step until it is passed."""
    user: User | None = g.get("user")
    if user is None or session.get(PASSED) == user.id or request.endpoint in OPEN_BEFORE_SECOND_STEP:
        return None
    step = "second_factor.check" if service.is_enrolled(db(), user) else "second_factor.set_up"
    return redirect(url_for(step, next=this_page() if request.method == "GET" else None))


def password_recently_given() -> bool:
    confirmed = session.get(CONFIRMED_AT)
    if not isinstance(confirmed, (int, float)):
        return False
    age = context().clock.now().timestamp() - confirmed
    return 0 <= age <= context().settings.reauthenticate_after_minutes * 60


def ask_password_again() -> ResponseReturnValue:
    """Send the person to give their password again, then back to this page (if it was a GET)."""
    return redirect(url_for("second_factor.confirm_password", next=this_page() if request.method == "GET" else None))


def _passed(user: User) -> None:
    session[PASSED] = user.id
    session[CONFIRMED_AT] = context().clock.now().timestamp()


def _form_errors(form: FlaskForm, field: str = "code") -> dict[str, str]:
    errors = {name: messages[0] for name, messages in form.errors.items() if name != "csrf_token"}
    return errors or {field: "The form expired: try again"}


@bp.route("/set-up", methods=["GET", "POST"])
def set_up() -> ResponseReturnValue:
    """First sign-in: show a new authenticator key (as text and as a QR code) and confirm it with a code."""
    user = current_user()
    target = request.args.get("next")
    if session.get(PASSED) == user.id:
        return redirect(safe_next(target))
    if service.is_enrolled(db(), user):
        return redirect(url_for("second_factor.check", next=target))
    box = secret_box()
    enrolment = service.start_enrolment(db(), box, user, ISSUER)
    db().commit()
    form = CodeForm()
    if request.method == "GET":
        return render_template("second_factor/set_up.html", enrolment=enrolment, errors={})
    if not form.validate():
        return render_template("second_factor/set_up.html", enrolment=enrolment, errors=_form_errors(form)), 400
    try:
        codes = service.confirm_enrolment(db(), box, user, form.code.data or "", context().clock.now())
    except ValidationFailed as exc:
        db().commit()  # the failed attempt counts towards the pause
        return render_template("second_factor/set_up.html", enrolment=enrolment, errors=exc.errors), exc.status
    db().commit()
    _passed(user)
    return render_template("second_factor/recovery_codes.html", codes=codes, next_page=safe_next(target))


@bp.route("/", methods=["GET", "POST"])
def check() -> ResponseReturnValue:
    """Every sign-in after the first: a code from the authenticator, or a recovery code."""
    user = current_user()
    target = request.args.get("next")
    if session.get(PASSED) == user.id:
        return redirect(safe_next(target))
    if not service.is_enrolled(db(), user):
        return redirect(url_for("second_factor.set_up", next=target))
    form = CodeForm()
    if request.method == "GET":
        return render_template("second_factor/check.html", errors={})
    if not form.validate():
        return render_template("second_factor/check.html", errors=_form_errors(form)), 400
    try:
        service.check_code(db(), secret_box(), user, form.code.data or "", context().clock.now())
    except ValidationFailed as exc:
        db().commit()
        return render_template("second_factor/check.html", errors=exc.errors), exc.status
    db().commit()
    _passed(user)
    return redirect(safe_next(target))


@bp.route("/confirm-password", methods=["GET", "POST"])
def confirm_password() -> ResponseReturnValue:
    """The password again, before reading respondents' words or exporting after a while."""
    user = current_user()
    target = request.args.get("next")
    form = PasswordForm()
    page = functools.partial(
        render_template, "second_factor/confirm_password.html", minutes=context().settings.reauthenticate_after_minutes
    )
    if request.method == "GET":
        return page(errors={})
    if not form.validate():
        return page(errors=_form_errors(form, "password")), 400
    try:
        service.confirm_password(db(), user, form.password.data or "")
    except ValidationFailed as exc:
        db().commit()
        return page(errors=exc.errors), exc.status
    db().commit()
    session[CONFIRMED_AT] = context().clock.now().timestamp()
    return redirect(safe_next(target))
