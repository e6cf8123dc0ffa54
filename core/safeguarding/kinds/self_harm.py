"""Suicide and self-harm: wishes to die, plans, methods, cutting, overdoses, goodbye notes."""

from __future__ import annotations

import re

from .._context import (
    I_AM_PROFESSIONAL,
    OWN_RELATION,
    TOPIC_NEXT,
    about_others_in_general,
    keyword_veto,
    sentence_of,
    text_after,
    text_before,
)
from .._table import Rule, Words

KIND = "self_harm"

_IN_THE_PAST = re.compile(r"\b(?:used to|in the past|years ago|when i was younger)\b")
# "but i have been okay for two years", "and she has not cut since", "but i stopped"
_OVER_NOW = re.compile(
    r"\b(?:but|and) (?:i am|i have been|now i am|i feel|things are)\b[^.]{0,30}"
    r"\b(?:ok|okay|fine|better|good|well|great|safe|happy|recovered|stopped)\b"
    r"|\b(?:i am|i have been) (?:ok|okay|fine|better|doing well|safe|happy) now\b"
    r"|\b(?:but|and) (?:i|she|he|they) (?:have|has) not(?: done it| cut| self harmed)? (?:for|in|since)\b"
    r"|\b(?:but|and) (?:i|she|he|they) (?:have |has |had )?stopped\b"
)


# "a teenage girl told me that she was about to kill herself": a caller's words, told by the one who took the call
_SOMEONE_TOLD_ME = re.compile(
    r"\b(?:a|an|one|another) (?:\w+ ){0,2}?(?:girl|boy|child|young person|teenager|caller|woman|man|client|patient|pupil|student)\b"
    r"(?: \w+){0,3} (?:told|tells|said|says) (?:me|us)(?: that)?\b[^.!?]*$"
)


def _self_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """Self-harm the writer says is over, self-harm as a topic, and a professional's account of others."""
    if I_AM_PROFESSIONAL.search(text) and not OWN_RELATION.search(sentence_of(text, match)):
        return True
    if _SOMEONE_TOLD_ME.search(text_before(text, match, 100)):
        return True
    if _IN_THE_PAST.search(text) and _OVER_NOW.search(text):
        return True
    if TOPIC_NEXT.match(text_after(text, match, 25)):
        return True
    # "i am still self harm free", "cutting-free for a year": the word names what the writer is free of
    if re.match(r"[- ]?free\b", text_after(text, match, 10)):
        return True
    return about_others_in_general(text, match)


def _keyword_or_self_harm_veto(text: str, match: "re.Match[str]") -> bool:
    """A bare word ("suicidal", "overdose") counts only about the writer or their family, and not once over."""
    return keyword_veto(text, match) or _self_harm_veto(text, match)


# "an overdose of homework", "an overdose of worksheets": "overdose of" a thing that is no drug is an idiom
_NOT_A_DRUG_AFTER = (
    r"(?! of (?!(?:\w+ ){0,2}?(?:pills?|tablets?|paracetamol|painkillers?|medication|medicines?|meds|drugs?|insulin|heroin"
    r"|cocaine|ketamine|methadone|ibuprofen|aspirin|antidepressants?|sertraline|fluoxetine|citalopram|codeine|tramadol"
    r"|morphine|opioids?|fentanyl|xanax|diazepam|valium|alcohol|vodka|something|anything|stuff|\d+)\b))"
)

