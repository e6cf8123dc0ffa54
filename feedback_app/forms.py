"""Forms for the public app. Answers are validated by core.services.surveys; these carry the honeypot."""

from __future__ import annotations

from typing import Any, Mapping

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

HONEYPOT = "website"


def honeypot_filled(form: Mapping[str, Any]) -> bool:
    """True when the field people never see was filled in: a bot sent this."""
    return bool((form.get(HONEYPOT) or "").strip())


class PublicForm(FlaskForm):
    """Every public form: a honeypot field people never see or fill.

    CSRFProtect checks the token of every POST before any view runs, so the form does not check it a
    second time.
    """

    class Meta:
        csrf = False

    website = StringField("Leave this field empty", validators=[Optional()])

    def is_bot(self) -> bool:
        return honeypot_filled(self.data)


class ReceiptForm(PublicForm):
    code = StringField("Receipt code", validators=[Optional(), Length(max=80)])


class AddendumForm(PublicForm):
    text = TextAreaField("What would you like to add?", validators=[Optional()])
