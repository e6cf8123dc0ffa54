"""Spotting free text that suggests immediate risk or a disclosure of harm.

An anonymous form can receive "I am being hurt" or "a child is in danger now". We cannot
reply to the person, so the confirmation page shows them where to get help at once, and the
response is flagged so staff read it first. This errs towards flagging: a false alarm costs
a member of staff a minute; a missed disclosure can cost far more.

How it works (the rules for ambiguous cases, and how to add a rule, are in docs/disclosures.md):

1. The text is normalised (_normalise.py): lower case, one kind of apostrophe, contractions
   spelt out ("he'll" -> "he will", "dont" -> "do not"), and the texting forms young people use
   ("bf", "pls", "me dad", "touchin", "tonite") mapped to plain words, so one rule covers
   every spelling.
2. Rules (kinds/<kind>.py, one entry each) look for a harm *happening to someone in particular*:
   a verb of harm with the writer or a named relation as its object ("hits me", "touched my
   sister"), the writer or a relation as the subject of a passive ("I was abused", "my niece is
   being groomed"), first-person wishes to die, threats, exploitation, neglect, fear of someone
   at home, running away, a plea for help. Harm words used as a *topic* ("self-harm training",
   "children who go missing", "a suicidal teenager was not assessed") are vetoed because no
   particular person is the victim or the words sit beside a topic noun (_context.py).
3. If no rule fires, the vocabulary layer (_lexicon.py) looks for a kind's strong word, or two
   weaker ones, in a sentence about a particular person.
4. If neither does, a classifier learned from the labelled set (_model.py) flags the text when it
   is confident that it is not "none": real text takes shapes no rule's wording covers.

Nothing here keeps the respondent's text: no cache, no log; a Concern holds a kind and a fixed reason.
"""

from __future__ import annotations

from ._lexicon import vocabulary_concern
from ._model import model_concern
from ._normalise import normalise
from ._table import KINDS, Concern, Rule, Words
from .kinds import afraid, danger, exploitation, harm, help, missing, neglect, radicalisation, self_harm, threat

__all__ = ["KINDS", "RULES", "VOCABULARY", "Concern", "detect_concern", "normalise", "rules_concern"]

_BY_KIND = {
    module.KIND: module
    for module in (danger, self_harm, threat, exploitation, harm, help, radicalisation, missing, neglect, afraid)
}
RULES: tuple[Rule, ...] = tuple(rule for kind in KINDS for rule in _BY_KIND[kind].RULES)
"""Every rule, grouped by kind in the order of KINDS: the first that fires decides the kind reported."""
VOCABULARY: tuple[Words, ...] = tuple(words for words in (_BY_KIND[kind].WORDS for kind in KINDS) if words is not None)
"""Each kind's vocabulary for the second layer, in the order of KINDS."""


def detect_concern(text: str) -> Concern | None:
    """Return the first concern found in `text`, or None."""
    if not text or not text.strip():
        return None
    normalised = normalise(text)
    return rules_concern(normalised) or model_concern(normalised)


def rules_concern(normalised: str) -> Concern | None:
    """The first concern the rules or the vocabulary layer find in normalised text (the learned layer left out)."""
    for rule in RULES:
        for match in rule.regex.finditer(normalised):
            if not rule.veto(normalised, match):
                return Concern(rule.kind, rule.reason)
    return vocabulary_concern(normalised, VOCABULARY)
