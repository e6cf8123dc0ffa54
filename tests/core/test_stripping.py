"""Unit tests for identity stripping of free text."""

from core.stripping import KIND_LABELS, Finding, describe_findings, strip_identifiers


def kinds(text: str) -> list[str]:
    return [f.kind for f in strip_identifiers(text).findings]


def test_email_url_phone_postcode_are_replaced_with_typed_placeholders() -> None:
    r = strip_identifiers("Email jo.smith@gmail.com or ring 07911 123456, CV1 2AB, www.example.co.uk")
    assert r.text == "Email [EMAIL] or ring [PHONE], [POSTCODE], [URL]"
    assert r.changed


def test_nhs_number_needs_valid_checksum() -> None:
    assert kinds("NHS no 943 476 5919") == ["NHS_NUMBER"]


def test_ni_number() -> None:
    assert kinds("NI number AB 12 34 56 C") == ["NI_NUMBER"]


def test_names_after_title_and_relationship_word() -> None:
    r = strip_identifiers("Mrs Smith said his mum Sarah was fine")
    assert r.text == "Mrs [NAME] said his mum [NAME] was fine"


def test_offsets_point_into_original_text() -> None:
    text = "call Mr Patel on 07911 123456"
    for f in strip_identifiers(text).findings:
        assert isinstance(f, Finding)
        assert text[f.start : f.end] in ("Patel", "07911 123456")
        assert f.reason


def test_existing_placeholders_are_left_alone() -> None:
    r = strip_identifiers("I told [NAME] about it")
    assert r.text == "I told [NAME] about it"
    assert not r.changed


def test_describe_findings_is_plain_english() -> None:
    lines = describe_findings(strip_identifiers("his mum Sarah and his dad Tom").findings)
    assert lines and lines[0].startswith("2 names")
    assert set(KIND_LABELS) >= {"NAME", "PHONE", "EMAIL"}
