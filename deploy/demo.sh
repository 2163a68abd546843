#!/usr/bin/env bash
# docs/deploy.md, run on one machine: the engines (PostgreSQL, RabbitMQ and Redis, which run here
# already; an S3-compatible server, moto, standing in for S3 or MinIO), nginx in front of 3 API
# processes, 2 workers, then a third worker added the way a new machine is added. A recording goes in
# through nginx, an app comes out, and a batch shows the jobs spread over the workers.
#
#   deploy/demo.sh            # leaves it running; deploy/down.sh (and kill "$(cat $RUN_DIR/s3.pid)") stop it
set -euo pipefail
cd "$(dirname "$0")/.."
export RUN_DIR=${RUN_DIR:-/tmp/replicast-deploy}
PUBLIC_PORT=${PUBLIC_PORT:-8080}
S3_PORT=${S3_PORT:-9000}
mkdir -p "$RUN_DIR"
base="http://127.0.0.1:$PUBLIC_PORT"

echo "== 1. PostgreSQL: a database (the processes migrate it, one at a time, under an advisory lock)"
psql -q -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS replicast_demo WITH (FORCE)" -c "CREATE DATABASE replicast_demo"

echo "== 2. an S3-compatible store on :$S3_PORT with a bucket"
if ! curl -fsS "http://127.0.0.1:$S3_PORT/moto-api/" >/dev/null 2>&1; then
  setsid .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >>"$RUN_DIR/s3.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/s3.pid"
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$S3_PORT/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
fi
.venv/bin/python -c "
import boto3
s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:$S3_PORT', region_name='us-east-1',
                  aws_access_key_id='demo', aws_secret_access_key='demo')
if 'replicast' not in [b['Name'] for b in s3.list_buckets()['Buckets']]:
    s3.create_bucket(Bucket='replicast')
print('bucket replicast ready')"

echo "== 3. the broker's redelivery window: RabbitMQ's consumer_timeout on this node"
timeout_ms=$(rabbitmqctl -q eval 'application:get_env(rabbit, consumer_timeout).' | sed -n 's/.*{ok,\([0-9]*\)}.*/\1/p')
timeout_ms=${timeout_ms:-1800000}
echo "consumer_timeout = $timeout_ms ms"

echo "== 4. the settings, one file for every process"
cat >"$RUN_DIR/replicast.env" <<ENV
REPLICAST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/replicast_demo
REPLICAST_DATABASE_POOL_SIZE=5
REPLICAST_DATABASE_MAX_OVERFLOW=5
REPLICAST_EXECUTOR=celery
REPLICAST_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//
REPLICAST_BROKER_QUEUE=replicast-demo
REPLICAST_BROKER_REDELIVERY_S=$((timeout_ms / 1000))
REPLICAST_JOB_TIMEOUT_S=$((timeout_ms / 1000 / 3))
REPLICAST_WORKER_CONCURRENCY=1
REPLICAST_OCR_THREADS=1
REPLICAST_S3_BUCKET=replicast
REPLICAST_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
REPLICAST_S3_REGION=us-east-1
REPLICAST_S3_ACCESS_KEY_ID=demo
REPLICAST_S3_SECRET_ACCESS_KEY=demo
REPLICAST_ENCRYPTION_KEY=$(.venv/bin/python -c "from replicast.storage.crypto import new_master_key as k; print(k())")
REPLICAST_RATE_LIMIT=600/minute
REPLICAST_RATE_LIMIT_STORAGE=redis://127.0.0.1:6379/0
REPLICAST_LOG_LEVEL=INFO
ENV
sed -E 's/(SECRET_ACCESS_KEY|ENCRYPTION_KEY)=.*/\1=.../' "$RUN_DIR/replicast.env"

echo "== 5. 3 API processes behind nginx, 2 workers"
deploy/up.sh "$RUN_DIR/replicast.env" 3 2

