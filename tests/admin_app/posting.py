"""What a register's edit form posts for an entry left unchanged (tests then change a field or two)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from admin_app.fields import GovField


def form_data(app: Flask, form_class: type, obj: Any) -> dict[str, Any]:
    """The form of `form_class` filled from `obj`, as the browser would post it."""
    with app.test_request_context():
        form = form_class(formdata=None, obj=obj)
        return {
            field.name: field.chosen() if field.kind == "checkboxes" else field.shown()
            for field in form
            if isinstance(field, GovField)
        }
