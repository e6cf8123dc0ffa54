"""Name gazetteers and English word list, loaded once from core/data/names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
import gzip
import unicodedata




@dataclass(frozen=True)
class _Lexicon:
    first: dict[str, int]  # normalised first name -> count of bearers (SSA)
    surnames: frozenset[str]
    words: dict[str, int]  # lowercase English word -> SCOWL size (10 = most common)
    upper: dict[str, int]  # capitalised non-name words (days, places, nationalities)
    places: frozenset[str]


def _read_lines(name: str) -> list[str]:
    data = resources.files("core.data.names").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8").splitlines()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    first: dict[str, int] = {}
    for line in _read_lines("first_names.tsv.gz"):
        n, _, c = line.partition("\t")
        first[n] = int(c)
    surnames = frozenset(line.partition("\t")[0] for line in _read_lines("surnames.tsv.gz"))
    words: dict[str, int] = {}
    upper: dict[str, int] = {}
    for line in _read_lines("english_words.tsv.gz"):
        parts = line.split("\t")
        if len(parts) == 3:
            upper[parts[0]] = int(parts[1])
        else:
            words[parts[0]] = int(parts[1])
    places = frozenset(
        line.strip() for line in _read_lines("uk_places.txt") if line.strip() and not line.startswith("#")
    )
    return _Lexicon(first, surnames, words, upper, places)


def _norm(token: str) -> str:
    """Lowercase ASCII letters only: "O'Brien" -> "obrien", "Novák" -> "novak"."""
    if token.isascii():
        return "".join(ch for ch in token.lower() if ch.isalpha())
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed.lower() if ch.isalpha() and ch.isascii())
