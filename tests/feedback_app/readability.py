"""How hard a page's words are to read, as a reader sees them: the text of its <main> scored by core.readability."""

from __future__ import annotations

from html.parser import HTMLParser

from core.readability import Readability, prose, readability, sentences, syllables

__all__ = ["Readability", "page_readability", "readability", "sentences", "syllables", "visible_blocks"]

# Where a new block of text starts: each is its own sentence even without a full stop (a heading, a label).
_BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 label legend dt dd div button summary td th caption br ul ol dl form fieldset".split()
)
_SKIPPED = frozenset({"script", "style", "template", "head", "svg"})


class _VisibleText(HTMLParser):
    """The text of <main> a reader sees (or hears), one string per block; hidden parts and the receipt code skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._in_main = 0
        self._skip_stack: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main += 1
        if self._skip_stack:
            if tag not in ("br", "input", "img", "meta", "link", "hr"):
                self._skip_stack.append(tag)
            return
        hidden = (
            tag in _SKIPPED or "hidden" in a or a.get("aria-hidden") == "true" or "ll-receipt" in (a.get("class") or "")
        )
        if hidden and tag not in ("br", "input", "img"):
            self._skip_stack.append(tag)
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_stack:
            self._skip_stack.pop()
            return
        if tag in _BLOCKS:
            self._flush()
        if tag == "main":
            self._flush()
            self._in_main -= 1

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skip_stack:
            self._current.append(data)


def visible_blocks(html: str) -> list[str]:
    """The blocks of text in the page's <main>, as a reader meets them."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def page_readability(html: str) -> Readability:
    """Scores for the prose of a page's <main>, as a reader sees it."""
    return readability(prose(sentences(visible_blocks(html))))
