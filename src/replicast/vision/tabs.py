"""Tabs: a row of short labels standing on a panel, one of them marked as the active one.

A row of >= 2 short items (texts, links, buttons) on one baseline at small gaps, with a rule under the
whole row (the panel's top edge, or the strip's bottom edge), where exactly one item is marked:
- by a bar of its own under it (an underline >= 2 px thick, in a colour no other item shows there), with
  the rule running on beside the bar (material tabs);
- by an open box: the rule runs under every item except one, whose box stands on the panel with the rule
  broken under it; borders rise on both sides of the break (bootstrap's nav-tabs), or the item's own
  ground differs from the others' (a tab filled like the panel it opens onto).
A row with no rule under it (a nav bar, a menu, filter pills) or with no item marked (a table's header
row over its body) is no tab list.

    elements, lists = find_tabs(rgb, elements, body)   # tabs as role "tab" (`selected`: the active one)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.menus import font_em
from replicast.vision.style import Colour, background_around, colour_mode, distance, hex_colour
from replicast.vision.texts import BodyText

EDGE = 20
"""Grey-level step (max over channels) across a row or a column that counts as an edge (a rule)."""
_ITEM_ROLES = frozenset({"text", "link", "button", "tab"})


@dataclass(frozen=True, slots=True)
class TabsConfig:
    max_gap_em: float = 4.5
    """largest blank between the labels of two tabs (each has its padding), in em."""
    reach_em: float = 2.5
    """the rule lies within this many em under the labels."""
    rule_cover: float = 0.9
    """share of the row's columns (the marked tab's left out) the rule must run under."""
    mark_contrast: float = 40.0
    """an underline differs this much (max channel) from the ground and from what the others show."""
    mark_em: tuple[float, float] = (0.1, 0.5)
    """an underline is this thick, in em (and at least 2 px)."""


@dataclass(frozen=True, slots=True)
class _Row:
    """A run of labels that may be tabs, and the band under them where a rule or an underline lies."""

    items: Sequence[DetectedElement]
    grounds: Sequence[Colour]
    """the colour each label stands on."""
    y0: int
    y1: int
    em: float


@dataclass(frozen=True, slots=True)
class _Marked:
    """The active tab of a row, and the tabs' shared vertical extent."""

    active: int
    """index into the row."""
    box: Box
    """the active tab's box."""
    indicator: Box | None
    """its underline, when it is marked by one."""
    indicator_colour: Colour | None


def find_tabs(
    image: Rgb, elements: Sequence[DetectedElement], body: BodyText, cfg: TabsConfig | None = None
) -> tuple[list[DetectedElement], list[DetectedElement]]:
    """`elements` with each row of tabs turned into "tab" elements (their boxes padded as the active
    tab's is), and the new elements: a "tablist" around each row, and the underline marking the active
    tab as a painted "container" bar."""
    cfg = cfg or TabsConfig()
    out = list(elements)
    extra: list[DetectedElement] = []
    for run in _runs(out, body, cfg):
        items = [out[i] for i in run]
        mark = _marked(image, items, body, cfg)
        if mark is None:
            continue
        tabs = _tab_boxes(items, mark)
        for k, (i, box) in enumerate(zip(run, tabs, strict=True)):
            e = out[i]
            out[i] = replace(e, role="tab", box=box, level=None, selected=k == mark.active)
        whole = tabs[0]
        for b in tabs[1:]:
            whole = whole.union(b)
        extra.append(DetectedElement("tablist", whole))
        if mark.indicator is not None and mark.indicator_colour is not None:
            style = ElementStyle(background=hex_colour(mark.indicator_colour))
            extra.append(DetectedElement("container", mark.indicator, style=style))
    return out, extra


def _item(e: DetectedElement) -> bool:
    t = (e.text or "").strip()
    short = bool(t) and len(t.split()) <= 3 and len(t) <= 24
    # a link as tall as a block (a side nav's item) is an item of a nav already
    block = e.role == "link" and e.style.font_size is not None and e.box.h > 2 * e.style.font_size
    return short and not block and (e.role in _ITEM_ROLES or (e.role == "heading" and (e.level or 0) >= 4))


