"""Containers around the elements: nav bars, cards, panels, lists and tables. They carry no text (their
children do), so no word is reported twice.

- a filled bar across the top holding links is a nav; >= 3 block links stacked without gaps too;
- a light tinted box whose text is a darker shade of its tint is an alert (a message box);
- a filled or outlined box holding >= 2 elements is a card (a container when it spans the screen), a
  filled one even when only one line high (a status row); a filled band across the screen holding
  anything (a footer, a toolbar) is a container; a thin filled bar
  holding nothing (an accent bar, a coloured top edge) is an empty container painted in its fill;
- >= 3 same-size boxes stacked at one x are list items; when several such columns line up row by row,
  >= 3 columns are a table of rows, fewer a list of rows;
- text aligned in >= 3 rows and >= 2 columns is a table, unless each row starts with a bullet.

A table carries its grid (`tables.TableGrid`: header row, body rows, columns) when its cells line up.

    extra = containers(rgb, shapes, elements, body, top_bar(rgb, shapes, body))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from replicast.media.base import Rgb
from replicast.spec.models import rgb_of
from replicast.vision.base import Box, union_of
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.menus import TEXTUAL
from replicast.vision.shadow import measure_shadow
from replicast.vision.shapes import Shape
from replicast.vision.style import distance, fill_colour, hex_colour, rule_below, tinted_text, vertical_fade
from replicast.vision.tables import aligned_rows, cell_grid, table_grid
from replicast.vision.texts import BodyText

BAR_EM = 1.5
"""A filled strip is a container from this height (in body font sizes) up."""
RULE_EM = (1.25, 2.5)
"""A filled bar holding nothing, at most the first and at least the second many body font sizes across
its two sides, is a decoration of its own (an accent bar, a card's coloured top edge)."""
RULE_CONTRAST = 24.0
"""...when its fill differs this much (max channel) from what is around it."""
SHADOW_NEAR = 8
"""Boxes this close (px) cast one shadow together."""
ALERT_EM = (10.0, 8.0)
"""A message box is at least the first many body font sizes wide and at most the second tall."""
_BULLET = re.compile(r"[•·\-–—*○●■▪◦✓✔]|\d{1,3}[.)]|[a-z][.)]")


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
    image: Rgb,
    shapes: Sequence[Shape],
    elements: Sequence[DetectedElement],
    body: BodyText,
    bar: Box | None,
) -> list[DetectedElement]:
    """Nav bars, cards, lists and tables around the elements found so far (they carry no text). `bar`
    is the screen's top bar (`menus.top_bar`), if any."""
    h, w = image.shape[:2]
    out: list[DetectedElement] = []
    taken = {e.box for e in elements}
    links = [e for e in elements if e.role == "link"]
    if bar is not None and any(bar.intersection(e.box) >= 0.8 * e.box.area for e in links):
        out.append(DetectedElement("nav", bar))
    em = body.em
    for s in shapes:
        b = s.box
        if b in taken or b == bar or not (s.filled or s.outlined) or b.area >= 0.85 * w * h:
            continue
        # a filled strip (a footer, a toolbar, a card's status row) may be as low as one line of text
        strip = s.filled and b.h >= BAR_EM * em
        across = strip and b.x <= 2 and b.x2 >= w - 2
        if b.w < 6 * em or (b.h < 4 * em and not strip):
            continue
        inner = [e for e in elements if e.box.intersection(b) >= 0.9 * e.box.area]
        if _alert(s, inner, em):
            style = ElementStyle(
                background=hex_colour(s.fill) if s.fill else None,
                border_color=hex_colour(s.edge) if s.edge else None,
                radius=round(s.radius, 1),
            )
            out.append(DetectedElement("alert", b, style=style))
            continue
        # read only where it decides or styles a card (each read fits curves to four sides)
        shadows = measure_shadow(image, b) if inner and (len(inner) >= 2 or across or s.filled) else ()
        # a box casting a shadow stands off the page: a card even around one field
        if len(inner) >= 2 or (across and inner) or (bool(shadows) and s.filled):
            # its own colour is what shows between what it holds: white cards covering most of a
            # light grey panel must not paint the panel white
            held = [o.box for o in shapes if o.filled and o.box != b and _holds(b, o.box)]
            background, background_end = _fill(image, s, [*held, *(e.box for e in inner)])
            b, rule = (b, None) if s.edge else _with_rule(image, b)
            style = ElementStyle(
                background=background,
                background_end=background_end,
                border_color=hex_colour(s.edge) if s.edge else None,
                border_bottom=rule,
                radius=round(s.radius, 1),
                shadows=shadows,
                raised=bool(shadows) or None,
            )
            # a panel spanning the screen's height or width is layout (a sidebar, a main column)
            spans = (b.y <= 2 and b.y2 >= h - 2) or (b.x <= 2 and b.x2 >= w - 2)
            out.append(DetectedElement("container" if spans else "card", b, style=style))
    out = _one_shadow(out)
    out.extend(_bars(image, shapes, elements, em))
    out.extend(DetectedElement("nav", b) for b in _link_stacks(links))
    for cols in _columns_side_by_side(_lists(shapes)):
        rows = [union_of(list(r)) for r in zip(*cols, strict=True)]
        whole = union_of(rows)
        if len(cols) >= 3:  # a grid of cells: a table of rows
            cells = cell_grid(image, cols, elements, body)
            out.append(DetectedElement("table", cells.box, table=cells))
            out.extend(DetectedElement("row", r) for r in rows)
        else:  # one or two columns (a toggle and a label): list items spanning the row
            out.append(DetectedElement("list", whole))
            out.extend(DetectedElement("listitem", r) for r in rows)
    for found in aligned_rows(elements, body):
        b, rows = found.box, found.row_boxes
        firsts = [
            min((e for e in elements if e.text and e.box.intersection(r) > 0), key=lambda e: e.box.x)
            for r in rows
        ]
        if all(_BULLET.fullmatch((e.text or "").strip()) for e in firsts):
            # a bullet or a number, then the item: a list that happens to align like a table
            out.append(DetectedElement("list", b))
            out.extend(DetectedElement("listitem", r) for r in rows)
            continue
        grid = table_grid(image, found.rows, elements, body)
        if grid is not None:
            b = grid.box
        k = next((i for i, e in enumerate(out) if e.role == "table" and e.box.iou(b) >= 0.3), None)
        if k is None:
            out.append(DetectedElement("table", b, table=grid))
        elif grid is not None and b.intersection(out[k].box) >= 0.9 * out[k].box.area:
            # the text's grid holds the cells' (whose rules closed boxes in some of its columns only)
            out[k] = replace(out[k], box=b, table=grid)
        elif out[k].box.intersection(b) < 0.9 * b.area:
            # the text grid and the cell borders are one table: cover both (neither grid tiles it)
            out[k] = replace(out[k], box=out[k].box.union(b), table=None)
    return out


