#!/usr/bin/env bash
# Add a worker machine: run this on the new machine, with the deployment's ENV_FILE.
#
#   deploy/add-worker.sh ENV_FILE [CONCURRENCY]            # in the foreground (for systemd & co.)
#   deploy/add-worker.sh ENV_FILE [CONCURRENCY] --background
#
# It installs replicast (scripts/setup.sh), checks that the database, the broker and the bucket are
# reachable from here, and starts `replicast worker`. Nothing else needs to know: the worker takes jobs
# from the broker's queue as soon as it is up, and a worker that goes away loses its running jobs to the
# others when their leases lapse.
set -euo pipefail
cd "$(dirname "$0")/.."
ENV_FILE=${1:?usage: deploy/add-worker.sh ENV_FILE [CONCURRENCY] [--background]}
CONCURRENCY=${2:-}
RUN_DIR=${RUN_DIR:-/tmp/replicast-deploy}

[ -x .venv/bin/replicast ] || bash scripts/setup.sh
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
[ -n "$CONCURRENCY" ] && export REPLICAST_WORKER_CONCURRENCY=$CONCURRENCY

.venv/bin/python - <<'PY'
from replicast.jobs.config import open_database, open_object_store
from replicast.jobs.executors.celery import check_limits, make_celery
from replicast.settings import Settings

settings = Settings()
check_limits(settings)
db = open_database(settings, pool_size=1)
db.ping()
db.dispose()
next(iter(open_object_store(settings).keys("readyz/")), None)
app = make_celery(settings)
with app.connection_for_write() as conn:
    conn.ensure_connection(max_retries=3)
print("add-worker: database, broker and object store answer")
PY

if [ "${3:-}" = "--background" ]; then
  mkdir -p "$RUN_DIR"
  n=$(ls "$RUN_DIR"/worker-*.pid 2>/dev/null | wc -l)
  name="worker-$n-$(hostname)"
  export REPLICAST_DATA_DIR="$RUN_DIR/$name"
  setsid .venv/bin/replicast worker >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/worker-$n.pid"
  echo "add-worker: $name started (pid $!), log $RUN_DIR/$name.log"
else
  exec .venv/bin/replicast worker
fi
