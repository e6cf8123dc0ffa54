"""Spotting text that suggests immediate risk or a disclosure of harm."""

from __future__ import annotations

import pytest

from core.safeguarding import detect_concern, detect_in_answers


@pytest.mark.parametrize(
    "text",
    [
        "I am being hurt",
        "I’m being hit at home",
        "my stepdad hits me when mum is out",
        "he touched me and said not to tell",
        "I am not safe at home",
        "a child is in danger right now",
        "I want to kill myself",
        "sometimes I self harm",
        "he said he'd kill us",
        "I am scared to go home",
        "please help me",
        "my daughter has gone missing",
        "I dont feel safe at home",
        "someone is hurting my little sister",
        "he makes me do things I dont want to",
        "theres no food in the house and mum hasnt been home for days",
        "im going to run away tonight",
        "ive taken tablets",
        "he has a knife",
        "mums boyfriend keeps hitting me",
        "I am being groomed online",
        "we were left on our own all weekend",
        "i feel suicidal",
    ],
)
def test_disclosures_and_danger_are_flagged(text):
    assert detect_concern(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The social worker listened to us and explained what would happen next.",
        "Strategy meetings happen quickly now.",
        "Information from health arrives late.",
        "The training on neglect helped me feel more confident.",
        "Nobody asked my son what he wanted.",
        "We talked about self-harm training for staff.",
        "A suicidal teenager was not assessed by CAMHS.",
        "I feel safe with my foster carer",
        "The knife crime awareness session was good",
        "The course on running away and missing children was useful",
    ],
)
def test_ordinary_feedback_is_not_flagged(text):
    assert detect_concern(text) is None


def test_a_concern_says_why_without_repeating_the_text():
    concern = detect_concern("I am being hurt by someone called Zed")
    assert concern is not None and concern.kind == "harm"
    assert "Zed" not in concern.reason and "hurt" in concern.reason


def test_any_one_of_several_answers_is_enough():
    assert detect_in_answers(["all good", "", "I want to die"]) is not None
    assert detect_in_answers(["all good", ""]) is None


