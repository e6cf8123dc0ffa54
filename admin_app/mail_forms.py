"""The mail pages' forms: a mailing list and its addresses, a campaign and its invitations, sending out key areas.

Their words are forms.json's, as every register form's; the services judge what only the database can tell
(a list's name already taken, a survey closed meanwhile, how long a link may last).
"""

from __future__ import annotations

from typing import Any

from wtforms.validators import ValidationError

from admin_app import db
from admin_app.fields import CheckboxField, CheckboxesField, ChoiceField, CsvFileField, IntegerField, RegisterForm
from admin_app.fields import TextField
from core.models import LIST_AUDIENCES
from core.services import dissemination, invitations, mailing_lists
from core.services.indicator_import import RowError


class PickField(ChoiceField):
    """A choice whose every refusal, nothing chosen or something not offered, says what to choose."""

    def missing_message(self) -> str:
        return f"Choose {self.phrase}"

    def invalid_message(self) -> str:
        return self.missing_message()


class CountField(IntegerField):
    """A whole number asked for as "how many ...": every refusal asks for it again, as a number."""

    def invalid_message(self) -> str:
        return f"Enter {self.phrase}, as a number"


def _lists() -> list[tuple[int, str]]:
    return [(c.mailing_list.id, f"{c.mailing_list.name} ({c.subscribed:,})") for c in mailing_lists.list_counts(db())]


def list_choice() -> PickField:
    """The mailing list to send to, each offered with how many are on it."""
    return PickField(
        "Mailing list", phrase="a mailing list", choices=_lists, coerce=int, blank="Choose a list", required=True
    )


NOBODY_TO_EMAIL = "Nobody on this list can be emailed: import addresses into it first"


def refuse_a_list_of_nobody(field: PickField) -> None:
    """A chosen list with nobody on it who can be emailed (empty, or everyone unsubscribed) is refused."""
    if field.data is not None and not any(
        c.mailing_list.id == field.data and c.subscribed for c in mailing_lists.list_counts(db())
    ):
        raise ValidationError(NOBODY_TO_EMAIL)


class ListForm(RegisterForm):
    """A new mailing list."""

    name = TextField(required=True, max_length=mailing_lists.NAME_MAX)
    audience = PickField(choices=LIST_AUDIENCES, radios=True, required=True)
    description = TextField(max_length=mailing_lists.DESCRIPTION_MAX, textarea=True)

    def validate_name(self, field: TextField) -> None:
        if mailing_lists.name_taken(db(), field.data or ""):
            raise ValidationError(mailing_lists.NAME_TAKEN)


class ImportForm(RegisterForm):
    """A CSV file of addresses to add to a list, from people who agreed to be emailed."""

    file = CsvFileField(required=True)
    consent = CheckboxField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set when the file is refused: the first problems found, row by row, and how many there were.
        self.problems: list[RowError] = []
        self.total = 0

    def validate_consent(self, field: CheckboxField) -> None:
        if not field.data:
            raise ValidationError("Confirm that everyone in the file agreed to be emailed")


class RemoveForm(RegisterForm):
    """An address to delete from a list at the person's request."""

    address = TextField(required=True, max_length=254, input_type="email")

    def validate_address(self, field: TextField) -> None:
        if mailing_lists.normalise_address(field.data or "") is None:
            raise ValidationError("Enter an email address, like name@example.org")


class CampaignForm(RegisterForm):
    """A campaign of an open survey."""

    survey_id = PickField(
        choices=lambda: invitations.open_surveys(db()), coerce=int, blank="Choose a survey", required=True
    )
    name = TextField(required=True)


class InviteForm(RegisterForm):
    """Send a campaign to a mailing list, a link each that works for so many days."""

    list_id = list_choice()
    valid_days = CountField(required=True, width="3")

    def validate_list_id(self, field: PickField) -> None:
        # "0 invitations queued" read as if the list had been invited.
        refuse_a_list_of_nobody(field)


def _published_sets() -> list[tuple[int, str]]:
    return [(s.id, f"{s.title} (published {s.published_on:%-d %B %Y})") for s in dissemination.published_sets(db())]


class DisseminateForm(RegisterForm):
    """Send a published key area set to a list, and the follow-up surveys to send it later."""

    set_id = PickField(choices=_published_sets, coerce=int, blank="Choose a published set", required=True)
    list_id = list_choice()
    follow_ups = CheckboxesField(
        choices=[(value, label) for value, (label, _delay) in dissemination.FOLLOW_UP_CHOICES.items()]
    )
    send_again = CheckboxField(
        "Send again to a list that has already had this set",
        hint="Only needed when this set has gone to this list before: everyone on it would get the email twice.",
    )

    def validate_list_id(self, field: PickField) -> None:
        # Sent to nobody, the set would still be recorded as sent and its follow-ups scheduled for nobody.
        refuse_a_list_of_nobody(field)
