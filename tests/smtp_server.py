"""A real SMTP server on loopback (aiosmtpd) that records what arrives and can turn mail away on request."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Recorder:
    """The handler: keeps every accepted message; refuses the next `refuse` DATA commands with `reply`."""

    received: list[EmailMessage] = field(default_factory=list)
    refuse: int = 0
    reply: str = "451 4.3.0 try again later"
    data_commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.data_commands += 1
            if self.refuse:
                self.refuse -= 1
                return self.reply
            message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            self.received.append(message)  # type: ignore[arg-type]
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.received]


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder

    @property
    def received(self) -> list[EmailMessage]:
        return self.recorder.received

    def message_ids(self) -> list[str]:
        return self.recorder.message_ids()


@contextlib.contextmanager
def serving(recorder: Recorder) -> Iterator[SmtpServer]:
    """aiosmtpd on a free loopback port, handing what arrives to `recorder`, until the block ends."""
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with serving(Recorder()) as server:
        yield server


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())
