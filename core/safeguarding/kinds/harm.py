"""Harm by another person: physical, sexual and emotional abuse, domestic abuse, coercive control, forced marriage, FGM."""

from __future__ import annotations

import re

from .._context import (
    INJURY_FROM_SPORT_OR_ACCIDENT,
    PRO_POSSESSIVE,
    about_others_in_general,
    keyword_veto,
    sentence_of,
    speaks_as_professional,
    sport_or_game,
    text_after,
    text_before,
    topic_veto,
)
from .._table import Rule, Words
from .._words import ADVERB, HARM_VERB, HUMOUR, PASSIVE_VERB, RELATION, SUBJECT_PERSON, VICTIM

KIND = "harm"


def _everyday_not_harm(text: str, match: "re.Match[str]", before: str, after: str) -> bool:
    """A game, a thing that hurts the head, or a school sanction: "beat my brother at fifa", "it hurts my brain",
    "the teacher threatened us with a pop quiz"."""
    verb_and_object = match.group(0)
    # A game won or a ball struck ("beat my brother at fifa", "beat my own record")
    if sport_or_game(text, match.start(), match.end()):
        return True
    # a thing that hurts the head: "maths, it hurts my brain", "this song hurts my ears"
    if re.match(
        r"(?:hurt|hurts|hurting) (?:my|our|his|her|their) (?:brain|brains|head|eyes|ears|soul)\b", verb_and_object
    ) and re.search(
        r"\b(?:it|this|that|which|these|those|(?:this|that) \w+)(?: (?:really|actually|just|literally|kind of|so))? $",
        before,
    ):
        return True
    # a school sanction or chore: "the teacher threatened us with a pop quiz", "mum threatened me with an early night"
    if re.match(r"(?:threaten|threatens|threatened|threatening)", verb_and_object) and re.match(
        r" with (?:a |an |extra |more |another |the )?(?:pop |surprise |spelling |maths |times tables? )?(?:quiz|test|detention|homework"
        r"|exam|essay|lines|early night|early bedtime|bath|haircut|chores|tidying|the hoover|a list)\b",
        after,
    ):
        return True
    return False


