"""Nest a screen's elements into a tree that is valid HTML: which element is drawn inside which.

The spec's `parent` links are followed where HTML allows the nesting. An element without a usable
parent goes inside the smallest element whose box holds it (90 % of its area) and that may hold it:
block containers (card, nav, list, table, ...) hold anything, phrasing hosts (button, link, heading,
text, badge) hold only non-interactive phrasing content (text, image, icon, badge), controls hold
nothing. An element whose parent cannot hold it moves up to the nearest ancestor that can, or to the
screen itself. Siblings are in reading order (top to bottom, left to right).

    roots = nest_elements(screen.elements)
    roots[0].element, roots[0].rect, roots[0].children
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from replicast.spec.models import CONTAINER_ROLES, Element

BLOCK_CONTAINERS = CONTAINER_ROLES
PHRASING_HOSTS = frozenset({"button", "tab", "link", "heading", "text", "badge"})
PHRASING_CONTENT = frozenset({"text", "image", "icon", "badge"})
TOGGLE_ROLES = frozenset({"checkbox", "radio", "switch"})
"""Controls that may hold their own drawing (an icon or image): a custom checkbox's look."""
_INSIDE = 0.9


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned box in CSS px."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    def overlap(self, other: Rect) -> int:
        """Area of the intersection."""
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return max(0, w) * max(0, h)

    def iou(self, other: Rect) -> float:
        """Intersection over union."""
        inter = self.overlap(other)
        return inter / (self.area + other.area - inter) if inter else 0.0

    def union(self, other: Rect) -> Rect:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    @staticmethod
    def of(element: Element) -> Rect:
        x, y, w, h = element.bbox
        return Rect(x, y, w, h)


@dataclass(frozen=True, slots=True)
class Placed:
    """An element with the elements drawn inside it."""

    element: Element
    children: tuple[Placed, ...] = ()

    @property
    def rect(self) -> Rect:
        return Rect.of(self.element)


def can_hold(parent_role: str, child_role: str) -> bool:
    if parent_role in BLOCK_CONTAINERS:
        return True
    if parent_role in TOGGLE_ROLES:
        return child_role in ("icon", "image")
    return parent_role in PHRASING_HOSTS and child_role in PHRASING_CONTENT


def _declared_parent(i: int, elements: Sequence[Element], index: dict[str, int]) -> int | None:
    """The nearest declared ancestor of element i that can hold it (None: no usable declaration)."""
    e = elements[i]
    seen = {i}
    p = index.get(e.parent) if e.parent is not None else None
    while p is not None and p not in seen and not can_hold(elements[p].role, e.role):
        seen.add(p)
        up = elements[p].parent
        p = index.get(up) if up is not None else None
    return None if p is None or p in seen else p


def _enclosing(i: int, elements: Sequence[Element], rects: Sequence[Rect]) -> int | None:
    """The smallest element whose box holds element i and that may hold it. Ordered by (area, earlier
    first), so two elements with the same box nest one way only and no cycle can form."""
    r = rects[i]
    key_i = (r.area, -i)
    best: int | None = None
    for j, q in enumerate(rects):
        if j == i or (q.area, -j) <= key_i or not can_hold(elements[j].role, elements[i].role):
            continue
        if r.area == 0:
            inside = q.x <= r.x <= q.right and q.y <= r.y <= q.bottom
        else:
            inside = q.overlap(r) >= _INSIDE * r.area
        if inside and (best is None or (q.area, -j) < (rects[best].area, -best)):
            best = j
    return best


def _parents(elements: Sequence[Element]) -> list[int | None]:
    """Index of each element's render parent (None: the screen)."""
    index: dict[str, int] = {}
    for i, e in enumerate(elements):
        index.setdefault(e.id, i)
    rects = [Rect.of(e) for e in elements]
    parents: list[int | None] = []
    for i, e in enumerate(elements):
        declared = _declared_parent(i, elements, index) if e.parent is not None else None
        parents.append(declared if declared is not None else _enclosing(i, elements, rects))
    # a cycle (declared parents, or a declared one against the geometry): cut it where it closes
    for i in range(len(elements)):
        seen = {i}
        p = parents[i]
        while p is not None:
            if p in seen:
                parents[i] = None
                break
            seen.add(p)
            p = parents[p]
    return parents


def nest_elements(elements: Sequence[Element]) -> tuple[Placed, ...]:
    """The screen's top-level elements, each holding the elements drawn inside it."""
    parents = _parents(elements)
    kids: dict[int | None, list[int]] = {}
    for i, p in enumerate(parents):
        kids.setdefault(p, []).append(i)

    def build(i: int) -> Placed:
        children = tuple(build(c) for c in reading_order(kids.get(i, []), elements))
        return Placed(element=elements[i], children=children)

    return tuple(build(i) for i in reading_order(kids.get(None, []), elements))


def reading_order(indices: list[int], elements: Sequence[Element]) -> list[int]:
    return sorted(indices, key=lambda i: (elements[i].bbox[1], elements[i].bbox[0], i))