echo "== 6. a key; a recording in through nginx; the app out"
set -a
# shellcheck disable=SC1091
. "$RUN_DIR/replicast.env"
set +a
KEY=$(.venv/bin/replicast keys create --tenant demo --name deploy 2>/dev/null)
auth=(-H "Authorization: Bearer $KEY")
video=$(curl -fsS "${auth[@]}" -H "Content-Type: video/mp4" --data-binary @samples/sample.mp4 "$base/v1/videos?filename=sample.mp4")
echo "$video"
video_id=$(echo "$video" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['id'])")
job=$(curl -fsS "${auth[@]}" -H "Content-Type: application/json" -d "{\"video_id\": \"$video_id\"}" "$base/v1/jobs")
job_id=$(echo "$job" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['id'])")
echo "job $job_id queued; progress (SSE through nginx):"
curl -fsS -N "${auth[@]}" "$base/v1/jobs/$job_id/events" | grep '^data:' | .venv/bin/python -c "
import json, sys
for line in sys.stdin:
    e = json.loads(line[5:])
    print(f\"  {e['state']:9} {e.get('stage') or '':10} {e.get('progress', 0):.2f}\")" | uniq | tail -12
curl -fsS "${auth[@]}" -o "$RUN_DIR/app.zip" "$base/v1/jobs/$job_id/project.zip"
echo "project.zip: $(stat -c %s "$RUN_DIR/app.zip") bytes, $(.venv/bin/python -c "import zipfile; print(len(zipfile.ZipFile('$RUN_DIR/app.zip').namelist()))") files"

echo "== 7. a worker machine joins (here: the same machine, with the same settings file)"
deploy/add-worker.sh "$RUN_DIR/replicast.env" 1 --background

echo "== 8. a batch of 6 recordings, spread over the 3 workers"
.venv/bin/python - "$RUN_DIR/batch" <<'PY'
import sys
from pathlib import Path
from replicast.media.synthetic import Box, Button, Label, Script, SyntheticScreen, Wait, render_video

folder = Path(sys.argv[1])
folder.mkdir(exist_ok=True)
for n in range(6):
    screen = SyntheticScreen("home", (
        Label("title", Box(40, 24, 360, 40), f"Orders {n}", size=26, bold=True, role="heading"),
        Button("go", Box(40, 100, 120, 40), "Refresh"),
    ))
    render_video(Script((screen,), (Wait(2.0),)), folder / f"rec{n}.mp4")
PY
ids=()
for n in 0 1 2 3 4 5; do
  v=$(curl -fsS "${auth[@]}" -H "Content-Type: video/mp4" --data-binary "@$RUN_DIR/batch/rec$n.mp4" "$base/v1/videos?filename=rec$n.mp4" \
      | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['id'])")
  ids+=("\"$v\"")
done
batch=$(curl -fsS "${auth[@]}" -H "Content-Type: application/json" \
  -d "{\"video_ids\": [$(IFS=,; echo "${ids[*]}")], \"name\": \"demo\"}" "$base/v1/batches")
batch_id=$(echo "$batch" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['id'])")
for _ in $(seq 1 900); do
  state=$(curl -fsS "${auth[@]}" "$base/v1/batches/$batch_id")
  echo "$state" | .venv/bin/python -c "import json,sys; b=json.load(sys.stdin); sys.exit(0 if b['finished'] else 1)" && break
  sleep 1
done
echo "$state" | .venv/bin/python -c "import json,sys; b=json.load(sys.stdin); print('batch', b['id'], 'counts', b['counts'])"

echo "== 9. who did what"
for f in "$RUN_DIR"/api-*.log; do
  echo "  $(basename "$f" .log): $(grep -c ' /v1/' "$f") API requests"
done
for f in "$RUN_DIR"/worker-*.log; do
  echo "  $(basename "$f" .log): $(grep -c 'executors.base .*: succeeded in' "$f") jobs run"
done
echo "demo: running; stop it with deploy/down.sh && kill \$(cat $RUN_DIR/s3.pid)"
