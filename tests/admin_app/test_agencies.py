"""Partner agencies and their contacts."""

from __future__ import annotations

from sqlalchemy import func, select

from core.models import Agency, AgencyContact, AuditEvent
from tests.factories import make_agency


def test_staff_add_an_agency_and_its_contacts(auth, admin_client, db):
    user = auth.login("staff")
    response = admin_client.post(
        "/agencies/new", data={"name": "Probation Service", "kind": "probation", "active": "yes"}
    )
    assert response.status_code == 302
    agency = db.scalar(select(Agency).where(Agency.name == "Probation Service"))
    assert agency.kind == "probation" and agency.active
    response = admin_client.post(
        f"/agencies/{agency.id}/contacts",
        data={
            "name": "Head of Public Protection",
            "role_title": "Head of Public Protection",
            "email": "pp@example.org",
            "phone": "01632 960 001",
            "is_primary": "yes",
        },
    )
    assert response.status_code == 302
    page = admin_client.get(f"/agencies/{agency.id}").get_data(as_text=True)
    assert "pp@example.org" in page and "Main contact" in page
    listing = admin_client.get("/agencies/").get_data(as_text=True)
    assert "Probation Service" in listing and "Head of Public Protection" in listing
    actions = [
        e.action for e in db.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id).order_by(AuditEvent.id))
    ]
    assert actions[-2:] == ["agency.create", "agency_contact.create"]


def test_an_agency_name_must_be_given_and_not_taken(auth, admin_client, db):
    make_agency(db, "Police")
    db.commit()
    auth.login("staff")
    for data, message in [
        ({"name": "", "kind": "police"}, "Enter the name of the agency"),
        ({"name": "police", "kind": "police"}, "There is already an agency called police"),
        ({"name": "New", "kind": "martians"}, "Select the kind of agency from the list"),
    ]:
        response = admin_client.post("/agencies/new", data=data)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Agency.id))) == 1


def test_a_contact_with_a_bad_email_is_refused_and_nothing_is_written(auth, admin_client, db):
    agency = make_agency(db, "Police")
    db.commit()
    auth.login("staff")
    response = admin_client.post(f"/agencies/{agency.id}/contacts", data={"name": "DI", "email": "not-an-email"})
    assert response.status_code == 400
    assert '<a href="#email">Enter an email address in the correct format' in response.get_data(as_text=True)
    assert db.scalar(select(func.count(AgencyContact.id))) == 0


def test_editing_an_agency_and_a_contact_is_audited_with_the_change(auth, admin_client, db):
    agency = make_agency(db, "Police", kind="police")
    contact = AgencyContact(agency_id=agency.id, name="DI Example", email="di@example.org")
    db.add(contact)
    db.commit()
    auth.login("staff")
    assert (
        admin_client.post(
            f"/agencies/{agency.id}/edit", data={"name": "Police (county)", "kind": "police", "active": ""}
        ).status_code
        == 302
    )
    assert (
        admin_client.post(
            f"/agencies/{agency.id}/contacts/{contact.id}",
            data={"name": "DI Example", "email": "public.protection@example.org"},
        ).status_code
        == 302
    )
    events = {e.action: e.details.get("changes") for e in db.scalars(select(AuditEvent))}
    assert events["agency.update"] == {"name": ["Police", "Police (county)"], "active": [True, False]}
    assert events["agency_contact.update"] == {"email": ["di@example.org", "public.protection@example.org"]}
    assert admin_client.post(f"/agencies/{agency.id}/contacts/{contact.id}/delete").status_code == 302
    assert db.scalar(select(func.count(AgencyContact.id))) == 0
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "agency_contact.delete")) is not None


def test_partners_and_board_members_read_agencies_but_cannot_change_them(auth, admin_client, db):
    agency = make_agency(db, "Police")
    contact = AgencyContact(agency_id=agency.id, name="DI Example")
    db.add(contact)
    db.commit()
    auth.login("partner", agency_id=agency.id)
    assert admin_client.get("/agencies/").status_code == 200
    page = admin_client.get(f"/agencies/{agency.id}").get_data(as_text=True)
    assert "DI Example" in page and "Add a contact" not in page
    for url, data in [
        ("/agencies/new", {"name": "X", "kind": "other"}),
        (f"/agencies/{agency.id}/edit", {"name": "Y", "kind": "other"}),
        (f"/agencies/{agency.id}/contacts", {"name": "Z"}),
        (f"/agencies/{agency.id}/contacts/{contact.id}", {"name": "Z"}),
        (f"/agencies/{agency.id}/contacts/{contact.id}/delete", {}),
    ]:
        assert admin_client.post(url, data=data).status_code == 403, url
    db.expire_all()
    assert db.get(Agency, agency.id).name == "Police"
    assert db.scalar(select(func.count(AgencyContact.id))) == 1


def test_a_contact_of_another_agency_is_not_found_under_this_one(auth, admin_client, db):
    police, health = make_agency(db, "Police"), make_agency(db, "Health")
    contact = AgencyContact(agency_id=health.id, name="Nurse")
    db.add(contact)
    db.commit()
    auth.login("staff")
    assert admin_client.get(f"/agencies/{police.id}/contacts/{contact.id}").status_code == 404
    assert admin_client.get("/agencies/999999").status_code == 404
