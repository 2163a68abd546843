#!/usr/bin/env bash
# Stop what deploy/up.sh (and deploy/add-worker.sh --background) started: SIGTERM, then wait.
# API processes finish their requests; workers finish the jobs they run (a second SIGTERM, or
# SIGKILL, stops them at once: their jobs go to other workers when their leases lapse).
set -euo pipefail
RUN_DIR=${RUN_DIR:-/tmp/replicast-deploy}
NGINX=${NGINX:-/usr/sbin/nginx}

if [ -f "$RUN_DIR/nginx.pid" ] && kill -0 "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null; then
  "$NGINX" -s quit -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
  echo "down: nginx stopped"
fi
pids=()
for f in "$RUN_DIR"/api-*.pid "$RUN_DIR"/worker-*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    pids+=("$pid")
    echo "down: $(basename "$f" .pid) (pid $pid) asked to stop"
  fi
  rm -f "$f"
done
for pid in "${pids[@]}"; do
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && { echo "down: pid $pid still running after 60 s; killing it"; kill -KILL -- "-$pid" 2>/dev/null || true; }
done
echo "down: done"
