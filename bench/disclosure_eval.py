"""Measure core.safeguarding.detect_concern on the labelled disclosure set.

Usage (from the repository root):

    python bench/disclosure_eval.py [--misses] [--build] [--batch A|B|...|H|R|R2|R3|R4]

``--build`` regenerates tests/data/disclosure_eval.jsonl from the human-editable source
tests/data/disclosure_eval_source.txt ("KIND: text" a line, KIND = none for no concern;
"# voice:" and "# batch:" lines set the voice and batch of the lines that follow).
``--misses`` prints every missed concern and every false alarm. ``--batch`` scores one
batch only. Each batch was scored before the detector was tuned on it: A to H were written
by the team (A before the detector was read, the others each after the previous round of
fixes), R, R2 and R3 are real public text quoted from published pages (the source of each is in
the source file; R2 from pages R did not use, scored after the R fixes; R3 from pages neither used,
scored after the R2 fixes). The figures on a batch before tuning are the honest estimate for unseen text;
docs/disclosures.md has them.

What is counted: a labelled concern is found if detect_concern returns any Concern (the
kind shown is secondary; the share with the same kind is printed as "kind agrees"). The
false-positive rate is the share of "none" texts that get a Concern. Speed is texts per
second on one core (CPU time of this process), best of three passes over the set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.safeguarding import Concern, detect_concern  # noqa: E402

from _timing import best_cpu_seconds  # noqa: E402  (bench/ is the script's folder)

SOURCE = ROOT / "tests" / "data" / "disclosure_eval_source.txt"
DATASET = ROOT / "tests" / "data" / "disclosure_eval.jsonl"


def build() -> int:
    """Turn the marked-up source into the JSONL set; return the number of rows."""
    voice, batch, rows = "", "", []
    for number, raw in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# voice:"):
            voice = line.split(":", 1)[1].strip()
            continue
        if line.startswith("# batch:"):
            batch = line.split(":", 1)[1].strip()
            continue
        if line.startswith("#"):
            continue
        kind, sep, text = line.partition(":")
        if not sep or not kind.isidentifier():
            raise SystemExit(f"{SOURCE.name}:{number}: expected 'KIND: text'")
        kind = kind.strip()
        rows.append(
            {
                "text": text.strip(),
                "label": "none" if kind == "none" else "concern",
                "kind": None if kind == "none" else kind,
                "voice": voice,
                "batch": batch,
            }
        )
    with DATASET.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def load(batch: str | None) -> list[dict]:
    """Read the JSONL set, optionally one batch only."""
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if batch is None or r["batch"] == batch]


def speed(texts: list[str]) -> float:
    """Texts per CPU second, best of three passes."""
    best = best_cpu_seconds(detect_concern, texts)
    return len(texts) / best if best > 0 else float("inf")


def main() -> None:
    """Print recall per kind, false-positive rate, misses and speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--batch")
    args = parser.parse_args()
    if args.build:
        print(f"built {DATASET.relative_to(ROOT)}: {build()} texts")
    rows = load(args.batch)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    agree = 0
    misses: list[dict] = []
    alarms: list[tuple[dict, Concern]] = []
    none_total = 0
    by_voice: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        concern = detect_concern(row["text"])
        if row["label"] == "concern":
            total[row["kind"]] += 1
            if concern is not None:
                found[row["kind"]] += 1
                agree += concern.kind == row["kind"]
            else:
                misses.append(row)
        else:
            none_total += 1
            by_voice[row["voice"]][1] += 1
            if concern is not None:
                alarms.append((row, concern))
                by_voice[row["voice"]][0] += 1
    n_concern = sum(total.values())
    n_found = sum(found.values())
    print(f"texts: {len(rows)} ({n_concern} concerns, {none_total} none)")
    print(
        f"recall on concerns: {n_found}/{n_concern} = {n_found / max(n_concern, 1):.3f}"
        f"   (kind agrees on {agree}/{n_found})"
    )
    for kind in sorted(total):
        print(f"  {kind:<14} {found[kind]:>3}/{total[kind]:<3} = {found[kind] / total[kind]:.3f}")
    print(f"false-positive rate on none: {len(alarms)}/{none_total} = {len(alarms) / max(none_total, 1):.3f}")
    for voice, (bad, n) in sorted(by_voice.items()):
        print(f"  {voice:<45} {bad:>3}/{n}")
    print(f"speed: {speed([r['text'] for r in rows]):,.0f} texts/s (one core, CPU time)")
    if args.misses:
        print("\nmissed concerns:")
        for row in misses:
            print(f"  [{row['kind']}] {row['text']}")
        print("\nfalse alarms:")
        for row, concern in alarms:
            print(f"  [{concern.kind}] {row['text']}")


if __name__ == "__main__":
    main()
