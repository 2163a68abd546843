"""changed_boxes_fast(): the boxes changes.changed_boxes finds, with less work where little changed."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from replicast.pipeline.changes import ChangeConfig, changed_boxes
from replicast.pipeline.fastdiff import Reference, cell_max, changed_bands, changed_boxes_fast
from replicast.vision.base import Box


def _frames(seed: int, shape: tuple[int, int] = (360, 640)) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, shape, dtype=np.uint8)
    b = a.copy()
    return a, b


@pytest.mark.parametrize("seed", range(6))
def test_the_same_boxes_as_changed_boxes_on_scattered_changes(seed: int) -> None:
    # Given two frames that differ in random pixels (single ones, lines, blobs) of any size
    a, b = _frames(seed)
    rng = np.random.default_rng(100 + seed)
    for _ in range(int(rng.integers(1, 40))):
        y, x = int(rng.integers(0, 359)), int(rng.integers(0, 639))
        h, w = int(rng.integers(1, 30)), int(rng.integers(1, 30))
        b[y : y + h, x : x + w] ^= 0x80

    # Then the fast version finds exactly the boxes of the plain one
    assert changed_boxes_fast(a, b) == sorted(changed_boxes(a, b), key=lambda k: (k.y, k.x, k.h, k.w))


def _skipping_thin(a: np.ndarray, b: np.ndarray, cfg: ChangeConfig) -> list[Box]:
    return changed_boxes_fast(a, b, cfg, skip_thin=True)


def _by_reference(a: np.ndarray, b: np.ndarray, cfg: ChangeConfig) -> list[Box]:
    return Reference(a).changes(b, cfg)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("tall", "first_pass"), [(2, _skipping_thin), (4, _by_reference)])
def test_comparing_sampled_rows_first_finds_every_change_as_tall_as_their_step(
    seed: int, tall: int, first_pass: Callable[[np.ndarray, np.ndarray, ChangeConfig], list[Box]]
) -> None:
    # Given a few changes just `tall` rows tall (and 2 columns or more), anywhere (band edges included)
    a, b = _frames(seed)
    rng = np.random.default_rng(200 + seed)
    for _ in range(int(rng.integers(1, 6))):
        y, x = int(rng.integers(0, 350)), int(rng.integers(0, 630))
        b[y : y + tall, x : x + int(rng.integers(2, 40))] ^= 0x80

    # Then comparing every other row first (skipping thin changes), or every 4th (a reference), loses
    # none of them
    cfg = ChangeConfig()
    assert first_pass(a, b, cfg) == changed_boxes_fast(a, b, cfg)


def test_a_codec_speck_beside_a_caret_leaves_the_caret_a_caret() -> None:
    # Given a caret (1 px wide) blinking 4 px from a single pixel the codec sharpened
    a = np.full((120, 200), 255, np.uint8)
    b = a.copy()
    b[40:80, 100] = 0
    b[60, 96] = 200

    boxes = changed_boxes_fast(a, b, skip_thin=True)

    # Then the caret is found alone, one pixel wide (as segment's caret test needs)
    assert boxes == [Box(100, 40, 1, 40)]


def test_bands_cover_the_changed_rows_and_merge_when_they_touch() -> None:
    a = np.zeros((300, 100), np.uint8)
    b = a.copy()
    b[10:12, 5:9] = 99
    b[140:200, 50:60] = 99

    assert changed_bands(a, b, 24) == [(0, 64), (128, 256)]
    assert changed_bands(a, a, 24) == []


def test_frames_of_different_shapes_are_refused() -> None:
    a = np.zeros((10, 10), np.uint8)
    with pytest.raises(ValueError, match="shape"):
        changed_boxes_fast(a, np.zeros((10, 12), np.uint8))


def test_strided_planes_compare_as_compact_ones() -> None:
    # a decoder's plane is wider than the picture (line padding): views compare as copies would
    a, b = _frames(7, (200, 320))
    b[50:90, 100:140] = cv2.bitwise_not(b[50:90, 100:140])
    pad_a = np.zeros((200, 384), np.uint8)
    pad_b = np.full((200, 384), 255, np.uint8)
    pad_a[:, :320], pad_b[:, :320] = a, b

    assert changed_boxes_fast(pad_a[:, :320], pad_b[:, :320], skip_thin=True) == changed_boxes_fast(a, b)


def test_a_reference_that_absorbs_takes_the_specks_and_keeps_the_rest() -> None:
    # Given a reference and a frame that differ in a caret and a single sharpened pixel
    ref = np.full((120, 200), 255, np.uint8)
    frame = ref.copy()
    frame[40:80, 100] = 0
    frame[60, 96] = 200

    boxes = changed_boxes_fast(ref, frame, skip_thin=True, absorb=True)

    # Then the caret is found, and the reference now holds the speck (not found again) but not the caret
    assert boxes == [Box(100, 40, 1, 40)]
    assert ref[60, 96] == 200 and ref[50, 100] == 255
    assert changed_boxes_fast(ref, frame, skip_thin=True) == [Box(100, 40, 1, 40)]


@pytest.mark.parametrize(
    ("shape", "c"), [((37, 53), 4), ((64, 64), 4), ((45, 70), 16), ((9, 11), 3), ((5, 7), 1)]
)
def test_cell_max_is_the_max_of_each_cell_partial_ones_included(shape: tuple[int, int], c: int) -> None:
    # Given a sparse 0/1 mask whose sides need not be multiples of the cell
    mask = (np.random.default_rng(c).random(shape) < 0.05).astype(np.uint8)
    mask[-1, -1] = 1  # the last, partial, cell is set

    # Then each cell holds the max of its pixels, as a zero-padded reshape would give
    h, w = shape
    hh, ww = -(-h // c), -(-w // c)
    padded = np.zeros((hh * c, ww * c), np.uint8)
    padded[:h, :w] = mask
    assert np.array_equal(cell_max(mask, c), padded.reshape(hh, c, ww, c).max(axis=(1, 3)))


def test_a_reference_finds_what_changed_boxes_fast_finds_as_it_takes_changes_in() -> None:
    # Given a reference reading every other row first and a plain plane, both fed the same frames:
    # blobs, single specks, a caret, each on a row the reference reads first
    a, _ = _frames(11, (200, 320))
    plain, ref = a.copy(), Reference(a, step=2)
    rng = np.random.default_rng(12)
    frame = a.copy()
    for _ in range(12):
        frame = frame.copy()
        for _ in range(int(rng.integers(1, 6))):
            y, x = 2 * int(rng.integers(0, 98)), int(rng.integers(0, 316))
            h, w = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            frame[y : y + h, x : x + w] ^= 0x80
        # When each compares the frame and then takes the changed boxes in
        boxes = changed_boxes_fast(plain, frame, skip_thin=True, absorb=True)
        assert ref.changes(frame, ChangeConfig()) == boxes
        for b in boxes:
            grown = Box(b.x - 3, b.y - 3, b.w + 6, b.h + 6)
            plain[max(0, grown.y) : grown.y2, max(0, grown.x) : grown.x2] = frame[
                max(0, grown.y) : grown.y2, max(0, grown.x) : grown.x2
            ]
            ref.paste(frame, grown)
        # Then they agree frame after frame, and hold the same pixels (the reference's copy of its
        # even rows too: a stale one would send every later frame through the full comparison)
        assert np.array_equal(ref.y, plain)
        assert np.array_equal(ref._rows, plain[::2])


def test_a_reference_compares_in_full_only_the_columns_its_sampled_rows_saw_change() -> None:
    # Given a pointer-sized change at the left and, in the same rows, a change 3 rows tall at the
    # right that falls between the rows a reference reads first (every 4th)
    a = np.zeros((128, 640), np.uint8)
    b = a.copy()
    b[20:44, 10:30] = 200
    b[33:36, 600:620] = 200

    # Then the plain comparison finds both; the reference only the one its sampled rows saw (its
    # columns and a group's reach around them are compared in full, not the whole band)
    assert changed_boxes_fast(a, b) == [Box(10, 20, 20, 24), Box(600, 33, 20, 3)]
    assert Reference(a).changes(b, ChangeConfig()) == [Box(10, 20, 20, 24)]

    # And a change that joins the seen one within a group's reach, unseen rows and all, stays whole
    b[45:47, 30:40] = 200
    assert Reference(a).changes(b, ChangeConfig()) == [Box(10, 20, 30, 27)]


def test_a_reference_keeps_its_sampled_rows_in_step_with_what_it_takes_in() -> None:
    # Given a reference that took a change in
    a = np.zeros((128, 64), np.uint8)
    ref = Reference(a)
    frame = a.copy()
    frame[10:30, 5:20] = 200
    ref.paste(frame, Box(5, 10, 15, 20))

    # Then the same frame shows no change, and a frame as the plane was shows that one
    assert ref.changes(frame, ChangeConfig()) == []
    assert ref.changes(a, ChangeConfig()) == [Box(5, 10, 15, 20)]


def test_a_reference_refuses_a_step_that_does_not_divide_the_band() -> None:
    with pytest.raises(ValueError, match="step"):
        Reference(np.zeros((8, 8), np.uint8), step=3)


def test_where_most_of_the_frame_changed_specks_stay_as_the_plain_comparison_finds_them() -> None:
    # Given a frame whose lower two thirds changed (a scroll) and a single codec speck above it
    a, _ = _frames(21, (360, 640))
    b = a.copy()
    b[120:, :] ^= 0x80
    b[40, 300] ^= 0x80

    # Then the reference finds what the plain comparison finds, speck and all: dropping specks there
    # would cost half the comparison, and a lone speck is a one-pixel box that segment drops
    boxes = Reference(a).changes(b, ChangeConfig())
    assert boxes == changed_boxes_fast(a, b)
    assert Box(300, 40, 1, 1) in boxes
