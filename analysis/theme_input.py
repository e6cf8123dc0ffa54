"""Reading a partner's comment export for theming: one text a line, or JSON lines with a "text" field.

The whole file is checked before anything is themed, so a bad line stops the run with a message naming
it and nothing half-printed. Blank lines are skipped; in JSON lines an "id" field is carried through.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Optional


class InputError(ValueError):
    """The file cannot be themed; the message names the line."""


@dataclass(frozen=True)
class InputText:
    line: int
    text: str
    id: Optional[str] = None


def parse_texts(raw: bytes, name: str = "input") -> list[InputText]:
    """The texts of a file's bytes; raises InputError for an empty file, bad UTF-8 or a bad JSON line."""
    lines = raw.split(b"\n")
    decoded: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name} line {number}: not valid UTF-8 (byte {exc.start + 1} of the line)") from exc
        if number == 1:
            text = text.removeprefix("\ufeff")
        text = text.rstrip("\r")
        if text.strip():
            decoded.append((number, text))
    if not decoded:
        raise InputError(f'{name} is empty: give one text a line, or JSON lines with a "text" field')
    if not decoded[0][1].lstrip().startswith("{"):
        return [InputText(number, text.strip()) for number, text in decoded]
    out = []
    for number, text in decoded:
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {number}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        except RecursionError as exc:  # Python's JSON reader gives up on arrays or objects nested a thousand deep
            raise InputError(f"{name} line {number}: not valid JSON (nested too deeply)") from exc
        except ValueError as exc:  # a whole number of more than 4300 digits, which Python refuses to read
            raise InputError(f"{name} line {number}: not valid JSON (a number with too many digits)") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f'{name} line {number}: expected a JSON object with a "text" string')
        raw_id = item.get("id")
        if raw_id is not None and (
            isinstance(raw_id, (dict, list, bool)) or (isinstance(raw_id, float) and not math.isfinite(raw_id))
        ):
            raise InputError(f'{name} line {number}: an "id" must be a string or a number')
        ident = None if raw_id is None else str(raw_id)
        if not _is_text(item["text"]) or (ident is not None and not _is_text(ident)):
            # "\ud800" alone: the tokenizer refuses it, and it cannot be printed back out as UTF-8.
            raise InputError(f"{name} line {number}: a \\u escape that is half of a character (a lone surrogate)")
        out.append(InputText(number, item["text"], ident))
    return out


def _is_text(value: str) -> bool:
    """Whether the string is characters UTF-8 can hold (no half of a surrogate pair from a JSON escape)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
