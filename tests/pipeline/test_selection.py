"""moved_selection(): a selection fill that moved to the next item, told from other changes."""

from __future__ import annotations

import numpy as np

from replicast.media.base import Rgb
from replicast.pipeline.selection import moved_selection
from replicast.vision.base import Box

BLUE = (37, 99, 235)
ROW = 36


def rows(selected: int | None, *, ring: bool = False, horizontal: bool = False) -> Rgb:
    """Five items of a list box (or a strip) with dark words in them; `selected` filled blue with white
    words, or (`ring`) only outlined."""
    img = np.full((360, 640, 3), 255, np.uint8)
    for k in range(5):
        x, y, w, h = (40 + 96 * k, 76, 96, ROW) if horizontal else (40, 76 + ROW * k, 240, ROW)
        ink = (255, 255, 255) if selected == k and not ring else (33, 37, 41)
        if selected == k and ring:
            img[y : y + h, x : x + w] = BLUE
            img[y + 2 : y + h - 2, x + 2 : x + w - 2] = 255
        elif selected == k:
            img[y : y + h, x : x + w] = BLUE
        img[y + 12 : y + 24, x + 12 : x + 12 + 7 * (k + 3)] = ink  # a word
    return img


def area(before: Rgb, after: Rgb) -> list[Box]:
    ys, xs = np.nonzero(np.abs(before.astype(int) - after.astype(int)).max(axis=2) > 24)
    return [Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))]


def test_the_fill_moving_to_the_next_row_is_arrow_down_and_back_arrow_up() -> None:
    a, b = rows(1), rows(2)
    down = moved_selection(a, b, area(a, b))
    assert down is not None
    assert (down.key, down.was, down.now) == ("ArrowDown", Box(40, 112, 240, 36), Box(40, 148, 240, 36))
    up = moved_selection(b, a, area(b, a))
    assert up is not None and up.key == "ArrowUp"


def test_the_fill_moving_along_a_strip_is_arrow_right_or_left() -> None:
    a, b = rows(0, horizontal=True), rows(1, horizontal=True)
    right = moved_selection(a, b, area(a, b))
    left = moved_selection(b, a, area(b, a))
    assert right is not None and right.key == "ArrowRight" and right.now == Box(136, 76, 96, 36)
    assert left is not None and left.key == "ArrowLeft"


def test_a_focus_ring_moving_is_no_selection_fill() -> None:
    # Tab moves a ring between fields: only a line along each item's edge changes, not its fill
    a, b = rows(1, ring=True), rows(2, ring=True)
    assert moved_selection(a, b, area(a, b)) is None


def test_a_fill_that_jumped_over_an_item_moved_but_not_to_the_next_one() -> None:
    a, b = rows(1), rows(3)
    jumped = moved_selection(a, b, area(a, b))
    assert jumped is not None and not jumped.next_to and jumped.now == Box(40, 184, 240, 36)
    a, b = rows(1), rows(2)
    assert (moved := moved_selection(a, b, area(a, b))) is not None and moved.next_to


def test_a_fill_that_came_with_other_changes_is_not_only_a_moved_selection() -> None:
    a, b = rows(1), rows(2)
    b[300:330, 40:400] = (200, 30, 30)  # a banner shows too
    assert moved_selection(a, b, area(a, b)) is None
    assert moved_selection(a, rows(None), area(a, rows(None))) is None  # the selection only went
