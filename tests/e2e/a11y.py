"""Accessibility checks with axe-core, for any page a test has open in the browser.

Use from any e2e test:

    from tests.e2e.a11y import assert_accessible
    page.goto("/admin/reviews/")
    assert_accessible(page)

or, to walk through several pages and see every page's problems in one failure:

    axe = AxeLog(page)
    page.goto("/admin/reviews/"); axe("reviews list")
    page.goto("/admin/reviews/1"); axe("one review")
    axe.assert_clean()

The rules are WCAG 2.0, 2.1 and 2.2 at levels A and AA. On failure the message lists each
violation with its rule, impact, help link and the offending elements, so it can be fixed
without rerunning anything.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe: Any = None


def _get_axe() -> Any:
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe


def axe_violations(page: Any, context: Any = None) -> list[dict[str, Any]]:
    """Run axe-core on the page (or the CSS selector / context given) and return its violations."""
    # A click that submits a form returns once the next page has started loading, not finished: on a busy
    # machine axe could then measure the page before its stylesheet applies (unstyled links fail target-size).
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _get_axe().run(page, context=context, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def format_violations(violations: list[dict[str, Any]], where: str = "") -> str:
    """A readable report: one block per rule, with the elements that break it and why."""
    lines = [f"{len(violations)} accessibility violation(s){' on ' + where if where else ''}:"]
    for v in violations:
        lines.append(f"\n- {v['id']} ({v.get('impact') or 'unknown impact'}): {v['help']}")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"  * {target}")
            lines.append(f"    {node.get('html', '')[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"  ... and {len(v['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def assert_accessible(page: Any, context: Any = None) -> None:
    """Fail with a readable list of violations if axe-core finds any WCAG 2.2 A/AA problem on the page."""
    violations = axe_violations(page, context)
    if violations:
        raise AssertionError(format_violations(violations, page.url))


class AxeLog:
    """Checks each page it is shown and fails at the end with every page's violations, not just the first.

    With LL_E2E_SCREENSHOTS=/some/folder set, it also saves a full-page screenshot of each page it
    checks, for looking at the pages by eye.
    """

    def __init__(self, page: Any, name: str = "") -> None:
        self.page = page
        self.name = name
        self.reports: list[str] = []
        self.checked: list[str] = []
        folder = os.environ.get("LL_E2E_SCREENSHOTS")
        self.shots = Path(folder) if folder else None

    def __call__(self, label: str, context: Any = None) -> None:
        self.checked.append(label)
        if self.shots:
            self.shots.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{label}".lower()).strip("-")
            self.page.screenshot(path=str(self.shots / f"{slug}.png"), full_page=True)
        violations = axe_violations(self.page, context)
        if violations:
            self.reports.append(format_violations(violations, f"{label} ({self.page.url})"))

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.reports, "\n\n".join(self.reports)
