"""Theming: how well the model agrees with the labelled set, against two baselines, and how fast it is.

    .venv/bin/python bench/themes_eval.py [analysis/data/themes_labelled.jsonl] [--folds 5] [--json out.json]
                                          [--since t1742] [--no-cv]

Prints, for the held-out fifth of the labelled set (never used to train the shipped model; see
analysis.themes.is_held_out):
- the model trained on the rest (exactly what `python -m analysis.train` ships): per-theme precision and
  recall, theme macro-F1 (over themes the held-out part uses), polarity accuracy and Cohen's kappa on the
  reference mentions, and kappa of the per-(text, theme) yes/no decisions;
- a keywords-only baseline (a theme when one of its codebook phrases occurs; polarity from judgement cues);
- an always-"development" polarity baseline;
- the held-out texts run together three at a time, as one longer answer on several themes;
then the held-out texts written after --since (t1742: the rounds that paraphrase real reports and people's
own words) scored by a model trained only on the training texts up to it and by the shipped one; then the
same figures by k-fold cross-validation over the training part, and texts per second of predict().
With the shipped polarity reader (analysis/polarity_reader.py; unless LEARNING_LOOP_POLARITY_READER=off), the
held-out figures and the longer answers' again with it blended in, and the reader's own speed.
Goals on held-out text: theme macro-F1 >= 0.75, polarity accuracy >= 0.85.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.polarity_reader import shipped_reader  # noqa: E402
from analysis.theme_eval import baseline_figures, polarity_figures, score  # noqa: E402
from analysis.themes import (  # noqa: E402
    CodebookTheme,
    LabelledText,
    ThemeModel,
    _folds,
    _phrase_pattern,
    normalise,
    shipped_codebook,
    train,
)
from analysis.train import id_number, read_labelled, split  # noqa: E402

_BAD = re.compile(
    r"\b(?:not|no|never|failed|didn't|wasn't|lack\w*|delay\w*|missed|poor|should have|without|nobody)\b|n't\b"
)
_GOOD = re.compile(r"\b(?:good|well|excellent|helpful|helped|effective|thank\w*|listened|strong|great|timely)\b")


def keyword_coder(codebook: Sequence[CodebookTheme]) -> Any:
    """A coder from the codebook's indicative phrases alone, polarity from a few judgement cues."""
    patterns = [(t.id, [_phrase_pattern(p) for p in t.indicative]) for t in codebook]

    def code(text: str) -> dict[str, str]:
        low = normalise(text)
        polarity = "development" if _BAD.search(low) else "good_practice" if _GOOD.search(low) else "neutral"
        return {tid: polarity for tid, ps in patterns if any(p.search(low) for p in ps)}

    return code


def evaluate(train_rows: Sequence[LabelledText], test_rows: Sequence[LabelledText]) -> dict[str, Any]:
    """Train on one part, score the other."""
    model = train(train_rows, shipped_codebook())
    return score(model, test_rows)


def cross_validate(rows: Sequence[LabelledText], folds: int) -> dict[str, Any]:
    """Mean and per-fold theme macro-F1 and polarity accuracy and kappa over k folds."""
    per_fold = []
    for fold in _folds(len(rows), folds):
        held = set(fold.tolist())
        figures = evaluate([r for i, r in enumerate(rows) if i not in held], [rows[i] for i in sorted(held)])
        per_fold.append(
            {k: figures[k] for k in ("theme_macro_f1", "theme_kappa", "polarity_accuracy", "polarity_kappa")}
        )
    mean = {k: round(sum(f[k] for f in per_fold) / len(per_fold), 3) for k in per_fold[0]}
    return {"mean": mean, "folds": per_fold}


def since_figures(
    model: ThemeModel, training: Sequence[LabelledText], held_out: Sequence[LabelledText], since: str
) -> dict[str, Any]:
    """The held-out texts written after `since`, scored by a model trained on the training texts up to
    `since` only and by `model` (trained on the whole training part): the same texts, never trained on by
    either, so the pair shows what the later labelled texts did for text like them."""
    cut = id_number(since)
    later = [r for r in held_out if id_number(r.id) > cut]
    if not later:
        return {}
    earlier = [r for r in training if id_number(r.id) <= cut]
    older = [r for r in held_out if id_number(r.id) <= cut]
    out = {
        "texts": len(later),
        "before": evaluate(earlier, later),
        "after": score(model, later),
        "older_held_out": {"texts": len(older), "after": score(model, older) if older else {}},
    }
    show(f"held out after {since} ({len(later)}), trained to {since}", out["before"])
    show(f"held out after {since} ({len(later)}), trained on all", out["after"])
    if older:
        show(f"held out to {since} ({len(older)}), trained on all", out["older_held_out"]["after"])
    return out


def joined(rows: Sequence[LabelledText], size: int = 3, seed: int = 7) -> list[LabelledText]:
    """The texts shuffled (seeded) and run together `size` at a time, as one longer answer speaking to each one's
    themes: a survey answer is often several sentences on several things, while most labelled texts are one or
    two. A group where two texts share a theme is left out (which polarity would be its label is not known)."""
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    out = []
    for start in range(0, len(shuffled) - size + 1, size):
        group = shuffled[start : start + size]
        labels = [t for r in group for t in r.themes]
        if len({t.id for t in labels}) == len(labels):
            out.append(LabelledText("+".join(r.id for r in group), " ".join(r.text for r in group), tuple(labels)))
    return out


