"""Run one function in a child process under resource limits, so hostile input can only fail its job.

The child gets an address-space limit (RLIMIT_AS), a CPU-time limit (RLIMIT_CPU), an open-files limit
(RLIMIT_NOFILE) and no core dumps; the parent enforces a wall-clock deadline and cancellation by
killing it. Whatever the child does (raise, exhaust memory, segfault inside FFmpeg, spin), the caller
gets a `ReplicastError` with a one-line reason and the calling thread, and any pool around it, lives
on. (A `concurrent.futures.ProcessPoolExecutor` breaks as a whole when one of its children dies.)

    def work(arg: Args, report: Callable[[Progress], None]) -> Summary: ...   # module level: picklable
    summary = run_sandboxed(work, args, SandboxLimits(memory_bytes=2 << 30), on_progress=print)

Children are forked from a fork server that has imported the pipeline once, so a job starts in tens
of milliseconds, and never from the (multi-threaded) service process itself.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.context import ForkServerContext
from typing import Any, TypeVar

from replicast import errors
from replicast.errors import JobCancelledError, JobError, ReplicastError
from replicast.jobs.config import SandboxLimits
from replicast.pipeline.run import Progress

log = logging.getLogger(__name__)

A = TypeVar("A")
R = TypeVar("R")

PRELOAD = [
    "replicast.jobs.convert",
    "replicast.jobs.run",  # where the job's child work lives
    # the OCR libraries, which `RapidOcrEngine` imports when first made: rapidocr parses its model
    # catalogue (an 85 kB YAML file, through omegaconf) on import, about a second of every job's child
    "onnxruntime",
    "rapidocr.main",
    "rapidocr.cal_rec_boxes",
]
_PROGRESS_EVERY_S = 0.1
_KILL_GRACE_S = 2.0
_M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)


@functools.cache
def _ctx() -> ForkServerContext:
    ctx = multiprocessing.get_context("forkserver")
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # before the fork server imports onnxruntime
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _ignore(_: Progress) -> None:
    return None


def run_sandboxed(
    target: Callable[[A, Callable[[Progress], None]], R],
    arg: A,
    limits: SandboxLimits,
    on_progress: Callable[[Progress], None] = _ignore,
    cancelled: threading.Event | None = None,
) -> R:
    """`target(arg, report)` in a limited child process; its return value.

    `target` must be a module-level function and `arg` picklable. Progress the child reports reaches
    `on_progress` in the calling thread.

    Raises:
        ReplicastError: the same type and message the child raised (VideoDecodeError, ...).
        JobCancelledError: `cancelled` was set while it ran.
        JobError: the child crashed, ran out of memory or CPU time, timed out, or raised an unexpected error.
    """
    parent, child = _ctx().Pipe(duplex=False)
    proc = _ctx().Process(target=_child_main, args=(child, target, arg, limits), daemon=True)
    proc.start()
    child.close()  # so the parent sees EOF when the child exits
    outcome: tuple[str, Any] | None = None
    deadline = time.monotonic() + limits.wall_seconds
    try:
        while outcome is None:
            if cancelled is not None and cancelled.is_set():
                raise JobCancelledError("cancelled")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JobError(f"timed out after {limits.wall_seconds:g} s")
            if not parent.poll(min(0.2, remaining)):
                if not proc.is_alive() and not parent.poll():
                    break
                continue
            try:
                kind, payload = parent.recv()
            except EOFError:
                break
            if kind == "progress":
                on_progress(payload)
            else:
                outcome = (kind, payload)
    finally:
        if outcome is None:
            _kill(proc)
        proc.join(_KILL_GRACE_S)
        if proc.is_alive():
            _kill(proc)
        parent.close()
    if outcome is None:
        raise JobError(_death_reason(proc.exitcode, limits))
    kind, payload = outcome
    if kind == "ok":
        result: R = payload
        return result
    raise _rebuild_error(*payload)


def _kill(proc: multiprocessing.process.BaseProcess) -> None:
    if proc.is_alive():
        proc.kill()
        proc.join(_KILL_GRACE_S)


def _death_reason(exitcode: int | None, limits: SandboxLimits) -> str:
    mib = limits.memory_bytes // (1024 * 1024)
    if exitcode is None:
        return "the worker process did not exit"
    if exitcode < 0:
        sig = -exitcode
        if sig == signal.SIGXCPU:
            return f"used more than its {limits.cpu_seconds} s of CPU time"
        if sig == signal.SIGKILL:
            return f"the worker process was killed (out of memory? the limit is {mib} MiB)"
        if sig in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGABRT):
            return (
                f"the worker process crashed ({signal.Signals(sig).name}) reading the video, "
                f"which may be malformed or over the {mib} MiB memory limit"
            )
        return f"the worker process died of signal {signal.Signals(sig).name}"
    return f"the worker process exited with status {exitcode} before finishing"


def _rebuild_error(type_name: str, message: str) -> ReplicastError:
    cls = getattr(errors, type_name, None)
    if isinstance(cls, type) and issubclass(cls, ReplicastError) and cls.__init__ is ReplicastError.__init__:
        return cls(message)
    return JobError(f"{type_name}: {message}")


def _cap_malloc_arenas() -> None:
    """Few malloc arenas: glibc reserves 64 MiB of address space per thread arena, which a many-core
    machine's OCR threads would spend against RLIMIT_AS without using it."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):  # not glibc: nothing to cap
        return


def _set_limits(limits: SandboxLimits) -> None:
    _cap_malloc_arenas()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # soft limit: SIGXCPU (a clear reason); the hard limit a little later kills a child that ignores it
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    _, hard_files = resource.getrlimit(resource.RLIMIT_NOFILE)
    files = limits.open_files if hard_files == resource.RLIM_INFINITY else min(limits.open_files, hard_files)
    resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))


class _Reporter:
    """Progress from the child to the parent: stage changes, ends, and a few updates a second between.

    (The decode stage reports every frame.)
    """

    def __init__(self, conn: multiprocessing.connection.Connection) -> None:
        self._conn = conn
        self._stage = ""
        self._at = 0.0

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if p.stage != self._stage or now - self._at >= _PROGRESS_EVERY_S or p.done >= p.total:
            self._stage, self._at = p.stage, now
            self._conn.send(("progress", p))


def _child_main(
    conn: multiprocessing.connection.Connection,
    target: Callable[[Any, Callable[[Progress], None]], Any],
    arg: Any,
    limits: SandboxLimits,
) -> None:
    """The child's whole life: limits, run, send one outcome. Never raises."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the parent's to handle
    report = _Reporter(conn)

    try:
        _set_limits(limits)
        result = target(arg, report)
        conn.send(("ok", result))
    except ReplicastError as ex:
        conn.send(("error", (type(ex).__name__, str(ex))))
    except MemoryError:
        mib = limits.memory_bytes // (1024 * 1024)
        conn.send(("error", ("JobError", f"ran out of memory (the limit is {mib} MiB)")))
    except BaseException as ex:
        log.error("job child failed: %s", "".join(traceback.format_exception(ex)))
        conn.send(("error", ("JobError", f"internal error: {type(ex).__name__}: {ex}")))
    finally:
        conn.close()
        os._exit(0)
