"""Place a screen's elements in a tree that is valid HTML, each at its box relative to its parent.

The spec's `parent` links are followed where HTML allows the nesting: block containers (card, nav,
list, table, ...) hold anything, phrasing hosts (button, link, heading, text, badge) hold only
non-interactive phrasing content (text, image, icon, badge), and controls hold nothing. An element
whose parent cannot hold it moves up to the nearest ancestor that can, or to the screen itself.
Siblings are in reading order (top to bottom, left to right).

    roots = place_elements(screen.elements)
    roots[0].x, roots[0].y, roots[0].children
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from replicast.spec.models import Element

BLOCK_CONTAINERS = frozenset(
    {"container", "card", "nav", "list", "listitem", "table", "row", "cell", "dialog", "alert"}
)
PHRASING_HOSTS = frozenset({"button", "tab", "link", "heading", "text", "badge"})
PHRASING_CONTENT = frozenset({"text", "image", "icon", "badge"})


@dataclass(frozen=True, slots=True)
class Placed:
    element: Element
    x: int
    """left edge relative to the parent's box (or the screen)."""
    y: int
    children: tuple[Placed, ...] = ()

    @property
    def width(self) -> int:
        return self.element.bbox[2]

    @property
    def height(self) -> int:
        return self.element.bbox[3]


def can_hold(parent_role: str, child_role: str) -> bool:
    if parent_role in BLOCK_CONTAINERS:
        return True
    return parent_role in PHRASING_HOSTS and child_role in PHRASING_CONTENT


def _render_parents(elements: Sequence[Element]) -> list[int | None]:
    """Index of each element's render parent (None: the screen)."""
    index: dict[str, int] = {}
    for i, e in enumerate(elements):
        index.setdefault(e.id, i)
    parents: list[int | None] = []
    for i, e in enumerate(elements):
        seen = {i}
        p = index.get(e.parent) if e.parent is not None else None
        while p is not None and p not in seen and not can_hold(elements[p].role, e.role):
            seen.add(p)
            up = elements[p].parent
            p = index.get(up) if up is not None else None
        parents.append(None if p is None or p in seen else p)
    # a cycle of elements that hold each other: cut it where it closes
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


def place_elements(elements: Sequence[Element]) -> tuple[Placed, ...]:
    """The screen's top-level elements, each holding its placed children."""
    parents = _render_parents(elements)
    kids: dict[int | None, list[int]] = {}
    for i, p in enumerate(parents):
        kids.setdefault(p, []).append(i)

    def build(i: int, ox: int, oy: int) -> Placed:
        e = elements[i]
        x, y = e.bbox[0], e.bbox[1]
        children = tuple(build(c, x, y) for c in _reading_order(kids.get(i, []), elements))
        return Placed(element=e, x=x - ox, y=y - oy, children=children)

    return tuple(build(i, 0, 0) for i in _reading_order(kids.get(None, []), elements))


def _reading_order(indices: list[int], elements: Sequence[Element]) -> list[int]:
    return sorted(indices, key=lambda i: (elements[i].bbox[1], elements[i].bbox[0], i))
