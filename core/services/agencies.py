"""Partner agencies and their contacts."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.models import AGENCY_KINDS, Agency, AgencyContact
from core.services.changes import apply_changes, record_change, snapshot
from core.services.fields import Cleaner

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"[0-9+() -]{6,40}")


def list_agencies(session: Session, *, include_inactive: bool = True) -> list[Agency]:
    """Agencies by name."""
    query = select(Agency).order_by(Agency.name)
    if not include_inactive:
        query = query.where(Agency.active.is_(True))
    return list(session.scalars(query))


def contacts_by_agency(session: Session) -> dict[int, list[AgencyContact]]:
    """Every agency's contacts, primary first (one query)."""
    grouped: dict[int, list[AgencyContact]] = {}
    for contact in session.scalars(select(AgencyContact).order_by(AgencyContact.is_primary.desc(), AgencyContact.name)):
        grouped.setdefault(contact.agency_id, []).append(contact)
    return grouped


def get_agency(session: Session, agency_id: int) -> Agency:
    """The agency, or NotFound."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("There is no such agency.")
    return agency


def clean_agency(session: Session, data: Mapping[str, Any], agency: Optional[Agency] = None) -> dict[str, Any]:
    """Validate the agency form; raises ValidationFailed."""
    c = Cleaner(data)
    name = c.text("name", "the name of the agency", required=True, max_length=200)
    if name:
        clash = session.scalar(select(Agency.id).where(func.lower(Agency.name) == name.lower()))
        if clash is not None and (agency is None or clash != agency.id):
            c.error("name", f"There is already an agency called {name}")
    c.choice("kind", "the kind of agency", AGENCY_KINDS, required=True)
    values = c.finish()
    values["active"] = str(data.get("active", "yes" if agency is None else "")).lower() in {"yes", "on", "true", "1"}
    return values


def create_agency(session: Session, user_id: int | None, data: Mapping[str, Any]) -> Agency:
    """Add an agency (audit-logged)."""
    values = clean_agency(session, data)
    agency = Agency(**values)
    session.add(agency)
    session.flush()
    record_change(session, user_id, "agency.create", "agency", agency.id, snapshot(values))
    return agency


def update_agency(
    session: Session, user_id: int | None, agency: Agency, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit an agency; returns (and audit-logs) what changed."""
    values = clean_agency(session, data, agency)
    changes = apply_changes(agency, values)
    if changes:
        record_change(session, user_id, "agency.update", "agency", agency.id, changes)
    session.flush()
    return changes


def clean_contact(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a contact; a professional's work details only."""
    c = Cleaner(data)
    c.text("name", "the contact's name", required=True, max_length=200)
    c.text("role_title", "their role", max_length=200)
    email = c.text("email", "the email address", max_length=200)
    if email and not EMAIL.fullmatch(email):
        c.error("email", "Enter an email address in the correct format, like name@example.org")
    phone = c.text("phone", "the phone number", max_length=40)
    if phone and not PHONE.fullmatch(phone):
        c.error("phone", "Enter a phone number, like 01632 960 001")
    c.flag("is_primary")
    c.text("notes", "the notes", max_length=5_000)
    return c.finish()


def add_contact(session: Session, user_id: int | None, agency: Agency, data: Mapping[str, Any]) -> AgencyContact:
    """Add a contact to an agency (audit-logged)."""
    values = clean_contact(data)
    contact = AgencyContact(agency_id=agency.id, **values)
    session.add(contact)
    session.flush()
    record_change(
        session, user_id, "agency_contact.create", "agency_contact", contact.id, snapshot(values), agency=agency.id
    )
    return contact


def update_contact(
    session: Session, user_id: int | None, contact: AgencyContact, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Edit a contact; returns (and audit-logs) what changed."""
    values = clean_contact(data)
    changes = apply_changes(contact, values)
    if changes:
        record_change(
            session, user_id, "agency_contact.update", "agency_contact", contact.id, changes, agency=contact.agency_id
        )
    session.flush()
    return changes


def delete_contact(session: Session, user_id: int | None, contact: AgencyContact) -> None:
    """Remove a contact (audit-logged)."""
    record_change(
        session,
        user_id,
        "agency_contact.delete",
        "agency_contact",
        contact.id,
        {"name": [contact.name, None]},
        agency=contact.agency_id,
    )
    session.delete(contact)
    session.flush()


def contacts_for(session: Session, agency_id: int) -> list[AgencyContact]:
    """An agency's contacts, primary first."""
    return list(
        session.scalars(
            select(AgencyContact)
            .where(AgencyContact.agency_id == agency_id)
            .order_by(AgencyContact.is_primary.desc(), AgencyContact.name)
        )
    )
