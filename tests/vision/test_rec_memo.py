"""RecognitionMemo: a line image seen before (up to codec noise) is answered without the recogniser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from rapidocr.ch_ppocr_rec import TextRecInput, TextRecOutput
from rapidocr.ch_ppocr_rec.typings import WordInfo

from replicast.vision.rec_memo import RecognitionMemo


@dataclass
class CountingRecogniser:
    """Reads each image as the number of dark pixels it has; remembers how many images it was given."""

    given: list[int] = field(default_factory=list)

    def __call__(self, args: TextRecInput) -> TextRecOutput:
        images = list(args.img)
        self.given.append(len(images))
        txts = tuple(str(int((im < 128).sum())) for im in images)
        words: Any = tuple(("w", 1.0, None) for _ in images)
        return TextRecOutput(imgs=images, txts=txts, scores=[0.9] * len(images), word_results=words)


def _line(seed: int, w: int = 120) -> np.ndarray:
    rng = np.random.default_rng(seed)
    im = np.full((24, w, 3), 250, np.uint8)
    im[6:18, rng.integers(0, w - 10, 8)] = 20  # a few dark strokes
    return im


def test_a_line_seen_again_is_not_recognised_again() -> None:
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner)
    first = memo(TextRecInput(img=[_line(1), _line(2)], return_word_box=True))
    again = memo(TextRecInput(img=[_line(2), _line(3)], return_word_box=True))
    assert inner.given == [2, 1]
    assert again.txts[0] == first.txts[1]
    assert (memo.hits, memo.misses) == (1, 3)
    assert len(again.word_results) == 2


def test_codec_noise_still_counts_as_seen() -> None:
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner)
    memo(TextRecInput(img=[_line(1)]))
    rng = np.random.default_rng(0)
    # codec noise: a few levels off around the strokes, most pixels as they were
    noise = rng.integers(-6, 7, (24, 120, 3)) * (rng.random((24, 120, 1)) < 0.3)
    noisy = np.clip(_line(1).astype(np.int16) + noise, 0, 255).astype(np.uint8)
    memo(TextRecInput(img=[noisy]))
    assert inner.given == [1]


@pytest.mark.parametrize("change", ["glyph", "size"])
def test_a_changed_glyph_or_size_is_read_again(change: str) -> None:
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner)
    memo(TextRecInput(img=[_line(1)]))
    other = _line(1).copy()
    if change == "glyph":
        other[8:16, 100:104] = 30  # one new stroke: a typed character
    else:
        other = _line(1, w=124)
    out = memo(TextRecInput(img=[other]))
    assert inner.given == [1, 1]
    assert out.txts[0] == str(int((other < 128).sum()))


@pytest.mark.parametrize(("dy", "dx", "grow"), [(1, 0, 0), (0, 2, 0), (-1, -1, 2), (1, 3, 1)])
def test_the_same_line_in_a_box_a_pixel_or_two_off_counts_as_seen(dy: int, dx: int, grow: int) -> None:
    page = np.full((60, 200, 3), 250, np.uint8)
    page[20:40, 40:160] = _line(1)[2:22]
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner)
    memo(TextRecInput(img=[page[16:44, 36:164]]))
    memo(TextRecInput(img=[page[16 + dy : 44 + dy + grow, 36 + dx : 164 + dx + grow]]))
    assert inner.given == [1]


def test_a_longer_line_at_the_same_place_is_read_again() -> None:
    page = np.full((60, 220, 3), 250, np.uint8)
    page[20:40, 40:160] = _line(1)[2:22]
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner)
    memo(TextRecInput(img=[page[16:44, 36:164]]))
    page[22:38, 166:170] = 20  # one more character typed
    memo(TextRecInput(img=[page[16:44, 36:174]]))
    assert inner.given == [1, 1]


def test_size_zero_remembers_nothing() -> None:
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner, size=0)
    memo(TextRecInput(img=[_line(1)]))
    memo(TextRecInput(img=[_line(1)]))
    assert inner.given == [1, 1]


def test_the_least_recently_used_lines_are_forgotten() -> None:
    inner = CountingRecogniser()
    memo = RecognitionMemo(inner, size=2)
    memo(TextRecInput(img=[_line(1, w=100), _line(2, w=110), _line(3, w=120)]))
    memo(TextRecInput(img=[_line(3, w=120)]))  # still remembered
    memo(TextRecInput(img=[_line(1, w=100)]))  # forgotten
    assert inner.given == [3, 1]


@dataclass
class WordRecogniser:
    """Reads every image as one word whose ink spans columns 10..30 of 4 px each (rapidocr's WordInfo)."""

    given: list[int] = field(default_factory=list)

    def __call__(self, args: TextRecInput) -> TextRecOutput:
        images = list(args.img)
        self.given.append(len(images))
        words: Any = tuple(
            WordInfo(words=[["w"]], word_cols=[[10, 30]], line_txt_len=im.shape[1] / 4) for im in images
        )
        return TextRecOutput(
            imgs=images, txts=("w",) * len(images), scores=[0.9] * len(images), word_results=words
        )


def _page() -> np.ndarray:
    page = np.full((80, 260, 3), 250, np.uint8)
    page[30:50, 60:180] = _line(1)[2:22]
    return page


def test_the_same_line_in_a_much_wider_margin_counts_as_seen_and_its_words_follow_its_ink() -> None:
    page = _page()
    inner = WordRecogniser()
    memo = RecognitionMemo(inner)
    first = memo(TextRecInput(img=[page[26:54, 56:184]], return_word_box=True))
    # the detector drew the box 10 px further out on the left and 6 px above and below
    again = memo(TextRecInput(img=[page[20:60, 46:184]], return_word_box=True))
    assert inner.given == [1]
    before, after = first.word_results[0], again.word_results[0]
    # the same columns in px (4 px each), moved 10 px right with the ink
    assert after.line_txt_len * 4 == pytest.approx(138)
    assert [4 * c for c in after.word_cols[0]] == pytest.approx([4 * c + 10 for c in before.word_cols[0]])


def test_a_line_twice_in_one_batch_is_recognised_once() -> None:
    page = _page()
    inner = WordRecogniser()
    memo = RecognitionMemo(inner, size=0)
    out = memo(TextRecInput(img=[page[26:54, 56:184], _line(7), page[24:56, 52:184]], return_word_box=True))
    assert inner.given == [2]
    assert (memo.hits, memo.misses) == (1, 2)
    assert len(out.txts) == 3
    assert [4 * c for c in out.word_results[2].word_cols[0]] == pytest.approx([44, 124])
