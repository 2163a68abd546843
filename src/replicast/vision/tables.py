"""Tables: text aligned in rows and columns, the header row that names the columns, and their grid.

    for found in aligned_rows(elements, body):                 # >= 3 rows sharing >= 2 column starts
        grid = table_grid(image, found.rows, elements, body)   # None when the cells do not line up

The aligned rows are the body. The header is the first of them when it is styled apart (another weight,
colour, fill or role than the cells under it, or the only row with icons: sort arrows), else the line
right above them whose items (texts, links, icons) fall in the body's columns. The columns are the runs
of x some body cell covers (the gaps of the x projection), widened over the header's items; each column
has texts of one size. Rows and columns meet where a rule is drawn between them, else halfway across the
gap between their contents.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.spec.models import CONTAINER_ROLES, rgb_of
from replicast.vision.base import Box, union_of
from replicast.vision.elements import DetectedElement, Span, TableGrid
from replicast.vision.menus import TEXTUAL, font_em
from replicast.vision.style import distance, hex_colour
from replicast.vision.texts import BodyText

ROW_EM = 0.4
"""Items whose centres are at most this many font sizes apart in y share a row."""
COLUMN_PX = 4
"""Rows share a column when items of theirs start at most this many px apart."""
ROW_GAP_EM = 3.5
"""Aligned rows follow each other at most this many font sizes apart."""
HEADER_REACH = 1.5
"""The header line ends at most this many body row pitches above the first body row."""
HEADER_SLACK_EM = 0.6
"""A header item may start this many font sizes before its column's body cells (cell padding)."""
FONT_SPREAD = 0.2
"""The texts of one column have font sizes within this fraction of their median."""
STYLE_APART = 48.0
"""Text colours this far apart (max channel) are two styles, not two reads of one."""
BRIDGE_ROWS = 5
"""A column gap may be crossed by the items of one in this many rows (cells read as one line)."""
RULE_CONTRAST = 8.0
"""A rule differs this much (max channel) from the table's ground..."""
RULE_EVEN = 10
"""...and is one colour (within this) along..."""
RULE_COVER = 0.8
"""...this share of its length."""


@dataclass(frozen=True, slots=True)
class AlignedRows:
    """Text aligned in rows that share column starts, and the items of each row, left to right."""

    box: Box
    rows: tuple[tuple[DetectedElement, ...], ...]

    @property
    def row_boxes(self) -> list[Box]:
        return [union_of([e.box for e in r]) for r in self.rows]


def aligned_rows(elements: Sequence[DetectedElement], body: BodyText) -> list[AlignedRows]:
    """Regions where text sits in >= 3 rows, each sharing >= 2 column starts with the rows above."""
    items = sorted((e for e in elements if e.role in TEXTUAL), key=lambda e: e.box.cy)
    rows: list[list[DetectedElement]] = []
    for e in items:
        if rows and abs(rows[-1][0].box.cy - e.box.cy) <= ROW_EM * font_em(e, body):
            rows[-1].append(e)
        else:
            rows.append([e])
    rows = [r for r in rows if len(r) >= 2]
    found: list[AlignedRows] = []
    i = 0
    while i < len(rows):
        # the column starts of the rows so far: a header's and its cells' may differ by a padding
        cols = [e.box.x for e in rows[i]]
        block = [rows[i]]
        j = i + 1
        while j < len(rows):
            xs = [e.box.x for e in rows[j]]
            shared = sum(any(abs(x - c) <= COLUMN_PX for c in cols) for x in xs)
            gap = rows[j][0].box.cy - block[-1][0].box.cy
            if shared >= 2 and gap <= ROW_GAP_EM * font_em(rows[j][0], body):
                block.append(rows[j])
                cols += xs
                j += 1
            else:
                break
        if len(block) >= 3:
            ordered = tuple(tuple(sorted(r, key=lambda e: e.box.x)) for r in block)
            found.append(AlignedRows(union_of([e.box for r in block for e in r]), ordered))
            i = j
        else:
            i += 1
    return found


