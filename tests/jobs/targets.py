"""Functions the sandbox tests run in a child process (module level, so the child can import them)."""

from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Callable

from replicast.errors import VideoDecodeError
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
