"""The browser tests' server itself: a request the browser drops must not leave a file open.

A leaked file only shows as a ResourceWarning when it is garbage collected, and the suite turns
warnings into errors, so a leak fails whichever browser test happens to be running (it failed the
Exit this page test once in CI). This drives the race on purpose, with no browser.
"""

from __future__ import annotations

import gc
import select
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e


def test_a_request_dropped_after_the_response_was_written_leaves_no_file_open(live_server, monkeypatch):
    leaks: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", leaks.append)
    address = urlsplit(live_server.url)
    assert address.hostname and address.port
    before = threading.active_count()
    for _ in range(30):
        with socket.create_connection((address.hostname, address.port), timeout=5) as client:
            client.sendall(b"GET /static/public.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            readable, _, _ = select.select([client], [], [], 5)
            assert readable, "the server sent nothing"
            # Closing with the response unread sends a reset, as Chromium does when a page is left.
    deadline = time.monotonic() + 10
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.02)
    gc.collect()
    assert [getattr(leak, "exc_value", leak) for leak in leaks] == []