def _harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for "<someone> <harm verb> <person>": the writer as agent, accidents, idioms."""
    before = text_before(text, match, 30)
    after = text_after(text, match, 30)
    verb_and_object = match.group(0)
    if _everyday_not_harm(text, match, before, after):
        return True
    # The writer as the agent ("I hit my brother back", "we touched on neglect") is not a
    # disclosure of harm to them.
    if re.search(r"\b(?:i|we|you)(?: \w+){0,2} $", before):
        return True
    tail = verb_and_object + after
    # Injuries to one's own body ("mum hurt her back") and feelings ("hurt our feelings").
    if re.match(
        r"(?:hurt|hurts|burnt|burned|burn|bit|bite|pinched|hit|injured|broke|sprained) (?:his|her|their|its) "
        r"(?:back|arm|leg|knee|ankle|wrist|foot|feet|hand|head|shoulder|neck|finger|toe|hip|tooth|"
        r"elbow|face|tongue|lip)\b",
        tail,
    ) and not re.search(r"\b(?:he|she|they|stepdad|boyfriend|partner|husband|someone|somebody)(?: \w+){0,2} $", before):
        return True
    if re.search(r"\b(?:dog|dogs|cat|horse|pony|bee|wasp|snake|spider|rabbit|hamster)\b", before + verb_and_object):
        return True
    # "I fell off my bike and hurt my knee": the writer is the agent of an injury to their own body.
    if (
        re.match(
            r"(?:hurt|burnt|burned|bit|pinched|hit|injured|broke|sprained) (?:my|our) "
            r"(?:back|arm|leg|knee|ankle|wrist|foot|feet|hand|head|shoulder|neck|finger|toe|hip|tooth|elbow|face|tongue|lip)\b",
            tail,
        )
        and re.search(r"\b(?:i|we)\b", before)
        and not re.search(
            r"\b(?:he|she|they|mum|dad|stepdad|stepmum|boyfriend|partner|husband|someone|somebody|my "
            + RELATION
            + r")(?: \w+){0,2} $",
            before,
        )
    ):
        return True
    # "my little sister bit me but she's only 2"
    if re.search(r"\b(?:she|he|they) (?:is|are|was) (?:only|just) (?:\d|one|two|three|a baby|a toddler)\b", after):
        return True
    # A baby or toddler as the agent ("my baby grabs my hair", "my toddler bit me").
    if re.search(r"\b(?:baby|babies|toddler|newborn)(?: \w+)? $", before):
        return True
    # Siblings at play: "my little brother kicked me under the table lol".
    if re.match(
        r"(?:kick|kicks|kicked|kicking|hit|hits|pinch|pinched|pinches|bit|bites|poked|punched|slapped|pushed) (?:me|us|him|her) under the table\b",
        tail,
    ) or (
        HUMOUR.search(sentence_of(text, match))
        and re.search(
            r"\b(?:my|our) (?:little |baby |younger |big |older |twin )?(?:brother|sister|bro|sis|cousin)\b(?: \w+){0,2} $",
            before,
        )
    ):
        return True
    # Children at play ("he keeps hitting me with his toy sword").
    if re.search(r"\bwith (?:a|his|her|their|the|my) (?:toy|foam|plastic|nerf|pillow|lightsaber|balloon)\b", tail[:45]):
        return True
    if re.search(r"\b(?:feelings|pride|chances|confidence|career|case|application|reputation)\b", tail[:35]):
        return True
    if re.match(
        r"(?:push|pushes|pushed|pushing|shook|shake|shakes) (?:me|us|him|her|them|my \w+)(?: up)?(?: to\b|$| really| a lot|,)",
        tail,
    ) or re.match(r"(?:shook|shake|shakes) (?:me|us)\b", tail):
        return True
    # "touch", "lock", "tie", "jump" and "bite" are ordinary verbs unless about a person's body.
    if re.match(r"(?:touch|touches|touched|touching) (?:base|on|upon)\b", verb_and_object):
        return True
    if re.match(
        r"(?:lock|locks|locked|locking|tie|ties|tied|bit|bite|bites|jump|jumped|rob|robbed|push|pushes|pushed|pushing|drag|drags|dragged|grab|grabs|grabbed|grabbing|attack|attacks|attacking|shake|shakes|shook|shaking|pinch|pinches|pinched)\b",
        verb_and_object,
    ):
        if re.search(r"\b(?:hands?|dog|door|car|ball|phone)\b", verb_and_object + after[:12]):
            return True
    # idioms and advice: "as if someone had stabbed me in the heart", "shook my dad's mental stability",
    # "this is all about not hitting your kids" (the reader's children, in advice)
    if re.match(r"(?:stab|stabs|stabbed|stabbing) (?:me|us|him|her) in the (?:heart|back)\b", tail):
        return True
    if re.match(
        r"(?:shook|shake|shakes|shaking) (?:\w+ ){1,2}?(?:mental|confidence|faith|belief|world|stability|nerves|trust)\b",
        tail,
    ):
        return True
    if re.search(r"\byour \w+$", verb_and_object):
        return True
    if re.match(r"(?:threaten|threatens|threatened|threatening)", verb_and_object) and re.search(
        r"\b(?:exclusion|eviction|court|legal|to (?:close|stop|end|take (?:us|me) to court))\b", after
    ):
        return True
    return about_others_in_general(text, match)


def _injury_from_sport_or_others_veto(text: str, match: "re.Match[str]") -> bool:
    """An injury the writer puts down to a ball, a tackle or a fall is no disclosure; else the case-talk vetoes."""
    if re.search(
        r"\b(?:black eyes?|bruis\w+|marks|cuts|burns|welts)$", match.group(0)
    ) and INJURY_FROM_SPORT_OR_ACCIDENT.match(text_after(text, match, 60)):
        return True
    return about_others_in_general(text, match)


# "the funding for the youth service will be cut", "the grass needs to be cut": a thing cut, not a girl
_A_THING_CUT = re.compile(
    r"\b(?:funding|funds|budgets?|grants?|services?|hours|benefits|pay|wages|money|support|staff|posts|jobs|places|provision"
    r"|power|electricity|gas|water|wifi|internet|phone|lawn|grass|hedges?|trees?|hair|fringe|nails|cake|pizza|sandwich|film|scene)\b"
)


def _thing_cut_or_topic_veto(text: str, match: "re.Match[str]") -> bool:
    """ "Be cut" said of funding, a service or the grass is not FGM; the rest as topic_veto."""
    if (
        re.match(r"(?:be|being|get|getting|have|having|had) cut$", match.group(0))
        and _A_THING_CUT.search(text_before(text, match, 60))
        and not re.search(r"\b(?:fgm|circumcis\w*|cutter|abroad)\b", text)
    ):
        return True
    return topic_veto(text, match)


_PARENTS = re.compile(r"\b(?:my|our) (?:parents|mum|dad|mom|mother|father|step ?(?:mum|dad))\b|\bmum and dad\b")
_HOUSE_RULES = re.compile(r"\b(?:phone|phones|at night|school night|curfew|grounded|bedtime|late|past \d|after \d)\b")


def _house_rules_veto(text: str, match: "re.Match[str]") -> bool:
    """Parents who take the phone away at night or keep a child in are setting rules, not controlling a partner."""
    if re.search(r"\blet (?:me|us|her) (?:see|go|out|have|talk|speak)\b", match.group(0)) and (
        _PARENTS.search(text) and _HOUSE_RULES.search(sentence_of(text, match))
    ):
        return True
    return about_others_in_general(text, match)


def _passive_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for "<person> was <harmed>": accidents, emotional hurt, past bullying."""
    after = text_after(text, match, 40)
    phrase = match.group(0)
    if PRO_POSSESSIVE.match(phrase):
        return True
    # "i got burnt at the beach because i forgot suncream": sunburn
    if re.search(r"\b(?:burnt|burned)$", phrase) and re.search(
        r"\b(?:sun|suncream|sun cream|sunscreen|sunburn\w*|sunbathing|sunbed|beach|pool|heatwave)\b",
        sentence_of(text, match),
    ):
        return True
    # "we got beat 4-1 on saturday": a match lost
    if sport_or_game(text, match.end() - len(phrase.rsplit(" ", 1)[-1]), match.end()):
        return True
    if re.match(
        r" (?:playing|at (?:football|rugby|training|pe|the match)|in (?:pe|a match|the game)|during|falling|when i fell|on my bike|skating)",
        after,
    ):
        return True
    if re.search(
        r"\bby (?:a|the|an) (?:ball|dodgeball|car|bus|bike|door|van|train|wave|branch|swing|football|stone)\b", after
    ):
        return True
    # "hit in the face with a netball", "bitten by a dog": sport and animals, not a person
    if re.match(
        r"(?: (?:in|on) the \w+)? (?:with|by) (?:a|an|the) (?:\w+ )?(?:ball|netball|football|rugby ball|cricket ball|hockey stick|bat|racket|frisbee|snowball|swing)\b",
        after,
    ) or re.match(
        r"(?: (?:in|on) the \w+)? by (?:a|an|the|our|my|their|next doors?|his|her|a neighbours?) (?:\w+ )?(?:dog|cat|horse|pony|bee|wasp|snake|spider|rabbit|hamster|goose|swan)\b",
        after,
    ):
        return True
    # "if he reports being hit, you must follow through": a report imagined, in advice
    if re.search(r"\bif $", text_before(text, match, 10)) and re.search(
        r" (?:reports?|says?|tells? \w+|discloses?|mentions?) (?:being|getting)\b", phrase
    ):
        return True
    if re.search(r"\bhurt$", phrase):
        # Emotional hurt ("my son was hurt that nobody called back") is common in feedback;
        # physical hurt is written "being hurt", "getting hurt" or "hurt by him".
        if not re.search(r"\b(?:being|getting|get|gets|got) hurt$", phrase) and not re.match(
            r" (?:by (?:him|her|them|my|our|his|a man|a woman|someone|somebody|mum|dad|\w+ (?:dad|mum|boyfriend|partner))"
            r"|at home|again|every|all the time|by people)",
            after,
        ):
            return True
    if re.search(r"\bbullied$", phrase):
        # Past bullying that was dealt with is not a concern; ongoing bullying is.
        if not re.search(
            r"\b(?:am|are|is|keep|keeps|still|get|gets)\b(?: (?:being|getting|still|constantly|always))? bullied$",
            phrase,
        ):
            return True
        if re.search(
            r"\b(?:but|and) (?:it|that|this|they|the school|school|\w+ worker|the worker)\b[^.]*\b(?:sorted|dealt|stopped|helped|fixed|over)\b",
            text,
        ):
            return True
    if re.search(r"\b(?:forced to|made to)$", phrase) and not re.match(
        r" (?:marry|get married|have sex|do|touch|send|carry|sell|hold|take|watch|keep|work|go|sleep|stay)", after
    ):
        return True
    if re.search(r"\blocked (?:in|up|out)$", phrase) and re.match(r" (?:of|the school|the car)", after):
        return True
    return about_others_in_general(text, match)


