"""Retention periods: how long answers are kept, by kind of survey, and the dates that follow from them.

Pure date arithmetic; `core.services.retention` loads the surveys and deletes what has expired.
"""

from __future__ import annotations

import calendar
import datetime as dt

MIN_MONTHS = 1
MAX_MONTHS = 12 * 25
# Each kind of survey (its audience) keeps answers this many months unless the survey says otherwise; None
# means the partnership's default (LEARNING_LOOP_RETENTION_YEARS, two years unless set), which the privacy
# notice states. A kind gets a number of its own only when the partnership decides a different period for it.
KIND_MONTHS: dict[str, int | None] = {
    "practitioner": None,
    "family": None,
    "child": None,
    "review": None,
    "compliments": None,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_for(audience: str, own_months: int | None, default_years: int) -> int:
    """The months a survey keeps answers: its own period, else its kind's, else the default."""
    if own_months is not None:
        return own_months
    kind = KIND_MONTHS.get(audience)
    return kind if kind is not None else default_years * 12


def deleted_on(submitted_on: dt.date, months: int) -> dt.date:
    """The day an answer sent on `submitted_on` is deleted (the daily job deletes it that day)."""
    return add_months(submitted_on, months)


def last_expired_day(today: dt.date, months: int) -> dt.date:
    """Answers sent on or before this day have reached their deletion date by `today`."""
    latest = add_months(today, -months)
    # add_months clamps to the month's end, so step forward while the next day would also be due.
    while deleted_on(latest + dt.timedelta(days=1), months) <= today:
        latest += dt.timedelta(days=1)
    return latest


def describe_period(months: int) -> str:
    """'2 years', '18 months', '1 year'."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"
