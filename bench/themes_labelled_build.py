"""Build analysis/data/themes_labelled.jsonl from its human-editable source.

Usage (from the repository root):

    python bench/themes_labelled_build.py

The source, tests/data/themes_labelled_source.txt, holds one labelled text a line:

    LABELS | SOURCE | text

LABELS is a space-separated list of CODE:P (CODE a short theme code from CODES below, P one of
d = development, g = good_practice, n = neutral), or "-" for a text no codebook theme covers.
SOURCE is a key declared on a "# source KEY: where it comes from" line. "# voice: NAME" sets
the voice of the lines that follow. Other lines starting with "#" are comments. Ids are given
in file order (t0001, t0002, ...), so texts are only ever appended: a committed id keeps its text.
The labelling rules are in tests/data/themes_labelling_guide.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "themes_labelled_source.txt"
DATASET = ROOT / "analysis" / "data" / "themes_labelled.jsonl"

# Short codes keep the source readable; each maps to a taxonomy theme id.
CODES = {
    "info": "information_sharing",
    "maw": "multi_agency_working",
    "cur": "professional_curiosity",
    "voc": "voice_of_child",
    "esc": "escalation_challenge",
    "risk": "risk_assessment",
    "neg": "neglect",
    "da": "domestic_abuse",
    "pv": "parental_vulnerabilities",
    "dad": "fathers_male_carers",
    "thr": "thresholds_early_help",
    "sup": "supervision_workforce",
    "trn": "training_procedures",
    "exp": "exploitation_adolescents",
    "sleep": "safer_sleep_sudi",
    "fam": "family_engagement",
    "nmb": "injury_non_mobile_babies",
    "send": "disability_send",
    "online": "online_harm",
    "cult": "culture_identity",
    "rec": "recording",
    "move": "transitions_moves",
    "plan": "planning_review",
    "health": "health_access",
}
POLARITIES = {"d": "development", "g": "good_practice", "n": "neutral"}
VOICES = {"practitioner", "parent", "young_person", "complaint", "compliment", "review_finding", "audit_finding"}


def parse(text: str) -> list[dict[str, Any]]:
    """Turn the marked-up source into rows; raise SystemExit naming the line on any fault."""
    voice = ""
    sources: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{SOURCE.name}:{number}"
        if not line:
            continue
        if line.startswith("# voice:"):
            voice = line.split(":", 1)[1].strip()
            if voice not in VOICES:
                raise SystemExit(f"{where}: unknown voice {voice!r}")
            continue
        if line.startswith("# source "):
            key, sep, value = line[len("# source ") :].partition(":")
            if not sep or not value.strip():
                raise SystemExit(f"{where}: expected '# source KEY: where it comes from'")
            sources[key.strip()] = value.strip()
            continue
        if line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(" | ", 2)]
        if len(parts) != 3 or not parts[2]:
            raise SystemExit(f"{where}: expected 'LABELS | SOURCE | text'")
        labels, key, body = parts
        if key not in sources:
            raise SystemExit(f"{where}: source {key!r} is not declared")
        if not voice:
            raise SystemExit(f"{where}: no '# voice:' line before the first text")
        themes: list[dict[str, str]] = []
        if labels != "-":
            for label in labels.split():
                code, sep, polarity = label.partition(":")
                if code not in CODES or polarity not in POLARITIES:
                    raise SystemExit(f"{where}: bad label {label!r}")
                themes.append({"id": CODES[code], "polarity": POLARITIES[polarity]})
            if len({theme["id"] for theme in themes}) != len(themes):
                raise SystemExit(f"{where}: a theme is labelled twice")
        rows.append(
            {"id": f"t{len(rows) + 1:04d}", "text": body, "voice": voice, "themes": themes, "source": sources[key]}
        )
    return rows


def main() -> int:
    """Write the JSONL set and print how many texts it holds."""
    rows = parse(SOURCE.read_text(encoding="utf-8"))
    texts = [row["text"] for row in rows]
    if len(set(texts)) != len(texts):
        dupes = sorted({t for t in texts if texts.count(t) > 1})
        raise SystemExit(f"duplicate texts: {dupes[:3]}")
    with DATASET.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts written to {DATASET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
