"""Everyday sentences with no identifier are left alone: places, roles, services, brands,
words that are also names, counts, scores and the dates of laws."""

import pytest

from tests.core.stripping_helpers import found


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
        # regions, compass places, languages, weekday ranges, days
        "Victims of domestic abuse in rural Cumbria face long journeys.",
        "The Sunderland and South Tyneside partnership shares a business unit.",
        "Waiting times in West Yorkshire and NHS Lothian are long.",
        "Mum speaks Dari and the phone interpreter kept cutting out.",
        "Working days Mon-Wed.",
        "The baby was discharged on New Year's Eve to a home with no cot.",
        # numbers and words the loose-form rules must not take
        "Steps one, then two, then three.",
        "Support is available 24/7 through the contact centre.",
        "The panel found 2/3 of cases had no voice of the child.",
        "Oh no, oh well, one two three four.",
        "He was excluded at 3pm on the Friday.",
        "Pupils in Year 6 at Easter sit a mock paper.",
        "Families on Universal Credit were hit hardest.",
        "The report was published in spring 2023.",
        "We met on Facebook and he lived in Galloway.",
        "Mum is 24 weeks pregnant and booked late.",
        # an age bound of the law or of a group, not anyone's age
        "He was charged with sexual activity with a child under 13-years-old.",
        "Children under 5 years old must be seen by a health visitor.",
        # a place after ", of"
        "A girl, of Crowthwaite, was spoken to by police.",
        # a hospital or building named after a place or person, with another word before its ending
        "He was taken to Alder Hey Children's Hospital by ambulance.",
        # things named after a person, and a dialect word for a child
        "The baby slept in his Moses basket in the lounge.",
        "Littl'un was poorly all week.",
        "My brother who is 6 foot tall scared them off.",
        # a nationality before a noun
        "He died in an accident on a German autobahn.",
        "His French teacher rang me about it.",
        "the man, 3 times, asked for his phone back",
        "My dad who is 5 minutes away came round.",
        # months and places before ", number," stay
        "In March, 12, were excluded.",
    ],
)
def test_everyday_sentences_are_left_alone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # an acronym in the plural, and a role in capitals after an article, are no one's name
        "They recommended an OT but the NHS said there are no OTs available.",
        "We met with the TAs and the SENCO.",
        "His SENCO and the FLO met us every fortnight.",
        "We were told to ask a PCSO.",
    ],
)
def test_acronyms_of_roles_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_name_in_capitals_is_still_found_when_the_whole_answer_is_in_capitals() -> None:
    assert ("NAME", "JACK") in found("MY SON JACK WAS SENT HOME BY THE HEAD")


@pytest.mark.parametrize(
    "text",
    [
        # a month listed with other months after a word of time is a month, not a person
        "I rang Children's Services in April, May and June and got the same answer.",
        "We waited between May and August for a reply.",
    ],
)
def test_months_listed_together_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_two_people_named_like_months_are_still_found() -> None:
    assert ("NAME", "May") in found("I told May and June about it.")


@pytest.mark.parametrize(
    "text",
    [
        # after "called", a title that starts with a determiner is no person's name (batch L)
        "Action for Children run a campaign on Instagram called My time in care.",
        "There is a young people's group called Our Voice.",
    ],
)
def test_a_title_after_called_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_name_after_called_is_still_found() -> None:
    assert found("a boy called Will was bullying him") == [("NAME", "Will")]


@pytest.mark.parametrize(
    "text",
    [
        # a town that is also a first name, after "to" that ends a move a few words on (batch L)
        "we moved out of the village to Stanley but there was no school place.",
        "We were rehoused across town to Shirley last spring.",
    ],
)
def test_a_town_moved_to_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_person_after_a_move_is_still_found() -> None:
    assert ("NAME", "Darren") in found("Mum moved on to Darren and he was violent too.")
    assert ("NAME", "Stanley") in found("she moved him to Stanley's class")


@pytest.mark.parametrize(
    "text",
    [
        # a capitalised word with 's after "a" is a shop or a meal, not a person (batch L)
        "It would be nice to take them all for a McDonald's or bowling.",
        "We had a Nando's after court to cheer him up.",
    ],
)
def test_a_shop_after_a_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_name_with_s_after_another_word_is_still_found() -> None:
    assert ("NAME", "Jack") in found("I saw Jack's mum at the gate.")


@pytest.mark.parametrize(
    "text",
    [
        # virtues that are also names, listed with a lowercase virtue or three together (batch L)
        "Hope, Faith and patience is all we had to go on while waiting for an EHCP.",
        "All we had was Hope, Faith and Love.",
    ],
)
def test_virtues_listed_together_are_left_alone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I saw Grace and Joy.", ["Grace", "Joy"]),
        ("I was helped by Hope and Faith.", ["Hope", "Faith"]),
    ],
)
def test_two_people_named_like_virtues_are_still_found(text: str, names: list[str]) -> None:
    assert [v for k, v in found(text) if k == "NAME"] == names
