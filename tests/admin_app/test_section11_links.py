"""An agency's Section 11 page links only to what its reader can open: a partner user reading another agency's
page was offered 'Open' on a standard that agency rated as restricted, and the link ended on 'There is no such
assessment' (a 404); read-only users have nothing to open on a standard with no rating they can see."""

from __future__ import annotations

import re

from core.models import Section11Assessment
from core.services.section11 import install_standards
from tests.admin_app.test_section11 import make_cycle
from tests.factories import make_agency


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/section11/cycles/\d+/agencies/\d+/standards/\d+)"', page))


def test_a_partner_is_offered_no_link_that_ends_on_a_404(admin_client, auth, db):
    standards = install_standards(db)
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    cycle = make_cycle(db)
    db.add(Section11Assessment(cycle_id=cycle.id, agency_id=health.id, standard_id=standards[0].id, self_score=1))
    db.add(
        Section11Assessment(
            cycle_id=cycle.id, agency_id=health.id, standard_id=standards[1].id, self_score=0, restricted=True
        )
    )
    db.commit()
    auth.login("partner", agency_id=police.id)
    page = admin_client.get(f"/section11/cycles/{cycle.id}/agencies/{health.id}").get_data(as_text=True)
    base = f"/section11/cycles/{cycle.id}/agencies/{health.id}/standards"
    assert _links(page) == {f"{base}/{standards[0].id}"}
    for link in _links(page):
        assert admin_client.get(link).status_code == 200
    assert admin_client.get(f"{base}/{standards[1].id}").status_code == 404  # still hidden, as before


def test_editors_still_get_a_link_to_rate_every_standard(admin_client, auth, db):
    standards = install_standards(db)
    health = make_agency(db, "Health Trust")
    cycle = make_cycle(db)
    db.commit()
    auth.login("staff")
    page = admin_client.get(f"/section11/cycles/{cycle.id}/agencies/{health.id}").get_data(as_text=True)
    assert len(_links(page)) == len(standards) and ">Rate<" in page
