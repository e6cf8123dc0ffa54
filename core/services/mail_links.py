"""What the public app does with a link from an email: unsubscribe, open an invitation.

The token in the link is the only key: the public app holds no mail key and never sees an address.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import LearningLoopError, NotFound
from core.mail.tokens import token_hash, well_formed
from core.models import Contact, Invitation, MailingList, OutboxMessage


class LinkUsed(LearningLoopError):
    status = 410
    title = "This invitation link can no longer be used"


def contact_by_token(session: Session, token: str | None) -> Contact:
    """The list member an unsubscribe link belongs to (public: the token is the only key)."""
    contact = None
    if token is not None and well_formed(token):
        contact = session.scalar(select(Contact).where(Contact.unsubscribe_hash == token_hash(token)))
    if contact is None:
        raise NotFound("This unsubscribe link is not recognised. Check that you copied the whole link.")
    return contact


def unsubscribe(session: Session, token: str | None, *, today: dt.date) -> MailingList:
    """Take the person off the list now, and cancel any mail to them still waiting; flushes."""
    contact = contact_by_token(session, token)
    if not contact.opted_out:
        contact.opted_out = True
        contact.opted_out_on = today
    cancel_queued(session, contact.id)
    session.flush()
    return contact.mailing_list


def cancel_queued(session: Session, contact_id: int) -> None:
    """Cancel every message still waiting to go to this list member (the drain also checks, at the last moment)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.contact_id == contact_id, OutboxMessage.state == "queued")
        .values(state="cancelled", sealed=None)
        .execution_options(synchronize_session=False)
    )


def open_invitation(session: Session, token: str | None, *, today: dt.date) -> Invitation:
    """The invitation a link belongs to, marked opened; refused if unknown, used or expired (public; flushes)."""
    invitation = None
    if token is not None and well_formed(token):
        invitation = session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        raise NotFound(
            "This invitation link is not recognised. Check that you copied the whole link, or use the newest "
            "email you were sent: a reminder replaces the link in the email before it."
        )
    if invitation.answered:
        raise LinkUsed("This invitation link has already been used to answer. Thank you for taking part.")
    if invitation.expires_on < today:
        raise LinkUsed("This invitation link has expired, and the survey can no longer be answered with it.")
    invitation.opened = True
    session.flush()
    return invitation


def invitation_ends_on(session: Session, token: str | None) -> dt.date | None:
    """The last day an invitation can be used to answer, or None if the token is unknown (public)."""
    if token is None or not well_formed(token):
        return None
    return session.scalar(select(Invitation.expires_on).where(Invitation.token_hash == token_hash(token)))


def claim_invitation(session: Session, token: str | None, *, today: dt.date) -> bool:
    """Mark the invitation answered, if it still can be; True if this call did it. The caller commits at once.

    Committed on its own, before the response is stored: sharing a transaction would tie the two rows together
    in the database's own bookkeeping.
    """
    if token is None or not well_formed(token):
        return False
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.token_hash == token_hash(token),
            Invitation.answered.is_(False),
            Invitation.expires_on >= today,
        )
        .values(answered=True)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def release_invitation(session: Session, token: str) -> None:
    """Undo a claim whose response could not be stored, so the link works for the next try; the caller commits."""
    session.execute(
        update(Invitation)
        .where(Invitation.token_hash == token_hash(token))
        .values(answered=False)
        .execution_options(synchronize_session=False)
    )