def table_grid(
    image: Rgb,
    rows: Sequence[Sequence[DetectedElement]],
    elements: Sequence[DetectedElement],
    body: BodyText,
) -> TableGrid | None:
    """The grid of the table whose body (or header and body) are `rows`, or the rows after the first
    few (a line above the table that happens to align with it); None when its cells do not line up in
    >= 2 columns of one text size each, over >= 2 body rows."""
    for start in range(len(rows) - 2):
        grid = _table_grid(image, rows[start:], elements, body)
        if grid is not None:
            return grid
    return None


def _table_grid(
    image: Rgb,
    rows: Sequence[Sequence[DetectedElement]],
    elements: Sequence[DetectedElement],
    body: BodyText,
) -> TableGrid | None:
    cells = [e for e in elements if e.role not in CONTAINER_ROLES]
    left = min(e.box.x for r in rows for e in r)
    right = max(e.box.x2 for r in rows for e in r)
    em = body.em
    # a header's sort icons may reach past the body's cells
    bands = [_members(r, cells, left, round(right + 2 * em)) for r in rows]
    if len(bands) >= 3 and _styled_apart(bands[0], bands[1:]):
        grid = _grid(image, bands[1:], bands[0], em)
        if grid is not None:
            return grid
    boxes = [union_of([e.box for e in b]) for b in bands]
    above = _header_above(cells, bands, boxes, _projection(bands), em)
    grid = _grid(image, bands, above, em) if above else None
    return grid or _grid(image, bands, None, em)


def _members(
    row: Sequence[DetectedElement], cells: Sequence[DetectedElement], left: int, right: int
) -> list[DetectedElement]:
    """Everything in the row's band (icons, badges, controls besides its texts), left to right."""
    y0, y1 = min(e.box.y for e in row), max(e.box.y2 for e in row)
    inside = [e for e in cells if y0 <= e.box.cy <= y1 and e.box.x2 > left and e.box.x < right]
    return sorted(inside, key=lambda e: e.box.x)


def _styled_apart(first: Sequence[DetectedElement], rest: Sequence[Sequence[DetectedElement]]) -> bool:
    """Whether the first row is drawn unlike the rows under it: the only one with icons (sort arrows),
    or most of its texts unlike the texts under them."""
    icons = [any(e.role in ("icon", "image") for e in r) for r in (first, *rest)]
    if icons[0] and not any(icons[1:]):
        return True
    counted = votes = 0
    for h in first:
        if not h.text:
            continue
        below = [e for r in rest for e in r if e.text and e.box.x < h.box.x2 and h.box.x < e.box.x2]
        if below:
            counted += 1
            votes += _unlike(h, below)
    return counted >= 2 and 2 * votes >= counted


def _unlike(h: DetectedElement, below: Sequence[DetectedElement]) -> bool:
    """Whether `h` differs from the commonest look of `below` in role, weight, colour or fill."""

    def commonest(values: Sequence[str]) -> str:
        return Counter(values).most_common(1)[0][0]

    if h.role != commonest([e.role for e in below]):
        return True
    if (h.style.font_weight or "normal") != commonest([e.style.font_weight or "normal" for e in below]):
        return True
    for mine, theirs in (
        (h.style.color, [e.style.color for e in below]),
        (h.style.background, [e.style.background for e in below]),
    ):
        sampled = np.array([rgb_of(c) for c in theirs if c], dtype=np.float64)
        if mine and len(sampled):
            typical = np.median(sampled, axis=0)
            if float(np.abs(np.array(rgb_of(mine)) - typical).max()) >= STYLE_APART:
                return True
    return False


