"""Line recognitions remembered across reads: a text line seen again is not recognised again.

A recording shows the same header, menu and labels in keyframe after keyframe. When much of the page
changed, the whole screen is read again, and most of its line images are ones the recogniser has already
read, the same pixels but for video-codec noise. `RecognitionMemo` wraps rapidocr's text recogniser (the
costly part of a read: about 80 % of it) and answers those from memory; only new lines reach the model.

    memo = RecognitionMemo(engine.text_rec)
    engine.text_rec = memo                  # every read through `engine` now goes through the memo
    memo.hits, memo.misses                  # how many line images it answered, how many it passed on

A line counts as seen when an earlier line image has exactly its size and no pixel differs by more than
`max_diff` (codec noise stays within a few levels; any changed glyph stroke differs by far more), with a
mean difference of at most `mean_diff`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

MEMO_LINES = 4096
"""Line images remembered (least recently used forgotten first): a few MB of small crops."""
PER_SIZE = 8
"""Remembered images compared against per image size: the most recently used."""


@dataclass(frozen=True, slots=True)
class _Seen:
    image: np.ndarray
    text: str
    score: float
    words: Any


class RecognitionMemo:
    """A drop-in for rapidocr's `TextRecognizer` (called with a `TextRecInput`, returns a
    `TextRecOutput`) that passes only line images it has not seen to `inner`."""

    def __init__(self, inner: Any, *, max_diff: int = 24, mean_diff: float = 2.0, size: int = MEMO_LINES):
        self._inner = inner
        self._max_diff = max_diff
        self._mean_diff = mean_diff
        self._size = size
        self._seen: OrderedDict[tuple[int, ...], list[_Seen]] = OrderedDict()
        self._count = 0
        self.hits = 0
        self.misses = 0

    def __call__(self, args: Any) -> Any:
        from rapidocr.ch_ppocr_rec import TextRecInput, TextRecOutput

        images: list[np.ndarray] = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        found: list[_Seen | None] = [self._lookup(im) for im in images]
        todo = [i for i, f in enumerate(found) if f is None]
        self.hits += len(images) - len(todo)
        self.misses += len(todo)
        if todo:
            fresh = self._inner(
                TextRecInput(img=[images[i] for i in todo], return_word_box=args.return_word_box)
            )
            words = fresh.word_results if args.return_word_box else [None] * len(todo)
            for i, text, score, w in zip(todo, fresh.txts, fresh.scores, words, strict=True):
                found[i] = self._remember(images[i], str(text), float(score), w)
        done = [f for f in found if f is not None]
        return TextRecOutput(
            imgs=images,
            txts=tuple(f.text for f in done),
            scores=[f.score for f in done],
            word_results=tuple(f.words for f in done),
        )

    def _lookup(self, image: np.ndarray) -> _Seen | None:
        key = image.shape
        bucket = self._seen.get(key)
        if not bucket:
            return None
        for n, seen in enumerate(bucket):
            diff = np.abs(seen.image.astype(np.int16) - image.astype(np.int16))
            if int(diff.max()) <= self._max_diff and float(diff.mean()) <= self._mean_diff:
                bucket.insert(0, bucket.pop(n))
                self._seen.move_to_end(key)
                return seen
        return None

    def _remember(self, image: np.ndarray, text: str, score: float, words: Any) -> _Seen:
        seen = _Seen(image.copy(), text, score, words)
        if self._size <= 0:
            return seen
        bucket = self._seen.setdefault(image.shape, [])
        self._seen.move_to_end(image.shape)
        bucket.insert(0, seen)
        self._count += 1
        if len(bucket) > PER_SIZE:
            bucket.pop()
            self._count -= 1
        while self._count > self._size and self._seen:
            _, dropped = self._seen.popitem(last=False)
            self._count -= len(dropped)
        return seen