def _plain_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Vetoes for harm said in plainer words: laughter, a baby or toddler as the agent, topics."""
    if HUMOUR.search(sentence_of(text, match)):
        return True
    if re.search(
        r"\b(?:baby|babies|toddler|newborn|little (?:girl|boy|one)|son|daughter)(?: \w+)? $",
        text_before(text, match, 30),
    ):
        return True
    return about_others_in_general(text, match)


# toy weapons; undressing for a doctor, an examination or a changing room
_TOYS = re.compile(r"\b(?:toy|water|nerf|plastic|foam|pretend|cap|bb|paintball|laser)\b")
_EXAM = re.compile(
    r"\b(?:doctor|nurse|gp|physio\w*|medical|examination|exam|x-?ray|scan|fitting|changing rooms?|swimming|pe kit|costume)\b"
)

_SOMEONE_ELSES_ACCOUNT = re.compile(
    r"\b(?:a|an|one|another|some) (?:\w+ )?(?:mother|father|mum|dad|parent|woman|man|girl|boy|child|young person|teenager"
    r"|survivor|client|family)\b(?: \w+){0,3} $"
)
_ANIMALS = re.compile(r"\b(?:dogs?|cats?|horses?|pony|ponies|pets?|animals?|puppy|puppies|kittens?|rabbits?)\b")


def _passive_or_someone_elses_account_veto(text: str, match: "re.Match[str]") -> bool:
    """ "A mother told us she was beaten by her partner" is an account heard at work, not the writer's own."""
    return _passive_veto(text, match) or _SOMEONE_ELSES_ACCOUNT.search(text_before(text, match, 60)) is not None


def _reported_by_a_professional_veto(text: str, match: "re.Match[str]") -> bool:
    """A professional who called the police about a child is describing their work, not a disclosure."""
    return speaks_as_professional(text) or about_others_in_general(text, match)


def _toy_or_examination_veto(text: str, match: "re.Match[str]") -> bool:
    """A toy weapon, or undressing for a doctor or a changing room, is not harm."""
    sentence = sentence_of(text, match)
    return bool(_TOYS.search(sentence) or _EXAM.search(sentence)) or _plain_harm_veto(text, match)


def _animal_or_plain_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """An animal that was mistreated is not a person at risk."""
    return _ANIMALS.search(text_before(text, match, 40)) is not None or _plain_harm_veto(text, match)


