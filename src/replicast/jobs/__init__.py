"""Jobs: the one conversion workload every front end runs (CLI, local pool, Celery workers)."""
