"""axe-core (WCAG 2.2 A and AA) on every page of the assurance registers, in a real browser.

Audits, Section 11, annual reports, themed work and indicators, filled with the demo data, plus
their forms with errors and a CSV import with row-by-row problems. Set LL_E2E_SCREENSHOTS to a
folder to keep a full-page screenshot of each page checked.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (
    Agency,
    AnnualReport,
    Audit,
    Indicator,
    IndicatorValue,
    Section11Cycle,
    Section11Standard,
    ThemedWork,
)
from core.services.demo import _ensure_users, load_assurance_demo
from core.services.themes import install_themes
from tests.e2e.a11y import axe_violations, format_violations
from tests.e2e.helpers import staff_sign_in

pytestmark = pytest.mark.e2e


class Axe:
    """Checks each page it is shown and reports every violation at the end."""

    def __init__(self, page: Any, name: str) -> None:
        self.page, self.name = page, name
        self.reports: list[str] = []
        self.checked: list[str] = []
        folder = os.environ.get("LL_E2E_SCREENSHOTS")
        self.shots = Path(folder) if folder else None

    def __call__(self, label: str) -> None:
        self.checked.append(label)
        if self.shots:
            self.shots.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{label}".lower()).strip("-")
            self.page.screenshot(path=str(self.shots / f"{slug}.png"), full_page=True)
        violations = axe_violations(self.page)
        if violations:
            self.reports.append(format_violations(violations, f"{label} ({self.page.url})"))

    def assert_clean(self) -> None:
        assert self.checked
        assert not self.reports, "\n\n".join(self.reports)


@pytest.fixture
def demo(db: Session) -> dict[str, Any]:
    """The assurance registers' demo data, and the ids of the entries the test visits."""
    _ensure_users(db)
    install_themes(db)
    load_assurance_demo(db, dt.date.today())
    db.commit()
    current = db.scalar(select(Section11Cycle).where(Section11Cycle.status != "closed"))
    closed = db.scalar(select(Section11Cycle).where(Section11Cycle.status == "closed"))
    indicator = db.scalar(select(Indicator).where(Indicator.code == "POL-04"))
    work = db.scalar(select(ThemedWork).where(ThemedWork.title.like("Domestic abuse%")))
    assert current and closed and indicator and work
    return {
        "early_help": db.scalar(select(Audit.id).where(Audit.programme == "Early help")),
        "bea": db.scalar(select(Audit.id).where(Audit.kind == "board_effectiveness")),
        "cycle": current.id,
        "closed": closed.id,
        "agency": db.scalar(select(Agency.id).where(Agency.name == "Police")),
        "standard": db.scalar(select(Section11Standard.id).where(Section11Standard.code == "escalation")),
        "report": db.scalar(select(AnnualReport.id).where(AnnualReport.status == "presented")),
        "work": work.id,
        "node": work.organisations[0].id,
        "indicator": indicator.id,
        "value": db.scalar(select(IndicatorValue.id).where(IndicatorValue.indicator_id == indicator.id)),
        "finding": db.scalar(select(Audit).where(Audit.programme == "Early help")).findings[0].id,  # type: ignore[union-attr]
    }


