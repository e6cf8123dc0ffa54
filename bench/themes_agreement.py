"""Agreement between two codings of the labelled theming set (the second-coder check of issue 10).

Usage (from the repository root):

    python bench/themes_agreement.py --sample            # write the blind sample for the second coder
    python bench/themes_agreement.py SECOND.jsonl        # compare a second coding with the set
    python bench/themes_agreement.py --sample --after t1901 --out tests/data/themes_second_coding_sample_2.jsonl
                                                         # a sample of the texts after an id only

``--polarity-sample`` writes tests/data/themes_polarity_recoding_sample.jsonl: 400 of the held-out texts
(never trained on), each with the first coder's themes but not their polarities, for coders to give each
listed theme a polarity blind to the first coding and to the model. ``--polarity A.jsonl B.jsonl``
compares those codings ({"id": ..., "polarity": {theme: polarity}}) with the set and with the shipped
model: agreement between every pair of coders, and the model's accuracy against each coder, against the
majority of the three codings, and on the mentions all three coders agree on. The held-out figure in
docs/themes.md is against the first coding alone; this says how much of the model's shortfall there is
disagreement people would have too.

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

from analysis.train import id_number, is_held_out  # noqa: E402

DATASET = ROOT / "analysis" / "data" / "themes_labelled.jsonl"
SAMPLE = ROOT / "tests" / "data" / "themes_second_coding_sample.jsonl"
TAXONOMY = ROOT / "core" / "data" / "taxonomy.json"
SAMPLE_SIZE = 100
SEED = 10
POLARITY_SAMPLE = ROOT / "tests" / "data" / "themes_polarity_recoding_sample.jsonl"
POLARITY_SAMPLE_SIZE = 400
POLARITIES = ("development", "good_practice", "neutral")


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


def write_polarity_sample(out_path: Path = POLARITY_SAMPLE) -> None:
    """Draw held-out texts at random and write them with their themes but without polarities."""
    rows = sorted(
        (row for row in load(DATASET).values() if is_held_out(str(row["id"]))), key=lambda r: id_number(r["id"])
    )
    chosen = sorted(random.Random(SEED).sample(rows, POLARITY_SAMPLE_SIZE), key=lambda r: id_number(r["id"]))
    with out_path.open("w", encoding="utf-8") as out:
        for row in chosen:
            themes = [t["id"] for t in row["themes"]]
            out.write(json.dumps({"id": row["id"], "text": row["text"], "voice": row["voice"], "themes": themes}))
            out.write("\n")
    print(f"{len(chosen)} texts, {sum(len(r['themes']) for r in chosen)} mentions written to {out_path}")


def _accuracy(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return "no mentions"
    right = sum(1 for a, b in pairs if a == b)
    return f"{right / len(pairs):.3f} on {len(pairs)} mentions (kappa {kappa(pairs):.3f})"


def compare_polarity(paths: list[Path]) -> None:
    """Print agreement among the first coding and the re-codings, and the shipped model's against each."""
    from analysis.themes import load_model

    first = load(DATASET)
    codings: dict[str, dict[tuple[str, str], str]] = {
        "first coder": {(k, t["id"]): t["polarity"] for k, row in first.items() for t in row["themes"]}
    }
    for path in paths:
        coded: dict[tuple[str, str], str] = {}
        for key, row in load(path).items():
            if key not in first or not is_held_out(key):
                raise SystemExit(f"{path}: {key} is not a held-out text of the set")
            for theme, polarity in row["polarity"].items():
                if polarity not in POLARITIES or (key, theme) not in codings["first coder"]:
                    raise SystemExit(f"{path}: {key} {theme} {polarity!r} is not a listed theme and polarity")
                coded[(key, theme)] = polarity
        codings[path.stem] = coded
    mentions = sorted(set.intersection(*(set(c) for c in list(codings.values())[1:])))
    model = load_model()
    predicted = dict(
        zip(mentions, model.polarity_of([first[k]["text"] for k, _ in mentions], [t for _, t in mentions]))
    )
    codings["model"] = predicted
    names = list(codings)
    print(f"mentions every re-coder coded: {len(mentions)} in {len({k for k, _ in mentions})} held-out texts")
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            print(f"  {a} / {b}: {_accuracy([(codings[a][m], codings[b][m]) for m in mentions])}")
    people = names[:-1]
    majority: dict[tuple[str, str], str] = {}
    for m in mentions:
        label, votes = Counter(codings[p][m] for p in people).most_common(1)[0]
        if votes * 2 > len(people):
            majority[m] = label
    unanimous = [m for m in mentions if len({codings[p][m] for p in people}) == 1]
    print(
        f"model against the majority of the {len(people)} codings: {_accuracy([(predicted[m], majority[m]) for m in majority])}"
    )
    print(
        f"model where all {len(people)} codings agree: {_accuracy([(predicted[m], codings[people[0]][m]) for m in unanimous])}"
    )
    print("first coder against the majority: " + _accuracy([(codings[people[0]][m], majority[m]) for m in majority]))


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
    parser.add_argument("--polarity-sample", action="store_true", help="write held-out texts for polarity re-coding")
    parser.add_argument("--polarity", nargs="+", type=Path, help="compare polarity re-codings of that sample")
    parser.add_argument("--after", default="", help="with --sample: only texts after this id")
    parser.add_argument("--out", type=Path, default=SAMPLE, help="with --sample: where to write it")
    args = parser.parse_args()
    if args.polarity_sample:
        write_polarity_sample()
    elif args.polarity:
        compare_polarity(args.polarity)
    elif args.sample:
        write_sample(args.after, args.out)
    elif args.second:
        compare(args.second)
    else:
        parser.error("give --sample or a second coding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
