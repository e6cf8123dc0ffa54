"""The page for adding a user links back to the list of users, as every other page for adding something does."""

from __future__ import annotations


def test_adding_a_user_has_a_back_link_to_the_users(auth, admin_client):
    auth.login("admin")
    page = admin_client.get("/users/new").get_data(as_text=True)
    assert '<a class="govuk-back-link" href="/users/">' in page


def test_a_refused_new_user_still_has_the_back_link(auth, admin_client):
    auth.login("admin")
    response = admin_client.post("/users/new", data={"email": "", "name": "", "role": ""})
    assert response.status_code == 400
    assert '<a class="govuk-back-link" href="/users/">' in response.get_data(as_text=True)
