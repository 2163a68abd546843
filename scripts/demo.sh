#!/usr/bin/env bash
# The main job on the embedded default: set up, convert the bundled sample recording, build the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
OUT=${1:-out/sample}
.venv/bin/replicast convert samples/sample.mp4 -o "$OUT" --build --force
echo
echo "The spec:          $OUT/replicast.json"
echo "The built app:     $OUT/dist/index.html"
echo "Open it:           (cd $OUT && npx vite preview --port 4173)  then browse http://127.0.0.1:4173/"
