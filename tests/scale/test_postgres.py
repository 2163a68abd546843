"""PostgreSQL through the same Alembic migrations: processes that start together migrate once."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from replicast.db import Database
from replicast.db.migrate import current_revision, head_revision, upgrade
from replicast.db.models import Base

from .engines import throwaway_database

pytestmark = pytest.mark.scale


def test_processes_starting_together_migrate_once_even_with_a_pool_of_one() -> None:
    with throwaway_database() as url:
        errors: list[BaseException] = []

        def start() -> None:  # what every API process and worker does first
            db = Database(url, pool_size=1, max_overflow=0)
            try:
                upgrade(db)
            except BaseException as ex:
                errors.append(ex)
            finally:
                db.dispose()

        threads = [threading.Thread(target=start) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        db = Database(url)
        assert current_revision(db) == head_revision()
        with db.engine.connect() as conn:
            assert (
                compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
                == []
            )
        db.dispose()


def test_a_postgresql_url_without_a_driver_uses_psycopg_3() -> None:
    with throwaway_database() as url:
        db = Database(url.replace("postgresql+psycopg://", "postgresql://"))
        assert db.engine.dialect.driver == "psycopg"
        db.ping()
        db.dispose()
