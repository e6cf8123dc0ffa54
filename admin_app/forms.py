"""Staff forms."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from core.models import HANDLED_NOTE_MAX

# Control characters other than tab and line breaks: PostgreSQL refuses NUL, and none belongs in a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=200)])


class UnlockForm(FlaskForm):
    passphrase = PasswordField("Key passphrase", validators=[DataRequired("Enter the key passphrase"), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class HandledForm(FlaskForm):
    """What was done about a response flagged as possible risk: staff-written, short, required."""

    note = TextAreaField(
        "What was done",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired("Enter what was done about this response"),
            Length(max=HANDLED_NOTE_MAX, message=f"What was done must be {HANDLED_NOTE_MAX} characters or fewer"),
        ],
    )

    def validate_note(self, field: TextAreaField) -> None:
        if _CONTROL.search(field.data or ""):
            raise ValidationError("What was done must not contain control characters")
