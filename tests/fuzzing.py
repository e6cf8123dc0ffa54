"""Hostile form posts for the fuzz tests of both apps, and what every answer to one must hold.

Each post is drawn by hypothesis: which fields (some named by the form, some not, some missing), what values
(long strings, control characters and NUL, numbers too large for any column, impossible dates, markup, several
values where one is expected), how the body is sent (a form, raw bytes that are not UTF-8, multipart, JSON) and
which CSRF token goes with it (the page's own, none, a forged one, or one replayed from another browser).

Every answer must be below 500, must not show the markup unescaped, and a refusal (4xx) must leave every table as
it was. The number of examples is small by default, to keep the suite fast; LEARNING_LOOP_FUZZ_EXAMPLES raises it
for a longer hunt.
"""

from __future__ import annotations

import io
import os
import urllib.parse
from dataclasses import dataclass
from typing import Any, Mapping

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.feedback_app.flows import row_counts

# Markup a page must never show as markup: if it comes back, the input was echoed unescaped.
MARKER = '<ll-fuzz onmouseover="x">'

# Examples per fuzz test; LEARNING_LOOP_FUZZ_EXAMPLES=2000 for a long hunt.
EXAMPLES = int(os.environ.get("LEARNING_LOOP_FUZZ_EXAMPLES", "0")) or None


def fuzz_settings(default_examples: int) -> settings:
    """A bounded run: no deadline (a loaded CI machine is slow at random), no example database written to disk."""
    return settings(
        max_examples=EXAMPLES or default_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "\t\x0b\x0c\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "😀" * 3,
    "0",
    "-1",
    "1e309",
    "NaN",
    "-inf",
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    "2026-02-30",
    "31/12/99999",
    "0000-00-00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "%FF%FE",
    "&#0;&lt;",
    "{{ 7 * 7 }}",
    "yes",
    "on",
    "delete",
]

# Text as typed or pasted, control characters and NUL included (hypothesis draws no lone surrogates: a browser
# cannot send one).
typed = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
hostile_text = st.one_of(
    typed,
    st.sampled_from(ODD_STRINGS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds(lambda before, after: before + MARKER + after, typed, typed),
    st.integers(min_value=150, max_value=6000).map(lambda n: "x" * n),
)
field_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))

# A CSV upload: a header row of the names an import knows, then rows of hostile cells.
csv_files = st.lists(st.lists(hostile_text.filter(lambda v: len(v) < 100), min_size=1, max_size=4), max_size=4).map(
    lambda rows: "\n".join(",".join(row) for row in [["indicator", "period", "value"], *rows]).encode("utf-8")
)

ENCODINGS = ("form", "form", "form", "bad bytes", "multipart", "json")
TOKENS = ("own", "own", "own", "missing", "forged", "foreign")


@dataclass
class Post:
    """One hostile post: its fields, how its body is sent and which token goes with it."""

    fields: dict[str, Any]
    encoding: str
    token: str
    # Where raw bytes that are not UTF-8 go in the body (for "bad bytes").
    bad_bytes: bytes = b"%FF"
    # A file sent with a multipart post (random bytes, or CSV with hostile cells).
    upload: bytes | None = None


def posts(names: list[str]) -> st.SearchStrategy[Post]:
    """Posts to a form with these field names: any subset of them, plus a field it does not have."""
    keys = st.sampled_from(names) if names else st.nothing()
    return st.builds(
        Post,
        fields=st.dictionaries(
            st.one_of(keys, st.sampled_from(["", "zz_unknown", "csrf_token "])), field_value, max_size=len(names) + 2
        ),
        encoding=st.sampled_from(ENCODINGS),
        token=st.sampled_from(TOKENS),
        bad_bytes=st.sampled_from([b"%FF", b"\xff", b"%C3%28", b"%ED%A0%80", b"\xc0\xaf"]),
        upload=st.none() | st.binary(max_size=300) | csv_files,
    )


def request_args(post: Post, tokens: Mapping[str, str | None]) -> dict[str, Any]:
    """The keyword arguments for FlaskClient.post/open sending `post` with the token it names."""
    token = tokens.get(post.token)
    pairs: list[tuple[str, str]] = []
    for name, value in post.fields.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one))
    if token is not None:
        pairs.append(("csrf_token", token))
    if post.encoding == "json":
        return {"json": dict(pairs)}
    if post.encoding == "multipart":
        data: dict[str, Any] = dict(pairs)
        if post.upload is not None:
            # Where an import expects its file, and in place of the first field (a file where text is expected).
            for name in {"file", next(iter(post.fields), "file")}:
                data[name] = (io.BytesIO(post.upload), "upload.csv")
        return {"data": data, "content_type": "multipart/form-data"}
    body = urllib.parse.urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode("ascii")
    if post.encoding == "bad bytes":
        name = pairs[0][0] if pairs else "x"
        body = urllib.parse.quote(name).encode("ascii") + b"=" + post.bad_bytes + (b"&" + body if body else b"")
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


# Tables that record a refusal on purpose: a failed sign-in or key unlock is audit-logged with its 400, and a
# failed sign-in is counted to slow guessing.
RECORDS_OF_REFUSALS = frozenset({"audit_event", "audit_chain_head", "sign_in_failures"})


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {
        name: (before[name], after[name])
        for name in before
        if before[name] != after[name] and name not in RECORDS_OF_REFUSALS
    }


def check_answer(engine: Engine, before: dict[str, int], answer: Any, post: Post, where: str) -> None:
    """What every answer to a hostile post must hold (the assertions name the post, for hypothesis's report)."""
    status = answer.status_code
    body = answer.get_data()
    assert status < 500, f"{where}: {status} for {post}"
    assert MARKER.encode() not in body, f"{where}: the input came back unescaped for {post}"
    if 400 <= status < 500:
        assert changed_tables(before, row_counts(engine)) == {}, f"{where}: a refused post wrote rows ({post})"
    if post.encoding == "bad bytes":
        unreadable = status == 400 and b"could not be read" in body
        assert unreadable or status == 413, f"{where}: bytes that are not UTF-8 gave {status}"
    elif post.token != "own" or post.encoding == "json":
        assert status in {400, 413}, f"{where}: a post with a {post.token} token gave {status}"
