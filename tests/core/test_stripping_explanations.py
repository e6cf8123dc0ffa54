"""What the respondent and staff are told about each finding: the cue that actually fired,
and never the respondent's own words."""

import re

import pytest

from core.stripping import describe_findings, strip_identifiers

_QUOTED_CUE = re.compile(r"after '(.+?)'(?=$|[ ,)])")


def test_an_age_after_im_is_explained_by_im() -> None:
    assert describe_findings(strip_identifiers("I'm 13").findings) == ["An age (after 'I'm')"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm 13 and I hate school",
        "when i was 10 we moved",
        "Shanice is 15 and was reported missing",
        "My Father who is 79 took me",
        "a girl of fifteen was there",
        "we met on the 14/03 at the centre",
        "she stays on Larkhill Rise with her nan",
        "the house on Beacon View was empty",
        "missing from Westgate, Wakefield since Friday",
        "kfc down market st",
        "Police were called to Larkspur House",
        "she attends St Mary's now",
        "his address of her nan is 12 Mill Lane, Leeds",
        "NI number JT 48 26 73 C",
        "chi no 1234567890 on the form",
        "the boys, 7 and 9, were in the car",
        "Lil K and Yung Dee run the line",
    ],
)
def test_every_explanation_names_a_cue_that_is_in_the_text(text: str) -> None:
    findings = strip_identifiers(text).findings
    assert findings
    for f in findings:
        for cue in _QUOTED_CUE.findall(f.reason):
            assert cue.lower() in text.lower(), (f.reason, text)


@pytest.mark.parametrize(
    "text",
    [
        "Shanice is 15 and was reported missing",
        "Zarghuna was 9 when she arrived",
        "his address of her nan Jolene is 12 Mill Lane, Leeds",
    ],
)
def test_no_explanation_repeats_what_was_removed(text: str) -> None:
    findings = strip_identifiers(text).findings
    removed = [text[f.start : f.end].lower() for f in findings]
    for f in findings:
        for word in removed:
            assert word not in f.reason.lower(), (f.reason, word)
    for line in describe_findings(findings):
        for word in removed:
            assert word not in line.lower()