# --- General cases (see docs/disclosures.md for the rules behind each) ------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        # texting style, misspellings, dialect
        ("my mums bf battered her again", "harm"),
        ("me dad gets mad n hits me", "harm"),
        ("step dad keeps touchin me when mum is at work", "harm"),
        ("he sends me stuff i dont want", "harm"),
        ("i cant go home", "missing"),
        # self-harm and suicide as young people write it
        ("kms", "self_harm"),
        ("im gonna unalive myself", "self_harm"),
        ("i wanna disappear", "self_harm"),
        ("nobody would care if i wasnt here", "self_harm"),
        ("i feel like im a burden on everyone", "self_harm"),
        ("my daughter has been cutting herself and says she wants to die", "self_harm"),
        # threats and sextortion
        ("he says he'll post my pics if i dont send more", "threat"),
        ("they said theyll shank me if i dont pay up", "threat"),
        # criminal and sexual exploitation
        ("they make me hold stuff for them", "exploitation"),
        ("i owe them money and they said i have to work it off", "exploitation"),
        ("i think my niece is being groomed", "harm"),
        ("my 14 year old daughter has a 30 year old boyfriend", "exploitation"),
        # neighbours and relatives
        ("the kids next door are left alone every night", "neglect"),
        ("the baby next door cries for hours and nobody comes", "neglect"),
        # forced marriage, FGM, honour
        ("my parents are taking me abroad to marry a man i dont know", "harm"),
        ("my family want to get me cut like my sister", "harm"),
        # radicalisation
        ("a man in a chat group says i should make a bomb", "radicalisation"),
        # a practitioner writing of a child in danger now
        ("One of my young people is being exploited right now and the referral has been sitting for weeks", "danger"),
    ],
)
def test_disclosures_in_the_voices_that_reach_the_form_are_flagged_with_their_kind(text, kind):
    concern = detect_concern(text)
    assert concern is not None and concern.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        # past abuse is a disclosure of harm, however long ago and however it ended
        "when I was 12 my stepdad abused me",
        "my ex used to hit me but the IDVA helped me leave and I'm safe now",
        "The abuse my daughter suffered was handled brilliantly by the police",
        # shapes no single phrase rule foresaw: caught by vocabulary about a particular person
        "My stepdad gets really angry and last night he threw me against the wall.",
        "I'm worried about my grandson, his stepdad is very rough with him and he flinches",
        # the person first and the fear after; an older man giving a child drugs
        "mum's boyfriend shouts and throws things and im scared",
        "there's a man who picks my sister up from school and gives her weed",
    ],
)
def test_past_abuse_and_unforeseen_phrasings_are_flagged(text):
    assert detect_concern(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        # harm as a topic of practice
        "the self-harm training was good",
        "Referrals for suicidal young people take too long to be screened",
        "The session on county lines helped me spot the signs of criminal exploitation",
        "A child on my caseload was sexually abused by a family friend and the police were slow",
        "We need better information sharing when children go missing from care",
        "I would like more training on how to talk to a child who wants to die",
        "The panel heard that the father had hit the child before",
        "I'm a school nurse and we see a lot of self-harm; the new pathway is helping",
        "I now feel more confident asking young people whether anyone is hurting them",
        # idioms
        "the youth club is killing it this year",
        "im dying to know when the next trip is",
        "my mum will kill me if im late home lol",
        "I'm dead proud of my daughter for speaking up at the meeting",
        # ordinary hurt, fear and help
        "my son was hurt that nobody called back",
        "the social worker said my mum hurt her back and cant come to meetings",
        "i got hit by a ball in PE lol",
        "I was scared to ring at first but I'm glad I did",
        "I think the social worker was scared of my ex too",
        "Can someone help me understand the report?",
        "I can't go home early on Fridays because of the meeting times",
        # trouble the writer says is over (not abuse by another person)
        "the worker helped me when I was being bullied last year",
        "I used to self harm but I've been okay for two years thanks to CAMHS",
        "I was on drugs years ago but I've been clean for 5 years and my kids are back with me",
        "I feel safe now",
        # ordinary lifts and pocket money
        "my mum gives me money for the bus",
        "dad picks me up from school on fridays and I love it",
    ],
)
def test_topics_idioms_and_resolved_trouble_are_not_flagged(text):
    assert detect_concern(text) is None


def test_typographic_apostrophes_and_capitals_do_not_hide_a_disclosure():
    assert detect_concern("HE SAYS HE\u2019LL KILL ME IF I TELL") is not None


def test_reasons_are_fixed_phrases_that_never_carry_the_respondents_words():
    import core.safeguarding as safeguarding

    reasons = {reason for _, reason, _, _ in safeguarding._RULES}
    reasons |= {reason for _, reason, _, _ in safeguarding._LEXICON}
    for text in ["my uncle Barnaby touched me", "Zephyrine says she wants to die", "kms"]:
        concern = detect_concern(text)
        assert concern is not None and concern.reason in reasons
        assert not any(word in concern.reason for word in ("Barnaby", "Zephyrine", "uncle", "kms"))


