"""Radicalisation: being drawn into violent extremism, attacks planned or copied, bomb-making."""

from __future__ import annotations


from .._context import keyword_veto, topic_veto
from .._table import Rule, Words

KIND = "radicalisation"

RULES: list[Rule] = [
    Rule(
        KIND,
        "describes someone being drawn into violent extremism",
        r"\bradicali[sz]\w+",
        keyword_veto,
        example="my son is being radicalised online",
    ),
    Rule(
        KIND,
        "describes someone being drawn into violent extremism",
        r"\b(?:join|joining) (?:his|their|the|a|them) (?:group|cause|fight|army|jihad|movement)\b[^.]{0,30}(?:fight|war|kill|attack)?"
        r"|\bgo(?:ing)? (?:to )?fight (?:abroad|in|for|overseas)|\b(?:go|going|travel|travelling|move) to (?:syria|iraq|afghanistan)\b|\bmake (?:a|an) (?:bomb|explosive|ied)\b"
        r"|\bkill(?:ing)? (?:people|all|the) (?:who|that) (?:are not|aint|is not) like us"
        r"|\b(?:wants? to|going to|talking about|talks about|talked about) (?:kill|killing|attack|attacking|bomb|bombing|shoot|shooting) "
        r"(?:muslims|jews|immigrants|people|them all|everyone|the school|a school|police|black people|white people|christians|infidels)"
        r"|\bextremist (?:forums|videos|stuff|groups|sites|content|chats|propaganda|material)\b"
        r"|\b(?:far right|far-right|jihadi|isis|nazi|neo-nazi|incel) (?:stuff|videos|forums|content|groups|chats|material|propaganda)\b"
        r"|\brace war\b|\bschool shoot\w*"
        r"|\b(?:how to )?(?:make|making|build|building) (?:\w+ ){0,3}?(?:that|which) (?:explodes?|blows? up|goes off)\b"
        r"|\bhow to (?:make|build) (?:a |an )?(?:bombs?|explosives?|pipe bombs?|guns?)\b",
        topic_veto,
        example="a man in a chat group says i should make a bomb",
    ),
    Rule(
        KIND,
        "describes someone being drawn into violent extremism",
        r"\b(?:attack|bomb|burn down|blow up|shoot up) (?:the|a|that|this) (?:mosque|synagogue|church|temple|gurdwara|refugee)",
        topic_veto,
        example="my friend says we should attack the mosque near us",
    ),
    Rule(
        KIND,
        "describes someone being drawn into violent extremism",
        r"\b(?:do|copy|repeat|do the same as) (?:what )?(?:that|the|this) (?:guy|man|shooter|gunman|bomber|lad) did (?:at|in) (?:the |a |that )?(?:mosque|synagogue|church|school|temple|gurdwara|concert|arena|parade|christchurch|new zealand|columbine|festival)\b"
        r"|\bpipe bombs?\b|\bdetonators?\b",
        topic_veto,
        example="he says he will copy what that gunman did at the synagogue",
    ),
    Rule(
        KIND,
        "describes someone being drawn into violent extremism",
        # membership of a violent extremist group, said of oneself
        r"\b(?:i|we) (?:was|were|am|are|became|become|joined|join|called ourselves|called myself)\b[^.!?]{0,60}"
        r"\b(?:kkk|ku klux klan|neo[- ]?nazis?|white supremacists?|jihadis?|isis|daesh|national action|combat 18|atomwaffen)\b",
        topic_veto,
        example="we called ourselves national action and i joined at 16",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "describes someone being drawn into violent extremism",
    r"fight back against|extremis\w+|jihad\w*|race war|white power|nazis?|kill (?:all )?(?:of )?them all"
    # wanting to die in an attack: "i am just trying to live long enough to die attacking"
    r"|die (?:attacking|in an attack|as a martyr|a martyr|for the cause|for the race)"
    r"|(?:taught|manipulated|groomed|brainwashed|told|made|getting|got) (?:me |us |him |her )?(?:in)?to hate (?:islam|muslims|jews|immigrants|migrants|foreigners|black people|white people|gay people|refugees|asylum seekers)",
    r"join|discord|them|they are the enemy|invaders|fertili[sz]er|chemicals|remember (?:him|me|us|my name)|make (?:them|people) pay"
    r"|martyr\w*|manifesto|shooters?|gunman|propaganda|recruit\w*",
)
