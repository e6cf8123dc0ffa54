"""DESIGN section 4, invariants 2 and 5: the public app cannot read what it stored, receipts are unlinkable."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import fields
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from core.models import Draft, Receipt, Response
from core.opening import CannotOpen, Keyring
from core.sealing import KeyFileError, context_info, current_key_id, public_key_path
from tests.feedback_app.flows import receipt_on, send_survey, store_response, unique_word

ROOT = Path(__file__).resolve().parents[1]
OUR_PACKAGES = ("core", "config", "analysis", "feedback_app", "admin_app", "migrations")
FORBIDDEN_FOR_FEEDBACK = ("core.opening", "admin_app")


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _imports(path: Path, module: str) -> set[str]:
    """Every module an import statement anywhere in the file names (including inside functions)."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _reachable_from(start: list[str]) -> set[str]:
    """Our modules reachable by imports from `start` (parents of a module are imported too)."""
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen or not name.startswith(OUR_PACKAGES) or _module_file(name) is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_imports(_module_file(name), name))
    return seen


def _feedback_modules() -> list[str]:
    return [
        f"feedback_app.{p.stem}" if p.stem != "__init__" else "feedback_app"
        for p in sorted((ROOT / "feedback_app").glob("*.py"))
    ]


def test_no_feedback_module_imports_the_private_key_code_or_the_admin_app():
    for module in _feedback_modules():
        direct = _imports(_module_file(module), module)
        bad = {name for name in direct if name.startswith(FORBIDDEN_FOR_FEEDBACK) or name == "core.opening"}
        assert not bad, f"{module} imports {bad}"


def test_no_code_reachable_from_the_feedback_app_can_load_a_private_key():
    reachable = _reachable_from(_feedback_modules())
    assert "core.sealing" in reachable and "core.services.responses" in reachable  # the walk does follow imports
    assert not {m for m in reachable if m.startswith(FORBIDDEN_FOR_FEEDBACK)}, reachable
    for module in reachable:
        source = _module_file(module).read_text()
        for marker in ("X25519PrivateKey", "from_private_bytes", "load_pem_private_key", ".decrypt("):
            if module == "core.drafts" and marker == ".decrypt(":
                continue  # drafts are opened with the respondent's own key from their cookie
            assert marker not in source, f"{module} uses {marker}"


