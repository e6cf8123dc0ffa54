"""`make run` on a port of one's own: the links it makes (emails, the survey builder's preview, a campaign's link to
share) point at the port it serves on, not at the settings' default of port 5000."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")


def _serve_line(*args: str, **environ: str) -> str:
    """The command `make run` would serve with (make -n prints it without running anything)."""
    env = {k: v for k, v in os.environ.items() if k != "LEARNING_LOOP_PUBLIC_BASE_URL"} | environ
    printed = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert printed.returncode == 0, printed.stderr
    [serve] = [line for line in printed.stdout.splitlines() if "learning-loop serve" in line]
    return serve


def test_make_run_on_another_port_points_the_links_it_makes_at_that_port():
    serve = _serve_line("PORT=8123")

    assert "--port 8123" in serve
    assert "LEARNING_LOOP_PUBLIC_BASE_URL='http://127.0.0.1:8123'" in serve


def test_make_run_on_the_default_port_points_the_links_at_port_5000():
    assert "LEARNING_LOOP_PUBLIC_BASE_URL='http://127.0.0.1:5000'" in _serve_line()


def test_make_run_keeps_a_public_base_url_set_in_the_environment():
    serve = _serve_line("PORT=8123", LEARNING_LOOP_PUBLIC_BASE_URL="https://feedback.partnership.example")

    assert "LEARNING_LOOP_PUBLIC_BASE_URL='https://feedback.partnership.example'" in serve
