"""Alembic migrations: they build the schema the models describe, and go back down."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from replicast.db import Database
from replicast.db.migrate import current_revision, downgrade, head_revision, is_current, upgrade
from replicast.db.models import Base


def test_upgrade_reaches_head_and_matches_the_models(db: Database) -> None:
    assert is_current(db)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(db: Database) -> None:
    upgrade(db)
    assert current_revision(db) == head_revision()


def test_downgrade_to_base_drops_every_table(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(db)
    downgrade(db, "base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
    assert current_revision(db) is None
    db.dispose()


def test_a_fresh_database_is_not_current(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert not is_current(db)
    db.dispose()
