"""Lay out sibling boxes as rows and columns (recursive XY-cut), and the flex classes that put them back.

Boxes that can be split by an empty horizontal band become a column, boxes split by a vertical band a
row; each band is cut again the other way. Boxes that overlap both ways (an icon drawn over a field)
stay an overlay: a `relative` group whose items are placed absolutely. Items are placed with margins
from the previous item (or one `gap-*` when the spacing is even), and centred with `items-center` /
`self-center` / `justify-center` when they are centred in their parent, so the page keeps the
recording's positions to the pixel while reading like a hand-made flex layout.

    tree = arrange([Rect(40, 40, 300, 40), Rect(40, 100, 300, 36)])
    frame = frame_of(tree, origin=Rect(0, 0, 1280, 720))
    frame.classes                     # ("flex", "flex-col", "items-start")
    frame.items                       # (("ml-[40px]", "mt-[40px]"), ("ml-[40px]", "mt-[20px]"))
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from replicast.codegen.nesting import Rect

Axis = Literal["column", "row", "overlay"]
OVERLAP_TOLERANCE = 2
"""Boxes overlapping by at most this many px still fall in separate bands (OCR boxes touch)."""
CENTRE_TOLERANCE = 2


@dataclass(frozen=True, slots=True)
class Leaf:
    index: int
    """Position of the box in the list given to `arrange`."""
    rect: Rect


@dataclass(frozen=True, slots=True)
class Group:
    axis: Axis
    items: tuple[Leaf | Group, ...]
    rect: Rect
    """Bounding box of the items."""


Node = Leaf | Group


@dataclass(frozen=True, slots=True)
class Frame:
    """How a group shows its items: classes for the group's element and for each item."""

    classes: tuple[str, ...]
    items: tuple[tuple[str, ...], ...]


def _bounds(nodes: Sequence[Node]) -> Rect:
    rect = nodes[0].rect
    for n in nodes[1:]:
        rect = rect.union(n.rect)
    return rect


def _bands(nodes: Sequence[Node], axis: Literal["column", "row"]) -> list[list[Node]]:
    """Split into bands along y (column) or x (row): a new band starts where the next box begins at or
    after the end of every box so far (less the tolerance)."""

    def span(n: Node) -> tuple[int, int]:
        return (n.rect.y, n.rect.bottom) if axis == "column" else (n.rect.x, n.rect.right)

    ordered = sorted(nodes, key=lambda n: (*span(n), n.rect.x if axis == "column" else n.rect.y))
    bands: list[list[Node]] = []
    end = 0
    for n in ordered:
        start, stop = span(n)
        tol = min(OVERLAP_TOLERANCE, (stop - start) // 4)
        if bands and start < end - tol:
            bands[-1].append(n)
            end = max(end, stop)
        else:
            bands.append([n])
            end = stop
    return bands


def _arrange(nodes: list[Node], prefer: Literal["column", "row"]) -> Node:
    if len(nodes) == 1:
        return nodes[0]
    other: Literal["column", "row"] = "row" if prefer == "column" else "column"
    for axis, inner in ((prefer, other), (other, prefer)):
        bands = _bands(nodes, axis)
        if len(bands) > 1:
            items = tuple(_arrange(b, inner) for b in bands)
            return Group(axis, items, _bounds(items))
    ordered = sorted(nodes, key=lambda n: (-n.rect.area, n.rect.y, n.rect.x))
    return Group("overlay", tuple(ordered), _bounds(nodes))


def arrange(rects: Sequence[Rect], prefer: Literal["column", "row"] = "column") -> Node | None:
    """The rows-and-columns tree of `rects` (None for no boxes). Overlay items are largest first, so
    a box drawn over another comes later and stays on top."""
    if not rects:
        return None
    return _arrange([Leaf(i, r) for i, r in enumerate(rects)], prefer)


def px(value: int) -> str:
    return f"{value}px"


def _margin(side: str, value: int) -> tuple[str, ...]:
    return (f"{side}-[{px(value)}]",) if value else ()


def _centred(lead: int, trail: int) -> bool:
    return abs(lead - trail) <= CENTRE_TOLERANCE


def _all_centred(spans: Sequence[tuple[int, int]]) -> bool:
    """Every item centred, and centring does something (not every item filling the parent)."""
    return all(_centred(a, b) for a, b in spans) and any(a > CENTRE_TOLERANCE for a, _ in spans)


def frame_of(node: Node, origin: Rect) -> Frame:
    """Classes for a group laid out inside `origin` (its parent's content box, or its own bounds for a
    wrapper), and for each of its items. A leaf on its own is framed as a one-item column."""
    group = node if isinstance(node, Group) else Group("column", (node,), node.rect)
    if group.axis == "overlay":
        items = tuple(
            ("absolute", f"left-[{px(n.rect.x - origin.x)}]", f"top-[{px(n.rect.y - origin.y)}]")
            for n in group.items
        )
        return Frame(("relative",), items)
    if group.axis == "column":
        return _column(group, origin)
    return _row(group, origin)


def _even_gap(gaps: list[int]) -> int | None:
    return gaps[0] if len(gaps) >= 2 and gaps[0] > 0 and all(g == gaps[0] for g in gaps) else None


def _column(group: Group, origin: Rect) -> Frame:
    items = group.items
    classes = ["flex", "flex-col"]
    spans = [(n.rect.x - origin.x, origin.right - n.rect.right) for n in items]
    cross = [_centred(a, b) and a > 0 for a, b in spans]
    all_centred = _all_centred(spans)
    # items-start: a wrapper must keep the width of what it holds, not stretch to its parent's
    classes.append("items-center" if all_centred else "items-start")
    gaps = [b.rect.y - a.rect.bottom for a, b in itertools.pairwise(items)]
    gap = _even_gap(gaps)
    if gap is not None:
        classes.append(f"gap-[{px(gap)}]")
    out: list[tuple[str, ...]] = []
    for k, n in enumerate(items):
        top = n.rect.y - origin.y if k == 0 else (0 if gap is not None else gaps[k - 1])
        if all_centred:
            side: tuple[str, ...] = ()
        elif cross[k]:
            side = ("self-center",)
        else:
            side = _margin("ml", n.rect.x - origin.x)
        out.append((*side, *_margin("mt", top)))
    return Frame(tuple(classes), tuple(out))


def _row(group: Group, origin: Rect) -> Frame:
    items = group.items
    classes = ["flex"]
    centred_row = _all_centred([(group.rect.x - origin.x, origin.right - group.rect.right)])
    if centred_row:
        classes.append("justify-center")
    spans = [(n.rect.y - origin.y, origin.bottom - n.rect.bottom) for n in items]
    all_centred = all(_centred(a, b) for a, b in spans)
    if all_centred:
        classes.append("items-center")
    else:
        classes.append("items-start")
    gaps = [b.rect.x - a.rect.right for a, b in itertools.pairwise(items)]
    gap = _even_gap(gaps)
    if gap is not None:
        classes.append(f"gap-[{px(gap)}]")
    out: list[tuple[str, ...]] = []
    for k, n in enumerate(items):
        if k == 0:
            left = 0 if centred_row else n.rect.x - origin.x
        else:
            left = 0 if gap is not None else gaps[k - 1]
        top = () if all_centred else _margin("mt", n.rect.y - origin.y)
        out.append((*_margin("ml", left), *top))
    return Frame(tuple(classes), tuple(out))
