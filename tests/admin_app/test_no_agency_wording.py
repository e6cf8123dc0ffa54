"""An entry with no agency says so in words that fit it, not 'None': a multi-agency audit has no lead agency,
an annual report may not name an agency, themed work may have no lead agency yet."""

from __future__ import annotations

import re

from tests.admin_app.test_annual_reports import make_report
from tests.admin_app.test_audits import make_audit
from tests.admin_app.test_themed_work import make_work


def _value(page: str, key: str) -> str:
    found = re.search(
        rf'<dt class="govuk-summary-list__key">{key}</dt><dd class="govuk-summary-list__value">([^<]*)<', page
    )
    assert found, key
    return found.group(1)


def test_an_entry_with_no_agency_says_which_kind_of_none_it_is(admin_client, auth, db):
    audit, report, work = make_audit(db), make_report(db), make_work(db)
    auth.login("board")
    assert _value(admin_client.get(f"/audits/{audit.id}").get_data(as_text=True), "Agency") == "No lead agency"
    page = admin_client.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert _value(page, "Agency") == "Not given"
    page = admin_client.get(f"/themed-work/{work.id}").get_data(as_text=True)
    assert _value(page, "Lead agency") == "No lead agency yet"
