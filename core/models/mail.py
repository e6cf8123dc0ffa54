"""Mail: the outbox, mailing lists of people who opted in, invitations, dissemination and follow-ups.

None of these tables links to a response, and no response links to them (DESIGN invariant 5).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk, str40, str200, timestamp

if TYPE_CHECKING:
    from core.models.findings import KeyAreaSet

OUTBOX_STATES: dict[str, str] = {
    "queued": "Waiting to be sent",
    "sending": "Being sent, or interrupted",
    "sent": "Sent",
    "failed": "Failed",
    "cancelled": "Cancelled (the person unsubscribed)",
}


class OutboxMessage(Base):
    """One email waiting, sent or failed. Its content is encrypted, and dropped once it has left."""

    __tablename__ = "outbox_message"

    id: Mapped[intpk]
    kind: Mapped[str40]
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Which drain took the message: a message is claimed (and that committed) before it is sent.
    claim: Mapped[Optional[str]] = mapped_column(String(32), default=None, index=True)
    created_at: Mapped[timestamp]
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Only the domain is shown to staff (which relay or organisation refuses mail), never the address.
    recipient_domain: Mapped[str200] = mapped_column(default="")
    message_id: Mapped[str200]
    sealed: Mapped[Optional[bytes]] = mapped_column(LargeBinary, default=None)
    # Set for mail to a list member: if they unsubscribe before it goes, it is cancelled.
    contact_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), default=None, index=True
    )


LIST_AUDIENCES: dict[str, str] = {"practitioner": "Practitioners", "family": "Parents, carers and families"}


class MailingList(Base):
    """People who agreed to be emailed: invitations to surveys, key areas sent out, follow-ups."""

    __tablename__ = "mailing_list"

    id: Mapped[intpk]
    name: Mapped[str200] = mapped_column(unique=True)
    audience: Mapped[str40]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[timestamp]

    contacts: Mapped[list["Contact"]] = relationship(back_populates="mailing_list", cascade="all, delete-orphan")


class Contact(Base):
    """One address on a list, encrypted; found by a keyed hash of the address, or by its unsubscribe token's hash."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("list_id", "address_hash"),)

    id: Mapped[intpk]
    list_id: Mapped[int] = mapped_column(ForeignKey("mailing_list.id", ondelete="CASCADE"), index=True)
    # The address and its unsubscribe token, encrypted with the mail key (the token goes in every email).
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    address_hash: Mapped[str] = mapped_column(String(64))
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    added_on: Mapped[dt.date] = mapped_column(Date)
    opted_out_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)

    mailing_list: Mapped[MailingList] = relationship(back_populates="contacts")


class Invitation(Base):
    """One person invited to answer a campaign's survey, by a one-time link whose token is kept only as a hash.

    It holds whether the link was opened and used, never when (nothing finer than the day it was sent), and
    nothing of the response: no response names it, and it names no response (DESIGN invariant 5).
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("campaign_id", "contact_id"),)

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    # Who to remind; unset when the person leaves the list (the counts stay right).
    contact_id: Mapped[Optional[int]] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"), default=None)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    opened: Mapped[bool] = mapped_column(Boolean, default=False)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders: Mapped[int] = mapped_column(Integer, default=0)


class Dissemination(Base):
    """A published key area set sent to a mailing list (the email and the public page both show the areas)."""

    __tablename__ = "dissemination"

    id: Mapped[intpk]
    key_area_set_id: Mapped[int] = mapped_column(ForeignKey("key_area_set.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mailing_list.id", ondelete="SET NULL"), default=None)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    queued: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)

    key_area_set: Mapped["KeyAreaSet"] = relationship()
    # None once the list is deleted: what was sent stays on record.
    mailing_list: Mapped[Optional[MailingList]] = relationship()
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="dissemination", order_by="FollowUp.due_at", cascade="all, delete-orphan"
    )


FOLLOW_UP_STATES: dict[str, str] = {"scheduled": "Scheduled", "sent": "Invitations sent", "skipped": "Not sent"}


class FollowUp(Base):
    """A survey of the same list about the same key areas, due at a set time; a scheduled job sends it once."""

    __tablename__ = "follow_up"

    id: Mapped[intpk]
    dissemination_id: Mapped[int] = mapped_column(ForeignKey("dissemination.id", ondelete="CASCADE"), index=True)
    label: Mapped[str40]
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(20), default="scheduled")
    campaign_id: Mapped[Optional[int]] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")

    dissemination: Mapped[Dissemination] = relationship(back_populates="follow_ups")


__all__ = [
    "FOLLOW_UP_STATES",
    "LIST_AUDIENCES",
    "OUTBOX_STATES",
    "Contact",
    "Dissemination",
    "FollowUp",
    "Invitation",
    "MailingList",
    "OutboxMessage",
]
