"""Rules: thin lines drawn across part of a page that no box accounts for (an `<hr>` between a form and
its alternatives, a line between sections), as empty containers painted in their colour, which is how
codegen draws a thin bar.

A rule is a run of rows 1 or 2 px thick, at least `RULE_EM` body font sizes long, that differs from the
ground right above and right below it while those two agree. Lines along the top or bottom edge of a
box, an element's or any closed shape's (a card's border, a field's, a panel's), belong to that box;
lines in or under text (underlines, strikes) and inside tables (their row rules) to those.

    extra = rules(rgb, elements, [s.box for s in shapes], body.em)
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.style import colour_mode, hex_colour

RULE_EM = 8.0
"""A rule is at least this many body font sizes long (shorter lines are glyph strokes and icons)."""
RULE_CONTRAST = 16
"""...and differs this much (luma levels) from the ground above and below it..."""
GROUND_EVEN = 6
"""...which differ from each other by at most this much."""
EDGE_PX = 2
"""A line this close to a box's top or bottom edge is that box's border."""
_HOLDERS = ("table", "input", "textarea", "select", "button")
"""Elements whose lines are their own (row rules, a field's bottom border, a button's edge)."""


def rules(
    image: Rgb, elements: Sequence[DetectedElement], shapes: Sequence[Box], em: float
) -> list[DetectedElement]:
    """The rules of `image` that none of `elements` accounts for and that are no edge of `shapes` (the
    closed outlines found in it), as painted empty containers."""
    luma = np.asarray(cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY), np.uint8)
    length = max(16, round(RULE_EM * em))
    out: list[DetectedElement] = []
    seen: list[Box] = []
    for thick in (1, 2):
        for box in _runs(_line_mask(luma, thick), length, thick):
            if any(box.intersection(s) > 0 for s in seen) or _owned(box, elements, shapes, em):
                continue
            seen.append(box)
            pixels = image[box.y : box.y2, box.x : box.x2].reshape(-1, 3)
            colour = colour_mode(pixels)
            style = ElementStyle(background=hex_colour(colour)) if colour is not None else ElementStyle()
            out.append(DetectedElement("container", box, style=style))
    return out


def _line_mask(luma: NDArray[np.uint8], thick: int) -> NDArray[np.uint8]:
    """1 at the top row of every `thick`-row line: rows that differ from the row above and the row
    below the line by `RULE_CONTRAST`, those two agreeing (and, for 2 rows, the line's rows too).
    OpenCV on whole rows (SIMD, no int16 copies: a 1080p frame in ~5 ms)."""
    h = luma.shape[0]
    mask = np.zeros(luma.shape, np.uint8)
    if h < thick + 2:
        return mask
    above, line, below = luma[: h - thick - 1], luma[1 : h - thick], luma[1 + thick :]
    apart = cv2.min(cv2.absdiff(line, above), cv2.absdiff(line, below))
    _, on = cv2.threshold(apart, RULE_CONTRAST - 1, 1, cv2.THRESH_BINARY)
    _, even = cv2.threshold(cv2.absdiff(above, below), GROUND_EVEN, 1, cv2.THRESH_BINARY_INV)
    on = cv2.bitwise_and(on, even)
    if thick == 2:
        _, same = cv2.threshold(
            cv2.absdiff(line, luma[2 : h - thick + 1]), GROUND_EVEN, 1, cv2.THRESH_BINARY_INV
        )
        on = cv2.bitwise_and(on, same)
    mask[1 : h - thick] = on
    return mask


def _runs(mask: NDArray[np.uint8], length: int, thick: int) -> list[Box]:
    """Boxes of the runs of set pixels along rows at least `length` long (`thick` rows tall), each on
    a row of its own (a run on the next row too is lines stacked: a pattern, a gradient's steps). Only
    rows with that many set pixels are looked along."""
    counts = cv2.reduce(mask, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    rows = set(np.flatnonzero(counts >= length).tolist())
    boxes = []
    for y in sorted(rows):
        if y - 1 in rows or y + 1 in rows:
            continue
        edges = np.flatnonzero(np.diff(np.concatenate(([0], mask[y].astype(np.int8), [0]))))
        for x0, x1 in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            if x1 - x0 >= length:
                boxes.append(Box(x0, y, x1 - x0, thick))
    return boxes


def _owned(rule: Box, elements: Sequence[DetectedElement], shapes: Sequence[Box], em: float) -> bool:
    """Whether a box accounts for the line: it runs along the top or bottom edge of an element or a
    shape, lies inside a table, field or button, or in or just under a line of text."""
    if any(_edge_of(rule, b) for b in [*shapes, *(e.box for e in elements)]):
        return True
    below = round(0.4 * em)
    for e in elements:
        b = e.box
        if e.role in _HOLDERS and b.contains_point(rule.cx, rule.cy):
            return True
        if e.text and Box(b.x, b.y, b.w, b.h + below).contains_point(rule.cx, rule.cy):
            return True
    return False


def _edge_of(rule: Box, b: Box) -> bool:
    """Whether `rule` runs along `b`'s top or bottom edge, over half of the shorter of the two."""
    across = min(rule.x2, b.x2) - max(rule.x, b.x)
    near = abs(rule.y - b.y) <= EDGE_PX or abs(rule.y2 - b.y2) <= EDGE_PX
    return near and across >= 0.5 * min(rule.w, b.w)
