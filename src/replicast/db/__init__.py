"""The service's state: SQLAlchemy models, the `Database` handle, repositories and Alembic migrations.

db = Database(settings.resolved_database_url())
upgrade(db)                                        # replicast.db.migrate
with db.write() as s:
    job = jobs.create_job(s, ...)                  # replicast.db.jobs
"""

from replicast.db.engine import Database

__all__ = ["Database"]
