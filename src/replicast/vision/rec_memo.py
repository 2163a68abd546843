"""Line recognitions remembered across reads: a text line seen again is not recognised again.

A recording shows the same header, menu and labels in keyframe after keyframe. When much of the page
changed, the whole screen is read again, and most of its line images are ones the recogniser has already
read, the same pixels but for video-codec noise. `RecognitionMemo` wraps rapidocr's text recogniser (the
costly part of a read: about 80 % of it) and answers those from memory; only new lines reach the model.

    memo = RecognitionMemo(engine.text_rec)
    engine.text_rec = memo                  # every read through `engine` now goes through the memo
    memo.hits, memo.misses                  # how many line images it answered, how many it passed on

A line counts as seen when an earlier line image shows the same ink, whatever margin the text detector
drew around it: the detector pads a line's box by a few px more or less with what surrounds it (and after
a scroll, or when it found the line in a crop rather than the whole frame). Each image is compared by its
core, its ink (pixels far from the colour along its edge) and `shift` px around it; cores may differ by
up to `shift` px in height and twice that in width. The two cores are aligned where their row and column
profiles agree best; there, no pixel may differ by more than `max_diff` (codec noise stays within a few
levels; a changed glyph stroke differs by far more) and the mean difference must stay within
`mean_diff`. The remembered word positions are moved to where the ink lies in the new image.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, cast

import numpy as np

from replicast.vision.textlines import border_mode

MEMO_LINES = 4096
"""Line images remembered (least recently used forgotten first): a few MB of small crops."""
PER_HEIGHT = 64
"""Remembered images per image height (the most recently used): those a new image is compared with."""
SHIFT_PX = 2
"""How far the ink's box of one line moves or grows between reads (an anti-aliased edge pixel that codec
noise puts on either side of `INK_LEVELS`)."""
INK_LEVELS = 48
"""A pixel this far (largest channel difference) from the colour along a line image's edge is ink."""


@dataclass(frozen=True, slots=True)
class _Seen:
    core: np.ndarray
    """the line's ink and `shift` px around it"""
    x: int
    """where the core starts in the image that was read"""
    width: int
    """that image's width"""
    text: str
    score: float
    words: Any


