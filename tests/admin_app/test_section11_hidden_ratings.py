"""A partner user cannot tell from a standard's page whether another agency rated it and restricted the rating:
the page of a standard that agency has not rated answers as the page of one it rated and restricted does."""

from __future__ import annotations

from core.models import Section11Assessment
from core.services.section11 import install_standards
from tests.admin_app.test_section11 import make_cycle
from tests.factories import make_agency


def test_a_restricted_rating_and_no_rating_look_the_same_to_another_agencys_partner_user(admin_client, auth, db):
    standards = install_standards(db)
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    cycle = make_cycle(db)
    hidden, unrated = standards[0], standards[1]
    db.add(Section11Assessment(cycle_id=cycle.id, agency_id=health.id, standard_id=hidden.id, restricted=True))
    db.commit()
    base = f"/section11/cycles/{cycle.id}/agencies/{health.id}/standards"
    auth.login("partner", agency_id=police.id)
    restricted_page, unrated_page = admin_client.get(f"{base}/{hidden.id}"), admin_client.get(f"{base}/{unrated.id}")
    assert (restricted_page.status_code, unrated_page.status_code) == (404, 404)
    assert restricted_page.get_data(as_text=True) == unrated_page.get_data(as_text=True)


def test_the_business_unit_and_the_board_still_open_a_standard_no_one_has_rated(admin_client, auth, db):
    standards = install_standards(db)
    health = make_agency(db, "Health Trust")
    cycle = make_cycle(db)
    db.commit()
    page = f"/section11/cycles/{cycle.id}/agencies/{health.id}/standards/{standards[0].id}"
    auth.login("board")
    assert "Health Trust has not rated this standard yet" in admin_client.get(page).get_data(as_text=True)
    auth.logout()
    auth.login("staff")
    assert admin_client.get(page).status_code == 200
