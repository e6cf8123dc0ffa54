"""Soak: many clients submitting for a long while; no errors, nothing lost, flat latency and memory.

Usage (from the repository root):

    .venv/bin/python bench/soak.py [--clients 16] [--duration 600] [--warmup 30] [--max-submissions 100000]

All on 127.0.0.1, bounded in time (--duration, at most an hour) and in count (--max-submissions).
It serves a throwaway instance (bench/submit.py's `prepare_instance`) with `learning-loop serve`
(gunicorn, 2 workers), drives --clients virtual users through complete submissions (each with a
unique word in its free text), then checks every receipt a client was shown against the stored,
sealed response (bench/faults.py's check) and prints:

- errors: journeys that failed (goal 0),
- lost: receipts shown whose response is not stored and readable (goal 0),
- p50/p99 latency of every request, and of the final "send",
- the workers' resident memory after --warmup seconds and at the end, and the growth (goal under 10%).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from faults import Tally, check, children, loopback_only, marker, one_submission, serve_instance
from submit import HOST, Client


def workers_rss_kib(master: int) -> int:
    """Resident memory of the gunicorn workers (the master's children), in KiB."""
    total = 0
    for pid in children(master):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def user(port: int, tally: Tally, stop: threading.Event, limit: int, latencies: list[float]) -> None:
    client = Client(port)
    while not stop.is_set():
        with tally.lock:
            if tally.attempted >= limit:
                break
        try:
            one_submission(client, marker(), tally)
        except Exception:  # noqa: BLE001 (counted: the goal is none)
            with tally.lock:
                tally.errors += 1
            client.close()
    latencies.extend(latency for _, _, latency in client.log)
    client.close()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=600, help="seconds of load in all (default 600)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the first memory reading")
    parser.add_argument("--max-submissions", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="a dedicated database on this machine (default: SQLite)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.warmup < args.duration <= 3600:
        parser.error("use 1 to 64 clients, and a warm-up shorter than the duration (at most an hour)")
    loopback_only(parser, args.database_url)
    with tempfile.TemporaryDirectory(prefix="ll-soak-") as tmp:
        served = serve_instance(tmp, args.database_url)
        env, port, log, server = served.env, served.port, served.log, served.server
        tally, stop = Tally(), threading.Event()
        latencies: list[list[float]] = [[] for _ in range(args.clients)]
        threads = [
            threading.Thread(target=user, args=(port, tally, stop, args.max_submissions, latencies[i]), daemon=True)
            for i in range(args.clients)
        ]
        started = time.time()
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.warmup)
            after_warmup = workers_rss_kib(server.pid)
            while time.time() - started < args.duration and any(t.is_alive() for t in threads):
                time.sleep(1)
            at_end = workers_rss_kib(server.pid)
            stop.set()
            for thread in threads:
                thread.join(60)
            elapsed = time.time() - started
        finally:
            stop.set()
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(30)
            log.close()
        result = check(env, tally)
        every = [latency for client in latencies for latency in client]
        growth = (at_end - after_warmup) / after_warmup * 100 if after_warmup else float("nan")
        print(f"Soak: {args.clients} clients for {elapsed:.0f} s on {HOST}, gunicorn 2 workers")
        print(f"  submissions attempted   {tally.attempted}   ({tally.attempted / elapsed:.1f}/s)")
        print(f"  acknowledged            {len(tally.acknowledged)}")
        print(f"  errors                  {tally.errors}   (goal 0)")
        print(f"  lost                    {len(result['lost'])}   (goal 0)")
        print(f"  half-written            {result['half_written']}")
        print(
            f"  request latency         p50 {statistics.median(every) * 1000:.1f} ms   p99 {_pct(every, 99) * 1000:.1f} ms"
            f"   ({len(every)} requests)"
        )
        print(
            f"  workers' memory         {after_warmup} KiB after warm-up, {at_end} KiB at the end:"
            f" {growth:+.1f}%   (goal under 10%)"
        )
        ok = not tally.errors and not result["lost"] and not result["half_written"] and growth < 10
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
