"""Control characters: the one rule for what text people type may hold, in both apps.

PostgreSQL refuses NUL in any text it is given; the other controls are invisible, and a line break or a
right-to-left override in a title changes how the heading, the report and the next edit show it. So:

- a single-line field (a title, a name, a label) holds no line break, no C0 or C1 control character (tab
  included), no DEL, and none of the bidi override, embedding or isolate characters (U+202A-U+202E,
  U+2066-U+2069); staff forms refuse them with a message (`single_line_problem`);
- a several-line field (a summary, "what we will do", free text) keeps line feeds (CR LF and a lone CR become LF,
  `normalise_line_breaks`) and tabs, and holds none of the others: staff forms refuse them (`multi_line_problem`,
  `has_control_characters`), and the public survey removes them silently (`remove_invisible_controls`), since the
  respondent sees the text as kept on the check page before sending it.

Callers: the admin app's fields (admin_app.fields), its other text forms, the survey definitions imported into
the builder (core.services.survey_builder: titles, prompts and answers one line; summaries and hints several), and the public survey's free text (core.services.surveys.validate_page, the addendum page).
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
# Line breaks: LF, CR, and the Unicode line and paragraph separators (VT, FF and NEL are controls anyway).
LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029]")
# Not text anywhere: C0 controls but tab, LF and CR; DEL; C1 controls; bidi overrides, embeddings and isolates.
CONTROL_CHARACTERS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
# Not text in a single-line field: any of those, and tab.
_SINGLE_LINE_CONTROLS = re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a control character other than tab, line feed or carriage return (or a bidi control)."""
    return CONTROL_CHARACTERS.search(text) is not None


def normalise_line_breaks(text: str) -> str:
    """`text` with CR LF, a lone CR and the Unicode line and paragraph separators as LF."""
    return re.sub(r"\r\n?|[\u2028\u2029]", "\n", text)


def line_problem(text: str, *, multi_line: bool) -> str | None:
    """What is wrong with `text` as a single-line or several-line field ("must be on one line"...), or None."""
    if multi_line:
        return "must not contain control characters" if has_control_characters(text) else None
    if LINE_BREAKS.search(text):
        return "must be on one line"
    if _SINGLE_LINE_CONTROLS.search(text):
        return "must not contain control characters"
    return None


def single_line_problem(text: str, phrase: str) -> str | None:
    """The message for a single-line field (`phrase`: "the title") holding a line break or a control, or None."""
    problem = line_problem(text, multi_line=False)
    return f"{_capital(phrase)} {problem}" if problem else None


def multi_line_problem(text: str, phrase: str) -> str | None:
    """The message for a several-line field holding a control other than tab and line breaks, or None."""
    problem = line_problem(text, multi_line=True)
    return f"{_capital(phrase)} {problem}" if problem else None


def remove_invisible_controls(text: str) -> str:
    """Free text with its line breaks as LF and every other control but tab removed (the public survey's rule)."""
    return CONTROL_CHARACTERS.sub("", normalise_line_breaks(text))


def _capital(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]
