"""Unit tests for the rules added after blind batch C: phone numbers read out in words,
loose dates and ages, addresses without a house number, schools named without "school",
and the places, languages and days those rules must leave alone."""

import pytest

from core.stripping import strip_identifiers
from tests.core.stripping_helpers import found


def removed(text: str) -> list[str]:
    """The original text of each finding, whatever its kind."""
    return [text[f.start : f.end] for f in strip_identifiers(text).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # phone numbers read out in a voicemail
        (
            "ring me back on oh seven seven double oh nine double oh four six one, thanks",
            [("PHONE", "oh seven seven double oh nine double oh four six one")],
        ),
        ("I'm on 07812 six six four 201, ring me", [("PHONE", "07812 six six four 201")]),
        ("call back on 01484 five five five 0 1 2 please", [("PHONE", "01484 five five five 0 1 2")]),
        # seasons, terms and festivals with a year; short dates after a meeting
        ("The family moved in spring 2020.", [("DATE", "spring 2020")]),
        ("He has been out of school since Easter 2023.", [("DATE", "Easter 2023")]),
        ("I first met her in the summer of 2019.", [("DATE", "summer of 2019")]),
        (
            "Strategy meeting 13/3, ICPC 27/3, first core group 10/4.",
            [("DATE", "13/3"), ("DATE", "27/3"), ("DATE", "10/4")],
        ),
        ("the log is 0923 of 14th, cheers", [("REFERENCE", "0923 of 14th")]),
        # ages in loose forms
        ("The youngest was 18mths and had not been seen.", [("AGE", "18mths")]),
        ("The jury heard that Maddox, then two, was left alone.", [("NAME", "Maddox"), ("AGE", "two")]),
        ("Ruby (not her real name) was 15 when she went missing.", [("NAME", "Ruby"), ("AGE", "15")]),
        ("I left care at 18 and got put in a hostel.", [("AGE", "18")]),
        # addresses without a house number
        ("Police were called to Larkspur House shortly after 3am.", [("ADDRESS", "Larkspur House")]),
        ("The house on Beacon View had no smoke alarm.", [("ADDRESS", "Beacon View")]),
        ("They were housed in a bedsit on Northgate.", [("ADDRESS", "Northgate")]),
        ("She went missing from Westgate, Wakefield last night.", [("ADDRESS", "Westgate")]),
        ("He lives at Ty Newydd with his nan.", [("ADDRESS", "Ty Newydd")]),
        ("The flat is on Heol y Parc in the village.", [("ADDRESS", "Heol y Parc")]),
        ("Flat 3B, 118 Cowbridge Road East is damp.", [("ADDRESS", "Flat 3B, 118 Cowbridge Road East")]),
        ("Inspection of Unit 4, Marsh Lane Business Park, Preston.", [("ADDRESS", "Unit 4, Marsh Lane Business Park")]),
        # schools named without "school"
        ("My son is in Year 9 at Castle Hill and struggling.", [("SCHOOL", "Castle Hill")]),
        ("I taught her at St Wilfrid's for two years.", [("SCHOOL", "St Wilfrid's")]),
        # a surname that is also a rare word, before a verb
        ("The court heard Doughty had sent 400 messages.", [("NAME", "Doughty")]),
    ],
)
def test_loose_forms_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # regions, compass places, languages, weekday ranges, days
        "Victims of domestic abuse in rural Cumbria face long journeys.",
        "The Sunderland and South Tyneside partnership shares a business unit.",
        "Waiting times in West Yorkshire and NHS Lothian are long.",
        "Mum speaks Dari and the phone interpreter kept cutting out.",
        "Working days Mon-Wed.",
        "The baby was discharged on New Year's Eve to a home with no cot.",
        # numbers and words the new rules must not take
        "Steps one, then two, then three.",
        "Support is available 24/7 through the contact centre.",
        "The panel found 2/3 of cases had no voice of the child.",
        "Oh no, oh well, one two three four.",
        "He was excluded at 3pm on the Friday.",
        "Pupils in Year 6 at Easter sit a mock paper.",
        "Families on Universal Credit were hit hardest.",
        "The report was published in spring 2023.",
        "We met on Facebook and he lived in Galloway.",
        "Mum is 24 weeks pregnant and booked late.",
    ],
)
def test_loose_form_rules_leave_ordinary_text_alone(text: str) -> None:
    assert removed(text) == []


def test_a_person_called_eve_is_still_a_name() -> None:
    assert found("It was Christmas Eve and Eve said hi.") == [("NAME", "Eve")]


def test_a_first_name_that_is_a_region_word_is_still_a_name() -> None:
    assert ("NAME", "West") in found("Mrs West from the school rang me.")


def test_the_town_after_an_address_stays_when_it_is_also_a_name() -> None:
    assert removed("They stayed at the Old Forge, Back Lane, Thornton, with a friend.") == ["Old Forge", "Back Lane"]
