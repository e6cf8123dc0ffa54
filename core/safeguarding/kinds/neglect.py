"""Neglect: no food, left alone, carers drunk or high, no heating, no doctor or dentist."""

from __future__ import annotations

import re

from .._context import about_others_in_general, sentence_of
from .._table import Rule, Words
from .._words import RELATION

KIND = "neglect"

# minutes, another adult there, a teenager, or a day out
_SUPERVISED_OR_OLDER = re.compile(
    r"\b(?:minutes|mins|while (?:i|she|he|we)|with (?:a|her|his|their|my|our) (?:nan|gran|dad|mum|babysitter|sitter|friend|neighbour|aunt\w*)"
    r"|1[4-9] ?(?:year|yr)|teenager|teen|camping|trip|picnic|holiday|festival|hike|expedition)\b"
)


def _supervised_or_older_child_veto(text: str, match: "re.Match[str]") -> bool:
    """A child left for minutes, with another adult, on a trip, or a teenager of 14 or more is not neglect."""
    return _SUPERVISED_OR_OLDER.search(sentence_of(text, match)) is not None or about_others_in_general(text, match)


RULES: list[Rule] = [
    Rule(
        KIND,
        "describes a child left without care",
        r"\b(?:no|never any|not any|not enough|hardly any) food (?:in|at) (?:the|our|my|their|his|her) (?:house|home|flat|place)"
        r"|\bno food (?:at|in) (?:home|the fridge|the cupboards?)\b|\b(?:has not|have not|not) been (?:back|home) (?:since|for)\b|\bthere is never any food\b"
        r"|\b(?:we|i|they|she|he) (?:do not|does not|never) (?:have|get) (?:any |enough )?(?:food|dinner|meals|breakfast|clean clothes)"
        r"|\b(?:have|has|had|got) (?:no|not enough) (?:food|money for food|clean clothes|electric|heating)"
        r"|\bnever (?:washes|cleans|washed|feeds|fed) (?:our|my|their|his|her|us|me|them)"
        r"|\b(?:we|i|they|he|she) (?:smell|stink)\b|\b(?:always|often|constantly) (?:dirty|smelly|unwashed|filthy)"
        r"|\b(?:is|are) never (?:home|in|there|around)\b|\b(?:out|away|gone) all (?:night|weekend|day and night)"
        r"|\bfeed (?:ourselves|myself|themselves)\b"
        r"|\b(?:look after|mind|care for) (?:my|our) (?:\w+ ){0,2}?(?:brothers?|sisters?|siblings)\b[^.]{0,20}\b(?:all night|all day|while|when)\b[^.]{0,30}\b(?:out|away|drunk|asleep|in bed)"
        r"|\b(?:leaves|left|leave|leaving) (?:\w+ ){1,3}?with (?:strangers|anyone|random people|people (?:she|he) (?:hardly|does not) know)"
        r"|\bso (?:she|he|they) can (?:use|score|drink|get high|go out drinking)\b"
        r"|\bspends? (?:all )?(?:the|her|his|their|our) (?:money|benefits|wages) on (?:drink|drugs|booze|alcohol|gambling|weed)"
        r"|\b(?:does not|do not|never) buy (?:any |enough )?food\b"
        r"|\b(?:look after|mind) (?:my|our) (?:\w+ ){0,2}?(?:brothers?|sisters?|siblings)\b[^.]{0,15}\b(?:every night|all night|all day|every day|every weekend)"
        r"|\b(?:always|constantly|often|so|really) (?:hungry|starving)\b(?! for)|\bnot being fed\b|\b(?:do not|does not|never) (?:get )?fed\b"
        r"|\b(?:not|never|have not|has not|had not) (?:had|eaten|got) (?:a proper meal|a meal|anything to eat|any food|food|dinner)\b"
        r"|\b(?:left|leaves|leave|leaving) (?:me |us |them |him |her |(?:the|our|my|their|his|her) (?:\w+ ){0,3}?)?"
        r"(?:alone|on (?:my|our|their|his|her) own|home alone|by (?:myself|ourselves|themselves))"
        r"(?! (?:in the waiting|for (?:a few|ten|five|\d+) minutes))(?:[^.]{0,40}\b(?:every|all (?:day|night|weekend)|at night|nights|overnight|for hours|for days|weekend|while|when|goes out|go out|drinking|and))?"
        r"|\b(?:leaves|left|leave) (?:me|us) to (?:look after|care for|mind)"
        r"|\b(?:is|are) (?:always |often )?left (?:alone|on their own)"
        r"|\b(?:left|leaves|leave) (?:us|me|them) (?:\w+ ){0,3}?for days\b"
        r"|\b(?:mum|dad|parents?|mother|father|she|he) (?:is |are )?(?:always |often )?(?:drunk|high|off (?:her|his|their) face|wasted|out of it|passed out)"
        r"|\b(?:drinks|drinking|using|smoking|on drugs) (?:all day|all the time|every day|every night)"
        r"|\b(?:mum|dad|parents?|mother|father) (?:is|are) (?:using|on|taking|doing) (?:drugs|crack|heroin|smack|coke|spice)"
        r"|\bliving in (?:filth|squalor|dirt|a state|rubbish)|\b(?:dirty|filthy|smelly) clothes\b|\bno clean clothes\b"
        r"|\b(?:poo|poop|dog mess|rubbish|needles) (?:all )?(?:over|on) (?:the|our|their) (?:floor|house|flat)"
        r"|\bno (?:electric|electricity|heating|gas|hot water)\b"
        r"|\b(?:no one|never|does not|do not) (?:takes?|take) (?:me|us|him|her) to (?:the )?(?:doctor|dentist|hospital|school)"
        r"|\b(?:no one|nobody) (?:looks after|cares for|feeds|comes|checks on) (?:me|us|them|him|her|the baby|the kids)?"
        r"|\b(?:cries|crying|screams|screaming) for hours\b"
        r"|\b(?:toddler|baby|little boy|little girl|kids|children|child)\b[^.]{0,40}\balone at (?:\d|night|midnight)"
        r"|\bnever goes to school\b|\bnot been to school for (?:weeks|months)"
        # a carer who drinks or forgets the children; nobody feeding them; food only at school
        r"|\b(?:mum|dad|parents?|mother|father|stepdad|stepmum) (?:(?!never|rarely|not|hardly|does|do|only|sometimes|occasionally)\w+ )?"
        r"(?:drinks|drink|is drinking|are drinking|takes drugs)\b(?![^.]{0,20}\b(?:tea|coffee|water|milk|juice|squash|pop|decaf|smoothies?)\b)"
        r"|\b(?:mum|dad|parents?|mother|father|stepdad|stepmum|she|he)\b(?: \w+){0,3} forgets? (?:about )?"
        r"(?:us|me|to feed (?:us|me|them|the kids|the baby|the children)|to pick (?:us|me) up|we exist)\b"
        r"|\b(?:no one|not|never|rarely|hardly ever)\b(?: \w+){0,3} (?:fed|feeds|feed) (?:us|me|them|him|her|the \w+|(?:my|our) (?:\w+ ){0,2}?"
        + RELATION
        + r")\b"
        r"|\b(?:never|not|rarely|hardly ever) (?:seem to be |seems to be |been |being |get |gets |getting )?fed\b(?! up)"
        r"|\b(?:have not|has not|had not|not|no one has) (?:had|got|have|eaten) (?:any )?(?:food|electric|electricity|heating|gas|hot water|power|anything to eat|a meal)\b(?! bank)"
        r"|\bnot eaten (?:since|for)\b(?![^.]{0,40}\b(?:bug|virus|flu|sick|ill|poorly|operation|surgery|tonsils|fasting|ramadan|appetite)\b)|\b(?:only|just) (?:get|gets|have|has|eat|eats|get fed|gets fed) (?:\w+ )?(?:food|meals?|dinner|lunch|fed)? ?(?:at|from) (?:school|nursery|breakfast club|the food bank)"
        r"|\b(?:go|goes|went|going|sent) to (?:bed|school) hungry\b|\bout (?:at|till|until) all hours\b|\bout (?:on the streets? )?(?:till|until) (?:midnight|\d+ ?(?:am|in the morning))"
        r"|\b(?:in|wearing) (?:just |only )?(?:t shirts?|t-shirts?|shorts|pyjamas)\b[^.]{0,20}\b(?:cold|freezing|snow|winter|rain)",
        about_others_in_general,
        example="we were left on our own all weekend",
    ),
    Rule(
        KIND,
        "describes a child left without care",
        r"\b(?:mum|dad|parents?|mother|father|she|he) (?:sleeps|is asleep|is in bed|stays in bed|lies in bed) all day\b(?![^.]{0,30}\b(?:nights?|night shifts?|ill|poorly|chemo|surgery|operation)\b)"
        r"|\b(?:fridge|cupboards?) (?:is |are )?(?:always |often |just )?(?:empty|bare)\b(?![^.]{0,12}\b(?:because|as|until|till|before|when) (?:we|i|mum|dad|it is|shopping)\b)"
        r"|\bno one (?:goes|comes|picks \w+ up|goes in) to (?:her|him|them|the baby|the kids)\b|\bcries and cries\b"
        r"|\b(?:mum|dad|mummy|daddy|mother|father|parent|carer)\b[^.]{0,12}\b(?:unconscious|collapsed|passed out|unresponsive)\b"
        r"|\b(?:mum|dad|mummy|daddy|mother|father)\b (?:would not|will not|could not|did not|does not|do not) wake(?: up)?(?! up\b)\b(?! (?:for|to|in time|early|on time|until|till)\b)"
        r"|\b(?:looks?|looking) (?:so |really |very |too )(?:thin|skinny|underweight)\b"
        r"|\b(?:not|have not|has not|had not) (?:eaten|had a meal|had food|had anything to eat)(?: properly| much| anything)? (?:in|for) (?:days|\d+ days|two days|three days|ages|a week)\b"
        r"(?![^.]{0,25}\b(?:bug|virus|flu|sick|ill|poorly|operation|surgery|tonsils|fasting|ramadan|appetite)\b)",
        about_others_in_general,
        example="i havent eaten properly in days because theres no money",
    ),
    Rule(
        KIND,
        "describes a child left without care",
        r"\b(?:mum|dad|parents?|mother|father|she|he|they)\b (?:\w+ )?(?:goes|go|went|is|are|disappears|disappeared|has gone|have gone) (?:out |away |off )?for (?:days|nights|whole days|the whole weekend|days at a time|\w+ days|a week|weeks)\b"
        r"(?![^.!?]{0,30}\b(?:work|business|a course|training|hospital|deployed|conference|holidays?|club|trips?|seaside|beach|walks?|walking|shopping)\b)"
        r"(?![^.!?]{0,40}\b(?:comes?|came|coming) (?:back|home) with\b)"
        r"|\b(?:take|takes|took|taking|do|does|doing|smoke|smokes|smoking) (?:stuff|drugs|gear|pills|something|spice|ket|coke|crack)\b[^.!?]{0,30}\b(?:pass out|passed out|out of it|off (?:her|his|their) faces?)"
        r"|\b(?:baby|kids|toddler|children|little \w+)\b (?:is|are|was|were|gets|get) (?:being )?left (?:crying|screaming|alone|on (?:its|her|his|their) own|in (?:the|her|his|their) (?:cot|pram|buggy) (?:all day|for hours|all night|crying|screaming))"
        r"(?! (?:in the waiting|for (?:a few|ten|five|two|\d+) (?:minutes|mins)))"
        r"|\b(?:left|leaves|leave|leaving) (?:the baby|the toddler|him|her|them|the kids|my \w+) in (?:the|his|her|their) (?:cot|pram|car|buggy|bedroom|room) (?:all day|for hours|all night|alone|on (?:her|his|its|their) own)"
        r"(?! (?:for (?:a few|ten|five|two|\d+) (?:minutes|mins)|while i))"
        r"|\bbottle propped|\bpropped (?:up )?bottle"
        r"|\b(?:have not got|not got|do not have|does not have|never had|no) (?:a |any )?(?:toothbrush|toothpaste|clean (?:pants|underwear|socks|uniform)|shoes that fit|proper bed)\b"
        r"(?![^.!?]{0,30}\b(?:so (?:we|i)|bought|got (?:him|her|one|them)|forgot|left it)\b)"
        r"|\b(?:teeth|tooth) (?:are |is )?(?:rotten|rotting|black|falling out)|\bhalf (?:his|her|their|my) teeth\b"
        r"|\b(?:has not|have not|never) (?:ever )?been to (?:a|the) (?:dentist|doctor)\b(?: ever)?"
        r"(?![^.!?]{0,40}\b(?:no (?:nhs )?dentists?|waiting lists?|(?:can|could) not get|no appointments?|no places?|not taking|list|because)\b)"
        r"|\b(?:will not|would not|refuses to|does not|never) take (?:me|him|her|them|us) to (?:the |a )?(?:doctor|dentist|hospital|gp|optician)"
        r"|\b(?:been drinking|been drunk|been high|been using|been on the drink) (?:since|for|all) (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|days|the weekend|two days|three days|yesterday)",
        about_others_in_general,
        example="his teeth are rotten and black",
    ),
    Rule(
        KIND,
        "describes a child left without care",
        # a parent not seen for days (not for work, a holiday or hospital)
        r"\b(?:did not|do not|does not|would not|never) see (?:mum|dad|her|him|them|my \w+|our \w+) for (?:days|weeks|\w+ days)\b"
        r"(?![^.!?]{0,40}\b(?:work\w*|holiday|hospital|trip|deployed|busy|business)\b)",
        about_others_in_general,
        example="sometimes we do not see mum for days",
    ),
    Rule(
        KIND,
        "describes a child left without care",
        # a young child left outside, alone or by themselves ("leaves a 3 year old outside in the middle of the night")
        r"\b(?:leaves?|left|leaving) (?:a|the|her|his|their|my|our|two|three|four|\d) (?:little )?(?:\d+ ?(?:year|yr)[- ]?olds?|babies|baby|toddlers?|kids|children|little ones?|boys?|girls?|son|daughter)\b"
        r" (?:\w+ )?(?:outside|alone|on (?:his|her|their|its) own|home alone|by (?:himself|herself|themselves|itself)|at home|in the (?:flat|house))\b"
        r"|\b(?:\d+ ?(?:mo|months?|year|yr)[- ]?olds?|toddlers?|baby|babies|little ones?) (?:is|are|was|were|gets|get|being) (?:left )?(?:outside |out )?"
        r"(?:alone|on (?:his|her|their|its) own|by (?:himself|herself|themselves|itself))\b"
        r"|\blet (?:the|her|his|their) (?:\w+ )?(?:children|kids|toddlers?|little ones) (?:play|stay|go|be|run) (?:out(?:side)? )?alone\b"
        r"[^.!?]{0,25}\b(?:all (?:the )?time|all day|until late|till late|at night|after dark)\b"
        r"|\b(?:in the house|at home|home|in the flat) (?:by|on) (?:herself|himself|themselves|her own|his own|their own) (?:for|all) (?:a |the )?(?:whole )?(?:day|days|night|nights|weekend|hours)\b"
        # the last food in the house
        r"|\b(?:only|last) (?:bit of )?food (?:we|i|they|she|he) (?:had|have|had left)\b|\bno food (?:in the house|at home)\b",
        _supervised_or_older_child_veto,
        example="it was the last food we had",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "describes a child left without care",
    r"nothing to eat|(?:no|not got any|not have any|not got|without) (?:food|heating|electric|electricity|adult|adults|one to look after)|nappy|stays? in bed all day"
    r"|(?:look|looks|looking) (?:thin|skinny|starved)|not fed|filthy|(?:smashed out of|out of|off) (?:her|his|their) (?:face|head|tits)"
    r"|fend for (?:myself|ourselves|himself|herself|themselves)"
    # "my parents are always drinking and shouting at me"
    r"|(?:always|constantly|all day|every day) drinking(?! (?:coffee|tea|water|juice|milk|fizzy|pop|coke|energy|squash|smoothies))",
    r"starving|hungry|coat|cold|freezing|late at night|for hours|on the streets?|do everything|dirty|alone|on (?:my|their|our) own|drunk|pram|thin"
    r"|nowhere (?:else )?to (?:go|sleep|stay)|no one (?:is |was )?(?:at )?home",
)
