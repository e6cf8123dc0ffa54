"""Engine, session factory and the declarative base with stable constraint names."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    MetaData,
    String,
    Text,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timezone-aware now, for staff-side timestamps (never for respondents)."""
    return dt.datetime.now(dt.timezone.utc)


def new_uuid() -> str:
    """A random 128-bit id as 32 hex characters."""
    return uuid.uuid4().hex


intpk = Annotated[int, mapped_column(primary_key=True)]
uuidpk = Annotated[str, mapped_column(String(32), primary_key=True, default=new_uuid)]
str40 = Annotated[str, mapped_column(String(40))]
str80 = Annotated[str, mapped_column(String(80))]
str200 = Annotated[str, mapped_column(String(200))]
text = Annotated[str, mapped_column(Text)]
timestamp = Annotated[dt.datetime, mapped_column(DateTime(timezone=True), default=utcnow)]
jsondict = Annotated[dict[str, Any], mapped_column(JSON, default=dict)]
jsonlist = Annotated[list[Any], mapped_column(JSON, default=list)]


class Base(DeclarativeBase):
    """Base for every model; constraint names follow NAMING_CONVENTION so Alembic is stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Deleted rows (expired answers, drafts) are overwritten in the file, not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _private_sqlite_file(url: str) -> None:
    """Create a SQLite database file readable by its owner only, before SQLite makes it with the umask's mode."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = os.path.abspath(database)
    if not os.path.isdir(os.path.dirname(path)):
        return  # SQLite will refuse it with its own clear error
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        info = os.stat(path)
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.chmod(path, 0o600)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and a file only its owner can read."""
    if url.startswith("sqlite"):
        # SQLite gives its -wal and -shm files the database file's mode, so this covers them too.
        _private_sqlite_file(url)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 10})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (views render after committing)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
