"""Where to send someone after signing in or unlocking the keys: back to a page of this app, never elsewhere.

The admin app is usually mounted under a prefix (wsgi.py serves it at /admin), so the page to come
back to is kept with that prefix, and only a path under it is accepted on the way back.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from flask import request, url_for

# Anything but printable ASCII, and the backslash: browsers drop tabs and newlines and read "\" as "/",
# which turns "/\t/evil.example" or "/\evil.example" into a link to another site.
_NOT_PLAIN = re.compile(r"[^\x21-\x7e]|\\")


def this_page() -> str:
    """The current page as a path from the site root (mount prefix and query included), to come back to."""
    parts = urlsplit(request.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def referring_page() -> str | None:
    """The page of this app the request came from (Referer, same host), as a path to come back to; else None."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return None
    page = parts.path + (f"?{parts.query}" if parts.query else "")
    return page if is_page_of_this_app(page) else None


def is_page_of_this_app(target: str) -> bool:
    """True only for a plain path (no scheme, host, control character, backslash or dot segment) under this app."""
    if not target or _NOT_PLAIN.search(target):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(f"{request.script_root}/"):
        return False
    segments = parts.path.split("/")
    # "//" would be read as a host; "." and ".." (also as %2e) would climb out of the mount point.
    return "" not in segments[1:-1] and not any(unquote(s) in {".", ".."} for s in segments)


def safe_next(target: str | None) -> str:
    """`target` if it is a page of this app, otherwise the dashboard."""
    if target and is_page_of_this_app(target):
        return target
    return url_for("home.index")
