"""Staff forms: sign-in, and one form per register (fields from admin_app/fields.py)."""

from __future__ import annotations

from typing import Any, Callable

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length, ValidationError

from admin_app import db
from admin_app.fields import (
    CheckboxField,
    ChoiceField,
    DateField,
    RegisterForm,
    TextField,
    YesNoField,
)
from core.models import REVIEW_DECISIONS, REVIEW_KINDS, REVIEW_STAGES
from core.services.reviews import (
    ORDER_RULES,
    REFERENCE_PATTERN,
    ReviewDetails,
    is_pseudonym,
    participation_campaigns,
)


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=200)])


class UnlockForm(FlaskForm):
    passphrase = PasswordField("Key passphrase", validators=[DataRequired("Enter the key passphrase"), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


def _agencies() -> list[tuple[int, str]]:
    from core.services.agencies import list_agencies

    return [(a.id, a.name) for a in list_agencies(db())]


def _order_rule(earlier: str, message: str) -> Callable[[Any, Any], None]:
    """A validator: this date must not be before the form's `earlier` date."""

    def check(form: Any, field: Any) -> None:
        before = form[earlier].data
        if field.data is not None and before is not None and not form[earlier].errors and field.data < before:
            raise ValidationError(message)

    return check


class ReviewForm(RegisterForm):
    """A serious incident, rapid review or local review."""

    kind = ChoiceField(
        "Kind of review", phrase="the kind of review", choices=list(REVIEW_KINDS.items()), radios=True, required=True
    )
    subject = TextField(
        "Subject (pseudonym)",
        phrase="the pseudonym of the child or family, like Child A",
        required=True,
        max_length=80,
        hint="A pseudonym such as Child A, Children B and C or Family D. Never a name.",
    )
    reference = TextField(
        "Reference (optional)",
        phrase="the reference",
        max_length=40,
        hint="Leave empty to get the next reference, like RR-2026-004.",
    )
    summary = TextField(
        "Summary of the circumstances (optional)",
        phrase="the summary",
        max_length=20_000,
        textarea=True,
        hint="Do not include names, addresses or dates of birth.",
    )
    agency_id = ChoiceField(
        "Lead agency (optional)", phrase="the lead agency", choices=_agencies, coerce=int, blank="None"
    )
    restricted = CheckboxField("Restricted: partner users of other agencies cannot see this review")
    aware_on = DateField(
        "Date the local authority became aware of the incident",
        phrase="the date the local authority became aware",
        past=True,
        hint="The national panel must be notified within 5 working days of this date.",
    )
    notified_on = DateField(
        "Date notified to the national panel",
        phrase="the date of notification",
        past=True,
        hint="The rapid review is due 15 working days after this date.",
    )
    rapid_review_on = DateField(
        "Date the rapid review was sent to the national panel", phrase="the date the rapid review was sent", past=True
    )
    decision = ChoiceField(
        "Decision", phrase="the decision", choices=list(REVIEW_DECISIONS.items()), blank="Not decided yet"
    )
    decision_on = DateField(
        "Date of the decision",
        phrase="the date of the decision",
        past=True,
        hint="A local review is due 6 months after the decision to hold one.",
    )
    commissioned_on = DateField(
        "Date the review was commissioned", phrase="the date the review was commissioned", past=True
    )
    completed_on = DateField(
        "Date the review was completed (final report signed off)",
        phrase="the date the review was completed",
        past=True,
    )
    published_on = DateField("Date of publication", phrase="the date of publication", past=True)
    closed_on = DateField("Date closed", phrase="the date the review was closed", past=True)
    stage = ChoiceField("Stage", phrase="the stage", choices=list(REVIEW_STAGES.items()))
    lead_reviewer = TextField("Lead reviewer (optional)", phrase="the lead reviewer")
    national_panel_ref = TextField(
        "National panel reference (optional)", phrase="the national panel reference", max_length=40
    )
    family_invited = YesNoField("Was the family invited to take part?", phrase="the family were invited")
    family_took_part = YesNoField("Did the family take part?", phrase="the family took part")
    practitioners_invited = YesNoField(
        "Were practitioners invited to take part?", phrase="the practitioners were invited"
    )
    practitioners_took_part = YesNoField("Did practitioners take part?", phrase="the practitioners took part")
    participation_notes = TextField(
        "Participation notes (optional)", phrase="the participation notes", max_length=10_000, textarea=True, rows=3
    )
    participation_campaign_id = ChoiceField(
        "Participation campaign (optional)",
        phrase="a campaign of the review participation survey",
        choices=lambda: [(c.id, c.name) for c in participation_campaigns(db())],
        coerce=int,
        blank="None",
        hint="A campaign of the “Taking part in a case review” survey. You can also open one from the review page.",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the order of the statutory dates (each message on the later date)."""
        rules = {later: [_order_rule(earlier, message)] for later, earlier, message in ORDER_RULES}
        return super().validate(extra_validators=rules)

    def validate_reference(self, field: TextField) -> None:
        if field.data and not REFERENCE_PATTERN.fullmatch(field.data):
            raise ValidationError("The reference can only contain letters, numbers, and - / . _")

    def validate_subject(self, field: TextField) -> None:
        if field.data and not is_pseudonym(field.data):
            raise ValidationError("Enter a pseudonym like Child A or Family B, never a name")

    def validate_aware_on(self, field: DateField) -> None:
        if self.kind.data == "serious_incident" and field.data is None:
            raise ValidationError("Enter the date the local authority became aware of the incident")

    def validate_decision(self, field: ChoiceField) -> None:
        if self.decision_on.data is not None and not field.data and not self.decision_on.errors:
            raise ValidationError("Select the decision")

    def validate_decision_on(self, field: DateField) -> None:
        if self.decision.data and field.data is None:
            raise ValidationError("Enter the date of the decision")

    def details(self) -> ReviewDetails:
        """The typed values for the reviews service."""
        return self.build(ReviewDetails)


class ReviewStageForm(RegisterForm):
    """Move a review to its next stage."""

    stage = ChoiceField(
        "New stage",
        phrase="the stage",
        choices=list(REVIEW_STAGES.items()),
        blank="Choose the new stage",
        required=True,
    )
    entered_on = DateField("Date", phrase="the date", past=True, required=True)
    decision = ChoiceField(
        "Decision (at the decision stage)",
        phrase="the decision",
        choices=list(REVIEW_DECISIONS.items()),
        blank="Not a decision",
    )
    note = TextField("Note (optional)", phrase="the note", max_length=5_000, textarea=True, rows=2)

    def validate_decision(self, field: ChoiceField) -> None:
        if self.stage.data == "decision" and not field.data:
            raise ValidationError("Select the decision of the rapid review")
