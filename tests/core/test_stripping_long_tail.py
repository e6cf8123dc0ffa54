"""Unit tests for the long-tail rules added after blind batch D (street nicknames, game user
names, families by surname, loose ages, dates and site addresses) and the ordinary words
they must leave alone (brands, titles as roles, word-names used as words)."""

import pytest

from core.stripping import strip_identifiers
from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # street names and nicknames
        ("Lil K and his mate were arrested.", [("NAME", "Lil K")]),
        ("They were working for Yung Dee out of a flat.", [("NAME", "Yung Dee")]),
        ('The older lad, known as "Ghost", was recruiting.', [("NAME", "Ghost")]),
        ("He calls himself Blade online.", [("NAME", "Blade")]),
        # user names in games, near a game word
        ("He was playing Fortnite as DarkLord99 with strangers.", [("HANDLE", "DarkLord99")]),
        ("A player called xXShadowXx asked him to go on Discord.", [("HANDLE", "xXShadowXx")]),
        ("On Minecraft she was rainbowkitty2014 and someone sent her gifts.", [("HANDLE", "rainbowkitty2014")]),
        ("Her Xbox gamertag was LilMissChaos.", [("HANDLE", "LilMissChaos")]),
        # a family by its surname, a name before a role
        ("Services never reached the McDonaghs on the site.", [("NAME", "McDonaghs")]),
        ("Dawn, the family support worker, never gave up on us.", [("NAME", "Dawn")]),
        ("Bill the lodger was never checked.", [("NAME", "Bill")]),
        ("Joy at the children's centre is amazing.", [("NAME", "Joy")]),
        ("Faith is a young carer for her mum.", [("NAME", "Faith")]),
        ("Dad, Patrick Ward, was suspicious of us.", [("NAME", "Patrick Ward")]),
        # a name in no list, before a verb
        ("Zarghuna speaks Pashto and needed an interpreter.", [("NAME", "Zarghuna")]),
        # ages
        ("She was staying with a man of 24 in a flat.", [("AGE", "24")]),
        ("He is a seven-year-old boy with severe eczema.", [("AGE", "seven-year-old")]),
        ("A six-week-old baby was brought in.", [("AGE", "six-week-old")]),
        # dates
        ("The review was held Tues 4/11.", [("DATE", "Tues 4/11")]),
        ("He went missing over the Easter hols 2023.", [("DATE", "Easter hols 2023")]),
        # addresses on sites and seafronts, and references
        ("The council site at Plot 7, Longmoor Lane has no showers.", [("ADDRESS", "Plot 7, Longmoor Lane")]),
        ("The hotel on Queens Promenade had 40 children.", [("ADDRESS", "Queens Promenade")]),
        ("The case is EH-2023-00781 on our system.", [("REFERENCE", "EH-2023-00781")]),
    ],
)
def test_long_tail_identifiers_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # brands, games and their currencies
        "Sky was on all day in the house and nobody was watching the kids.",
        "On Roblox she kept asking for Robux.",
        "He plays on his PlayStation and iPhone most nights online.",
        "We now get the safeguarding flags on SystmOne, but records do not always follow.",
        "Locala provides the school nursing service.",
        # word-names used as words
        "Joy is not a word I would use about that year.",
        "Hunter wellies were left by the door and nothing else.",
        "Skye is a lovely island but the services are very thin up there.",
        "Will the social worker call back?",
        # titles used as roles, and faith classes
        "The Imam said he would speak to the family.",
        "Our Pastor told us to pray about it.",
        "Sunday school at St Luke's stopped after the vicar left.",
        "She goes to the Saturday school every week.",
        # counts that look like ages, a group that is not a person
        "He is a man of his word.",
        "A group of 14 young people came to the session.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_handle_after_a_cue_keeps_the_full_stop() -> None:
    assert strip_identifiers("His gamertag is LilMissChaos.").text == "His gamertag is [HANDLE]."
