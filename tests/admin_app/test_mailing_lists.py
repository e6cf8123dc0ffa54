"""Staff make mailing lists and import addresses; bad input gets a clear 400 and writes nothing."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from core.models import Contact, MailingList


def _upload(client, list_id: int, content: bytes, consent: bool = True):
    data = {"file": (io.BytesIO(content), "people.csv")}
    if consent:
        data["consent"] = "yes"
    return client.post(f"/mail/lists/{list_id}/import", data=data, content_type="multipart/form-data")


def _make_list(admin_client, db) -> int:
    response = admin_client.post("/mail/lists", data={"name": "Health visitors", "audience": "practitioner"})
    assert response.status_code == 302
    return db.scalar(select(MailingList.id))


def test_staff_create_a_list_and_import_addresses_seeing_counts_but_no_addresses(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    response = _upload(admin_client, list_id, b"email\na@example.org\nb@example.org\na@example.org\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 addresses added; 1 skipped." in page
    # The row number is said once, in the table's Row column, not again in the message.
    assert '<td class="govuk-table__cell">4</td><td class="govuk-table__cell">The same address as row 2</td>' in page
    assert "Row 4" not in page
    assert "a@example.org" not in page
    assert db.scalar(select(func.count()).select_from(Contact)) == 2
    listing = admin_client.get("/mail/lists").get_data(as_text=True)
    assert "Health visitors" in listing and "b@example.org" not in listing


def test_a_file_with_bad_rows_is_refused_with_each_row_named_and_nothing_written(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    response = _upload(admin_client, list_id, b"email\ngood@example.org\nnot-an-address\n")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<td class="govuk-table__cell">3</td><td class="govuk-table__cell">It is not an email address</td>' in page
    assert "Row 3" not in page
    assert db.scalar(select(func.count()).select_from(Contact)) == 0


def test_an_import_without_a_file_or_without_consent_is_refused(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    missing = admin_client.post(f"/mail/lists/{list_id}/import", data={"consent": "yes"})
    assert missing.status_code == 400 and "Select a CSV file" in missing.get_data(as_text=True)
    unconsented = _upload(admin_client, list_id, b"email\na@example.org\n", consent=False)
    assert unconsented.status_code == 400 and "agreed to be emailed" in unconsented.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Contact)) == 0


def test_a_list_needs_a_unique_name_and_an_audience(admin_client, auth, db):
    auth.login("staff")
    _make_list(admin_client, db)
    again = admin_client.post("/mail/lists", data={"name": "Health visitors", "audience": "nobody"})
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "already a list with this name" in page and "Choose who is on the list" in page


def test_staff_delete_an_address_on_request(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    _upload(admin_client, list_id, b"email\na@example.org\n")
    bad = admin_client.post(f"/mail/lists/{list_id}/remove", data={"address": "nonsense"})
    assert bad.status_code == 400
    done = admin_client.post(f"/mail/lists/{list_id}/remove", data={"address": "A@example.org"}, follow_redirects=True)
    assert "deleted from the list" in done.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Contact)) == 0


def test_partners_cannot_see_mailing_lists(admin_client, auth):
    auth.login("partner")
    assert admin_client.get("/mail/lists").status_code == 403
    assert admin_client.get("/mail/lists/999999").status_code == 403


def test_a_semicolon_separated_file_saved_by_excel_is_imported(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    response = _upload(admin_client, list_id, "Nom;E-mail\r\nAlex Smith;alex@example.org\r\n".encode("utf-8-sig"))
    assert response.status_code == 200 and "1 address added; 0 skipped." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Contact)) == 1


def test_a_list_with_people_on_it_says_how_to_invite_them_or_send_them_the_key_areas(admin_client, auth, db):
    auth.login("staff")
    list_id = _make_list(admin_client, db)
    assert "Campaigns and invitations" not in admin_client.get(f"/mail/lists/{list_id}").get_data(as_text=True)

    page = _upload(admin_client, list_id, b"email\na@example.org\n").get_data(as_text=True)

    assert '<a class="govuk-link" href="/mail/campaigns">Campaigns and invitations</a>' in page
    assert '<a class="govuk-link" href="/mail/disseminate">Send out the key areas</a>' in page
