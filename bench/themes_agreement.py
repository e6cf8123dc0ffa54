"""Agreement between two codings of the labelled theming set (the second-coder check of issue 10).

Usage (from the repository root):

    python bench/themes_agreement.py --sample            # write the blind sample for the second coder
    python bench/themes_agreement.py SECOND.jsonl        # compare a second coding with the set
    python bench/themes_agreement.py --sample --after t1901 --out tests/data/themes_second_coding_sample_2.jsonl
                                                         # a sample of the texts after an id only

``--sample`` writes tests/data/themes_second_coding_sample.jsonl: 100 texts (id, text, voice, no
labels), drawn with a fixed seed in proportion to each voice, for a second coder to label by
tests/data/themes_labelling_guide.md without seeing the first coding. The second coding is JSON
lines of {"id": ..., "themes": [{"id": ..., "polarity": ...}]}. Printed: theme macro-F1 over the
24 codebook themes (first coding as reference), per-theme F1, and, on the themes both coders
assigned, polarity accuracy and Cohen's kappa.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.train import id_number  # noqa: E402

DATASET = ROOT / "analysis" / "data" / "themes_labelled.jsonl"
SAMPLE = ROOT / "tests" / "data" / "themes_second_coding_sample.jsonl"
TAXONOMY = ROOT / "core" / "data" / "taxonomy.json"
SAMPLE_SIZE = 100
SEED = 10


def load(path: Path) -> dict[str, dict[str, Any]]:
    """Rows of a JSONL file keyed by id."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


def write_sample(after: str = "", out_path: Path = SAMPLE) -> None:
    """Draw the blind sample, stratified by voice, and write it without labels: from the texts after the id
    `after` when one is given (ids count up in file order: t0001, t0002...)."""
    rows = [row for row in load(DATASET).values() if not after or id_number(str(row["id"])) > id_number(after)]
    by_voice: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_voice[str(row["voice"])].append(row)
    rng = random.Random(SEED)
    chosen: list[dict[str, Any]] = []
    for voice in sorted(by_voice):
        group = by_voice[voice]
        chosen += rng.sample(group, round(SAMPLE_SIZE * len(group) / len(rows)))
    chosen.sort(key=lambda row: str(row["id"]))
    with out_path.open("w", encoding="utf-8") as out:
        for row in chosen:
            out.write(json.dumps({"id": row["id"], "text": row["text"], "voice": row["voice"]}, ensure_ascii=False))
            out.write("\n")
    print(f"{len(chosen)} texts written to {out_path}")


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa for two coders' categorical labels."""
    total = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / total
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (total * total)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def compare(second_path: Path) -> None:
    """Print theme and polarity agreement between the set and a second coding."""
    first, second = load(DATASET), load(second_path)
    missing = sorted(set(second) - set(first))
    if missing:
        raise SystemExit(f"ids not in the set: {missing[:5]}")
    themes = [theme["id"] for theme in json.loads(TAXONOMY.read_text(encoding="utf-8"))["themes"]]
    counts: dict[str, Counter[str]] = {theme: Counter() for theme in themes}
    pairs: list[tuple[str, str]] = []
    for key, row in second.items():
        gold = {t["id"]: t["polarity"] for t in first[key]["themes"]}
        other = {t["id"]: t["polarity"] for t in row["themes"]}
        for theme in themes:
            counts[theme][
                "tp"
                if theme in gold and theme in other
                else "fp"
                if theme in other
                else "fn"
                if theme in gold
                else "tn"
            ] += 1
        pairs += [(gold[theme], other[theme]) for theme in gold if theme in other]
    f1s = {}
    for theme, c in counts.items():
        denominator = 2 * c["tp"] + c["fp"] + c["fn"]
        # A theme neither coder used in the sample says nothing about agreement: left out of the mean.
        if denominator:
            f1s[theme] = 2 * c["tp"] / denominator
    print(f"texts compared: {len(second)}")
    for theme in (theme for theme in themes if theme in f1s):
        print(
            f"  {theme:28s} F1 {f1s[theme]:.2f}  (tp {counts[theme]['tp']}, fp {counts[theme]['fp']}, fn {counts[theme]['fn']})"
        )
    print(f"theme macro-F1 over the {len(f1s)} themes either coder used: {sum(f1s.values()) / len(f1s):.3f}")
    if pairs:
        accuracy = sum(1 for a, b in pairs if a == b) / len(pairs)
        print(
            f"polarity on {len(pairs)} shared theme labels: accuracy {accuracy:.3f}, Cohen's kappa {kappa(pairs):.3f}"
        )


def main() -> int:
    """Write the sample or compare a second coding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", nargs="?", type=Path, help="the second coder's JSONL")
    parser.add_argument("--sample", action="store_true", help="write the blind sample for the second coder")
    parser.add_argument("--after", default="", help="with --sample: only texts after this id")
    parser.add_argument("--out", type=Path, default=SAMPLE, help="with --sample: where to write it")
    args = parser.parse_args()
    if args.sample:
        write_sample(args.after, args.out)
    elif args.second:
        compare(args.second)
    else:
        parser.error("give --sample or a second coding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
