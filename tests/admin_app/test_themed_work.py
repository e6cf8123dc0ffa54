"""Strategic and themed work: create, edit, the map of organisations, validation, permissions, audit, export."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import AuditEvent, ThemedWork, ThemedWorkOrganisation
from tests.factories import make_agency

GOOD = {
    "title": "Domestic abuse strategy 2025 to 2028",
    "area": "Domestic abuse",
    "status": "active",
    "strategy": "Safe Lives model; MARAC quality assurance.",
    "risks": "MARAC volumes rising\nDrift after MARAC",
    "needs": "Perpetrator programme\n\n- Training for school staff",
    "started_on": "2025-04-01",
    "review_on": "2026-04-01",
    "agency_id": "",
}


def form(**overrides: str) -> dict[str, str]:
    data = dict(GOOD)
    data.update(overrides)
    return data


def works(db: Session) -> list[ThemedWork]:
    db.expire_all()
    return list(db.scalars(select(ThemedWork).order_by(ThemedWork.id)))


def nodes(db: Session) -> list[ThemedWorkOrganisation]:
    db.expire_all()
    return list(db.scalars(select(ThemedWorkOrganisation).order_by(ThemedWorkOrganisation.id)))


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def make_work(db: Session, **values: Any) -> ThemedWork:
    defaults: dict[str, Any] = dict(title="Exploitation", area="Child sexual exploitation", status="active")
    defaults.update(values)
    work = ThemedWork(**defaults)
    db.add(work)
    db.commit()
    return work


def test_staff_add_themed_work_with_risks_and_needs(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    user = auth.login("staff")
    response = admin_client.post("/themed-work/new", data=form())
    assert response.status_code == 302
    [work] = works(db)
    [event] = events(db, "themed_work.create")
    assert event.user_id == user.id and event.details["changes"]["area"] == [None, "Domestic abuse"]
    page = admin_client.get(f"/themed-work/{work.id}").get_data(as_text=True)
    assert "<li>MARAC volumes rising</li>" in page and "<li>Training for school staff</li>" in page
    assert "No organisations or partnerships recorded yet." in page and "Learning and actions" in page


def test_editing_themed_work_records_what_changed(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    work = make_work(db)
    admin_client.post(
        f"/themed-work/{work.id}/edit",
        data=form(title="Exploitation", area="Child sexual exploitation", status="under_review"),
    )
    [event] = events(db, "themed_work.update")
    assert event.details["changes"]["status"] == ["active", "under_review"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Enter the title"),
        ({"status": ""}, "status", "Select the status"),
        ({"review_on": "2025-01-01"}, "review_on", "The review date must be on or after the start date"),
        ({"agency_id": "424242"}, "agency_id", "Select the lead agency from the list"),
        ({"started_on": "2025-13-01"}, "started_on", "must be a real date"),
    ],
)
def test_invalid_themed_work_is_refused_and_nothing_written(
    admin_client: FlaskClient, auth: Any, db: Session, overrides: dict[str, str], field: str, message: str
) -> None:
    auth.login("staff")
    response = admin_client.post("/themed-work/new", data=form(**overrides))
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert works(db) == [] and events(db, "themed_work.create") == []


def test_the_map_shows_organisations_in_their_partnerships_as_picture_and_table(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    police = make_agency(db, "Police")
    work = make_work(db, title="Domestic abuse")
    url = f"/themed-work/{work.id}/organisations"
    assert admin_client.post(url, data={"name": "Domestic Abuse Partnership Board", "kind": "board"}).status_code == 302
    board = nodes(db)[0]
    admin_client.post(url, data={"name": "MARAC", "kind": "partnership", "reports_to_id": str(board.id)})
    marac = nodes(db)[1]
    assert (
        admin_client.post(
            url,
            data={"agency_id": str(police.id), "kind": "organisation", "role": "chair", "reports_to_id": str(marac.id)},
        ).status_code
        == 302
    )
    admin_client.post(url, data={"name": "Women's Aid", "kind": "organisation", "reports_to_id": str(marac.id)})
    admin_client.post(url, data={"agency_id": str(police.id), "kind": "organisation", "reports_to_id": str(board.id)})
    assert [n.name for n in nodes(db)] == [
        "Domestic Abuse Partnership Board",
        "MARAC",
        "Police",
        "Women's Aid",
        "Police",
    ]
    page = html.unescape(admin_client.get(f"/themed-work/{work.id}").get_data(as_text=True))
    assert 'role="img"' in page and "The map of who works on Domestic abuse" in page
    assert "The figures: The map of who works on Domestic abuse" in page
    assert "MARAC: Police (chair), Women's Aid." in page  # the picture's description
    assert "Police" in page and page.count('<th scope="row" class="govuk-table__header">Police</th>') == 2
    assert len(events(db, "themed_work.organisation_create")) == 5
    # Police sits in two places: the 'Member of, or reports to' list tells the two apart.
    options = page[page.index('id="reports_to_id"') :].split("</select>")[0]
    assert "Police (organisation, in MARAC)" in options
    assert "Police (organisation, in Domestic Abuse Partnership Board)" in options
    assert "Women's Aid (organisation)<" in options and "MARAC (partnership or group)<" in options


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"name": "", "kind": "organisation"},
            "name",
            "Enter the name of the organisation, partnership or board, or choose an agency",
        ),
        ({"name": "X", "kind": "club"}, "kind", "Select what it is from the list"),
        (
            {"name": "X", "kind": "organisation", "reports_to_id": "999999"},
            "reports_to_id",
            "Select where it sits from the list",
        ),
        ({"name": "X", "kind": "organisation", "agency_id": "999999"}, "agency_id", "Select the agency from the list"),
    ],
)
def test_invalid_map_entries_are_refused(
    admin_client: FlaskClient, auth: Any, db: Session, data: dict[str, str], field: str, message: str
) -> None:
    auth.login("staff")
    work = make_work(db)
    response = admin_client.post(f"/themed-work/{work.id}/organisations", data=data)
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert nodes(db) == []


def test_the_same_organisation_twice_in_one_place_and_loops_are_refused(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    work = make_work(db)
    url = f"/themed-work/{work.id}/organisations"
    admin_client.post(url, data={"name": "Board", "kind": "board"})
    board = nodes(db)[0]
    admin_client.post(url, data={"name": "Group", "kind": "partnership", "reports_to_id": str(board.id)})
    group = nodes(db)[1]
    twice = admin_client.post(url, data={"name": "group", "kind": "partnership", "reports_to_id": str(board.id)})
    assert twice.status_code == 400 and "group is already on the map in that place" in twice.get_data(as_text=True)
    loop = admin_client.post(
        f"/themed-work/{work.id}/organisations/{board.id}/edit",
        data={"name": "Board", "kind": "board", "reports_to_id": str(group.id)},
    )
    assert loop.status_code == 400
    assert "cannot sit under itself or under one of its own members" in loop.get_data(as_text=True)
    assert nodes(db)[0].reports_to_id is None


def test_map_entries_are_changed_and_removed_with_members_moving_up(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    work = make_work(db)
    url = f"/themed-work/{work.id}/organisations"
    admin_client.post(url, data={"name": "Board", "kind": "board"})
    board = nodes(db)[0]
    admin_client.post(url, data={"name": "Group", "kind": "partnership", "reports_to_id": str(board.id)})
    group = nodes(db)[1]
    admin_client.post(url, data={"name": "Police", "kind": "organisation", "reports_to_id": str(group.id)})
    admin_client.post(
        f"/themed-work/{work.id}/organisations/{group.id}/edit",
        data={"name": "Exploitation group", "kind": "partnership", "reports_to_id": str(board.id), "role": ""},
    )
    [update] = events(db, "themed_work.organisation_update")
    assert update.details["changes"]["name"] == ["Group", "Exploitation group"]
    admin_client.post(f"/themed-work/{work.id}/organisations/{group.id}/edit", data={"delete": "yes"})
    remaining = nodes(db)
    assert [(n.name, n.reports_to_id) for n in remaining] == [("Board", None), ("Police", board.id)]
    [removed] = events(db, "themed_work.organisation_delete")
    assert removed.details["changes"]["name"] == ["Exploitation group", None]


def test_an_entry_of_another_work_is_not_found(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    first, second = make_work(db, title="One"), make_work(db, title="Two")
    admin_client.post(f"/themed-work/{first.id}/organisations", data={"name": "X", "kind": "organisation"})
    node = nodes(db)[0]
    assert admin_client.get(f"/themed-work/{second.id}/organisations/{node.id}/edit").status_code == 404


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_users_cannot_change_themed_work(
    admin_client: FlaskClient, auth: Any, db: Session, role: str
) -> None:
    work = make_work(db)
    auth.login(role)
    page = admin_client.get(f"/themed-work/{work.id}").get_data(as_text=True)
    assert "Exploitation" in page and "Add to the map" not in page and "Change the work" not in page
    assert admin_client.post("/themed-work/new", data=form()).status_code == 403
    assert admin_client.post(f"/themed-work/{work.id}/edit", data=form()).status_code == 403
    assert (
        admin_client.post(
            f"/themed-work/{work.id}/organisations", data={"name": "X", "kind": "organisation"}
        ).status_code
        == 403
    )
    assert [w.title for w in works(db)] == ["Exploitation"] and nodes(db) == []
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("themed_work%"))) == 0


def test_partner_users_do_not_see_other_agencies_restricted_work(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police, council = make_agency(db, "Police"), make_agency(db, "Council")
    mine = make_work(db, title="Police-led county lines work", agency_id=police.id, restricted=True)
    theirs = make_work(db, title="Council private work", agency_id=council.id, restricted=True)
    auth.login("partner", agency_id=police.id)
    listing = admin_client.get("/themed-work/").get_data(as_text=True)
    assert mine.title in listing and theirs.title not in listing
    assert admin_client.get(f"/themed-work/{theirs.id}").status_code == 404
    assert theirs.title not in admin_client.get("/themed-work/export?format=csv").get_data(as_text=True)


def test_export_lists_organisations_risks_and_needs(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    admin_client.post("/themed-work/new", data=form())
    work = works(db)[0]
    admin_client.post(f"/themed-work/{work.id}/organisations", data={"name": "MARAC", "kind": "partnership"})
    marac = nodes(db)[0]
    admin_client.post(
        f"/themed-work/{work.id}/organisations",
        data={"name": "Police", "kind": "organisation", "role": "chair", "reports_to_id": str(marac.id)},
    )
    response = admin_client.get("/themed-work/export?format=csv")
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert row["Risks"] == "MARAC volumes rising; Drift after MARAC"
    assert row["Organisations and partnerships"] == "MARAC; Police (chair) in MARAC"
    assert events(db, "export")[0].object_type == "themed-work"
