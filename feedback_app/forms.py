"""Forms for the public app. Answers are validated by core.services.surveys; these carry the honeypot."""

from __future__ import annotations

from typing import Any, Mapping

from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from core.text_forms import TextForm

HONEYPOT = "website"


def honeypot_filled(form: Mapping[str, Any]) -> bool:
    """True when the field people never see was filled in: a bot sent this."""
    return bool((form.get(HONEYPOT) or "").strip())


class PublicForm(TextForm):
    """Every public form: a honeypot field people never see or fill.

    CSRFProtect checks the token of every POST before any view runs, so the form does not check it a
    second time. Text only (TextForm): a file posted as the receipt code is no code, not a crash.
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
