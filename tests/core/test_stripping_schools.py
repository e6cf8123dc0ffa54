"""Schools, nurseries and colleges: named, in lowercase, church schools said without
"school", a school after a school year, two schools joined by "and"."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she goes to St Mary's Catholic Primary School", [("SCHOOL", "St Mary's Catholic Primary School")]),
        ("he was sent to Kingsmead Pupil Referral Unit", [("SCHOOL", "Kingsmead Pupil Referral Unit")]),
        ("dd goes to castle view academy and they are brilliant", [("SCHOOL", "castle view academy")]),
        ("i go holy trinity and the teachers are ok", [("SCHOOL", "holy trinity")]),
        ("She attends St Mary's and is doing well.", [("SCHOOL", "St Mary's")]),
        ("I work at Rainbow Corner Pre-School.", [("SCHOOL", "Rainbow Corner Pre-School")]),
        ("I'm based at Westgate Children's Centre.", [("SCHOOL", "Westgate Children's Centre")]),
        ("i got kicked out of st wilfrids in year 8", [("SCHOOL", "st wilfrids")]),
        # schools named without "school"
        ("My son is in Year 9 at Castle Hill and struggling.", [("SCHOOL", "Castle Hill")]),
        ("I taught her at St Wilfrid's for two years.", [("SCHOOL", "St Wilfrid's")]),
        (
            "Beeston Primary School and Cockburn Academy",
            [("SCHOOL", "Beeston Primary School"), ("SCHOOL", "Cockburn Academy")],
        ),
        (
            "he moved from Beeston Primary School & Cockburn Academy to home education",
            [("SCHOOL", "Beeston Primary School"), ("SCHOOL", "Cockburn Academy")],
        ),
        # one school whose name has "and" in it stays one finding
        ("Oakwood Primary School and Nursery is great", [("SCHOOL", "Oakwood Primary School and Nursery")]),
        ("St Mary and St John Primary School", [("SCHOOL", "St Mary and St John Primary School")]),
    ],
)
def test_schools_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They called Social Care and the School Nurse",
        "Mum and the School Nurse came to the meeting",
        "Children and Family Services and the School were all there",
    ],
)
def test_something_and_the_school_names_no_school(text: str) -> None:
    assert found(text) == []


def test_a_school_named_with_and_the_is_still_a_school() -> None:
    assert found("he goes to St Peter and the Apostles School") == [("SCHOOL", "St Peter and the Apostles School")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role held in a school is not the school's name; the school after it is (batch L)
        ("his Head of College still won't accept the letters", []),
        ("the Head of Sixth Form was great", []),
        ("the Deputy Head of Kingsmead College rang me", [("SCHOOL", "Kingsmead College")]),
    ],
)
def test_a_role_in_a_school_is_not_a_school(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role written short before "of" (batch L2): "the HT of the PRU" names no school
        ("We asked the HT of the PRU which schools might suit him.", []),
        ("the SENCo of Oakfield Primary never replied", [("SCHOOL", "Oakfield Primary")]),
    ],
)
def test_a_role_written_short_is_not_a_school(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
