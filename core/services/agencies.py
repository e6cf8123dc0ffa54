"""Partner agencies and their contacts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.services.listing import get_or_not_found
from core.models import Agency, AgencyContact
from core.services.changes import Register, apply_changes, record_change, refuse_taken, remove_entry, snapshot

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
    return get_or_not_found(session, Agency, agency_id, "agency")


@dataclass
class AgencyDetails:
    """A partner agency."""

    name: str
    kind: str
    active: bool = True


def _agency_values(session: Session, details: AgencyDetails, agency: Optional[Agency] = None) -> dict[str, Any]:
    """The columns to store; ValidationFailed if another agency has the name."""
    refuse_taken(session, Agency.name, details.name, agency, f"There is already an agency called {details.name}")
    return asdict(details)


AGENCIES: Register[Agency, AgencyDetails] = Register(Agency, "agency", _agency_values)
create_agency = AGENCIES.create
update_agency = AGENCIES.update


@dataclass
class ContactDetails:
    """A professional's work contact details at an agency (never a family's)."""

    name: str
    role_title: str = ""
    email: str = ""
    phone: str = ""
    is_primary: bool = False
    notes: str = ""


def add_contact(session: Session, user_id: int | None, agency: Agency, details: ContactDetails) -> AgencyContact:
    """Add a contact to an agency (audit-logged)."""
    values = asdict(details)
    contact = AgencyContact(agency_id=agency.id, **values)
    session.add(contact)
    session.flush()
    record_change(
        session, user_id, "agency_contact.create", "agency_contact", contact.id, snapshot(values), agency=agency.id
    )
    return contact


def update_contact(
    session: Session, user_id: int | None, contact: AgencyContact, details: ContactDetails
) -> dict[str, list[Any]]:
    """Edit a contact; returns (and audit-logs) what changed."""
    changes = apply_changes(contact, asdict(details))
    if changes:
        record_change(
            session, user_id, "agency_contact.update", "agency_contact", contact.id, changes, agency=contact.agency_id
        )
    session.flush()
    return changes


def delete_contact(session: Session, user_id: int | None, contact: AgencyContact) -> None:
    """Remove a contact (audit-logged)."""
    remove_entry(
        session,
        user_id,
        contact,
        ["name"],
        "agency_contact.delete",
        "agency_contact",
        contact.id,
        agency=contact.agency_id,
    )


def contacts_for(session: Session, agency_id: int) -> list[AgencyContact]:
    """An agency's contacts, primary first."""
    return list(
        session.scalars(
            select(AgencyContact)
            .where(AgencyContact.agency_id == agency_id)
            .order_by(AgencyContact.is_primary.desc(), AgencyContact.name)
        )
    )
