"""Structure around the text: menus whose items are links, icons and images, and containers (nav bars,
cards, lists, tables) that carry no text of their own.

- a vertical stack of >= 3 short lines at an even pitch on a band coloured unlike the page is a side
  nav: its items are links as wide as the band and one pitch tall (block links);
- a row of >= 3 short items on one baseline at small, even gaps is a menu: its items are links;
- the short texts in a bar across the top of the page are nav links; breadcrumbs ("a / b") are split;
- vertically repeated same-size boxes are a list of list items; text aligned in >= 3 rows and >= 2
  columns is a table.

    texts = menu_links(rgb, text_elements, shapes, body)
    extra = graphics(rgb, shapes, elements, infos) + containers(rgb, shapes, elements, body)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

import cv2
import numpy as np

from replicast.media.base import Rgb
from replicast.spec.models import Role
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.shapes import Shape, gradient
from replicast.vision.style import Colour, background_around, colour_mode, distance, hex_colour
from replicast.vision.texts import BodyText, token_boxes
from replicast.vision.typography import inline_box

_TEXTUAL = frozenset({"text", "link", "heading"})
_SEPARATORS = frozenset({"/", "|", "·", "•", "›", "»", ">", "-", "–", "—"})
_SEP_RE = re.compile(r"\s+")
_BULLET = re.compile(r"[•·\-–—*○●■▪◦✓✔]|\d{1,3}[.)]|[a-z][.)]")


def page_colour(image: Rgb) -> Colour:
    """The dominant colour of the screen."""
    return colour_mode(image[::4, ::4]) or (255, 255, 255)


def _short(e: DetectedElement, words: int = 3, chars: int = 30) -> bool:
    t = (e.text or "").strip()
    return bool(t) and len(t.split()) <= words and len(t) <= chars


def _em(e: DetectedElement, body: BodyText) -> float:
    return e.style.font_size or body.em


def _as_link(e: DetectedElement, box: Box | None = None) -> DetectedElement:
    return replace(e, role="link", level=None, box=box or e.box)


# ---------------------------------------------------------------------- side nav
def _stacks(items: Sequence[DetectedElement], body: BodyText) -> list[list[DetectedElement]]:
    """Chains of >= 3 short lines one above the other: same size, same centre or left edge, even pitch."""
    cands = sorted((e for e in items if e.role in _TEXTUAL and _short(e)), key=lambda e: e.box.cy)
    chains: list[list[DetectedElement]] = []
    used: set[int] = set()
    for i, first in enumerate(cands):
        if i in used:
            continue
        chain = [first]
        pitch = None
        em = _em(first, body)
        for j in range(i + 1, len(cands)):
            if j in used:
                continue
            e, last = cands[j], chain[-1]
            if abs(_em(e, body) - em) > 0.4 * em:  # loose: a pointer over an item inflates its ink
                continue
            aligned = abs(e.box.cx - last.box.cx) <= 0.6 * em or abs(e.box.x - last.box.x) <= 0.5 * em
            if not aligned:
                continue
            d = e.box.cy - last.box.cy
            if d < 1.3 * em:
                continue
            if d > 4.0 * em:
                break
            if pitch is None or abs(d - pitch) <= 0.15 * pitch + 1:
                pitch = pitch or d
                chain.append(e)
                used.add(j)
            else:
                break
        if len(chain) >= 3:
            chains.append(chain)
    return chains


def _band(image: Rgb, box: Box, colour: Colour, tol: int = 24) -> tuple[int, int]:
    """Left and right x of the run of `colour` around `box` along its middle row."""
    y = min(image.shape[0] - 1, max(0, round(box.cy)))
    row = np.abs(image[y].astype(np.int16) - np.asarray(colour, np.int16)).max(axis=1) <= tol
    x0 = max(0, box.x - 1)
    while x0 > 0 and row[x0 - 1]:
        x0 -= 1
    x1 = min(image.shape[1], box.x2 + 1)
    while x1 < image.shape[1] and row[x1]:
        x1 += 1
    return x0, x1


def _side_nav(image: Rgb, texts: list[DetectedElement], body: BodyText, page: Colour) -> list[Box]:
    navs: list[Box] = []
    for chain in _stacks(texts, body):
        bgs = [background_around(image, e.box, 2, 3) for e in chain]
        bg = bgs[0]
        if bg is None or any(b is None or distance(b, bg) > 24 for b in bgs) or distance(bg, page) < 30:
            continue
        pitch = (chain[-1].box.cy - chain[0].box.cy) / (len(chain) - 1)
        spans = [_band(image, e.box, bg) for e in chain]
        x0 = int(np.median([s[0] for s in spans]))
        x1 = int(np.median([s[1] for s in spans]))
        if x1 - x0 > 0.6 * image.shape[1]:
            continue
        for e in chain:
            k = texts.index(e)
            box = Box(x0, round(e.box.cy - pitch / 2), x1 - x0, round(pitch))
            texts[k] = _as_link(e, box)
        navs.append(Box(x0, round(chain[0].box.cy - pitch / 2), x1 - x0, round(pitch * len(chain))))
    return navs


# ---------------------------------------------------------------------- menus in a row
def _grid_aligned(e: DetectedElement, others: Sequence[DetectedElement], em: float) -> bool:
    """Another text starts at the same x just above or below (a table column)."""
    for o in others:
        if o is e or o.role not in _TEXTUAL:
            continue
        if abs(o.box.x - e.box.x) <= 3 and 0 < abs(o.box.cy - e.box.cy) <= 3.0 * em:
            return True
    return False


def _row_menus(texts: list[DetectedElement], body: BodyText, others: Sequence[DetectedElement]) -> None:
    """Rows of >= 3 short items at small, even gaps (a menu, tabs, filters): their texts become links.
    Buttons count as items too (the selected tab often looks like one)."""
    n = len(texts)
    items: list[DetectedElement] = list(texts) + [
        o for o in others if o.role in ("button", "link", "tab") and o.text and _short(o, 2, 24)
    ]
    cands = sorted(
        (i for i, e in enumerate(items) if (i >= n or e.role in ("text", "link")) and _short(e, 2, 24)),
        key=lambda i: (round(items[i].box.cy), items[i].box.x),
    )
    member = set(cands)
    obstacles = [e for i, e in enumerate(items) if i not in member] + [
        o for o in others if o not in items[n:]
    ]
    rows: list[list[int]] = []
    for i in cands:
        e = items[i]
        for row in rows:
            r = items[row[-1]]
            em = _em(r, body)
            if abs(r.box.cy - e.box.cy) <= 0.3 * em and abs(_em(e, body) - em) <= 0.2 * em:
                row.append(i)
                break
        else:
            rows.append([i])
    for row in rows:
        row.sort(key=lambda i: items[i].box.x)
        runs: list[list[int]] = [[row[0]]]
        for a, b in pairwise(row):
            ea, eb = items[a], items[b]
            gap = eb.box.x - ea.box.x2
            # anything between two items (a text, a checkbox) makes them a sentence or a form, not a menu
            between = any(
                o.box.x >= ea.box.x2 and o.box.x2 <= eb.box.x and abs(o.box.cy - ea.box.cy) < ea.box.h
                for o in obstacles
            )
            if 0.3 * _em(ea, body) <= gap <= 4.0 * _em(ea, body) and not between:
                runs[-1].append(b)
            else:
                runs.append([b])
        for run in runs:
            if len(run) < 3 or all(i >= n for i in run):
                continue
            gaps = [items[b].box.x - items[a].box.x2 for a, b in pairwise(run)]
            if max(gaps) > 2.5 * min(gaps) + _em(items[run[0]], body):
                continue
            if sum(_grid_aligned(items[i], texts, _em(items[i], body)) for i in run if i < n) >= 2:
                continue
            for i in run:
                if i < n:
                    texts[i] = _as_link(texts[i])


# ---------------------------------------------------------------------- top bar
def _top_bar(image: Rgb, shapes: Sequence[Shape], body: BodyText) -> Box | None:
    w = image.shape[1]
    for s in shapes:
        b = s.box
        if b.y <= 2 and b.w >= 0.8 * w and 1.5 * body.em <= b.h <= 5 * body.em and s.filled:
            return b
    return None


def _split_breadcrumb(image: Rgb, e: DetectedElement, bg: Colour, body: BodyText) -> list[DetectedElement]:
    tokens = _SEP_RE.split((e.text or "").strip())
    if not any(t in _SEPARATORS for t in tokens) or len(tokens) < 3:
        return [_as_link(e)]
    em = _em(e, body)
    ink = Box(e.box.x, e.box.y, e.box.w, e.box.h)
    boxes = token_boxes(image, ink, tokens, bg, em)
    if boxes is None:
        return [_as_link(e)]
    out = []
    for tok, b in zip(tokens, boxes, strict=True):
        tight = inline_box(tok, b)
        role: Role = "text" if tok in _SEPARATORS else "link"
        out.append(replace(e, role=role, box=Box(tight.x, e.box.y, tight.w, e.box.h), text=tok, level=None))
    return out


def _bar_links(image: Rgb, texts: list[DetectedElement], bar: Box, body: BodyText) -> None:
    out: list[DetectedElement] = []
    for e in texts:
        inside = e.box.intersection(bar) >= 0.8 * e.box.area
        if inside and e.role in ("text", "link", "heading") and _short(e, 6, 60):
            bg = background_around(image, e.box, 1, 2)
            out.extend(_split_breadcrumb(image, e, bg, body) if bg else [_as_link(e)])
        else:
            out.append(e)
    texts[:] = out


def menu_links(
    image: Rgb,
    texts: Sequence[DetectedElement],
    shapes: Sequence[Shape],
    body: BodyText,
    others: Sequence[DetectedElement] = (),
) -> list[DetectedElement]:
    """The text elements with menu and nav items turned into links. `others` are the elements already
    found (controls), which break up rows of items."""
    out = list(texts)
    page = page_colour(image)
    _side_nav(image, out, body, page)
    bar = _top_bar(image, shapes, body)
    if bar is not None:
        _bar_links(image, out, bar, body)
    _row_menus(out, body, others)
    return out


# ---------------------------------------------------------------------- icons and images
def graphics(image: Rgb, elements: Sequence[DetectedElement], body: BodyText) -> list[DetectedElement]:
    """Images (large, many-coloured non-text regions) and icons (small non-text ink outside them), from
    the connected blobs of strong edges that no element found so far covers."""
    h, w = image.shape[:2]
    edges = np.asarray(cv2.dilate((gradient(image) > 24).astype(np.uint8), np.ones((3, 3), np.uint8)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    em = body.em
    taken = [e.box for e in elements]
    blobs: list[tuple[Box, float]] = []
    for k in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[k])
        if bw < 6 or bh < 6 or bw * bh >= 0.5 * w * h:
            continue
        b = Box(x, y, bw, bh)
        if not any(b.intersection(t) >= 0.3 * b.area for t in taken):
            blobs.append((b, area / b.area))
    images: list[DetectedElement] = []
    for b, density in blobs:
        if min(b.w, b.h) >= 2.5 * em and density >= 0.35:
            patch = image[b.y : b.y2 : 2, b.x : b.x2 : 2].reshape(-1, 3).astype(np.int32) >> 4
            colours = len(np.unique((patch[:, 0] << 8) | (patch[:, 1] << 4) | patch[:, 2]))
            if colours >= 48:
                bg = background_around(image, b, 1, 2)
                style = ElementStyle(background=hex_colour(bg)) if bg else ElementStyle()
                images.append(DetectedElement("image", b, None, style=style))
    icons = [
        DetectedElement("icon", b, None)
        for b, density in blobs
        if max(b.w, b.h) <= 3.0 * em
        and density >= 0.2
        and b.w <= 4 * b.h
        and b.h <= 4 * b.w
        and not any(b.intersection(i.box) >= 0.5 * b.area for i in images)
    ]
    return images + icons


# ---------------------------------------------------------------------- containers
def _table(texts: Sequence[DetectedElement], body: BodyText) -> list[tuple[Box, list[Box]]]:
    """Regions where text sits in >= 3 rows sharing >= 2 column starts, with their rows."""
    items = sorted((e for e in texts if e.role in _TEXTUAL), key=lambda e: e.box.cy)
    rows: list[list[DetectedElement]] = []
    for e in items:
        if rows and abs(rows[-1][0].box.cy - e.box.cy) <= 0.4 * _em(e, body):
            rows[-1].append(e)
        else:
            rows.append([e])
    rows = [r for r in rows if len(r) >= 2]
    tables: list[tuple[Box, list[Box]]] = []
    i = 0
    while i < len(rows):
        cols = sorted(e.box.x for e in rows[i])
        block = [rows[i]]
        j = i + 1
        while j < len(rows):
            xs = [e.box.x for e in rows[j]]
            shared = sum(any(abs(x - c) <= 4 for c in cols) for x in xs)
            gap = rows[j][0].box.cy - block[-1][0].box.cy
            if shared >= 2 and gap <= 3.5 * _em(rows[j][0], body):
                block.append(rows[j])
                j += 1
            else:
                break
        if len(block) >= 3:
            row_boxes = [_union([e.box for e in r]) for r in block]
            tables.append((_union(row_boxes), row_boxes))
            i = j
        else:
            i += 1
    return tables


def _lists(shapes: Sequence[Shape]) -> list[list[Box]]:
    """Runs of >= 3 same-size boxes stacked at one x with small gaps."""
    boxes = sorted({s.box for s in shapes if s.box.h >= 12}, key=lambda b: (b.x, b.y))
    runs: list[list[Box]] = []
    used: set[Box] = set()
    for b in boxes:
        if b in used:
            continue
        run = [b]
        for c in sorted(boxes, key=lambda c: c.y):
            last = run[-1]
            if c in used or c is b or c.y <= last.y:
                continue
            if (
                abs(c.x - last.x) <= 3
                and abs(c.w - last.w) <= 0.03 * last.w + 2
                and 0.7 <= c.h / last.h <= 1.4
                and c.y - last.y2 <= 0.4 * last.h
            ):
                run.append(c)
        if len(run) >= 3:
            runs.append(run)
            used.update(run)
    return runs


def containers(
    image: Rgb, shapes: Sequence[Shape], elements: Sequence[DetectedElement], body: BodyText
) -> list[DetectedElement]:
    """Nav bars, cards, lists and tables around the elements found so far (they carry no text)."""
    h, w = image.shape[:2]
    out: list[DetectedElement] = []
    taken = {e.box for e in elements}
    links = [e for e in elements if e.role == "link"]
    bar = _top_bar(image, shapes, body)
    if bar is not None and any(bar.intersection(e.box) >= 0.8 * e.box.area for e in links):
        out.append(DetectedElement("nav", bar))
    em = body.em
    for s in shapes:
        b = s.box
        if b in taken or b == bar or not (s.filled or s.outlined) or b.area >= 0.85 * w * h:
            continue
        if b.w < 6 * em or b.h < 4 * em:
            continue
        inner = [e for e in elements if e.box.intersection(b) >= 0.9 * e.box.area]
        if len(inner) >= 2:
            style = ElementStyle(
                background=hex_colour(s.fill) if s.fill else None,
                border_color=hex_colour(s.edge) if s.edge else None,
                radius=round(s.radius, 1),
            )
            # a panel spanning the screen's height or width is layout (a sidebar, a main column)
            spans = (b.y <= 2 and b.y2 >= h - 2) or (b.x <= 2 and b.x2 >= w - 2)
            out.append(DetectedElement("container" if spans else "card", b, style=style))
    out.extend(DetectedElement("nav", b) for b in _link_stacks(links))
    grids: list[Box] = []
    for cols in _columns_side_by_side(_lists(shapes)):
        rows = [_union(list(r)) for r in zip(*cols, strict=True)]
        whole = _union(rows)
        if len(cols) >= 3:  # a grid of cells: a table of rows
            grids.append(whole)
            out.append(DetectedElement("table", whole))
            out.extend(DetectedElement("row", r) for r in rows)
        else:  # one or two columns (a toggle and a label): list items spanning the row
            out.append(DetectedElement("list", whole))
            out.extend(DetectedElement("listitem", r) for r in rows)
    for b, rows in _table(elements, body):
        firsts = [
            min((e for e in elements if e.text and e.box.intersection(r) > 0), key=lambda e: e.box.x)
            for r in rows
        ]
        if all(_BULLET.fullmatch((e.text or "").strip()) for e in firsts):
            # a bullet or a number, then the item: a list that happens to align like a table
            out.append(DetectedElement("list", b))
            out.extend(DetectedElement("listitem", r) for r in rows)
            continue
        k = next((i for i, e in enumerate(out) if e.role == "table" and e.box.iou(b) >= 0.3), None)
        if k is None:
            out.append(DetectedElement("table", b))
        else:  # the text grid and the cell borders are one table: cover both
            out[k] = replace(out[k], box=out[k].box.union(b))
    return out


def _union(boxes: Sequence[Box]) -> Box:
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


def _columns_side_by_side(runs: list[list[Box]]) -> list[list[list[Box]]]:
    """Stacks of boxes grouped when their rows line up (same count, same tops): the columns of one grid."""
    groups: list[list[list[Box]]] = []
    for run in sorted(runs, key=lambda r: r[0].x):
        for g in groups:
            ref = g[0]
            if len(ref) == len(run) and all(
                abs(a.y - b.y) <= 3 and abs(a.h - b.h) <= 3 for a, b in zip(ref, run, strict=True)
            ):
                g.append(run)
                break
        else:
            groups.append([run])
    return groups


def _link_stacks(links: Sequence[DetectedElement]) -> list[Box]:
    """>= 3 block links of one width stacked without gaps (a side nav's items)."""
    items = sorted(links, key=lambda e: (e.box.x, e.box.w, e.box.y))
    navs: list[Box] = []
    run: list[Box] = []
    for e in items:
        b = e.box
        if run and b.x == run[-1].x and b.w == run[-1].w and abs(b.y - run[-1].y2) <= 2:
            run.append(b)
            continue
        if len(run) >= 3:
            navs.append(_union(run))
        run = [b]
    if len(run) >= 3:
        navs.append(_union(run))
    return navs
