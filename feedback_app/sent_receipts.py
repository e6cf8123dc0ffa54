"""The receipt page of a sent survey, held for a short while so that sending the same answers again shows it again.

A browser shows only the last reply to a double click, and a double click's second request carries the cookie
from before the first was answered: unless every reply to a repeated send carries the receipt code, the person
never sees it. So the page's few facts (the code, and why the help panel was urgent) are sealed like a draft
(core/drafts.py), with a key only this browser's cookie holds, under an id that only that cookie leads to. The
server cannot read them, no response row points at them, they are padded to the size of the draft they replace
(so they look like any draft in progress), and they go when the person finishes or within two hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from sqlalchemy.orm import Session

from core.drafts import DraftHandle, discard_draft, load_draft, save_draft

# Long enough for a double click, a reload or going back a page; short, because whoever has this browser can
# see the code again until then.
SENT_LIFETIME_HOURS = 1


def sent_handle(draft: DraftHandle) -> DraftHandle:
    """Where the sent page of this draft is held: derived with the draft's key, so nothing else links the two."""
    draft_id = hmac.new(draft.key, b"sent page id\0" + draft.draft_id.encode(), hashlib.sha256).hexdigest()[:32]
    return DraftHandle(draft_id, hmac.new(draft.key, b"sent page key", hashlib.sha256).digest())


def _size(data: dict[str, Any]) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode())


def keep_sent_page(
    session: Session,
    draft: DraftHandle,
    version_id: int,
    page: dict[str, Any],
    *,
    draft_data: dict[str, Any],
    now: dt.datetime,
) -> DraftHandle:
    """Seal the sent page's facts under the draft's derived handle, padded to the draft's size; flushes."""
    held: dict[str, Any] = {"sent": page, "pad": ""}
    held["pad"] = " " * max(0, _size(draft_data) - _size(held))
    handle = sent_handle(draft)
    save_draft(session, handle, version_id, held, now=now, lifetime_hours=SENT_LIFETIME_HOURS)
    return handle


def sent_page(
    session: Session, handle: DraftHandle | None, version_id: int, *, now: dt.datetime
) -> dict[str, Any] | None:
    """The sent page's facts held under this handle, or None if there are none (or they have expired)."""
    held = load_draft(session, handle, version_id, now=now)
    page = held.get("sent") if held else None
    return page if isinstance(page, dict) and isinstance(page.get("receipt"), str) else None


def forget_sent_page(session: Session, handle: DraftHandle | None) -> None:
    """Delete the held sent page, if any (the caller commits)."""
    discard_draft(session, handle)
