"""The rows of a recorded list: where each screen shows them, as what, and where they were clicked.

A row is the smallest list item holding an item's title, else the line of the list around it; what
lies inside it is drawn with it. A template is a row as one screen drew it: the parts seen only
while the pointer was over the row are marked, and the spot clicked to tick or remove a row is
read in template coordinates.

    rows = find_rows(screen, ["Milk", "Eggs"], typing_lines)
    screen_without, slot = without_rows(screen, rows)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from replicast.codegen.nesting import BLOCK_CONTAINERS, TOGGLE_ROLES, Rect
from replicast.spec.models import AppSpec, Element, Screen, Transition
from replicast.spec.texts import similar

ENTRY = frozenset({"input", "textarea"})
_INSIDE = 0.8


@dataclass(frozen=True, slots=True)
class RowTemplate:
    """One row as the recording drew it: its box and what was drawn in it."""

    row: Element
    """the row's box: its list item, or a line of the list."""
    members: tuple[Element, ...]
    title: str
    """id of the member that shows the item's title."""
    on_hover: frozenset[str] = frozenset()
    """ids of the members shown only while the pointer is over the row (a remove cross)."""


@dataclass(frozen=True, slots=True)
class Row:
    """An item's row on one screen: the element showing its title and the row's box."""

    title: str
    text: Element
    box: Rect


def find_rows(screen: Screen, titles: Sequence[str], lines: Sequence[float]) -> list[Row]:
    """The rows that `screen` shows of the items titled `titles`, top to bottom; `lines` are the y
    of the lines text was typed on (a draft there is not a row)."""
    fields = [Rect.of(e) for e in screen.elements if e.role in ENTRY]
    candidates = [e for e in screen.elements if _row_text(e, fields, lines)]
    found: list[tuple[str, Element]] = []
    for title in titles:
        exact = [e for e in candidates if (e.text or "").strip() == title]
        near = [
            e for e in candidates if similar((e.text or "").strip(), title) and (e.text or "") not in titles
        ]
        hit = next(iter(exact or near), None)
        if hit is not None and all(hit.id != e.id for _, e in found):
            found.append((title, hit))
    found.sort(key=lambda f: f[1].bbox[1])
    pitch = min((b[1].bbox[1] - a[1].bbox[1] for a, b in itertools.pairwise(found)), default=0)
    return [Row(title, text, _row_box(screen, text, pitch)) for title, text in found]


def _row_text(e: Element, fields: Sequence[Rect], lines: Sequence[float]) -> bool:
    """Text outside any field and off the lines typed on (a draft is not a row)."""
    r = Rect.of(e)
    return (
        e.role not in ENTRY
        and bool((e.text or "").strip())
        and not any(f.overlap(r) > 0.5 * r.area for f in fields)
        and not any(abs(r.y + r.h / 2 - y) < max(r.h, 12) for y in lines)
    )


def _row_box(screen: Screen, text: Element, pitch: int) -> Rect:
    """The smallest list item holding the text, else the line of the list around it."""
    t = Rect.of(text)
    cx, cy = t.x + t.w / 2, t.y + t.h / 2
    holders = [Rect.of(e) for e in screen.elements if e.role == "listitem" and holds(Rect.of(e), cx, cy)]
    if holders:
        return min(holders, key=lambda r: r.area)
    height = pitch if pitch > t.h else 2 * t.h
    top = round(cy - height / 2)
    box = [e for e in screen.elements if e.role in BLOCK_CONTAINERS and holds(Rect.of(e), cx, cy)]
    if box:
        outer = min((Rect.of(e) for e in box), key=lambda r: r.area)
        return Rect(outer.x, top, outer.w, height)
    band = Rect(0, top, 1 << 16, height)
    inside = [Rect.of(e) for e in screen.elements if _inside(Rect.of(e), band)]
    left, right = min(r.x for r in inside), max(r.right for r in inside)
    return Rect(left, top, right - left, height)


def holds(r: Rect, x: float, y: float) -> bool:
    """Whether the point lies in the box."""
    return r.x <= x < r.right and r.y <= y < r.bottom


def _inside(r: Rect, outer: Rect) -> bool:
    return r.area > 0 and r.overlap(outer) >= _INSIDE * r.area


def _members(screen: Screen, row: Rect) -> list[Element]:
    """What is drawn in a row: the elements inside it, not the row's own box. A checkbox drawn by an
    icon is its icon here: the row's toggle (`control_at`) is the control."""
    inside = [e for e in screen.elements if _inside(Rect.of(e), row) and Rect.of(e) != row]
    drawings = [Rect.of(e) for e in inside if e.role in ("icon", "image")]
    return [
        e for e in inside if not (e.role in TOGGLE_ROLES and any(_inside(d, Rect.of(e)) for d in drawings))
    ]


