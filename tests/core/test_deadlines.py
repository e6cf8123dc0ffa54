"""Statutory deadlines: working days across England's bank holidays and weekends, and the SCR/LCSPR label."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.clock import FixedClock
from core.services.deadlines import (
    add_months,
    add_working_days,
    bank_holiday_name,
    deadline_status,
    is_working_day,
    local_review_due,
    next_open_deadline,
    notification_due,
    notified_body,
    rapid_review_due,
    review_deadlines,
    review_decision_choices,
    review_decision_label,
    review_kind_label,
    today_in_england,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    "aware, due, why",
    [
        (D(2026, 3, 9), D(2026, 3, 16), "Monday: the weekend in between is skipped"),
        (D(2026, 3, 7), D(2026, 3, 13), "Saturday: counting starts on Monday"),
        (D(2026, 3, 8), D(2026, 3, 13), "Sunday: counting starts on Monday"),
        (D(2026, 3, 13), D(2026, 3, 20), "Friday to the next Friday"),
        (D(2026, 12, 18), D(2026, 12, 29), "Christmas Day (Friday) and Boxing Day observed on Monday 28th"),
        (D(2026, 12, 24), D(2027, 1, 5), "Christmas Eve: 25, 28 December and New Year's Day are holidays"),
        (D(2026, 4, 2), D(2026, 4, 13), "Easter: Good Friday 3 April and Easter Monday 6 April"),
        (D(2026, 4, 29), D(2026, 5, 7), "Early May bank holiday, Monday 4 May 2026"),
        (D(2026, 5, 21), D(2026, 5, 29), "Spring bank holiday, Monday 25 May 2026"),
        (D(2026, 8, 25), D(2026, 9, 2), "Summer bank holiday, Monday 31 August 2026"),
        (D(2020, 5, 4), D(2020, 5, 12), "2020: the early May holiday moved to Friday 8 May (VE Day)"),
        (D(2022, 9, 15), D(2022, 9, 23), "2022: the State Funeral, Monday 19 September"),
        (D(2023, 5, 3), D(2023, 5, 11), "2023: the Coronation, Monday 8 May, and the early May holiday on 1 May"),
    ],
)
def test_notification_is_due_five_working_days_after_becoming_aware(aware: dt.date, due: dt.date, why: str) -> None:
    assert notification_due(aware) == due, why


@pytest.mark.parametrize(
    "notified, due",
    [
        (D(2026, 3, 2), D(2026, 3, 23)),  # three plain weeks
        (D(2026, 12, 23), D(2027, 1, 18)),  # over Christmas, Boxing Day observed and New Year
        (D(2026, 3, 25), D(2026, 4, 17)),  # over Good Friday and Easter Monday
        (D(2026, 4, 24), D(2026, 5, 18)),  # over the early May bank holiday
        (D(2026, 8, 20), D(2026, 9, 11)),  # over the summer bank holiday
    ],
)
def test_rapid_review_is_due_fifteen_working_days_after_notification(notified: dt.date, due: dt.date) -> None:
    assert rapid_review_due(notified) == due


def test_bank_holidays_of_england_are_not_working_days() -> None:
    assert bank_holiday_name(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert not is_working_day(D(2026, 12, 28))
    assert not is_working_day(D(2026, 4, 3))
    assert not is_working_day(D(2026, 8, 29))  # a Saturday
    assert is_working_day(D(2026, 8, 28))
    # Scotland's and Northern Ireland's own holidays are not England's.
    assert is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 3, 17))
    assert is_working_day(D(2026, 8, 3))


def test_add_working_days_counts_backwards_too() -> None:
    assert add_working_days(D(2026, 12, 29), -5) == D(2026, 12, 18)
    assert add_working_days(D(2026, 12, 29), 0) == D(2026, 12, 29)


def test_working_days_between_matches_the_plan_of_a_rapid_review() -> None:
    notified = D(2026, 12, 23)
    assert working_days_between(notified, rapid_review_due(notified)) == 15
    assert working_days_between(notified, D(2026, 12, 28)) == 1  # only Thursday 24th
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 18)) == -5


@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31)), st.integers(min_value=0, max_value=60))
def test_working_days_between_undoes_add_working_days(start: dt.date, days: int) -> None:
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)


@pytest.mark.parametrize(
    "decision, due",
    [
        (D(2026, 1, 15), D(2026, 7, 15)),
        (D(2026, 8, 31), D(2027, 2, 28)),
        (D(2027, 8, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 31), D(2027, 6, 30)),
        (D(2026, 7, 1), D(2027, 1, 1)),  # calendar months: a bank holiday due date stays as it is
    ],
)
def test_local_review_is_due_six_calendar_months_after_the_decision(decision: dt.date, due: dt.date) -> None:
    assert local_review_due(decision) == due


def test_add_months_crosses_years() -> None:
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 31), 12) == D(2027, 1, 31)


def test_status_is_overdue_only_after_the_due_day() -> None:
    due = D(2026, 12, 29)
    assert deadline_status(due, None, D(2026, 12, 29)) == "due_soon"
    assert deadline_status(due, None, D(2026, 12, 30)) == "overdue"
    assert deadline_status(due, None, D(2026, 12, 19), due_soon_days=10) == "due_soon"
    assert deadline_status(due, None, D(2026, 12, 18), due_soon_days=10) == "on_track"
    assert deadline_status(due, None, D(2026, 12, 18), due_soon_days=20) == "due_soon"
    assert deadline_status(due, D(2026, 12, 29), D(2027, 3, 1)) == "done"
    assert deadline_status(due, D(2026, 12, 30), D(2027, 3, 1)) == "done_late"


def test_review_deadlines_follow_what_has_happened() -> None:
    nothing = review_deadlines(
        aware_on=None, notified_on=None, rapid_review_on=None, decision=None, decision_on=None, published_on=None
    )
    assert nothing == []
    aware = review_deadlines(
        aware_on=D(2026, 12, 18),
        notified_on=None,
        rapid_review_on=None,
        decision=None,
        decision_on=None,
        published_on=None,
    )
    assert [(d.key, d.due_on) for d in aware] == [("notification", D(2026, 12, 29))]
    full = review_deadlines(
        aware_on=D(2026, 12, 18),
        notified_on=D(2026, 12, 23),
        rapid_review_on=D(2027, 1, 15),
        decision="lcspr",
        decision_on=D(2027, 1, 20),
        published_on=None,
    )
    assert [(d.key, d.due_on) for d in full] == [
        ("notification", D(2026, 12, 29)),
        ("rapid_review", D(2027, 1, 18)),
        ("local_review", D(2027, 7, 20)),
    ]
    assert next_open_deadline(full) == full[2]
    no_review = review_deadlines(
        aware_on=D(2026, 12, 18),
        notified_on=D(2026, 12, 23),
        rapid_review_on=None,
        decision="no_further_review",
        decision_on=D(2027, 1, 20),
        published_on=None,
    )
    assert [d.key for d in no_review] == ["notification", "rapid_review"]


def test_a_local_review_decided_before_29_september_2019_is_a_serious_case_review() -> None:
    assert review_kind_label("lcspr", D(2019, 9, 28)) == "Serious case review"
    assert review_kind_label("lcspr", D(2015, 6, 1)) == "Serious case review"
    assert review_kind_label("lcspr", D(2019, 9, 29)) == "Local child safeguarding practice review"
    assert review_kind_label("lcspr", None) == "Local child safeguarding practice review"
    assert review_kind_label("learning_review", D(2016, 1, 1)) == "Learning review"
    assert notified_body(D(2018, 1, 1)) == "Ofsted"
    assert notified_body(D(2020, 1, 1)) == "the national panel"


@pytest.mark.parametrize("day", [D(2019, 9, 27), D(2019, 9, 28), D(2019, 9, 29), D(2015, 6, 1), D(2026, 1, 1), None])
def test_a_decision_is_worded_as_at_its_date_by_the_same_rule_as_the_heading(day: dt.date | None) -> None:
    old = review_kind_label("lcspr", day) == "Serious case review"
    expected = "Hold a serious case review" if old else "Hold a local child safeguarding practice review"
    assert review_decision_label("lcspr", day) == expected
    assert review_decision_label("no_further_review", day) == "No further review"
    assert review_decision_label(None, day) == ""
    assert dict(review_decision_choices(day))["lcspr"].startswith(expected)


def test_today_is_the_date_in_england_not_utc() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert today_in_england(FixedClock(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.timezone.utc))) == D(2026, 7, 1)
    assert today_in_england(FixedClock(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc))) == D(2026, 12, 31)
