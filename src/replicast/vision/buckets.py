"""Few input shapes for a GPU, each with a session of its own: inputs padded up a ladder of sizes,
outputs cut back.

onnxruntime's CUDA provider sets a convolution up for the input shape it last saw (cuDNN's engine
heuristics, per layer): on an H200 that took the text detector 0.4-0.8 s and the recogniser 1.4 s
per shape, against 3-5 ms for a run. OCR gives every region crop and every batch of lines its own
shape, and a session that alternates between two shapes pays the set-up on every call. So inputs are
padded up to the next step of a ladder (a minute of video needs a handful of shapes instead of
hundreds), and each shape runs in a session of its own, set up once. The padding is zeros in the
model's normalised input, as rapidocr itself pads a batch of lines to its widest: the mean colour,
where no text is found.

    session = BucketedSession(detector.session, pad={2: LADDER, 3: LADDER}, cut={2: 2, 3: 3}, spawn=twin)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Run = Callable[[NDArray[np.float32]], NDArray[np.float32]]
"""A model run: one input array in, its first output out (rapidocr's sessions are called so)."""

LADDER: tuple[int, ...] = (256, 1024, 4096)
"""Sizes an image side is padded up to (each four times the last, all multiples of 32, as the text
detector needs); past the top, multiples of the top: at most nine shapes of region crops up to
4096 px, for more work per run (a few ms on a GPU)."""
LINE_LADDER: tuple[int, ...] = (320, 640, 1280, 2560, 5120)
"""Widths a batch of lines is padded up to (rapidocr's narrowest is 320), each twice the last: with
steps of four, lines padded with three times their width in grey read worse (a cell's text run into
the next, a trailing dot lost, on the dev screens)."""


def bucket(n: int, ladder: Sequence[int] = LADDER) -> int:
    """The least step of `ladder` that holds `n`; past the top, the next multiple of the top step."""
    for step in ladder:
        if n <= step:
            return step
    top = ladder[-1]
    return math.ceil(n / top) * top


class BucketedSession:
    """A rapidocr inference session (called with one array, returning one) whose input is padded
    with zeros on the axes of `pad` (axis -> ladder, or a fixed size) and whose output is cut back on
    the axes of `cut` (output axis -> the input axis it follows, in proportion: a recogniser's time
    steps follow its input's width at a stride of 8). The first shape runs in `session`; each later
    one in a session of its own from `spawn` (None: `session` too). Other attributes are `session`'s."""

    def __init__(
        self,
        session: Run,
        pad: dict[int, Sequence[int] | int],
        cut: dict[int, int],
        spawn: Callable[[], Run] | None = None,
    ) -> None:
        self._session = session
        self._pad = pad
        self._cut = cut
        self._spawn = spawn
        self._runs: dict[tuple[int, ...], Run] = {}

    @property
    def shapes(self) -> int:
        """How many input shapes have run."""
        return len(self._runs)

    def __call__(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        shape = list(x.shape)
        for axis, size in self._pad.items():
            shape[axis] = max(shape[axis], size) if isinstance(size, int) else bucket(shape[axis], size)
        run = self._run_for(tuple(shape))
        if shape == list(x.shape):
            return run(x)
        padded = np.zeros(shape, x.dtype)
        padded[tuple(slice(0, n) for n in x.shape)] = x
        y = run(padded)
        keep = [slice(None)] * y.ndim
        for out_axis, in_axis in self._cut.items():
            keep[out_axis] = slice(0, math.ceil(x.shape[in_axis] * y.shape[out_axis] / shape[in_axis]))
        return y[tuple(keep)]

    def _run_for(self, shape: tuple[int, ...]) -> Run:
        run = self._runs.get(shape)
        if run is None:
            run = self._session if not self._runs or self._spawn is None else self._spawn()
            self._runs[shape] = run
        return run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def twin_of(session: Any, model: Path) -> Callable[[], Run]:
    """Makes sessions of `model` set up as the onnxruntime `session` is (options, providers and their
    options), each a `Run`."""

    def spawn() -> Run:
        import onnxruntime

        providers = list(session.get_providers())
        options = session.get_provider_options()
        twin = onnxruntime.InferenceSession(
            str(model),
            sess_options=session.get_session_options(),
            providers=providers,
            provider_options=[options.get(p, {}) for p in providers],
        )
        name = twin.get_inputs()[0].name

        def run(x: NDArray[np.float32]) -> NDArray[np.float32]:
            out: NDArray[np.float32] = twin.run(None, {name: x})[0]
            return out

        return run

    return spawn
