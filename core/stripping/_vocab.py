"""Shared word sets and small types for the stripping rules."""

from __future__ import annotations

from typing import NamedTuple
import re


class _Cand(NamedTuple):
    start: int
    end: int
    kind: str
    reason: str
    priority: int


# Domain words and text-speak that the gazetteers hold as names but that are not names in
# this setting (agencies, roles, apps, kin words, text-speak; the school, health and SEND
# acronyms parents write after "my son": "my son SEMH", "PDA", "EBSA"). Hand list, reviewed.
_NOT_NAMES = frozenset(
    """
    i im ive id ill dont cant wont didnt doesnt isnt wasnt arent werent havent hasnt hadnt
    couldnt wouldnt shouldnt thats whats hes shes theyre youre were weve theyve youve lets
    ok okay hiya hi hey yeah yea yep yup nope nah naw lol lmao omg tbh idk btw pls plz thx ty
    tysm xx xxx xo bc coz cuz cos innit bruv gonna wanna gotta dunno ya ye u ur tho abt rn ngl
    fr smh asap re fyi aka etc vs ps nb eg ie mr mrs ms mx dr sir miss madam maam
    mum mam mom mummy mommy mama ma dad daddy papa pa nan nana nanna nanny gran granny grandma
    grandmam grandad granddad grandpa grandparent grandparents auntie aunty uncle cuz bro sis
    hun hubby bestie bf gf babe baby bby fam mate mates lad lads
    littlun littleun lilun youngun youngin
    ofsted camhs nspcc childline cafcass kooth mash marac mappa lado senco sendco ehcp ehc
    cin cp lac cla csc cse cce dsl dsp gp gps nhs icb ccg cdop lscb lscp sen send adhd asd
    pru prus iro iros pcso pcsos hv hvs sw sws yos yot fgc ta tac tafs caf snap insta ig
    snapchat instagram tiktok whatsapp facebook fb youtube yt roblox fortnite minecraft xbox
    mumsnet netmums reddit
    playstation ps4 ps5 discord twitter google amazon tesco asda aldi lidl morrisons greggs
    primark argos covid zoom teams jesus allah god christmas easter eid ramadan diwali
    hanukkah vaisakhi english british welsh scottish irish polish romanian asian european
    african caribbean muslim christian hindu sikh jewish catholic roma romany gypsy gypsies
    traveller travellers
    dari pashto farsi tigrinya amharic lingala twi oromo sorani kurmanji sylheti mirpuri pothwari
    pahari tagalog punjabi urdu bengali bangla gujarati somali
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    january february march april june july august september october november december
    year years yr yrs today tomorrow yesterday tonight
    child children parent parents carer carers family families council police school
    county borough city town village estate ward unit hub team
    st cmon bot user admin agent customer operator caller
    netflix deliveroo uber ubereats justeat spotify disney vinted depop ebay paypal klarna
    nintendo pokemon samaritans barnardos barnardo sainsburys sainsbury mcdonalds kfc poundland wilko
    nandos specsavers currys primark
    nike adidas gucci iphone ipad samsung android snapchats instagrams tiktoks youtuber
    oculus twitch reddit tumblr omegle yubo wizz kik hinge tinder grindr bumble
    robux vbucks v-bucks steam fifa valorant brawl stars pubg gta fanbase onlyfans
    mencap nacro kidscape tusla turn2us spurgeons locala humankind safelives ceop thinkuknow
    childnet mosac chathealth togetherall mindmate healios youngminds actionforchildren
    internetmatters parentzone catch22 nwg
    bae bby bbz hubz wifey mams dads bros sis sisters mates fam famalam mandem gyaldem
    anyhoo erm erms umm hmm hmmm aww awww ahh argh urgh ugh eek yay woo whoop fwd fw rt
    iban bic sort pin otp sim imei vin dob
    asc semh pda ocd ebsa slcn fasd arfid ptsd cptsd dcd gdd spld mld sld pmld aln asn ehcna iep
    fsm bsl gcse gcses sats cbt dbt slt lsa hlta sendiass ipsea cyp yp ot ap icu nicu picu scbu
    pshe rse dla sgo epo icpc rcpc plo eal ebd sebd besd neet ewo ews eotas ehe uasc ibs uti msi aac
    taf fip eip jsa ibp dso cypmhs hdu mri ecg eeg makaton eupd eyfs btec alevel ict idva isva chisva
    sarc eet esol utc ucas
    xoxo haha hahaha lmfao rofl wtf ffs pmsl ikr imo imho tbf tho smh jk brb ttyl gr8 l8r
    """.split()
)