RULES: list[Rule] = [
    Rule(
        KIND,
        "says someone is being hurt or abused",
        r"\b" + SUBJECT_PERSON + r" (?:\w+ )?(?:am|is|are|was|were|get|gets|got|getting|keep getting|keeps getting"
        r"|have been|has been|had been|been|being|is being|are being|was being|were being|used to be|used to get"
        r"|(?:would|will|could|might)(?: \w+){0,2} be)"
        r" " + ADVERB + r"{0,2}" + PASSIVE_VERB + r"\b",
        _passive_veto,
        example="I am being hurt",
    ),
    Rule(
        KIND,
        "says someone is being hurt or abused",
        r"\b(?:being|been|was|were|got|get|gets|getting) "
        + ADVERB
        + r"{0,2}(?!hurt\b|bullied\b)"
        + PASSIVE_VERB
        + r" by (?:(?:my|our|his|her|their) (?:\w+ )?"
        + RELATION
        + r"|him|her|them|mum|dad)\b",
        _passive_or_someone_elses_account_veto,
        example="we were leathered by our dad as kids",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        r"\b" + HARM_VERB + r" (?:" + ADVERB + r")?" + VICTIM + r"\b",
        _harm_veto,
        example="me dad gets mad n hits me",
    ),
    Rule(
        KIND,
        "describes being made to do something sexual or against their will",
        r"\b(?:made|makes|make|making|forced|forces|force|forcing|pressured|pressures|pressuring|told|tells)"
        r" (?:me|us|her|him|them|my \w+) (?:to )?(?:\w+ ){0,2}?(?:sex|sexual|touch|send (?:him |her |them )?(?:nudes|pics|pictures|photos)"
        r"|do (?:things|stuff|it)|sleep with|watch (?:porn|videos)|take (?:drugs|pills)|drink|strip|undress|kiss)"
        r"|\bdoes (?:things|stuff) to (?:me|us|her|him)\b|\bsends me (?:stuff|things|pics|pictures|videos) (?:i|that i) (?:do not|did not) want"
        r"|\b(?:sexual|rude|dirty) (?:messages|pics|pictures|photos|videos)\b[^.]{0,30}\b(?:me|my)\b"
        r"|\bpull(?:s|ed|ing)? (?:out )?(?:my|her|his) hair\b|\bsmashed (?:her|his|my) head\b"
        r"|\b(?:threw|throws|throw|thrown|flung|flings|slammed|slams|slam|shoved|shoves|pinned|pins|dragged|drags) (?:me|us|her|him|mum|dad|my \w+|our \w+)"
        r"(?: \w+)? (?:into|against|across|down|onto|up against|off|out of) (?:the|a|my|our) (?:wall|floor|door|stairs|bed|table|ground|car|fridge|window)"
        r"|\b(?:put|puts|held|holds|hold|pushed|pushes|stuck|sticks|forced) (?:my|her|his|our|their) (?:hand|hands|arm|arms|head|face|fingers?)"
        r" (?:on|in|under|against|into|onto) (?:the |a )?(?:cooker|oven|hob|fire|iron|kettle|hot|boiling|bath|water|toilet|radiator)"
        r"|\b(?:says|said|told (?:me|us|her|him)|tells (?:me|us|her|him)|made (?:me|us|her|him) promise)(?: \w+){0,2}? (?:do not|not to|never|never to|to not|must not|can not|better not|had better not) tell\b(?![^.]{0,30}\b(?:present|surprise|party|birthday|gift|christmas)\b)"
        r"|\b(?:makes?|made|making|forces?|forced) (?:me|us|her|him) watch (?:things|stuff|videos|films|him|them|what)"
        r"|\bcalls? (?:me|us|her|him) (?:\w+ )?(?:worthless|useless|stupid|fat|ugly|a waste|a mistake|names|a slag|a slut)"
        r"|\bwish(?:es)? (?:i|you|we) (?:was|were|had) never (?:been )?born"
        r"|\b(?:hear|hears|heard|hearing) (?:\w+ ){0,3}?(?:smacking|hitting|slapping|beating|punching|him hit|her hit|screaming and)"
        r"|\b(?:screams|shouts|yells|swears) at (?:her|his|their|the|my|our) (?:kids|children|baby|son|daughter|little)"
        r"|\b(?:bruises|bruising|marks|burns|a black eye|black eyes|cuts) (?:on|all over) (?:my|her|his|their) (?:face|arms?|legs?|body|back|neck|head|chest|thighs?|wrists?|bum|bottom|ears?|cheeks?)"
        r"(?![^.!?]{0,30}\b(?:fell|falling|fall|off (?:his|her|my|their) bike|football|rugby|playing|accident|brambles|eczema)\b)"
        r"|\b(?:fresh|new|unexplained|more|another) (?:burns?|bruises?|bruising|marks|injuries|injury|cuts|black eye|fracture)\b[^.]{0,20}\bon (?:my|her|his|their|the baby'?s?) \w+"
        r"|\bliving with (?:him|her|them)\b[^.]{0,30}\bgetting worse"
        r"|\blash(?:es|ed|ing)? out (?:at|on) (?:me|us|her|him|them|my|mum|dad)"
        r"|\bknock(?:s|ed|ing)? (?:me|us|her|him|them|mum|my \w+) (?:about|around|out|over|down)"
        r"|\b(?:get|gets|got|getting|give|gives|gave|giving) (?:me |us |her |him |them )?(?:a|another|a good) (?:hiding|beating|battering|kicking|slap|smack|leathering|belting)"
        r"|\b(?:hands?|arm) (?:round|around|on) (?:my|her|his|our) (?:neck|throat)"
        r"|\b(?:chuck|chucks|chucked|throw|throws|threw|thrown|hurl|hurled|lob|lobbed) (?:\w+ ){0,2}?at (?:me|us|her|him|mum|my \w+)"
        r"|\bshows? (?:me|us|her|him) (?:\w+ ){0,2}?(?:videos|pictures|pics|photos|films) of (?:naked|people having sex|sex|porn)"
        r"|\bshows? (?:me|us|her|him) porn"
        r"|\b(?:comes|coming|came|keeps coming|gets) (?:in|into) (?:my|our|the) (?:room|bedroom|bed|bathroom|shower)\b[^.]{0,40}\b(?:night|shower|bath|asleep|sleeping|undress|changing)"
        r"|\b(?:has|had|got|with|covered in|came in with|comes home with|come home with|came home with) (?:\w+ ){0,2}?(?:bruises|bruising|burns|a black eye|black eyes|marks|welts)\b"
        r"|\b(?:my|our) (?:\w+ ){0,2}?"
        + RELATION
        + r" (?:is|was|has been|can be|gets) (?:really |very |so |quite )?(?:violent|abusive)\b"
        r"|\bforced into (?:a |an )?(?:arranged )?marriage"
        r"|\b(?:sleep|stay|kneel|stand|sit)\b[^.]{0,40}\b(?:when i (?:am|get|was|have been) (?:bad|naughty|told off|in trouble)|as (?:a )?punishment)"
        r"|\b(?:makes?|made|making) (?:me|us|her|him) (?:kneel|stand|sleep|stay) (?:on|in|outside|out)\b"
        r"|\btakes? (?:it|his anger|her anger|everything|things) out on (?:me|us|her|him|mum|my \w+)"
        r"|\b(?:split|splits|bust|busted|burst|bursts) (?:my|her|his|our) (?:lip|nose|head|eye|face)"
        r"|\b(?:he|she|they)(?: \w+)? (?:broke|breaks|fractured|dislocated|cracked) (?:my|her|his|our) (?:wrist|arm|nose|jaw|ribs?|cheek ?bone|pelvis|leg|fingers?|collar ?bone|skull|eye socket|ankle|hand|shoulder)s?\b"
        r"|\b(?:comes|came|walks|walked|barges|barged|keeps coming|keeps walking) in (?:when|while) (?:i am|i was|she is|he is) (?:getting changed|changing|in the (?:shower|bath)|undress\w*)"
        r"|\bforced (?:himself|herself) on (?:me|her|him)"
        r"|\bthreatens? to take (?:the|my|our) (?:kids|children|baby)|\bsmash(?:es|ed)? (?:my|our) (?:things|stuff|phone|belongings)"
        r"|\bwith (?:a |an )?(?:burn|burns|bruise|bruises|cut|cuts|black eye|injury|injuries|mark|marks|bite marks) on (?:his|her|my|their) \w+"
        r"|\b(?:can not|could not|too scared to|afraid to|scared to) tell (?:anyone|anybody|no one|someone) what (?:he|she|they) (?:does|did|do|is doing)",
        _injury_from_sport_or_others_veto,
        example="he sends me stuff i dont want",
    ),
    Rule(
        KIND,
        "describes someone being harmed",
        r"\b(?:sexually|physically) (?:abused|assaulted|abusing|assaulting|hurt|attacked)\b",
        keyword_veto,
        example="my mum's partner sexually assaulted me",
    ),
    Rule(
        KIND,
        "describes abuse a named person suffered",
        r"\babuse (?:i|my \w+|our \w+|he|she|we) (?:suffered|went through|experienced|lived through|survived)"
        r"|\b(?:my|our) (?:\w+ ){0,2}?" + RELATION + r"(?:'s)? (?:\w+ )?(?:is|was|has been|can be|gets|got) "
        r"(?:really |very |so |quite )?(?:abusive|violent|aggressive)"
        r"|\b(?:he|she) (?:is|was|has been|can be|gets) (?:really |very |so )?(?:abusive|violent)(?: to| towards| with)? (?:me|us|my|her|him|the kids)",
        topic_veto,
        example="The abuse my daughter suffered was handled brilliantly by the police",
    ),
    Rule(
        KIND,
        "describes controlling or coercive behaviour",
        r"\b(?:controls|controlled|takes|took|keeps|kept|steals|stole|stealing|taking|controlling) (?:all )?(?:of )?(?:my|the|our|her|his|their) (?:money|passport|phone|bank card|benefits|pension|wages)\b"
        r"|\b(?:breach\w*|broke|breaking|ignores?|ignoring) (?:the|his|her|a|my) (?:non molestation |restraining |protection )?(?:order|injunction|bail conditions|bail)\b"
        r"|\beven (?:though|after|with) (?:the|a|there is a|he has a|she has a) (?:non molestation |restraining |protection )?(?:order|injunction)\b"
        r"|\b(?:keeps? turning up|keeps? showing up|turns up|turned up|shows up|showed up|waits outside|waiting outside|follows me|followed me|following me)"
        r" (?:at |outside |where )?(?:my|our|the|i|we) (?:house|home|door|flat|work|job|school|mums|kids|live|work|stay)\b"
        r"|\b(?:will not|does not|do not|would not|did not|never) let (?:me|us|her) (?:see|go|leave|out|have|talk|speak|eat|sleep)"
        r"|\bnot allowed (?:out|to (?:go out|leave|see|talk|speak|have friends|eat))"
        r"|\btracks? my (?:phone|location)|\bchecks? (?:my phone|who i)"
        # "he tried to control what i wore", "controlled the family schedule", "controlling my every move"
        r"|\b(?:tried to |tries to |try to |wanted to |wants to )?control(?:s|led|ling)? (?:what|where|who|how|when) (?:i|she|we) "
        r"(?:wore|wear|wears|went|go|goes|saw|see|sees|spent|spend|spends|ate|eat|eats|talked|talk|talks|dressed|dress|dresses|did my hair)\b"
        r"|\bcontroll?(?:ed|s|ing) (?:the family|my|our|her|all (?:my|our|her)) (?:\w+ )?(?:schedule|calendar|diary|finances|movements|every move|whole life|life)\b"
        r"|\bcontroll?(?:ed|s|ing) (?:my|her|our) every move\b"
        # "phoned to check where i was almost hourly": checking on someone all day
        r"|\b(?:phoned|rang|called|texted|messaged|phones|rings|calls|texts|messages) (?:me |her )?(?:\w+ ){0,2}?to check (?:where|who|what) (?:i|she|we) (?:was|were|am|is|are)\b"
        r"[^.!?]{0,20}\b(?:hourly|every (?:hour|few minutes|\d+ minutes)|all day|constantly|non ?stop|\d+ times a day|all the time)\b"
        r"|\b(?:he|she|boyfriend|girlfriend|partner|husband|wife)\b checks? (?:all )?(?:my|her) (?:messages|texts|calls|phone|emails|dms)\b"
        r"|\b(?:telling|told|tells|tell) (?:me|her) (?:not to|to stop) (?:talk|talking|speak|speaking|see|seeing|go out with|going out with) (?:to |with )?(?:my|her) (?:friends|family|mates)\b"
        r"|(?<!\bi )(?<!\bwe )\bdelet(?:ed|es|ing) (?:all )?(?:the )?(?:phone )?(?:numbers|contacts) (?:from|on|in) (?:my|her) phone\b",
        _house_rules_veto,
        example="he did not let me see my friends",
    ),
    Rule(
        KIND,
        "describes forced marriage, FGM or honour-based abuse",
        r"\b(?:forced|forcing|made|making|make|going|want|wants|plan|planning|arranging|arranged|arrange|promised|sent|send|sending|taking|taken|take)"
        r"(?: \w+){0,5} (?:to marry|to be married|to get married|to have (?:an? )?(?:arranged )?marriage|married off)"
        r"|\bmarry (?:a man|a woman|someone|my cousin|an older|a stranger|him)\b[^.]{0,20}\b(?:do not|never|did not|have to|against)"
        r"|\bmarry (?:a man|a woman|someone) (?:i|she|he) (?:do not|does not|did not|has never|have never)"
        r"|\b(?:my|her|our) marriage (?:was|is|had been) (?:a )?forced\b"
        r"|\b(?:the|a) (?:man|boy|person|cousin|stranger|husband|woman) (?:i|she|he) (?:would|will|was going to|had to|have to|has to|must)(?: have to)? marry\b"
        r"|\b(?:take|send|taking|sending|took|sent) (?:me|her|us) (?:abroad|overseas|back home|back to \w+)\b[^.!?]{0,30}\b(?:re)?marr(?:y|ied|iage)\b"
        r"|\b(?:get|have|had|getting|having|be|being) (?:me|her|my \w+|the girl|them)? ?(?:cut|circumcised)\b(?! (?:my|her|his) hair)"
        r"|\bfgm (?:done|on (?:me|her|my))|\b(?:have|get|do) fgm\b|\bto have fgm"
        r"|\b(?:shame|shamed|dishonour|honour)\b[^.]{0,40}\b(?:beat|hit|kill|hurt|punish|lock)"
        r"|\b(?:beat|hit|kill|hurt|punish|lock)\w*\b[^.]{0,60}\b(?:shame|dishonour|family honour|honour)\b",
        _thing_cut_or_topic_veto,
        example="my family want to get me cut like my sister",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        r"\b(?:handsy|touchy(?: feely)?) (?:with|around) (?:me|us|her|him|my \w+)|\bhands all over (?:me|us|her|him|my \w+)"
        r"|\b(?:pillow|cushion|hand|hands|bag|cloth|towel|coat|blanket) (?:over|on) (?:my|her|his|our|their) (?:face|mouth|nose|head)\b"
        r"|\b(?:till|until) (?:i|she|he|we) (?:could not|can not|could hardly) breathe\b"
        r"|\b(?:did|does|do|done|doing|tried|tries) (?:things|stuff|sexual things|bad things) to (?:me|us|her|him|my \w+)"
        r"|\b(?:makes?|made|making) (?:me|her|him) (?:delete|block|unfriend|stop seeing|drop|cut off) (?:all )?(?:my|her|his) (?:friends|family|mates)"
        r"|\b(?:is|was) (?:the reason|why) (?:i|she|he|we) (?:have|has|had|got) (?:scars|bruises|marks|injuries|a scar|burns)\b"
        r"|\b(?:boyfriend|girlfriend|partner|husband|wife|ex)\b(?: \w+){0,4} (?:tracks? (?:me|her|him)|reads? (?:all )?(?:my|her|his) (?:messages|texts|emails|phone))"
        r"|\b(?:he|she|boyfriend|girlfriend|partner|husband|wife|ex)\b(?: \w+){0,6} checks? (?:where|who) (?:i|she|he|we) (?:am|is|are|go|goes|talk|talks|see|sees|text|texts)\b",
        _harm_veto,
        example="he held a cushion over my face",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        # entering a child's sleeping place or bath
        r"\b(?:creeps?|creeping|crept|sneaks?|sneaking|snuck|climbs?|climbing|climbed|gets?|getting|got|comes?|coming|came) (?:in|into|in to) "
        r"(?:where (?:i|she|he|we) (?:sleep|sleeps)|bed with (?:me|her|him|us)|my bed|her bed|his bed)\b"
        r"(?![^.!?]{0,40}\b(?:bad dream|nightmares?|poorly|ill|cuddles?|storm|thunder|scared of the dark|feeds?|feeding)\b)"
        r"|\b(?:makes?|made|making|has|have to|had to|has to|tells?|told) (?:me |her |him |us )?(?:to )?(?:sit|sleep|lie|get|stay|be|have a bath|shower) "
        r"(?:\w+ ){0,2}?(?:with (?:him|her|them) in (?:the|his|her|their) (?:bath|bed|shower)|in the (?:bath|shower) with (?:him|her|them)|in (?:his|her|their) bed\b[^.!?]{0,60}\b(?:do not like|did not like|hate|hated|scared|what happens|touch))"
        r"|\bin (?:my |his |her |the )?(?:\w+s )?bed\b[^.!?]{0,60}\b(?:do not|did not) like what (?:happens|happened|he does|she does|he did|she did)\b"
        # showing sexual material, sexual parts of the body
        r"|\bshow(?:s|ed|ing)? (?:me|us|her|him|my \w+) (?:\w+ ){0,3}?(?:videos?|pictures|pics|photos|films|clips|things|stuff)\b[^.!?]{0,30}\b(?:naked|no clothes|without clothes|sex|porn|rude|private parts|willy|willies)"
        r"|\b(?:grab\w*|touch\w*|feel\w*|squeez\w*|rub\w*|slap\w*|pinch\w*) (?:\w+ ){0,2}?(?:my|her|his) (?:bum|bottom|boobs?|breasts?|chest|private\w*|crotch|willy|penis|vagina|bits|arse|ass)\b"
        r"|\b(?:teacher|coach|tutor|instructor|leader|priest|vicar|imam|youth worker|driver|neighbour|lodger|stranger|man|uncle|stepdad|boyfriend)\b[^.!?]{0,50}\bkiss(?:es|ed|ing)? (?:me|her|him|my \w+)\b(?! (?:on the (?:cheek|head|forehead)|goodbye|good ?night|hello))"
        # holding down, making the child do or take things
        r"|\b(?:holds?|held|holding|pins?|pinned|pinning) (?:me|us|her|him|my \w+) down\b(?![^.!?]{0,30}\b(?:tickl\w+|play ?fight\w*|wrestl\w+|for (?:the|his|her|a) (?:jab|injection|vaccine|haircut|nappy)))"
        r"|\b(?:does|did|do|doing) (?:things|stuff) (?:that )?(?:i|she|he|we) (?:hate|hated|do not like|did not like|did not want|do not want)\b"
        r"|\b(?:makes?|made|making) (?:me|her|him) (?:take|send) (?:\w+ ){0,2}?(?:photos|pics|pictures|videos|selfies)\b(?! (?:of|at|for) (?:the|our|my|his|her|their) (?:\w+ )?(?:birthday|holiday|wedding|party|dog|cat|cake|garden|trip|school|family))"
        r"|(?<!\bi )(?<!\bwe )\b(?:wait|waited|waits|waiting|would wait) (?:till|until|for) (?:my |our )?(?:mum|dad|nan|gran|everyone|she|he|they|the others|\w+) (?:was|were|is|are|had|has) "
        r"(?:out|asleep|at work|gone|away|in bed|not (?:in|home|there)|left)\b[^.!?]{0,25}\b(?:then|to (?:come|touch|get|do))\b"
        # words that hurt and control
        r"|\b(?:says|said|tells|told|telling) (?:me |us )?(?:that )?(?:i am|i was|you are|i am just|i am only) (?:a mistake|worthless|a waste of space|disgusting|a slag|a slut|a burden)\b(?! (?:waiting|to (?:worry|carry)))"
        r"|\bwish(?:es|ed)? (?:i|we|you) (?:was|were) dead\b"
        r"|\b(?:tells?|told|telling) (?:the kids|the children|everyone|people|my family|my kids|social services|the school) (?:that )?(?:i am|i was) (?:mad|crazy|mental|unfit|not fit|a bad mum|a bad mother|an unfit)"
        r"|\b(?:being|been|was|were|gets?|getting|got) knocked (?:about|around)\b",
        _plain_harm_veto,
        example="mum tells me im a waste of space",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        # being told you should never have been born, or that you ruined someone's life
        r"\b(?:i|you) (?:(?:should never|should not) (?:have|of)|should (?:have|of) never) been born\b"
        r"|\b(?:i was|i am|you are|you were) the worst thing (?:that )?(?:has |had |have )?(?:ever )?happened to (?:her|him|them)\b",
        _plain_harm_veto,
        example="she told me i should never have been born",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        # the writer reported a child in distress: "the night i called the nspcc, the boy's screams..."
        r"\b(?:i|we) (?:called|rang|phoned|contacted|rung|reported (?:it|them|him|her) to) (?:the )?(?:nspcc|police|999|social services|childrens services)\b"
        r"(?=.{0,200}?\b(?:scream\w*|crying|cries|shouting|bruis\w*|hitting|beat\w*|hurt\w*|neglect\w*|abus\w*|left alone|hungry|filthy)\b)",
        _reported_by_a_professional_veto,
        example="the night i called the police i could hear the baby screaming next door",
    ),
    Rule(
        KIND,
        "describes someone hurting them or a person close to them",
        # a weapon held to a person ("put an axe to my sister's throat", "a gun pointed to my head")
        r"\b(?:put|puts|held|holds|holding|pointed|points|pointing|pressed|presses|pressing|had|has) (?:a|an|the|his|her|their) "
        r"(?:knife|gun|axe|blade|machete|weapon|pistol|rifle|shotgun|screwdriver|scissors) (?:to|at|against) "
        r"(?:me|us|him|her|them|my|our|his|her|their|mum|dad)\b"
        r"|\b(?:knife|gun|axe|blade|machete|pistol|rifle|shotgun) (?:pointed|held|pressed|put) (?:to|at|against) (?:my|her|his|our|their|me|him|us)\b"
        # held by the body or captive ("held by my ankles over a well", "kept you imprisoned in your home")
        r"|\b(?:held|holds|hung|dangled) (?:(?:me|us|her|him|my \w+) )?(?:up )?(?:by (?:my|her|his|their) (?:ankles|legs|feet|neck|throat|hair))"
        r"|\b(?:held|kept|keeping|holding|keeps|keep) (?:me|us|you|her|him|them) (?:imprisoned|prisoner|captive|hostage|locked up)\b"
        # sex with someone who could not consent or said no
        r"|\b(?:having|had|have) sex with (?:my|me|her|him)\b[^.!?]{0,20}\b(?:unconscious|asleep|sleeping|passed out|drunk|body)\b"
        r"|\b(?:he|she|they|a man|someone|somebody) (?:was|were|got|climbed) on top of (?:me|her)\b"
        r"|\bsaid '?no'? (?:to (?:sex|him|her)|but he|but she)\b[^.!?]{0,40}\b(?:pressur\w+|forced|forcing|carried on|sex|touch\w*|kiss\w*|undress\w*|held me)"
        r"|\b(?:did not|would not|never|does not|will not) let (?:me|her) say no\b"
        # being asked to undress, or to strip on camera
        r"|\b(?:asking|asked|asks|ask|wanted|wants|want|begg\w+|pressur\w+|tell\w*|told) (?:me|us|her|him|my \w+) to "
        r"(?:take (?:my|her|his|their|our|your) (?:clothes|top|shirt|bra|pants|knickers) off|undress|strip|get naked|touch (?:myself|herself|himself))\b",
        _toy_or_examination_veto,
        example="he never let me say no",
    ),
    Rule(
        KIND,
        "describes controlling or coercive behaviour",
        # "he was very controlling, aggressive and demeaning"
        r"\b(?:he|she|(?:my|her|his) (?:\w+ )?(?:boyfriend|girlfriend|partner|husband|wife|ex|stepdad|stepmum|stepfather|stepmother))\b"
        r" (?:was|is|became|got|has been|had been|can be|could be|turned|started being|started to be) (?:\w+ ){0,2}?(?:controlling|possessive|coercive)\b"
        # "controlling" as a verb ("she was controlling the budget") is not a description of a person
        r"(?! (?:the|a|an|his|her|their|its|our|my|your|costs?|budgets?|spending|traffic|crowds?|ball|game|access|who|what|how)\b)"
        r"|\b(?:mistreat\w*|ill[- ]?treat\w*|maltreat\w*) (?:me|us|her|him|them|my \w+|our \w+)\b"
        r"|\b(?:was|were|being|been|is|are|get|gets|got) (?:mistreated|ill[- ]?treated|maltreated)\b",
        _animal_or_plain_harm_veto,
        example="my boyfriend is really controlling",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "describes someone hurting them or a person close to them",
    r"abus\w+|violen\w+|rap(?:e|ed|ing|ist)|molest\w*|sexual\w*|assault\w*|bruis\w+|black eye|cut lip|split lip|injur\w+"
    r"|strangl\w+|chok(?:e|es|ed|ing)|punch\w*|slap\w*|kick(?:s|ed|ing)?(?! off)|batter\w*|beat(?:s|en|ing)?|thr(?:ew|ow|own|ows) (?:me|her|him|us)"
    r"|against the wall|by (?:my|her|his) (?:arm|hair|neck|throat)|rough with|flinch\w*|naked|topless|porn\w*|dick pics?|nudes|on (?:his|her) lap"
    r"|private parts|touch(?:es|ed|ing)? (?:me|her|him)|pressur\w+ (?:me|her|him) into|married\b[^.]{0,40}\bonly 1[0-7]|only 1[0-7]\b[^.]{0,40}\bmarried"
    # coercive control, forced marriage and honour: "my phone is controlled", "get us married", "bring shame on the family"
    r"|(?:phone|movements?|money|messages|location) (?:is |are |was |were |being |gets? )?(?:controlled|monitored|tracked)"
    r"|get (?:us|me|her|him) married|marry (?:me|us|her) off|married off|(?:bring|brought|bringing) (?:shame|dishonou?r) (?:on|upon|to) (?:the|my|our|his|her) family|honou?r[- ]based"
    # "since i brought the family shame", "the family's honor was at stake"
    r"|(?:bring|brings|brought|bringing) (?:the|my|our|his|her) family (?:shame|dishonou?r)|family'?s? honou?r|honou?r (?:is|was) at stake"
    # smacking a child, and wanting them dead: "they spank me", "my sister would say everybody wants me dead"
    r"|spank(?:s|ed|ing)? (?:me|us|her|him)|(?:get|gets|got|getting|was|were|being) spanked|wants? (?:me|her|him|us) dead"
    # sex as the price of love: "if i did not want to have sex, i was accused of not loving him"
    r"|(?:if|when) (?:i|she) (?:did not|do not|does not|would not) (?:want to have sex|want sex|have sex with)",
    r"hurt\w*|hit|hits|hitting|grab\w*|pulls?|pulled|pushe?[sd]?|shove\w*|screams? at|shouts? at|yells? at|(?:being|getting|got|was|were) (?:shouted|screamed|yelled) at|screaming|angry|drunk|weird"
    r"|uncomfortable|bleeding|marks|lock(?:s|ed)? (?:me|her|him)|fell|does not believe|do not believe|scared|afraid"
    r"|thr(?:ows|ew|owing) things|smash\w*|breaks things|kicks off|kicking off"
    r"|(?:shouting|screaming|yelling|swearing) at (?:me|us|her|him)|(?:up|be|been|get|gets) (?:shouted|screamed|yelled) at"
    # coercive control: "he would decide what i would wear", "call my family to check up on me and see where i was"
    r"|what (?:i|she) (?:could |would |can |should |was allowed to )?wear|(?:stopped|stops|stopping|stop) (?:me|her) (?:from )?(?:seeing|going out|talking to)"
    r"|check(?:s|ed|ing)? up on (?:me|her)|where i was|who i was with|accused (?:me |her )?of"
    r"|calling (?:me|him|her|us|them) (?:an? )?[\"']?(?:\w+ )?(?:names|stupid|useless|idiot|selfish|fat|ugly|slag|slut|bitch|liar|waste|mistake|little \w+)",
)
