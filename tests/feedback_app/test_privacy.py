"""Invariants 1 and 3: nothing about the respondent, and none of their words in clear, is kept anywhere."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import subprocess
import tempfile
import sys
from pathlib import Path

from sqlalchemy import Date, MetaData, inspect, select, text

from core.models import Draft, Response
from tests.feedback_app.flows import answer_survey, receipt_on, release_for_staff, unique_word


def _all_loggers_at_debug(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def _database_bytes(engine) -> bytes:
    """Every row of every table as bytes, plus (SQLite) the raw database, WAL and shared-memory files."""
    chunks: list[bytes] = []
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    chunks.append(value if isinstance(value, bytes) else str(value).encode())
        if engine.dialect.name == "sqlite":
            conn.execute(text("PRAGMA wal_checkpoint(FULL)"))
    if engine.dialect.name == "sqlite":
        db_file = Path(engine.url.database)
        for path in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
            if path.exists():
                chunks.append(_read_elsewhere(path))
    return b"\n".join(chunks)


def _read_elsewhere(path: Path) -> bytes:
    """Read a file in a child process: closing our own descriptor on a SQLite file would drop this
    process's POSIX locks on it, and another process could then delete the WAL under our connections."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())", str(path)],
        capture_output=True,
        check=True,
    ).stdout


def _folder_bytes(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_no_address_agent_referrer_or_clear_text_is_kept_anywhere_yet_staff_can_read_the_words(
    surveys, feedback_client, admin_client, auth, engine, instance_path, caplog, capsys, db, clock
):
    _all_loggers_at_debug(caplog)
    started = Path(tempfile.mkstemp(prefix="ll-privacy-marker-")[1])
    word = unique_word()
    added = unique_word("kestrelnote")
    tag = secrets.token_hex(6)
    address, forwarded = "198.51.100.173", "192.0.2.219"
    agent = f"ProbeBrowser/{tag}"
    referrer = f"https://referrer-{tag}.example.net/from"
    environ = {"REMOTE_ADDR": address}
    headers = {"X-Forwarded-For": forwarded, "User-Agent": agent, "Referer": referrer}

    check = answer_survey(
        feedback_client,
        db,
        "practitioner-feedback",
        text=f"the {word} plan works",
        environ_base=environ,
        headers=headers,
    )
    assert word in check.get_data(as_text=True)
    draft_expiry = db.scalar(select(Draft.expires_at))
    assert (draft_expiry.minute, draft_expiry.second, draft_expiry.microsecond) == (0, 0, 0)
    sent = feedback_client.post("/s/practitioner-feedback/check", environ_base=environ, headers=headers)
    code = receipt_on(sent.get_data(as_text=True))
    assert code
    # Come back with the receipt and add more words, from the same identifiable browser.
    assert (
        feedback_client.post("/receipt", data={"code": code}, environ_base=environ, headers=headers).status_code == 302
    )
    assert (
        feedback_client.post(
            "/receipt/yours", data={"text": f"also {added}"}, environ_base=environ, headers=headers
        ).status_code
        == 302
    )
    assert feedback_client.post("/receipt/yours/check", environ_base=environ, headers=headers).status_code == 200

    response = db.scalar(select(Response))
    assert type(response.submitted_on) is dt.date and response.submitted_on == clock.now().date()
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("response")}
    assert isinstance(columns["submitted_on"], Date)

    release_for_staff(db, clock.now().date())
    auth.login("staff")
    survey_id = response.version.survey_id
    staff_page = admin_client.get(f"/surveys/{survey_id}/responses").get_data(as_text=True)
    assert word in staff_page and added in staff_page

    captured = capsys.readouterr()
    places = {
        "database": _database_bytes(engine),
        "logs": "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records).encode(),
        "output": (captured.out + captured.err).encode(),
        "instance folder": _folder_bytes(instance_path),
    }
    assert places["database"] and places["instance folder"] and caplog.records
    secrets_of_the_respondent = [address, forwarded, agent, tag, referrer, word, added, code.replace("-", "")]
    for place, content in places.items():
        for needle in secrets_of_the_respondent:
            assert needle.encode() not in content, f"{needle!r} found in the {place}"
            assert needle.encode("utf-16-le") not in content, f"{needle!r} (UTF-16) found in the {place}"
    assert _temp_files_containing(started, secrets_of_the_respondent) == []
    started.unlink()


def _temp_files_containing(since: Path, needles: list[str]) -> list[str]:
    """Files in the temp folder written during the test that contain any needle (searched by a child
    process, for the same reason as `_read_elsewhere`)."""
    patterns = [arg for needle in needles for arg in ("-e", needle)]
    found = subprocess.run(
        [
            "find",
            tempfile.gettempdir(),
            "-xdev",
            "-type",
            "f",
            "-newer",
            str(since),
            "-size",
            "-50M",
            "-exec",
            "grep",
            "-l",
            "-s",
            "-F",
            "-a",
            *patterns,
            "{}",
            "+",
        ],
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


def test_pages_ask_browsers_not_to_keep_or_pass_on_anything(surveys, feedback_client):
    for path in ("/", "/s/practitioner-feedback/", "/s/practitioner-feedback/page/1", "/receipt"):
        response = feedback_client.get(path)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "http://" not in response.get_data(as_text=True).replace("http://www.w3.org", "")


def test_an_unexpected_error_is_logged_without_what_the_respondent_wrote(
    surveys, feedback_app, feedback_client, db, engine, caplog
):
    from sqlalchemy import event

    from tests.feedback_app.flows import row_counts

    _all_loggers_at_debug(caplog)
    word = unique_word()

    def fail(_connection) -> None:
        raise ValueError(f"failed while saving the {word} answer")

    # The failure comes from the database layer at commit, whichever way the page commits (bare connection or
    # ORM session): the app's own engine, so the test's connections are not touched.
    app_engine = feedback_app.extensions["learning_loop"].engine
    event.listen(app_engine, "commit", fail)
    before = row_counts(engine)
    try:
        response = feedback_client.post(
            "/s/practitioner-feedback/page/3",
            data={"working_well": f"the {word}"},
            headers={"User-Agent": f"Probe/{word}"},
        )
    finally:
        event.remove(app_engine, "commit", fail)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    assert row_counts(engine) == before
    # The page's answer was not saved, and the page does not say it was.
    assert "Nothing has been lost" not in response.get_data(as_text=True)
    assert "may not have been saved" in response.get_data(as_text=True)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.exc_info!r}" for r in caplog.records)
    assert "ValueError" in logged and word not in logged