class RecognitionMemo:
    """A drop-in for rapidocr's `TextRecognizer` (called with a `TextRecInput`, returns a
    `TextRecOutput`) that passes only line images it has not seen to `inner`."""

    def __init__(
        self,
        inner: Any,
        *,
        max_diff: int = 24,
        mean_diff: float = 2.0,
        shift: int = SHIFT_PX,
        size: int = MEMO_LINES,
    ):
        self._inner = inner
        self._max_diff = max_diff
        self._mean_diff = mean_diff
        self._shift = shift
        self._size = size
        self._seen: OrderedDict[int, list[_Seen]] = OrderedDict()  # by image height
        self._count = 0
        self.hits = 0
        self.misses = 0

    def __call__(self, args: Any) -> Any:
        from rapidocr.ch_ppocr_rec import TextRecInput, TextRecOutput

        images: list[np.ndarray] = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        cores = [_core(im, self._shift) for im in images]
        found: list[tuple[_Seen, Any] | None] = [
            self._lookup(core, x, im.shape[1]) for im, (core, x) in zip(images, cores, strict=True)
        ]
        # a line shown twice in one batch (a column of "Edit" buttons) is recognised once too
        todo: list[int] = []
        again: list[tuple[int, int]] = []  # (image, the earlier image of the batch it shows again)
        for i, f in enumerate(found):
            if f is None:
                j = next((j for j in todo if self._place(cores[j][0], cores[i][0]) is not None), None)
                if j is None:
                    todo.append(i)
                else:
                    again.append((i, j))
        self.hits += len(images) - len(todo)
        self.misses += len(todo)
        if todo:
            fresh = self._inner(
                TextRecInput(img=[images[i] for i in todo], return_word_box=args.return_word_box)
            )
            words = fresh.word_results if args.return_word_box else [None] * len(todo)
            for i, text, score, w in zip(todo, fresh.txts, fresh.scores, words, strict=True):
                seen = self._remember(*cores[i], images[i].shape[1], str(text), float(score), w)
                found[i] = (seen, w)
        for i, j in again:
            first = found[j]
            assert first is not None
            found[i] = self._placed(first[0], *cores[i], images[i].shape[1])
        done = [f for f in found if f is not None]
        return TextRecOutput(
            imgs=images,
            txts=cast(Any, tuple(f.text for f, _ in done)),  # rapidocr types it a 1-tuple
            scores=[f.score for f, _ in done],
            word_results=tuple(w for _, w in done),
        )

    def _lookup(self, core: np.ndarray, x: int, width: int) -> tuple[_Seen, Any] | None:
        """The remembered line whose core matches `core`, with its words placed in the new image."""
        h = core.shape[0]
        for height in sorted(range(h - self._shift, h + self._shift + 1), key=lambda v: abs(v - h)):
            bucket = self._seen.get(height)
            for n, seen in enumerate(bucket or ()):
                found = self._placed(seen, core, x, width)
                if found is not None:
                    bucket.insert(0, bucket.pop(n))  # type: ignore[union-attr]
                    self._seen.move_to_end(height)
                    return found
        return None

    def _placed(self, seen: _Seen, core: np.ndarray, x: int, width: int) -> tuple[_Seen, Any] | None:
        """`seen` with its words placed in an image `width` px wide whose core (at column `x`) shows the
        same line; None when it does not."""
        dx = self._place(seen.core, core)
        return None if dx is None else (seen, _moved(seen, x - seen.x - dx, width))

    def _place(self, a: np.ndarray, b: np.ndarray) -> int | None:
        """Where core `b` shows what core `a` shows (see `_match`), when both are about the same size."""
        if abs(a.shape[0] - b.shape[0]) > self._shift or abs(a.shape[1] - b.shape[1]) > 2 * self._shift:
            return None
        return self._match(a, b)

    def _match(self, a: np.ndarray, b: np.ndarray) -> int | None:
        """The column offset d at which `b` shows what `a` shows (b's column i is a's column i + d), or
        None when they are not the same line."""
        if a.shape == b.shape and self._close(a, b):
            return 0
        dy = _best_offset(a.mean(axis=(1, 2)), b.mean(axis=(1, 2)), self._shift)
        dx = _best_offset(a.mean(axis=(0, 2)), b.mean(axis=(0, 2)), 2 * self._shift)
        ya, yb, xa, xb = max(dy, 0), max(-dy, 0), max(dx, 0), max(-dx, 0)
        hh = min(a.shape[0] - ya, b.shape[0] - yb)
        ww = min(a.shape[1] - xa, b.shape[1] - xb)
        # the overlap must hold nearly all of both: a shorter crop of a longer line is another line
        if (
            hh < max(a.shape[0], b.shape[0]) - self._shift
            or ww < max(a.shape[1], b.shape[1]) - 2 * self._shift
        ):
            return None
        return dx if self._close(a[ya : ya + hh, xa : xa + ww], b[yb : yb + hh, xb : xb + ww]) else None

    def _close(self, a: np.ndarray, b: np.ndarray) -> bool:
        diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
        return int(diff.max()) <= self._max_diff and float(diff.mean()) <= self._mean_diff

    def _remember(self, core: np.ndarray, x: int, width: int, text: str, score: float, words: Any) -> _Seen:
        seen = _Seen(core.copy(), x, width, text, score, words)
        if self._size <= 0:
            return seen
        height = core.shape[0]
        bucket = self._seen.setdefault(height, [])
        self._seen.move_to_end(height)
        bucket.insert(0, seen)
        self._count += 1
        if len(bucket) > PER_HEIGHT:
            bucket.pop()
            self._count -= 1
        while self._count > self._size:  # forget the oldest line of the least recently used height
            oldest, lines = next(iter(self._seen.items()))
            lines.pop()
            self._count -= 1
            if not lines:
                del self._seen[oldest]
        return seen


def _core(image: np.ndarray, margin: int) -> tuple[np.ndarray, int]:
    """The part of a line image holding its ink, `margin` px around it, and the column it starts at (the
    whole image when nothing stands out from its edge colour)."""
    if min(image.shape[:2]) < 2:
        return image, 0
    far = np.abs(image.astype(np.int16) - border_mode(image)).max(axis=2) > INK_LEVELS
    rows, cols = np.flatnonzero(far.any(axis=1)), np.flatnonzero(far.any(axis=0))
    if rows.size == 0:
        return image, 0
    y0, y1 = max(0, int(rows[0]) - margin), min(image.shape[0], int(rows[-1]) + 1 + margin)
    x0, x1 = max(0, int(cols[0]) - margin), min(image.shape[1], int(cols[-1]) + 1 + margin)
    return image[y0:y1, x0:x1], x0


def _moved(seen: _Seen, dx: int, width: int) -> Any:
    """The remembered word positions (rapidocr's `WordInfo`: recogniser columns over the image's width)
    for an image `width` px wide whose ink lies `dx` px right of where it lay in the remembered one."""
    info = seen.words
    cols = getattr(info, "line_txt_len", 0)
    if not cols or (dx == 0 and width == seen.width):
        return info
    px = seen.width / cols  # one column in px, the same in both images
    return replace(
        info,
        word_cols=[[c + dx / px for c in word] for word in info.word_cols],
        line_txt_len=cols * width / seen.width,
    )


def _best_offset(pa: np.ndarray, pb: np.ndarray, limit: int) -> int:
    """The shift d (|d| <= limit) that best lines profile `pa[d:]` up with `pb` (or `pa` with `pb[-d:]`)."""
    best, best_err = 0, np.inf
    for d in range(-limit, limit + 1):
        x, y = (pa[d:], pb) if d >= 0 else (pa, pb[-d:])
        n = min(len(x), len(y))
        if n <= 0:
            continue
        err = float(np.abs(x[:n] - y[:n]).mean())
        if err < best_err:
            best, best_err = d, err
    return best