def _header_above(
    cells: Sequence[DetectedElement],
    bands: Sequence[Sequence[DetectedElement]],
    rows: Sequence[Box],
    spans: Sequence[tuple[int, int]],
    em: float,
) -> list[DetectedElement] | None:
    """The line of items right above the body (its `rows`, holding `bands`), within reach of its row
    pitch and across its columns' `spans`."""
    if len(rows) < 2:
        return None
    centres = [r.cy for r in rows]
    reach = HEADER_REACH * median(b - a for a, b in itertools.pairwise(centres))
    top = rows[0].y
    taken = {id(e) for b in bands for e in b}
    near = [
        e
        for e in cells
        if id(e) not in taken
        and top - reach <= e.box.y2 <= top + 2
        and e.box.x2 > spans[0][0] - em
        and e.box.x < spans[-1][1] + 2 * em
    ]
    if not near:
        return None
    anchor = max(near, key=lambda e: e.box.y2)
    return [e for e in near if _overlap_y(e.box, anchor.box) >= 0.5 * min(e.box.h, anchor.box.h)]


def cell_grid(
    image: Rgb, columns: Sequence[Sequence[Box]], elements: Sequence[DetectedElement], body: BodyText
) -> TableGrid:
    """The grid of a table drawn as boxes (`columns` of cells, top to bottom), with the header line
    above it when its items fall in the cells' columns."""
    cells = [e for e in elements if e.role not in CONTAINER_ROLES]
    rows = [union_of(list(r)) for r in zip(*columns, strict=True)]
    spans = [(c[0].x, c[0].x2) for c in columns]
    bands = [[e for e in cells if r.y <= e.box.cy <= r.y2 and r.x <= e.box.cx <= r.x2] for r in rows]
    line = _header_above(cells, bands, rows, spans, body.em)
    heads = _header_columns(line, spans, body.em) if line else None
    end = max([spans[-1][1], *(e.box.x2 for e in (heads or [[]])[-1])])
    starts = [*(a for a, _ in spans), end]
    edges = [*(r.y for r in rows), rows[-1].y2]
    header = None
    if heads is not None and line:
        bottom = max(e.box.y2 for e in line)
        top = max(0, min(e.box.y for e in line) - max(0, edges[0] - bottom))
        header = Span(top, edges[0] - top) if edges[0] > top else None
    return TableGrid(
        rows=tuple(Span(a, b - a) for a, b in itertools.pairwise(edges)),
        columns=tuple(Span(a, b - a) for a, b in itertools.pairwise(starts)),
        header=header,
    )


def _grid(
    image: Rgb,
    bands: Sequence[Sequence[DetectedElement]],
    header: Sequence[DetectedElement] | None,
    em: float,
) -> TableGrid | None:
    if len(bands) < 2:
        return None
    spans = _projection(bands)
    heads: list[list[DetectedElement]] = [[] for _ in spans]
    if header:
        placed = _header_columns(header, spans, em)
        if placed is not None:
            spans = _join_unnamed(spans, placed, em)
            placed = _header_columns(header, spans, em)
        if placed is None:
            return None
        heads = placed
    if len(spans) < 2 or not _columns_agree(bands, spans):
        return None
    extents = [
        (min([s0, *(e.box.x for e in h)]), max([s1, *(e.box.x2 for e in h)]))
        for (s0, s1), h in zip(spans, heads, strict=True)
    ]
    y0 = min(e.box.y for e in bands[0])
    y1 = max(e.box.y2 for e in bands[-1])
    columns, column_rule = _column_edges(image, spans, extents, y0, y1, em)
    x0, x1 = columns[0].start, columns[-1].end
    tops = [min(e.box.y for e in b) for b in bands]
    bottoms = [max(e.box.y2 for e in b) for b in bands]
    gap = max(0.0, median(b - a for a, b in zip(bottoms, tops[1:], strict=False)))
    edges: list[int] = []
    lines: list[str | None] = []
    for k, top in enumerate(tops):
        if k > 0:
            above = bottoms[k - 1]
        elif header:
            above = max(e.box.y2 for e in header)
        else:
            above = round(top - gap)
        line = _line(image, Box(x0, above - 1, x1 - x0, top + 1 - (above - 1)), across=True)
        lines.append(None if line is None else line[1])
        edges.append(line[0] if line is not None else round((above + top) / 2))
    bottom = round(bottoms[-1] + gap / 2)
    edges.append(bottom)
    rows = tuple(Span(a, b - a) for a, b in itertools.pairwise(edges))
    head = None
    if header:
        head_top = min(e.box.y for e in header)
        pad = max(0, edges[0] - max(e.box.y2 for e in header))
        head = Span(max(0, head_top - pad), edges[0] - max(0, head_top - pad))
    if any(r.size <= 0 for r in rows) or (head is not None and head.size <= 0):
        return None
    between = lines if header else lines[1:]
    return TableGrid(
        rows=rows,
        columns=columns,
        header=head,
        row_rule=_one_colour(between),
        column_rule=column_rule,
    )


