"""Alembic, run from code: the migrations ship inside the package (`replicast/db/alembic`).

    upgrade(db)                 # at service start-up: bring the schema to the newest revision
    assert is_current(db)       # readiness: the schema is what this code expects

Processes that start together (API replicas, workers) may all call `upgrade`: on PostgreSQL it holds
an advisory lock while it runs, so one migrates and the others then find the schema current.

Developers add a revision with
`alembic -c src/replicast/db/alembic.ini revision --autogenerate -m "..."`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from replicast.db.engine import Database

SCRIPTS = Path(__file__).parent / "alembic"


def _config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["engine"] = db.engine
    return cfg


@functools.cache
def head_revision() -> str | None:
    """The newest revision this code ships."""
    return ScriptDirectory(str(SCRIPTS)).get_current_head()


def current_revision(db: Database) -> str | None:
    """The database's revision (None: never migrated). A plain query: cheap enough for /readyz."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


_MIGRATION_LOCK = 0x7265706C  # any constant; "repl"


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the newest). Raises sqlalchemy errors."""
    if db.is_sqlite and db.engine.url.database:
        Path(db.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    if db.engine.dialect.name != "postgresql":
        command.upgrade(_config(db), revision)
        return
    # one connection holds the (session) lock and runs the migrations: a pool of one is enough
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
        conn.commit()
        try:
            cfg = _config(db)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()


def downgrade(db: Database, revision: str) -> None:
    command.downgrade(_config(db), revision)


def is_current(db: Database) -> bool:
    """Whether the schema is at the newest revision."""
    return current_revision(db) == head_revision()