def test_every_assurance_register_page_passes_axe(
    page: Any, site: Any, admin_user: Any, demo: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    axe = Axe(page, request.node.name)
    staff_sign_in(page, admin_user.email, admin_user.password)
    d = demo
    for label, path in [
        ("audit register", "/admin/audits/"),
        ("audit register filtered", "/admin/audits/?kind=board_effectiveness"),
        ("new audit form", "/admin/audits/new"),
        ("multi-agency audit", f"/admin/audits/{d['early_help']}"),
        ("board effectiveness audit", f"/admin/audits/{d['bea']}"),
        ("audit edit form", f"/admin/audits/{d['early_help']}/edit"),
        ("finding edit form", f"/admin/audits/{d['early_help']}/findings/{d['finding']}/edit"),
        ("section 11 cycles", "/admin/section11/"),
        ("section 11 standards", "/admin/section11/standards"),
        ("new standard form", "/admin/section11/standards/new"),
        ("new cycle form", "/admin/section11/cycles/new"),
        ("section 11 comparison", f"/admin/section11/cycles/{d['cycle']}"),
        ("section 11 comparison without change", f"/admin/section11/cycles/{d['cycle']}?compare=none"),
        ("an agency's self-assessment", f"/admin/section11/cycles/{d['cycle']}/agencies/{d['agency']}"),
        ("rating form", f"/admin/section11/cycles/{d['cycle']}/agencies/{d['agency']}/standards/{d['standard']}"),
        (
            "rating in a closed cycle",
            f"/admin/section11/cycles/{d['closed']}/agencies/{d['agency']}/standards/{d['standard']}",
        ),
        ("annual reports", "/admin/annual-reports/"),
        ("new annual report form", "/admin/annual-reports/new"),
        ("annual report", f"/admin/annual-reports/{d['report']}"),
        ("annual report edit form", f"/admin/annual-reports/{d['report']}/edit"),
        ("themed work", "/admin/themed-work/"),
        ("new themed work form", "/admin/themed-work/new"),
        ("themed work with its map", f"/admin/themed-work/{d['work']}"),
        ("map entry form", f"/admin/themed-work/{d['work']}/organisations/{d['node']}/edit"),
        ("indicators", "/admin/indicators/"),
        ("new indicator form", "/admin/indicators/new"),
        ("indicator with its trend", f"/admin/indicators/{d['indicator']}"),
        ("indicator edit form", f"/admin/indicators/{d['indicator']}/edit"),
        ("value edit form", f"/admin/indicators/{d['indicator']}/values/{d['value']}/edit"),
        ("import page", "/admin/indicators/import"),
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, (label, path)
        axe(label)

    page.goto("/admin/audits/new")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("audit form with errors")
    page.goto(f"/admin/section11/cycles/{d['cycle']}/agencies/{d['agency']}/standards/{d['standard']}")
    page.get_by_label("Evidence").fill("x" * 20_001)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("rating form with errors")
    page.goto("/admin/annual-reports/new")
    page.get_by_role("radio", name="Presented to the board").check()
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("annual report form with errors")
    page.goto(f"/admin/themed-work/{d['work']}")
    page.get_by_role("button", name="Add to the map").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("themed work map form with errors")
    page.goto(f"/admin/indicators/{d['indicator']}")
    page.get_by_role("textbox", name="Period").fill("last spring")
    page.get_by_role("button", name="Save the value").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("indicator value form with errors")
    axe.assert_clean()


def test_a_csv_import_in_the_browser_shows_every_problem_then_imports(
    page: Any, site: Any, staff: Any, demo: dict[str, Any], db: Session, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    axe = Axe(page, request.node.name)
    staff_sign_in(page, staff.email, staff.password)
    bad = tmp_path / "values.csv"
    bad.write_bytes(
        b"\xef\xbb\xbfindicator,period,value\r\nPOL-04,2019-Q1,3\r\nPOL-04,2019-Q2,lots\r\nNOPE-1,2019-Q2,4\r\n"
    )
    page.goto("/admin/indicators/import")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("2 problems found. Nothing was changed.")
    expect(page.get_by_role("table", name="Problems found in the file, by row")).to_contain_text(
        "“lots” is not a number"
    )
    axe("import with problems")
    assert db.scalar(select(IndicatorValue).where(IndicatorValue.period == "2019-Q1")) is None
    good = tmp_path / "good.csv"
    good.write_text("indicator,period,value\nPOL-04,2019-Q1,3\nPOL-04,2019-Q2,12\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_label("Only check the file: do not import it yet").check()
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("good.csv is ready to import")
    axe("import checked")
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("good.csv imported: 2 new values")
    page.goto(f"/admin/indicators/{demo['indicator']}?all=1")
    expect(page.get_by_role("img", name=re.compile("POL-04"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("The figures"))
    expect(table).to_contain_text("2019-Q2")
    expect(table).to_contain_text("fewer than 5")
    axe("indicator after the import")
    axe.assert_clean()
