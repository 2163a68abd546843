"""Rectangles (and round shapes) drawn on a screen: boxes, buttons, inputs, cards, table cells.

UIED-style: binarise the colour gradient (max channel step to the left/top neighbour), so flat fills
vanish and both borders and fill edges stay; then every closed contour whose polygon fills most of its
bounding box is a candidate. Each candidate is described by the colours that tell controls apart: its
fill, the ring just outside, and its edge band (an outline when that differs from the fill).

    for s in find_shapes(rgb):
        s.box, s.filled, s.outlined, s.radius
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.style import (
    LUMA,
    Colour,
    background_around,
    colour_mode,
    distance,
    fill_colour,
    luminance,
)

EDGE_STEP = 12
"""Grey-level step (max over channels) that counts as an edge: a #ced4da border on white is ~40."""
MIN_RECTANGULARITY = 0.72
SHADOW_MAX = 10
"""A drop shadow a contour can take in is at most this many px deep on a side..."""
SHADOW_MIN = 3
"""...and at least this many (a border is one or two)."""
"""Contour area / box area; a circle is 0.785, a pill of aspect 3 about 0.93."""


@dataclass(frozen=True, slots=True)
class Shape:
    """A closed outline or fill boundary."""

    box: Box
    fill: Colour | None
    outside: Colour | None
    edge: Colour | None
    filled: bool
    """The inside differs from the ring just outside."""
    outlined: bool
    """A band along the edge differs from the inside (a border)."""
    radius: float
    round: bool
    """A circle or ellipse (corner radius at least ~half the short side)."""
    solidity: float = 1.0
    """Outline area over box area: ~1 for (rounded) rectangles, 0.785 for circles, less for shields."""


