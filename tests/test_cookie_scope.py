"""Served as one process (wsgi.py's `application`), the staff session cookie goes to /admin only, and neither app
is shown the other's cookie."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

import wsgi
from tests.admin_app.signing_in import sign_in
from tests.factories import TEST_PASSWORD, enrol_second_factor, make_user, totp_code

STAFF_COOKIE = "ll_admin"
PUBLIC_COOKIE = "ll_feedback"


def _set_cookies(response: Any, name: str) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}=")]


def test_mounted_the_staff_cookie_is_scoped_to_admin_and_a_public_page_is_sent_none(
    feedback_app, admin_app, db, settings, clock
):
    client = Client(wsgi.mount(feedback_app, admin_app))
    user = make_user(db, role="staff")
    enrol_second_factor(db, settings, user)
    db.commit()

    password = client.post("/admin/login", data={"email": user.email, "password": TEST_PASSWORD})
    code = client.post("/admin/second-factor/", data={"code": totp_code(clock.now())})
    assert password.status_code == code.status_code == 302
    set_cookies = _set_cookies(password, STAFF_COOKIE) + _set_cookies(code, STAFF_COOKIE)
    assert set_cookies and all("; Path=/admin" in value and "Path=/;" not in value for value in set_cookies)

    # Signed in end to end under /admin: a staff page opens rather than sending the browser to sign in.
    home = client.get("/admin/")
    assert home.status_code == 200 and "Sign out" in home.get_data(as_text=True)

    for public_page in ("/", "/you-said-we-did/", "/administrator"):
        sent = client.get(public_page).request.headers.get("Cookie") or ""
        assert f"{STAFF_COOKIE}=" not in sent, public_page
    assert f"{STAFF_COOKIE}=" in (client.get("/admin/").request.headers.get("Cookie") or "")

    # Signing out forgets the cookie at the same path it was set on.
    signed_out = client.post("/admin/logout")
    assert all("; Path=/admin" in value for value in _set_cookies(signed_out, STAFF_COOKIE))
    assert client.get_cookie(STAFF_COOKIE, path="/admin") is None


def test_served_on_its_own_the_staff_cookie_covers_the_whole_site(admin_app, admin_client, db):
    sign_in(admin_app, admin_client, db, make_user(db, role="staff"))
    cookie = admin_client.get_cookie(STAFF_COOKIE)
    assert cookie is not None and cookie.path == "/"
    assert admin_client.get("/").status_code == 200


def _seen_by(app_cookie_name: str, header: str | None) -> str | None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen["cookie"] = environ.get("HTTP_COOKIE")
        start_response("204 No Content", [])
        return []

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/"}
    if header is not None:
        environ["HTTP_COOKIE"] = header
    wsgi.without_cookie(app, app_cookie_name)(environ, lambda *_: None)
    return seen["cookie"]


def test_neither_app_is_shown_the_other_apps_cookie_and_every_other_cookie_is_kept():
    assert _seen_by(STAFF_COOKIE, f"{PUBLIC_COOKIE}=p; {STAFF_COOKIE}=s; other=o") == f"{PUBLIC_COOKIE}=p; other=o"
    assert _seen_by(PUBLIC_COOKIE, f"{PUBLIC_COOKIE}=p; {STAFF_COOKIE}=s") == f"{STAFF_COOKIE}=s"
    assert _seen_by(STAFF_COOKIE, f"{STAFF_COOKIE}=s") is None
    assert _seen_by(STAFF_COOKIE, f"{STAFF_COOKIE}x=s") == f"{STAFF_COOKIE}x=s"
    assert _seen_by(STAFF_COOKIE, None) is None
