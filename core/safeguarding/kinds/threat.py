"""Threats: to kill or hurt, to share images, blackmail and sextortion."""

from __future__ import annotations

import re

from .._context import about_others_in_general, keyword_veto, text_after, text_before, topic_veto
from .._table import Rule, Words
from .._words import HUMOUR, VICTIM

KIND = "threat"


def _threat_veto(text: str, match: "re.Match[str]") -> bool:
    """ "My mum will kill me if I'm late lol" is an idiom, not a threat."""
    if re.search(
        r"\b(?:said|says|told|threatened|threatens|keeps saying|swore|promised)\b", text_before(text, match, 40)
    ):
        return False
    if HUMOUR.search(text):
        return True
    return bool(
        re.search(
            r"\b(?:late|report|grades?|marks|homework|results|phone bill|finds out i (?:failed|lost|broke|spent))\b"
            # "my husband will kill me for saying this": the writer owning up to a fond tale (not "for telling")
            r"|^ (?:for|when (?:he|she|they) (?:sees?|reads?|hears?|finds out)) (?:me )?(?:saying|sharing|posting|admitting|writing) (?:this|that)\b",
            text_after(text, match, 40),
        )
    )


# what makes a picture being shared a threat: nudity, blackmail or money
_IMAGE_THREAT = re.compile(
    r"\b(?:nudes?|naked|explicit|intimate|sexual|topless|rude|private|threat\w*|blackmail\w*|sextort\w*|money|pay|paid|demand\w*)\b"
)


def _image_threat_veto(text: str, match: "re.Match[str]") -> bool:
    """Photos "shared on the school website" are news; only nudity, blackmail or money make it a threat."""
    return _IMAGE_THREAT.search(text) is None or topic_veto(text, match)


# "i send photos of my dog to my nan": pictures of a pet, food, a place or an outing
_HARMLESS_PICTURES = re.compile(
    r"\b(?:pics|pictures|photos|images|videos?|snaps) of (?:my|our|the|a|an|his|her|their|some|all the|all our) (?:\w+ )?"
    r"(?:dogs?|cats?|pets?|puppy|puppies|kittens?|hamsters?|rabbits?|horses?|pony|fish|tortoise|food|dinner|tea|lunch|breakfast"
    r"|cakes?|bakes?|baking|garden|flowers|view|sunset|beach|holiday|trip|day out|walk|house|room|drawings?|paintings?|art"
    r"|lego|models?|match|game|concert|show|school play|nativity|sports day|medal|trophy|certificate)\b"
)


def _picture_threat_veto(text: str, match: "re.Match[str]") -> bool:
    """Pictures of a pet, food or a place, with no nudity, blackmail or money, are no threat."""
    if _HARMLESS_PICTURES.search(match.group(0) + text_after(text, match, 40)) and not _IMAGE_THREAT.search(text):
        return True
    return topic_veto(text, match)


