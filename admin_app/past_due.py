"""A due date already past is accepted only once the person confirms it: a typo would make an action overdue at once.

Recording a late action is legitimate (the business unit often logs actions agreed weeks ago), so this is a
warning with a confirmation, not an error: the form comes back with the warning beside the date and a box to
tick, and saving again with it ticked keeps the date.
"""

from __future__ import annotations

import datetime as dt

from typing import Any

from flask import g, request

from core.models import Action

CONFIRM_FIELD = "confirm_past_due"


def held(form: Any, today: dt.date, due_before: dt.date | None = None) -> bool:
    """True (and the warning set for the page) if a valid posted action form gives a past due date not yet confirmed.

    `due_before` is the due date before an edit: an action already overdue is not asked about again
    each time something else on it changes.
    """
    if request.method != "POST" or not form.validate():
        return False
    due = form.due_on.data
    if form.status.data == "done" or due is None or due >= today or due == due_before:
        return False
    if request.form.get(CONFIRM_FIELD) == "yes":
        return False
    g.past_due_warning = (
        f"The due date, {due.day} {due:%B %Y}, has already passed, so this action will show as overdue from "
        "the start. Check the date. If it is right, tick the box below and save again."
    )
    return True


def saved_note(action: Action, today: dt.date) -> str:
    """A line for the confirmation message when the saved action is already overdue."""
    return " It is already overdue." if action.is_overdue(today) else ""
