"""Functions the sandbox tests run in a child process (module level, so the child can import them)."""

from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Callable
from pathlib import Path

from replicast.errors import VideoDecodeError
from replicast.jobs.run import ChildJob, ChildSummary
from replicast.pipeline.run import Progress

Report = Callable[[Progress], None]


def double(n: int, report: Report) -> int:
    for i in range(3):
        report(Progress("decode", i + 1, 3))
    return 2 * n


def reject(name: str, report: Report) -> None:
    raise VideoDecodeError(f"{name}: not a readable video")


def segfault(_: None, report: Report) -> None:
    ctypes.string_at(0)


def hog_memory(step: int, report: Report) -> None:
    hoard = []
    while True:
        hoard.append(bytearray(step))


def spin(_: None, report: Report) -> None:
    while True:
        pass


def nap(seconds: float, report: Report) -> None:
    report(Progress("decode", 0, 1))
    time.sleep(seconds)


def open_many(n: int, report: Report) -> None:
    handles = [open(os.devnull, "rb") for _ in range(n)]  # noqa: SIM115 - the point is to hold them
    del handles


def exit_hard(_: None, report: Report) -> None:
    os._exit(3)


def bug(_: None, report: Report) -> None:
    raise ValueError("an index went astray")


def fake_convert(job: ChildJob, report: Report) -> ChildSummary:
    """Stands in for the conversion: probes for real, then writes a small project like codegen would."""
    from replicast.media.probe import probe_video

    report(Progress("probe", 0, 1))
    probe_video(job.video, job.limits)
    report(Progress("probe", 1, 1))
    report(Progress("codegen", 0, 1))
    (job.out_dir / "keyframes").mkdir(parents=True)
    (job.out_dir / "node_modules" / "react").mkdir(parents=True)
    (job.out_dir / "node_modules" / "react" / "index.js").write_text("module.exports = {}")
    (job.out_dir / "replicast.json").write_text('{"version": "1"}')
    (job.out_dir / "package.json").write_text('{"name": "app"}')
    (job.out_dir / "keyframes" / "001.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report(Progress("codegen", 1, 1))
    return ChildSummary(screens=1, events=0)


def must_not_run(job: ChildJob, report: Report) -> ChildSummary:
    raise AssertionError("the result was complete: nothing should have run")


def address_space(_: None, report: Report) -> int:
    """The child's virtual memory size in bytes, as it starts."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize in /proc/self/status")


def allocate(n: int, report: Report) -> int:
    return len(bytearray(n))