def _step(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Max over channels of |a - b| (OpenCV: several times faster than numpy int16 arithmetic)."""
    if a.size == 0:
        return np.zeros(a.shape[:2], np.uint8)
    d = cv2.absdiff(a, b)
    r, g, bl = cv2.split(d)
    return np.asarray(cv2.max(cv2.max(r, g), bl), np.uint8)


def _steps(a: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """The one-pixel steps (max over channels): `across[:, k]` from x=k to x=k+1, `down[k]` from y=k
    to y=k+1."""
    return _step(a[:, 1:], a[:, :-1]), _step(a[1:], a[:-1])


def gradient(image: Rgb) -> NDArray[np.uint8]:
    """Max over channels of the step to the left or upper neighbour."""
    return _gradient(*_steps(np.ascontiguousarray(image)))


def _gradient(across: NDArray[np.uint8], down: NDArray[np.uint8]) -> NDArray[np.uint8]:
    g = np.zeros((down.shape[0] + 1, across.shape[1] + 1), np.uint8)
    g[:, 1:] = across
    g[1:, :] = np.maximum(g[1:, :], down)
    return g


def central_gradient(image: Rgb) -> NDArray[np.uint8]:
    """Max over channels of the step across each pixel (x-1 to x+1, y-1 to y+1, and the diagonals):
    catches edges that scaling or video compression spread over two pixels, which the one-pixel step
    halves, and the diagonal steps of a pill's or circle's curve."""
    a = np.ascontiguousarray(image)
    g = np.zeros(a.shape[:2], np.uint8)
    g[:, 1:-1] = _step(a[:, 2:], a[:, :-2])
    g[1:-1, :] = np.maximum(g[1:-1, :], _step(a[2:], a[:-2]))
    inner = g[1:-1, 1:-1]
    np.maximum(inner, _step(a[2:, 2:], a[:-2, :-2]), out=inner)
    np.maximum(inner, _step(a[2:, :-2], a[:-2, 2:]), out=inner)
    return g


RAMP_RUN = 15
"""The shortest straight run (px) of a soft edge (`_ramp_edges`): a box's side, not a curve's rim."""


def _ramp_edges(
    a: NDArray[np.uint8], across: NDArray[np.uint8], down: NDArray[np.uint8], step: int, wide: int
) -> NDArray[np.bool_]:
    """Soft edges of the image `a` (`across`, `down`: its one-pixel steps, `_steps`): where the step
    across four pixels (x-2 to x+2, or y-2 to y+2) is over `wide` while each one-pixel step among them
    is at most `step`, along a straight run of `RAMP_RUN` px or more. A dark theme's card softened by
    its drop shadow (which darkens the lighter page beside the darker card) ramps over 3-4 px in steps
    each under the edge threshold. A sharp edge is no ramp (the one-pixel steps mark it, as tight as
    before), nor is the antialiased rim of a curve (a logo, a glyph)."""
    out = np.zeros(a.shape[:2], np.uint8)
    if min(a.shape[:2]) < 5:
        return out.astype(bool)
    # across columns: a side running down the screen
    soft = np.maximum.reduce([across[:, 0:-3], across[:, 1:-2], across[:, 2:-1], across[:, 3:]]) <= step
    ramp = (soft & (_step(a[:, 4:], a[:, :-4]) > wide)).astype(np.uint8)
    out[:, 2:-2] = cv2.morphologyEx(ramp, cv2.MORPH_OPEN, _line(RAMP_RUN, 1))
    # across rows: a side running along the screen
    soft = np.maximum.reduce([down[0:-3], down[1:-2], down[2:-1], down[3:]]) <= step
    ramp = (soft & (_step(a[4:], a[:-4]) > wide)).astype(np.uint8)
    np.maximum(out[2:-2], cv2.morphologyEx(ramp, cv2.MORPH_OPEN, _line(1, RAMP_RUN)), out=out[2:-2])
    # a pixel each side, as a sharp edge is marked: sides that stop short of a corner meet there
    return np.asarray(cv2.dilate(out, _line(3, 3)), bool)


def _line(h: int, w: int) -> NDArray[np.uint8]:
    return np.ones((h, w), np.uint8)


def edge_map(image: Rgb, step: int = EDGE_STEP) -> NDArray[np.uint8]:
    """Binary edges (0/1), marked on both sides of each colour change; the image frame counts as an edge
    so bars touching it close."""
    wide = step + step // 2
    a = np.ascontiguousarray(image)
    across, down = _steps(a)  # once, for the one-pixel edges and the soft ones
    sharp = (_gradient(across, down) > step) | (central_gradient(a) > wide)
    m = (sharp | _ramp_edges(a, across, down, step, wide)).astype(np.uint8)
    m[0, :] = m[-1, :] = 1
    m[:, 0] = m[:, -1] = 1
    return m


def _corner_radius(image: Rgb, box: Box, outside: Colour | None, *inside: Colour | None) -> float:
    """From the top-left corner inward along the diagonal, count pixels nearer the outside colour than
    the shape's own (edge or fill) colour: r = k * sqrt(2) / (sqrt(2) - 1) ~= 3.41 k."""
    ins = [np.asarray(c, np.int16) for c in inside if c is not None]
    if outside is None or not ins:
        return 0.0
    k = 0
    lim = min(box.w, box.h) // 2
    out_c = np.asarray(outside, np.int16)
    far = min(int(np.abs(c - out_c).max()) for c in ins)
    while k < lim:
        y, x = box.y + k, box.x + k
        if y >= image.shape[0] or x >= image.shape[1]:
            break
        px = image[y, x].astype(np.int16)
        off = int(np.abs(px - out_c).max())
        # outside the curve a pixel is the outside colour (a third colour, a coloured top edge, stops)
        if off >= min(int(np.abs(px - c).max()) for c in ins) or off > max(16, 0.5 * far):
            break
        k += 1
    return min(3.41 * k, min(box.w, box.h) / 2)


SIDE_SPREAD = 40
"""Max channel difference between a border's sides: a thin coloured line along a row loses more of
its colour to 4:2:0 video than one down a column (a 2 px blue focus ring: 33 levels of blue)."""


def _side_parts(image: Rgb, box: Box) -> list[NDArray[np.uint8]]:
    """The 1-px band just inside each of the box's sides (top, bottom, left, right), corners left out:
    the middle half of the top and bottom, the middle fifth of the sides (on a pill or circle the sides
    touch the box only near their middle)."""
    x0, y0, x1, y1 = box.x, box.y, box.x2 - 1, box.y2 - 1
    cx0, cx1 = x0 + box.w // 4, x1 - box.w // 4
    cy0, cy1 = y0 + 2 * box.h // 5, y1 - 2 * box.h // 5 + 1
    return [image[y0, cx0:cx1], image[y1, cx0:cx1], image[cy0:cy1, x0], image[cy0:cy1, x1]]


def _edge_colour(image: Rgb, box: Box) -> Colour | None:
    """The colour of the 1-px band just inside the box's sides (corners left out), when all four sides
    share it (a border); None when they differ (a region bounded by unrelated lines)."""
    if box.w < 8 or box.h < 8:
        return None
    parts = _side_parts(image, box)
    sides = [colour_mode(p) for p in parts]
    if any(c is None for c in sides):
        return None
    ref = colour_mode(np.concatenate(parts))
    if ref is None or any(distance(c, ref) > SIDE_SPREAD for c in sides if c is not None):
        return None
    return ref


def _shadow_depth(lines: NDArray[np.float64]) -> int:
    """How many of `lines` (mean luma of the lines along one side, outermost first) are a drop shadow:
    a soft band darker than the page outside, ended by the sharpest step of the band (the box's real
    edge). 0 when the box has no such band (a border is one or two lines, a shadow more)."""
    if len(lines) < SHADOW_MIN + 1:
        return 0
    steps = np.abs(np.diff(lines))
    k = int(steps.argmax())
    rest = np.delete(steps, k)
    sharp = steps[k] >= 8 and (rest.size == 0 or steps[k] >= 1.5 * rest.max())
    if not sharp or k + 1 < SHADOW_MIN:
        return 0
    band = lines[: k + 1]
    return k + 1 if band.min() < lines[0] + 2 and band.max() - band.min() >= 4 else 0


def shed_shadow(image: Rgb, box: Box) -> Box:
    """`box` without the drop shadow its contour took in: each side moves in to the sharpest step within
    `SHADOW_MAX` px when the lines outside that step are a soft band darker than the page."""
    if min(box.w, box.h) < 4 * SHADOW_MAX:
        return box
    d = SHADOW_MAX
    rows = slice(box.y + box.h // 4, box.y + 3 * box.h // 4)  # the middle half of the sides
    cols = slice(box.x + box.w // 4, box.x + 3 * box.w // 4)

    def luma(ys: slice, xs: slice) -> NDArray[np.float64]:
        lum: NDArray[np.float64] = image[ys, xs].astype(np.float64) @ LUMA
        return lum

    left = _shadow_depth(luma(rows, slice(box.x, box.x + d)).mean(axis=0))
    right = _shadow_depth(luma(rows, slice(box.x2 - d, box.x2)).mean(axis=0)[::-1])
    top = _shadow_depth(luma(slice(box.y, box.y + d), cols).mean(axis=1))
    bottom = _shadow_depth(luma(slice(box.y2 - d, box.y2), cols).mean(axis=1)[::-1])
    if not (left or right or top or bottom):
        return box
    return Box(box.x + left, box.y + top, box.w - left - right, box.h - top - bottom)


FRINGE_RATIO = 3.0
"""A box's outermost line is a chroma fringe, not its edge, when the line inside it stands out from the
outside this many times more."""
FRINGE_MIN_SIDE = 20
"""Boxes smaller than this (px) keep their lines: round an icon the outer line is anti-aliasing."""


def tighten_fringe(image: Rgb, box: Box, outside: Colour | None) -> Box:
    """`box` with each side moved in one pixel where its outermost line is a faint fringe outside a clear
    line: 4:2:0 video smears a border's or a fill's chroma over the pixels beside it (a 1 px blue focus
    border on white leaves a (234, 255, 255) row above it; a blue button, a faint blue row round it),
    and the edge map takes the fringe in. Compares the middle halves of each side's two outer lines
    with `outside`."""
    if outside is None or min(box.w, box.h) < FRINGE_MIN_SIDE:
        return box
    ys = slice(box.y + box.h // 4, box.y + 3 * box.h // 4)
    xs = slice(box.x + box.w // 4, box.x + 3 * box.w // 4)
    sides = (
        (image[box.y, xs], image[box.y + 1, xs]),
        (image[box.y2 - 1, xs], image[box.y2 - 2, xs]),
        (image[ys, box.x], image[ys, box.x + 1]),
        (image[ys, box.x2 - 1], image[ys, box.x2 - 2]),
    )
    top, bottom, left, right = (_fringe(colour_mode(a), colour_mode(b), outside) for a, b in sides)
    if not (top or bottom or left or right):
        return box
    return Box(box.x + left, box.y + top, box.w - left - right, box.h - top - bottom)


def _fringe(outer: Colour | None, inner: Colour | None, outside: Colour) -> int:
    """1 when `outer` is a faint fringe of `inner` against `outside`, else 0."""
    if outer is None or inner is None:
        return 0
    faint, clear = distance(outer, outside), distance(inner, outside)
    return int(clear >= 30 and clear >= FRINGE_RATIO * max(faint, 1.0))


GLOW_MAX = 5
"""The widest focus glow (px) shed from a box's side: bootstrap's is 0.2 rem."""
GLOW_MIN = 8
"""A glow's lines differ from the page by at least this much (max channel)."""


def shed_glow(image: Rgb, box: Box, outside: Colour) -> Box:
    """`box` without the focus glow its contour took in: each side moves in to its line that stands out
    most from `outside` (the border) when the lines outside that one are all tinted, fainter than it (a
    field's box-shadow ring, which a scrolling parent may clip on some sides only)."""
    if min(box.w, box.h) < 4 * GLOW_MAX:
        return box
    ys = slice(box.y + box.h // 4, box.y + 3 * box.h // 4)
    xs = slice(box.x + box.w // 4, box.x + 3 * box.w // 4)
    g = GLOW_MAX
    sides = (
        [image[box.y + i, xs] for i in range(g)],
        [image[box.y2 - 1 - i, xs] for i in range(g)],
        [image[ys, box.x + i] for i in range(g)],
        [image[ys, box.x2 - 1 - i] for i in range(g)],
    )
    top, bottom, left, right = (
        _glow_depth([colour_mode(line) for line in lines], outside) for lines in sides
    )
    if not (top or bottom or left or right):
        return box
    return Box(box.x + left, box.y + top, box.w - left - right, box.h - top - bottom)


def _glow_depth(lines: Sequence[Colour | None], outside: Colour) -> int:
    """How many of a side's outer `lines` (outermost first) are a glow round the border within them."""
    if any(c is None for c in lines):
        return 0
    far = [distance(c, outside) for c in lines if c is not None]
    k = int(np.argmax(far))
    if k < 2 or any(f < GLOW_MIN or f > 0.85 * far[k] for f in far[:k]):
        return 0
    return k


def _between_two(image: Rgb, box: Box, fill: Colour, ring: Colour) -> bool:
    """Whether what lies right beyond the line round `box` is like its inside again, on three sides of
    four at least (the next cell or link; a side may be a neighbour of another kind)."""
    beyond = [colour_mode(p) for p in _side_parts(image, box.grown(2))]
    like = [c for c in beyond if c is not None and distance(c, fill) <= 12 and distance(c, ring) >= 18]
    return len(like) >= 3


def describe(image: Rgb, box: Box, solidity: float = 1.0) -> Shape:
    """Colours and corner of a box (its drop shadow, chroma fringes and focus glow shed; the border it
    shares with its neighbours taken in)."""
    box = shed_shadow(image, box)
    around = background_around(image, box, 1, 2)
    tight = tighten_fringe(image, box, around)
    outside = around if tight == box else background_around(image, tight, 1, 2)
    box = tight
    edge = _edge_colour(image, box)
    if edge is None and outside is not None:
        # sides that disagree may be a border with a focus glow round some of them
        bare = shed_glow(image, box, outside)
        bare_edge = _edge_colour(image, bare) if bare != box else None
        if bare_edge is not None:
            box, edge = bare, bare_edge
    fill = fill_colour(image, box, inset=max(2, min(box.w, box.h) // 6))
    if fill is not None and (edge is None or distance(edge, fill) < 18):
        # the inside of a box whose border it shares with boxes beside it (a pagination's links, a
        # table's cells): the contour ran along the border's inner side
        inside = box.x > 1 and box.y > 1 and box.x2 < image.shape[1] - 1 and box.y2 < image.shape[0] - 1
        ring = _edge_colour(image, box.grown(1)) if inside else None
        # a line between two of a kind: unlike what lies inside it, and what lies right beyond it like
        # the inside again (not the page round a pill, not the darkest band of a card's shadow)
        if ring is not None and distance(ring, fill) >= 18 and _between_two(image, box, fill, ring):
            box, edge = box.grown(1), ring
    if box != tight:
        outside = background_around(image, box, 1, 2)
    filled = fill is not None and outside is not None and distance(fill, outside) >= 10
    outlined = edge is not None and fill is not None and distance(edge, fill) >= 18
    radius = _corner_radius(image, box, outside, edge if outlined else fill) if filled or outlined else 0.0
    rnd = radius >= 0.42 * min(box.w, box.h)
    return Shape(box, fill, outside, edge if outlined else None, filled, outlined, radius, rnd, solidity)


def _filled(contour: NDArray[np.int32], x: int, y: int, w: int, h: int) -> NDArray[np.uint8]:
    """The contour filled, in its bounding box (x, y, w, h)."""
    mask = np.zeros((h, w), np.uint8)
    cv2.drawContours(mask, [contour - np.array([x, y], np.int32)], -1, 1, thickness=cv2.FILLED)
    return mask


def _stacked_cut(mask: NDArray[np.uint8], min_side: int) -> tuple[int, int]:
    """Rows to cut off the top and the bottom of a contour's bounding box where a narrower box is stacked
    against it (a card's footer strip, a tab on a panel): one outline then runs around both, and its
    bounding box would swallow the narrower one. A band counts when it is at least `min_side` rows of one
    constant width, at least 4 px narrower than most rows; a rounded corner narrows row by row and never
    does."""
    h, w = mask.shape
    if h < 3 * min_side or w < 4 * min_side:
        return 0, 0
    widths = mask.sum(axis=1, dtype=np.int32)
    # the full width of most rows (specks of a page texture or a shadow may stick out of the box)
    wide = float(np.percentile(widths, 75))
    full = np.flatnonzero(widths >= wide - 2)

    def band(rows: NDArray[np.int32]) -> bool:
        rows = rows[rows >= 0.5 * wide]  # not the specks of a shadow trailing off the far edge
        if rows.size < min_side:
            return False
        mid = float(np.median(rows))
        return mid <= wide - 4 and float(np.mean(np.abs(rows - mid) <= 3)) >= 0.75

    first, last = int(full[0]), int(full[-1])
    top = first if band(widths[:first]) else 0
    bottom = h - 1 - last if band(widths[last + 1 :]) else 0
    if h - top - bottom < min_side:
        return 0, 0
    return top, bottom


SPECK_PX = 2
"""Rows or columns at most this deep on a box's side that its outline covers only in places are specks
stuck to it (a codec's ringing at a coloured border's corners), not part of the box."""


def _specks(mask: NDArray[np.uint8]) -> tuple[int, int, int, int]:
    """(top, bottom, left, right): how many of the outermost rows and columns of a filled contour
    (`mask`, its bounding box) it covers for less than half the box's width or height, at most
    `SPECK_PX` each, before a straight side."""
    h, w = mask.shape
    rows, cols = mask.sum(axis=1, dtype=np.int32), mask.sum(axis=0, dtype=np.int32)

    def sparse(counts: NDArray[np.int32], full: int) -> int:
        k = 0
        while k < min(SPECK_PX, len(counts) - 1) and counts[k] < 0.5 * full:
            k += 1
        # past them a straight side spans (nearly) the whole box; a round shape narrows gradually
        return k if counts[k] >= 0.9 * full else 0

    return sparse(rows, w), sparse(rows[::-1], w), sparse(cols, h), sparse(cols[::-1], h)


def find_boxes(image: Rgb, *, min_side: int = 8, step: int = EDGE_STEP) -> list[tuple[Box, float]]:
    """Boxes of closed, mostly rectangular contours with their solidity, largest first, near-duplicates
    merged."""
    h, w = image.shape[:2]
    edges = edge_map(image, step)
    # drop edge specks that cannot enclose a box (page textures, noise): they only slow the contour walk
    _, labels, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    keep = (stats[:, cv2.CC_STAT_WIDTH] >= min_side) | (stats[:, cv2.CC_STAT_HEIGHT] >= min_side)
    keep[0] = False
    edges = keep[labels].astype(np.uint8)
    contours, hierarchy = cv2.findContours(edges, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    hier = hierarchy[0]
    cands: list[tuple[Box, float]] = []
    for i, c in enumerate(contours):
        x, y, bw, bh = cv2.boundingRect(c)
        if bw < min_side or bh < min_side or bw * bh >= 0.95 * w * h:
            continue
        area = cv2.contourArea(c)
        if area < MIN_RECTANGULARITY * bw * bh:
            continue
        # depth parity: even depth = outer boundary of an edge band, which overshoots the colour change it
        # marks by a pixel on each side; odd depth = a hole, traced on the band's inner pixels, which are
        # the shape's own first pixels
        depth, p = 0, hier[i][3]
        while p >= 0:
            depth += 1
            p = hier[p][3]
        grow = -1 if depth % 2 == 0 else 0
        top = bottom = 0
        if bw >= 4 * SPECK_PX and bh >= 4 * SPECK_PX:
            filled = _filled(c, x, y, bw, bh)
            top, bottom = _stacked_cut(filled, min_side)
            s_top, s_bottom, s_left, s_right = _specks(filled)
            top, bottom = max(top, s_top), max(bottom, s_bottom)
            x, bw = x + s_left, bw - s_left - s_right
        x0 = x - grow if x > 0 else x
        y0 = y + top - grow if y + top > 0 else y
        x1 = x + bw + grow if x + bw < w else x + bw
        y1 = y + bh - bottom + grow if y + bh - bottom < h else y + bh
        x, y, bw, bh = x0, y0, x1 - x0, y1 - y0
        cands.append((Box(int(x), int(y), int(bw), int(bh)), area / (bw * bh)))
    cands.sort(key=lambda c: -c[0].area)
    kept: list[tuple[Box, float]] = []
    for b, sol in cands:
        if any(b.iou(k) >= 0.85 for k, _ in kept):
            continue
        kept.append((b, min(1.0, sol)))
    return kept


def find_shapes(image: Rgb, *, min_side: int = 8) -> list[Shape]:
    """Closed shapes with their colours, largest first. On a dark page the edges are looked for at a
    finer step (`DARK_EDGE_STEP`)."""
    step = DARK_EDGE_STEP if _dark_page(image) else EDGE_STEP
    return [describe(image, b, sol) for b, sol in find_boxes(image, min_side=min_side, step=step)]


DARK_EDGE_STEP = 8
"""The edge step on a dark page: a dark theme draws its surfaces a few levels apart (a card 17 levels
off the page, Material's elevation overlays 5-9 % of white), which video blurs into steps of 10-12."""
DARK_PAGE = 0.1
"""Relative luminance under which the screen's commonest colour makes a dark page (#343a40 is 0.04)."""


def _dark_page(image: Rgb) -> bool:
    mode = colour_mode(image[::8, ::8])
    return mode is not None and luminance(mode) < DARK_PAGE
