"""Unit tests for identity stripping of anonymous free text."""

import pytest

from core.stripping import KIND_LABELS, Finding, StripResult, describe_findings, strip_identifiers
from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jo.smith84@gmail.com please", [("EMAIL", "jo.smith84@gmail.com")]),
        ("my email is sarah dot jones at gmail dot com", [("EMAIL", "sarah dot jones at gmail dot com")]),
        ("see https://www.facebook.com/kelly.a.3 for the posts", [("URL", "https://www.facebook.com/kelly.a.3")]),
        ("ring 07911 123456 after six", [("PHONE", "07911 123456")]),
        ("call me 0 7 9 1 1 1 2 3 4 5 6", [("PHONE", "0 7 9 1 1 1 2 3 4 5 6")]),
        ("landline (0161) 496 0418", [("PHONE", "(0161) 496 0418")]),
        ("we live in LS9 7TF now", [("POSTCODE", "LS9 7TF")]),
        ("postcode wf132lp", [("POSTCODE", "wf132lp")]),
        ("NHS number 943 476 5919", [("NHS_NUMBER", "943 476 5919")]),
        ("NI number JT 48 26 73 C", [("NI_NUMBER", "JT 48 26 73 C")]),
        ("the meeting is on 25.10.2023", [("DATE", "25.10.2023")]),
        ("we met on the 9th of August", [("DATE", "the 9th of August")]),
        ("DOB: 03/04/2011", [("DOB", "03/04/2011")]),
        ("she was born 14th Feb 2013", [("DOB", "14th Feb 2013")]),
        ("they live at 42 Beech Grove", [("ADDRESS", "42 Beech Grove")]),
        ("moved to Flat 6, Cedar Court", [("ADDRESS", "Flat 6, Cedar Court")]),
        ("a 14-year-old boy", [("AGE", "14-year-old")]),
        ("he was aged eight", [("AGE", "eight")]),
        ("she was aged 14 at the time", [("AGE", "14")]),
        ("snap: jxyden.b", [("HANDLE", "jxyden.b")]),
        ("his insta is kaylaxo", [("HANDLE", "kaylaxo")]),
        ("the account @westside_youngens posts fights", [("HANDLE", "@westside_youngens")]),
        ("MASH ref 123456 was closed", [("REFERENCE", "123456")]),
        ("Case ref: 23/004512", [("REFERENCE", "23/004512")]),
        ("she goes to St Mary's Catholic Primary School", [("SCHOOL", "St Mary's Catholic Primary School")]),
        ("he was sent to Kingsmead Pupil Referral Unit", [("SCHOOL", "Kingsmead Pupil Referral Unit")]),
    ],
)
def test_each_kind_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_forum_shorthand_ages_are_found() -> None:
    assert strip_identifiers("DD1 (12) and DS2 is 11").text == "DD1 ([AGE]) and DS2 is [AGE]"


def test_the_issue_example_loses_name_age_and_school() -> None:
    r = strip_identifiers("my son Jayden (14) at Riverside PRU")
    assert r.text == "my son [NAME] ([AGE]) at [SCHOOL]"


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("Mrs Smith said his mum Sarah was fine", "Mrs [NAME] said his mum [NAME] was fine"),
        ("i told sarah from early help", "i told [NAME] from early help"),
        ("Grace's teacher rang me", "[NAME]'s teacher rang me"),
        ("my nan Pat and her boyfriend Big Dave", "my nan [NAME] and her boyfriend [NAME]"),
        ("Oluwaseun Adeyemi said no", "[NAME] said no"),
        ("Kacper's dad picked him up", "[NAME]'s dad picked him up"),
        ("I spoke to Ionut and his mum", "I spoke to [NAME] and his mum"),
        ("my daughter Hope is 6", "my daughter [NAME] is [AGE]"),
        ("Beverley said we live in Beverley", "[NAME] said we live in Beverley"),
        ("Sarah Preston rang", "[NAME] rang"),
        ("me and tj went to town", "me and [NAME] went to town"),
        ("Lord Laming's report", "Lord [NAME]'s report"),
        ("Kendal is in year 10 at Castle View Academy", "[NAME] is in year 10 at [SCHOOL]"),
        ("Devon has been excluded twice", "[NAME] has been excluded twice"),
        ("the police officer PC 1234 Smith attended", "the police officer PC [REFERENCE] [NAME] attended"),
    ],
)
def test_person_names_in_many_forms(text: str, stripped: str) -> None:
    assert strip_identifiers(text).text == stripped


