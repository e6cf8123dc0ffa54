"""Fault injection: kill a worker, then the whole server, in the middle of submissions; nothing acknowledged is lost.

Usage (from the repository root):

    .venv/bin/python bench/faults.py [--clients 8] [--phase 4] [--database-url postgresql+psycopg://…]

What it does, all on 127.0.0.1 and stopping by itself (a few phases of --phase seconds):

1. Builds a throwaway instance (bench/submit.py's `prepare_instance`: migrated database, key pair,
   seeded surveys) and serves it with `learning-loop serve` (gunicorn, 2 workers).
2. --clients virtual users each answer the practitioner survey over and over, every submission
   carrying a unique word in its free text, and note each receipt code the server shows them.
3. Mid-load it kills one gunicorn worker with SIGKILL (the master starts another), then kills the
   whole server (master and workers) with SIGKILL, waits, starts it again, and keeps the load on.
4. Then it checks, with the private key: every receipt a client was shown finds its response, which
   opens and holds that submission's unique word; no response is without its receipt (nothing
   half-written); and the database passes its integrity check (SQLite: integrity_check and
   foreign_key_check; PostgreSQL: amcheck on every index of the schema).

It prints submissions attempted (the final "send" was posted), acknowledged (a receipt came back),
stored (responses in the database), lost (acknowledged but not stored and readable: goal 0) and
half-written rows, and exits 1 if anything was lost or half-written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from submit import HOST, PAGES, SLUG, Client, _csrf, _expect, _free_port, _wait_until_up, prepare_instance

RECEIPT = re.compile(r'id="receipt-code">([0-9A-Z-]+)<')


def marker() -> str:
    return "zebrafinch" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


@dataclass
class Tally:
    """What the clients saw, shared between their threads."""

    attempted: int = 0
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (receipt code, unique word)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def one_submission(client: Client, word: str, tally: Tally) -> None:
    """One respondent's journey; the receipt shown, if any, goes in the tally."""
    client.reset()
    status, html = client.request("GET", f"/s/{SLUG}/")
    _expect(status, 200, "start page", html)
    for number, answers in enumerate(PAGES, start=1):
        path = f"/s/{SLUG}/page/{number}"
        status, html = client.request("GET", path)
        _expect(status, 200, f"page {number}", html)
        if "gets_in_the_way" in answers:
            answers = {"gets_in_the_way": f"The {word} report arrives late."}
        status, html = client.request("POST", path, {**answers, "csrf_token": _csrf(html, path), "website": ""})
        _expect(status, 302, f"POST page {number}", html)
    status, html = client.request("GET", f"/s/{SLUG}/check")
    _expect(status, 200, "check your answers", html)
    token = _csrf(html, "check")
    with tally.lock:
        tally.attempted += 1
    status, html = client.request("POST", f"/s/{SLUG}/check", {"csrf_token": token, "website": ""})
    found = RECEIPT.search(html)
    if status == 200 and found:
        with tally.lock:
            tally.acknowledged.append((found.group(1), word))


def user(port: int, tally: Tally, stop: threading.Event) -> None:
    client = Client(port)
    while not stop.is_set():
        try:
            one_submission(client, marker(), tally)
        except Exception:  # the server was killed under us: count it and start a new journey
            with tally.lock:
                tally.errors += 1
            client.close()
            stop.wait(0.2)
    client.close()


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def start_server(command: list[str], env: dict[str, str], port: int, log: Any) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    _wait_until_up(port, "/", server)
    deadline = time.time() + 30
    while len(children(server.pid)) < 2 and time.time() < deadline:
        time.sleep(0.1)
    return server


@dataclass
class Served:
    """A throwaway instance served by `learning-loop serve` (2 workers) on loopback."""

    env: dict[str, str]
    port: int
    command: list[str]
    log: Any
    server: subprocess.Popen[bytes]


def serve_instance(tmp: str, database_url: str) -> Served:
    env = {**os.environ, **prepare_instance(Path(tmp), database_url), "XDG_RUNTIME_DIR": tmp}
    port = _free_port()
    learning_loop = Path(sys.executable).with_name("learning-loop")
    command = [str(learning_loop), "serve", "--host", HOST, "--port", str(port), "--workers", "2"]
    log = open(Path(tmp) / "server.log", "wb")
    return Served(env, port, command, log, start_server(command, env, port, log))


def loopback_only(parser: argparse.ArgumentParser, database_url: str) -> None:
    if database_url and urlsplit(database_url).hostname not in (None, "", "127.0.0.1", "localhost", "::1"):
        parser.error("use a database on this machine (loopback) only")


