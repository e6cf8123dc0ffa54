"""Agreement figures for theming: per-theme precision and recall, macro-F1, polarity accuracy, Cohen's kappa.

Pure: compares predicted and reference codings of the same texts. Used by the training command, the
evaluation bench and (with staff corrections as the reference) the findings page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Hashable, Sequence

from analysis.themes import POLARITIES, LabelledText, ThemeModel

Coding = dict[str, str]  # theme id -> polarity, for one text


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two codings of the same items (1 is full agreement, 0 is chance); 0 when undefined."""
    if len(a) != len(b):
        raise ValueError("the two codings must have the same length")
    n = len(a)
    if n == 0:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def theme_figures(predicted: Sequence[Coding], reference: Sequence[Coding], theme_ids: Sequence[str]) -> dict[str, Any]:
    """Per-theme precision, recall and F1 and their macro-average over themes the reference uses."""
    per_theme: dict[str, dict[str, float]] = {}
    decisions_p: list[bool] = []
    decisions_r: list[bool] = []
    for theme in theme_ids:
        tp = fp = fn = 0
        for p, r in zip(predicted, reference):
            decisions_p.append(theme in p)
            decisions_r.append(theme in r)
            tp += theme in p and theme in r
            fp += theme in p and theme not in r
            fn += theme not in p and theme in r
        if tp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_theme[theme] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": tp + fn,
        }
    macro = sum(v["f1"] for v in per_theme.values()) / len(per_theme) if per_theme else 0.0
    return {
        "theme_macro_f1": round(macro, 3),
        "theme_kappa": round(cohen_kappa(decisions_p, decisions_r), 3),
        "per_theme": per_theme,
    }


def polarity_figures(predicted: Sequence[str], reference: Sequence[str]) -> dict[str, Any]:
    """Accuracy and Cohen's kappa of polarities of the same theme mentions."""
    n = len(reference)
    accuracy = sum(p == r for p, r in zip(predicted, reference)) / n if n else 0.0
    return {
        "polarity_accuracy": round(accuracy, 3),
        "polarity_kappa": round(cohen_kappa(predicted, reference), 3),
        "polarity_mentions": n,
        "polarity_confusion": {
            r: {p: sum(1 for a, b in zip(predicted, reference) if b == r and a == p) for p in POLARITIES}
            for r in POLARITIES
        },
    }


def reference_codings(rows: Sequence[LabelledText]) -> list[Coding]:
    """Each labelled text's coding."""
    return [{t.id: t.polarity for t in row.themes} for row in rows]


def score(model: ThemeModel, rows: Sequence[LabelledText]) -> dict[str, Any]:
    """The model's theme and polarity figures on labelled rows (polarity judged on the reference mentions)."""
    results = model.predict([r.text for r in rows])
    predicted = [{m.id: m.polarity for m in res.themes} for res in results]
    figures = theme_figures(predicted, reference_codings(rows), model.theme_ids)
    texts = [r.text for r in rows for _ in r.themes]
    themes = [t.id for r in rows for t in r.themes]
    figures.update(polarity_figures(model.polarity_of(texts, themes), [t.polarity for r in rows for t in r.themes]))
    figures["texts"] = len(rows)
    return figures


def baseline_figures(
    rows: Sequence[LabelledText], theme_ids: Sequence[str], code: Callable[[str], Coding]
) -> dict[str, Any]:
    """Figures of a rule-based coder (text -> coding) on labelled rows, polarity on the reference mentions."""
    predicted = [code(r.text) for r in rows]
    figures = theme_figures(predicted, reference_codings(rows), theme_ids)
    guesses = [code(r.text) for r in rows for _ in r.themes]
    polarity = [g.get(t.id, next(iter(g.values()), "development")) for g, t in zip(guesses, _mentions(rows))]
    figures.update(polarity_figures(polarity, [t.polarity for t in _mentions(rows)]))
    return figures


def _mentions(rows: Sequence[LabelledText]) -> list[Any]:
    return [t for r in rows for t in r.themes]
