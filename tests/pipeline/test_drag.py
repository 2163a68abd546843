"""find_carry(): an object carried across the page, told from a scroll, a spinner and a sliding toast."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from replicast.pipeline.drag import find_carry
from replicast.pipeline.segment import FrameDelta
from replicast.vision.base import Box

FPS = 30


def carried(start: Box, steps: Sequence[tuple[int, int]], *, pointer: bool = False) -> list[FrameDelta]:
    """The frame changes of `start` moving by `steps` (dx, dy per frame): each holds the object where
    it was and where it went, and a 12 x 19 pointer at its middle when `pointer`."""
    out, box = [], start
    for i, (dx, dy) in enumerate(steps):
        moved = box.offset(dx, dy)
        change = box.union(moved)
        if pointer:
            change = change.union(Box(int(moved.cx), int(moved.cy), 12, 19))
        out.append(FrameDelta(i + 1, (i + 1) / FPS, (change,)))
        box = moved
    return out


EASED = [(0, 1), (0, 3), (0, 6), (0, 9), (0, 12), (0, 12), (0, 9), (0, 6), (0, 3), (0, 1)]  # 62 px


def nowhere(_: float) -> None:
    return None


def test_a_row_carried_down_is_a_carry_from_its_middle_by_how_far_it_went() -> None:
    row = Box(40, 100, 240, 30)
    carry = find_carry(carried(row, EASED), nowhere, 640, 360, 0.5)
    assert carry is not None
    assert (carry.x, carry.y) == (row.cx, pytest.approx(row.cy, abs=1))
    assert carry.dx == 0 and carry.dy == pytest.approx(62, abs=2)
    assert carry.t == pytest.approx(1 / FPS)


def test_with_the_pointer_the_press_is_where_it_rested_and_its_sprite_does_not_lengthen_the_way() -> None:
    row = Box(40, 100, 240, 30)
    carry = find_carry(carried(row, EASED, pointer=True), lambda t: (160.0, 115.0), 640, 360, 0.5)
    assert carry is not None and (carry.x, carry.y) == (160.0, 115.0)
    assert carry.dy == pytest.approx(62, abs=2)


def test_a_carry_passing_over_another_row_keeps_its_length() -> None:
    deltas = carried(Box(40, 100, 240, 30), EASED)
    other = Box(40, 140, 240, 30)  # the row it passes over changes with it for a few frames
    deltas[4:7] = [FrameDelta(d.index, d.t, (d.boxes[0].union(other),)) for d in deltas[4:7]]
    carry = find_carry(deltas, nowhere, 640, 360, 0.5)
    assert carry is not None and carry.dy == pytest.approx(62, abs=2)


def test_a_pointer_resting_elsewhere_carried_nothing() -> None:
    assert find_carry(carried(Box(40, 100, 240, 30), EASED), lambda t: (500.0, 300.0), 640, 360, 0.5) is None


def test_a_region_changing_in_place_or_growing_or_sliding_in_from_the_edge_is_no_carry() -> None:
    spinner = [FrameDelta(i, i / FPS, (Box(300, 150, 40, 40),)) for i in range(1, 12)]
    bar = [FrameDelta(i, i / FPS, (Box(40, 300, 20 * i, 8),)) for i in range(1, 12)]
    toast = carried(Box(640 - 4, 20, 200, 40), [(-18, 0)] * 10)
    for deltas in (spinner, bar, toast):
        assert find_carry(deltas, nowhere, 640, 360, 0.5) is None


def test_a_pointer_gliding_fast_is_no_carry_though_its_boxes_are_as_big() -> None:
    # a 12 x 19 sprite 30 px a frame: each change holds it twice, 42 x 49
    sprite = Box(500, 300, 12, 19)
    assert find_carry(carried(sprite, [(-30, -30)] * 8), nowhere, 1280, 720, 1.0) is None
