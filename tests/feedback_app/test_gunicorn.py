"""Invariant 1 at the web server: gunicorn's access log never records who asked."""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.gunicorn import ACCESS_LOG_FORMAT, OPTIONS


def test_the_access_log_format_has_no_address_agent_referrer_or_time():
    atoms = set(re.findall(r"%\((\w+)\)s", ACCESS_LOG_FORMAT))
    # h remote address, a agent, f referrer, t and T-style timestamps, u user, {...}i request headers, l/p ids.
    assert not atoms & {"h", "a", "f", "t", "u", "l", "p"}
    assert "{" not in ACCESS_LOG_FORMAT
    assert OPTIONS["access_log_format"] == ACCESS_LOG_FORMAT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


CLIENT_ADDRESS = "127.0.0.2"  # a loopback address of its own, so it is told apart from the server's


def _raw_from(source: str, port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0)) as sock:
        sock.sendall(request)
        return sock.recv(200)


def test_a_request_through_gunicorn_leaves_no_trace_of_the_client(surveys, instance_path, database_url, tmp_path):
    port = _free_port()
    tag = secrets.token_hex(6)
    agent, forwarded, referrer = f"ProbeBrowser/{tag}", "192.0.2.233", f"https://ref-{tag}.example.net/"
    env = {
        **os.environ,
        "LEARNING_LOOP_INSTANCE_PATH": str(instance_path),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }  # gunicorn's control socket goes here, not in a shared home folder
    script = Path(sys.executable).parent / "learning-loop"
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from admin_app.cli import main; main()"]
    log_file = tmp_path / "gunicorn.log"
    with log_file.open("wb") as out:
        server = subprocess.Popen(
            command + ["serve", "--app", "feedback", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).parents[2],
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    assert server.poll() is None, log_file.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.1)
            headers = {"User-Agent": agent, "X-Forwarded-For": forwarded, "Referer": referrer}
            assert _get(f"http://127.0.0.1:{port}/", headers) == 200
            assert _get(f"http://127.0.0.1:{port}/s/practitioner-feedback/?ref={tag}", headers) == 200
            assert _get(f"http://127.0.0.1:{port}/no-such-page", headers) == 404
            # Malformed requests make gunicorn log a warning; it must not name the client either.
            for raw in (b"NOT A REQUEST LINE\r\n\r\n", b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"):
                assert _raw_from(CLIENT_ADDRESS, port, raw).startswith(b"HTTP/1.1 4")
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log_file.read_text()
    assert '"GET /" 200' in output, output
    assert "Invalid request" in output  # the malformed requests were logged...
    for needle in (agent, tag, forwarded, referrer, CLIENT_ADDRESS, "[" + time.strftime("%d/%b/%Y")):
        assert needle not in output, f"{needle!r} in the server output:\n{output}"


@pytest.mark.parametrize("address", ["203.0.113.9", "2001:db8::7", "::1"])
def test_gunicorn_warnings_about_malformed_requests_do_not_name_the_client(address):
    from gunicorn.config import Config

    from config.gunicorn import AnonymousLogger

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    log = AnonymousLogger(Config())
    log.error_log.addHandler(handler)
    try:
        log.warning(f"Invalid request from ip={address}: Invalid HTTP request line: 'x'")
    finally:
        log.error_log.removeHandler(handler)
    assert [r.getMessage() for r in records] == ["Invalid request from a client: Invalid HTTP request line: 'x'"]
