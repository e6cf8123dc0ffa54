"""GOV.UK-style WTForms fields for the registers, and the form base class they share.

Each field takes its label, the phrase its messages use ("the date of the decision") and a hint, and
raises the same plain messages everywhere: "Enter the date of the decision", "The date of the decision
must be a real date, like 27/03/2026", "Select the stage from the list". A field's id is its name, so
the error summary links straight to it. Templates render every field with one macro
(`registers/forms.html`, `field`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from dataclasses import fields as dataclass_fields
from typing import Any, Callable, Generic, Iterable, Mapping, Sequence, TypeVar, get_args

from flask import request
from wtforms import Field
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation, ValidationError

from core.control_characters import multi_line_problem, normalise_line_breaks, single_line_problem
from core.text_forms import TextForm

T = TypeVar("T")
# The register forms' labels, phrases and hints, by form and field (admin_app/forms.json).
FORM_WORDS: dict[str, dict[str, dict[str, str]]] = json.loads(
    (resources.files("admin_app") / "forms.json").read_text(encoding="utf-8")
)
Choices = Sequence[tuple[Any, str]]

_TRUE = {"yes", "true", "on", "1", "y"}
_FALSE = {"no", "false", "off", "0", "n"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")
# The example every date box and date message gives: day first, as people in England write dates and as a
# browser set to English (UK) shows the date box; the ISO form the box sends is never what people see.
DATE_EXAMPLE = "27/03/2026"


def parse_date(raw: str) -> dt.date | None:
    """A date from ISO (the HTML date input), or the day-first forms people type; None if invalid."""
    raw = raw.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _not_before(earlier: str, message: str) -> Callable[[Any, Any], None]:
    """A validator: this date must not be before the form's `earlier` date (when both are valid)."""

    def check(form: Any, field: Any) -> None:
        before = form[earlier]
        if field.data and before.data and not before.errors and not before.invalid and field.data < before.data:
            raise ValidationError(message)

    return check


def _capital(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:]


def today() -> dt.date:
    """Today in England by the app's clock (imported late: fields are defined before the app exists)."""
    from admin_app.registers import today as registers_today

    return registers_today()


class GovField(Field):
    """A field that reads one posted string, parses it in `parse` and checks it in `check`.

    A posted string with a control character is refused whatever the field (core.control_characters): a line break
    too unless the field is a textarea, whose CR LF line breaks are kept as LF.

    `phrase` is what its messages call it; `kind` tells the template macro how to draw it (input, date,
    textarea, select, radios, checkbox, checkboxes).
    """

    kind = "input"
    width = ""
    input_type = "text"

    def __init__(
        self,
        label: str = "",
        validators: Any = None,
        *,
        phrase: str = "",
        required: bool = False,
        hint: str = "",
        width: str = "",
        input_type: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, description=hint, **kwargs)
        self.input_type = input_type or self.input_type
        self.phrase = phrase or label.lower()
        self.required = required
        self.width = width or self.width
        self.raw = ""
        self.invalid = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]).strip() if valuelist else ""
        if self.kind == "textarea":
            self.raw = normalise_line_breaks(self.raw)
        self.invalid = False
        self.data = None
        if self.raw:
            try:
                self.data = self.parse(self.raw)
            except ValueError:
                self.invalid = True

    def parse(self, raw: str) -> Any:
        """The typed value of a non-empty posted string; ValueError if it is not one."""
        return raw

    def pre_validate(self, form: Any) -> None:
        # Before anything else reads the value: PostgreSQL refuses a NUL even in a query (a name already taken?).
        problem = (multi_line_problem if self.kind == "textarea" else single_line_problem)(self.raw, self.phrase)
        if problem:
            raise StopValidation(problem)
        if self.invalid:
            raise StopValidation(self.invalid_message())
        if self.data is None or self.data == "":
            if self.required:
                raise StopValidation(self.missing_message())
            return
        message = self.check(self.data)
        if message:
            raise StopValidation(message)

    def check(self, value: Any) -> str | None:
        """The message for a parsed value that is still not allowed, or None."""
        return None

    def missing_message(self) -> str:
        return f"Enter {self.phrase}"

    def invalid_message(self) -> str:
        return f"Enter {self.phrase}"

    def _value(self) -> str:
        if self.raw_data is not None:
            return self.raw
        return self.encode(self.data)

    def shown(self) -> str:
        """What the template shows in the field: the posted text, else the stored value."""
        return self._value()

    def encode(self, value: Any) -> str:
        """The form string of a stored value (for re-showing it)."""
        return "" if value is None else str(value)