def _column_edges(
    image: Rgb,
    spans: Sequence[tuple[int, int]],
    extents: Sequence[tuple[int, int]],
    y0: int,
    y1: int,
    em: float,
) -> tuple[tuple[Span, ...], str | None]:
    """The columns, meeting at the rules drawn down the body between them (or halfway across the gap),
    and the rules' colour when every gap has one of one colour."""
    starts = [extents[0][0]]
    lines: list[str | None] = []
    for k in range(len(spans) - 1):
        window = Box(spans[k][1] - 1, y0, spans[k + 1][0] + 1 - (spans[k][1] - 1), y1 - y0)
        line = _line(image, window, across=False)
        lines.append(None if line is None else line[1])
        edge = line[0] + 1 if line is not None else round((extents[k][1] + extents[k + 1][0]) / 2)
        starts.append(max(starts[-1] + 1, min(edge, extents[k + 1][0])))
    last = extents[-1][1]
    after = spans[-1][1] - 1
    line = _line(image, Box(after, y0, last + round(2 * em) - after, y1 - y0), across=False)
    end = line[0] + 1 if line is not None else last + round(em / 4)
    starts.append(max(starts[-1] + 1, end))
    columns = tuple(Span(a, b - a) for a, b in itertools.pairwise(starts))
    return columns, _one_colour(lines)


def _one_colour(lines: Sequence[str | None]) -> str | None:
    """The colour of the rules when every gap had one and they agree."""
    if not lines or any(c is None for c in lines):
        return None
    first = rgb_of(lines[0] or "")
    if any(distance(first, rgb_of(c or "")) > 2 * RULE_EVEN for c in lines):
        return None
    return lines[0]


