"""What the public app does with a link from an email: unsubscribe, open an invitation.

The token in the link is the only key: the public app holds no mail key and never sees an address.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.mail.tokens import token_hash, well_formed
from core.models import Contact, MailingList, OutboxMessage


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
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.contact_id == contact.id, OutboxMessage.state == "queued")
        .values(state="cancelled", sealed=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return contact.mailing_list
