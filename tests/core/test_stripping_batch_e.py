"""Unit tests for the rules added after blind batch E (practice review, court report and
inspection phrasing, forum posts): ranges of days before a month, dates listed after a
short date, a festival day with a year, forum user names, a police visit time after "the
address", organisation names ending "Ltd" or "Medical Centre", and a service's locality."""

import pytest

from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I enclose the emails dated 2 and 5 October.", [("DATE", "2 and 5 October")]),
        ("She stayed with her nan from 6 to 17 March.", [("DATE", "6 to 17 March")]),
        ("We were away from 3rd-7th June 2022 with her.", [("DATE", "3rd-7th June 2022")]),
        ("The strategy meeting was on 12 May.", [("DATE", "12 May")]),
        ("After the inspection on 12 May she was moved.", [("DATE", "12 May")]),
        # a real address after the cue is still found
        ("Her address is 12 Mill Lane and she lives alone.", [("ADDRESS", "12 Mill Lane")]),
        ("The meeting on 3/4 and 10/4 was cancelled.", [("DATE", "3/4"), ("DATE", "10/4")]),
        ("Jaxon died on Boxing Day 2021.", [("NAME", "Jaxon"), ("DATE", "Boxing Day 2021")]),
        ("Posted by FlowersInTheAttic on Mumsnet", [("HANDLE", "FlowersInTheAttic")]),
        ("Thanks u/throwaway_9981 in r/LegalAdviceUK for the advice.", [("HANDLE", "throwaway_9981")]),
        ("Name changed for this. DD14 has been self harming.", [("AGE", "14")]),
        ("Our son Theo (now 19) still has nightmares.", [("NAME", "Theo"), ("AGE", "19")]),
        # a person named before an area noun with no determiner is still a name
        ("The worker Ashfield said the area was fine.", [("NAME", "Ashfield")]),
    ],
)
def test_identifier_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Attended the address at 23:40 following a call from a neighbour reporting shouting.",
        "Officers attended the address at 2am and spoke to both adults.",
        "The GP practice, Moorside Medical Centre, had no record of the flag.",
        "The provider, Brightpath Care Ltd, operates four children's homes.",
        "I work in the Ashfield locality and we have no early help coordinator.",
        "on Christmas Eve we went to my nan's.",
        "It was posted by a mum who knows the school.",
        "I asked on Reddit and Netmums and nobody replied.",
        "He scored 3/10 and 4/10 on the tests.",
        "Inspection dates: 6 to 17 March 2023",
        "DS1 and DS2 are both at school this week.",
        "I sent off form DS11 for his passport.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert found(text) == []
