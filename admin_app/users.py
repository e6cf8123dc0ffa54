"""Administrators look after accounts: add one, change its role, reset its second factor, unlock or deactivate it."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin_app import context, db
from admin_app.auth import current_user
from admin_app.staff_sessions import sign_in_throttle
from core.errors import NotFound, ValidationFailed
from core.models import Agency, SecondFactor, User
from core.models.people import ROLES
from core.services import users as service
from core.services.deadlines import LONDON

bp = Blueprint("users", __name__, url_prefix="/users")
LARGEST_ID = 2**31 - 1


@bp.before_request
def administrators_only() -> None:
    if current_user().role != "admin":
        abort(403, "Only administrators look after users. Ask one if you need an account changed.")


def _user(user_id: int) -> User:
    user = db().get(User, user_id)
    if user is None:
        raise NotFound("There is no such user.")
    return user


def _agency_id(raw: str | None) -> int | None:
    """The chosen agency's id; an id that cannot exist becomes 0, which the service refuses as not in the list."""
    raw = (raw or "").strip()
    if not raw:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) <= LARGEST_ID else 0


def _choices() -> dict[str, Any]:
    agencies = db().scalars(select(Agency).where(Agency.active).order_by(Agency.name))
    return {"roles": list(ROLES.items()), "agencies": [(a.id, a.name) for a in agencies]}


def _enrolled_ids() -> set[int]:
    return set(db().scalars(select(SecondFactor.user_id).where(SecondFactor.confirmed_at.is_not(None))))


def _actor() -> service.Actor:
    return service.Actor(current_user().id)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("users/index.html", users=service.list_users(db()), enrolled=_enrolled_ids())


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    """Add an account; its first password is made up here and shown once, to pass on to the person."""
    if request.method == "GET":
        return render_template("users/new.html", data={}, errors={}, **_choices())
    form = request.form
    wanted = service.NewUser(
        email=form.get("email", ""),
        role=form.get("role", ""),
        name=form.get("name", ""),
        agency_id=_agency_id(form.get("agency_id")),
    )
    try:
        user, password = service.create_user(db(), _actor(), wanted)
    except ValidationFailed as exc:
        db().rollback()
        return render_template("users/new.html", data=form, errors=exc.errors, **_choices()), 400
    db().commit()
    return render_template("users/created.html", created=user, password=password)


def _lockout(account: User) -> service.Lockout | None:
    return service.lockout(db(), account, sign_in_throttle(), context().clock.now())


def _unlock(session: Session, actor: service.Actor, account: User) -> bool:
    return service.unlock(session, actor, account, sign_in_throttle(), context().clock.now())


def _show_page(account: User, data: Mapping[str, Any], errors: Mapping[str, str]) -> str:
    lock = _lockout(account)
    # Staff read times in England's local time, so the lock's end is given in it too.
    until = lock.until.astimezone(LONDON).strftime("%H:%M") if lock else ""
    return render_template(
        "users/show.html",
        account=account,
        enrolled=account.id in _enrolled_ids(),
        lock=lock,
        locked_until=until,
        data=data,
        errors=errors,
        **_choices(),
    )


@bp.get("/<int:user_id>")
def show(user_id: int) -> ResponseReturnValue:
    account = _user(user_id)
    return _show_page(account, {"role": account.role, "agency_id": account.agency_id}, {})


@bp.post("/<int:user_id>/role")
def change_role(user_id: int) -> ResponseReturnValue:
    account = _user(user_id)
    role, agency_id = request.form.get("role", ""), _agency_id(request.form.get("agency_id"))
    try:
        changed = service.change_role(db(), _actor(), account, role, agency_id)
    except ValidationFailed as exc:
        db().rollback()
        return _show_page(account, request.form, exc.errors), 400
    db().commit()
    flash(f"{account.email} is now: {account.role_label}." if changed else "Nothing changed.", "message")
    return redirect(url_for("users.show", user_id=account.id))


def _button(action: Callable[..., bool], done: str, nothing: str) -> Callable[[int], ResponseReturnValue]:
    """A POST view that applies `action` to one account and says what happened (or why it could not)."""

    def view(user_id: int) -> ResponseReturnValue:
        account = _user(user_id)
        try:
            changed = action(db(), _actor(), account)
        except ValidationFailed as exc:
            db().rollback()
            flash(next(iter(exc.errors.values())), "error")
            return redirect(url_for("users.show", user_id=account.id))
        db().commit()
        flash((done if changed else nothing).format(email=account.email), "message")
        return redirect(url_for("users.show", user_id=account.id))

    return view


for _rule, _name, _action, _done, _nothing in (
    (
        "second-factor/reset",
        "reset_second_factor",
        service.reset_second_factor,
        "{email} sets up a new second factor at their next sign-in; their sessions are ended.",
        "{email} had no second factor set up; they set one up at their next sign-in.",
    ),
    (
        "deactivate",
        "deactivate",
        service.deactivate,
        "{email} can no longer sign in; their sessions are ended.",
        "{email} was already deactivated.",
    ),
    ("reactivate", "reactivate", service.reactivate, "{email} can sign in again.", "{email} was already active."),
    (
        "unlock",
        "unlock",
        _unlock,
        "{email} can sign in again now: the lock from wrong passwords or codes is lifted.",
        "{email} was not locked out.",
    ),
):
    bp.add_url_rule(f"/<int:user_id>/{_rule}", _name, _button(_action, _done, _nothing), methods=["POST"])
