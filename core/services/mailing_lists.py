"""Mailing lists: people who opted in, their addresses encrypted, each with an unsubscribe link honoured at once.

An address is stored twice over, neither time in clear: encrypted with the mail key (to send to it) and as a
keyed hash (to find duplicates and to remove someone on request, without decrypting the whole list). Nothing
here refers to a response, and no response refers to a contact.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config import Settings
from core.errors import ValidationFailed
from core.services.listing import get_or_not_found
from core.mail.keys import MailKey
from core.mail.tokens import new_token, token_hash
from core.mail.transport import Letter
from core.models import LIST_AUDIENCES, Contact, MailingList
from core.services.indicator_import import MAX_BYTES, MAX_ROWS, ImportRejected, RowError, _norm_heading, _records

NAME_MAX, DESCRIPTION_MAX = 200, 2_000
ADDRESS_HEADINGS = frozenset({"email", "e-mail", "email address", "e-mail address", "address"})


def normalise_address(raw: str) -> Optional[str]:
    """The address as it will be stored, compared and sent to (trimmed, lower case, an international domain in its
    ASCII form), or None if it is not one. email-validator judges the syntax; a name before the @ in other than
    ASCII is refused, since the relay may not take it; whether the address exists is the relay's to say."""
    address = raw.strip().strip("<>").strip()
    if len(address) > 254:
        return None
    try:
        checked = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return str(checked.ascii_email).lower()


NAME_TAKEN = "There is already a list with this name"


def name_taken(session: Session, name: str) -> bool:
    """Whether a list already has this name (after trimming)."""
    return session.scalar(select(MailingList.id).where(MailingList.name == name.strip())) is not None


def create_list(session: Session, *, name: str, audience: str, description: str = "") -> MailingList:
    """A new, empty list; flushes."""
    errors = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the list"
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name must be {NAME_MAX} characters or fewer"
    elif name_taken(session, name):
        errors["name"] = NAME_TAKEN
    if audience not in LIST_AUDIENCES:
        errors["audience"] = "Choose who is on the list"
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"The description must be {DESCRIPTION_MAX} characters or fewer"
    if errors:
        raise ValidationFailed(errors)
    mailing_list = MailingList(name=name, audience=audience, description=description.strip())
    session.add(mailing_list)
    session.flush()
    return mailing_list


def get_list(session: Session, list_id: int) -> MailingList:
    return get_or_not_found(session, MailingList, list_id, "mailing list")


@dataclass(frozen=True)
class ListCounts:
    mailing_list: MailingList
    subscribed: int
    unsubscribed: int


def list_counts(session: Session) -> list[ListCounts]:
    """Every list with how many are on it and how many have unsubscribed (numbers of contacts, not respondents)."""
    counts: dict[tuple[int, bool], int] = {
        (list_id, opted_out): n
        for list_id, opted_out, n in session.execute(
            select(Contact.list_id, Contact.opted_out, func.count()).group_by(Contact.list_id, Contact.opted_out)
        )
    }
    return [
        ListCounts(m, counts.get((m.id, False), 0), counts.get((m.id, True), 0))
        for m in session.scalars(select(MailingList).order_by(MailingList.name))
    ]


def _add_contact(session: Session, key: MailKey, list_id: int, address: str, today: dt.date) -> Contact:
    token = new_token()
    contact = Contact(
        list_id=list_id,
        sealed=key.encrypt(json.dumps({"address": address, "unsubscribe": token})),
        address_hash=key.lookup_hash(address),
        unsubscribe_hash=token_hash(token),
        added_on=today,
    )
    session.add(contact)
    return contact


@dataclass
class ImportResult:
    added: int = 0
    skipped: list[RowError] = field(default_factory=list)


def _address_column(header: list[str]) -> int:
    for index, heading in enumerate(header):
        if " ".join(heading.strip().lower().replace("_", " ").split()) in ADDRESS_HEADINGS:
            return index
    raise ImportRejected([RowError(1, "", "The file has no email column: the heading row must have “email”")])


