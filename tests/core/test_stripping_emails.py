"""Email addresses: the usual form, at a known provider without the ending, spelled out or
obfuscated with (at), [at], dot; and links that are no email address."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jo.smith84@gmail.com please", [("EMAIL", "jo.smith84@gmail.com")]),
        ("my email is sarah dot jones at gmail dot com", [("EMAIL", "sarah dot jones at gmail dot com")]),
    ],
)
def test_email_addresses_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


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
