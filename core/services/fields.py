"""Cleaning submitted register fields into typed values, with GOV.UK-style error messages.

Services use a `Cleaner` so the same rules hold for the web forms, the CLI and the tests:

    c = Cleaner(data)
    title = c.text("title", "the title", required=True)
    due = c.date("due_on", "the due date")
    values = c.finish()   # raises ValidationFailed(errors) if any field was wrong

Every error is keyed by the form field name so the page can link the error summary to it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping, Optional

from core.errors import ValidationFailed

_TRUE = {"yes", "true", "on", "1", "y"}
_FALSE = {"no", "false", "off", "0", "n"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def parse_date(raw: str) -> Optional[dt.date]:
    """A date from ISO (the HTML date input), or the day-first forms people type; None if invalid."""
    raw = raw.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


class Cleaner:
    """Collects typed values and per-field errors from submitted data."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        value = self.data.get(name, "")
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        return str(value).strip()

    def raw_list(self, name: str) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            return [str(v).strip() for v in getlist(name) if str(v).strip()]
        value = self.data.get(name, [])
        if isinstance(value, (list, tuple)):
            return [str(v).strip() for v in value if str(v).strip()]
        return [str(value).strip()] if str(value).strip() else []

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def _store(self, name: str, value: Any, field: str | None) -> Any:
        self.values[field or name] = value
        return value

    def text(
        self, name: str, label: str, *, required: bool = False, max_length: int = 200, field: str | None = None
    ) -> str:
        value = self.raw(name)
        if required and not value:
            self.error(name, f"Enter {label}")
        elif len(value) > max_length:
            self.error(name, f"{label[0].upper() + label[1:]} must be {max_length:,} characters or fewer")
        return self._store(name, value, field)

    def choice(
        self, name: str, label: str, choices: Iterable[str], *, required: bool = False, field: str | None = None
    ) -> Optional[str]:
        value = self.raw(name)
        allowed = set(choices)
        if not value:
            if required:
                self.error(name, f"Select {label}")
            return self._store(name, None, field)
        if value not in allowed:
            self.error(name, f"Select {label} from the list")
            return self._store(name, None, field)
        return self._store(name, value, field)

    def choices(self, name: str, label: str, choices: Iterable[str], *, field: str | None = None) -> list[str]:
        values = self.raw_list(name)
        allowed = set(choices)
        bad = [v for v in values if v not in allowed]
        if bad:
            self.error(name, f"Select {label} from the list")
            values = [v for v in values if v in allowed]
        return self._store(name, values, field)

    def date(
        self,
        name: str,
        label: str,
        *,
        required: bool = False,
        not_after: dt.date | None = None,
        field: str | None = None,
    ) -> Optional[dt.date]:
        raw = self.raw(name)
        if not raw:
            if required:
                self.error(name, f"Enter {label}")
            return self._store(name, None, field)
        value = parse_date(raw)
        if value is None:
            self.error(name, f"{label[0].upper() + label[1:]} must be a real date, like 2026-03-27")
            return self._store(name, None, field)
        if value.year < 1990 or value.year > 2100:
            self.error(name, f"{label[0].upper() + label[1:]} must be between 1990 and 2100")
            return self._store(name, None, field)
        if not_after is not None and value > not_after:
            self.error(name, f"{label[0].upper() + label[1:]} must be today or in the past")
        return self._store(name, value, field)

    def integer(
        self,
        name: str,
        label: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = False,
        field: str | None = None,
    ) -> Optional[int]:
        raw = self.raw(name)
        if not raw:
            if required:
                self.error(name, f"Enter {label}")
            return self._store(name, None, field)
        if not re.fullmatch(r"-?\d+", raw):
            self.error(name, f"{label[0].upper() + label[1:]} must be a whole number")
            return self._store(name, None, field)
        value = int(raw)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(name, f"{label[0].upper() + label[1:]} must be between {minimum} and {maximum}")
            return self._store(name, None, field)
        return self._store(name, value, field)

    def number(self, name: str, label: str, *, required: bool = False, field: str | None = None) -> Optional[float]:
        raw = self.raw(name).replace(",", "")
        if not raw:
            if required:
                self.error(name, f"Enter {label}")
            return self._store(name, None, field)
        try:
            value = float(raw)
        except ValueError:
            self.error(name, f"{label[0].upper() + label[1:]} must be a number")
            return self._store(name, None, field)
        if value != value or value in (float("inf"), float("-inf")):
            self.error(name, f"{label[0].upper() + label[1:]} must be a number")
            return self._store(name, None, field)
        return self._store(name, value, field)

    def flag(self, name: str, *, field: str | None = None) -> bool:
        """A checkbox: present and truthy means True."""
        return self._store(name, self.raw(name).lower() in _TRUE, field)

    def yes_no(self, name: str, label: str, *, required: bool = False, field: str | None = None) -> Optional[bool]:
        """Radios with yes / no / not recorded (blank)."""
        raw = self.raw(name).lower()
        if raw in _TRUE:
            return self._store(name, True, field)
        if raw in _FALSE:
            return self._store(name, False, field)
        if raw and raw not in {"unknown", "none"}:
            self.error(name, f"Select whether {label}")
        elif required:
            self.error(name, f"Select whether {label}")
        return self._store(name, None, field)

    def ids(self, name: str, label: str, allowed: Iterable[int], *, field: str | None = None) -> list[int]:
        """A list of ids (checkboxes) that must all be in `allowed`."""
        allowed_set = set(allowed)
        values: list[int] = []
        for raw in self.raw_list(name):
            if not raw.isdigit() or int(raw) not in allowed_set:
                self.error(name, f"Select {label} from the list")
                continue
            values.append(int(raw))
        return self._store(name, values, field)

    def finish(self) -> dict[str, Any]:
        """The cleaned values, or ValidationFailed with every field's first error."""
        if self.errors:
            raise ValidationFailed(dict(self.errors))
        return dict(self.values)