class TextField(GovField):
    """A single line of text (`textarea=True` for several lines); stripped, with a length limit."""

    def __init__(self, label: str = "", *, max_length: int = 200, textarea: bool = False, rows: int = 4, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.max_length = max_length
        self.rows = rows
        if textarea:
            self.kind = "textarea"

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = self.raw

    def process_data(self, value: Any) -> None:
        self.data = "" if value is None else value

    def check(self, value: Any) -> str | None:
        if len(value) > self.max_length:
            return f"{_capital(self.phrase)} must be {self.max_length:,} characters or fewer"
        return None


class LinesField(TextField):
    """Several lines of text (a textarea) for a list stored one item a line: the entry's list is shown joined."""

    def __init__(self, label: str = "", **kwargs: Any) -> None:
        super().__init__(label, textarea=True, **kwargs)

    def process_data(self, value: Any) -> None:
        self.data = "\n".join(value) if isinstance(value, (list, tuple)) else ("" if value is None else value)


class ReferenceField(TextField):
    """A register reference such as RR-2026-004: letters, numbers and - / . _, up to 40 characters."""

    PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]{0,39}")

    def __init__(self, label: str = "Reference (optional)", **kwargs: Any) -> None:
        super().__init__(label, phrase="the reference", max_length=40, **kwargs)

    def check(self, value: Any) -> str | None:
        # The length first: an over-long reference of good characters is too long, not badly written.
        too_long = super().check(value)
        if too_long:
            return too_long
        if not self.PATTERN.fullmatch(value):
            return "The reference can only contain letters, numbers, and - / . _"
        return None


class DateField(GovField):
    """A date typed as 27/03/2026 or 2026-03-27 (what the date box sends), between 1990 and 2100; `past=True` refuses dates after today."""

    kind = "date"
    width = "10"

    def __init__(self, label: str = "", *, past: bool = False, **kwargs: Any) -> None:
        kwargs["hint"] = kwargs.get("hint") or f"For example, {DATE_EXAMPLE}"
        super().__init__(label, **kwargs)
        self.past = past

    def parse(self, raw: str) -> Any:
        value = parse_date(raw)
        if value is None:
            raise ValueError(raw)
        return value

    def invalid_message(self) -> str:
        return f"{_capital(self.phrase)} must be a real date, like {DATE_EXAMPLE}"

    def check(self, value: Any) -> str | None:
        if not 1990 <= value.year <= 2100:
            return f"{_capital(self.phrase)} must be between 1990 and 2100"
        if self.past and value > today():
            return f"{_capital(self.phrase)} must be today or in the past"
        return None

    def encode(self, value: Any) -> str:
        return value.isoformat() if value else ""


class IntegerField(GovField):
    """A whole number, optionally between a minimum and a maximum."""

    def __init__(self, label: str = "", *, minimum: int | None = None, maximum: int | None = None, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw: str) -> Any:
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(raw)
        return int(raw)

    def invalid_message(self) -> str:
        return f"{_capital(self.phrase)} must be a whole number"

    def check(self, value: Any) -> str | None:
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return f"{_capital(self.phrase)} must be between {self.minimum} and {self.maximum}"
        return None


