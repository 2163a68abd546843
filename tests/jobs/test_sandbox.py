"""The sandbox: whatever the child does, the caller gets one clear error and carries on."""

from __future__ import annotations

import threading
import time

import pytest

from replicast.errors import JobCancelledError, JobError, VideoDecodeError
from replicast.jobs.config import SandboxLimits
from replicast.jobs.sandbox import run_sandboxed
from replicast.pipeline.run import Progress

from . import targets

MIB = 1024 * 1024
LIMITS = SandboxLimits(memory_bytes=1024 * MIB, cpu_seconds=20, open_files=64, wall_seconds=60)


def test_the_result_and_progress_come_back() -> None:
    seen: list[Progress] = []
    assert run_sandboxed(targets.double, 21, LIMITS, seen.append) == 42
    # a stage's first and last report always pass; those between are thinned to a few a second
    assert (seen[0].done, seen[-1].done) == (1, 3)


def test_a_replicast_error_keeps_its_type_and_message() -> None:
    with pytest.raises(VideoDecodeError, match=r"bad\.mp4: not a readable video"):
        run_sandboxed(targets.reject, "bad.mp4", LIMITS)


def test_a_segfault_fails_the_job_with_a_reason() -> None:
    with pytest.raises(JobError, match="crashed \\(SIGSEGV\\)"):
        run_sandboxed(targets.segfault, None, LIMITS)


def test_the_memory_limit_stops_a_hog_and_only_a_hog() -> None:
    # the limit counts the address space the child starts with (the pipeline's libraries)
    start = run_sandboxed(targets.address_space, None, LIMITS)
    limits = SandboxLimits(memory_bytes=start + 256 * MIB, cpu_seconds=20, open_files=64, wall_seconds=60)
    assert run_sandboxed(targets.allocate, 64 * MIB, limits) == 64 * MIB
    with pytest.raises(JobError, match="memory"):
        run_sandboxed(targets.hog_memory, 16 * MIB, limits)


def test_the_cpu_limit_stops_a_spinner() -> None:
    limits = SandboxLimits(memory_bytes=1024 * MIB, cpu_seconds=1, open_files=64, wall_seconds=60)
    with pytest.raises(JobError, match="1 s of CPU time"):
        run_sandboxed(targets.spin, None, limits)


def test_the_wall_clock_limit_stops_a_sleeper() -> None:
    limits = SandboxLimits(memory_bytes=1024 * MIB, cpu_seconds=20, open_files=64, wall_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(JobError, match=r"timed out after 0\.5 s"):
        run_sandboxed(targets.nap, 30.0, limits)
    assert time.monotonic() - started < 10


def test_the_open_files_limit_holds() -> None:
    with pytest.raises(JobError, match="Too many open files"):
        run_sandboxed(targets.open_many, 500, LIMITS)


def test_an_unexpected_exit_is_reported() -> None:
    with pytest.raises(JobError, match="exited with status 3"):
        run_sandboxed(targets.exit_hard, None, LIMITS)


def test_a_bug_in_the_child_is_an_internal_error() -> None:
    with pytest.raises(JobError, match="internal error: ValueError: an index went astray"):
        run_sandboxed(targets.bug, None, LIMITS)


def test_cancel_kills_the_child_promptly() -> None:
    cancelled = threading.Event()
    threading.Timer(0.5, cancelled.set).start()
    started = time.monotonic()
    with pytest.raises(JobCancelledError):
        run_sandboxed(targets.nap, 30.0, LIMITS, cancelled=cancelled)
    assert time.monotonic() - started < 10


def test_after_every_kind_of_death_the_next_job_runs() -> None:
    for target, arg in ((targets.segfault, None), (targets.exit_hard, None)):
        with pytest.raises(JobError):
            run_sandboxed(target, arg, LIMITS)
    assert run_sandboxed(targets.double, 1, LIMITS) == 2
