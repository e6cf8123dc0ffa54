"""Theming at scale: 100,000 responses of about 80 words themed, stored and ranked into key areas.

    .venv/bin/python bench/analysis_scale.py [--responses 100000] [--workers 2] [--words 80] [--runs 1]

Responses are made up from the labelled set's sentences and a few more (a fixed seed, so every run
themes the same text). Untimed set-up: a new SQLite database is migrated, the seeded surveys are
installed and one row per response is stored (no sealed answers: opening them is not measured).

Timed, as the findings service does it:
- the shipped model is loaded once and two worker processes are forked from it, sharing its pages
  (`--start spawn`: each worker loads its own copy, as before); the workers theme chunks of texts
  (themes, polarity, score and TextBlob's tone; no evidence words, since only ids and scores are stored);
- the main process stores each chunk as it comes with `core.services.findings.store_derived`
  (one DELETE per table and bulk INSERTs into response_analysis and response_theme) and commits;
- then ranks the year's mentions into key areas with `core.services.key_areas.propose_for_year`.

Prints wall time (and each part), CPU seconds (main process and workers), and peak memory: the
largest sum of the resident memory of this process and all its children, sampled every 20 ms, and
the getrusage peaks (main, largest worker). Also a digest of everything stored, so two versions of
the code can be shown to store the same results. Goal: under 60 s and under 1 GB on two cores.

The polarity reader (analysis/polarity_reader.py) is off by default here: it reads a few hundred mentions a
second a core, and 100,000 answers of 80 words hold about 430,000 mentions. `--reader on` measures a run
with it (use fewer responses).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from analysis.polarity_reader import load_reader  # noqa: E402
from analysis.themes import ThemeModel, load_model  # noqa: E402

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


AGENCY_TYPES = ("Police", "Health", "Children's social care", "Education", "Early help", "Voluntary sector")
AUDIENCE_GROUPS = {"practitioner": "practitioner", "family": "family", "child": "child"}
# The reporting year the made-up responses fall in, and the day the run is said to happen.
YEAR = 2025  # key areas are proposed for whole calendar years
PERIOD = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
TODAY = dt.date(YEAR + 1, 1, 2)
LABELLED = ROOT / "analysis" / "data" / "themes_labelled.jsonl"
Job = tuple[int, list[str]]


def sentence_pool() -> list[str]:
    """The sentences responses are made of: the ones above and every text of the labelled set."""
    labelled = [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(SENTENCES) + labelled


def make_responses(
    count: int, words: int, seed: int = 7, pool: Optional[list[str]] = None, lengths: Optional[list[int]] = None
) -> list[str]:
    """count made-up responses of about `words` words each (`lengths`: each pool sentence's words, if known)."""
    sentences = pool if pool is not None else list(SENTENCES)
    if lengths is None:
        lengths = [len(s.split()) for s in sentences]
    # Stopping half a sentence short of the target makes the average come out at about `words`.
    enough = words - sum(lengths) / len(sentences) / 2
    rng = random.Random(seed)
    indices = range(len(sentences))
    out = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < enough:
            k = rng.choice(indices)  # the same draw as choosing from the sentences themselves
            parts.append(sentences[k])
            length += lengths[k]
        out.append(" ".join(parts))
    return out


def chunks(count: int, words: int, size: int, seed: int = 7, pool: Optional[list[str]] = None) -> Iterator[Job]:
    """The same responses in chunks of `size`, each made when the workers ask for it (so never all held).
    The pool's sentences are counted once, not once a chunk: that was most of the main process's share of
    making the texts (4.6 CPU-seconds of 100,000 texts), which is the bench's cost, not the code's."""
    sentences = pool if pool is not None else list(SENTENCES)
    lengths = [len(s.split()) for s in sentences]
    for start in range(0, count, size):
        made = make_responses(min(size, count - start), words, seed * 1_000_003 + start, sentences, lengths)
        yield start, made


# ---------------------------------------------------------------- worker processes

_MODEL: Optional[ThemeModel] = None


def _load(reader: bool = False) -> None:
    """The shipped model, with the polarity reader (one thread a worker) or, by default, without it."""
    global _MODEL
    _MODEL = load_model(reader=False)
    if reader:
        _MODEL.reader = load_reader(threads=1)


def _theme_chunk(job: Job) -> tuple[int, int, list[tuple[list[tuple[str, str, float]], float, float]]]:
    """Theme one chunk: its words, and per text its (theme, polarity, score) mentions and its tone."""
    assert _MODEL is not None
    start, texts = job
    return (
        start,
        sum(len(t.split()) for t in texts),
        [
            ([(m.id, m.polarity, m.score) for m in r.themes], r.sentiment.polarity, r.sentiment.subjectivity)
            for r in _MODEL.predict(texts, evidence=False)
        ],
    )


# ---------------------------------------------------------------- memory


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kib(pid: int) -> int:
    """Resident memory of a process, from /proc/PID/statm (one short line); 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError):
        return 0


def _pss_kib(pid: int) -> int:
    """Proportional set size of a process, from /proc/PID/smaps_rollup; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as lines:
            for line in lines:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _family(pid: int) -> list[int]:
    """pid and all its descendants, from /proc/PID/task/TID/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    queue.extend(int(c) for c in children.read().split())
        except OSError:
            continue
    return found


class MemorySampler(threading.Thread):
    """The peak summed memory of this process and its children, sampled until stopped.

    RSS counts pages the processes share (libraries) once per process, so its sum overstates; PSS
    splits each shared page between its sharers, so its sum is what they take together. PSS is
    dearer to read (the kernel walks the page tables), so it is sampled less often.
    """

    def __init__(self, every: float = 0.1, pss_every: int = 10) -> None:
        super().__init__(daemon=True)
        self.every, self.pss_every = every, pss_every
        self.peak_rss_kib = self.peak_pss_kib = 0
        self.cpu = 0.0  # this thread's own CPU seconds, part of the main process's
        self._halt = threading.Event()

    def run(self) -> None:
        tick, family = 0, [os.getpid()]
        while not self._halt.is_set():
            if tick % self.pss_every == 0:  # the family changes rarely: workers start once
                family = _family(os.getpid())
                self.peak_pss_kib = max(self.peak_pss_kib, sum(_pss_kib(p) for p in family))
            self.peak_rss_kib = max(self.peak_rss_kib, sum(_rss_kib(p) for p in family))
            tick += 1
            self.cpu = time.thread_time()
            self._halt.wait(self.every)

    def stop(self) -> tuple[float, float]:
        """Peak RSS sum and peak PSS sum, in MB."""
        self._halt.set()
        self.join()
        return self.peak_rss_kib / 1024, self.peak_pss_kib / 1024


# ---------------------------------------------------------------- set-up, run, figures


def set_up(folder: Path, count: int, seed: int) -> tuple[Any, list[str], list[tuple[str, str]]]:
    """A migrated SQLite database with the seeded surveys and `count` responses; their ids and respondents."""
    from core.db import make_engine
    from core.migrate import upgrade
    from core.models import ReleaseBatch, Response, ResponseRelease, Survey, SurveyVersion
    from core.services.surveys import install_templates

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(seed)
    with Session(engine) as session:
        install_templates(session)
        session.commit()
        versions = list(session.execute(select(SurveyVersion.id, Survey.audience).join(Survey)))
        ids, respondents, rows = [], [], []
        days = (PERIOD[1] - PERIOD[0]).days + 1
        for i in range(count):
            version_id, audience = versions[i % len(versions)]
            response_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            ids.append(response_id)
            respondents.append((AUDIENCE_GROUPS.get(audience, ""), rng.choice(AGENCY_TYPES)))
            rows.append(
                {
                    "id": response_id,
                    "survey_version_id": version_id,
                    "submitted_on": PERIOD[0] + dt.timedelta(days=rng.randrange(days)),
                    "key_id": "bench",
                    "sealed": b"",
                }
            )
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Response), rows[start : start + 10_000])
        # Released to staff a week at a time, as the release job would, each batch the Monday after the week it
        # holds: only released answers are themed and ranked, and they are dated by their batch. The last days of
        # December go out in January, in next year's figures, as they would.
        batch_of: dict[dt.date, int] = {}
        releases = []
        for row in rows:
            monday = row["submitted_on"] + dt.timedelta(days=7 - row["submitted_on"].weekday())
            if monday not in batch_of:
                batch_of[monday] = session.scalar(
                    insert(ReleaseBatch).values(released_on=monday).returning(ReleaseBatch.id)
                )
            releases.append({"response_id": row["id"], "batch_id": batch_of[monday]})
        for start in range(0, len(releases), 10_000):
            session.execute(insert(ResponseRelease), releases[start : start + 10_000])
        session.commit()
    return engine, ids, respondents


def run(engine: Any, ids: list[str], respondents: list[tuple[str, str]], args: Any) -> dict[str, Any]:
    """Theme, store and rank; the figures of one run."""
    from core.services.findings import Derived, store_derived
    from core.services.key_areas import propose_for_year

    sampler = MemorySampler()
    sampler.start()
    own_before, children_before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    stored = words = 0
    store_cpu = 0.0
    with Session(engine) as session:
        if args.start == "fork":
            # The model is read-only once built: load it (and let it build its lazy parts) once, here, and
            # fork the workers, which then share its pages instead of each holding a copy. The children use
            # neither the memory sampler's thread nor the database session they inherit.
            _load()
            assert _MODEL is not None
            _MODEL.predict(["The school shared the plan with the family."], evidence=False)
            pool = multiprocessing.get_context("fork").Pool(args.workers)
        else:
            pool = multiprocessing.get_context("spawn").Pool(
                args.workers, initializer=_load, initargs=(args.reader == "on",)
            )
        try:
            jobs = chunks(len(ids), args.words, args.chunk, pool=sentence_pool())
            for start, chunk_words, results in pool.imap_unordered(_theme_chunk, jobs):
                storing = time.thread_time()
                derived = [
                    Derived(ids[start + k], *respondents[start + k], "", polarity, subjectivity, mentions)
                    for k, (mentions, polarity, subjectivity) in enumerate(results)
                ]
                stored += store_derived(session, "bench", TODAY, derived)
                session.commit()
                store_cpu += time.thread_time() - storing
                words += chunk_words
        finally:
            pool.close()
            pool.join()
        themed, ranking = time.perf_counter(), time.thread_time()
        proposal = propose_for_year(session, YEAR)
        rank_cpu = time.thread_time() - ranking
    finished = time.perf_counter()
    peak_rss, peak_pss = sampler.stop()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": finished - started,
        "themed_and_stored": themed - started,
        "ranked": finished - themed,
        "main_cpu": own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime,
        "store_cpu": store_cpu,
        "rank_cpu": rank_cpu,
        "sampler_cpu": sampler.cpu,
        "workers_cpu": children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime,
        "peak_rss_mb": peak_rss,
        "peak_pss_mb": peak_pss,
        "main_peak_mb": own.ru_maxrss / 1024,
        "worker_peak_mb": children.ru_maxrss / 1024,
        "words": words,
        "mentions": stored,
        "proposal": proposal,
    }


def digest(engine: Any) -> str:
    """A digest of every stored theme row and tone, in a fixed order."""
    hashed = hashlib.sha256()
    with engine.connect() as connection:
        for query in (
            "SELECT response_id, theme_code, polarity, score, origin FROM response_theme ORDER BY 1, 2",
            "SELECT response_id, model_version, respondent_group, agency_type, tier, tone_polarity, tone_subjectivity"
            " FROM response_analysis ORDER BY 1",
        ):
            for row in connection.execute(text(query)):
                hashed.update(repr(tuple(row)).encode())
    return hashed.hexdigest()[:16]


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all processes, from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def report(args: Any, f: dict[str, Any], stored_digest: str) -> None:
    """Print one run's figures."""
    print(
        f"{args.responses} responses, {f['words'] / args.responses:.0f} words on average; polarity reader {args.reader}"
    )
    print(
        f"themed, stored and ranked in {f['wall']:.1f} s: themed and stored {f['themed_and_stored']:.1f} s, "
        f"ranked {f['ranked']:.1f} s ({args.responses / f['wall']:.0f} responses/s, {args.workers} workers)"
    )
    # On a shared machine the wall time includes waiting for other work; the CPU time does not, and
    # "others" says how much of the machine other programs took meanwhile.
    others = f["machine_busy"] - f["workers_cpu"] - f["main_cpu"]
    print(
        f"CPU: workers {f['workers_cpu']:.1f} s, main process {f['main_cpu']:.1f} s; "
        f"other programs {max(others, 0.0):.1f} s ({max(others, 0.0) / f['wall']:.2f} of {os.cpu_count()} cores)"
    )
    print(
        f"  main process: storing {f['store_cpu']:.1f} s, ranking {f['rank_cpu']:.1f} s, sampling memory "
        f"{f['sampler_cpu']:.1f} s, the rest (making the texts, sending them, receiving results) "
        f"{f['main_cpu'] - f['store_cpu'] - f['rank_cpu'] - f['sampler_cpu']:.1f} s"
    )
    print(
        f"peak memory, all processes together: {f['peak_pss_mb']:.0f} MB PSS, {f['peak_rss_mb']:.0f} MB RSS "
        f"(getrusage peaks: main process {f['main_peak_mb']:.0f} MB, largest worker {f['worker_peak_mb']:.0f} MB)"
    )
    proposal = f["proposal"]
    ranked = hashlib.sha256(repr((proposal.development, proposal.good_practice)).encode()).hexdigest()[:16]
    print(f"{f['mentions']} theme mentions stored; digest of what was stored {stored_digest}, of the proposal {ranked}")
    for kind, areas in (("development", proposal.development), ("good practice", proposal.good_practice)):
        print(f"  {kind}: " + ", ".join(f"{a.theme} ({a.respondents})" for a in areas))


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description="Theming, storing and ranking 100,000 responses")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=80)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument(
        "--start",
        choices=("fork", "spawn"),
        default="fork",
        help="fork workers that share one loaded model, or spawn workers that each load their own",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs one after another, each on a new database")
    parser.add_argument(
        "--reader",
        choices=("off", "on"),
        default="off",
        help="the polarity reader (analysis/polarity_reader.py): off, as a run this size must be "
        "(LEARNING_LOOP_POLARITY_READER=off), or on (spawned workers, each loading its own, one thread each)",
    )
    args = parser.parse_args()
    if args.reader == "on":
        args.start = "spawn"  # ONNX Runtime's threads do not survive a fork
    walls = []
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            engine, ids, respondents = set_up(Path(folder), args.responses, seed=7)
            busy = _busy_seconds()
            figures = run(engine, ids, respondents, args)
            figures["machine_busy"] = _busy_seconds() - busy
            stored_digest = digest(engine)
            engine.dispose()
        print(f"run {number} of {args.runs}, ended {time.strftime('%H:%M:%S', time.gmtime())} UTC")
        report(args, figures, stored_digest)
        walls.append(figures["wall"])
    if len(walls) > 1:
        print("wall times: " + ", ".join(f"{w:.1f}" for w in walls) + f" s; best {min(walls):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