def test_serving_the_feedback_app_alone_never_loads_the_private_key_code(surveys, instance_path, database_url):
    script = textwrap.dedent("""
        import json, re, sys
        import wsgi
        app = wsgi.feedback
        client = app.test_client()
        pages = {1: {"role": "Housing"}, 2: {"agency_type": "Police"}, 3: {"working_well": "fine"},
                 4: {"gets_in_the_way": "late"},
                 5: {"conf_escalate": "4", "conf_share": "3", "conf_challenge": "2", "aware_key_areas": "1"},
                 6: {}, 7: {}}
        for number, data in pages.items():
            assert client.post(f"/s/practitioner-feedback/page/{number}", data=data).status_code == 302, number
        sent = client.post("/s/practitioner-feedback/check").get_data(as_text=True)
        print(json.dumps({"receipt": bool(re.search('id="receipt-code"', sent)),
                          "modules": sorted(m for m in sys.modules if m.startswith(("core", "admin_app")))}))
    """)
    env = {
        **os.environ,
        "LEARNING_LOOP_INSTANCE_PATH": str(instance_path),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_CSRF_ENABLED": "0",
        "LEARNING_LOOP_RECEIPT_HASH_TIME_COST": "1",
        "LEARNING_LOOP_RECEIPT_HASH_MEMORY_KIB": "8",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["receipt"] is True
    assert "core.sealing" in result["modules"]
    assert "core.opening" not in result["modules"]
    assert not [m for m in result["modules"] if m.startswith("admin_app")]


def test_the_feedback_app_holds_no_private_key_path_or_passphrase(make_settings, clock, engine, instance_path):
    from feedback_app import create_app

    passphrase = "a passphrase only staff know " + unique_word()
    app = create_app(make_settings(key_passphrase=passphrase), clock=clock)
    try:
        ctx = app.extensions["learning_loop"]
        held = repr(dict(app.config)) + repr(ctx) + repr([getattr(ctx.settings, f.name) for f in fields(ctx.settings)])
        assert passphrase not in held
        assert ".private.json" not in held
        assert type(ctx.public_key.key).__name__ in {"X25519PublicKey", "MLKEM768X25519PublicKey"}
        assert not [v for v in vars(ctx).values() if "Private" in type(v).__name__ or isinstance(v, Keyring)]
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_the_feedback_app_runs_with_only_the_public_key_and_refuses_a_private_one(
    make_settings, clock, engine, instance_path, tmp_path, surveys, db, admin_app
):
    from feedback_app import create_app

    public_only = tmp_path / "public-only"
    public_only.mkdir()
    key_id = current_key_id(instance_path / "keys")
    pem = shutil.copy(public_key_path(instance_path / "keys", key_id), public_only / "partnership.pem")
    app = create_app(make_settings(instance_path=tmp_path / "feedback-instance", public_key_file=str(pem)), clock=clock)
    try:
        assert not (tmp_path / "feedback-instance" / "keys").exists()
        send_survey(app.test_client(), db, "compliments-complaints")
    finally:
        app.extensions["learning_loop_engine"].dispose()
    response = db.scalar(select(Response))
    assert response.key_id == key_id
    keyring = admin_app.extensions["learning_loop"].keyring
    assert keyring.open(
        response.key_id, response.sealed, context_info(response.version.survey_id, response.survey_version_id)
    )
    with pytest.raises(KeyFileError):
        create_app(make_settings(public_key_file=str(instance_path / "keys" / f"{key_id}.private.json")), clock=clock)


def test_a_stored_response_opens_only_with_the_right_key_and_its_own_survey_version(db, surveys, settings, tmp_path):
    from core.opening import generate_keypair

    store_response(
        db, settings, "compliments-complaints", {"kind": "compliment", "service": "Police", "details": "Thank you"}
    )
    response = db.scalar(select(Response))
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    survey_id, version_id = response.version.survey_id, response.survey_version_id
    assert keyring.open(response.key_id, response.sealed, context_info(survey_id, version_id))["answers"]
    for info in (
        context_info(survey_id, version_id + 1),
        context_info(survey_id + 1, version_id),
        context_info(survey_id, version_id, purpose="addendum"),
    ):
        with pytest.raises(CannotOpen):
            keyring.open(response.key_id, response.sealed, info)
    stranger = Keyring()
    stranger.unlock(tmp_path, None) if generate_keypair(tmp_path, None) else None
    with pytest.raises(CannotOpen):
        stranger.open(response.key_id, response.sealed, context_info(survey_id, version_id))
    with pytest.raises(CannotOpen):
        stranger.open(next(iter(stranger.keys)), response.sealed, context_info(survey_id, version_id))


RESPONSE_COLUMNS = {
    "id",
    "survey_version_id",
    "campaign_id",
    "submitted_on",
    "key_id",
    "sealed",
    "needs_attention",
    "attention_handled",
}


def test_a_response_row_has_no_room_for_a_token_receipt_contact_or_time(engine):
    assert {c.name for c in Response.__table__.columns} == RESPONSE_COLUMNS
    assert {c["name"] for c in inspect(engine).get_columns("response")} == RESPONSE_COLUMNS
    assert {c["name"] for c in inspect(engine).get_columns("receipt")} == {"id", "lookup", "secret_hash", "response_id"}
    addendum = {c["name"] for c in inspect(engine).get_columns("response_addendum")}
    assert addendum == {"id", "response_id", "position", "submitted_on", "key_id", "sealed", "needs_attention"}


def test_the_receipt_appears_neither_in_the_response_row_nor_in_the_sealed_answers(
    surveys, feedback_client, db, admin_app, engine
):
    code = send_survey(feedback_client, db, "practitioner-feedback")
    plain = code.replace("-", "")
    receipt = db.scalar(select(Receipt))
    response = db.get(Response, receipt.response_id)
    row = {c.name: getattr(response, c.name) for c in Response.__table__.columns}
    keyring = admin_app.extensions["learning_loop"].keyring
    payload = keyring.open(
        response.key_id, response.sealed, context_info(response.version.survey_id, response.survey_version_id)
    )
    opened = json.dumps(payload)
    assert set(payload) == {"format", "survey", "version", "answers", "removed"}
    for needle in (code, plain, plain[4:], receipt.secret_hash, receipt.secret_hash.rsplit("$", 1)[-1]):
        assert needle not in opened
        assert not [k for k, v in row.items() if k != "sealed" and needle == str(v)]
        assert needle.encode() not in response.sealed
    # The draft (and its cookie id) is gone with the submission. What is left is the receipt page held for a
    # repeated send from this browser, under an id derived with a key only the browser has, sealed with that key.
    held = db.scalars(select(Draft)).all()
    assert len(held) == 1
    for needle in (code, plain, plain[4:]):
        assert needle.encode() not in held[0].ciphertext
    feedback_client.post("/receipt/leave")
    db.expire_all()
    assert db.scalar(select(Draft)) is None  # and it goes when the person finishes
    assert receipt_on(feedback_client.get("/s/practitioner-feedback/check").get_data(as_text=True)) is None
