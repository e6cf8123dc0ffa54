"""Engine, session factory and the declarative base with stable constraint names."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    Connection,
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


def connection_of(db: Session | Connection) -> Connection:
    """The connection to run plain statements on: a Session's own, or the Connection itself.

    The public pages pass a bare Connection (cheaper to open than a Session); services and tests pass a Session.
    """
    return db.connection() if isinstance(db, Session) else db


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (views render after committing)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


class Prepared:
    """A Core statement compiled once per dialect and run on the Connection's DB-API cursor.

    ``connection.execute(statement)`` spends about 60 us of Python on each call here (the compiled
    cache's key, an execution context, result metadata) around about 15 us in the driver. The
    pages a respondent answers run the same three statements thousands of times, so those few are
    prepared with this class instead, which:

    - compiles the statement once for the engine's dialect (qmark for SQLite, pyformat for
      psycopg);
    - takes SQLAlchemy's own bind and result processors from that compilation, so values are stored
      and read exactly as ``execute()`` would (dates as SQLite text, for example);
    - runs the SQL on the DB-API connection inside the Connection's own transaction, which it begins
      if none is open, so ``commit()``, ``rollback()`` and a Session later bound to the same
      Connection see it as usual.

    Tests check that each prepared statement writes and returns what ``execute()`` does, on SQLite
    and on PostgreSQL. Statements that expand parameters at run time (``IN`` lists, literal
    execution) are refused when first compiled: use ``execute()`` for those. What it skips is
    per-statement: ``before_cursor_execute``/``after_cursor_execute`` events and ``echo`` logging
    do not see these statements (connection, commit and rollback events still fire).
    """

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        # Keyed by what decides the SQL and the value handling, not by id(): a disposed engine's dialect can be
        # collected and its id reused by another engine's.
        self._compiled: dict[tuple[str, str, str], _PreparedForm] = {}

    def _form(self, connection: Connection) -> "_PreparedForm":
        dialect = connection.dialect
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        form = self._compiled.get(key)
        if form is None:
            form = _PreparedForm(self.statement, dialect)
            self._compiled = {**self._compiled, key: form}
        return form

    def _cursor(self, connection: Connection, params: dict[str, Any]) -> Any:
        form = self._form(connection)
        if not connection.in_transaction():
            connection.begin()
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(form.sql, form.parameters(params))
        return cursor, form

    def first(self, connection: Connection, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row, with SQLAlchemy's result processing, or None."""
        cursor, form = self._cursor(connection, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return form.process(row) if row is not None else None

    def run(self, connection: Connection, params: dict[str, Any]) -> int:
        """Run an INSERT, UPDATE or DELETE; returns the number of rows it touched."""
        cursor, _form = self._cursor(connection, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()


class _PreparedForm:
    """One statement compiled for one dialect: the SQL text and what to do to values going in and out."""

    def __init__(self, statement: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a statement with parameters expanded at run time cannot be prepared")
        self.sql = str(compiled)
        self.defaults: dict[str, Any] = dict(compiled.params)  # values fixed in the statement, e.g. LIMIT 1
        self.names: tuple[str, ...] | None = tuple(compiled.positiontup) if compiled.positional else None
        self.binders: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.binders[name] = processor
        columns = getattr(statement, "selected_columns", ())
        self.readers = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]
        self.any_reader = any(self.readers)

    def parameters(self, params: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        values = {**self.defaults, **params}
        for name, processor in self.binders.items():
            values[name] = processor(values[name])
        if self.names is None:
            return values
        return tuple(values[name] for name in self.names)

    def process(self, row: Any) -> tuple[Any, ...]:
        if not self.any_reader:
            return tuple(row)
        return tuple(value if reader is None else reader(value) for reader, value in zip(self.readers, row))
