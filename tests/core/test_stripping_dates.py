"""Dates and dates of birth: numeric and written dates, short dates after a cue or a meeting,
seasons and festivals with a year, and the dates of laws and inspections left alone."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the meeting is on 25.10.2023", [("DATE", "25.10.2023")]),
        ("we met on the 9th of August", [("DATE", "the 9th of August")]),
        ("DOB: 03/04/2011", [("DOB", "03/04/2011")]),
        ("she was born 14th Feb 2013", [("DOB", "14th Feb 2013")]),
        ("I enclose the emails dated 2 and 5 October.", [("DATE", "2 and 5 October")]),
        ("She stayed with her nan from 6 to 17 March.", [("DATE", "6 to 17 March")]),
        ("We were away from 3rd-7th June 2022 with her.", [("DATE", "3rd-7th June 2022")]),
        ("The strategy meeting was on 12 May.", [("DATE", "12 May")]),
        ("After the inspection on 12 May she was moved.", [("DATE", "12 May")]),
        ("The meeting on 3/4 and 10/4 was cancelled.", [("DATE", "3/4"), ("DATE", "10/4")]),
        ("Jaxon died on Boxing Day 2021.", [("NAME", "Jaxon"), ("DATE", "Boxing Day 2021")]),
        ("On the 14/03 the school rang.", [("DATE", "14/03")]),
        ("she said she'd ring back on the 9th and she didnt", [("DATE", "the 9th")]),
        ("The meeting was held on Weds 6th without health.", [("DATE", "Weds 6th")]),
        ("The review was held Tues 4/11.", [("DATE", "Tues 4/11")]),
        ("He went missing over the Easter hols 2023.", [("DATE", "Easter hols 2023")]),
        # seasons, terms and festivals with a year; short dates after a meeting
        ("The family moved in spring 2020.", [("DATE", "spring 2020")]),
        ("He has been out of school since Easter 2023.", [("DATE", "Easter 2023")]),
        ("I first met her in the summer of 2019.", [("DATE", "summer of 2019")]),
        (
            "Strategy meeting 13/3, ICPC 27/3, first core group 10/4.",
            [("DATE", "13/3"), ("DATE", "27/3"), ("DATE", "10/4")],
        ),
        # a dotted date after a rank or role: the date, not a collar number
        ("She rang the Probation Officer 03.11.21 about the baby.", [("DATE", "03.11.21")]),
        ("Seen by PC 14.02.22 and again a week later.", [("DATE", "14.02.22")]),
        # a weekday before the month and day, US-style
        ("He came home early on Monday, May 4, and went to his room.", [("DATE", "Monday, May 4")]),
        ("It was Friday, March 13 when the school rang.", [("DATE", "Friday, March 13")]),
    ],
)
def test_dates_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_date_in_the_same_sentence_as_a_law_is_still_removed_in_another_clause() -> None:
    text = "Ofsted inspected in May 2023 and the baby was born in June 2023."
    assert found(text) == [("DATE", "June 2023")]
