"""Invitations through the outbox to a real SMTP server on loopback: messages per second, none lost or sent twice.

    .venv/bin/python bench/outbox.py                      # 10,000 invitations, one drain
    .venv/bin/python bench/outbox.py --count 2000 --drains 3
    .venv/bin/python bench/outbox.py --database-url postgresql+psycopg://postgres@127.0.0.1:5433/ll_bench

It migrates a new SQLite database in a throwaway instance folder (or the PostgreSQL database named), imports a
mailing list of --count addresses, opens a campaign of the practitioner survey and queues one invitation each
(a one-time token each, the message encrypted in the outbox), then drains the outbox into an aiosmtpd server on
127.0.0.1 with --drains drains at once (each claims its messages before sending them). It prints the rates and
checks that the server received every outbox message exactly once, by Message-ID.
"""

from __future__ import annotations

import argparse
import collections
import email
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from config import load_settings  # noqa: E402
from core import migrate  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.db import make_engine, make_session_factory  # noqa: E402
from core.mail.keys import load_mail_key  # noqa: E402
from core.mail.transport import SmtpTransport  # noqa: E402
from core.models import OutboxMessage, Survey  # noqa: E402
from core.services import invitations, mailing_lists, outbox  # noqa: E402
from core.services.surveys import install_templates  # noqa: E402


class Recorder:
    """The SMTP server's handler: writes each accepted Message-ID on a line of its own."""

    def __init__(self, path: str) -> None:
        self.out = open(path, "a", buffering=1)  # noqa: SIM115  (open for the server's life)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = email.message_from_bytes(envelope.original_content.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
        self.out.write(f"{headers['Message-ID']}\n")
        return "250 OK"


def serve(port: int, path: str, ready: Any, stop: Any) -> None:
    """The SMTP server, in a process of its own like a real relay (in a thread it would fight the drain for the GIL)."""
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--drains", type=int, default=1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ll-bench-outbox-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    migrate.upgrade(url)
    port, received_file = _free_port(), folder / "received.txt"
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, str(received_file), ready, stop))
    server.start()
    ready.wait(30)
    settings = load_settings(
        environ={}, instance_path=folder, database_url=url, smtp_host="127.0.0.1", smtp_port=port, environment="bench"
    )
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    key, clock = load_mail_key(settings), SystemClock()
    try:
        with sessions() as session:
            install_templates(session)
            group = mailing_lists.create_list(session, name=f"Bench {time.time_ns()}", audience="practitioner")
            csv = "email\n" + "".join(f"person{n}@example.org\n" for n in range(args.count))
            started = time.perf_counter()
            mailing_lists.import_addresses(session, key, group, csv.encode(), today=clock.now().date())
            session.commit()
            imported = time.perf_counter() - started
            survey = session.scalars(select(Survey).where(Survey.slug == "practitioner-feedback")).one()
            campaign = invitations.open_campaign(session, survey_id=survey.id, name="Bench", today=clock.now().date())
            started = time.perf_counter()
            queued = invitations.invite_list(session, key, settings, campaign, group, now=clock.now())
            session.commit()
            queueing = time.perf_counter() - started
            expected = set(session.scalars(select(OutboxMessage.message_id).where(OutboxMessage.state == "queued")))

        reports: list[outbox.DrainReport] = []

        def drain() -> None:
            with sessions() as own:
                reports.append(
                    outbox.drain(own, key=key, transport=SmtpTransport(settings), settings=settings, now=clock.now)
                )

        threads = [threading.Thread(target=drain) for _ in range(args.drains)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sending = time.perf_counter() - started
        with sessions() as session:
            states = {
                state: n
                for state, n in session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
            }
    finally:
        stop.set()
        server.join(30)
        engine.dispose()

    seen = collections.Counter(received_file.read_text().split())
    received = set(seen)
    twice = [mid for mid, n in seen.items() if n > 1]
    lost = expected - received
    print(f"database: {engine.dialect.name}; drains at once: {args.drains}")
    print(f"imported {args.count:,} addresses in {imported:.2f} s ({args.count / imported:,.0f}/s, encrypted + hashed)")
    print(f"queued {queued:,} invitations in {queueing:.2f} s ({queued / queueing:,.0f}/s, token + encrypted message)")
    print(f"sent {sum(r.sent for r in reports):,} in {sending:.2f} s: {len(received) / sending:,.0f} messages/s")
    print(f"outbox states: {states}")
    print(f"lost: {len(lost)}; sent twice: {len(twice)}; unexpected: {len(received - expected)}")
    if lost or twice or received - expected or len(expected) != queued:
        sys.exit(1)
    print("OK: every message arrived exactly once")


if __name__ == "__main__":
    main()
