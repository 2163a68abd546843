"""A stand-in for the conversion, for the fault tests' workers: half a second of sleep, a small project.

It runs in the job's sandbox like the real work, so it imports nothing beyond what the sandbox's fork
server has loaded already.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable

from replicast.jobs.run import ChildJob, ChildSummary
from replicast.pipeline.run import Progress


def pretend_convert(job: ChildJob, report: Callable[[Progress], None]) -> ChildSummary:
    """Write a small project from the video's hash, over half a second (REPLICAST_TEST_WORK_SECONDS) of
    sleep, not computing."""
    digest = hashlib.sha256(job.video.read_bytes()).hexdigest()
    seconds = float(os.environ.get("REPLICAST_TEST_WORK_SECONDS", "0.5"))  # the worker's environment
    for step in range(5):
        report(Progress("decode", step, 5))
        time.sleep(seconds / 5)
    (job.out_dir / "keyframes").mkdir(parents=True)
    (job.out_dir / "replicast.json").write_text(json.dumps({"video": digest, "screens": [{"id": "home"}]}))
    (job.out_dir / "keyframes" / "home.png").write_bytes(bytes.fromhex(digest))
    (job.out_dir / "src").mkdir()
    (job.out_dir / "src" / "App.tsx").write_text(f"export const video = '{digest}';\n")
    return ChildSummary(screens=1, events=0)