def import_addresses(
    session: Session, key: MailKey, mailing_list: MailingList, data: bytes, *, today: dt.date
) -> ImportResult:
    """Add the file's addresses to the list; flushes. Repeats and people who unsubscribed are skipped, row by row.

    Any address that is not one refuses the whole file (ImportRejected, nothing written): a file with
    mistakes in it may have other columns shifted too.
    """
    # Excel in much of Europe saves "CSV" with semicolons (the comma is the decimal mark there), and some
    # tools export tabs. An officer cannot always change that, so such files are read as they are rather
    # than refused: the separator is the one that finds the email heading (as the indicator import does),
    # a rule that cannot misfire the way csv.Sniffer's guessing does (it takes "m" as the separator of a
    # one-column list of addresses).
    records = _records(data, MAX_BYTES, {_norm_heading(h) for h in ADDRESS_HEADINGS})
    (header_row, header), rows = records[0], records[1:]
    column = _address_column(header)
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, "", f"The file has {len(rows):,} rows: at most {MAX_ROWS:,} at once")])
    known: dict[str, bool] = {
        hashed: opted_out
        for hashed, opted_out in session.execute(
            select(Contact.address_hash, Contact.opted_out).where(Contact.list_id == mailing_list.id)
        )
    }
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    result = ImportResult()
    to_add: list[str] = []
    for number, record in rows:
        raw = record[column] if column < len(record) else ""
        address = normalise_address(raw)
        if address is None:
            # The page shows the row number in its own column: the message does not repeat it.
            shown = "It is empty" if not raw.strip() else "It is not an email address"
            errors.append(RowError(number, "email", shown))
            continue
        hashed = key.lookup_hash(address)
        if hashed in seen:
            result.skipped.append(RowError(number, "email", f"The same address as row {seen[hashed]}"))
        elif hashed in known:
            why = "Unsubscribed from this list, so is not added again" if known[hashed] else "Already on this list"
            result.skipped.append(RowError(number, "email", why))
        else:
            to_add.append(address)
        seen.setdefault(hashed, number)
    if errors:
        raise ImportRejected(errors[:100], len(errors))
    if not rows:
        raise ImportRejected([RowError(header_row, "", "The file has a heading row but no addresses")])
    for address in to_add:
        _add_contact(session, key, mailing_list.id, address, today)
    try:
        session.flush()
    except IntegrityError:
        # Someone else added one of these addresses meanwhile: refuse (the caller rolls back) rather than half-import.
        raise ImportRejected([RowError(0, "", "The list changed while the file was read: upload it again")]) from None
    result.added = len(to_add)
    return result


@dataclass(frozen=True)
class Recipient:
    contact_id: int
    address: str
    unsubscribe_token: str


def recipients(session: Session, key: MailKey, list_id: int) -> Iterator[Recipient]:
    """Everyone on the list who has not unsubscribed, decrypted in memory one by one."""
    query = select(Contact.id, Contact.sealed).where(Contact.list_id == list_id, Contact.opted_out.is_(False))
    for contact_id, sealed in session.execute(query.order_by(Contact.id)):
        content = json.loads(key.decrypt(sealed))
        yield Recipient(contact_id, content["address"], content["unsubscribe"])


def unsubscribe_url(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/unsubscribe?token={token}"


def letter_to(settings: Settings, recipient: Recipient, subject: str, text: str, html: str = "") -> Letter:
    """An email to a list member, with the unsubscribe link in its text and in the headers mail programs show."""
    link = unsubscribe_url(settings, recipient.unsubscribe_token)
    footer = f"\n\n--\nYou get these emails because you agreed to hear from {settings.partnership_name}.\n"
    footer += f"To stop them, open this link: {link}\n"
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return Letter(recipient.address, subject, text.rstrip() + footer, html, headers)


Compose = Callable[["Recipient"], tuple[str, str]]


def queue_to_list(
    session: Session, key: MailKey, settings: Settings, list_id: int, *, kind: str, now: dt.datetime, compose: Compose
) -> int:
    """Queue one email to everyone on the list still subscribed (compose gives its subject and text); flushes."""
    from core.services.outbox import enqueue

    queued = 0
    for recipient in recipients(session, key, list_id):
        subject, text = compose(recipient)
        letter = letter_to(settings, recipient, subject, text)
        enqueue(session, key, letter, kind=kind, now=now, contact_id=recipient.contact_id)
        queued += 1
    return queued


def remove_address(session: Session, key: MailKey, list_id: int, raw: str) -> bool:
    """Delete an address from a list at the person's request (found by its keyed hash); True if it was there."""
    address = normalise_address(raw)
    if address is None:
        raise ValidationFailed({"address": "Enter an email address, like name@example.org"})
    contact = session.scalar(
        select(Contact).where(Contact.list_id == list_id, Contact.address_hash == key.lookup_hash(address))
    )
    if contact is None:
        return False
    from core.services.mail_links import cancel_queued

    cancel_queued(session, contact.id)  # before the delete unlinks them: nothing more goes to this address
    session.delete(contact)
    session.flush()
    return True
