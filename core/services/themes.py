"""The learning codebook: themes seeded from core/data/taxonomy.json, editable by staff afterwards."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Theme


def codebook() -> dict[str, Any]:
    """The shipped codebook (taxonomy.json) as a dict."""
    text = (resources.files("core.data") / "taxonomy.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def install_themes(session: Session) -> list[Theme]:
    """Add the codebook's themes that are missing; staff edits to existing themes are kept."""
    existing = {t.code for t in session.scalars(select(Theme))}
    created = []
    for position, item in enumerate(codebook()["themes"], start=1):
        if item["id"] in existing:
            continue
        theme = Theme(
            code=item["id"],
            label=item["label"],
            description=item.get("description", ""),
            indicative=list(item.get("indicative", [])),
            position=position,
            active=True,
        )
        session.add(theme)
        created.append(theme)
    session.flush()
    return created


def active_themes(session: Session) -> list[Theme]:
    """Themes staff can tag learning with, in codebook order."""
    return list(session.scalars(select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)))


def themes_by_ids(session: Session, ids: list[int]) -> list[Theme]:
    """The themes with these ids (unknown ids are ignored by the caller's validation)."""
    if not ids:
        return []
    return list(session.scalars(select(Theme).where(Theme.id.in_(ids)).order_by(Theme.position)))