def texts_per_second(model: ThemeModel, rows: Sequence[LabelledText], repeat: int = 20) -> float:
    """predict() throughput on the labelled texts repeated (themes, polarity, evidence and tone)."""
    texts = [r.text for r in rows] * repeat
    model.predict(texts[:50])  # load the embedder and build the token weights first
    start = time.perf_counter()
    model.predict(texts)
    return len(texts) / (time.perf_counter() - start)


def show(name: str, figures: dict[str, Any], per_theme: bool = False) -> None:
    """Print one block of figures."""
    print(
        f"{name:<34} theme macro-F1 {figures['theme_macro_f1']:.3f}  theme kappa {figures['theme_kappa']:.3f}  "
        f"polarity accuracy {figures['polarity_accuracy']:.3f}  polarity kappa {figures['polarity_kappa']:.3f}"
    )
    if per_theme:
        for theme, v in sorted(figures["per_theme"].items()):
            print(f"    {theme:<26} P {v['precision']:.2f}  R {v['recall']:.2f}  F1 {v['f1']:.2f}  n={v['support']}")


def main() -> int:
    """Run the evaluation and print it."""
    parser = argparse.ArgumentParser(description="Theming model evaluation")
    parser.add_argument("labelled", nargs="?", type=Path, default=ROOT / "analysis" / "data" / "themes_labelled.jsonl")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write all figures to this file")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument(
        "--since",
        default="t1742",
        help="also score the held-out texts after this id with a model trained only on the training texts up to it "
        "and with the whole training part (the later rounds paraphrase real reports and feedback; default t1742)",
    )
    args = parser.parse_args()

    rows = read_labelled(args.labelled)
    training, held_out = split(rows)
    print(f"labelled texts {len(rows)}: training {len(training)}, held out {len(held_out)}")
    out: dict[str, Any] = {}
    # Exactly what `python -m analysis.train` ships: trained once, scored on every part below.
    model = train(training, shipped_codebook())
    out["held_out_model"] = score(model, held_out)
    show("held-out, model", out["held_out_model"], per_theme=True)
    out["held_out_keywords"] = baseline_figures(
        held_out, [t.id for t in shipped_codebook()], keyword_coder(shipped_codebook())
    )
    show("held-out, keywords only", out["held_out_keywords"])
    reference = [t.polarity for r in held_out for t in r.themes]
    out["held_out_always_development"] = polarity_figures(["development"] * len(reference), reference)
    print(
        f"{'held-out, always development':<34} polarity accuracy "
        f"{out['held_out_always_development']['polarity_accuracy']:.3f}  "
        f"polarity kappa {out['held_out_always_development']['polarity_kappa']:.3f}"
    )
    print("polarity confusion (reference -> model):", json.dumps(out["held_out_model"]["polarity_confusion"]))
    threes = joined(held_out)
    out["held_out_joined"] = score(model, threes)
    show(f"held-out, run together in 3s ({len(threes)})", out["held_out_joined"])
    reader = shipped_reader()
    if reader is not None:
        # The same model read with the shipped polarity reader blended in, as the app reads it.
        model.reader = reader
        out["held_out_model_with_reader"] = score(model, held_out)
        show("held-out, model + polarity reader", out["held_out_model_with_reader"])
        print(
            "polarity confusion (reference -> model):",
            json.dumps(out["held_out_model_with_reader"]["polarity_confusion"]),
        )
        out["held_out_joined_with_reader"] = score(model, threes)
        show("held-out in 3s, + polarity reader", out["held_out_joined_with_reader"])
        out["reader_mentions_per_second"] = round(reader_rate(reader, held_out), 1)
        print(f"polarity reader alone: {out['reader_mentions_per_second']:.0f} mentions/s (one process)")
        model.reader = None
    if args.since:
        out["since"] = since_figures(model, training, held_out, args.since)
    if not args.no_cv:
        out["cross_validation"] = cross_validate(training, args.folds)
        cv = out["cross_validation"]["mean"]
        print(
            f"{args.folds}-fold CV on the training part: theme macro-F1 {cv['theme_macro_f1']:.3f}  "
            f"theme kappa {cv['theme_kappa']:.3f}  polarity accuracy {cv['polarity_accuracy']:.3f}  "
            f"polarity kappa {cv['polarity_kappa']:.3f}"
        )
    out["texts_per_second"] = round(texts_per_second(model, training), 1)
    print(f"predict(): {out['texts_per_second']:.0f} texts/s (one process, themes + polarity + evidence + tone)")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


def reader_rate(reader: Any, rows: Sequence[LabelledText], count: int = 2000) -> float:
    """Mentions a second the polarity reader reads on its own (held-out texts with their reference themes)."""
    mentions = [(t.id, r.text) for r in rows for t in r.themes][:count]
    started = time.perf_counter()
    reader.read([m[0] for m in mentions], [m[1] for m in mentions])
    return len(mentions) / (time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
