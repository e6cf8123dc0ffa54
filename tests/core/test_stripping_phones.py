"""Phone numbers: as digits (phonenumbers and digit runs), read out or typed in words, and
counting in words that is no phone number."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring 07911 123456 after six", [("PHONE", "07911 123456")]),
        ("call me 0 7 9 1 1 1 2 3 4 5 6", [("PHONE", "0 7 9 1 1 1 2 3 4 5 6")]),
        ("landline (0161) 496 0418", [("PHONE", "(0161) 496 0418")]),
        ("Tel. (01632) 960 001", [("PHONE", "(01632) 960 001")]),
        # phone numbers read out in a voicemail
        (
            "ring me back on oh seven seven double oh nine double oh four six one, thanks",
            [("PHONE", "oh seven seven double oh nine double oh four six one")],
        ),
        ("I'm on 07812 six six four 201, ring me", [("PHONE", "07812 six six four 201")]),
        ("call back on 01484 five five five 0 1 2 please", [("PHONE", "01484 five five five 0 1 2")]),
    ],
)
def test_phone_numbers_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


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
