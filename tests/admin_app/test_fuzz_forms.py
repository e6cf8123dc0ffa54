"""Every admin form, sent random and hostile posts with CSRF on: never a 500, a partial write or markup echoed.

The forms are found as a browser finds them: every page of the url_map is opened (on the demo data) and each
<form method="post"> read for its action and field names. A POST route no page has a form for is sent the
field names of every form. See tests/fuzzing.py for what a post can hold and what every answer must show.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.admin_app.test_crawl import demo  # noqa: F401 (the fixture: demo data and each role's account)
from tests.admin_app.routes import demo_ids, path_of
from tests.feedback_app.flows import row_counts, token_on
from tests.fuzzing import Post, check_answer, fuzz_settings, posts, request_args

# Signing out would end the session every later post needs; signing in is fuzzed from a signed-out browser.
NOT_FROM_THE_SESSION = frozenset({"auth.logout", "auth.login", "static"})


class _Forms(HTMLParser):
    """The post forms of a page: action -> the names of their fields."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: dict[str, set[str]] = {}
        self._current: set[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and (named.get("method") or "").lower() == "post":
            # A form without an action posts to its own page.
            self._current = self.forms.setdefault(urlsplit(named.get("action") or "").path or self.page, set())
        elif tag in {"input", "select", "textarea", "button"} and self._current is not None and named.get("name"):
            self._current.add(str(named["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


@dataclass(frozen=True)
class Target:
    path: str
    names: tuple[str, ...]
    signed_in: bool = True


def _targets(app: Flask, client: FlaskClient, ids: dict[str, str]) -> list[Target]:
    found: dict[str, set[str]] = {}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in NOT_FROM_THE_SESSION]
    for rule in rules:
        if rule.methods and "GET" in rule.methods:
            path = path_of(rule, ids).removeprefix("/admin")
            page = client.get(path)
            if page.mimetype == "text/html":
                parser = _Forms(path)
                parser.feed(page.get_data(as_text=True))
                for action, names in parser.forms.items():
                    found.setdefault(action, set()).update(names)
    every_name = sorted(set().union(*found.values()) - {"csrf_token"})
    targets = [Target("/login", ("email", "password"), signed_in=False)]
    for rule in rules:
        if rule.methods and "POST" in rule.methods:
            path = path_of(rule, ids).removeprefix("/admin")
            names = found.get(path, set()) - {"csrf_token"}
            targets.append(Target(path, tuple(sorted(names)) or tuple(every_name)))
    assert len(targets) > 50 and sum(1 for t in targets if t.path in found) > 30, targets
    return targets


def test_admin_forms_refuse_hostile_posts_cleanly(protected_admin_app, demo, db, engine):  # noqa: F811
    app = protected_admin_app
    staff, visitor, other = app.test_client(), app.test_client(), app.test_client()
    email, password = demo["admin"]
    own = sign_in(staff, db, email, password)
    foreign = token_on(other.get("/login").get_data(as_text=True))
    tokens = {"own": own, "missing": None, "forged": own[:-4] + "AAAA", "foreign": foreign}
    visitor_tokens = {**tokens, "own": token_on(visitor.get("/login").get_data(as_text=True))}
    targets = _targets(app, staff, demo_ids(db))

    @fuzz_settings(default_examples=150)
    @given(st.sampled_from(targets).flatmap(lambda t: posts(list(t.names)).map(lambda p: (t, p))))
    def post_one(drawn: tuple[Target, Post]) -> None:
        target, post = drawn
        client, its_tokens = (staff, tokens) if target.signed_in else (visitor, visitor_tokens)
        before = row_counts(engine)
        answer = client.post(target.path, **request_args(post, its_tokens))
        check_answer(engine, before, answer, post, target.path)
        # Still signed in: a post must not have ended the session the next one relies on.
        if target.signed_in and post.token == "own" and post.encoding in {"form", "multipart"}:
            assert not answer.headers.get("Location", "").startswith("/login"), target.path

    post_one()
