"""What every register view shares: the save cycle, today in England, paging."""

from __future__ import annotations

import datetime as dt
from typing import Callable, TypeVar

from flask import flash, redirect, request
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.fields import RegisterForm
from core.errors import ValidationFailed
from core.services.deadlines import today_in_england

PER_PAGE = 50
T = TypeVar("T")


def save(
    form: RegisterForm,
    change: Callable[[], T],
    *,
    render: Callable[[], str],
    done: Callable[[T], tuple[str, str]],
) -> ResponseReturnValue:
    """The save cycle of every register form.

    On a POST: validate the form and call `change` (the service); if either refuses, roll back and
    re-render with the errors on their fields and status 400 (nothing written); else commit, flash
    done's message and redirect to done's address. On a GET: render.
    """
    if request.method != "POST":
        return render()
    if form.validate():
        try:
            result = change()
        except ValidationFailed as exc:
            db().rollback()
            form.add_errors(exc.errors or {"": exc.message})
        else:
            db().commit()
            message, url = done(result)
            flash(message)
            return redirect(url)
    return render(), 400


def today() -> dt.date:
    """Today's date in England, from the app's clock."""
    return today_in_england(context().clock)


def due_soon_days() -> int:
    """How many days ahead counts as "due soon" (setting `due_soon_days`, LEARNING_LOOP_DUE_SOON_DAYS)."""
    return context().settings.due_soon_days


def page_number() -> int:
    """The ?page= argument, at least 1."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def pages(total: int, per_page: int = PER_PAGE) -> int:
    return max((total + per_page - 1) // per_page, 1)
