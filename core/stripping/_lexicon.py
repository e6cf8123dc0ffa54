"""Name gazetteers and English word list, loaded once from core/data/names."""

from __future__ import annotations

from dataclasses import dataclass
import threading
from importlib import resources
import gzip
import unicodedata


@dataclass(frozen=True)
class _Lexicon:
    first: dict[str, int]  # normalised first name -> count of bearers (SSA)
    surnames: frozenset[str]
    words: dict[str, int]  # lowercase English word -> SCOWL size (10 = most common)
    upper: dict[str, int]  # capitalised non-name words (days, places, nationalities)
    places: frozenset[str]  # hand-made list: UK places that are also names
    places_weak: frozenset[str]  # GeoNames: UK and Irish places, big world cities, countries
    place_parts: frozenset[str]  # every word of the places written in more than one word


def _read_text(name: str) -> str:
    data = resources.files("core.data.names").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")


def _read_counts(name: str) -> dict[str, int]:
    """A two-column "word<TAB>number" file as a dict (no spaces inside words)."""
    parts = _read_text(name).split()
    return dict(zip(parts[0::2], map(int, parts[1::2])))


_LOAD_LOCK = threading.Lock()


def _lexicon() -> _Lexicon:
    """The lists, loaded once per process (about 0.3 s, 45 MB); threads wait for one load."""
    if _LOADED:
        return _LOADED[0]
    with _LOAD_LOCK:
        if not _LOADED:
            _LOADED.append(_load_lexicon())
    return _LOADED[0]


_LOADED: list[_Lexicon] = []


def _load_lexicon() -> _Lexicon:
    first = _read_counts("first_names.tsv.gz")
    surnames = frozenset(_read_text("surnames.txt.gz").split())
    words = _read_counts("english_words.tsv.gz")
    upper = _read_counts("english_upper.tsv.gz")
    places = frozenset(
        line.strip() for line in _read_text("uk_places.txt").splitlines() if line.strip() and not line.startswith("#")
    )
    places_weak = frozenset(_read_text("places_geonames.txt.gz").splitlines())
    place_parts = frozenset(w for p in places | places_weak if " " in p for w in p.split())
    return _Lexicon(first, surnames, words, upper, places, places_weak, place_parts)


def _norm(token: str) -> str:
    """Lowercase ASCII letters only: "O'Brien" -> "obrien", "Novák" -> "novak"."""
    if token.isascii():
        return "".join(ch for ch in token.lower() if ch.isalpha())
    # letters NFKD does not decompose ("Małgorzata", "Søren", "Đorđe", "Þór") are spelled out
    decomposed = unicodedata.normalize("NFKD", token.lower().translate(_SPELL_OUT))
    return "".join(ch for ch in decomposed if ch.isalpha() and ch.isascii())


_SPELL_OUT = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"}
)
