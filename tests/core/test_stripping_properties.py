"""Properties of identity stripping that must hold for any text (hypothesis)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.stripping import KIND_LABELS, strip_identifiers

PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KIND_LABELS) + r")\]")

# Pieces of realistic feedback, so the generated texts actually contain identifiers,
# near-identifiers and placeholders rather than only random characters.
FRAGMENTS = [
    "my son Jayden (14) at Riverside PRU",
    "i told sarah from early help",
    "Mrs Okafor",
    "his mum Sarah",
    "nan Pat",
    "Grace's teacher",
    "I hope",
    "Will you",
    "mark my words",
    "07911 123456",
    "0 7 9 1 1",
    "943 476 5919",
    "NHS number 123 456 7891",
    "AB 12 34 56 C",
    "LS9 7TF",
    "jo.smith@gmail.com",
    "sarah dot jones at gmail",
    "www.example.co.uk",
    "snap: kayla_xo",
    "@lil.tee",
    "ref 23/004512",
    "DOB 12/03/2011",
    "born on 3rd March 2012",
    "aged 14",
    "a 14-year-old",
    "she is 6",
    "12 Acacia Avenue",
    "Flat 3, Cedar Court",
    "St Mary's Catholic Primary School",
    "the social worker",
    "Early Help",
    "lives at 5049 Harjukuja 54, SEINÄJOKI",
    "Ubul: ",
    "Hi Victor,",
    "Mark, if you",
    "rated Amber",
    "St James's Hospital",
    "Ms A",
    "aged 4, 7 and 9",
    "Suite 12\n",
    "Stephan M Urner",
    "me and jade",
    "[NAME]",
    "[PHONE]",
    "[",
    "]",
    "[NAME",
    "NAME]",
    "'s",
    ", ",
    ". ",
    "\n",
    " and ",
    " ",
    "-",
    "(",
    ")",
]

texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=12).map("".join),
)

strip_identifiers("warm up the word lists")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_stripping_never_raises_and_offsets_are_valid(text: str) -> None:
    result = strip_identifiers(text)
    previous_end = 0
    for f in result.findings:
        assert previous_end <= f.start < f.end <= len(text)
        assert f.kind in KIND_LABELS
        assert f.reason
        previous_end = f.end


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_stripping_is_idempotent(text: str) -> None:
    once = strip_identifiers(text)
    twice = strip_identifiers(once.text)
    assert twice.text == once.text
    assert not twice.changed


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_placeholders_are_never_nested_or_broken(text: str) -> None:
    result = strip_identifiers(text)
    existing = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    for f in result.findings:
        assert not any(f.start < e and s < f.end for s, e in existing)
    assert len(PLACEHOLDER.findall(result.text)) == len(existing) + len(result.findings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_text_outside_findings_is_unchanged(text: str) -> None:
    result = strip_identifiers(text)
    rebuilt = []
    pos = 0
    for f in result.findings:
        rebuilt.append(text[pos : f.start])
        rebuilt.append(f.placeholder)
        pos = f.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text
    assert result.changed == (result.text != text or bool(result.findings))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["", " ", "[NAME]", "[NAME] [PHONE]", "no identifiers here at all"]))
def test_plain_and_placeholder_only_texts_are_kept(text: str) -> None:
    assert strip_identifiers(text).text == text