RULES: list[Rule] = [
    Rule(
        KIND,
        "mentions suicide or self-harm",
        r"\b(?:kms|kys|ctb|unalive|kill (?:myself|himself|herself|themselves|my ?self)|killing (?:myself|himself|herself|themselves)"
        r"|end (?:my|his|her|their) (?:own )?life|ending (?:my|his|her|their) (?:own )?life|end it(?: all)?\b(?! with)|ending it(?: all)?"
        r"|take my (?:own )?life|sh (?:again|scars|relapse)|took an od|taken an od"
        r"|(?:cut|cutting|cuts|burn|burning|burns|hurt|hurting|hurts|harm|harming|harms|starve|starving|scratch|scratching|hit|hitting|punch|punching)"
        r" (?:myself|my ?self|himself|herself|themselves|my (?:arms?|legs?|wrists?|thighs?|stomach|skin))"
        r"|want(?:s|ed)? (?:to die|to be dead|to disappear|to not exist|to not be here|to not wake up|to go to sleep forever|it (?:all )?to (?:stop|end|be over))"
        r"|wish (?:i|he|she) (?:was|were|could be) (?:dead|gone|never born)|wish (?:i|he|she) could (?:disappear|die|go to sleep)"
        r"|better off (?:without me|dead|if i was not here|if i were not here)"
        r"|(?:not|never) (?:want to |wanting to )?(?:be here|be alive|wake up|exist) any ?more"
        r"|do not want to (?:be here|be alive|live|exist|wake up)"
        r"|no (?:point|reason) (?:in |to )?(?:living|being alive|life|going on|carrying on|being here)"
        r"|(?:life|living) (?:is not|is no longer|isnt) worth"
        r"|(?:can not|could not) (?:go on|do this any ?more|do this no more|do it any ?more|carry on|cope any ?more|take (?:it|this) any ?more)"
        r"|how (?:much )?long(?:er)? (?:i can|can i) (?:keep going|go on|carry on|take (?:it|this))"
        r"|done with (?:life|living|everything|it all)|tired of (?:living|being alive|life)"
        r"|sleep (?:and )?never wake up|go to sleep forever|sleep forever"
        r"|(?:jump|jumping|throw myself) (?:off|in front of|from) (?:a|the) (?:bridge|building|train|roof|car|cliff|bus|tower|multi)"
        r"|(?:took|taken|take|taking|swallowed|swallow|going to take) (?:a load of|loads of|all|all of|a lot of|lots of|a bunch of|too many|a handful of|some of|a packet of|a box of)"
        r" (?:\w+ ){0,2}?(?:tablets|pills|paracetamol|meds|medication)"
        r"|(?:no one|not one person) would (?:care|notice|miss me|even notice|even care)"
        r"|(?:have|has|had|just) (?:taken|took|swallowed) (?!(?:my|his|her|their) )(?:\w+ ){0,2}?(?:tablets|pills|paracetamol)"
        r"|(?:tried|try|trying|attempted|attempt|going) to (?:hang|drown|strangle|suffocate|poison|kill|end) (?:myself|himself|herself|themselves|my ?self|it all|my life|his life|her life)"
        r"|\bhang (?:myself|himself|herself|themselves)|\b(?:am|have been|keep|started|been|was) cutting(?: again| myself)?\b"
        r"|(?:easier|better|happier) (?:for everyone )?if i (?:was|were|was not|were not) (?:dead|gone|here|around|alive)"
        r"|(?:sleep|go to sleep) and not wake up|never wake up again|not want to wake up"
        r"|thinking (?:about|of) (?:dying|death|ending it|killing myself|not being here|not existing|being dead)"
        r"|giving up on (?:everything|life|myself)|give up on (?:everything|life|myself)|no point any ?more|no point in anything"
        r"|(?:planning|plan|decided) to do it\b|(?:sliced|slice|slicing|slit|carved|carve|carving) (?:my|into my) (?:\w+ )?(?:arms?|wrists?|legs?|thighs?|skin)"
        r"|rather be dead|would be better dead|i am scared all the time"
        r"|want to be gone|want to go away forever|what is the point (?:of|in) (?:me|living|anything|trying|life|going on)"
        r"|how many (?:paracetamol|pills|tablets|painkillers) (?:it takes|to take|would)|looked up how to (?:die|kill|end)"
        r"|(?:i am|i feel like i am|feel like a) (?:a )?burden|better (?:off )?without me"
        r"|until (?:they|it) bleeds?|(?:stash|stockpile|hoard|collection|supply|saving up|saved up|collecting|hoarding|stockpiling|saving) (?:of )?(?:\w+ )?(?:pills|tablets|paracetamol|meds|painkillers)"
        r"|(?:make|made|making|makes) (?:myself|herself|himself) (?:sick|throw up|vomit)(?! with)|(?:stopped|stop|not) eating on purpose"
        r"|(?:i am|i feel|feel like|i feel like i am) (?:such |just |only |nothing but |so much of )?(?:a )?burden"
        r"|cuts? (?:on|all over|up) (?:my|her|his|their) (?:wrists?|thighs?|arms?|legs?|stomach)(?![^.!?]{0,30}\b(?:fell|falling|fall|bike|football|rugby|playing|accident|cat|dog|brambles|glass|shaving|eczema)\b)|point (?:in |of )?(?:living|being alive|carrying on|going on|being here|existing))",
        _self_harm_veto,
        example="I want to die",
    ),
    Rule(
        KIND,
        "mentions suicide or self-harm",
        r"\b(?:suicidal|suicide|selfharm\w*|self harming|relapsed|overdosing)\b|\boverdose[ds]?\b" + _NOT_A_DRUG_AFTER,
        _keyword_or_self_harm_veto,
        example="i feel suicidal",
    ),
    Rule(
        KIND,
        "mentions suicide or self-harm",
        r"\b(?:wrote|written|writing|write) (?:letters|notes|goodbye \w+|a letter|a goodbye \w+) (?:to|for) (?:everyone|my family|my mum|my dad|all|my kids)\b"
        r"|\b(?:looking|look|looks|stare|staring|thinking) (?:at|about) (?:the )?(?:train tracks|railway line|tracks|edge of the|bridge|cliff edge)\b"
        r"|\b(?:stand|standing|stood|sit|sitting|sat)\b (?:at|on) (?:the )?(?:edge|top) of (?:the |a )?(?:platform|bridge|roof|cliff|car park|building)\b"
        r"|\bunder (?:the )?(?:bath )?water\b[^.]{0,25}\b(?:how long|until|till)\b"
        r"|\b(?:happier|better|easier|better off) without me\b(?! \w+ing\b)"
        r"|\b(?:do not|can not|not|never) see (?:the|any) point (?:in|of) (?:anything|living|life|carrying on|going on|it all|me|being here)\b"
        r"|\bend(?:ing)? things\b(?! (?:with|off with))|\b(?:gave|giving|given|give) away (?:all )?(?:his|her|my|their) (?:stuff|things|belongings|possessions)",
        _self_harm_veto,
        example="i stand at the edge of the platform and think about it",
    ),
    Rule(
        KIND,
        "mentions suicide or self-harm",
        r"\b(?:hope|hoping|pray|praying|wish) (?:i|that i) (?:do not|will not|never|would not|did not) wake up\b"
        r"|\b(?:go to sleep|sleep|go away|disappear|fall asleep) and never (?:come back|wake up|return)\b"
        # "if i just close my eyes and do not open them again"
        r"|\bclose my eyes and (?:do not|never|not|would not|will not) (?:open them|wake up) (?:again|ever)\b"
        r"|\b(?:stood|standing|stand|went|go|going|sat|sitting|climbed|walked) (?:on|to|up|at|onto|along|by) (?:the |a )?(?:bridge|roof|cliff|edge|platform|railway|tracks|top of the car park)\b"
        r"[^.!?]{0,50}\b(?:(?:thought|thinking|think) about (?:it|jumping|doing it|ending it)|wanted to (?:jump|do it|end it)|(?:nearly|almost) (?:jumped|did it|went)|could not do it|did not do it)\b"
        r"|\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|researching) (?:\w+ )?(?:ways|how|methods?) to "
        r"(?:die|kill myself|end it|end my life|do it (?:quietly|painlessly|without)|not wake up|overdose)"
        r"|\bpainless (?:ways?|methods?) to\b"
        r"|\b(?:written|wrote|writing|write|left|leaves) (?:a |some |his |her |my )?goodbye (?:letters?|notes?)\b"
        r"|\b(?:found|hidden|hid|hiding|keeps) a (?:noose|ligature)\b|\b(?:rope|noose|ligature) (?:in|under) (?:his|her|my) (?:room|bed|wardrobe|drawer)"
        r"|\b(?:slashes|gashes|cuts?) (?:on|all over|all up|up|down|all down|across) (?:my|her|his|their) (?:wrists?|thighs?|arms?|legs?|stomach|tummy)\b"
        r"(?![^.!?]{0,30}\b(?:fell|falling|fall|bike|football|rugby|playing|accident|cat|dog|brambles|glass|shaving|eczema)\b)"
        r"|\b(?:plans?|planning|planned|going|wants?|wanted|tried|trying) to take (?:my|his|her|their) (?:own )?life\b(?! (?:in|into|back|forward|to|on|around|seriously|in hand))"
        r"|\btake (?:his|her|their) (?:own )?life\b(?! (?:in|into|back|forward|to|on|around|seriously|in hand))"
        # "i would just stand there (on the bridge) and think 'i could just jump off'"
        r"|\b(?:bridge|roof|cliff|balcony|car park|multi storey|tower block|platform|ledge)\b[^.!?]{0,60}\b(?:i|she|he) (?:could|would|wanted to|want to|might|thought about|think about)(?: just)? (?:jump|jumping|throw myself) (?:off|over)\b"
        r"(?! (?:onto|into|on to|in to) (?:the |a )?(?:trampoline|sea|water|pool|river|lake|mat|sand|waves))",
        _self_harm_veto,
        example="i hope i never wake up",
    ),
    Rule(
        KIND,
        "mentions suicide or self-harm",
        # "how much bleach would it take to kill me"; "i am only still alive because of my friends"
        r"\bhow (?:much|many) (?:\w+ ){1,2}?(?:would|does|will|do) it take to (?:kill (?:me|myself)|die|end it)\b"
        r"|\b(?:would|does|will) it take to kill (?:me|myself)\b"
        r"|\bonly (?:alive|still alive|still here) (?:because|cos|for)\b",
        _self_harm_veto,
        example="how many paracetamol would it take to kill me",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "mentions suicide or self-harm",
    r"suicid\w*|overdos\w*\b"
    + _NOT_A_DRUG_AFTER
    + r"|selfharm\w*|self harming|(?:suicide|goodbye) note|wrote a note|noose|razors?|blades?"
    # "i used to be a cutter", "four boxes of paracetamol"
    r"|(?:am|was|is|be|been|were) a cutter|(?:boxes|packets) of (?:paracetamol|painkillers|pills|tablets)"
    r"|(?:not|never) (?:want to )?exist|want (?:everything|it all|it) to (?:end|stop)|want to die|wanna die|be dead"
    # self-injury, and the short form used on self-harm forums ("i have not s.i. in 5 days")
    r"|self[- ]?injur\w*|(?:i|not|to|stop|stopped) (?<!convert to )(?<!converting to )(?<!converted to )s\.i(?=\.)",
    r"plan|going to do it|tired of everything|not ok|not okay|keep going|hate my life|hate myself|no one cares"
    # "end" as a verb ("make it end"), not the noun ("near the end", "at the end of the day")
    r"|pointless|give up|giving up|empty|numb|burden|worthless|(?<!the )end(?! of\b)|ending|die|dying|dead|tablets|pills|cutting|cut"
    # "the cuts have grown deeper"
    r"|cuts|deeper|woke up in hospital",
)
