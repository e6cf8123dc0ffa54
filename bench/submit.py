"""Throughput and latency of complete survey submissions, against a hello-world baseline.

Usage (from the repository root):

    .venv/bin/python bench/submit.py [--clients 16] [--duration 20] [--warmup 3] [--workers 2]

What it does, all on 127.0.0.1 and stopping by itself:

1. Builds a throwaway instance folder: SQLite database (migrated), a fresh key pair, the seeded
   surveys. Receipt hashing keeps the production defaults unless --receipt-time-cost /
   --receipt-memory-kib say otherwise.
2. Serves the combined app (feedback at /, admin at /admin) with `learning-loop serve`, i.e.
   gunicorn with config/gunicorn.py (gthread, access log on), and a tiny hello-world WSGI app
   served by the same config.gunicorn.run with the same number of workers.
3. Virtual users (--clients, spread over a few client processes, each user with its own
   keep-alive connection and cookie jar) each play a new respondent, over and over: GET the
   practitioner survey's start page, then for each of its 7 pages GET it and POST the answers
   with the form's CSRF token (free text includes a name and a phone number, so stripping
   runs), then GET "check your answers" and POST it, which seals, stores and shows the receipt.
   That is 17 requests per submission. Before measuring, a few journeys are completed at once
   (so every worker has loaded its lazy data) and then --warmup seconds are run and discarded.
4. The same users then GET / from hello-world for the same time.

It prints submissions/s, requests/s, p50/p99 latency per request and per submission, and
    ratio = (requests/s of the submission flow) / (requests/s of hello-world)
Goal on the 2-core development machine: ratio >= 0.25 and per-request p99 < 150 ms at 16 clients.
The client processes share the machine's cores with the servers, so both figures are lower
than a separate load generator would show; the ratio is the figure to compare between runs.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"
SLUG = "practitioner-feedback"
FREE_TEXT = "I told his mum Sarah to ring 07700 900123 about the strategy meeting, which went well."
PAGES: list[dict[str, Any]] = [
    {"role": "Social worker"},
    {"agency_type": "Police"},
    {"working_well": FREE_TEXT},
    {"gets_in_the_way": "Information from health arrives late, so we decide without it."},
    {"conf_escalate": "4", "conf_share": "3", "conf_challenge": "2", "aware_key_areas": "1"},
    {"learning_used": ["A 7-minute briefing", "Partnership training"]},
    {"anything_else": ""},
]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REPO = Path(__file__).resolve().parent.parent


# --- the hello-world app (served by `python bench/submit.py --serve-hello PORT WORKERS`) ---------

def hello_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """The smallest useful WSGI app: the baseline the real flow is compared with."""
    body = b"Hello, world\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _serve_hello(port: int, workers: int) -> None:
    from config.gunicorn import run

    # This file is importable as `submit` because its folder is sys.path[0] when run as a script.
    run("submit:hello_app", bind=f"{HOST}:{port}", workers=workers)


# --- a virtual user ---------------------------------------------------------------------------

class FlowError(Exception):
    pass


class Client:
    """One browser-like user: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []
        self.steps: list[str] = []  # what each latency was for, in the same order

    def reset(self) -> None:
        self.cookies.clear()

    def request(self, method: str, path: str, form: dict[str, Any] | None = None, step: str = "") -> tuple[int, str]:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "bench/submit.py"}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            self.latencies.append(time.perf_counter() - started)
            self.steps.append(step or f"{method} {path}")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie: SimpleCookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.conn.close()
                self.conn = None
            return response.status, data.decode("utf-8", "replace")
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _csrf(html: str, where: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise FlowError(f"no CSRF token on {where}")
    return match.group(1)


def _expect(status: int, wanted: int, where: str, html: str) -> None:
    if status != wanted:
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        raise FlowError(f"{where}: HTTP {status} (wanted {wanted}) {title.group(1).strip() if title else ''}")


def submit_once(client: Client) -> None:
    """One respondent's whole journey, from the start page to the receipt."""
    client.reset()
    status, html = client.request("GET", f"/s/{SLUG}/", step="GET start page")
    _expect(status, 200, "start page", html)
    for number, answers in enumerate(PAGES, start=1):
        path = f"/s/{SLUG}/page/{number}"
        status, html = client.request("GET", path, step="GET question page")
        _expect(status, 200, f"page {number}", html)
        free_text = any(isinstance(v, str) and " " in v for v in answers.values())
        step = "POST page with free text (strip)" if free_text else "POST page of choices"
        status, html = client.request("POST", path, {**answers, "csrf_token": _csrf(html, path), "website": ""}, step)
        _expect(status, 302, f"POST page {number}", html)
    status, html = client.request("GET", f"/s/{SLUG}/check", step="GET check your answers")
    _expect(status, 200, "check your answers", html)
    if "[PHONE]" not in html or "07700 900123" in html:
        raise FlowError("check your answers did not show the stripped text")
    status, html = client.request("POST", f"/s/{SLUG}/check", {"csrf_token": _csrf(html, "check"), "website": ""},
                                  "POST send (seal, store, receipt hash)")
    _expect(status, 200, "send", html)
    if 'id="receipt-code"' not in html:
        raise FlowError("no receipt code after sending")


def hello_once(client: Client) -> None:
    status, html = client.request("GET", "/", step="GET /")
    _expect(status, 200, "hello", html)


@dataclass
class Result:
    requests: list[float] = field(default_factory=list)
    by_step: dict[str, list[float]] = field(default_factory=dict)
    journeys: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    client_cpu: float = 0.0  # CPU seconds the load generator used while measuring
    server_cpu: float = 0.0  # CPU seconds the server (master and workers) used while measuring


def _process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its live children, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _sleep_until(moment: float) -> None:
    while (left := moment - time.time()) > 0:
        time.sleep(min(left, 0.05))


def _run_users(kind: str, port: int, users: int, warmup: float, duration: float, start_at: float) -> Result:
    """Run `users` virtual users in threads of this process; returns what they measured after warm-up."""
    action = submit_once if kind == "submit" else hello_once
    result = Result()
    lock = threading.Lock()
    measure_from = start_at + warmup
    stop_at = measure_from + duration

    def user() -> None:
        client = Client(port)
        while time.time() < start_at:
            time.sleep(0.001)
        while True:
            now = time.time()
            if now >= stop_at:
                break
            measuring = now >= measure_from
            client.latencies, client.steps = [], []
            began = time.perf_counter()
            try:
                action(client)
            except (FlowError, OSError, http.client.HTTPException) as exc:
                if measuring:
                    with lock:
                        result.errors.append(f"{type(exc).__name__}: {exc}")
                client.close()
                client.conn = None
                continue
            took = time.perf_counter() - began
            # Only journeys that finished inside the window count, so the rate is not inflated.
            if measuring and time.time() <= stop_at:
                with lock:
                    result.requests.extend(client.latencies)
                    for step, latency in zip(client.steps, client.latencies):
                        result.by_step.setdefault(step, []).append(latency)
                    result.journeys.append(took)
        client.close()

    def meter() -> None:
        _sleep_until(measure_from)
        began = time.process_time()
        _sleep_until(stop_at)
        result.client_cpu = time.process_time() - began

    threads = [threading.Thread(target=user) for _ in range(users)] + [threading.Thread(target=meter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.elapsed = duration
    return result


def warm_up(kind: str, port: int, journeys: int) -> None:
    """Complete some journeys at once before measuring, so every server worker has loaded what it loads
    lazily (the stripper's name lists take about a second per worker)."""
    action = submit_once if kind == "submit" else hello_once
    problems: list[str] = []

    def once() -> None:
        client = Client(port)
        try:
            action(client)
        except (FlowError, OSError, http.client.HTTPException) as exc:
            problems.append(f"{type(exc).__name__}: {exc}")
        finally:
            client.close()

    threads = [threading.Thread(target=once) for _ in range(journeys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if problems:
        raise SystemExit(f"warm-up failed: {problems[0]}")


def _worker(args: tuple[str, int, int, float, float, float]) -> Result:
    return _run_users(*args)


def run_load(kind: str, port: int, clients: int, processes: int, warmup: float, duration: float,
             server_pid: int) -> Result:
    """Spread the virtual users over a few processes (one Python process cannot drive 16 users on its own)."""
    processes = max(1, min(processes, clients))
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    start_at = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = pool.map_async(_worker, [(kind, port, n, warmup, duration, start_at) for n in shares])
        _sleep_until(start_at + warmup)
        server_before = _process_tree_cpu(server_pid)
        _sleep_until(start_at + warmup + duration)
        server_cpu = _process_tree_cpu(server_pid) - server_before
        parts = pending.get()
    total = Result(elapsed=duration, server_cpu=server_cpu)
    for part in parts:
        total.requests += part.requests
        for step, latencies in part.by_step.items():
            total.by_step.setdefault(step, []).extend(latencies)
        total.journeys += part.journeys
        total.errors += part.errors
        total.client_cpu += part.client_cpu
    return total


# --- servers ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _wait_until_up(port: int, path: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with code {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prepare_instance(folder: Path, database_url: str = "") -> dict[str, str]:
    """A throwaway instance: migrated database (SQLite in the folder unless given), key pair, seeded surveys;
    returns the environment for the servers."""
    from core import migrate
    from core.db import make_engine, make_session_factory
    from core.opening import generate_keypair
    from core.services.surveys import install_templates

    instance = folder / "instance"
    url = database_url or f"sqlite:///{instance / 'learning_loop.sqlite3'}"
    instance.mkdir(parents=True)
    migrate.upgrade(url)
    generate_keypair(instance / "keys", passphrase=None)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        install_templates(session)
        session.commit()
    engine.dispose()
    return {
        "LEARNING_LOOP_INSTANCE_PATH": str(instance),
        "LEARNING_LOOP_DATABASE_URL": url,
        "LEARNING_LOOP_SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
        # Every virtual user comes from 127.0.0.1, so the per-address limit would stop the run.
        "LEARNING_LOOP_RATE_LIMIT_PER_HOUR": str(10**9),
    }


# --- report -----------------------------------------------------------------------------------

def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def report(name: str, result: Result, per_journey: bool) -> float:
    rps = len(result.requests) / result.elapsed
    print(f"\n{name}")
    if per_journey:
        print(f"  submissions/s          {len(result.journeys) / result.elapsed:9.2f}   ({len(result.journeys)} in {result.elapsed:.0f} s)")
    print(f"  requests/s             {rps:9.1f}   ({len(result.requests)} requests)")
    print(f"  per request    p50 {_ms(_pct(result.requests, 50))}   p99 {_ms(_pct(result.requests, 99))}"
          f"   max {_ms(max(result.requests, default=float('nan')))}")
    if per_journey:
        print(f"  per submission p50 {_ms(_pct(result.journeys, 50))}   p99 {_ms(_pct(result.journeys, 99))}"
              f"   mean {_ms(statistics.fmean(result.journeys) if result.journeys else float('nan'))}")
    if per_journey:
        for step, latencies in result.by_step.items():
            print(f"    {step:38} p50 {_ms(_pct(latencies, 50))}   p99 {_ms(_pct(latencies, 99))}")
    served = max(len(result.requests), 1)
    print(f"  CPU per request        server {result.server_cpu / served * 1000:6.2f} ms, "
          f"load generator {result.client_cpu / served * 1000:6.2f} ms   (server busy "
          f"{result.server_cpu / result.elapsed:.2f} of {os.cpu_count()} CPUs)")
    if result.errors:
        print(f"  ERRORS: {len(result.errors)}; first: {result.errors[0]}")
    return rps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent virtual users (default 16)")
    parser.add_argument("--duration", type=float, default=20, help="seconds measured per phase (default 20)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds run and discarded first (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each server (default 2)")
    parser.add_argument("--client-processes", type=int, default=4, help="processes the users are spread over")
    parser.add_argument("--receipt-time-cost", type=int, help="override receipt_hash_time_cost (default: production)")
    parser.add_argument("--receipt-memory-kib", type=int, help="override receipt_hash_memory_kib (default: production)")
    parser.add_argument("--skip-hello", action="store_true", help="measure only the submission flow")
    parser.add_argument("--database-url", default="", help="a dedicated database to use instead of a new SQLite "
                        "file, e.g. postgresql+psycopg://postgres@127.0.0.1:5433/ll_bench (it is migrated and seeded)")
    parser.add_argument("--serve-hello", nargs=2, type=int, metavar=("PORT", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_hello:
        _serve_hello(*args.serve_hello)
        return 0
    if args.clients < 1 or args.duration <= 0 or args.duration > 600:
        parser.error("use at least one client and a duration of at most 600 seconds")

    from config import load_settings
    from config.gunicorn import OPTIONS

    learning_loop = Path(sys.executable).with_name("learning-loop")
    with tempfile.TemporaryDirectory(prefix="ll-bench-") as tmp:
        if args.database_url and urlsplit(args.database_url).hostname not in (None, "", "127.0.0.1", "localhost", "::1"):
            parser.error("use a database on this machine (loopback) only")
        env = {**os.environ, **prepare_instance(Path(tmp), args.database_url)}
        if args.receipt_time_cost:
            env["LEARNING_LOOP_RECEIPT_HASH_TIME_COST"] = str(args.receipt_time_cost)
        if args.receipt_memory_kib:
            env["LEARNING_LOOP_RECEIPT_HASH_MEMORY_KIB"] = str(args.receipt_memory_kib)
        settings = load_settings(environ=env)
        app_port, hello_port = _free_port(), _free_port()
        log = open(Path(tmp) / "servers.log", "wb")
        # Each gunicorn gets its own control socket folder, so neither takes over another's ~/.gunicorn/gunicorn.ctl.
        runtime = {name: Path(tmp) / f"run-{name}" for name in ("app", "hello")}
        for folder in runtime.values():
            folder.mkdir(mode=0o700)
        app = subprocess.Popen([str(learning_loop), "serve", "--host", HOST, "--port", str(app_port),
                                "--workers", str(args.workers)], env={**env, "XDG_RUNTIME_DIR": str(runtime["app"])},
                               stdout=subprocess.DEVNULL, stderr=log, cwd=tmp)
        hello = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve-hello", str(hello_port),
                                  str(args.workers)], env={**env, "XDG_RUNTIME_DIR": str(runtime["hello"])},
                                 stdout=subprocess.DEVNULL, stderr=log, cwd=tmp)
        finished = False
        try:
            _wait_until_up(app_port, "/", app)
            _wait_until_up(hello_port, "/", hello)
            print(f"Learning Loop submit benchmark on {HOST}: {os.cpu_count()} CPU(s), {args.clients} clients "
                  f"over {args.client_processes} processes, {args.duration:.0f} s per phase after "
                  f"{args.warmup:.0f} s warm-up")
            database = urlsplit(settings.resolved_database_url()).scheme.split("+")[0]
            print(f"Servers: gunicorn {args.workers} workers x {OPTIONS['threads']} threads ({OPTIONS['worker_class']}),"
                  f" access log on; {database}; receipt hash argon2id t={settings.receipt_hash_time_cost}"
                  f" m={settings.receipt_hash_memory_kib} KiB")
            warm_up("submit", app_port, 4 * args.workers)
            flow = run_load("submit", app_port, args.clients, args.client_processes, args.warmup, args.duration,
                            app.pid)
            flow_rps = report(f"Submission flow ({len(PAGES) * 2 + 3} requests per submission)", flow, True)
            if not args.skip_hello:
                warm_up("hello", hello_port, 4 * args.workers)
                base = run_load("hello", hello_port, args.clients, args.client_processes, args.warmup,
                                args.duration, hello.pid)
                hello_rps = report("Hello-world WSGI app (same gunicorn settings)", base, False)
                ratio = flow_rps / hello_rps if hello_rps else float("nan")
                print(f"\nratio = submission-flow requests/s / hello-world requests/s = "
                      f"{flow_rps:.1f} / {hello_rps:.1f} = {ratio:.3f}   (goal >= 0.25)")
                # Other work on the machine changes the measured rates; CPU per request hardly changes,
                # so this estimate of the ratio on an otherwise idle machine is steadier between runs.
                flow_cost = (flow.server_cpu + flow.client_cpu) / max(len(flow.requests), 1)
                hello_cost = (base.server_cpu + base.client_cpu) / max(len(base.requests), 1)
                print(f"CPU-based estimate of the ratio (hello-world CPU per request / flow CPU per request, "
                      f"servers and load generator) = {hello_cost / flow_cost:.3f}")
            p99 = _pct(flow.requests, 99)
            print(f"per-request p99 of the submission flow = {p99 * 1000:.1f} ms   (goal < 150 ms)")
            finished = not flow.errors
        finally:
            _stop(app)
            _stop(hello)
            log.close()
            if not finished:
                print("\nserver log tail:\n" + (Path(tmp) / "servers.log").read_text(errors="replace")[-3000:])
    return 0 if finished else 1


if __name__ == "__main__":
    sys.exit(main())
