"""The second step of signing in (a TOTP code, set up on first sign-in) and asking for the password again before
respondents' words are read or anything is exported, when it was last given a while ago.

The password step stays in admin_app/auth.py. What this module keeps in the signed session: which user passed
the second step in it, and when the password or a code was last given.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from core.text_forms import TextForm
from admin_app import context, db
from admin_app.auth import current_user
from admin_app.next_page import safe_next, this_page
from config import instance_secret
from core.errors import ValidationFailed
from core.models import User
from core.passwords import MAX_LENGTH
from core.second_factor import SecretBox
from core.services import second_factor as service

T = TypeVar("T")
bp = Blueprint("second_factor", __name__, url_prefix="/second-factor")
PASSED = "second_factor_user"
CONFIRMED_AT = "confirmed_at"
ISSUER = "Learning Loop"
# Reachable between the password and the code: the second step itself, and signing out.
OPEN_BEFORE_SECOND_STEP = frozenset(
    {"second_factor.set_up", "second_factor.check", "auth.login", "auth.logout", "static"}
)


class CodeForm(TextForm):
    code = StringField("Code", validators=[DataRequired("Enter the code"), Length(max=40, message="Enter the code")])


class PasswordForm(TextForm):
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password"), Length(max=MAX_LENGTH, message="The password is not right")],
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


def _step_elsewhere(user: User, target: str | None, *, enrolling: bool) -> ResponseReturnValue | None:
    """Where to go instead of this step: on, once passed; to the other step, if set up (or not) otherwise."""
    if session.get(PASSED) == user.id:
        return redirect(safe_next(target))
    if service.is_enrolled(db(), user) == enrolling:
        return redirect(url_for("second_factor.check" if enrolling else "second_factor.set_up", next=target))
    return None


def _code_step(
    page: Callable[..., str], accept: Callable[[str], T], then: Callable[[T], ResponseReturnValue]
) -> ResponseReturnValue:
    """A sign-in step that takes a code: its page on a GET; on a POST the code `accept`ed (a refusal is committed,
    since it counts towards the pause), the step passed, then `then`."""
    form = CodeForm()
    if request.method == "GET":
        return page(errors={})
    if not form.validate():
        return page(errors=_form_errors(form)), 400
    try:
        accepted = accept(form.code.data or "")
    except ValidationFailed as exc:
        db().commit()
        return page(errors=exc.errors), exc.status
    db().commit()
    _passed(current_user())
    return then(accepted)


def _form_errors(form: TextForm, field: str = "code") -> dict[str, str]:
    errors = {name: messages[0] for name, messages in form.errors.items() if name != "csrf_token"}
    return errors or {field: "The form expired: try again"}


def _step(
    *, enrolling: bool
) -> Callable[[Callable[[User, str | None], ResponseReturnValue]], Callable[[], ResponseReturnValue]]:
    """A sign-in step's view, called with the user and where to go next; skipped once passed or for the other step."""

    def wrap(view: Callable[[User, str | None], ResponseReturnValue]) -> Callable[[], ResponseReturnValue]:
        @functools.wraps(view)
        def run() -> ResponseReturnValue:
            user, target = current_user(), request.args.get("next")
            elsewhere = _step_elsewhere(user, target, enrolling=enrolling)
            return view(user, target) if elsewhere is None else elsewhere

        return run

    return wrap


@bp.route("/set-up", methods=["GET", "POST"])
@_step(enrolling=True)
def set_up(user: User, target: str | None) -> ResponseReturnValue:
    """First sign-in: show a new authenticator key (as text and as a QR code) and confirm it with a code."""
    box = secret_box()
    enrolment = service.start_enrolment(db(), box, user, ISSUER)
    db().commit()
    return _code_step(
        functools.partial(render_template, "second_factor/set_up.html", enrolment=enrolment),
        lambda code: service.confirm_enrolment(db(), box, user, code, context().clock.now()),
        lambda codes: render_template("second_factor/recovery_codes.html", codes=codes, next_page=safe_next(target)),
    )


@bp.route("/", methods=["GET", "POST"])
@_step(enrolling=False)
def check(user: User, target: str | None) -> ResponseReturnValue:
    """Every sign-in after the first: a code from the authenticator, or a recovery code."""
    return _code_step(
        functools.partial(render_template, "second_factor/check.html"),
        lambda code: service.check_code(db(), secret_box(), user, code, context().clock.now()),
        lambda _checked: redirect(safe_next(target)),
    )


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
