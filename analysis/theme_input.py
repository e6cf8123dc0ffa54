"""Reading a partner's comment export for theming: one text a line, or JSON lines with a "text" field.

The whole file is checked before anything is themed, so a bad line stops the run with a message naming
it and nothing half-printed. Blank lines are skipped; in JSON lines an "id" field is carried through.
"""

from __future__ import annotations

import json
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
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f'{name} line {number}: expected a JSON object with a "text" string')
        ident = item.get("id")
        out.append(InputText(number, item["text"], None if ident is None else str(ident)))
    return out
