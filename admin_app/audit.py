"""The audit log: who read, exported or changed what, and when."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from admin_app import db
from admin_app.auth import roles_required
from core.models import AuditEvent

bp = Blueprint("audit", __name__, url_prefix="/audit")
PER_PAGE = 100
MAX_PAGE = 100_000  # a larger ?page= would overflow the database's OFFSET (a 500, not an empty page)


@bp.get("/")
@roles_required("admin")
def index() -> ResponseReturnValue:
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    events = (
        db()
        .scalars(
            select(AuditEvent)
            .options(selectinload(AuditEvent.user))
            .order_by(AuditEvent.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
        .all()
    )
    return render_template("audit/index.html", events=events, page=page, per_page=PER_PAGE)
