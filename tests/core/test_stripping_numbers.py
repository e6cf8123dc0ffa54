"""NHS, National Insurance and reference numbers: checksums, cues, case and crime numbers,
police log and collar numbers."""

import pytest

from core.stripping import strip_identifiers
from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS number 943 476 5919", [("NHS_NUMBER", "943 476 5919")]),
        ("NI number JT 48 26 73 C", [("NI_NUMBER", "JT 48 26 73 C")]),
        ("MASH ref 123456 was closed", [("REFERENCE", "123456")]),
        ("Case ref: 23/004512", [("REFERENCE", "23/004512")]),
        ("the incident number was 4471 of 12/06", [("REFERENCE", "4471 of 12/06")]),
        ("Mum's NI number (QQ 12 34 56 B) was shared.", [("NI_NUMBER", "QQ 12 34 56 B")]),
        ("The school's URN (107512) was wrong.", [("REFERENCE", "107512")]),
        ("The case is EH-2023-00781 on our system.", [("REFERENCE", "EH-2023-00781")]),
        ("the log is 0923 of 14th, cheers", [("REFERENCE", "0923 of 14th")]),
    ],
)
def test_nhs_ni_and_reference_numbers_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_digit_run_near_a_cue_is_removed_even_if_its_checksum_fails() -> None:
    r = strip_identifiers("NHS number 123 456 7891")
    assert r.text == "NHS number [NHS_NUMBER]"
    assert "checksum failed" in r.findings[0].reason


def test_an_odd_ni_prefix_needs_a_cue() -> None:
    assert found("DF 12 34 56 A is odd") == []
    assert found("her ni is DF 12 34 56 A") == [("NI_NUMBER", "DF 12 34 56 A")]


def test_collar_number_is_still_a_reference() -> None:
    assert found("PC 4512 attended the address.") == [("REFERENCE", "4512")]
