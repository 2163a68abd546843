"""Containers around the elements: nav bars, cards, panels, lists and tables. They carry no text (their
children do), so no word is reported twice.

- a filled bar across the top holding links is a nav; >= 3 block links stacked without gaps too, and
  the sidebar round them at the screen's edge is a container in their colour;
- a band down the screen's edge in a colour unlike the page's is a container (a sidebar);
- a strip in a colour of its own across the top of a card is a container even around one line (its
  header); the marks at the right end of a card's title line are its tool buttons (`card_tools`);
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

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.spec.models import rgb_of
from replicast.vision.base import Box, union_of
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.menus import TEXTUAL, has_word, page_colour
from replicast.vision.shadow import measure_shadow
from replicast.vision.shapes import Shape
from replicast.vision.style import (
    Colour,
    distance,
    fill_colour,
    hex_colour,
    rule_below,
    tinted_text,
    vertical_fade,
)
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
        # its own colour, between what it holds (a white bar over a grey page: not the page's)
        held = [e.box for e in elements if bar.intersection(e.box) >= 0.8 * e.box.area]
        fill = fill_colour(image, bar, held, inset=1)
        out.append(
            DetectedElement("nav", bar, style=ElementStyle(background=hex_colour(fill) if fill else None))
        )
    em = body.em
    page = page_colour(image)
    for s in shapes:
        b = s.box
        if b in taken or b == bar or b.area >= 0.85 * w * h:
            continue
        panel = _side_panel(s, page, w, h)
        if not (s.filled or s.outlined or panel):
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
        # a box casting a shadow stands off the page: a card even around one field; a strip in a
        # colour of its own across the top of a box holds even one line (a card's coloured header)
        header = bool(
            strip and inner and s.fill and s.outside and distance(s.fill, s.outside) >= RULE_CONTRAST
        )
        header = header and any(_tops(o.box, b) or _heads_cut(o.box, b, h) for o in shapes)
        if len(inner) >= 2 or (across and inner) or (bool(shadows) and s.filled) or header:
            # its own colour is what shows between what it holds: white cards covering most of a
            # light grey panel must not paint the panel white
            # (a band across its whole width is a part of it, a header or a body under a rule)
            held = [
                o.box
                for o in shapes
                if o.filled and o.box != b and _holds(b, o.box) and not _across(o.box, b)
            ]
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
            spans = panel or (b.y <= 2 and b.y2 >= h - 2) or (b.x <= 2 and b.x2 >= w - 2)
            out.append(DetectedElement("container" if spans else "card", b, style=style))
    out = _one_shadow(out)
    out.extend(_bars(image, shapes, elements, em))
    stacks = _link_stacks(links)
    out.extend(DetectedElement("nav", b) for b in stacks)
    out.extend(_nav_panels(image, stacks, links, [e.box for e in out if e.role == "container"]))
    for cols in _columns_side_by_side(_lists(shapes)):
        full = [c for c in cols if len(c) == len(cols[0])]
        if len(full) >= 3:  # a grid of cells: a table of rows (a column of fewer boxes is part of it)
            cells = cell_grid(image, full, elements, body)
            out.append(DetectedElement("table", cells.box, table=cells))
            out.extend(DetectedElement("row", union_of(list(r))) for r in zip(*full, strict=True))
            continue
        # one or two columns (a toggle and a label): list items spanning the row
        rows = list(cols[0])
        for col in cols[1:]:
            at = _rows_of(col, cols[0]) or 0
            rows[at : at + len(col)] = [
                r.union(b) for r, b in zip(rows[at : at + len(col)], col, strict=True)
            ]
        out.append(DetectedElement("list", union_of(rows)))
        out.extend(DetectedElement("listitem", r) for r in rows)
    panels = [e.box for e in out if e.role in ("card", "container")]
    for found in aligned_rows(elements, body):
        b, rows = found.box, found.row_boxes
        if any(_straddles(b, p) for p in panels):
            # lines of a sidebar, a card and the column beside it that happen to align: no table
            continue
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


PANEL_HEIGHT = 0.8
"""A side panel runs down at least this share of the screen's height..."""
PANEL_CONTRAST = 24.0
"""...in a fill this far (max channel) from the page's commonest colour."""


