"""choose_basis: a state is read against the previous one, an earlier one it repeats, or the previous one
scrolled, whichever leaves the least to read."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from replicast.media.base import Rgb
from replicast.pipeline.basis import Seen, choose_basis
from replicast.vision.base import Box, TextLine
from replicast.vision.elements import DetectedElement

W, H, HEADER = 400, 300, 40
PAD = 6


def _page(rows: int = 30, seed: int = 0) -> tuple[Rgb, list[TextLine]]:
    """A tall page of text-like rows: each row a dark bar of its own length, one line each."""
    rng = np.random.default_rng(seed)
    page = np.full((rows * 30, W, 3), 250, np.uint8)
    lines = []
    for r in range(rows):
        y, w = r * 30 + 10, int(rng.integers(60, 300))
        page[y : y + 12, 20 : 20 + w] = (40, 40, 40)
        page[y + 3 : y + 9, 20 + w // 3 : 24 + w // 3] = 250  # a gap: rows differ in more than length
        lines.append(TextLine(f"row {r}", Box(20, y, w, 12), 0.9))
    return page, lines


def _view(page: Rgb, lines: list[TextLine], top: int) -> tuple[Rgb, list[TextLine]]:
    """The screen with the page scrolled to `top` under a fixed header, and the lines it shows whole."""
    screen = np.full((H, W, 3), 250, np.uint8)
    screen[:HEADER] = (30, 60, 120)
    screen[HEADER:] = page[top : top + H - HEADER]
    shown = [
        replace(t, box=Box(t.box.x, t.box.y - top + HEADER, t.box.w, t.box.h))
        for t in lines
        if t.box.y >= top and t.box.y2 <= top + H - HEADER
    ]
    return screen, shown


def _seen(image: Rgb, lines: list[TextLine], elements: tuple[DetectedElement, ...] = ()) -> Seen:
    return replace(Seen.of(image), lines=tuple(lines), elements=elements)


def _covers(boxes: tuple[Box, ...], box: Box) -> bool:
    return any(b.x <= box.x and b.y <= box.y and b.x2 >= box.x2 and b.y2 >= box.y2 for b in boxes)


def test_a_scrolled_screen_keeps_the_lines_it_moved_and_reads_only_the_band_that_came_into_view() -> None:
    page, lines = _page()
    before, read = _view(page, lines, 100)
    after, truth = _view(page, lines, 190)
    basis = choose_basis([_seen(before, read)], Seen.of(after), [Box(0, HEADER, W, H - HEADER)], PAD)
    assert basis.source == "scroll"
    assert basis.elements is None
    kept = {t.text: t.box for t in basis.lines}
    # every line kept is where the scrolled screen shows it
    want = {t.text: t.box for t in truth}
    assert kept and all(want[k] == b for k, b in kept.items())
    # and every line of the scrolled screen is kept or lies in a region to read
    assert all(t.text in kept or _covers(basis.changed, t.box) for t in truth)
    assert sum(b.area for b in basis.changed) < 0.5 * W * (H - HEADER)


def test_a_screen_seen_before_takes_that_screens_lines_and_elements() -> None:
    page, lines = _page()
    first, read_first = _view(page, lines, 0)
    other, read_other = _view(page, lines, 400)
    elements = (DetectedElement(role="text", box=Box(20, 50, 80, 12), text="row 0"),)
    seen = [_seen(first, read_first, elements), _seen(other, read_other)]
    noisy = np.clip(first.astype(np.int16) + np.random.default_rng(1).integers(-3, 4, first.shape), 0, 255)
    basis = choose_basis(seen, Seen.of(noisy.astype(np.uint8)), [Box(0, HEADER, W, H - HEADER)], PAD)
    assert basis.source == "revisit"
    assert basis.changed == ()
    assert basis.lines == tuple(read_first)
    assert basis.elements == elements


def test_a_small_change_is_read_against_the_previous_state() -> None:
    page, lines = _page()
    before, read = _view(page, lines, 0)
    after = before.copy()
    after[200:214, 300:340] = 30  # a word typed
    net = [Box(300, 200, 40, 14)]
    basis = choose_basis([_seen(before, read)], Seen.of(after), net, PAD)
    assert basis.source == "previous"
    assert basis.changed == tuple(net)
    assert basis.lines == tuple(read)


def test_a_page_that_is_new_is_read_against_the_previous_state_with_its_changes() -> None:
    page, lines = _page()
    other, _ = _page(seed=5)
    before, read = _view(page, lines, 0)
    after, _ = _view(other, lines, 0)
    net = [Box(0, HEADER, W, H - HEADER)]
    basis = choose_basis([_seen(before, read)], Seen.of(after), net, PAD)
    assert basis.source == "previous"
    assert basis.changed == tuple(net)


def test_nothing_seen_before_is_an_error() -> None:
    page, _ = _page()
    with pytest.raises(ValueError):
        choose_basis([], Seen.of(page[:H]), [], PAD)
