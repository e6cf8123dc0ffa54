"""Impact's child deaths table counts actions by the year they were raised and completed; the Child deaths page counts
them under the year of the death they came from. Both are headed 'Child deaths with modifiable factors, and the
actions taken', so Impact says how the two differ and links to the other, and a reader comparing them is not left
with two sets of figures that seem to contradict each other."""

from __future__ import annotations

import pytest

from tests.factories import make_agency


@pytest.mark.parametrize("url", ["/impact/", "/impact/report"])
@pytest.mark.parametrize("role", ["staff", "board", "partner"])
def test_impact_says_how_its_child_death_actions_differ_from_the_child_deaths_page_and_links_to_it(
    admin_client, auth, db, role, url
):
    auth.login(role, agency_id=make_agency(db, "Police").id if role == "partner" else None)
    html = admin_client.get(url).get_data(as_text=True)
    assert 'href="/child-deaths/modifiable-factors"' in html
    assert "under the year of the death they came from" in html
