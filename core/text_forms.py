"""The base of every form in both apps: text fields only, so an uploaded file where text belongs is no answer.

Flask-WTF hands a multipart post's files to the fields with the form's text, so a file sent under a text field's
name reached the validators as a FileStorage (a 500 in Length, or in `.strip()`). Files are read by the views
that take one (request.files), never through these forms.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict


class TextForm(FlaskForm):
    """A FlaskForm that reads a post's text and never its files."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            wrapped = super().wrap_formdata(form, formdata)
            # A multipart post's files come mixed in with its text: the text alone.
            return request.form if isinstance(wrapped, CombinedMultiDict) else wrapped
