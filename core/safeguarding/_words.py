"""Vocabulary the rules of several kinds share: relations, harm verbs, topics, groups."""

from __future__ import annotations

import re

# A person the writer can name by relation or role: "mum", "my little sister", "our 5 year old".
RELATION = (
    r"(?:mum|dad|mother|father|parents?|stepdad|stepmum|stepfather|stepmother|stepbrother|stepsister"
    r"|brother|sister|bro|nan|gran|granddad|grandma|grandpa|grandad|grandmother|grandfather|uncle|aunt|auntie"
    r"|cousin|nephew|niece|son|daughter|kids?|children|child|baby|babies|toddler|boy|girl|grandson"
    r"|granddaughter|grandchildren|grandchild|grandkids|husband|wife|partner|boyfriend|girlfriend|ex"
    r"|family|friend|mate|best friend|little one|twins?|teen|teenager|\d+ ?(?:year|yr) ?old"
    r"|young people|young person|pupil|pupils|student|foster \w+|carer|sibling|siblings|brothers|sisters)"
)

# The object of a harm verb: the writer, or a person the writer names: "me", "my little sister", "our 5 year old".
VICTIM = (
    r"(?:me|us|myself|(?:my|our|your|his|her|their|the) (?:\w+ ){0,2}?"
    + RELATION
    + r"|mum|dad|nan|gran|my \w+|our \w+|her|him|them|the (?:baby|kids|children))"
)

# Verbs of harm done to someone ("hits me", "touched my sister").
HARM_VERB = (
    r"(?:hit|hits|hitting|beat|beats|beating|bet|batter|batters|battered|battering|punch|punches|punched"
    r"|punching|kick|kicks|kicked|kicking|slap|slaps|slapped|slapping|smack|smacks|smacked|smacking"
    r"|thump|thumps|thumped|whip|whips|whipped|hurt|hurts|hurting|abuse|abuses|abused|abusing|rape|rapes"
    r"|raped|raping|molest|molests|molested|molesting|assault|assaults|assaulted|assaulting|touch|touches"
    r"|touched|touching|grope|gropes|groped|groping|choke|chokes|choked|choking|strangle|strangles"
    r"|strangled|strangling|throttle|throttled|burn|burns|burned|burnt|burning|stab|stabs|stabbed|stabbing"
    r"|shake|shakes|shook|shaking|push|pushes|pushed|pushing|shove|shoves|shoved|drag|drags|dragged"
    r"|grab|grabs|grabbed|grabbing|attack|attacks|attacked|attacking|bite|bites|bit|pinch|pinches|pinched"
    r"|threaten|threatens|threatened|threatening|blackmail|blackmails|blackmailed|blackmailing"
    r"|groom|grooms|groomed|grooming|starve|starves|starved|starving|lock|locks|locked|locking"
    r"|tie|ties|tied|belt|belted|twist|twists|twisted|pin|pins|pinned|stamp on|stamped on|scald|scalded|drown|drowned|headbutt|headbutted|strangle|jump|jumped|rob|robbed|mug|mugged"
    r"|spit on|spits on|spat on|throw things at|throws things at|threw things at|throw stuff at|throws stuff at)"
)

# The same harms said of the person harmed ("i was hit", "my niece is being groomed").
PASSIVE_VERB = (
    r"(?:hit|beaten|beat|bet|battered|abused|touched|kicked|punched|slapped|smacked|thumped|whipped|raped"
    r"|molested|assaulted|groped|attacked|choked|strangled|burnt|burned|stabbed|shaken|pushed|dragged"
    r"|threatened|blackmailed|groomed|exploited|trafficked|starved|locked (?:in|up|out)|tied up"
    r"|forced to|made to|jumped|mugged|robbed|bullied|harassed|stalked|hurt|shouted at and hit"
    r"|belted|leathered|thrashed|caned|strapped|walloped|headbutted|bitten|scalded)"
)

# Words that may stand between the verb and its person: "was sexually abused", "is always being hit".
ADVERB = r"(?:(?:sexually|physically|emotionally|criminally|really|badly|always|still|constantly|often|repeatedly|being|getting|regularly|again) )"

# The subject of a passive: the writer or someone they name.
SUBJECT_PERSON = r"(?:i|we|he|she|(?:my|our) (?:\w+ ){0,2}?" + RELATION + r"|mum|dad|my \w+)"

# Nouns that make a harm word a topic of practice: "self-harm training", "county lines session".
TOPIC = (
    r"(?:training|session|course|workshop|briefing|e-?learning|toolkit|pathway|pathways|conference"
    r"|lesson|leaflet|module|policy|awareness|prevention|strategy|procedure|protocol|referrals?|screening"
    r"|tool|assessment|team|service|services|lead|panel|forum|seminar|webinar|presentation|audit|review"
    r"|plan|plans|data|figures|cases|support|group|week|campaign|play|talk|programme|practice)"
)

# Words that make a harm happen now, which beats the case-talk vetoes.
NOW = r"(?:right now|now|tonight|today|at the moment|as we speak|this minute|immediately)"

# People in general rather than a particular person: "children who...", "young people being...".
GROUP = r"(?:children|young people|kids|pupils|families|people|victims|women|girls|boys|a child|a young person|a baby|the baby|the child|the young person|a teenager|teenagers|teens|students|someone|parents|adolescents|survivors|men|everybody|everyone|anybody|anyone)"

# The text before a harm word ends with a group, so the harm is said of people in general.
DISTANT = (
    r"(?:(?<!my )(?<!our )(?<!her )(?<!his )(?<!their )(?<!young )\b"
    + GROUP
    + r"(?: (?:who|that|which|being|are being|were being|go|going|went)\b[^.!?]*)? $)"
)

# Laughter marks an idiom: "my mum will kill me if i am late lol".
HUMOUR = re.compile(r"\b(?:lol|lool|haha\w*|hehe|jk|joking|lmao|lmfao|rofl)\b|😂|🤣|😅|💀")