# Upper-case words from the word list (places, days, nationalities) block a name unless the
# name is this common (John, Jordan, Christian are names far more often than places).
_UPPER_OVERRIDE = 100_000


_UPPER_NAMES = frozenset("muhammad mccoy emmy".split())


_LOCATIVE = frozenset("in at from near around into across towards toward via outside through between".split())


# Verbs and nouns of movement: "moved to X", "a trip to X" make X a place, not a person.
_MOTION = frozenset(
    """
    moved move moving moves went go goes going gone came come comes back sent send sending
    travelled traveled travel trip holiday holidays returned return relocated drove driven
    flew flown fled taken took placed placement way route train bus transferred
    """.split()
)


# Words commonly title-cased inside service names: a neighbouring one means the capital
# letter comes from a title ("Youth Justice Service", "Early Help Hub"), not a name.
_TITLE_WORDS = frozenset(
    """
    help early service services team hub unit centre center support care social health
    children childrens family families court youth justice mental safeguarding partnership
    board council authority police school college academy nursery trust foundation project
    programme program house home hall church chapel mosque temple clinic hospital surgery
    practice ward department office panel meeting conference plan review group network
    forum line club community housing education learning sure start futures hope grace
    """.split()
)
# Words after a name that make it part of the name of a place, law or organisation:
# "Great Ormond Street", "Clare's Law", "Alder Hey Children's Hospital".
_EPONYM_NEXT = frozenset(
    """
    street st road rd lane avenue ave close drive way crescent grove gardens terrace mews
    square place court park parade estate hospital hospice infirmary
    surgery clinic practice school academy college university nursery centre center church
    chapel cathedral mosque temple trust foundation law act day syndrome disease
    council police station library museum prison ward unit memorial
    """.split()
)
_MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)
_TIME_PREPS = frozenset(
    "in on by since until till from during of last next early late mid this every before after".split()
)


# Speech and action verbs after a name ("Sarah said", "Will was") and other strong cues.
_NAME_NEXT = frozenset(
    """
    said says told tells asked asks rang rings phoned phones texted texts emailed emails
    messaged messages explained explains shouted screamed cried laughed replied answered
    was is has had went goes came comes wants wanted needs needed lives lived loves loved
    hates hated likes liked got gets kept keeps left leaves stayed stays started starts
    ran runs hit hits did does didn't doesn't wasn't isn't hasn't won't can't couldn't
    wouldn't should shouldn't would could will can may might must and or who whose
    spent spends worked works moved moves became becomes gave gives took takes made makes
    lost found saw sees knew knows thought thinks felt feels tried tries used uses needs
    began begins joined joins helped helps wrote writes brought brings sent sends
    """.split()
)


_NAME_NEXT_STRONG = frozenset(
    """
    said says told tells asked asks rang phoned texted emailed messaged explained shouted
    screamed cried laughed replied answered went came lives lived wants wanted hates hated
    """.split()
)


_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’][^\W\d_]|-[^\W\d_])*", re.UNICODE)


_RELATION_WORDS = (
    "mum mam mom mother mummy mommy dad daddy father son daughter brother sister bro sis "
    "nan nana nanna nanny gran granny grandma grandmother grandad granddad grandpa "
    "grandfather grandson granddaughter aunt auntie aunty uncle cousin niece nephew "
    "stepmum stepdad stepmother stepfather stepson stepdaughter stepbrother stepsister "
    "husband wife partner boyfriend girlfriend bf gf fiance fiancee ex friend mate bestie "
    "pal neighbour neighbor baby child kid toddler sibling twin carer lodger flatmate "
    "worker teacher headteacher head tutor nurse midwife doctor gp officer manager "
    "counsellor counselor therapist advocate mentor coach keyworker caseworker senco "
    "psychologist psychiatrist paediatrician consultant visitor sw hv iro pcso childminder "
    "solicitor lawyer guardian fella bloke boo man ds dd dh dp dsd dss xh xp mil fil sil bil"
).split()


_RELATION_SET = frozenset(_RELATION_WORDS)


