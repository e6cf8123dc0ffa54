"""Staff forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=200)])


class UnlockForm(FlaskForm):
    passphrase = PasswordField("Key passphrase", validators=[DataRequired("Enter the key passphrase"), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""