def test_the_labelled_set_stays_above_its_floor():
    """A regression floor on tests/data/disclosure_eval.jsonl (figures in docs/disclosures.md)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "disclosure_eval.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    concerns = [r for r in rows if r["label"] == "concern"]
    nones = [r for r in rows if r["label"] == "none"]
    recall = sum(detect_concern(r["text"]) is not None for r in concerns) / len(concerns)
    false_alarms = sum(detect_concern(r["text"]) is not None for r in nones) / len(nones)
    assert len(concerns) >= 400 and len(nones) >= 300
    assert recall >= 0.98
    assert false_alarms <= 0.02


@pytest.mark.parametrize(
    "text",
    [
        # threats told to the writer in their own words, and image threats without the word "pics"
        "my ex messaged me saying im dead when he finds me",
        "she said if i don't send her more she will post the ones she's got",
        # injuries, secrecy and being thrown, in shapes other than "hits me"
        "he pinned my mum against the fridge last night",
        "dad held my hand under the hot tap when i was naughty",
        "my uncle told me never to tell anyone what happens at his house",
        "we were leathered by our dad as kids",
        # self-harm without the usual words
        "i have been saving up paracetamol in my drawer",
        "i keep making myself throw up after meals",
        # neglect, fear, help and exploitation said plainly
        "no one has fed my little brothers since friday",
        "my stepdad is really scary when he's been drinking",
        "i need somewhere safe to stay tonight",
        "an older man keeps asking my sister for selfies on snap",
        "my son came home with a new phone and won't say who gave it him",
    ],
)
def test_threats_injuries_and_plain_requests_in_new_shapes_are_flagged(text):
    assert detect_concern(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "my dad uses a wheelchair and the venue had no lift",
        "my mum drinks a lot of coffee when she is stressed about work",
        "the council forgets about us every winter",
        "my older friends invited me to go bowling and it was fun",
        "we need a safe place for the kids to play on the estate",
        "my nan keeps asking for pictures of my new flat",
        "my gran said don't tell mum about the present",
        "my son was thrown off the bus for being rude",
        "my teacher said I am finished with the project",
        "my little brother keeps hitting me with his foam sword when we play",
        "I fell off my bike and hurt my knee but it's fine now",
        "I'm starving, can we have more snacks at the youth club",
        "I used to cut myself but I haven't for nearly three years",
        "we need more refuge spaces in the county for women fleeing violence",
    ],
)
def test_everyday_sentences_near_the_new_shapes_are_not_flagged(text):
    assert detect_concern(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he held a cushion over my face",
        "my partner tracks me and reads all my messages",
        "my dad is the reason i have scars",
        "whenever a car slows down i think its him",
        "i stand at the edge of the platform and think about it",
        "the man across the road keeps asking our daughter to come inside his house",
        "im sleeping in a bus shelter",
        "i havent eaten properly in days because theres no money",
    ],
)
def test_smothering_tracking_and_other_unnamed_harms_are_flagged(text):
    assert detect_concern(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "my mum checks what i eat because i have diabetes",
        "the fridge is empty because we go shopping on saturdays",
        "my little one cries every time she has to go to nursery but settles quickly",
        "the teacher told me not to tell my mum about the surprise assembly",
        "I stay awake till my mum gets home from her night shift",
        "my dad sleeps all day because he works nights",
        "i wanted to run away from the dentist lol",
        "my little sister bit me but she's only 2",
        "It was hard to hear a mother describe being strangled by her ex, but the group held her well",
        "I have not eaten for days because of a tummy bug but the nurse was great",
    ],
)
def test_ordinary_life_that_shares_words_with_the_new_shapes_is_not_flagged(text):
    assert detect_concern(text) is None


# Rules added after blind batch H (docs/disclosures.md). Each flagged shape is paired below
# with the ordinary sentences its vetoes must let through.
BATCH_H_SHAPES = [
    # someone entering a child's bed or bath, sexual parts of the body, holding down
    ("my stepdad sneaks into my bed when mum is on nights", "harm"),
    ("he makes me have a bath with him in the bath", "harm"),
    ("i sleep in his bed at weekends and i dont like what happens", "harm"),
    ("the lodger keeps showing me pics on his phone of people with no clothes", "harm"),
    ("a boy in year 10 keeps grabbing my boobs", "harm"),
    ("my swimming coach kisses me and says not to tell", "harm"),
    ("my boyfriend pins me down when i try to leave", "harm"),
    ("he does stuff i hate when we are alone", "harm"),
    ("he made me take pictures of myself in the shower", "harm"),
    ("my mums boyfriend waits till she is at work then comes in", "harm"),
    # words that hurt and control
    ("mum tells me im a waste of space", "harm"),
    ("my stepmum said she wishes i was dead", "harm"),
    ("he told the school i am unfit to look after them", "harm"),
    ("my sister is getting knocked about by her husband", "harm"),
    # fear shown by hiding, crying before contact, the body
    ("when dad gets drunk we have to hide in the loft", "afraid"),
    ("my son cries every time he has to go to his dads", "afraid"),
    ("she comes home from contact shaking", "afraid"),
    ("my heart races every time i see his car", "afraid"),
    ("i freeze whenever the phone rings in case its him", "afraid"),
    ("its horrible at home and i cant stand it", "afraid"),
    # self-harm and suicide in plainer words
    ("i hope i never wake up", "self_harm"),
    ("i want to go to sleep and never wake up", "self_harm"),
    ("i went to the bridge and nearly jumped", "self_harm"),
    ("i googled painless ways to die", "self_harm"),
    ("my son left goodbye notes for us", "self_harm"),
    ("there is a rope under his bed", "self_harm"),
    ("my daughter has gashes across her arms", "self_harm"),
    ("my dad tried to take his own life", "self_harm"),
    # neglect
    ("dad goes off for days and we dont know where he is", "neglect"),
    ("they smoke stuff till they are out of it", "neglect"),
    ("the baby is left screaming upstairs", "neglect"),
    ("she leaves the baby in the pram all day", "neglect"),
    ("i do not have any clean pants for school", "neglect"),
    ("his teeth are rotten and black", "neglect"),
    ("mum refuses to take me to the doctor", "neglect"),
    ("mum has been drunk since saturday", "neglect"),
    # exploitation and radicalisation
    ("they drove me to a town i had never been to and made me sell", "exploitation"),
    ("they kept me in a flat for days", "exploitation"),
    ("a man on fortnite asked my son to come to his flat", "exploitation"),
    ("he says he is 15 but he looks way older", "exploitation"),
    ("this guy gives me and my mates vapes", "exploitation"),
    ("the man told her to keep it a secret", "exploitation"),
    ("he disappears for days then comes back with cash", "exploitation"),
    ("i was passed around at parties when i was 14", "exploitation"),
    ("he says he will copy what that gunman did at the synagogue", "radicalisation"),
    # threats, danger, missing, help
    ("he said i will leave this house in a body bag", "threat"),
    ("my ex has the kids passports and says i will never see them again", "threat"),
    ("my ex has just broken in", "danger"),
    ("i slept in a doorway last night", "missing"),
    ("is there someone i can talk to tonight", "help"),
]


BATCH_H_EVERYDAY = [
    "someone broke into our shed last year and the police were great",
    "i hope i wake up in time for the trip",
    "we stood on the bridge and watched the boats, i thought about how lucky we are",
    "i looked up ways to do it on youtube for my maths homework",
    "i wrote a goodbye card to my teacher when she left",
    "we found a rope in the garage for the tyre swing",
    "my son has cuts on his legs from falling off his bike",
    "she plans to take her life in a new direction by going to college",
    "my mum kissed me goodbye at the gate",
    "my uncle kisses me on the cheek at christmas",
    "my dad makes me take photos of the dog for instagram",
    "my brother holds me down and tickles me",
    "my toddler sleeps in our bed most nights",
    "my little girl climbs into bed with me when she has a bad dream",
    "the nurse showed me pictures of what to expect",
    "my baby grabs my boobs when feeding",
    "i wait till mum is asleep and then play on my switch",
    "my dad said i am nothing like my brother",
    "my nan says i am a mistake waiting to happen haha",
    "my dog hides under the bed when the fireworks start",
    "my son came home from his dads buzzing and happy",
    "my heart melts when i see my baby smile",
    "i left the door unlocked in case it was him coming back from work",
    "its really bad at home with the damp and mould",
    "dad goes away for days with work so mum does everything",
    "mum goes out for days with the walking club",
    "the baby was left in the cot for a nap while i showered",
    "we were left alone in the waiting room for ten minutes",
    "my son has not got a toothbrush at his dads so we bought one",
    "my daughter has never been to the dentist because there are no nhs dentists here",
    "they took us on a train to london for a school trip",
    "my son does jobs for a friend of ours at his garage on saturdays",
    "my daughter has two phones one for school and one for home",
    "please keep it a secret it is a surprise party for mum",
    "the kids passed round the ball",
    "he wants to do what that guy did at the olympics",
    "we slept in a tent in the park on the scout camping trip",
    "i can not go back to that school after what happened with my exams",
    "is there someone i can talk to about volunteering",
    "i got hit in the face with a netball",
    "my daughter was bitten by a dog last year but she is fine now",
    "my cousin kicked me under the table at christmas dinner",
    "my little brother kicked me under the table lol",
    "we booked flights for the kids to see their grandparents abroad",
    "my dad knocked about with the same mates for 30 years",
    "i bought me and my mates drinks at the cinema",
    "the fertiliser in the garden made the roses grow",
]


# Batch R (real public text) found shapes the invented batches had not. Each rule below is
# tested with invented sentences in the same shape, beside the ordinary sentences it must let
# through.
BATCH_R_SHAPES = [
    ("how many paracetamol would it take to kill me", "self_harm"),
    ("i am only still here because of my little brother", "self_harm"),
    ("she told me i should never have been born", "harm"),
    ("he says i am the worst thing that ever happened to him", "harm"),
    ("i sent him pictures of whatever he asked for", "exploitation"),
    ("when i was 12 i started talking to a guy online and he said he was 19", "exploitation"),
    ("a man at the park kept offering me free vapes", "exploitation"),
    ("i did not know whether she was dead or alive", "missing"),
    ("i do not want to end up back on the streets", "missing"),
    ("sometimes we do not see mum for days", "neglect"),
    ("the night i called the police i could hear the baby screaming next door", "harm"),
]


@pytest.mark.parametrize(
    "text",
    [
        "mum is upstairs off her face again",
        "my phone is controlled and he checks my messages",
        "my parents want to get me married this summer",
        "they said i would bring shame on the family if i said no",
        "the fear makes my whole body shake",
        "i feared for my safety every week",
        "i was taught to hate muslims by the lads online",
        "they got me recruiting other kids and sharing their propaganda",
        "they said i smoked all their weed and never paid for it",
        "at 14 it was easy money for me",
        "he asked for topless photos of me",
        "my mother was being shouted at and she would end up screaming",
        "i have nowhere else to go tonight and i am so cold",
    ],
)
def test_the_vocabulary_added_for_batch_r_is_flagged(text):
    assert detect_concern(text) is not None


BATCH_R_EVERYDAY = [
    "how much paint would it take to do the whole fence",
    "i am only here because my mum made me come to the group",
    "my nan says i should have been born in the summer",
    "the worst thing that ever happened to me was losing my job",
    "i sent him photos of what he asked for so he could quote for the kitchen",
    "when i was 12 my brother said he was 18 and moving out",
    "he kept offering me lifts to the station",
    "i did not know if she was safe to drive after the operation",
    "i have been on the streets collecting for the food bank",
    "we did not see dad for days because he was working away",
    "i called the police because my car was stolen",
    "my kids kick off every night at bedtime",
    "they took me in and said you do not need to kick off here",
    "our project is about strengthening young voices to challenge abusive behaviour",
    "if you think a child is in immediate danger, call 999 straight away",
    "you might feel scared or afraid to tell anyone, and that is normal",
    "if you do get kicked out of home there are options for you",
    "i used to self harm but i stopped when i was 15",
    "i have a feeling the inspectors are on their way. they are coming today",
    "missed opportunities might have prevented his exploitation",
    "my toddler was screaming in the car all the way home",
    "i make easy money doing a paper round",
    "the fear of missing out is real with my mates",
]


# Shapes from batch R2 (a second round of real public text), and the everyday sentences near them.
BATCH_R2_SHAPES = [
    ("my stepdad held a knife to my mum's throat", "harm"),
    ("he had a gun pointed at my head", "harm"),
    ("they held me by my ankles over the balcony", "harm"),
    ("a gang kept me prisoner in my own flat", "harm"),
    ("i woke up and he was on top of me", "harm"),
    ("i said no to sex but he kept pressuring me", "harm"),
    ("he never let me say no", "harm"),
    ("a man online kept asking me to take my clothes off on camera", "harm"),
    ("my boyfriend is really controlling", "harm"),
    ("he did not let me see my friends", "harm"),
    ("my mum mistreats me when dad is away", "harm"),
    ("she is always screaming at him and calling him stupid", "harm"),
    ("i was scared i would be attacked on the way home", "harm"),
    ("i was 13 and met him at a party. he was 19", "exploitation"),
    ("when i was 14 i met a 30 year old on an app", "exploitation"),
    ("the dealers are using our flat as a base", "exploitation"),
    ("the grooming started at age 13", "exploitation"),
    ("she leaves the kids home alone every night", "neglect"),
    ("my little sister was in the house by herself for the whole weekend", "neglect"),
    ("it was the last food we had", "neglect"),
    ("the kids next door are being left alone all day", "neglect"),
    ("i had to fend for myself from the age of six", "neglect"),
    ("he said he wanted to shoot my mum", "threat"),
    ("if you ever tell anyone you will end up in a wheelchair", "threat"),
    ("i am going to kill you if you ring the police", "threat"),
    ("we called ourselves national action and i joined at 16", "radicalisation"),
    ("my cousin says he will die a martyr", "radicalisation"),
    ("i have not s.i. for a week but i want to", "self_harm"),
    ("i am a prisoner in my own home because i am scared to go out", "afraid"),
]
BATCH_R2_EVERYDAY = [
    "the nurse asked me to undress for the examination",
    "my son held a toy gun to my head and laughed",
    "she was controlling the budget for the whole project",
    "i was 14 when i met my tutor online and he was 25",
    "we used our house as a base for the street party",
    "i left the baby alone for a few minutes while i hung the washing out",
    "my 15 year old was home by himself for the weekend",
    "the only food we had was what we took on the camping trip",
    "he said he wanted to hit the gym before work",
    "you will end up in hospital if you ever try that skateboard trick again",
    "i am going to kill you if you eat my chocolate again",
    "i was a member of the national trust when i was a student",
    "i hate converting to s.i. units in physics",
    "she is always screaming at the telly and calling him a legend",
    "the dog was on top of me all night",
    "i said no but he kept asking if i wanted more tea",
    "my dog was mistreated by its last owners before we adopted him",
    "if you, or a friend, are in immediate danger, call the police on 999",
    "many young women tell us their self-harm gets worse around their periods and our bodies change",
    "not everybody who cuts wants to die",
    "the school felt that he was at risk of being groomed online",
    "in my volunteer role i have listened to people attempting to end their life",
    "we should ask them about suicide",
    "here at the helpline we talk to teens who are feeling suicidal",
]


@pytest.mark.parametrize("text, kind", BATCH_H_SHAPES + BATCH_R_SHAPES + BATCH_R2_SHAPES)
def test_the_shapes_found_by_blind_batches_h_r_and_r2_are_flagged_with_their_kind(text, kind):
    concern = detect_concern(text)
    assert concern is not None
    assert concern.kind == kind


@pytest.mark.parametrize("text", BATCH_H_EVERYDAY + BATCH_R_EVERYDAY + BATCH_R2_EVERYDAY)
def test_everyday_sentences_near_the_batch_h_r_and_r2_shapes_are_not_flagged(text):
    assert detect_concern(text) is None
