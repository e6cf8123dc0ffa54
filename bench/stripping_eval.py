"""Measure core.stripping on the project's labelled UK set and on Presidio's synthetic set.

Usage (from the repository root):

    python bench/stripping_eval.py [PRESIDIO_JSON] [--misses] [--build] [--only project|presidio] [--batch R]

PRESIDIO_JSON defaults to ../shared/eval/presidio_synth_dataset_v2.json relative to the
repository. ``--build`` regenerates tests/data/stripping_eval.jsonl from the marked-up
source tests/data/stripping_eval_source.txt (``{{KIND:text}}`` marks a span) and checks
every span; "# voice:" and "# batch:" lines set the voice and batch of the lines that follow,
and other "#" lines (such as "# source: <address>") are comments. ``--misses`` prints each
missed gold span and each false positive. ``--batch R`` scores the project set's sentences of
one batch only (R is real public text, each group under the address it was quoted from).

What is counted, and why:

* Recall: a gold span counts as found only if every letter and digit in it is covered by
  findings (any kind: the identifier is gone either way; the share whose covering finding
  also has the right kind is printed as "typed"). Spaces and punctuation inside a gold span
  need not be covered, so "12 Mill Lane, Leeds" found as two findings still counts. A
  stricter figure is printed too: the share of gold spans lying wholly inside one finding.
* Precision: the share of findings that overlap some gold span.
* F2 = 5PR / (4P + R): recall weighs four times as much as precision, as for Presidio.
* No-identifier change rate: the share of sentences with no gold span that were changed.
* Speed: sentences per second on one core (CPU time of this process, so other load on
  the machine matters less), best of three passes over the set, after one warm-up call
  (which loads the gazetteers).

Presidio's set (1,500 synthetic, US-flavoured sentences) is scored on the kinds that map:
PERSON->NAME, STREET_ADDRESS->ADDRESS, PHONE_NUMBER->PHONE, EMAIL_ADDRESS->EMAIL,
AGE->AGE, DATE_TIME->DATE/DOB. Recall is over gold spans of those six types. Its other
types (GPE, ORGANIZATION, CREDIT_CARD, TITLE, NRP, ZIP_CODE, DOMAIN_NAME, IBAN_CODE, US_SSN,
IP_ADDRESS, US_DRIVER_LICENSE) are real identifiers in the text but have no kind here. Two
precisions are printed:

* "precision (all findings)": every finding, of any kind, is counted; it is correct if it
  overlaps any gold span of any type (removing a labelled credit card or organisation is
  not an error). A finding on unlabelled text counts against us. This is the headline.
* "precision (mapped kinds)": only findings of kinds that map to the six types, correct
  if they overlap any gold span; this is the figure closest to Presidio's own reporting.

Presidio's published figures (precision 0.685, recall 0.603, F2 0.618 with its large spaCy
model) come from presidio-research's token-level evaluation, not this span-level one; the
comparison is indicative, and we report the stricter span-level recall.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.stripping import Finding, strip_identifiers  # noqa: E402

from _timing import best_cpu_seconds  # noqa: E402  (bench/ is the script's folder)

DATA = ROOT / "tests" / "data"
SOURCE = DATA / "stripping_eval_source.txt"
JSONL = DATA / "stripping_eval.jsonl"
DEFAULT_PRESIDIO = ROOT.parent / "shared" / "eval" / "presidio_synth_dataset_v2.json"

STRUCTURED = ("EMAIL", "PHONE", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "URL")
CONTEXTUAL = ("NAME", "ADDRESS", "AGE", "SCHOOL", "HANDLE", "REFERENCE")
PRESIDIO_MAP = {
    "PERSON": "NAME",
    "STREET_ADDRESS": "ADDRESS",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "AGE": "AGE",
    "DATE_TIME": "DATE",
}
MAPPED_KINDS = {"NAME", "ADDRESS", "PHONE", "EMAIL", "AGE", "DATE", "DOB"}
MARK_RE = re.compile(r"\{\{([A-Z_]+):(.*?)\}\}")


def build() -> int:
    """Turn the marked-up source into JSONL with checked character spans."""
    records = []
    voice = ""
    batch = ""
    for lineno, raw in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("# voice:"):
                voice = line.split(":", 1)[1].strip()
            elif line.startswith("# batch:"):
                batch = line.split(":", 1)[1].strip()
            continue
        text_parts: list[str] = []
        spans: list[dict[str, Any]] = []
        pos = 0
        out_len = 0
        for m in MARK_RE.finditer(line):
            before = line[pos : m.start()]
            text_parts.append(before)
            out_len += len(before)
            kind, value = m.group(1), m.group(2)
            spans.append({"start": out_len, "end": out_len + len(value), "kind": kind, "value": value})
            text_parts.append(value)
            out_len += len(value)
            pos = m.end()
        text_parts.append(line[pos:])
        text = "".join(text_parts).replace("\\n", "\n")
        if "{{" in text or "}}" in text:
            raise SystemExit(f"line {lineno}: unbalanced mark-up: {line}")
        for s in spans:
            value = str(s.pop("value")).replace("\\n", "\n")
            # "\n" escapes shift offsets: recompute by searching from the expected place
            if text[s["start"] : s["start"] + len(value)] != value:
                idx = text.find(value, max(0, s["start"] - 10))
                if idx < 0:
                    raise SystemExit(f"line {lineno}: span {value!r} not found")
                s["start"] = idx
            s["end"] = s["start"] + len(value)
            assert text[s["start"] : s["end"]] == value
        record: dict[str, Any] = {"text": text, "spans": spans, "voice": voice}
        if batch:
            record["batch"] = batch
        records.append(record)
    with JSONL.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} sentences to {JSONL}")
    return 0


def load_project(batch: str | None = None) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines() if line]
    if batch is not None:
        records = [r for r in records if r.get("batch") == batch]
        if not records:
            raise SystemExit(f"no sentences in batch {batch!r}")
    for r in records:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"]), r
    return records


def load_presidio(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    records = []
    for item in data:
        spans = []
        for s in item.get("spans", []):
            spans.append(
                {
                    "start": s["start_position"],
                    "end": s["end_position"],
                    "kind": PRESIDIO_MAP.get(s["entity_type"], "OTHER:" + s["entity_type"]),
                }
            )
        records.append({"text": item["full_text"], "spans": spans})
    return records


def covered(text: str, span: dict[str, Any], findings: tuple[Finding, ...]) -> bool:
    for i in range(span["start"], span["end"]):
        if not text[i].isalnum():
            continue
        if not any(f.start <= i < f.end for f in findings):
            return False
    return True


def evaluate(name: str, records: list[dict[str, Any]], show_misses: bool, presidio: bool = False) -> None:
    gold_total: dict[str, int] = defaultdict(int)
    gold_found: dict[str, int] = defaultdict(int)
    gold_typed: dict[str, int] = defaultdict(int)
    gold_strict = 0
    n_find = n_find_ok = 0
    n_find_mapped = n_find_mapped_ok = 0
    none_total = none_changed = 0
    misses: list[str] = []
    false_pos: list[str] = []
    results = [strip_identifiers(r["text"]) for r in records]
    for r, res in zip(records, results):
        text = r["text"]
        spans = r["spans"]
        scored = [s for s in spans if not s["kind"].startswith("OTHER:")]
        if not spans:
            none_total += 1
            none_changed += res.changed
        for s in scored:
            kind = s["kind"]
            gold_total[kind] += 1
            if any(f.start <= s["start"] and s["end"] <= f.end for f in res.findings):
                gold_strict += 1
            if covered(text, s, res.findings):
                gold_found[kind] += 1
                want = {"DATE", "DOB"} if kind in ("DATE", "DOB") else {kind}
                if any(f.kind in want and f.start < s["end"] and s["start"] < f.end for f in res.findings):
                    gold_typed[kind] += 1
            elif show_misses:
                misses.append(f"MISS {kind:10} {text[s['start'] : s['end']]!r:30} in {text!r}")
        for f in res.findings:
            ok = any(f.start < s["end"] and s["start"] < f.end for s in spans)
            n_find += 1
            n_find_ok += ok
            if f.kind in MAPPED_KINDS:
                n_find_mapped += 1
                n_find_mapped_ok += ok
            if not ok and show_misses:
                false_pos.append(f"FP   {f.kind:10} {text[f.start : f.end]!r:30} ({f.reason}) in {text!r}")

    texts = [r["text"] for r in records]
    best = best_cpu_seconds(strip_identifiers, texts)

    print(f"\n=== {name}: {len(records)} sentences ===")
    print(f"{'kind':12} {'gold':>5} {'found':>6} {'recall':>7} {'typed':>6}")
    kinds = sorted(gold_total, key=lambda k: (k not in STRUCTURED, k))
    for k in kinds:
        tot = gold_total[k]
        print(f"{k:12} {tot:5d} {gold_found[k]:6d} {gold_found[k] / tot:7.3f} {gold_typed[k] / tot:6.3f}")
    tot = sum(gold_total.values())
    found = sum(gold_found.values())
    recall = found / tot if tot else 1.0
    precision = n_find_ok / n_find if n_find else 1.0
    f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
    for label, group in (("structured", STRUCTURED), ("contextual", CONTEXTUAL)):
        gt = sum(gold_total[k] for k in group)
        if gt:
            print(
                f"recall ({label}: {', '.join(k for k in group if gold_total[k])}): {sum(gold_found[k] for k in group) / gt:.3f}"
            )
    print(f"recall (all): {recall:.3f}  ({found}/{tot})")
    print(f"recall (strict, whole span inside one finding): {gold_strict / tot if tot else 1.0:.3f}")
    print(f"precision (all findings): {precision:.3f}  ({n_find_ok}/{n_find})")
    if presidio:
        pm = n_find_mapped_ok / n_find_mapped if n_find_mapped else 1.0
        print(f"precision (mapped kinds): {pm:.3f}  ({n_find_mapped_ok}/{n_find_mapped})")
    print(f"F2: {f2:.3f}")
    if none_total:
        print(f"no-identifier sentences changed: {none_changed / none_total:.3f}  ({none_changed}/{none_total})")
    print(f"speed: {len(texts) / best:,.0f} sentences/s (one core, best of 3)")
    if show_misses:
        for line in misses + false_pos:
            print(line)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("presidio", nargs="?", default=str(DEFAULT_PRESIDIO))
    ap.add_argument("--misses", action="store_true", help="print missed spans and false positives")
    ap.add_argument("--build", action="store_true", help="rebuild the JSONL from the marked-up source")
    ap.add_argument("--only", choices=("project", "presidio"), help="evaluate one set only")
    ap.add_argument("--batch", help="score one batch of the project set only (e.g. R); skips Presidio's set")
    args = ap.parse_args()
    if args.build:
        build()
    if args.batch:
        evaluate(f"project set, batch {args.batch}", load_project(args.batch), args.misses)
        return 0
    if args.only != "presidio":
        evaluate("project UK safeguarding set", load_project(), args.misses)
    if args.only != "project":
        path = Path(args.presidio)
        if path.exists():
            evaluate(f"Presidio synthetic set ({path.name})", load_presidio(path), args.misses, presidio=True)
        else:
            print(f"\n(Presidio set not found at {path}; skipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
