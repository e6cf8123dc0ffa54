"""Every rule of the admin app's url_map, with every method and every role, against the declared access policy.

The crawl (test_crawl.py) follows links, so it never tries a page a role is not shown a link to, nor any POST.
This walks the url_map itself: an anonymous visitor is sent to sign in, a role the policy (access_policy.py)
does not allow gets a 403, an allowed role reaches the view, and nothing answers with a server error.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from core.models import User

from tests.admin_app.access_policy import POLICY, REDIRECTING_PAGES, ROLES, SIGNING_OUT, allowed
from tests.admin_app.mounted import PREFIX, mounted_client
from tests.admin_app.routes import demo_ids, path_of
from tests.admin_app.signing_in import sign_in
from tests.admin_app.test_crawl import demo  # noqa: F401 (the fixture: demo data and each role's account)

METHODS = ("GET", "POST")
# Signing out ends the session the walk runs in: it goes last.
LAST = SIGNING_OUT


def _expected(endpoint: str, method: str, role: str) -> str:
    """What the policy says this role gets, as one of: sign-in, refused, page, redirect, handled."""
    if role == "anonymous" and not allowed(endpoint, method, role):
        return "sign-in"
    if not allowed(endpoint, method, role):
        return "refused"
    if endpoint in SIGNING_OUT:
        return "sign-in"
    if method == "POST":
        return "handled"
    return "redirect" if endpoint in REDIRECTING_PAGES else "page"


def _outcome(status: int, location: str) -> str:
    """The same classes, read from an answer."""
    to_sign_in = urlsplit(location).path.startswith(f"{PREFIX}/login")
    if status == 302 and to_sign_in:
        return "sign-in"
    if status == 403:
        return "refused"
    if status == 200:
        return "page"
    if status == 302:
        return "redirect"
    return f"status {status}"


def _matches(expected: str, method: str, status: int, outcome: str) -> bool:
    if expected != "handled":
        return outcome == expected
    # A permitted POST with no fields reaches the view: it acts and redirects, or refuses the empty form with a
    # 4xx and its reason (never the sign-in page, never "your role does not allow this", never a server error).
    return outcome not in {"sign-in", "refused"} and status not in {401, 405} and status < 500


def _sign_in(client: FlaskClient, role: str, accounts: dict[str, tuple[str, str]], db: Session) -> None:
    client.post(f"{PREFIX}/logout")
    if role == "anonymous":
        return
    email, password = accounts[role]
    app = client.application
    app.extensions["learning_loop"].clock.advance(seconds=30)  # each authenticator code is taken once
    user = db.scalar(select(User).where(User.email == email))
    sign_in(app, client, db, user, prefix=PREFIX, password=password)


def _rules(app: Flask) -> list[tuple[Rule, str]]:
    found = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in METHODS
        if rule.methods is not None and method in rule.methods
    ]
    # GETs first and POSTs after: a permitted POST may change or remove the entry a later request opens.
    return sorted(found, key=lambda rm: (rm[1] == "POST", rm[0].endpoint in LAST, rm[0].rule))


def test_every_route_is_in_the_access_policy(admin_app):
    routes = {(rule.endpoint, method) for rule, method in _rules(admin_app)}
    declared = {(endpoint, method) for endpoint, methods in POLICY.items() for method in methods}
    assert sorted(routes - declared) == [], "routes with no entry in tests/admin_app/access_policy.py"
    assert sorted(declared - routes) == [], "policy entries for routes the app no longer has"


def test_every_route_answers_every_role_as_the_access_policy_says(admin_app, db, demo):  # noqa: F811
    client = mounted_client(admin_app)
    ids = demo_ids(db)
    wrong: list[str] = []
    answered = 0
    for role in ("anonymous", *ROLES):
        _sign_in(client, role, demo, db)
        for rule, method in _rules(admin_app):
            if method == "POST" and allowed(rule.endpoint, "POST", role) and role != "anonymous":
                continue  # walked below, after every refusal, so that no change hides a later refusal
            answered += _check(client, rule, method, role, ids, wrong)
    # Permitted POSTs last, each role in turn; a POST that removed an entry leaves the next role a 404, which
    # still shows the view was reached.
    for role in ROLES:
        _sign_in(client, role, demo, db)
        for rule, method in _rules(admin_app):
            if method == "POST" and allowed(rule.endpoint, "POST", role):
                answered += _check(client, rule, method, role, ids, wrong)
                if rule.endpoint in LAST:
                    _sign_in(client, role, demo, db)
    assert not wrong, "answers that differ from the access policy:\n" + "\n".join(wrong)
    assert answered > 5 * 100, answered


def _check(client: FlaskClient, rule: Rule, method: str, role: str, ids: dict[str, str], wrong: list[str]) -> int:
    path = path_of(rule, ids)
    answer = client.open(path, method=method)
    answer.close()
    outcome = _outcome(answer.status_code, answer.headers.get("Location", ""))
    expected = _expected(rule.endpoint, method, role)
    if answer.status_code >= 500 or not _matches(expected, method, answer.status_code, outcome):
        wrong.append(f"{role:9} {method:4} {path}: expected {expected}, got {outcome}")
    return 1
