"""Few input shapes for a GPU: a model's inputs padded up to a ladder of sizes, its outputs cut back.

On a GPU every new input shape costs onnxruntime's CUDA provider a set-up (cuDNN picks and may compile
its kernels per shape), far more than the run itself; OCR gives every frame crop and every line its own
shape. Padded up to the next step of a ladder (each step about 1.5 times the last), a minute of video
needs a few dozen shapes instead of a thousand. The padding is zeros in the model's normalised input,
as rapidocr itself pads a batch of lines to its widest: the mean colour, where no text is found.

    session = BucketedSession(detector.session, pad={2: LADDER, 3: LADDER}, cut={2: 2, 3: 3})
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

LADDER: tuple[int, ...] = (32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096)
"""Sizes an input side is padded up to (each 1.33 to 2 times the last, all multiples of 32, as the text
detector needs); past the top, multiples of the top."""


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
    steps follow its input's width at a stride of 8). Other attributes are the session's."""

    def __init__(
        self,
        session: Callable[[NDArray[np.float32]], NDArray[np.float32]],
        pad: dict[int, Sequence[int] | int],
        cut: dict[int, int],
    ) -> None:
        self._session = session
        self._pad = pad
        self._cut = cut

    def __call__(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        shape = list(x.shape)
        for axis, size in self._pad.items():
            shape[axis] = max(shape[axis], size) if isinstance(size, int) else bucket(shape[axis], size)
        if shape == list(x.shape):
            return self._session(x)
        padded = np.zeros(shape, x.dtype)
        padded[tuple(slice(0, n) for n in x.shape)] = x
        y = self._session(padded)
        keep = [slice(None)] * y.ndim
        for out_axis, in_axis in self._cut.items():
            keep[out_axis] = slice(0, math.ceil(x.shape[in_axis] * y.shape[out_axis] / shape[in_axis]))
        return y[tuple(keep)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)
