"""The word-facts cache keeps only words of the shipped lists, never a respondent's own words."""

from core.stripping import strip_identifiers
from core.stripping._lexicon import _lexicon, _norm
from core.stripping._tokens import _FACTS
from core.stripping._vocab import _NOT_NAMES


def _in_lists(word: str) -> bool:
    lex = _lexicon()
    low, key = word.lower(), _norm(word)
    return (
        low in lex.words
        or low in lex.upper
        or key in lex.first
        or key in lex.surnames
        or low in lex.places
        or low in lex.places_weak
        or low in _NOT_NAMES
    )


def test_after_stripping_an_unusual_name_the_cache_holds_only_list_words() -> None:
    text = "My social worker Xyloquenta Brightwhistle-Oomph said Zarghunaqx would ring on Tuesday."
    result = strip_identifiers(text)
    assert "Xyloquenta" not in result.text
    assert _FACTS, "the cache is in use for list words"
    assert [w for w in _FACTS if not _in_lists(w)] == []
    assert not {"Xyloquenta", "Brightwhistle-Oomph", "Zarghunaqx"} & set(_FACTS)
