"""Control characters: no text staff type may hold one, and PostgreSQL refuses NUL in any text it is given.

Tab and line breaks are text; every other C0 control character and DEL is not. One rule for every check: the
admin app's fields (admin_app.fields) and the survey definitions imported into the builder.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a control character other than tab, line feed or carriage return."""
    return CONTROL_CHARACTERS.search(text) is not None
