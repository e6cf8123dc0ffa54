"""Mailing lists: addresses encrypted at rest, CSV import row by row, nothing written from a bad file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.models import Contact
from core.services import mailing_lists
from core.services.indicator_import import ImportRejected


@pytest.fixture
def key(settings):
    return load_mail_key(settings)


@pytest.fixture
def practitioners(db):
    created = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    db.commit()
    return created


def _import(db, key, mailing_list, text: str, clock):
    result = mailing_lists.import_addresses(db, key, mailing_list, text.encode(), today=clock.now().date())
    db.commit()
    return result


def test_addresses_are_stored_encrypted_and_found_again_by_their_keyed_hash(db, key, practitioners, clock):
    result = _import(
        db, key, practitioners, "Email,Name\nAlex.Smith@Example.org,Alex Smith\nsam@example.org,Sam\n", clock
    )
    assert result.added == 2 and result.skipped == []
    stored = db.scalars(select(Contact.sealed)).all()
    assert all(b"example" not in blob and b"Alex" not in blob for blob in stored)
    everyone = sorted(r.address for r in mailing_lists.recipients(db, key, practitioners.id))
    assert everyone == ["alex.smith@example.org", "sam@example.org"]  # names in other columns are not kept
    from core.mail.transport import Letter
    from core.services.outbox import enqueue

    (alex,) = [r for r in mailing_lists.recipients(db, key, practitioners.id) if r.address.startswith("alex")]
    waiting = enqueue(db, key, Letter(alex.address, "S", "T"), kind="test", now=clock.now(), contact_id=alex.contact_id)
    db.commit()
    assert mailing_lists.remove_address(db, key, practitioners.id, " ALEX.smith@example.org ")
    db.commit()
    db.refresh(waiting)
    assert waiting.state == "cancelled" and waiting.sealed is None  # nothing more goes to a deleted address
    assert [r.address for r in mailing_lists.recipients(db, key, practitioners.id)] == ["sam@example.org"]


def test_repeats_and_people_already_on_the_list_are_skipped_row_by_row(db, key, practitioners, clock):
    _import(db, key, practitioners, "email\nsam@example.org\n", clock)
    result = _import(db, key, practitioners, "email\nnew@example.org\nSAM@example.org\nnew@example.org\n", clock)
    assert result.added == 1
    assert [(e.row, e.message) for e in result.skipped] == [
        (3, "Already on this list"),
        (4, "The same address as row 2"),
    ]


@pytest.mark.parametrize(
    "content",
    [
        "Name;E-mail;Team\nAlex Smith;alex@example.org;Early help\nSam;sam@example.org;\n",  # Excel in Europe
        "Name\tEmail address\nAlex Smith\talex@example.org\nSam\tsam@example.org\n",
        '"Name";"Email"\n"Smith, Alex";"alex@example.org"\n"Sam";"sam@example.org"\n',
    ],
    ids=["semicolons", "tabs", "quoted semicolons"],
)
def test_a_file_separated_by_semicolons_or_tabs_is_read_as_it_is(db, key, practitioners, clock, content):
    result = _import(db, key, practitioners, content, clock)
    assert result.added == 2 and result.skipped == []
    everyone = sorted(r.address for r in mailing_lists.recipients(db, key, practitioners.id))
    assert everyone == ["alex@example.org", "sam@example.org"]


def test_someone_who_unsubscribed_is_not_added_back_by_a_later_import(db, key, practitioners, clock):
    from core.services.mail_links import unsubscribe

    _import(db, key, practitioners, "email\nsam@example.org\n", clock)
    (sam,) = mailing_lists.recipients(db, key, practitioners.id)
    unsubscribe(db, sam.unsubscribe_token, today=clock.now().date())
    db.commit()
    result = _import(db, key, practitioners, "email\nsam@example.org\n", clock)
    assert result.added == 0 and "Unsubscribed" in result.skipped[0].message
    assert list(mailing_lists.recipients(db, key, practitioners.id)) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "The file is empty"),
        (b"name\nSam\n", "no email column"),
        (b"email\n", "no addresses"),
        (b"email\nsam@example.org\n\xa3oops@example.org\n", "not UTF-8"),
        (b"PK\x03\x04rest", "Excel workbook"),
    ],
)
def test_an_unusable_file_writes_nothing(db, key, practitioners, clock, content, problem):
    with pytest.raises(ImportRejected) as refused:
        mailing_lists.import_addresses(db, key, practitioners, content, today=clock.now().date())
    db.rollback()
    assert problem in " ".join(e.message for e in refused.value.errors)
    assert db.scalar(select(Contact.id)) is None


def test_a_file_with_a_bad_address_writes_nothing_and_names_each_bad_row(db, key, practitioners, clock):
    with pytest.raises(ImportRejected) as refused:
        mailing_lists.import_addresses(
            db, key, practitioners, b"email\ngood@example.org\nnot an address\n\nsam@\n", today=clock.now().date()
        )
    db.rollback()
    assert [e.row for e in refused.value.errors] == [3, 5]
    assert db.scalar(select(Contact.id)) is None


def test_the_unsubscribe_link_is_in_the_text_and_headers_of_every_letter(db, key, practitioners, settings, clock):
    _import(db, key, practitioners, "email\nsam@example.org\n", clock)
    (sam,) = mailing_lists.recipients(db, key, practitioners.id)
    letter = mailing_lists.letter_to(settings, sam, "Subject", "Body")
    link = f"http://localhost:5000/unsubscribe?token={sam.unsubscribe_token}"
    assert link in letter.text and letter.headers["List-Unsubscribe"] == f"<{link}>"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" Someone@Example.ORG ", "someone@example.org"),
        ("<first.last+tag@sub.example.co.uk>", "first.last+tag@sub.example.co.uk"),
        ("o'neil@example.org", "o'neil@example.org"),
        ("kim@exämple.org", "kim@xn--exmple-cua.org"),  # an international domain, as the relay is sent it
    ],
)
def test_an_address_is_stored_as_it_will_be_sent(typed, stored):
    assert mailing_lists.normalise_address(typed) == stored


@pytest.mark.parametrize(
    "typed", ["jö@example.org", "a@b", "a b@example.org", "a\x00b@example.org", "a@-bad.org", "a@example.org.", ""]
)
def test_what_the_relay_could_not_take_is_not_an_address(typed):
    assert mailing_lists.normalise_address(typed) is None
