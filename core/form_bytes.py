"""Whether a posted form's bytes are UTF-8: both apps refuse them plainly before anything reads the form."""

from __future__ import annotations

import urllib.parse

UNREADABLE_MESSAGE = "Some of the characters you sent could not be read. Go back, check your answer and try again."


def form_body_is_utf8(body: bytes) -> bool:
    """True when an application/x-www-form-urlencoded body is ASCII whose %-escapes decode to UTF-8.

    Werkzeug would decode other bytes to U+FFFD without a word. One pass over the whole body checks every
    field: the "&" and "=" between fields are ASCII, so they can neither complete nor hide a bad sequence.
    """
    try:
        urllib.parse.unquote_to_bytes(body.decode("ascii")).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return False
    return True
