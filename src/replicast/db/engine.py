"""Connections: one `Database` per process, built from a URL (SQLite by default, PostgreSQL at scale).

    db = Database("sqlite:///data/replicast.db")
    with db.read() as s:
        job = s.get(Job, job_id)
    with db.write() as s:              # commits on leaving the block, rolls back on an exception
        s.add(Tenant(id=..., name="acme"))
    db.dispose()

On SQLite the database runs in WAL mode (readers never wait for the writer) with a busy timeout, and a
`write()` transaction starts with BEGIN IMMEDIATE so two writers queue for the lock instead of failing
halfway when both try to upgrade a read lock.

On PostgreSQL (`postgresql://...` means the psycopg 3 driver) each process keeps a pool of
`pool_size` connections, opens up to `max_overflow` more at peaks, checks a connection before use
(a restarted server costs one retry, not an error) and gives up connecting after 10 s.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 30_000


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # let SQLAlchemy issue BEGIN itself (pysqlite's own transaction handling defers it)
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("replicast_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An engine and its sessions. Thread-safe; `dispose()` closes the pool."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10, max_overflow: int = 20) -> None:
        parsed = make_url(url)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
            url = parsed.render_as_string(hide_password=False)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
            if parsed.database:
                kwargs.update(pool_size=20, max_overflow=40)
        else:
            kwargs.update(pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True)
            if parsed.get_backend_name() == "postgresql":
                kwargs["connect_args"] = {"connect_timeout": 10}
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            _sqlite_hooks(self.engine)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(replicast_write=True), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (rolled back at the end)."""
        with self._reads() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction: committed when the block ends, rolled back on an exception."""
        with self._writes() as session, session.begin():
            yield session

    def ping(self) -> None:
        """Run a trivial query. Raises sqlalchemy.exc.OperationalError when the database is unreachable."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