# Kin words that take a name with no determiner ("Nan Pat", "Uncle Tony", "Auntie Bev").
_KIN_DIRECT = frozenset(
    "nan nana nanna nanny gran granny grandma grandad granddad grandpa aunt auntie aunty "
    "uncle cousin mum mam dad sister brother".split()
)


_DETERMINERS = frozenset("my his her their our your the a an me mine whose its".split())
_POSSESSIVES = frozenset("my our his her their your".split())


# Words for a child that take a name after a possessive, as kin words do: "my boy Alfie",
# "our youngest, ROSIE,", "my little one Rosie" ("one" only after "little", "youngest"...).
# Plurals take several: "my twins ROSIE and LILY", "my kids alfie and maisie".
_KIN_PLURALS = frozenset(
    """boys girls kids sons daughters twins children grandchildren grandkids grandsons granddaughters
    brothers sisters nephews nieces stepsons stepdaughters""".split()
)
_CHILD_WORDS = frozenset("boy girl lad lass youngest eldest oldest middle one".split()) | _KIN_PLURALS
_CHILD_ONE_BEFORE = frozenset("little youngest eldest oldest middle young baby wee small".split())
# A number of children before a plural: "I have two sons, ALFIE and TOMMY".
_KIN_COUNTS = frozenset("two three four five six seven eight both twin".split())
# Between a possessive and a word for a child: "my little boy", "our two girls", "her baby girl".
_CHILD_WORD_BEFORE = _CHILD_ONE_BEFORE | frozenset("baby big two three four five both twin older younger".split())


_TITLE_TOKENS = {
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "mx": "Mx",
    "dr": "Dr",
    "prof": "Prof",
}


_TITLES_CASED = frozenset(
    "Miss Sir Dame Lady Lord Rev Revd Father Fr Sister Cllr Councillor PC DC DS DI DCI Sgt "
    "Insp Inspector Sergeant Constable Officer Nurse Judge Pastor Imam Rabbi Mrs Mr Ms Mx Dr "
    "Prof Professor Master Mister".split()
)


_NAME_CUE_RE = re.compile(
    r"(?:\bname(?:'s|’s| is| was|\?)|\bname\s*[:=-]|\bi am called|\bi'?m called|\bcall(?:s|ed)? me|\bi'?m|\bi’m|\bi am"
    r"|\bgoes by|\bknown as|\bnamed|\bcalled|\bdear|\bhi|\bhello|\bthanks|\bthank you"
    r"|\bregards,?|\bsigned|\blove from|\bfrom:|\bsays|\bsaid|\bspoke (?:to|with)"
    r"|\btalk(?:ed|ing)? to|\bsaw|\bmet|\baka|\ba\.k\.a\.?|\bnicknamed|\bcalls (?:him|her)self)\s*[\"“'‘]?\s*$",
    re.IGNORECASE,
)


_STRONG_CUES = ("name", "called", "call", "goes by", "known as", "named", "aka", "a.k.a", "nicknamed")
_PARTICLES = frozenset("van von der den de da di du del della le la ten ter bin ibn al el st".split())


_CONTRACTION_RE = re.compile(r"['’](?:t|m|re|ve|ll|d)$", re.IGNORECASE)


_SENT_BOUNDARY = frozenset('.!?\n:;"“”•*>|')


_CAMEL_RE = re.compile(r"^(?!Mc|Mac|O['’]|D['’]|De|Di|Da|La|Le|Van|Von)[A-Z][a-z]+[A-Z]")


_ORG_WORDS = frozenset(
    """
    road street lane avenue close drive way council ltd limited plc inc group services
    university hospital surgery clinic station airport park centre center court prison
    """.split()
)


_FUNCTION_WORDS = frozenset(
    """
    a an the and or but if so as at by for from in into of off on onto out over to up upon
    with without is are was were be been being am do does did done have has had having will
    would shall should can could may might must not no nor yes i me my mine you your yours
    he him his she her hers it its we us our ours they them their theirs this that these
    those there here what which who whom whose when where why how all any both each few
    more most other some such only own same than too very just now then also again still
    ever never always often really about after before because while until since though
    although get got gets go goes went going come came comes said say says told tell
    """.split()
)


_PERSON_NOUNS = frozenset(
    "girl boy lad man woman bloke guy person someone somebody friend child kid baby son "
    "daughter worker lady gentleman fella teenager student pupil".split()
)