RULES: list[Rule] = [
    Rule(
        KIND,
        "mentions a threat to share images",
        r"\b(?:post|share|send|leak|show|put|upload|spread)\b(?: \w+){0,3} (?:pics|pictures|photos|nudes|images|videos?|sexts|snaps)\b"
        r"(?:[^.]{0,30}\b(?:if|unless|to (?:everyone|my|the|all))\b)?"
        r"|\b(?:has|have|got|kept|saved|screenshotted) my (?:nudes|pics|pictures|photos|images|videos?)\b"
        r"|\bif (?:i|you|she|he|we) (?:do not|does not|will not|refuse to|stop) (?:send|sending|pay|paying)\b"
        r"|\b(?:post|share|send|leak|show|upload|spread) the ones (?:he|she|they|i) (?:has|have|got|sent|took)\b"
        # "demanding money, or she would send the photo to all of his followers"
        r"|\bdemand(?:s|ed|ing)? (?:money|cash|\d+|more (?:pics|pictures|photos|nudes|videos))\b[^.!?]{0,25}\bor (?:she|he|they|i) (?:would|will|was going to|were going to|is going to|are going to|d)? ?(?:send|post|share|leak|show|upload|spread)\b"
        r"[^.!?]{0,20}\b(?:photos?|pics?|pictures?|videos?|images?|nudes)\b"
        "",
        _picture_threat_veto,
        example="they said theyll shank me if i dont pay up",
    ),
    Rule(
        KIND,
        "mentions a threat to share images",
        # "sending money to stop his photos from being shared", "the image would be sent to her entire email list"
        r"\b(?:photos?|pics?|pictures?|images?|nudes|videos?)\b(?: \w+){0,2}? (?:from |might |could |would |will )?"
        r"(?:being |be |get |gets |getting |is |are |were |was )?(?:shared|leaked|posted|published|sent to|get out|gets out|going round|spread)\b",
        _image_threat_veto,
        example="he has been sending money to stop his photos from being shared",
    ),
    Rule(
        KIND,
        "mentions blackmail or sextortion",
        r"\bblackmail\w*|\bsextort\w*",
        keyword_veto,
        example="this guy on snap is blackmailing me with pics",
    ),
    Rule(
        KIND,
        "mentions a threat to kill or seriously hurt",
        r"\b(?:said|says|told (?:me|us|her|him)|texted|messaged|keeps saying)\b(?: that)? (?:i am|you are|we are|she is|he is) "
        r"(?:finished(?! (?:with|for|early|now|the|my|doing|at|by|in)\b)|dead|done for|next|a dead \w+|going to pay|going to get it)\b",
        about_others_in_general,
        example="my ex has my address now and said im finished",
    ),
    Rule(
        KIND,
        "mentions a threat to kill or seriously hurt",
        r"\b(?:will|going to|would|threatened to|threatens to|threatening to|swore to|promised to|wants to|is going to|are going to|will come and)"
        r" (?:\w+ )?(?:kill|stab|hurt|shoot|burn|beat|batter|break|cut|smash|jump|get|find|do|attack|rape|slit|strangle|punch|hit|shank|merk|bang)"
        r"(?: \w+)? " + VICTIM + r"\b",
        _threat_veto,
        example="he said he'd kill us",
    ),
    Rule(
        KIND,
        "mentions a threat to kill or seriously hurt",
        r"\b(?:i|you) (?:had )?better watch (?:it|myself|yourself|my back|your back)\b|\b(?:said|says|told (?:me|us)|texts?|texted|messaged)\b[^.]{0,30}\bbetter watch out\b",
        about_others_in_general,
        example="he texted me saying i better watch out",
    ),
    Rule(
        KIND,
        "mentions a threat to kill or seriously hurt",
        r"\b(?:only way|way) (?:i|you|she|we) (?:leave|get out|go)\b[^.!?]{0,20}\bin a (?:box|body bag|coffin)\b"
        r"|\b(?:end up|leave|leaving|go out|carried out|come out)(?: (?:of )?(?:this|the|here|that) (?:house|flat|place|relationship))? in a (?:box|body bag|coffin)\b"
        r"|\b(?:flights?|plane tickets?|passports?|abroad|out of the country)\b[^.!?]{0,40}\b(?:kids|children|baby|son|daughter)\b[^.!?]{0,40}"
        r"\b(?:lose them|lose (?:him|her)|never see|not see|will not (?:bring|come) (?:them |him |her )?back|not coming back)"
        r"|\b(?:kids|children|baby|son|daughter)s? (?:passports?|tickets?)\b[^.!?]{0,40}\b(?:lose them|never see|not see|will not (?:bring|come) (?:them |him |her )?back|not coming back)",
        _threat_veto,
        example="he said i will leave this house in a body bag",
    ),
    Rule(
        KIND,
        "mentions a threat to kill or seriously hurt",
        # reported threats: "he said he wanted to shoot my mum", "i swear you will end up in the hospital", "i am going to kill you if you call the police"
        r"\b(?:said|says|told (?:me|us|her|him)|texted|messaged|saying)(?: that)? (?:he|she|they) (?:wanted|wants) to "
        r"(?:\w+ )?(?:kill|stab|hurt|shoot|burn|beat|batter|strangle|punch|hit) " + VICTIM + r"\b"
        r"|\b(?:you|she|he|they) (?:will|would|are going to|is going to) end up (?:in (?:the |a )?(?:hospital|wheelchair|grave|morgue|coffin|box|body bag)|dead)\b"
        r"(?=[^.!?]{0,80}\b(?:or else|if you (?:ever )?(?:tell|leave|call|go to the police)))"
        r"|\b(?:or else|if (?:i|you) ever|if you (?:tell|leave|call|go to the police))\b[^.!?]{0,60}\b(?:you|she|he|they) (?:will|would|are going to|is going to) end up (?:in (?:the |a )?(?:hospital|wheelchair|grave|morgue|coffin|box|body bag)|dead)\b"
        r"|\b(?:i am going to|i will|i am gonna|i am going to) (?:kill|stab|shoot|strangle) you\b[^.!?]{0,60}\b(?:if you (?:call|tell|go to|leave|ring)|police|your kids|your children|your family)\b",
        _threat_veto,
        example="he said he wanted to shoot my mum",
    ),
]

WORDS: Words | None = Words(
    KIND,
    "mentions a threat to kill or seriously hurt",
    r"sort (?:me|us|her|him) out|do (?:me|us|her|him) in|watch (?:my|your) back|(?:i am|you are) dead|come round and",
    r"threat\w*|gonna|going to get|coming for",
)
