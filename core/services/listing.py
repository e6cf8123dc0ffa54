"""What every register list shares: filters as query arguments, filtering by equal values and a search, paging."""

from __future__ import annotations

from dataclasses import field, fields
from typing import Any, Callable, Collection, Mapping, Sequence, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.models import User
from core.services.visibility import entry_filter


# Ids are 32-bit integers on PostgreSQL, so no row has a larger one; a longer id typed into the address
# bar matches nothing rather than overflowing the query (SQLite cannot bind more than 64 bits).
LARGEST_ID = 2**31 - 1
M = TypeVar("M")


def get_or_not_found(session: Session, model: type[M], row_id: int | None, what: str) -> M:
    """The row of `model` with this id, or NotFound ("There is no such {what}."). An id no row can have is not
    looked up: the database refuses to compare it (a 500, not a 404)."""
    row = session.get(model, row_id) if row_id is not None and 0 < row_id <= LARGEST_ID else None
    if row is None:
        raise NotFound(f"There is no such {what}.")
    return row


def id_arg(raw: Any) -> int | None:
    """A query argument naming a row's id: a positive whole number the database can hold, else None."""
    text = str(raw or "").strip()
    if not is_whole_number(text) or int(text) > LARGEST_ID:
        return None
    return int(text)


def is_whole_number(text: str) -> bool:
    """Only the digits 0 to 9: str.isdigit() also takes "²" or "①", which int() refuses (a 500, not a 400)."""
    return text.isascii() and text.isdigit()


def _filter(default: Any, read: Callable[[str], Any]) -> Any:
    return field(default=default, metadata={"read": read})


def choice(allowed: Collection[str]) -> Any:
    """A filter field kept only when its query argument is one of `allowed` (else "")."""
    return _filter("", lambda raw: raw if raw in allowed else "")


def row_id() -> Any:
    """A filter field naming a row by its id (else None)."""
    return _filter(None, id_arg)


def four_digit_year() -> Any:
    """A filter field holding a four-digit year (else None)."""
    return _filter(None, lambda raw: int(raw) if is_whole_number(raw) and len(raw) == 4 else None)


def search() -> Any:
    """A filter field holding the words searched for, trimmed to a length a search box sends."""
    return _filter("", lambda raw: raw.strip()[:80])


F = TypeVar("F", bound="Filters")


class Filters:
    """A mixin for a frozen dataclass of list filters whose field names are their query arguments.

    Each field is declared with `choice`, `row_id`, `four_digit_year` or `search`, which say how its argument is read:
    an unknown or malformed value is ignored, never an error."""

    @classmethod
    def from_args(cls: type[F], args: Mapping[str, Any]) -> F:
        """Read the filters from query arguments."""
        return cls(**{f.name: f.metadata["read"](str(args.get(f.name) or "")) for f in fields(cls)})  # type: ignore[arg-type]

    def as_args(self) -> dict[str, str]:
        """The filters that are set, as query arguments (for links that keep them)."""
        return {f.name: str(value) for f in fields(self) if (value := getattr(self, f.name))}  # type: ignore[arg-type]


def matching(query: Any, equal: Sequence[tuple[Any, Any]], q: str = "", search: Sequence[Any] = ()) -> Any:
    """The query narrowed to rows whose columns equal the values that are set, and (with `q`) whose
    search columns contain it."""
    for column, value in equal:
        if value:
            query = query.where(column == value)
    if q:
        # The words are matched as typed: LIKE's wildcards are escaped, or "%" matched every entry and "_" (allowed in
        # a reference) any one character.
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        query = query.where(or_(*(column.ilike(like, escape="\\") for column in search)))
    return query


def visible_matching(model: Any, user: User, filters: Filters, equal: Sequence[str], search: Sequence[str]) -> Any:
    """The register entries of `model` the user may see, narrowed by `matching`: the `equal` filters are named like
    the model's columns, and the filters' `q` is searched for in the `search` columns (a select, unordered)."""
    return matching(
        select(model).where(entry_filter(model, user)),
        [(getattr(model, name), getattr(filters, name)) for name in equal],
        getattr(filters, "q", ""),
        [getattr(model, name) for name in search],
    )


def page_of(session: Session, query: Any, page: int, per_page: int) -> tuple[list[Any], int]:
    """One page of an ordered query's rows, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(session.scalars(query.limit(per_page).offset((max(page, 1) - 1) * per_page)))
    return items, total
