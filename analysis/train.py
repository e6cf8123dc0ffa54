"""Rebuild the shipped theming model from the labelled set.

    python -m analysis.train analysis/data/themes_labelled.jsonl [--out analysis/models]

Trains on the labelled texts outside the held-out fifth (`analysis.themes.is_held_out`), scores the
held-out fifth, and writes analysis/models/themes.npz and themes.json. The same labelled file gives the
same arrays, byte for byte; the JSON records the training date (SOURCE_DATE_EPOCH fixes it too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from analysis.themes import (
    MODEL_DIR,
    POLARITIES,
    LabelledText,
    ThemeLabel,
    ThemeModel,
    is_held_out,
    shipped_codebook,
    train,
)


def read_labelled(path: Path) -> list[LabelledText]:
    """The labelled set: one JSON object a line with id, text and themes [{id, polarity}]."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                themes = tuple(ThemeLabel(t["id"], t["polarity"]) for t in item["themes"])
                rows.append(LabelledText(str(item["id"]), str(item["text"]), themes))
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{number}: not a labelled text ({exc})") from exc
    return rows


def id_number(text_id: str) -> int:
    """The number in a labelled text's id (t0001 -> 1): ids count up in file order, and the number keeps
    counting where the zero-padded text would not sort (t9999 < t10000)."""
    return int(text_id.lstrip("t"))


def split(rows: Sequence[LabelledText]) -> tuple[list[LabelledText], list[LabelledText]]:
    """(training rows, held-out rows)."""
    return [r for r in rows if not is_held_out(r.id)], [r for r in rows if is_held_out(r.id)]


def training_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def build(path: Path) -> tuple[ThemeModel, dict[str, Any]]:
    """Train on the training part of the labelled file and score the held-out part."""
    from analysis.theme_eval import score

    rows = read_labelled(path)
    training, held_out = split(rows)
    model = train(
        training,
        shipped_codebook(),
        metadata={
            "trained_on": training_date(),
            "labelled_set": {
                "file": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "texts": len(rows),
                "training": len(training),
                "held_out": len(held_out),
            },
            "polarities": list(POLARITIES),
        },
    )
    figures = score(model, held_out) if held_out else {}
    model.metadata["held_out_evaluation"] = figures
    return model, figures


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m analysis.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("labelled", type=Path, help="the labelled set (JSON lines)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for themes.npz and themes.json")
    args = parser.parse_args(argv)
    model, figures = build(args.labelled)
    model.save(args.out)
    print(f"trained on {model.metadata['texts']} texts; wrote {args.out}/themes.npz and themes.json")
    summary = {k: figures[k] for k in ("theme_macro_f1", "polarity_accuracy", "polarity_kappa") if k in figures}
    print("held-out:", json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
