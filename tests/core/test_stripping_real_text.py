"""Unit tests for the rules added after batch R, the first batch of REAL public text (news
court, inquest and missing-child reports, published case reviews, charity case studies,
parents' posts): a dotted date after a police rank, a weekday before "March 19", a surname
that is also a word of service names ("David Hall"), "(23)" after "the man", a word before
", 13," and a verb, a first name marked "*" in a case study, "my father who is 79"; and the
ordinary words each must leave alone (a collar number, "children under 5 years old", a role
after a name, a district after a street, a place after ", of", a hospital named after a
place, a Moses basket, "littl'un", a nationality before a noun: "a German autobahn"); an age
between commas after "the defendant" (from a small check on fresh real text after the fixes);
and other mentions in the same text of a name found by its context ("My daughter Summer is 6.
Summer loves school.")."""

import pytest

from tests.core.stripping_helpers import found, kinds_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dotted date after a rank or role: the date, not a collar number
        ("She rang the Probation Officer 03.11.21 about the baby.", [("DATE", "03.11.21")]),
        ("Seen by PC 14.02.22 and again a week later.", [("DATE", "14.02.22")]),
        # a weekday before the month and day, US-style
        ("He came home early on Monday, May 4, and went to his room.", [("DATE", "Monday, May 4")]),
        ("It was Friday, March 13 when the school rang.", [("DATE", "Friday, March 13")]),
        # a first name then a surname that is also a word of service names (when the first name is
        # also a word, "Peter Hall" still reads as a title-cased phrase and is left: a known limit)
        ("The evidence was summed up by Karen Hall, defending.", [("NAME", "Karen Hall")]),
        ("She was interviewed by Sarah Church, the duty manager.", [("NAME", "Sarah Church")]),
        # an age in brackets after a person noun of news reports
        ("The woman (34), from Hull, was given a suspended sentence.", [("AGE", "34")]),
        ("The defendant (19) denied the charge.", [("AGE", "19")]),
        # a capitalised word, then ", age," and a verb: a name and an age, even when a word
        ("Rain, 14, was last seen near the station.", [("NAME", "Rain"), ("AGE", "14")]),
        ("Storm, 15, from Bolton, has not been seen since Friday.", [("NAME", "Storm"), ("AGE", "15")]),
        ("Tayvon, 16, disappeared from his placement.", [("NAME", "Tayvon"), ("AGE", "16")]),
        # a first name marked with an asterisk (name changed) is a name, even a word-name
        ("Mark* is a young carer for his dad.", [("NAME", "Mark")]),
        ("We met Grace* and her mum at school.", [("NAME", "Grace")]),
        # a kin or person noun, "who is" and a number, whatever verb follows
        ("My mother who is 82 looks after the children.", [("AGE", "82")]),
        ("Her brother, who was 15, found her.", [("AGE", "15")]),
        # an age between commas after a person noun of news reports
        ("The defendant, 33, admitted leaving the children alone.", [("AGE", "33")]),
        ("The woman, 38, was jailed.", [("AGE", "38")]),
        # a nationality word that is also a surname, after a first name, is still a surname
        ("I met Ben German at the school gate.", [("NAME", "Ben German")]),
    ],
)
def test_identifier_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # an age bound of the law or of a group, not anyone's age
        "He was charged with sexual activity with a child under 13-years-old.",
        "Children under 5 years old must be seen by a health visitor.",
        # a place after ", of"
        "A girl, of Crowthwaite, was spoken to by police.",
        # a hospital or building named after a place or person, with another word before its ending
        "He was taken to Alder Hey Children's Hospital by ambulance.",
        # things named after a person, and a dialect word for a child
        "The baby slept in his Moses basket in the lounge.",
        "Littl'un was poorly all week.",
        "My brother who is 6 foot tall scared them off.",
        # a nationality before a noun
        "He died in an accident on a German autobahn.",
        "His French teacher rang me about it.",
        "the man, 3 times, asked for his phone back",
        "My dad who is 5 minutes away came round.",
        # months and places before ", number," stay
        "In March, 12, were excluded.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_collar_number_is_still_a_reference() -> None:
    assert found("PC 4512 attended the address.") == [("REFERENCE", "4512")]


def test_role_after_a_name_is_not_a_second_name() -> None:
    assert found("Thanks to Ruth Evans, Headteacher, for her support.") == [("NAME", "Ruth Evans")]


def test_district_after_a_street_is_kept() -> None:
    text = "The family moved to Mill Road, Throstleby, last year."
    assert found(text) == [("ADDRESS", "Mill Road")]


def test_age_bound_rule_keeps_a_childs_age() -> None:
    text = "The court heard her daughter was under two years old at the time."
    assert kinds_of(text, "two years old") == ["AGE"]


def test_place_of_a_named_person_is_kept_but_name_and_age_go() -> None:
    text = "Ruth Wilson, of Crowthwaite, was 16 when she went missing."
    assert ("NAME", "Ruth Wilson") in found(text)
    assert ("AGE", "16") in found(text)
    assert kinds_of(text, "Crowthwaite") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name found by its context is a name at its other mentions in the same text
        (
            "Earth, 13, was last seen on Sunday. Anyone who has seen Earth should call 101.",
            [("NAME", "Earth"), ("AGE", "13"), ("NAME", "Earth")],
        ),
        ("My daughter Summer is 6. Summer loves school.", [("NAME", "Summer"), ("AGE", "6"), ("NAME", "Summer")]),
        ("Tayvon kept running off. Police found Tayvon in Leeds.", [("NAME", "Tayvon"), ("NAME", "Tayvon")]),
    ],
)
def test_other_mentions_of_a_name_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a modal word found as a name once stays a word elsewhere
        ("Will said he would come. Will you ring me?", [("NAME", "Will")]),
        # a word-name found from the lists alone is not carried over; lowercase mentions stay
        ("I hope Hope is ok. Hope House was closed.", [("NAME", "Hope")]),
        ("My son Summer is 6. We love the summer.", [("NAME", "Summer"), ("AGE", "6")]),
    ],
)
def test_other_mentions_that_are_words_are_left(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