def _runs(elements: Sequence[DetectedElement], body: BodyText, cfg: TabsConfig) -> list[list[int]]:
    """Runs of >= 2 items on one baseline, one font size, at gaps of 0.3..`max_gap_em` em with nothing
    between them."""
    cands = sorted((i for i, e in enumerate(elements) if _item(e)), key=lambda i: elements[i].box.cy)
    rows: list[list[int]] = []
    for i in cands:
        e = elements[i]
        em = font_em(e, body)
        row = next(
            (
                r
                for r in rows
                if abs(elements[r[0]].box.cy - e.box.cy) <= 0.35 * em
                and abs(font_em(elements[r[0]], body) - em) <= 0.25 * em
            ),
            None,
        )
        if row is None:
            rows.append([i])
        else:
            row.append(i)
    member = set(cands)
    runs: list[list[int]] = []
    for row in rows:
        row.sort(key=lambda i: elements[i].box.x)
        run = [row[0]]
        for a, b in pairwise(row):
            ea, eb = elements[a], elements[b]
            em = font_em(ea, body)
            gap = eb.box.x - ea.box.x2
            between = any(
                k not in member
                and o.box.x >= ea.box.x2 - 1
                and o.box.x2 <= eb.box.x + 1
                and o.box.y < ea.box.y2
                and ea.box.y < o.box.y2
                for k, o in enumerate(elements)
            )
            if 0.3 * em <= gap <= cfg.max_gap_em * em and not between:
                run.append(b)
                continue
            if len(run) >= 2:
                runs.append(run)
            run = [b]
        if len(run) >= 2:
            runs.append(run)
    return runs


def _ground(image: Rgb, e: DetectedElement) -> Colour | None:
    """The colour an item's label stands on: a button's fill, else the colour around the text."""
    if e.role == "button" and e.style.background is not None:
        h = e.style.background
        return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)
    return background_around(image, e.box, 1, 2)


def _steps_down(image: Rgb, y0: int, y1: int, x0: int, x1: int) -> NDArray[np.bool_]:
    """Rows y0..y1 x columns x0..x1: whether the colour changes across each pixel vertically (from the
    row above to the row below), catching one-pixel rules."""
    h = image.shape[0]
    above = image[max(0, y0 - 1) : max(0, y1 - 1), x0:x1].astype(np.int16)
    below = image[min(h, y0 + 1) : min(h, y1 + 1), x0:x1].astype(np.int16)
    n = min(above.shape[0], below.shape[0])
    return np.asarray(np.abs(below[:n] - above[:n]).max(axis=2) >= EDGE)


def _marked(image: Rgb, items: Sequence[DetectedElement], body: BodyText, cfg: TabsConfig) -> _Marked | None:
    em = float(np.median([font_em(e, body) for e in items]))
    h = image.shape[0]
    y0 = max(e.box.y2 for e in items)
    y1 = min(h - 1, y0 + round(cfg.reach_em * em))
    if y1 - y0 < 3:
        return None
    grounds = [g for e in items if (g := _ground(image, e)) is not None]
    if len(grounds) < len(items):
        return None
    row = _Row(items, grounds, y0, y1, em)
    return _underlined(image, row, cfg) or _open_box(image, row, cfg)


def _segment_colour(image: Rgb, y: int, box: Box) -> Colour | None:
    """The colour of row `y` under the middle 80 % of `box`, when that stretch is one colour."""
    x0, x1 = box.x + box.w // 10, box.x2 - box.w // 10
    seg = image[y, max(0, x0) : max(0, x1)]
    mode = colour_mode(seg)
    if mode is None:
        return None
    same = np.abs(seg.astype(np.int16) - np.asarray(mode, np.int16)).max(axis=1) <= 24
    return mode if float(same.mean()) >= 0.9 else None


def _underlined(image: Rgb, row: _Row, cfg: TabsConfig) -> _Marked | None:
    """The row's tab marked by a bar of its own under its label, beside which the rule runs on."""
    items, grounds, y0, y1, em = row.items, row.grounds, row.y0, row.y1, row.em
    marked: list[list[int]] = [[] for _ in items]
    colours: list[Colour | None] = [None] * len(items)
    for y in range(y0, y1):
        seen = [_segment_colour(image, y, e.box) for e in items]
        for k, c in enumerate(seen):
            if c is None or distance(c, grounds[k]) < cfg.mark_contrast:
                continue
            if any(
                o is not None and distance(o, c) < cfg.mark_contrast for j, o in enumerate(seen) if j != k
            ):
                continue
            marked[k].append(y)
            colours[k] = c
    lo, hi = max(2.0, cfg.mark_em[0] * em), cfg.mark_em[1] * em
    found = [k for k, ys in enumerate(marked) if ys and lo <= len(ys) <= hi and ys[-1] - ys[0] + 1 == len(ys)]
    if len(found) != 1 or any(marked[k] for k in range(len(items)) if k != found[0]):
        return None
    k = found[0]
    colour = colours[k]
    assert colour is not None
    top, bottom = marked[k][0], marked[k][-1] + 1
    e = items[k]
    mid = (top + bottom) // 2
    line = np.abs(image[mid].astype(np.int16) - np.asarray(colour, np.int16)).max(axis=1) <= 24
    x0 = round(e.box.cx)
    x1 = x0
    while x0 > 0 and line[x0 - 1]:
        x0 -= 1
    while x1 < image.shape[1] and line[x1]:
        x1 += 1
    if not 0.8 * e.box.w <= x1 - x0 <= e.box.w + 5 * em:
        return None
    bar = Box(x0, top, x1 - x0, bottom - top)
    # the rule beside the bar: under the row's other columns near the bar's rows
    span0, span1 = items[0].box.x, items[-1].box.x2
    cols = np.ones(span1 - span0, bool)
    cols[max(0, bar.x - span0) : max(0, bar.x2 - span0)] = False
    if not cols.any():
        return None
    steps = _steps_down(image, max(0, top - 3), min(image.shape[0] - 1, bottom + 4), span0, span1)
    if not any(float(r[cols].mean()) >= cfg.rule_cover for r in steps):
        return None
    pad = bottom - e.box.y2
    return _Marked(k, Box(bar.x, e.box.y - pad, bar.w, bottom - (e.box.y - pad)), bar, colour)


