#!/usr/bin/env bash
# Start replicast on this machine: N API processes behind nginx and M workers, all configured by ENV_FILE.
#
#   deploy/up.sh ENV_FILE [N_API=2] [M_WORKERS=2]
#
# API processes listen on 127.0.0.1:API_PORT0.. (default 8001..), nginx on PUBLIC_PORT (default 8080);
# logs, pid files and the rendered nginx.conf go to RUN_DIR (default /tmp/replicast-deploy).
# deploy/down.sh stops what this started. On real hosts run the same commands under systemd or similar.
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_FILE=${1:?usage: deploy/up.sh ENV_FILE [N_API] [M_WORKERS]}
N_API=${2:-2}
M_WORKERS=${3:-2}
RUN_DIR=${RUN_DIR:-/tmp/replicast-deploy}
API_PORT0=${API_PORT0:-8001}
PUBLIC_PORT=${PUBLIC_PORT:-8080}
REPLICAST=${REPLICAST:-$PWD/.venv/bin/replicast}
NGINX=${NGINX:-/usr/sbin/nginx}

mkdir -p "$RUN_DIR"
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
: "${REPLICAST_EXECUTOR:?ENV_FILE must set REPLICAST_EXECUTOR=celery for more than one process}"

start() {  # name, command...: run it in the background, its own session, output to RUN_DIR/name.log
  local name=$1
  shift
  if [ -f "$RUN_DIR/$name.pid" ] && kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
    echo "up: $name is running already (pid $(cat "$RUN_DIR/$name.pid"))"
    return
  fi
  setsid "$@" >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  echo "up: $name started (pid $!)"
}

upstreams=""
for i in $(seq 0 $((N_API - 1))); do
  port=$((API_PORT0 + i))
  REPLICAST_PORT=$port REPLICAST_DATA_DIR="$RUN_DIR/api-$i" start "api-$i" "$REPLICAST" serve
  upstreams+="        server 127.0.0.1:$port max_fails=3 fail_timeout=5s;"$'\n'
done
for i in $(seq 0 $((M_WORKERS - 1))); do
  REPLICAST_DATA_DIR="$RUN_DIR/worker-$i" start "worker-$i" "$REPLICAST" worker
done

max_body=$(( ${REPLICAST_MAX_VIDEO_BYTES:-2147483648} / 1048576 ))m
sed -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@PUBLIC_PORT@|$PUBLIC_PORT|g" -e "s|@MAX_BODY@|$max_body|g" \
  deploy/nginx.conf.template | awk -v up="${upstreams%$'\n'}" '{ if ($0 == "@UPSTREAMS@") print up; else print }' \
  >"$RUN_DIR/nginx.conf"
"$NGINX" -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
if [ -f "$RUN_DIR/nginx.pid" ] && kill -0 "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null; then
  "$NGINX" -s reload -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
  echo "up: nginx reloaded"
else
  "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
  echo "up: nginx started on port $PUBLIC_PORT"
fi

# ready when every API process answers /readyz (database, schema, store, broker) and nginx passes requests on
for i in $(seq 0 $((N_API - 1))); do
  port=$((API_PORT0 + i))
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$(cat "$RUN_DIR/api-$i.pid")" 2>/dev/null || { echo "up: api-$i exited; see $RUN_DIR/api-$i.log" >&2; exit 1; }
    sleep 0.1
  done
done
curl -fsS "http://127.0.0.1:$PUBLIC_PORT/readyz"
echo
echo "up: $N_API API processes behind http://127.0.0.1:$PUBLIC_PORT, $M_WORKERS workers; logs in $RUN_DIR"