@pytest.mark.parametrize(
    "text",
    [
        "I hope the review is published soon.",
        "Mark my words, it will happen again.",
        "Will you read this?",
        "By the grace of God nobody was hurt.",
        "the social worker came to the school",
        "Early Help were brilliant and the family hub felt welcoming.",
        "The Youth Justice Service works well with schools.",
        "We moved to Bradford last year.",
        "It was a joy to work with such a committed team.",
        "Jack of all trades and master of none.",
        "The waiting list is 18 months long.",
        "The case was rated Amber at the last review.",
        "Frank conversations with parents are part of the job.",
        "Faith leaders should be involved.",
        "Practitioners did not use Clare's Law to check the partner's history.",
        "He was taken to A&E at St James's University Hospital.",
        "The mother, Ms A, told the health visitor.",
        "Enquiries under section 47 (1) were started.",
        "We met in Room 12 (2) on the second floor.",
        "Working Together 2013/2015 was replaced in 2018.",
        "The review was sent to the national panel on day 16.",
        "London's schools have more support than ours.",
        "We moved from Huddersfield to Halifax and then to Milton Keynes.",
        "we went to Nando's after court",
        "The officer laughed at me and walked off.",
        "The nurse at Huddersfield Royal was amazing.",
        "The case went to the High Court in London.",
        "Everyone was excluded from the meeting.",
        "We met at 10 at Castle View.",
        "She goes 3 times a week to the green.",
    ],
)
def test_words_that_are_also_names_are_kept_as_words(text: str) -> None:
    assert strip_identifiers(text).text == text


def test_partnership_keep_list_is_never_stripped() -> None:
    text = "We referred her to Kinara and the Rosie Lewis project"
    assert strip_identifiers(text).text != text
    kept = strip_identifiers(text, keep=["kinara", "Rosie Lewis project"])
    assert kept.text == text


def test_a_single_keep_phrase_is_not_taken_letter_by_letter() -> None:
    assert strip_identifiers("Kinara helped Sarah", keep="Kinara").text == "Kinara helped [NAME]"


def test_offsets_point_into_the_original_text() -> None:
    text = "call Mr Patel on 07911 123456 or email p.patel@nhs.net"
    r = strip_identifiers(text)
    assert [text[f.start : f.end] for f in r.findings] == ["Patel", "07911 123456", "p.patel@nhs.net"]
    assert all(isinstance(f, Finding) for f in r.findings)
    assert r.findings == tuple(sorted(r.findings, key=lambda f: f.start))


def test_every_finding_says_which_rule_or_list_fired() -> None:
    r = strip_identifiers("Mrs Okafor rang 07911 123456 (NHS 943 476 5919)")
    reasons = {f.kind: f.reason for f in r.findings}
    assert "title" in reasons["NAME"]
    assert "phonenumbers" in reasons["PHONE"]
    assert "modulus 11" in reasons["NHS_NUMBER"]


def test_a_digit_run_near_a_cue_is_removed_even_if_its_checksum_fails() -> None:
    r = strip_identifiers("NHS number 123 456 7891")
    assert r.text == "NHS number [NHS_NUMBER]"
    assert "checksum failed" in r.findings[0].reason


def test_existing_placeholders_are_left_alone() -> None:
    r = strip_identifiers("I told [NAME] about [PHONE]")
    assert r.text == "I told [NAME] about [PHONE]"
    assert not r.changed


def test_stripped_text_strips_to_itself() -> None:
    once = strip_identifiers("Will Smith, 19, of 12 Mill Lane, rang 07911 123456")
    assert strip_identifiers(once.text).text == once.text


def test_finding_placeholder_and_result_shape() -> None:
    f = Finding(0, 5, "NAME", "test")
    assert f.placeholder == "[NAME]"
    r = strip_identifiers("nothing here")
    assert isinstance(r, StripResult)
    assert r.findings == () and not r.changed


def test_describe_findings_is_short_plain_english() -> None:
    lines = describe_findings(strip_identifiers("his mum Sarah and his dad Tom rang 07911 123456").findings)
    assert lines[0].startswith("2 names (")
    assert "'mum'" in lines[0]
    assert lines[1].startswith("A phone number")
    assert set(KIND_LABELS) == {
        "NAME",
        "EMAIL",
        "URL",
        "PHONE",
        "POSTCODE",
        "NHS_NUMBER",
        "NI_NUMBER",
        "DATE",
        "DOB",
        "ADDRESS",
        "AGE",
        "SCHOOL",
        "HANDLE",
        "REFERENCE",
    }
