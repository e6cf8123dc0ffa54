"""A control character that reached a register (a note imported before imports refused them) does not
make its XLSX export a server error: XLSX cannot hold it, so it is shown as U+FFFD and the rest of the file is
written as it is."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from core.models import IndicatorValue
from core.services.indicator_import import import_indicator_values
from tests.admin_app.test_indicators import make_indicator
from tests.factories import make_agency


def test_an_imported_note_with_a_control_character_still_exports_as_xlsx(admin_client, auth, db, clock):
    police = make_agency(db, "Police")
    make_indicator(db, police, code="POL-07")
    data = "indicator,period,value,note\r\nPOL-07,2026-Q2,5,first\r\n".encode()
    import_indicator_values(db, data, user_id=None, filename="from-a-spreadsheet.csv", now=clock.now())
    stored = db.scalars(select(IndicatorValue)).one()
    stored.note = "first\x0bsecond\x01"  # as an import before imports refused control characters kept it
    db.commit()
    auth.login("partner", agency_id=police.id)
    exported = admin_client.get("/indicators/values/export?format=xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "first\ufffdsecond\ufffd" in rows[1]
    # The CSV, which can hold them, keeps the note as it was stored.
    assert "first\x0bsecond\x01" in admin_client.get("/indicators/values/export?format=csv").get_data(as_text=True)