def check(env: dict[str, str], tally: Tally) -> dict[str, Any]:
    """Look every acknowledged receipt up, open its response, and check the database."""
    from sqlalchemy import func, select, text

    from config import load_settings
    from core.db import make_engine, make_session_factory
    from core.errors import ReceiptNotRecognised
    from core.models import Receipt, Response
    from core.opening import CannotOpen, Keyring
    from core.receipts import ReceiptHasher
    from core.sealing import context_info
    from core.services.responses import find_receipt

    settings = load_settings(environ=env)
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    hasher = ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib)
    engine = make_engine(settings.resolved_database_url())
    lost = []
    try:
        with make_session_factory(engine)() as session:
            for code, word in tally.acknowledged:
                try:
                    response = session.get(Response, find_receipt(session, code, hasher).response_id)
                    assert response is not None
                    info = context_info(response.version.survey_id, response.version.id)
                    if word not in json.dumps(keyring.open(response.key_id, response.sealed, info)):
                        lost.append(code)
                except (ReceiptNotRecognised, CannotOpen, AssertionError):
                    lost.append(code)
            stored = session.scalar(select(func.count()).select_from(Response)) or 0
            half = session.scalar(
                select(func.count()).select_from(Response).where(~Response.id.in_(select(Receipt.response_id)))
            )
            integrity = integrity_problems(session, text)
    finally:
        engine.dispose()
    return {"stored": stored, "lost": lost, "half_written": half or 0, "integrity": integrity}


def integrity_problems(session: Any, text: Any) -> list[str]:
    if session.get_bind().dialect.name == "sqlite":
        problems = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        problems = [p for p in problems if p != "ok"]
        problems += [repr(tuple(row)) for row in session.execute(text("PRAGMA foreign_key_check"))]
        return problems
    session.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    indexes = session.execute(
        text(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
            "WHERE n.nspname = 'public' AND a.amname = 'btree'"
        )
    ).scalars()
    problems = []
    for name in list(indexes):
        try:
            session.execute(text("SELECT bt_index_check(CAST(:name AS regclass), true)"), {"name": name})
        except Exception as exc:  # noqa: BLE001 (each failing index is reported, not raised)
            problems.append(f"{name}: {exc}")
            session.rollback()
    session.commit()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent virtual users (default 8)")
    parser.add_argument("--phase", type=float, default=4, help="seconds of load between faults (default 4)")
    parser.add_argument("--database-url", default="", help="a dedicated database on this machine (default: SQLite)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.phase <= 120:
        parser.error("use 1 to 64 clients and phases of at most 120 seconds")
    loopback_only(parser, args.database_url)
    with tempfile.TemporaryDirectory(prefix="ll-faults-") as tmp:
        served = serve_instance(tmp, args.database_url)
        env, port, command, log, server = served.env, served.port, served.command, served.log, served.server
        tally, stop = Tally(), threading.Event()
        users = [threading.Thread(target=user, args=(port, tally, stop), daemon=True) for _ in range(args.clients)]
        for thread in users:
            thread.start()
        try:
            time.sleep(args.phase)
            worker = children(server.pid)[0]
            os.kill(worker, signal.SIGKILL)
            print(f"killed worker {worker} (SIGKILL) after {tally.attempted} submissions attempted")
            time.sleep(args.phase)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            print(f"killed the whole server (SIGKILL) after {tally.attempted} submissions attempted")
            time.sleep(1)
            server = start_server(command, env, port, log)
            print("restarted the server")
            time.sleep(args.phase)
        finally:
            stop.set()
            for thread in users:
                thread.join(30)
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(30)
            log.close()
        result = check(env, tally)
        database = urlsplit(env["LEARNING_LOOP_DATABASE_URL"]).scheme.split("+")[0]
        print(f"\nFaults on {database}, {args.clients} clients, gunicorn 2 workers:")
        print(f"  submissions attempted     {tally.attempted}")
        print(f"  acknowledged (receipt)    {len(tally.acknowledged)}")
        print(f"  stored                    {result['stored']}")
        print(f"  lost                      {len(result['lost'])}   (goal 0)")
        print(f"  half-written              {result['half_written']}   (goal 0)")
        print(f"  integrity problems        {len(result['integrity'])}   {result['integrity'][:3]}")
        print(f"  client errors (killed connections, retried as new journeys): {tally.errors}")
        return 0 if not result["lost"] and not result["half_written"] and not result["integrity"] else 1


if __name__ == "__main__":
    sys.exit(main())