def _projection(bands: Sequence[Sequence[DetectedElement]]) -> list[tuple[int, int]]:
    """The runs of x covered by the items of more than a few rows (one row's text read across two
    cells does not join them), each widened over the items that start in it: one per column."""
    x0 = min(e.box.x for b in bands for e in b)
    x1 = max(e.box.x2 for b in bands for e in b)
    cover = np.zeros(x1 - x0, dtype=np.int32)
    for band in bands:
        mine = np.zeros(x1 - x0, dtype=bool)
        for e in band:
            mine[e.box.x - x0 : e.box.x2 - x0] = True
        cover += mine
    covered = np.concatenate(([False], cover > len(bands) // BRIDGE_ROWS, [False]))
    steps = np.flatnonzero(np.diff(covered.astype(np.int8)))
    runs: list[tuple[int, int]] = []
    for a, b in zip(steps[::2], steps[1::2], strict=True):
        if runs and x0 + int(a) - runs[-1][1] <= 2:  # a px or two apart: touching
            runs[-1] = (runs[-1][0], x0 + int(b))
        else:
            runs.append((x0 + int(a), x0 + int(b)))
    widened: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(runs):
        nxt = runs[k + 1][0] if k + 1 < len(runs) else x1 + 1
        # an item reaching into the next run is one read across two cells: it widens neither
        ends = [e.box.x2 for band in bands for e in band if a <= e.box.x and e.box.x2 < nxt]
        widened.append((a, max([b, *ends])))
    return widened


def _join_unnamed(
    spans: Sequence[tuple[int, int]], heads: Sequence[Sequence[DetectedElement]], em: float
) -> list[tuple[int, int]]:
    """Columns under no header item, less than a font size right of the column before, are part of it (a
    cell's second part: a small label after a link)."""
    out = [spans[0]]
    for (a, b), named in zip(spans[1:], heads[1:], strict=True):
        if not named and a - out[-1][1] < em:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _column_of(e: DetectedElement, spans: Sequence[tuple[int, int]]) -> int:
    return max((k for k, (a, _) in enumerate(spans) if a <= e.box.x), default=0)


def _columns_agree(bands: Sequence[Sequence[DetectedElement]], spans: Sequence[tuple[int, int]]) -> bool:
    """Every row fills >= 2 columns, and each column's cells are written in one size (a cell's largest
    text: a small label beside its value does not count)."""
    sizes: list[list[float]] = [[] for _ in spans]
    for band in bands:
        cells: dict[int, float] = {}
        for e in band:
            k = _column_of(e, spans)
            cells[k] = max(cells.get(k, 0.0), (e.style.font_size or 0.0) if e.text else 0.0)
        if len(cells) < 2:
            return False
        for k, size in cells.items():
            if size:
                sizes[k].append(size)
    return all(not c or max(c) <= (1 + FONT_SPREAD) * min(c) for c in sizes)


def _header_columns(
    items: Sequence[DetectedElement], spans: Sequence[tuple[int, int]], em: float
) -> list[list[DetectedElement]] | None:
    """The header's items by column: each starts in its column (or a little before its cells) and ends
    before the next column's cells. None when an item straddles two columns or lies left of the table,
    or fewer than half the columns (and fewer than two) get a name."""
    slack = HEADER_SLACK_EM * em
    heads: list[list[DetectedElement]] = [[] for _ in spans]
    for e in items:
        k = max((k for k, (a, _) in enumerate(spans) if a <= e.box.x + slack), default=None)
        if k is None:
            return None
        if k + 1 < len(spans) and e.box.x2 > spans[k + 1][0] + slack:
            return None
        heads[k].append(e)
    named = sum(any(e.text for e in h) for h in heads)
    if named < max(2, (len(spans) + 1) // 2):
        return None
    return heads


def _overlap_y(a: Box, b: Box) -> int:
    return max(0, min(a.y2, b.y2) - max(a.y, b.y))


def _line(image: Rgb, window: Box, *, across: bool) -> tuple[int, str] | None:
    """A rule in `window`: a row (`across`) or column of pixels of one colour along most of the window,
    apart from the ground around it and at most 2 px thick; its y (or x) and colour."""
    h, w = image.shape[:2]
    x0, y0 = max(0, window.x), max(0, window.y)
    x1, y1 = min(w, window.x2), min(h, window.y2)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    m = 3  # the ground and the neighbours on either side of a line at the window's edge
    if across:
        area = image[max(0, y0 - m) : min(h, y1 + m), x0:x1]
        first = y0 - max(0, y0 - m)
        strips: NDArray[np.int16] = area.astype(np.int16)
    else:
        area = image[y0:y1, max(0, x0 - m) : min(w, x1 + m)]
        first = x0 - max(0, x0 - m)
        strips = area.astype(np.int16).transpose(1, 0, 2)
    if strips.shape[1] < 8:
        return None
    ground = np.median(strips.reshape(-1, 3), axis=0)
    meds = np.median(strips, axis=1)
    count = (y1 - y0) if across else (x1 - x0)
    best: tuple[float, int] | None = None
    for i in range(first, first + count):
        med = meds[i]
        apart = float(np.abs(med - ground).max())
        if apart < RULE_CONTRAST:
            continue
        even = float((np.abs(strips[i] - med).max(axis=1) <= RULE_EVEN).mean())
        if even < RULE_COVER:
            continue

        def step(j: int, med: NDArray[np.float64] = med) -> bool:
            return 0 <= j < len(meds) and float(np.abs(meds[j] - med).max()) >= RULE_CONTRAST / 2

        if not step(i - 1) or not (step(i + 1) or step(i + 2)):
            continue  # a band of fill, not a line
        if best is None or apart > best[0]:
            best = (apart, i)
    if best is None:
        return None
    i = best[1]
    at = (max(0, y0 - m) if across else max(0, x0 - m)) + i
    c = meds[i]
    return at, hex_colour((int(c[0]), int(c[1]), int(c[2])))
