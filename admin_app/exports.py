"""Sending register exports, and the page that lists every register's export."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin_app import context, db
from admin_app.auth import current_user, roles_required
from admin_app.registers import today
from admin_app.second_factor import ask_password_again, password_recently_given
from core.services.exports import FORMATS, ExportColumn, export

bp = Blueprint("exports", __name__, url_prefix="/exports")


@dataclass(frozen=True)
class ExportLink:
    """A register export listed on the exports page: `endpoint` takes ?format=csv|xlsx."""

    title: str
    endpoint: str
    # The only roles that may download it (every signed-in role when empty).
    readers: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """What the export holds: the docstring of its view, so it is written once, beside the code."""
        return inspect.getdoc(current_app.view_functions[self.endpoint]) or ""


# Registers add themselves here (4B's registers too) so the exports page lists them.
REGISTER_EXPORTS: list[ExportLink] = []


def register_export(title: str, endpoint: str, readers: tuple[str, ...] = ()) -> None:
    """List a register's export on the exports page (idempotent; only to `readers`, when given); its view's docstring
    describes it."""
    if all(link.endpoint != endpoint for link in REGISTER_EXPORTS):
        REGISTER_EXPORTS.append(ExportLink(title, endpoint, readers))


def requested_format() -> str:
    """The ?format= of an export request (csv by default)."""
    fmt = (request.args.get("format") or "csv").lower()
    return fmt if fmt in FORMATS else "csv"


def send_export(
    name: str,
    columns: Sequence[ExportColumn],
    rows: Iterable[Any],
    *,
    title: str = "",
    filters: Mapping[str, Any] | None = None,
) -> ResponseReturnValue:
    """Build the export in the requested format, audit-log it, commit and send it as a download (after the password
    again, if it was given too long ago)."""
    if not password_recently_given():
        return ask_password_again()
    ctx = context()
    file = export(
        db(),
        user_id=current_user().id,
        name=name,
        columns=columns,
        rows=rows,
        fmt=requested_format(),
        today=today(),
        k=ctx.settings.min_cell_size,
        title=title or name,
        filters=filters,
    )
    db().commit()
    response = Response(file.data, content_type=file.mimetype)  # already carries its charset
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


Rows = TypeVar("Rows", bound=Callable[[Any], Iterable[Any]])


def register_export_of(
    bp: Blueprint,
    title: str,
    filters: Any,
    columns: Sequence[ExportColumn],
    *,
    listed: str = "",
    name: str = "",
    readers: tuple[str, ...] = (),
) -> Callable[[Rows], Rows]:
    """Make the decorated function (the list's filters -> the rows to export; its docstring says what they hold)
    a register's export: GET /export on the blueprint (endpoint <blueprint>.export) with the list page's filters
    (`filters.from_args`), listed on the exports page as `listed` (default `title`). The file is called `name`
    (default the blueprint's address). With `readers`, only those roles may download it (403 for the others)."""

    def decorator(rows: Rows) -> Rows:
        def export() -> ResponseReturnValue:
            chosen = filters.from_args(request.args)
            file_name = name or (bp.url_prefix or bp.name).strip("/")
            return send_export(file_name, columns, rows(chosen), title=title, filters=chosen.as_args())

        export.__doc__ = rows.__doc__
        bp.add_url_rule("/export", "export", roles_required(*readers)(export) if readers else export)
        register_export(listed or title, f"{bp.name}.export", readers)
        return rows

    return decorator


def export_links(endpoint: str, **values: Any) -> list[tuple[str, str]]:
    """(label, url) pairs for the CSV and XLSX versions of an export, keeping the page's filters."""
    return [(label, url_for(endpoint, format=fmt, **values)) for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"))]


@bp.get("/")
def index() -> ResponseReturnValue:
    role = current_user().role
    links = [link for link in REGISTER_EXPORTS if not link.readers or role in link.readers]
    return render_template("exports/index.html", links=links)
