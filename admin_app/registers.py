"""Small helpers every register view shares: today in England, CSRF for plain forms, paging."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from flask import abort, request
from werkzeug.datastructures import MultiDict

from admin_app import context
from admin_app.forms import ConfirmForm
from core.services.deadlines import today_in_england

PER_PAGE = 50


def today() -> dt.date:
    """Today's date in England, from the app's clock."""
    return today_in_england(context().clock)


def due_soon_days() -> int:
    """How many days ahead counts as "due soon" (setting `due_soon_days`, LEARNING_LOOP_DUE_SOON_DAYS)."""
    return context().settings.due_soon_days


def check_csrf() -> None:
    """Refuse a POST whose CSRF token is missing or wrong (the register forms are plain HTML forms)."""
    if not ConfirmForm().validate():
        abort(400, "The form could not be sent because its security token was missing or out of date.")


def page_number() -> int:
    """The ?page= argument, at least 1."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def pages(total: int, per_page: int = PER_PAGE) -> int:
    return max((total + per_page - 1) // per_page, 1)


def submitted() -> MultiDict[str, Any]:
    """The posted form without its CSRF token (to re-show it after an error)."""
    data: MultiDict[str, Any] = MultiDict(request.form)
    data.pop("csrf_token", None)
    return data


class FormData(dict):  # type: ignore[type-arg]
    """Form values for templates: `get` works on a dict or a MultiDict, lists stay lists."""

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "FormData":
        if isinstance(data, MultiDict):
            return cls(
                {key: (values if len(values) > 1 or key in _LIST_FIELDS else values[0]) for key, values in data.lists()}
            )
        return cls(data)


# Fields posted as checkboxes: always lists, even with one box ticked.
_LIST_FIELDS = frozenset({"themes", "domains"})
