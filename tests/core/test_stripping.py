"""The stripper as a whole: offsets, reasons, placeholders, the keep list, idempotence and the
plain-English summary. Each kind of identifier has its own file (test_stripping_<kind>.py)."""

from core.stripping import KIND_LABELS, Finding, StripResult, describe_findings, strip_identifiers


def test_the_issue_example_loses_name_age_and_school() -> None:
    r = strip_identifiers("my son Jayden (14) at Riverside PRU")
    assert r.text == "my son [NAME] ([AGE]) at [SCHOOL]"


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
