"""Unit tests for the general rules added after blind batches (names, places, numbers and
the ordinary words they must leave alone)."""

import pytest

from core.stripping import strip_identifiers
from tests.core.stripping_helpers import found


def removed(text: str) -> list[str]:
    """The original text of each finding, whatever its kind."""
    return [text[f.start : f.end] for f in strip_identifiers(text).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hyphenated first names whose parts are also words
        ("The school recorded that Lily-Rose had a bruise.", [("NAME", "Lily-Rose")]),
        ("Lily-Rose was seen at home.", [("NAME", "Lily-Rose")]),
        # a nickname in brackets or quotes after a name
        (
            'Bartholomew ("Barty") was nine when it started.',
            [("NAME", "Bartholomew"), ("NAME", "Barty"), ("AGE", "nine")],
        ),
        # ages after a pseudonym, and before a pronoun
        ("Baby E's father, Mr F, was 19 and a care leaver.", [("AGE", "19")]),
        ("when i was like 10 we lived in a hostel", [("AGE", "10")]),
        # word-names at the start of a sentence, told apart by what follows
        ("Autumn and her brother missed six weeks of school.", [("NAME", "Autumn")]),
        ("Rich from the youth club was amazing with him.", [("NAME", "Rich")]),
        # schools
        ("dd goes to castle view academy and they are brilliant", [("SCHOOL", "castle view academy")]),
        ("i go holy trinity and the teachers are ok", [("SCHOOL", "holy trinity")]),
        ("She attends St Mary's and is doing well.", [("SCHOOL", "St Mary's")]),
        ("I work at Rainbow Corner Pre-School.", [("SCHOOL", "Rainbow Corner Pre-School")]),
        ("I'm based at Westgate Children's Centre.", [("SCHOOL", "Westgate Children's Centre")]),
        # addresses
        ("me n her went to kfc on market st after school", [("ADDRESS", "market st")]),
        ("the school is on church road", [("ADDRESS", "church road")]),
        ("Their new address is 7 Cwrt y Felin now.", [("ADDRESS", "7 Cwrt y Felin")]),
        ("We moved to 19 Queensway last year.", [("ADDRESS", "19 Queensway")]),
        ("The family live in Rose Cottage, a farm cottage.", [("ADDRESS", "Rose Cottage")]),
        ("We live at the Old Forge now.", [("ADDRESS", "Old Forge")]),
        ("our flat is flat 14 in Clement Attlee House", [("ADDRESS", "flat 14 in Clement Attlee House")]),
        ("They live in Parkside Estate.", [("ADDRESS", "Parkside Estate")]),
        # numbers and dates
        ("the incident number was 4471 of 12/06", [("REFERENCE", "4471 of 12/06")]),
        ("Mum's NI number (QQ 12 34 56 B) was shared.", [("NI_NUMBER", "QQ 12 34 56 B")]),
        ("On the 14/03 the school rang.", [("DATE", "14/03")]),
        ("she said she'd ring back on the 9th and she didnt", [("DATE", "the 9th")]),
        # batch B
        ("The meeting was held on Weds 6th without health.", [("DATE", "Weds 6th")]),
        ("The school's URN (107512) was wrong.", [("REFERENCE", "107512")]),
        ("Our address is No. 4, Orchard Row, please come back", [("ADDRESS", "No. 4, Orchard Row")]),
        ("i got kicked out of st wilfrids in year 8", [("SCHOOL", "st wilfrids")]),
        ("we are in temp accommodation at Kestrel House", [("ADDRESS", "Kestrel House")]),
        ("Kestrel House on Bath Road is grim", [("ADDRESS", "Kestrel House"), ("ADDRESS", "Bath Road")]),
        ("Mum said the boys, 7 and 9, were sharing a bed.", [("AGE", "7"), ("AGE", "9")]),
        ("Małgorzata my social worker speaks polish", [("NAME", "Małgorzata")]),
        ("just got off the phone with sue from the school", [("NAME", "sue")]),
        ("Ivy is 3 and not yet talking.", [("NAME", "Ivy"), ("AGE", "3")]),
        ("Joy from the contact centre supervised the visit.", [("NAME", "Joy")]),
        ("Ruby kicked off at school.", [("NAME", "Ruby")]),
        ("Holly and her mum came to the meeting.", [("NAME", "Holly")]),
        ("Tel. (01632) 960 001", [("PHONE", "(01632) 960 001")]),
    ],
)
def test_general_rules_find_identifiers(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will-power is not enough on its own.",
        "Hope from the community kept us going.",
        "Help from the school was slow.",
        "Summer and her friends went to the park.",
        "Bill after bill came through the door.",
        "the will was read out",
        "The Named Nurse for Safeguarding told the review that supervision had lapsed.",
        "The National Panel published its report in May 2022.",
        "The Serious Violence Duty came into force in January 2023.",
        "he goes to the big school now",
        "she went to a better school",
        "at the park school they were kind",
        "We went to St Ives on holiday.",
        "We go to Holy Communion every week.",
        "We lived on the Council Estate.",
        "Real Estate is a job.",
        "The Local Estate Agent called.",
        "we live on the high street",
        "down memory lane we go",
        "he was hit by a car on a busy road",
        "Plan B was 3 pages long.",
        "He was 2 hours late and we waited.",
        "We saw 3 of 12/06 families.",
        "The flat is on the 2nd floor.",
        "by the 3rd time I gave up",
        "scored 7/10 on the 3/10 scale",
        "We work with lots of Roma and Traveller families.",
        "Ruby red lipstick and a new dress.",
        "Holly and ivy decorations were up.",
        "Robin redbreast was on the windowsill.",
        "Summer is 3 weeks away.",
        "Working Together 2018 was replaced in December 2023.",
        "the children, 3 of whom were under 5, were seen",
        "The case was placed in the Family Court list.",
        "She stayed in the Town Hall for the meeting.",
        "walking up to school road was scary",
        "We went to Holy Island on a trip.",
        "The Estate Manager called.",
    ],
)
def test_general_rules_leave_ordinary_words(text: str) -> None:
    assert removed(text) == []


def test_a_date_in_the_same_sentence_as_a_law_is_still_removed_in_another_clause() -> None:
    text = "Ofsted inspected in May 2023 and the baby was born in June 2023."
    assert found(text) == [("DATE", "June 2023")]


def test_an_odd_ni_prefix_needs_a_cue() -> None:
    assert found("DF 12 34 56 A is odd") == []
    assert found("her ni is DF 12 34 56 A") == [("NI_NUMBER", "DF 12 34 56 A")]


def test_a_bracketed_role_after_a_name_is_not_a_nickname() -> None:
    assert found("Kelly (Mum) came in.") == [("NAME", "Kelly")]
    assert found("Sarah (Early Help) came.") == [("NAME", "Sarah")]
