"""Start helper programs in their own process group and take the whole group down again.

Chromium forks a zygote, renderers and a GPU process; killing only the parent leaves them behind,
so every helper gets its own session (``start_new_session``) and is stopped with ``killpg``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import ProcessFailedError

log = logging.getLogger(__name__)


def spawn(
    argv: Sequence[str],
    *,
    log_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a new session; stdout and stderr go to ``log_path`` (or are discarded).

    Raises:
        ProcessFailedError: when the program cannot be executed.
    """
    sink: IO[bytes] | int = subprocess.DEVNULL
    if log_path is not None:
        sink = log_path.open("wb")
    kwargs.setdefault("stdout", sink)
    kwargs.setdefault("stderr", sink)
    try:
        proc = subprocess.Popen(
            list(argv), env=dict(env) if env is not None else None, start_new_session=True, **kwargs
        )
    except OSError as ex:
        raise ProcessFailedError(f"cannot start {argv[0]}: {ex}") from ex
    finally:
        if not isinstance(sink, int):
            sink.close()  # the child holds its own copy of the descriptor
    log.debug("started %s (pid %d)", Path(argv[0]).name, proc.pid)
    return proc


def stop_group(proc: subprocess.Popen[Any] | None, *, grace_s: float = 3.0) -> None:
    """SIGTERM the process group of ``proc``, then SIGKILL whatever is left after ``grace_s``."""
    if proc is None:
        return
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, grace_s)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
        # the leader is gone; give its children a moment to follow before the SIGKILL sweep
        deadline = time.monotonic() + grace_s
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _group_alive(proc.pid):
            return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process is left in group ``pgid``; zombies wait for their reaper."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def log_tail(path: Path, lines: int = 15) -> str:
    """The last ``lines`` lines of a log file, for error messages ("" when unreadable)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
