"""The audit log's action filter names each action in plain English and still submits its code."""

from __future__ import annotations

import html
import importlib
import pkgutil
import re

import pytest

import core.services
from core.models import INTERRUPTED_DECISIONS
from core.services.audit import UnlabelledAuditAction, record
from core.services.audit_actions import ACTION_LABELS
from core.services.changes import Register


def _options(page: str) -> dict[str, str]:
    """The action filter's options, value to text."""
    select = page.split('<select class="govuk-select" id="action"', 1)[1].split("</select>", 1)[0]
    return {
        html.unescape(value): html.unescape(text)
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select)
    }


def test_the_action_filter_shows_plain_english_names_and_submits_the_codes(admin_client, auth, db):
    admin = auth.login("admin")
    record(db, admin.id, "response.read", "response", 1, survey="practitioners")
    record(db, admin.id, "export", "responses", "", format="csv", rows=3)
    db.commit()

    page = admin_client.get("/audit/").get_data(as_text=True)
    options = _options(page)

    assert options["response.read"] == "Response read"
    assert options["export"] == "Export downloaded"
    assert options["user.login"] == "User signed in"
    assert not any(text in ACTION_LABELS for text in options.values()), options
    # A link made before the labels, with the code, still filters.
    by_code = admin_client.get("/audit/?action=response.read").get_data(as_text=True)
    assert "<strong>1</strong> event." in by_code
    assert '<option value="response.read" selected>Response read</option>' in by_code


def test_an_action_no_longer_recorded_is_offered_by_its_words(admin_client, auth, db):
    auth.login("admin")
    with pytest.warns(UnlabelledAuditAction):
        record(db, None, "job.ran", "job", "purge")
    db.commit()

    assert _options(admin_client.get("/audit/").get_data(as_text=True))["job.ran"] == "Job ran"


def test_recording_an_action_without_a_label_warns_so_every_test_that_records_one_fails(db):
    """pytest turns the warning into an error: any test reaching a `record(...)` whose action has no label fails."""
    with pytest.warns(UnlabelledAuditAction, match="'survey.renamed' has no label"):
        record(db, None, "survey.renamed", "survey", 1)
    db.rollback()


def _registers() -> list[Register]:
    """Every register defined in core.services (their actions are made from their names, not written out)."""
    found = []
    for module_info in pkgutil.iter_modules(core.services.__path__):
        module = importlib.import_module(f"core.services.{module_info.name}")
        found.extend(value for value in vars(module).values() if isinstance(value, Register))
    return found


def test_every_action_made_from_a_name_has_a_label():
    registers = _registers()
    assert {register.action for register in registers} >= {"agency", "annual_report", "cdr", "themed_work"}
    made = {f"{register.action}.{step}" for register in registers for step in ("create", "update")}
    made |= {f"mail.interrupted_{decision}" for decision in INTERRUPTED_DECISIONS}
    made |= {f"{kind}.plan_changed" for kind in ("survey", "survey_draft")}
    assert made - ACTION_LABELS.keys() == set()


def test_every_label_is_words_not_a_code():
    for code, label in ACTION_LABELS.items():
        assert label and label[0].isupper() and not re.search(r"[._]", label), code
    assert len(set(ACTION_LABELS.values())) == len(ACTION_LABELS), "two actions read the same"


def test_each_event_in_the_log_is_named_in_plain_english_beside_its_code(admin_client, auth, db):
    admin = auth.login("admin")
    record(db, admin.id, "key_areas.withdrawn", "key_area_set", 1)
    db.commit()

    table = admin_client.get("/audit/").get_data(as_text=True).split("<tbody>", 1)[1]

    # The code is kept (it is what the filter and links use); the words are what a new officer reads.
    assert "Key area set withdrawn" in table and "key_areas.withdrawn" in table
    assert "User signed in" in table
