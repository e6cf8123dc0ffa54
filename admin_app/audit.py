"""The audit log: who read, exported or changed what, and when; filtered, searched and paged."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from admin_app import db
from admin_app.auth import roles_required
from admin_app.fields import DATE_EXAMPLE, parse_date
from core.models import AuditEvent, User
from core.services.audit import AuditFilter, find_events, known_actions
from core.services.audit_actions import action_label

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.app_template_global()
def audit_value(value: Any) -> str:
    """One value of an event's details in words: a record as it was is "name value" pairs, not Python."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key} {audit_value(inner)}" for key, inner in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(audit_value(inner) for inner in value)
    return "none" if value is None else str(value)


PER_PAGE = 100
MAX_PAGE = 100_000  # a larger ?page= would overflow the database's OFFSET (a 500, not an empty page)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one cannot exist and would overflow
MAX_SEARCH = 200


def _has_control_characters(value: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in value)


def _read_filter(args: Any) -> tuple[AuditFilter, dict[str, str]]:
    """The filter the query string asks for, and a message for each value that cannot be read."""
    errors: dict[str, str] = {}
    action = (args.get("action") or "").strip()[:80]
    if _has_control_characters(action):
        errors["action"] = "Choose an action from the list"
        action = ""
    search = (args.get("q") or "").strip()
    if len(search) > MAX_SEARCH:
        errors["q"] = f"Search for at most {MAX_SEARCH} characters"
        search = ""
    elif _has_control_characters(search):
        # PostgreSQL refuses a NUL in any text it is given: a message here, not a 500 there.
        errors["q"] = "Search for letters, numbers and punctuation only"
        search = ""
    user_id = None
    raw_user = (args.get("user") or "").strip()
    if raw_user:
        if raw_user.isascii() and raw_user.isdigit() and 0 < int(raw_user) <= MAX_ID:
            user_id = int(raw_user)
        else:
            errors["user"] = "Choose a user from the list"
    dates: dict[str, dt.date | None] = {}
    for name, label in (("from", "The start date"), ("to", "The end date")):
        raw = (args.get(name) or "").strip()
        dates[name] = None
        if raw:
            # The date box sends ISO; a browser without one sends what was typed, day first as the hint says.
            dates[name] = parse_date(raw)
            if dates[name] is None:
                errors[name] = f"{label} must be a real date, like {DATE_EXAMPLE}"
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = "The end date must be the same as or after the start date"
    wanted = AuditFilter(action=action, user_id=user_id, date_from=dates["from"], date_to=dates["to"], search=search)
    return wanted, errors


@bp.get("/")
@roles_required("admin")
def index() -> ResponseReturnValue:
    wanted, errors = _read_filter(request.args)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    events: list[AuditEvent] = []
    total = 0
    if not errors:
        events, total = find_events(db(), wanted, page=page, per_page=PER_PAGE)
    users = list(db().scalars(select(User).order_by(User.email)))
    args = {
        key: value
        for key, value in {
            "action": wanted.action,
            "user": str(wanted.user_id or ""),
            "from": wanted.date_from.isoformat() if wanted.date_from else "",
            "to": wanted.date_to.isoformat() if wanted.date_to else "",
            "q": wanted.search,
        }.items()
        if value
    }
    form_data = {
        "action": request.args.get("action", ""),
        "user": request.args.get("user", ""),
        "from": request.args.get("from", ""),
        "to": request.args.get("to", ""),
        "q": request.args.get("q", ""),
    }
    return render_template(
        "audit/index.html",
        events=events,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        args=args,
        data=form_data,
        errors=errors,
        actions=known_actions(db()),
        action_label=action_label,
        users=[(u.id, u.email) for u in users],
    ), (400 if errors else 200)
