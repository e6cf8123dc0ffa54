"""Identifiers written to get past a filter or typed loosely: lower-case names after an
introduction, phone numbers in words, obfuscated email addresses, schools listed together."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is john smith", [("NAME", "john smith")]),
        ("hi my name is mark and im 14", [("NAME", "mark"), ("AGE", "14")]),
        ("my name's grace brown thank you", [("NAME", "grace brown")]),
        ("name: sarah jones", [("NAME", "sarah jones")]),
        ("i'm called amy", [("NAME", "amy")]),
    ],
)
def test_a_lowercase_name_after_an_introduction_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my name is not important",
        "my name is on the list",
        "my name is down for the course",
        "they called early help",
    ],
)
def test_words_after_an_introduction_that_give_no_name_stay(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "ring me on oh seven seven double oh one two three four five six",
            "oh seven seven double oh one two three four five six",
        ),
        (
            "text me oh seven seven, double oh nine, one two three four five six",
            "oh seven seven, double oh nine, one two three four five six",
        ),
        ("call me on O7700 9OO123", "O7700 9OO123"),
        (
            "my mobile is seven seven double oh nine hundred one two three",
            "seven seven double oh nine hundred one two three",
        ),
        ("call 07seven00 900 123 after six", "07seven00 900 123"),
        (
            "oh-seven-seven-double-oh-nine-oh-oh-one-two-three is my number",
            "oh-seven-seven-double-oh-nine-oh-oh-one-two-three",
        ),
        (
            "plus four four seven seven double oh nine oh oh one two three",
            "plus four four seven seven double oh nine oh oh one two three",
        ),
        ("number is 0seven7 00 900 one2three", "0seven7 00 900 one2three"),
    ],
)
def test_a_phone_number_written_in_words_is_found(text: str, number: str) -> None:
    assert found(text) == [("PHONE", number)]


@pytest.mark.parametrize(
    "text",
    [
        "one two three four five six seven eight nine ten, ready or not",
        "I was born in nineteen ninety nine and left home at sixteen",
        "she scored seven out of ten, then nine out of ten",
    ],
)
def test_counting_and_years_in_words_are_no_phone_number(text: str) -> None:
    assert [kind for kind, _ in found(text) if kind == "PHONE"] == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("email j.smith(at)example.org please", "j.smith(at)example.org"),
        ("j.smith[at]example.org", "j.smith[at]example.org"),
        ("j.smith {at} example {dot} org", "j.smith {at} example {dot} org"),
        ("kay [at] hotmail [dot] co [dot] uk", "kay [at] hotmail [dot] co [dot] uk"),
        ("jsmith -at- example -dot- org", "jsmith -at- example -dot- org"),
        ("jsmith @ example . org", "jsmith @ example . org"),
        ("jsmith at example dot co dot uk", "jsmith at example dot co dot uk"),
        ("write to j.smith at example.org", "j.smith at example.org"),
    ],
)
def test_an_obfuscated_email_address_is_found_whole(text: str, address: str) -> None:
    assert found(text) == [("EMAIL", address)]


@pytest.mark.parametrize(
    "text",
    ["look at bbc.co.uk for the advice", "left it with her at home. Co-op was shut"],
)
def test_at_before_a_link_or_a_new_sentence_is_no_email_address(text: str) -> None:
    assert [kind for kind, _ in found(text) if kind == "EMAIL"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
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
def test_two_schools_joined_by_and_are_two_findings(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
