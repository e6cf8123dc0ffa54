"""Page weight of the public survey pages: the HTML and every asset it pulls in.

Usage (from the repository root):

    .venv/bin/python bench/page_weight.py [--path /s/young-people/page/1 ...]

It builds a throwaway instance (SQLite, a fresh key pair, the seeded surveys), serves the
combined app on 127.0.0.1 in this process, and for each page (by default: the first question
page of every seeded survey, i.e. the page after "Start now") fetches the HTML and then every
stylesheet, script, font and image it references, following url() and @import inside CSS.
It prints bytes per kind (uncompressed, as the browser holds them; gzip size for information)
and lists every reference to a host other than the server: assets loaded from elsewhere, and
links or form targets pointing elsewhere. Goal: <= 100 KB per page, and no other hosts at all, but
for the one link out by design: "Exit this page", to a neutral site, followed only when pressed.
Exit status 1 if a page is over the goal or refers to another host.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import sys
import tempfile
import threading
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from submit import HOST, prepare_instance

GOAL_BYTES = 100 * 1024
FONT_EXT = (".woff2", ".woff", ".ttf", ".otf", ".eot")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".avif")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


class References(HTMLParser):
    """Collects what a page loads (assets) and where it points (links, form targets)."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[tuple[str, str]] = []  # (url, kind hint)
        self.links: list[str] = []
        self.exit_links: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.assets.append((a["href"], "css"))
            elif any(r in rel for r in ("icon", "preload", "manifest", "modulepreload")):
                self.assets.append((a["href"], ""))
            else:
                self.links.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append((a["src"], "js"))
        elif tag in ("img", "source", "input", "video", "audio", "embed", "iframe") and a.get("src"):
            self.assets.append((a["src"], "image" if tag != "iframe" else "html"))
        elif tag in ("image", "use") and (a.get("href") or a.get("xlink:href")):
            ref = a.get("href") or a.get("xlink:href") or ""
            if not ref.startswith("#"):
                self.assets.append((ref, "image"))
        elif tag == "object" and a.get("data"):
            self.assets.append((a["data"], ""))
        if tag == "a" and "govuk-js-exit-this-page-button" in a.get("class", "").split():
            self.exit_links.append(a.get("href", ""))
        elif tag in ("a", "area") and a.get("href"):
            self.links.append(a["href"])
        if tag == "form" and a.get("action"):
            self.links.append(a["action"])
        for name in ("srcset", "imagesrcset"):
            for part in a.get(name, "").split(","):
                if part.strip():
                    self.assets.append((part.strip().split()[0], "image"))
        if a.get("style"):
            self.inline_css.append(a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def _kind(url: str, content_type: str, hint: str) -> str:
    path = urlsplit(url).path.lower()
    ctype = content_type.split(";")[0].strip().lower()
    if "css" in ctype or path.endswith(".css") or hint == "css":
        return "css"
    if "javascript" in ctype or path.endswith((".js", ".mjs")) or hint == "js":
        return "js"
    if ctype.startswith("font/") or "font" in ctype or path.endswith(FONT_EXT):
        return "fonts"
    if ctype.startswith("image/") or path.endswith(IMAGE_EXT):
        return "images"
    return "other"


def _fetch(port: int, path: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.headers.get("Content-Type", ""), body


Fetch = Callable[[str], tuple[int, str, bytes]]


def weigh(port: int, path: str) -> tuple[Counter[str], Counter[str], list[str], list[str], list[str]]:
    """Bytes by kind (raw and gzip) for the page and its assets; foreign assets; foreign links; quick-exit links."""
    return weigh_with(lambda asked: _fetch(port, asked), f"http://{HOST}:{port}", path)


def weigh_with(
    fetch: Fetch, origin: str, path: str
) -> tuple[Counter[str], Counter[str], list[str], list[str], list[str]]:
    """`weigh` through any fetch (path -> status, content type, body) serving `origin`, e.g. a Flask test client."""
    home = urlsplit(origin)
    raw: Counter[str] = Counter()
    packed: Counter[str] = Counter()
    foreign_assets: list[str] = []
    foreign_links: list[str] = []

    def same_host(url: str) -> bool:
        parts = urlsplit(url)
        # tel: and mailto: name no host: the phone or the mail program handles them.
        return parts.scheme in ("", "data", "tel", "mailto") or (parts.scheme, parts.netloc) == (
            home.scheme,
            home.netloc,
        )

    status, ctype, body = fetch(path)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status}")
    raw["html"] += len(body)
    packed["html"] += len(gzip.compress(body))
    page = References()
    page.feed(body.decode("utf-8", "replace"))
    queue: list[tuple[str, str]] = [(urljoin(origin + path, u), h) for u, h in page.assets]
    for css in page.inline_css:
        queue += [(urljoin(origin + path, m.group(2) or m.group(4)), "") for m in CSS_URL.finditer(css)]
    foreign_links += [u for u in (urljoin(origin + path, link) for link in page.links) if not same_host(u)]
    seen: set[str] = set()
    while queue:
        url, hint = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if not same_host(url):
            foreign_assets.append(url)
            continue
        parts = urlsplit(url)
        status, ctype, data = fetch(parts.path + (f"?{parts.query}" if parts.query else ""))
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status} (referenced by {path})")
        kind = _kind(url, ctype, hint)
        raw[kind] += len(data)
        packed[kind] += len(gzip.compress(data))
        if kind == "css":
            for m in CSS_URL.finditer(data.decode("utf-8", "replace")):
                queue.append((urljoin(url, m.group(2) or m.group(4)), ""))
    return raw, packed, foreign_assets, foreign_links, page.exit_links


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", action="append", help="page to weigh (repeatable); default: each survey's first page")
    args = parser.parse_args()

    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            pass

    from admin_app import create_app as create_admin
    from config import load_settings
    from feedback_app import create_app as create_feedback

    with tempfile.TemporaryDirectory(prefix="ll-weight-") as tmp:
        settings = load_settings(environ=prepare_instance(Path(tmp)))
        feedback = create_feedback(settings)
        app = DispatcherMiddleware(feedback, {"/admin": create_admin(settings)})
        server = make_server(HOST, 0, app, threaded=True, request_handler=QuietHandler)
        port = server.server_port
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            paths = args.path
            if not paths:
                _, _, home = _fetch(port, "/")
                slugs = list(dict.fromkeys(re.findall(r'href="/s/([a-z0-9-]+)/"', home.decode())))
                paths = [f"/s/{slug}/page/1" for slug in slugs]
            kinds = ["html", "css", "js", "fonts", "images", "other"]
            print(
                f"Page weight on {HOST}: bytes, uncompressed (gzip of the total for information). "
                f"Goal <= {GOAL_BYTES:,} bytes a page."
            )
            print(f"{'page':36} " + " ".join(f"{k:>7}" for k in kinds) + f" {'total':>8} {'gzip':>7}")
            heavy, foreign = False, False
            for path in paths:
                raw, packed, foreign_assets, foreign_links, exit_links = weigh(port, path)
                total = sum(raw.values())
                cells = " ".join(f"{raw[k]:>7,}" for k in kinds)
                flag = "" if total <= GOAL_BYTES else "  OVER THE GOAL"
                print(f"{path:36} {cells} {total:>8,} {sum(packed.values()):>7,}{flag}")
                for url in foreign_assets:
                    print(f"    loads from another host: {url}")
                for url in foreign_links:
                    print(f"    links to another host:   {url}")
                for url in exit_links:
                    print(f"    quick exit (a link out, never loaded): {url}")
                heavy = heavy or total > GOAL_BYTES
                foreign = foreign or bool(foreign_assets or foreign_links)
            print("References to hosts other than the server: " + ("SEE ABOVE" if foreign else "none"))
        finally:
            server.shutdown()
            feedback.extensions["learning_loop_engine"].dispose()
    return 1 if heavy or foreign else 0


if __name__ == "__main__":
    sys.exit(main())