def _alert(s: Shape, inner: Sequence[DetectedElement], em: float) -> bool:
    """A message box: a light tinted fill, a line or a few of text in a darker shade of the same hue
    (bootstrap's .alert-*), at most a dismiss button besides."""
    b = s.box
    if not s.filled or s.fill is None or b.w < ALERT_EM[0] * em or b.h > ALERT_EM[1] * em:
        return False
    texts = [e for e in inner if e.role in TEXTUAL and e.text]
    others = [e for e in inner if e.role not in TEXTUAL]
    if not texts or len(others) > 1 or any(e.role != "button" or e.box.cx < b.cx for e in others):
        return False
    fill = s.fill
    return all(e.style.color is not None and tinted_text(rgb_of(e.style.color), fill) for e in texts)


def _one_shadow(boxes: list[DetectedElement]) -> list[DetectedElement]:
    """Boxes that touch a larger one casting a shadow (a strip stacked under a card) cast none of their
    own, which was read inside the larger one's; they lie over that shadow, opaque."""
    out = list(boxes)
    for i, e in enumerate(out):
        if not e.style.shadows:
            continue
        m = SHADOW_NEAR
        near = Box(e.box.x - m, e.box.y - m, e.box.w + 2 * m, e.box.h + 2 * m)
        if any(o.style.shadows and o.box.area > e.box.area and near.intersection(o.box) > 0 for o in boxes):
            out[i] = replace(e, style=replace(e.style, shadows=(), raised=True))
    return out


def _bars(
    image: Rgb, shapes: Sequence[Shape], elements: Sequence[DetectedElement], em: float
) -> list[DetectedElement]:
    """Thin filled bars that touch no element: decorations drawn in their own colour."""
    out: list[DetectedElement] = []
    for s in shapes:
        b = s.box
        thin, long = min(b.w, b.h), max(b.w, b.h)
        if not s.filled or s.fill is None or thin > RULE_EM[0] * em or long < RULE_EM[1] * em:
            continue
        if s.outside is not None and distance(s.fill, s.outside) < RULE_CONTRAST:
            continue
        if any(b.intersection(e.box) > 0 for e in elements):
            continue
        top, end = _fill(image, s)
        b, rule = _with_rule(image, b)
        style = ElementStyle(background=top, background_end=end, border_bottom=rule)
        out.append(DetectedElement("container", b, style=style))
    return out


def _with_rule(image: Rgb, box: Box) -> tuple[Box, str | None]:
    """`box` grown over the rule right under it, if one runs along its bottom edge, and its colour."""
    rule = rule_below(image, box)
    if rule is None:
        return box, None
    return Box(box.x, box.y, box.w, box.h + rule[1]), hex_colour(rule[0])


def _fill(image: Rgb, s: Shape, exclude: Sequence[Box] = ()) -> tuple[str | None, str | None]:
    """A shape's background and, when it is a vertical gradient, the colour it fades to at the bottom;
    with `exclude` (what it holds), its commonest colour outside those boxes."""
    if s.fill is None:
        return None, None
    fade = vertical_fade(image, s.box) if s.filled else None
    if fade is None:
        inset = max(2, min(s.box.w, s.box.h) // 6)
        fill = fill_colour(image, s.box, exclude, inset=inset) if exclude else None
        return hex_colour(fill or s.fill), None
    return hex_colour(fade[0]), hex_colour(fade[1])


def _holds(outer: Box, inner: Box) -> bool:
    """Whether `inner` lies inside `outer` and is clearly smaller."""
    return inner.intersection(outer) >= 0.95 * inner.area and inner.area <= 0.9 * outer.area


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
            navs.append(union_of(run))
        run = [b]
    if len(run) >= 3:
        navs.append(union_of(run))
    return navs