def _open_box(image: Rgb, row: _Row, cfg: TabsConfig) -> _Marked | None:
    """The row's tab standing on the panel: the rule under the row is broken under it alone."""
    items, grounds, y0, y1, em = row.items, row.grounds, row.y0, row.y1, row.em
    w = image.shape[1]
    reach = round(3 * em)
    wx0, wx1 = max(0, items[0].box.x - reach), min(w, items[-1].box.x2 + reach)
    span0, span1 = items[0].box.x - wx0, items[-1].box.x2 - wx0
    steps = _steps_down(image, y0, y1, wx0, wx1)
    for r, line in enumerate(steps):
        breaks = [k for k, e in enumerate(items) if not line[e.box.x - wx0 : e.box.x2 - wx0].any()]
        if len(breaks) != 1:
            continue
        k = breaks[0]
        e = items[k]
        g0, g1 = e.box.x - wx0, e.box.x2 - wx0
        while g0 > 0 and not line[g0 - 1]:
            g0 -= 1
        while g1 < line.size and not line[g1]:
            g1 += 1
        if g0 == 0 or g1 == line.size or g1 - g0 > e.box.w + 5 * em:
            continue  # the rule does not resume on both sides: its end, not a break
        rest = np.ones(span1 - span0, bool)
        rest[max(0, g0 - span0) : max(0, g1 - span0)] = False
        if not rest.any() or float(line[span0:span1][rest].mean()) < cfg.rule_cover:
            continue
        y = y0 + r
        left, right = wx0 + g0, wx0 + g1
        sides = _side(image, left - 1, e.box.y, y) and _side(image, right, e.box.y, y)
        others = [g for j, g in enumerate(grounds) if j != k]
        own = grounds[k]
        filled = all(distance(g, others[0]) <= 12 for g in others) and all(
            distance(own, g) >= 10 for g in others
        )
        if not (sides or filled):
            continue
        top = _top_edge(image, left, right, e.box.y, em) or e.box.y - (y - e.box.y2)
        x0, x1 = (left - 1, right + 1) if sides else (left, right)
        return _Marked(k, Box(x0, top, x1 - x0, y + 1 - top), None, None)
    return None


def _side(image: Rgb, x: int, y0: int, y1: int) -> bool:
    """A vertical border at (or a pixel beside) column `x` from row `y0` down to `y1`."""
    w = image.shape[1]
    if y1 - y0 < 3:
        return False
    for c in (x - 1, x, x + 1):
        if c < 1 or c >= w - 1:
            continue
        a = image[y0:y1, c - 1].astype(np.int16)
        b = image[y0:y1, c + 1].astype(np.int16)
        if float((np.abs(b - a).max(axis=1) >= EDGE).mean()) >= 0.9:
            return True
    return False


def _top_edge(image: Rgb, x0: int, x1: int, text_top: int, em: float) -> int | None:
    """The row of the active tab's top edge: the nearest row above its label where the colour changes
    across most of the break's columns."""
    lo = max(1, text_top - round(2 * em))
    steps = _steps_down(image, lo, text_top - 1, x0, x1)
    for r in range(steps.shape[0] - 1, -1, -1):
        if float(steps[r].mean()) >= 0.8:
            return lo + r
    return None


def _tab_boxes(items: Sequence[DetectedElement], mark: _Marked) -> list[Box]:
    """Each tab's box: a button keeps its own; a label gets the active tab's padding around it, and the
    active tab's top and bottom."""
    active = items[mark.active]
    pad = max(0, (mark.box.w - active.box.w) // 2)
    out: list[Box] = []
    for k, e in enumerate(items):
        if k == mark.active:
            out.append(mark.box)
        elif e.role == "button":
            out.append(e.box)
        else:
            out.append(Box(e.box.x - pad, mark.box.y, e.box.w + 2 * pad, mark.box.h))
    return out
