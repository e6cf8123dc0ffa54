"""Statutory review deadlines in England: working days skip weekends and England's bank holidays.

- Serious incident notification to the national panel: 5 working days after the local
  authority became aware.
- Rapid review: 15 working days after the notification.
- Local child safeguarding practice review (before 29 September 2019: serious case review):
  completed and published 6 calendar months after the decision to hold one (clamped to the end of a
  shorter month); sign-off alone does not meet it.

Bank holidays come from the `holidays` package (no network): England's list, including
substitute days ("Boxing Day (observed)") and one-off days such as coronations and jubilees.
A deadline counts from the day after the event: the event's own day is day 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional
from zoneinfo import ZoneInfo

import holidays

from core.clock import Clock
from core.models.registers import LCSPR_FROM, REVIEW_DECISIONS, REVIEW_KINDS, SCR_LABEL

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
LOCAL_REVIEW_MONTHS = 6
DEFAULT_DUE_SOON_DAYS = 10
LONDON = ZoneInfo("Europe/London")

DEADLINE_LABELS: dict[str, str] = {
    "notification": "Notification to the national panel",
    "rapid_review": "Rapid review",
    "local_review": "Local review report",
}
STATUS_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "on_track": "On track",
    "done": "Done",
    "done_late": "Done late",
}


@lru_cache(maxsize=1)
def _england() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def today_in_england(clock: Clock) -> dt.date:
    """Today's date where the partnership works (the clock is UTC)."""
    return clock.now().astimezone(LONDON).date()


def is_bank_holiday(day: dt.date) -> bool:
    """True on a bank holiday in England."""
    return day in _england()


def bank_holiday_name(day: dt.date) -> str:
    """The holiday's name, or '' on an ordinary day."""
    return str(_england().get(day) or "")


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (before it if negative); `start` itself is day 0."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign == 1 else (end, start)
    count = 0
    day = low
    while day < high:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the last day of a shorter month (31 Aug + 6 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def notification_due(aware_on: dt.date) -> dt.date:
    """The national panel must be notified within 5 working days of becoming aware."""
    return add_working_days(aware_on, NOTIFICATION_WORKING_DAYS)


def rapid_review_due(notified_on: dt.date) -> dt.date:
    """The rapid review is due 15 working days after the notification."""
    return add_working_days(notified_on, RAPID_REVIEW_WORKING_DAYS)


def local_review_due(decision_on: dt.date) -> dt.date:
    """A local review (LCSPR or SCR) should be published 6 months after the decision to hold it."""
    return add_months(decision_on, LOCAL_REVIEW_MONTHS)


def deadline_status(
    due_on: dt.date, done_on: Optional[dt.date], today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> str:
    """done | done_late | overdue (past the due day) | due_soon (within N calendar days) | on_track."""
    if done_on is not None:
        return "done" if done_on <= due_on else "done_late"
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= due_soon_days:
        return "due_soon"
    return "on_track"


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline of a review."""

    key: str
    due_on: dt.date
    done_on: Optional[dt.date]

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self.key]

    def status(self, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> str:
        return deadline_status(self.due_on, self.done_on, today, due_soon_days)


def review_deadlines(
    *,
    aware_on: Optional[dt.date],
    notified_on: Optional[dt.date],
    rapid_review_on: Optional[dt.date],
    decision: Optional[str],
    decision_on: Optional[dt.date],
    published_on: Optional[dt.date],
) -> list[Deadline]:
    """The statutory deadlines that apply, given what has happened so far, in date order."""
    found = []
    if aware_on is not None:
        found.append(Deadline("notification", notification_due(aware_on), notified_on))
    if notified_on is not None:
        found.append(Deadline("rapid_review", rapid_review_due(notified_on), rapid_review_on))
    if decision == "lcspr" and decision_on is not None:
        found.append(Deadline("local_review", local_review_due(decision_on), published_on))
    return found


def next_open_deadline(deadlines: list[Deadline]) -> Optional[Deadline]:
    """The earliest deadline not yet met, if any."""
    open_ones = [d for d in deadlines if d.done_on is None]
    return min(open_ones, key=lambda d: d.due_on) if open_ones else None


def before_lcspr(on: Optional[dt.date]) -> bool:
    """True for a date before 29 September 2019, when a statutory local review was a serious case review:
    the one rule every label of the old words follows."""
    return on is not None and on < LCSPR_FROM


def review_kind_label(kind: str, decision_on: Optional[dt.date]) -> str:
    """The label that applied at the decision date: Serious Case Review before 29 September 2019."""
    if kind == "lcspr" and before_lcspr(decision_on):
        return SCR_LABEL
    if kind == "serious_incident" and before_lcspr(decision_on):
        return "Serious incident notification"
    return REVIEW_KINDS.get(kind, kind)


def review_decision_label(decision: Optional[str], decision_on: Optional[dt.date]) -> str:
    """The decision as worded at its date: 'Hold a serious case review' before 29 September 2019."""
    if not decision:
        return ""
    if decision == "lcspr" and before_lcspr(decision_on):
        return f"Hold a {SCR_LABEL.lower()}"
    return REVIEW_DECISIONS.get(decision, decision)


def review_decision_choices(decision_on: Optional[dt.date]) -> list[tuple[str, str]]:
    """The decisions to choose from, worded as at `decision_on` (both wordings while it is not known)."""
    choices = []
    for key in REVIEW_DECISIONS:
        text = review_decision_label(key, decision_on)
        if decision_on is None and key == "lcspr":
            text += f" (a {SCR_LABEL.lower()} before 29 September 2019)"
        choices.append((key, text))
    return choices


def notified_body(on: Optional[dt.date]) -> str:
    """Who serious incidents were notified to on that date."""
    if before_lcspr(on):
        return "Ofsted"
    return "the national panel"
