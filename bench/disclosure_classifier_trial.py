"""What the disclosure detector's learned layer adds to its rules, on real text it was not trained on.

Usage (from the repository root):

    python bench/disclosure_classifier_trial.py [--c 16] [--thresholds 0.85 0.9 0.95]

For each batch of real public text in tests/data/disclosure_eval.jsonl (R, R2, R3, ...), the learned layer
(core/safeguarding/_model.py) is trained as tools/train_disclosure_model.py trains it, on every other batch
less the held-out ones, and scored by the shipped scoring code. A text is flagged when the rules or the
vocabulary layer flag it (`rules_concern`), or when the layer gives "none" a probability of at most
1 - threshold. The table prints the rules alone and what the layer adds: recall on the batch's concerns and
false alarms on its "none" texts. A held-out batch (HELD_OUT) is scored with the shipped model too.

Read it with the batches' history (docs/disclosures.md): the rules were tuned on each real batch after it was
scored blind, so on a batch the rules have seen, their recall is flattering and what the layer adds is small;
the false alarms it adds are honest on every batch. A held-out batch measures both on unseen text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.safeguarding import normalise, rules_concern  # noqa: E402
from core.safeguarding._model import model, read_model  # noqa: E402
from tools.train_disclosure_model import HELD_OUT, train  # noqa: E402

DATASET = ROOT / "tests" / "data" / "disclosure_eval.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=16.0, help="inverse regularisation strength")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.85, 0.9, 0.95])
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    texts = [normalise(r["text"]) for r in rows]
    concern = [r["label"] == "concern" for r in rows]
    by_rules = [rules_concern(t) is not None for t in texts]
    real = sorted({r["batch"] for r in rows if r["batch"].startswith("R")}, key=lambda b: (len(b), b))
    print(f"C = {args.c}; each cell: recall on concerns / false alarms on none (change from the rules alone)")
    print(f"{'batch':<9} {'texts':>5}  {'rules alone':<13}" + "".join(f"  or p >= {t:<20}" for t in args.thresholds))
    for batch in real:
        held = batch in HELD_OUT
        layer = model() if held else read_model(train([r for r in rows if r["batch"] != batch], args.c, 0.0))
        test = [i for i, r in enumerate(rows) if r["batch"] == batch]
        p = {i: 1.0 - layer.probabilities(texts[i])["none"] for i in test}
        positives = [i for i in test if concern[i]]
        negatives = [i for i in test if not concern[i]]

        def rates(flagged: dict[int, bool]) -> tuple[float, float]:
            return (
                sum(flagged[i] for i in positives) / max(len(positives), 1),
                sum(flagged[i] for i in negatives) / max(len(negatives), 1),
            )

        recall, alarms = rates({i: by_rules[i] for i in test})
        line = f"{batch + (' (held)' if held else ''):<9} {len(test):>5}  {recall:.3f} / {alarms:.3f}"
        for threshold in args.thresholds:
            r, a = rates({i: by_rules[i] or p[i] >= threshold for i in test})
            line += f"  {r:.3f} / {a:.3f} ({r - recall:+.3f}/{a - alarms:+.3f})"
        print(line)


if __name__ == "__main__":
    main()
