"""Theming at scale: 100,000 responses of about 80 words themed with the shipped model and stored to SQLite.

    .venv/bin/python bench/analysis_scale.py [--responses 100000] [--workers 2] [--words 80]

Responses are made up from safeguarding sentences (a fixed seed, so every run themes the same text).
Worker processes each load the model once and theme chunks; the main process stores one row per theme
mention (response id, theme, polarity, score) and one per response (tone) in a SQLite file, ids and
scores only, as the findings service would. Prints wall time, texts per second and peak memory
(the main process and the largest worker, from getrusage). Goal: under 60 s and under 1 GB on two cores.
Ranking into key areas is not part of this run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.themes import POLARITIES, ThemeModel, load_model  # noqa: E402

SENTENCES = (
    "The social worker did not visit for three weeks after the referral was made.",
    "Nobody told the school about the police callout to the house.",
    "The health visitor talked to us about safe sleep and where the baby should sleep.",
    "My son's wishes and feelings were never asked about at the meetings.",
    "The GP was not informed that the children were on a child protection plan.",
    "Dad was not invited to the core group and his views were not recorded.",
    "The early help worker listened to us and helped us get the support we needed.",
    "There was a long delay before the case was allocated to a worker.",
    "The school nurse noticed the bruising and made a referral the same day.",
    "We felt judged by the professionals and did not understand the plan.",
    "Staff had good training on neglect and used the graded care profile.",
    "Her phone was full of messages from older men she had met online.",
    "The interpreter was not booked so mum could not follow the conference.",
    "Supervision helped me reflect on the case and challenge the decision.",
    "Records were incomplete and the chronology was out of date.",
    "The family moved out of area and the transfer of the case took months.",
    "Mum's mental health and drinking were not considered in the assessment.",
    "Domestic abuse by her partner was known to police but not shared.",
    "The autistic child's communication needs were not met at the review.",
    "The strategy meeting brought police, health and social care together quickly.",
    "Missed appointments at the clinic were not followed up by anyone.",
    "We were kept informed and everyone worked together really well.",
    "The threshold for a service seemed too high and we were passed around.",
    "The young person went missing from home several times before anyone acted.",
    "Thank you to the team for being patient with us.",
    "The car park at the family centre is always full.",
)


def make_responses(count: int, words: int, seed: int = 7) -> list[str]:
    """count made-up responses of about `words` words each."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < words:
            sentence = rng.choice(SENTENCES)
            parts.append(sentence)
            length += len(sentence.split())
        out.append(" ".join(parts))
    return out


_MODEL: Optional[ThemeModel] = None


def _theme_chunk(
    job: tuple[int, list[str]],
) -> tuple[int, list[tuple[int, int, int, float]], list[tuple[float, float]]]:
    global _MODEL
    if _MODEL is None:
        _MODEL = load_model()
    start, texts = job
    index = {theme_id: j for j, theme_id in enumerate(_MODEL.theme_ids)}
    mentions, tones = [], []
    for offset, result in enumerate(_MODEL.predict(texts, evidence=False)):
        for m in result.themes:
            mentions.append((start + offset, index[m.id], POLARITIES.index(m.polarity), m.score))
        tones.append((result.sentiment.polarity, result.sentiment.subjectivity))
    return start, mentions, tones


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description="Theming 100,000 responses")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=80)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()

    texts = make_responses(args.responses, args.words)
    print(f"{len(texts)} responses, {sum(len(t.split()) for t in texts) / len(texts):.0f} words on average")
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "derivations.sqlite3")
        db.execute("CREATE TABLE theme_mention (response_id INTEGER, theme INTEGER, polarity INTEGER, score REAL)")
        db.execute("CREATE TABLE response_tone (response_id INTEGER PRIMARY KEY, polarity REAL, subjectivity REAL)")
        jobs = [(i, texts[i : i + args.chunk]) for i in range(0, len(texts), args.chunk)]
        started = time.perf_counter()
        stored = 0
        context = multiprocessing.get_context("spawn")
        with context.Pool(args.workers) as pool:
            for start, mentions, tones in pool.imap_unordered(_theme_chunk, jobs):
                db.executemany("INSERT INTO theme_mention VALUES (?, ?, ?, ?)", mentions)
                db.executemany(
                    "INSERT INTO response_tone VALUES (?, ?, ?)",
                    [(start + k, p, s) for k, (p, s) in enumerate(tones)],
                )
                stored += len(mentions)
        db.commit()
        elapsed = time.perf_counter() - started
        themed = db.execute("SELECT COUNT(DISTINCT response_id) FROM theme_mention").fetchone()[0]
        db.close()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    main_peak, worker_peak = own.ru_maxrss / 1024, children.ru_maxrss / 1024
    print(f"themed and stored in {elapsed:.1f} s ({len(texts) / elapsed:.0f} responses/s, {args.workers} workers)")
    # On a shared machine the wall time includes waiting for other work; the CPU time does not.
    worker_cpu = children.ru_utime + children.ru_stime
    print(
        f"CPU time: workers {worker_cpu:.1f} s, main process {own.ru_utime + own.ru_stime:.1f} s "
        f"(workers' share per worker {worker_cpu / args.workers:.1f} s)"
    )
    print(f"{stored} theme mentions stored; {themed} responses with at least one theme")
    print(
        f"peak memory: main process {main_peak:.0f} MB, largest worker {worker_peak:.0f} MB, "
        f"all together at most {main_peak + args.workers * worker_peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
