"""Words staff read for values stored as codes (admin_app/labels.json), by table."""

from __future__ import annotations

import json
from importlib import resources

LABELS: dict[str, dict[str, str]] = {
    table: words
    for table, words in json.loads((resources.files("admin_app") / "labels.json").read_text(encoding="utf-8")).items()
    if table != "_about"
}