def _side_panel(s: Shape, page: Colour, w: int, h: int) -> bool:
    """A band down the screen's left or right edge in its own colour (a dark sidebar beside a light
    page): filled, though the ring round it shows its own colour (the brand's block above it, the
    screen's edge beside it)."""
    b = s.box
    edge = b.x <= 2 or b.x2 >= w - 2
    return (
        edge and b.h >= PANEL_HEIGHT * h and s.fill is not None and distance(s.fill, page) >= PANEL_CONTRAST
    )


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
        inset = min(FILL_INSET, max(2, min(s.box.w, s.box.h) // 6))
        fill = fill_colour(image, s.box, exclude, inset=inset) if exclude else None
        return hex_colour(fill or s.fill), None
    return hex_colour(fade[0]), hex_colour(fade[1])


FILL_INSET = 12
"""The most a box's colour is read inside its edge (px): past a border and a shadow's reach."""


def _across(strip: Box, outer: Box) -> bool:
    """Whether `strip` spans the width of `outer` (within 2 px)."""
    return abs(outer.x - strip.x) <= 2 and abs(outer.x2 - strip.x2) <= 2


def _tops(outer: Box, strip: Box) -> bool:
    """Whether `strip` runs across the top of the taller box `outer` (within 2 px: a card's header)."""
    return _across(strip, outer) and abs(outer.y - strip.y) <= 2 and outer.h > strip.h + 2


def _heads_cut(body: Box, strip: Box, height: int) -> bool:
    """Whether `strip` runs across the top of `body`, a box starting right under it (within 3 px) and
    running off the screen's bottom: a card cut by the screen's edge, whose outline makes no box (it
    joins the screen's), only its header band and the body under it."""
    return _across(strip, body) and 0 <= body.y - strip.y2 <= 3 and body.y2 >= height - 2


def _straddles(a: Box, panel: Box) -> bool:
    """Whether `a` runs across an edge of `panel`: neither holds the other, yet they overlap."""
    return a.intersection(panel) > 0 and not _holds(panel, a) and not _holds(a, panel)


def _holds(outer: Box, inner: Box) -> bool:
    """Whether `inner` lies inside `outer` and is clearly smaller."""
    return inner.intersection(outer) >= 0.95 * inner.area and inner.area <= 0.9 * outer.area


def _columns_side_by_side(runs: list[list[Box]]) -> list[list[list[Box]]]:
    """Stacks of boxes grouped when their rows line up (`_rows_of`): the columns of one grid, or of one
    list whose rows one column has fewer of (a todo list's ticks beside its rows, whose first row is the
    field that adds them). The first column of a group has the most rows."""
    groups: list[list[list[Box]]] = []
    for run in sorted(runs, key=lambda r: (r[0].x, -len(r))):
        for g in groups:
            if _rows_of(run, g[0]) is not None or _rows_of(g[0], run) is not None:
                g.append(run)
                g.sort(key=len, reverse=True)
                break
        else:
            groups.append([run])
    return groups


def _rows_of(run: list[Box], ref: list[Box]) -> int | None:
    """Where `run`'s boxes line up with consecutive rows of `ref` (centred on them within 3 px, no
    taller: a tick box in each row): the index of the first of those rows, or None."""
    for k in range(len(ref) - len(run) + 1):
        if all(abs(a.cy - b.cy) <= 3 and b.h <= a.h + 3 for a, b in zip(ref[k:], run, strict=False)):
            return k
    return None


TOOL_GLYPHS = frozenset({"x", "X", "×", "✕", "−", "-", "+"})
"""Glyphs read as text that are a card's tools (close, collapse, expand)."""
TOOL_MARK_EM = 1.4
"""A tool's mark is a small glyph, at most this many em a side (a card's big icon is decoration)."""
TOOL_EDGE_EM = 3.0
"""A card's last tool ends within this many em of its right edge..."""
TOOL_GAP_EM = 2.0
"""...and the others follow one another at most this far apart (em)."""
TOOL_JOIN_EM = 0.5
"""Marks this close (em) are one tool (a wrench and its dropdown caret)."""
TOOL_HEIGHT_EM = 1.9
"""A tool button's height (em): a line of small text padded a quarter em above and below."""


def card_tools(elements: Sequence[DetectedElement], body: BodyText) -> list[DetectedElement]:
    """The icons at the right end of a card's title line are its tools (collapse, settings, close:
    buttons with invisible padding): each gains a button half an em wider each side than its mark and
    a small line tall, the mark inside it. A card's title is the text at its top left."""
    out = list(elements)
    made: set[Box] = set()
    em = body.em
    for card in [e.box for e in elements if e.role == "card"]:
        inside = [e for e in elements if e.box != card and e.box.within(card, 1.0)]
        titles = [
            e
            for e in inside
            if e.role in TEXTUAL
            and has_word(e.text)
            and e.box.y - card.y <= 2.5 * em
            and e.box.x - card.x <= 2 * em
        ]
        if not titles:
            continue
        title = min(titles, key=lambda e: e.box.y).box
        marks = sorted(
            (
                e.box
                for e in inside
                if abs(e.box.cy - title.cy) <= 0.6 * em
                and max(e.box.w, e.box.h) <= TOOL_MARK_EM * em
                and e.box.x >= title.x2 + 2 * em
                and (e.role == "icon" or (e.role in TEXTUAL and (e.text or "").strip() in TOOL_GLYPHS))
            ),
            key=lambda b: -b.x2,
        )
        if not marks or card.x2 - marks[0].x2 > TOOL_EDGE_EM * em:
            continue
        tools = [marks[0]]
        for b in marks[1:]:
            gap = tools[-1].x - b.x2
            if gap > TOOL_GAP_EM * em:
                break
            tools[-1:] = [union_of([tools[-1], b])] if gap <= TOOL_JOIN_EM * em else [tools[-1], b]
        pad, h = round(0.5 * em), round(TOOL_HEIGHT_EM * em)
        for b in tools:
            tall = max(b.h, h)
            box = Box(b.x - pad, round(b.cy - tall / 2), b.w + 2 * pad, tall)
            if box not in made:  # a card's header band is a card too
                made.add(box)
                out.append(DetectedElement("button", box, None))
    return out


PANEL_GAP = 4
"""Rows of another colour (a rule under the brand, a lit item's edge) a panel's column may cross."""


def _nav_panels(
    image: Rgb, stacks: Sequence[Box], links: Sequence[DetectedElement], panels: Sequence[Box]
) -> list[DetectedElement]:
    """The sidebar round a side nav at the screen's edge, painted in its items' colour: the run of
    that colour down a column just inside the nav's inner side, through the nav, when it runs down
    most of the screen (a dark theme's sidebar in the page's own colour makes no shape of its own
    against the content area a few levels lighter). None where a container holds it already."""
    h, w = image.shape[:2]
    out: list[DetectedElement] = []
    for nav in stacks:
        if nav.x > 2 and nav.x2 < w - 2:
            continue
        colours = {e.style.background for e in links if e.box.within(nav, 1.0) and e.style.background}
        if len(colours) != 1:
            continue
        colour = rgb_of(colours.pop())
        x = nav.x2 - 3 if nav.x <= 2 else nav.x + 2
        same = np.abs(image[:, x].astype(np.int16) - np.asarray(colour, np.int16)).max(axis=1) <= 16
        y0, y1 = _run(same, nav.y, nav.y2)
        box = Box(nav.x, y0, nav.w, y1 - y0)
        if box.h >= PANEL_HEIGHT * h and not any(box.iou(o) >= 0.8 for o in panels):
            out.append(DetectedElement("container", box, style=ElementStyle(background=hex_colour(colour))))
    return out


def _run(same: NDArray[np.bool_], y0: int, y1: int) -> tuple[int, int]:
    """The rows [top, bottom) of the run of set rows in `same` holding [y0, y1), across gaps of up to
    `PANEL_GAP` rows."""
    return _reach(same, y0, -1), _reach(same, y1 - 1, 1) + 1


def _reach(same: NDArray[np.bool_], y: int, step: int) -> int:
    """The last set row from `y` on, going `step` (1 or -1), across gaps of up to `PANEL_GAP` rows."""
    last, gap = y, 0
    y += step
    while 0 <= y < len(same) and gap <= PANEL_GAP:
        last, gap = (y, 0) if same[y] else (last, gap + 1)
        y += step
    return last


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