class ScoreField(IntegerField):
    """A whole number picked from radios (a Section 11 score); `choices` are set by the form."""

    kind = "radios"
    inline = False

    def __init__(self, label: str = "", **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices: list[tuple[str, str]] = []


class NumberField(GovField):
    """A number (thousands commas allowed); never NaN or infinite."""

    def parse(self, raw: str) -> Any:
        value = float(raw.replace(",", ""))
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return value

    def invalid_message(self) -> str:
        return f"{_capital(self.phrase)} must be a number"

    def encode(self, value: Any) -> str:
        return "" if value is None else f"{value:g}"


class ChoiceField(GovField):
    """One value from a list, drawn as a select (or radios with `radios=True`); `coerce=int` for ids.

    `choices` may be {value: label}, or a callable, called when the form is drawn or checked (lists read from the
    database).
    """

    kind = "select"

    def __init__(
        self,
        label: str = "",
        *,
        choices: Choices | Mapping[Any, str] | Callable[[], Choices] = (),
        coerce: Callable[[str], Any] = str,
        radios: bool = False,
        blank: str = "",
        inline: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        self._choices = choices
        self.coerce = coerce
        self.blank = blank
        self.inline = inline
        if radios:
            self.kind = "radios"

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The (value, text) options as strings, as the template shows them."""
        options = self._choices() if callable(self._choices) else self._choices
        if isinstance(options, Mapping):
            options = list(options.items())
        return [(self.encode(value), text) for value, text in options]

    @choices.setter
    def choices(self, options: Choices) -> None:
        self._choices = list(options)

    def parse(self, raw: str) -> Any:
        return self.coerce(raw)

    def check(self, value: Any) -> str | None:
        # Checked here, not when parsed: a form may set its choices after reading the post.
        if self.encode(value) not in {option for option, _ in self.choices}:
            return self.invalid_message()
        return None

    def missing_message(self) -> str:
        return f"Select {self.phrase}"

    def invalid_message(self) -> str:
        return f"Select {self.phrase} from the list"  # noqa: S608 (a message, not SQL)


class YesNoField(ChoiceField):
    """Radios Yes / No / Not recorded: True, False or None."""

    def __init__(self, label: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("choices", [(True, "Yes"), (False, "No"), (None, "Not recorded")])
        super().__init__(label, radios=True, inline=True, **kwargs)

    def parse(self, raw: str) -> Any:
        lowered = raw.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        if lowered in {"unknown", "none"}:
            return None
        raise ValueError(raw)

    def missing_message(self) -> str:
        return f"Select whether {self.phrase}"

    def invalid_message(self) -> str:
        return f"Select whether {self.phrase}"

    def encode(self, value: Any) -> str:
        return "" if value is None else ("yes" if value else "no")


class CheckboxField(GovField):
    """One checkbox: ticked means True."""

    kind = "checkbox"

    def parse(self, raw: str) -> Any:
        return raw.lower() in _TRUE

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = bool(self.data)

    def process_data(self, value: Any) -> None:
        self.data = bool(value)

    def encode(self, value: Any) -> str:
        return "yes" if value else ""


class CheckboxesField(ChoiceField):
    """Several values from a list, drawn as checkboxes; every ticked value must be one of the options."""

    kind = "checkboxes"

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = ""
        self.invalid = False
        self.data = []
        for value in (str(v).strip() for v in valuelist):
            if not value:
                continue
            try:
                self.data.append(self.coerce(value))
            except ValueError:
                self.invalid = True

    def check(self, value: Any) -> str | None:
        allowed = {option for option, _ in self.choices}
        if any(self.encode(v) not in allowed for v in value):
            self.data = [v for v in value if self.encode(v) in allowed]
            return self.invalid_message()
        return None

    def process_data(self, value: Any) -> None:
        self.data = list(value or [])

    def chosen(self) -> list[str]:
        """The ticked values as strings (for the template)."""
        return [self.encode(v) for v in self.data or []]


class CsvFileField(GovField):
    """A CSV file to upload (drawn by the `csv_file` macro): the upload itself, a FileStorage, or None.

    Read from the request's files by name, since a TextForm gives its fields the posted text only.
    """

    kind = "file"

    def process_formdata(self, valuelist: list[Any]) -> None:
        upload = request.files.get(self.name)
        self.raw, self.invalid = "", False
        self.data = upload if upload is not None and upload.filename else None

    def missing_message(self) -> str:
        return f"Select {self.phrase}"

    def content(self) -> bytes:
        """What the file holds (nothing if no file was sent)."""
        return bytes(self.data.read()) if self.data is not None else b""


class RegisterForm(TextForm, Generic[T]):
    """A register form: its errors as one map for the summary, service errors added to fields, typed values out.

    `ORDER` lists (later, earlier, message): the later date must not be before the earlier one; the message
    goes on the later date. `from_entry` gives the values of fields that are not attributes of the entry.
    """

    ORDER: Sequence[tuple[str, str, str]] = ()
    DETAILS: type[T] | None = None  # the dataclass of typed values the register's service takes (from RegisterForm[T])

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A form declared as RegisterForm[SomeDetails] gives SomeDetails from `details`."""
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            kind = next(iter(get_args(base)), None)
            if isinstance(kind, type) and kind is not type(None):
                cls.DETAILS = kind
        cls._take_words()

    @classmethod
    def _take_words(cls) -> None:
        """Give the form's own fields their label, phrase and hint from forms.json (what the form's code does not say)."""
        for name, words in FORM_WORDS.get(cls.__name__, {}).items():
            field = cls.__dict__.get(name)
            if not isinstance(field, UnboundField):
                raise TypeError(f"forms.json names {cls.__name__}.{name}, which is not a field of the form")
            if words.get("label") and not (field.args and field.args[0]):
                field.kwargs["label"] = words["label"]
            for key in ("phrase", "hint"):
                if words.get(key) and not field.kwargs.get(key):
                    field.kwargs[key] = words[key]

    def __init__(self, *args: Any, obj: Any = None, **kwargs: Any) -> None:
        if obj is not None:
            kwargs["data"] = self.from_entry(obj) | dict(kwargs.get("data") or {})
        super().__init__(*args, obj=obj, **kwargs)

    @classmethod
    def from_entry(cls, obj: Any) -> dict[str, Any]:
        """Values for fields the entry does not hold under the field's name."""
        return {}

    def validate(self, extra_validators: Any = None) -> bool:
        """Every field, then the order of dates in ORDER."""
        rules: dict[str, list[Any]] = {}
        for later, earlier, message in self.ORDER:
            rules.setdefault(later, []).append(_not_before(earlier, message))
        for name, validators in (extra_validators or {}).items():
            rules.setdefault(name, []).extend(validators)
        return bool(super().validate(extra_validators=rules))

    @property
    def error_map(self) -> dict[str, str]:
        """Field name -> first message, in the order of the form (the error summary's order)."""
        found = {field.name: field.errors[0] for field in self._fields.values() if field.errors}
        for message in self.form_errors:
            found.setdefault("", message)
        return found

    def add_errors(self, errors: Mapping[str, str]) -> None:
        """Attach a service's ValidationFailed messages to their fields."""
        for name, message in errors.items():
            if name in self._fields:
                self._fields[name].errors = [*self._fields[name].errors, message]
            else:
                self.form_errors.append(message)

    def values(self, names: Iterable[str]) -> dict[str, Any]:
        """The typed data of the named fields."""
        return {name: self._fields[name].data for name in names}

    def details(self) -> T:
        """The typed values for the register's service (after validation)."""
        assert self.DETAILS is not None, f"{type(self).__name__} has no DETAILS"  # noqa: S101 (a programming error)
        return self.build(self.DETAILS)

    def build(self, kind: type[T], **extra: Any) -> T:
        """The dataclass `kind` filled from the fields of the same names (and `extra`)."""
        names = [f.name for f in dataclass_fields(kind) if f.name in self._fields and f.name not in extra]  # type: ignore[arg-type]
        return kind(**self.values(names), **extra)