def templates(
    spec: AppSpec,
    base: str,
    screens: Mapping[str, Screen],
    done_of: Mapping[str, Mapping[str, bool]],
    seen: Mapping[str, list[Row]],
) -> dict[bool, RowTemplate]:
    """An open and a done row as drawn (`seen`: the rows of each screen of the list, `done_of`:
    whether each row is done there): on the base screen, else on the screen (with the most rows,
    then the earliest) that shows one."""
    out: dict[bool, RowTemplate] = {}
    family = list(seen)
    for sid in sorted(family, key=lambda s: (s != base, -len(seen[s]), screens[s].t)):
        for row in seen[sid]:
            done = done_of[sid].get(row.title, False)
            if done in out:
                continue
            box = Element(id=f"{sid}-row", role="listitem", bbox=[row.box.x, row.box.y, row.box.w, row.box.h])
            made = RowTemplate(box, tuple(_members(screens[sid], row.box)), row.text.id)
            seen_again = [
                (screens[s], r.box)
                for s in family
                for r in seen[s]
                if r.title == row.title and done_of[s].get(r.title, False) == done
            ]
            out[done] = replace(made, on_hover=_on_hover(spec, made, seen_again))
    return out


def _on_hover(spec: AppSpec, template: RowTemplate, rows: Sequence[tuple[Screen, Rect]]) -> frozenset[str]:
    """Members of the template that the same row showed on every screen where the pointer was over
    it, and on none where it was not (at least one of each)."""
    at = Rect.of(template.row)
    found: set[str] = set()
    for m in template.members:
        if m.id == template.title:
            continue
        part = Rect.of(m)
        shown: dict[bool, list[bool]] = {True: [], False: []}
        for screen, row in rows:
            where = Rect(part.x - at.x + row.x, part.y - at.y + row.y, part.w, part.h)
            there = any(e.role == m.role and Rect.of(e).iou(where) >= 0.3 for e in _members(screen, row))
            pointer = _pointer(spec, screen.t)
            shown[pointer is not None and holds(row, *pointer)].append(there)
        if shown[True] and shown[False] and all(shown[True]) and not any(shown[False]):
            found.add(m.id)
    return frozenset(found)


def _pointer(spec: AppSpec, t: float) -> tuple[float, float] | None:
    """Where the pointer was when the screen at `t` showed: the last event placed before it."""
    placed = [e for e in spec.events if e.t <= t and e.x is not None and e.y is not None]
    last = max(placed, key=lambda e: e.t, default=None)
    return (last.x, last.y) if last is not None and last.x is not None and last.y is not None else None


def without_rows(base: Screen, rows: Sequence[Row]) -> tuple[Screen, str]:
    """The base screen with its rows taken out and one list element where they were (a list that
    held only the rows, else a new one); (that screen, the list's id)."""
    boxes = [r.box for r in rows]
    union = boxes[0]
    for b in boxes[1:]:
        union = union.union(b)
    # everything inside a row goes with it: the row's template draws it (a checkbox drawn by an icon
    # too, which `_members` leaves out: the template's toggle is the row's control)
    taken = {e.id for e in base.elements if any(_inside(Rect.of(e), b) for b in boxes)}
    lists = [
        e
        for e in base.elements
        if e.role == "list"
        and _inside(union, Rect.of(e))
        and all(x.id in taken for x in _members(base, Rect.of(e)))
    ]
    kept = [e for e in base.elements if e.id not in taken]
    if lists:
        slot = max(lists, key=lambda e: Rect.of(e).area)
        return base.model_copy(update={"elements": kept}), slot.id
    slot_id = f"{base.id}-list"
    slot_el = Element(id=slot_id, role="list", bbox=[union.x, union.y, union.w, union.h])
    return base.model_copy(update={"elements": [*kept, slot_el]}), slot_id


def control_at(
    spec: AppSpec,
    transitions: Sequence[Transition],
    screens: Mapping[str, Screen],
    kind: str,
    templates: Mapping[bool, RowTemplate],
    lines: Sequence[float],
) -> Rect | None:
    """Where in a row (row coordinates) the recording clicked for `kind` (toggle, list_remove): the
    control under the click, at least a row's height wide, stopping at the next part of the row."""
    for t in transitions:
        r = t.response
        if r is None or r.kind != kind or not r.texts or t.event is None:
            continue
        event = spec.events[t.event]
        if event.x is None or event.y is None:
            continue
        rows = find_rows(screens[t.from_], r.texts, lines)
        row = next((w for w in rows if holds(w.box, event.x, event.y)), None)
        template = templates.get(False) or templates.get(True)
        if row is None or template is None:
            continue
        # the click, moved into the template row
        tr = Rect.of(template.row)
        x, y = tr.x + event.x - row.box.x, tr.y + event.y - row.box.y
        return _region(template, x, y)
    return None


def _region(template: RowTemplate, x: float, y: float) -> Rect:
    row = Rect.of(template.row)
    parts = [Rect.of(m) for m in template.members]
    under = [p for p in parts if p.x - 4 <= x < p.right + 4]
    left, right = (min(p.x for p in under), max(p.right for p in under)) if under else (round(x), round(x))
    if right - left < row.h:
        grow = (row.h - (right - left)) // 2
        left, right = left - grow, right + grow
    for p in parts:
        if p in under:
            continue
        if p.right <= x:
            left = max(left, p.right)
        elif p.x >= x:
            right = min(right, p.x)
    left, right = max(left, row.x), min(right, row.right)
    return Rect(left - row.x, 0, max(1, right - left), row.h)
