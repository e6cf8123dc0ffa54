"""Register lists read their filters and page from the address bar: any value a person can type there
(an id longer than the database can hold, a page number past the end) gets the list, never a 500."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

HUGE = "99999999999999999999"  # more than a 64-bit integer: the database cannot bind it


@pytest.mark.parametrize(
    "path",
    [
        f"/actions/?theme={HUGE}",
        f"/actions/?owner={HUGE}",
        f"/actions/export?theme={HUGE}",
        f"/annual-reports/?agency_id={HUGE}",
        f"/audits/?agency_id={HUGE}",
        f"/indicators/?agency_id={HUGE}",
        f"/indicators/?theme_id={HUGE}",
        f"/reviews/?page={HUGE}",
        f"/child-deaths/?page={HUGE}",
        f"/agencies/?page={HUGE}",
        f"/actions/?page={HUGE}",
        f"/section11/export?cycle={HUGE}",
    ],
)
def test_a_list_filtered_by_an_id_or_page_too_large_for_the_database_still_shows(auth, admin_client, path) -> None:
    auth.login("admin")

    response = admin_client.get(path)

    assert response.status_code == 200, path


def test_every_page_addressed_by_an_id_too_large_for_the_database_is_not_found(auth, admin_app, admin_client) -> None:
    auth.login("admin")
    checked = []

    for rule in admin_app.url_map.iter_rules():
        if not any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue
        path = rule.build({name: 2**64 for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = admin_client.open(path, method=method)
            checked.append((method, path, response.status_code))

    assert len(checked) > 40
    assert [c for c in checked if c[2] >= 500] == []


# Characters Python's str.isdigit() takes as digits but int() refuses: superscript two, circled one, Ethiopic one.
NOT_ASCII_DIGITS = ("%C2%B2", "%E2%91%A0", "%E1%8D%A9%E1%8D%A9%E1%8D%A9%E1%8D%A9")


@pytest.mark.parametrize("digits", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    "path",
    [
        "/actions/?theme={}",
        "/actions/?owner={}",
        "/annual-reports/?agency_id={}",
        "/annual-reports/?year={}",
        "/audits/?agency_id={}",
        "/indicators/?agency_id={}",
        "/child-deaths/?year={}",
        "/child-deaths/export?year={}",
        "/findings/emerging?year={}",
        "/section11/export?cycle={}",
    ],
)
def test_a_filter_of_digits_int_cannot_read_is_ignored_or_refused_never_a_500(auth, admin_client, path, digits):
    auth.login("admin")

    response = admin_client.get(path.format(digits))

    assert response.status_code in (200, 400), path


@pytest.mark.parametrize("digits", NOT_ASCII_DIGITS)
def test_a_year_cycle_or_agency_of_digits_int_cannot_read_on_a_page_of_one_entry_is_never_a_500(
    auth, admin_client, db, surveys, digits
):
    from tests.admin_app.test_section11 import make_cycle
    from tests.factories import survey_by_slug

    auth.login("admin")
    cycle = make_cycle(db)
    survey = survey_by_slug(db, "practitioner-feedback")

    assert admin_client.get(f"/findings/surveys/{survey.id}?year={digits}").status_code == 400
    assert admin_client.get(f"/section11/cycles/{cycle.id}?compare={digits}").status_code == 200
    assert admin_client.get(f"/section11/cycles/{cycle.id}/agency?agency_id={digits}").status_code == 302
