"""Addresses and postcodes: house numbers and streets, named streets, flats, estates, house
names, Welsh streets, addresses after a cue or laid out in lines; the towns and districts kept."""

import pytest

from tests.core.stripping_helpers import found, removed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we live in LS9 7TF now", [("POSTCODE", "LS9 7TF")]),
        ("postcode wf132lp", [("POSTCODE", "wf132lp")]),
        ("they live at 42 Beech Grove", [("ADDRESS", "42 Beech Grove")]),
        ("moved to Flat 6, Cedar Court", [("ADDRESS", "Flat 6, Cedar Court")]),
        # a real address after the cue is still found
        ("Her address is 12 Mill Lane and she lives alone.", [("ADDRESS", "12 Mill Lane")]),
        ("me n her went to kfc on market st after school", [("ADDRESS", "market st")]),
        ("the school is on church road", [("ADDRESS", "church road")]),
        ("Their new address is 7 Cwrt y Felin now.", [("ADDRESS", "7 Cwrt y Felin")]),
        ("We moved to 19 Queensway last year.", [("ADDRESS", "19 Queensway")]),
        ("The family live in Rose Cottage, a farm cottage.", [("ADDRESS", "Rose Cottage")]),
        ("We live at the Old Forge now.", [("ADDRESS", "Old Forge")]),
        ("our flat is flat 14 in Clement Attlee House", [("ADDRESS", "flat 14 in Clement Attlee House")]),
        ("They live in Parkside Estate.", [("ADDRESS", "Parkside Estate")]),
        ("Our address is No. 4, Orchard Row, please come back", [("ADDRESS", "No. 4, Orchard Row")]),
        ("we are in temp accommodation at Kestrel House", [("ADDRESS", "Kestrel House")]),
        ("Kestrel House on Bath Road is grim", [("ADDRESS", "Kestrel House"), ("ADDRESS", "Bath Road")]),
        # addresses on sites and seafronts
        ("The council site at Plot 7, Longmoor Lane has no showers.", [("ADDRESS", "Plot 7, Longmoor Lane")]),
        ("The hotel on Queens Promenade had 40 children.", [("ADDRESS", "Queens Promenade")]),
        # addresses without a house number
        ("Police were called to Larkspur House shortly after 3am.", [("ADDRESS", "Larkspur House")]),
        ("The house on Beacon View had no smoke alarm.", [("ADDRESS", "Beacon View")]),
        ("They were housed in a bedsit on Northgate.", [("ADDRESS", "Northgate")]),
        ("She went missing from Westgate, Wakefield last night.", [("ADDRESS", "Westgate")]),
        ("He lives at Ty Newydd with his nan.", [("ADDRESS", "Ty Newydd")]),
        ("The flat is on Heol y Parc in the village.", [("ADDRESS", "Heol y Parc")]),
        ("Flat 3B, 118 Cowbridge Road East is damp.", [("ADDRESS", "Flat 3B, 118 Cowbridge Road East")]),
        ("Inspection of Unit 4, Marsh Lane Business Park, Preston.", [("ADDRESS", "Unit 4, Marsh Lane Business Park")]),
    ],
)
def test_addresses_and_postcodes_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_the_town_after_an_address_stays_when_it_is_also_a_name() -> None:
    assert removed("They stayed at the Old Forge, Back Lane, Thornton, with a friend.") == ["Old Forge", "Back Lane"]


def test_district_after_a_street_is_kept() -> None:
    text = "The family moved to Mill Road, Throstleby, last year."
    assert found(text) == [("ADDRESS", "Mill Road")]


@pytest.mark.parametrize(
    "text",
    [
        # a time or a distance before "walk", "way", "drive" is no house number and street
        "We live a 9 minute walk away but we were late every day.",
        "It's a 10 min walk from the school.",
        "It's a 2 mile walk to the nearest bus stop.",
    ],
)
def test_a_distance_is_not_an_address(text: str) -> None:
    assert "ADDRESS" not in [k for k, _ in found(text)]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the flat at 14 Mile End Road was cold", "14 Mile End Road"),
        ("we live a 10 min walk from 4 mill lane", "4 mill lane"),
    ],
)
def test_a_street_named_like_a_distance_is_still_found(text: str, address: str) -> None:
    assert ("ADDRESS", address) in found(text)
