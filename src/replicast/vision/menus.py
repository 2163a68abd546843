"""Menus: lines of text that are links because of where they sit, not how they look.

- a vertical stack of >= 3 short lines at an even pitch on a band coloured unlike the page is a side
  nav: its items are links as wide as the band and one pitch tall (block links);
- a row of >= 3 short items on one baseline at small, even gaps is a menu (tabs, filters): its text
  items are links;
- the short texts in a bar across the top of the page are nav links; breadcrumbs ("a / b") are split;
  the icons in it are icon buttons (`bar_buttons`, once the icons are found).

    texts = menu_links(rgb, text_elements, top_bar(rgb, shapes, body), body, controls)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray, Rgb
from replicast.spec.models import Role, rgb_of
from replicast.vision.base import Box, union_of
from replicast.vision.controls import ink_box
from replicast.vision.elements import DetectedElement, TableGrid
from replicast.vision.shapes import Shape
from replicast.vision.style import Colour, background_around, colour_mode, distance, hex_colour, text_colour
from replicast.vision.texts import BodyText, TextInfo, token_boxes
from replicast.vision.typography import inline_box

TEXTUAL = frozenset({"text", "link", "heading"})
_SEPARATORS = frozenset({"/", "|", "·", "•", "›", "»", ">", "-", "–", "—"})
_SEP_RE = re.compile(r"\s+")


def page_colour(image: Rgb) -> Colour:
    """The dominant colour of the screen."""
    return colour_mode(image[::4, ::4]) or (255, 255, 255)


NAV_PITCH_EM = 1.7
"""The narrowest pitch (in em) of a side nav's items: a link padded above and below, where plain lines of
text follow each other at their line height (1.2-1.5 em)."""
NAV_WORDS = 4
"""The most words of a side nav's item ("Top Navigation + Sidebar")."""


def _short(e: DetectedElement, words: int = 3, chars: int = 30) -> bool:
    t = (e.text or "").strip()
    return bool(t) and len(t.split()) <= words and len(t) <= chars


def font_em(e: DetectedElement, body: BodyText) -> float:
    """An element's font size, or the body's when it has none (a shape)."""
    return e.style.font_size or body.em


def _as_link(e: DetectedElement, box: Box | None = None) -> DetectedElement:
    return replace(e, role="link", level=None, box=box or e.box)


# ---------------------------------------------------------------------- side nav
STACK_PITCH_EM = 4.0
"""The widest pitch (in the items' em) of a stack of lines anywhere..."""
EDGE_PITCH_EM = 5.0
"""...and of one on a band at the screen's edge (a sidebar's items, padded 1 rem above and below)."""


def _stacks(
    items: Sequence[DetectedElement], body: BodyText, reach: float = STACK_PITCH_EM, least: int = 3
) -> list[list[DetectedElement]]:
    """Chains of >= `least` short lines one above the other: same size, same centre or left edge, even
    pitch of at most `reach` em."""
    cands = sorted((e for e in items if e.role in TEXTUAL and _short(e, NAV_WORDS)), key=lambda e: e.box.cy)
    chains: list[list[DetectedElement]] = []
    used: set[int] = set()
    for i, first in enumerate(cands):
        if i in used:
            continue
        chain = [first]
        pitch = None
        em = font_em(first, body)
        for j in range(i + 1, len(cands)):
            if j in used:
                continue
            e, last = cands[j], chain[-1]
            if abs(font_em(e, body) - em) > 0.4 * em:  # loose: a pointer over an item inflates its ink
                continue
            aligned = abs(e.box.cx - last.box.cx) <= 0.6 * em or abs(e.box.x - last.box.x) <= 0.5 * em
            if not aligned:
                continue
            d = e.box.cy - last.box.cy
            if d < 1.3 * em:
                continue
            if d > reach * em:
                break
            if pitch is None or abs(d - pitch) <= 0.15 * pitch + 1:
                pitch = pitch or d
                chain.append(e)
                used.add(j)
            else:
                break
        if len(chain) >= least:
            chains.append(chain)
    return chains


def _band(image: Rgb, box: Box, colour: Colour, tol: int = 24) -> tuple[int, int]:
    """Left and right x of the run of `colour` around `box`: the wider of the runs along its middle row
    and along the row just above it (an item's icon beside its text interrupts the middle one)."""
    runs = [_run(image, box, y, colour, tol) for y in (round(box.cy), box.y - 3)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def _run(image: Rgb, box: Box, y: int, colour: Colour, tol: int) -> tuple[int, int]:
    """Left and right x of the run of `colour` along row `y` that reaches `box` (its own columns)."""
    y = min(image.shape[0] - 1, max(0, y))
    row = np.abs(image[y].astype(np.int16) - np.asarray(colour, np.int16)).max(axis=1) <= tol
    x0 = max(0, box.x - 1)
    while x0 > 0 and row[x0 - 1]:
        x0 -= 1
    x1 = min(image.shape[1], box.x2 + 1)
    while x1 < image.shape[1] and row[x1]:
        x1 += 1
    return x0, x1


FINE_BAND_TOL = 10
"""Colour tolerance (max channel) of a sidebar's band in the page's own shade."""


def _side_nav(image: Rgb, texts: list[DetectedElement], body: BodyText, page: Colour) -> list[Box]:
    navs: list[Box] = []
    # where each line was, and the lines made items: a sidebar's items found beside one chain may
    # be another chain's too (a nested group of links under a parent item)
    lines = list(texts)  # as found: `texts` takes the items made of them as each chain is read
    where = {id(e): k for k, e in enumerate(lines)}
    taken: set[int] = set()
    # two items are enough where a scrolled page shows only two of a sidebar's (their band coloured
    # apart from the page, at its edge, each led by an icon: checked below), once longer chains took
    # theirs (a pair may skip every other item of one)
    chains = _stacks(texts, body, EDGE_PITCH_EM, least=2)
    for chain in sorted(chains, key=lambda c: len(c) == 2):  # stable: the longer ones in their order
        if len(chain) == 2 and any(where[id(e)] in taken for e in chain):
            continue
        bgs = [background_around(image, e.box, 2, 3) for e in chain]
        bg = bgs[0]
        if bg is None or any(b is None or distance(b, bg) > 24 for b in bgs):
            continue
        pitch = (chain[-1].box.cy - chain[0].box.cy) / (len(chain) - 1)
        if pitch < NAV_PITCH_EM * font_em(chain[0], body):
            continue  # lines set solid, one under the other: a panel's text, not items padded apart
        # a sidebar in the page's own shade (a dark theme's) shows by its items' icons; its band is told
        # from a content area a few levels lighter by a finer tolerance
        tol = 24 if distance(bg, page) >= 30 else FINE_BAND_TOL
        spans = [_band(image, e.box, bg, tol) for e in chain]
        x0 = int(np.median([s[0] for s in spans]))
        x1 = int(np.median([s[1] for s in spans]))
        if x1 - x0 > 0.6 * image.shape[1]:
            continue
        edge = x0 <= 2 or x1 >= image.shape[1] - 2
        led = edge and all(_icon_led(image, e.box, bg, font_em(e, body)) for e in chain)
        pair = len(chain) < 3
        if not led and (tol == FINE_BAND_TOL or pair):
            continue
        if pair and tol == FINE_BAND_TOL:
            continue  # two items alone stand on a band coloured apart from the page
        if pitch > STACK_PITCH_EM * font_em(chain[0], body) and not edge:
            continue  # widely spaced lines away from the edge: labels of a form in a card, not a nav
        items = chain + (_more_items(image, lines, chain, bg, (x0, x1), pitch, body) if edge else [])
        made: dict[int, DetectedElement] = {}
        for e in items:
            k = where[id(e)]
            if k in taken:
                continue
            taken.add(k)
            if _picture_led(image, e.box, bg, font_em(e, body)):
                texts[k] = _as_link(e)  # a user's name beside their picture: a link of its own, no item
                continue
            box = Box(x0, round(e.box.cy - pitch / 2), x1 - x0, round(pitch))
            made[k] = _set_left(_as_link(e, box), e.box, font_em(e, body))
        _align_left(made, [texts[k] for k in made], body)
        for k, e in made.items():
            texts[k] = e
        if made:
            navs.append(union_of([e.box for e in made.values()]))
    return navs


def _align_left(items: dict[int, DetectedElement], labels: Sequence[DetectedElement], body: BodyText) -> None:
    """Items of one nav whose label starts where a set-left item's does (within half an em) are set
    left too: a long label nearly fills its block, as far from both edges ("General Elements")."""
    indents = [e.style.text_indent for e in items.values() if e.style.text_indent is not None]
    if not indents:
        return
    indent = float(np.median(indents))
    for (k, e), label in zip(list(items.items()), labels, strict=True):
        own = label.box.x - e.box.x
        if e.style.text_indent is None and abs(own - indent) <= 0.5 * font_em(label, body):
            items[k] = replace(e, style=replace(e.style, text_indent=float(own)))


ICON_LEAD_EM = 2.4
"""How far left of a nav item's label (in em) its icon may start."""


def _icon_led(image: Rgb, label: Box, bg: Colour, em: float) -> bool:
    """Whether a glyph-sized mark stands just left of `label` (within `ICON_LEAD_EM`, a small gap
    before the label), on `bg` and nothing else on that side: a nav item's icon. Labels of a form,
    a list's lines, start with nothing before them."""
    lead = _lead_mark(image, label, bg, em)
    return lead is not None and 0.03 <= float(lead[1].mean()) <= 0.6


def _lead_mark(image: Rgb, label: Box, bg: Colour, em: float) -> tuple[NDArray[np.int16], Gray] | None:
    """The strip just left of `label` (within `ICON_LEAD_EM`, a small gap before it) and its ink on
    `bg`, when that ink is one mark: at most 1.6 em wide, a gap between it and the label (not a text or
    a rule running into the label). None when the strip is blank or holds more."""
    x1 = label.x - max(2, round(0.2 * em))
    x0 = max(0, label.x - round(ICON_LEAD_EM * em))
    if x1 - x0 < 0.6 * em:
        return None
    strip = image[label.y : label.y2, x0:x1].astype(np.int16)
    ink = (np.abs(strip - np.asarray(bg, np.int16)).max(axis=2) > 48).astype(np.uint8)
    cols = np.flatnonzero(ink.any(axis=0))
    if cols.size == 0 or cols[-1] - cols[0] + 1 > 1.6 * em or cols[-1] >= ink.shape[1] - 1:
        return None
    return strip, ink


SWATCH_SOLID = 0.7
"""Share of its box a legend's swatch fills (a disc 0.785, a square 1; a glyph's strokes far less)..."""
SWATCH_CHROMA = 60
"""...in a strong colour (a nav icon is drawn in its label's grey or white)."""


def _swatch_led(image: Rgb, label: Box, em: float) -> bool:
    """Whether a chart legend's swatch stands just left of `label` (as `_lead_mark` finds marks): a solid
    disc or square of one strong colour, on the ground around the label."""
    bg = background_around(image, label, 1, 2)
    lead = _lead_mark(image, label, bg, em) if bg is not None else None
    if lead is None:
        return False
    strip, ink = lead
    x, y, w, h = cv2.boundingRect(ink)
    if h < 0.4 * em or float(ink[y : y + h, x : x + w].mean()) < SWATCH_SOLID:
        return False
    colour = np.median(strip[ink > 0], axis=0)
    return float(colour.max() - colour.min()) >= SWATCH_CHROMA


PICTURE_EM = 1.6
"""A mark before a sidebar's line at least this many em wide and tall is a picture (an avatar)."""


def _picture_led(image: Rgb, label: Box, bg: Colour, em: float) -> bool:
    """Whether a picture (at least `PICTURE_EM` a side) stands just left of `label` on `bg`: a user's
    avatar before their name, at the head of a sidebar, not a nav item's glyph."""
    x1 = label.x - max(2, round(0.2 * em))
    x0 = max(0, label.x - round(3.5 * em))
    y0, y1 = max(0, round(label.cy - em)), round(label.cy + em)
    if x1 - x0 < PICTURE_EM * em:
        return False
    patch = image[y0:y1, x0:x1].astype(np.int16)
    ink = np.abs(patch - np.asarray(bg, np.int16)).max(axis=2) > 48
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    # a mark standing on its own: blank before it (a lit item's box runs on to the band's edge)
    if cols.size == 0 or cols[0] == 0:
        return False
    return bool(cols[-1] - cols[0] + 1 >= PICTURE_EM * em and rows[-1] - rows[0] + 1 >= PICTURE_EM * em)


def _set_left(e: DetectedElement, text: Box, em: float) -> DetectedElement:
    """A block item whose `text` sits nearer its left edge than its right (by more than an em): its
    text's indent kept in its style, where a centred item's is left out."""
    left, right = text.x - e.box.x, e.box.x2 - text.x2
    if right - left <= em:
        return e
    return replace(e, style=replace(e.style, text_indent=float(left)))


def _more_items(
    image: Rgb,
    texts: Sequence[DetectedElement],
    chain: Sequence[DetectedElement],
    bg: Colour,
    band: tuple[int, int],
    pitch: float,
    body: BodyText,
) -> list[DetectedElement]:
    """The sidebar's other items: lines on its band that start where the chain's do, in their type,
    away from them (a section's heading between groups of items breaks the even pitch of a chain; the
    headings themselves are set smaller and further left)."""
    em = font_em(chain[0], body)
    left = float(np.median([e.box.x for e in chain]))
    out: list[DetectedElement] = []
    for e in texts:
        if e in chain or e.role not in TEXTUAL or not _short(e, NAV_WORDS):
            continue
        if abs(e.box.x - left) > 0.5 * em or abs(font_em(e, body) - em) > 0.2 * em:
            continue
        if e.box.x < band[0] or e.box.x2 > band[1]:
            continue
        if any(abs(e.box.cy - o.box.cy) < 0.9 * pitch for o in [*chain, *out]):
            continue
        around = background_around(image, e.box, 2, 3)
        if around is not None and distance(around, bg) <= 24:
            out.append(e)
    return out


# ---------------------------------------------------------------------- menus in a row
COLUMN_SLACK_EM = 0.5
"""How far apart (in em) the left ends of two texts one above the other may be and still start one
column: a table's cells may sit a few pixels right of their header (a link's padding in the cell)."""


def _grid_aligned(e: DetectedElement, others: Sequence[DetectedElement], em: float) -> bool:
    """Another text starts at about the same x just above or below (a table column)."""
    for o in others:
        if o is e or o.role not in TEXTUAL:
            continue
        if (
            abs(o.box.x - e.box.x) <= max(3, COLUMN_SLACK_EM * em)
            and 0 < abs(o.box.cy - e.box.cy) <= 3.0 * em
        ):
            return True
    return False


def _menu_text(e: DetectedElement) -> bool:
    """Text that can be a menu item: plain text, a link, or a heading only by being bold (the selected
    filter of a row is often set bold)."""
    return e.role in ("text", "link") or (e.role == "heading" and (e.level or 0) >= 4)


MENU_GAP_EM = 0.35
"""The least gap (in em) between two items of a menu, from one's box to the next (side bearings left
out): a word space leaves 0.22-0.32 em, so the runs of one sentence (a link in it and the words beside
it) make no menu, where a menu's items stand apart."""


def _row_menus(
    texts: list[DetectedElement],
    body: BodyText,
    others: Sequence[DetectedElement],
    legend: Callable[[DetectedElement], bool] = lambda _: False,
) -> None:
    """Rows of >= 3 short items at small, even gaps (a menu, tabs, filters): their texts become links.
    Buttons count as items too (the selected tab often looks like one). `legend` tells the texts that
    name a chart's series beside their swatches (its legend), no items; it is asked only of texts that
    could be items otherwise."""
    n = len(texts)
    items: list[DetectedElement] = list(texts) + [
        o for o in others if o.role in ("button", "link", "tab") and o.text and _short(o, 2, 24)
    ]
    cands = sorted(
        (
            i
            for i, e in enumerate(items)
            if (i >= n or _menu_text(e)) and _short(e, 2, 24) and (i >= n or not legend(e))
        ),
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
            em = font_em(r, body)
            if abs(r.box.cy - e.box.cy) <= 0.3 * em and abs(font_em(e, body) - em) <= 0.2 * em:
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
            if MENU_GAP_EM * font_em(ea, body) <= gap <= 4.0 * font_em(ea, body) and not between:
                runs[-1].append(b)
            else:
                runs.append([b])
        for run in runs:
            if len(run) < 3 or all(i >= n for i in run):
                continue
            gaps = [items[b].box.x - items[a].box.x2 for a, b in pairwise(run)]
            if max(gaps) > 2.5 * min(gaps) + font_em(items[run[0]], body):
                continue
            if sum(_grid_aligned(items[i], texts, font_em(items[i], body)) for i in run if i < n) >= 2:
                _links_like_their_row(texts, [i for i in run if i < n])  # a table's row, no menu
                continue
            for i in run:
                if i < n:
                    texts[i] = _as_link(texts[i])


LIKE_LINK_COLOUR = 16
"""How far (max channel difference) a text's colour may be from its row's links' and still be one:
thin glyphs blend a link's colour with the ground, a little more or less by the letters."""


def _links_like_their_row(texts: list[DetectedElement], row: list[int]) -> None:
    """In a table's row (a header of sortable columns) where at least two texts are links by their
    colour, the texts coloured like them are links too: blended into the ground by thin glyphs, their
    colour fell a little short of the link test."""
    links = [rgb_of(c) for i in row if texts[i].role == "link" and (c := texts[i].style.color)]
    if len(links) < 2:
        return
    for i in row:
        c = texts[i].style.color
        if texts[i].role == "text" and c and any(distance(rgb_of(c), k) <= LIKE_LINK_COLOUR for k in links):
            texts[i] = _as_link(texts[i])


# ---------------------------------------------------------------------- top bar
BAR_EM = (1.5, 6.0)
"""How many body lines tall a top bar stands: sb-admin's 70 px bar is 5.4 lines of a dashboard whose
commonest text is its cards' 13 px labels."""


def top_bar(image: Rgb, shapes: Sequence[Shape], body: BodyText) -> Box | None:
    """A filled band across the top of the screen, `BAR_EM` body lines tall (a header / nav bar); or one
    closed by a rule, reaching the right edge from beside a sidebar (`_ruled_bar`)."""
    w = image.shape[1]
    low, high = BAR_EM[0] * body.em, BAR_EM[1] * body.em
    for s in shapes:
        b = s.box
        if b.y <= 2 and b.w >= 0.8 * w and low <= b.h <= high and s.filled:
            return b
    return _ruled_bar(image, body)


GLYPH_TALL = 1.25
"""A one- or two-letter reading in a top bar whose ink stands this many times as tall as the bar's words
is an icon font's glyph (a magnifier read as "Q", a speech bubble and its badge as "QD")."""


def bar_glyphs(infos: Sequence[TextInfo], bar: Box | None) -> set[int]:
    """The lines (their `index`) in the top bar `bar` that are icon glyphs OCR read as letters: one or
    two characters, not all digits (a badge's count is text), their ink `GLYPH_TALL` times as tall as
    the median ink of the bar's words of three letters or more (none: no glyph is told)."""
    if bar is None:
        return set()
    inside = [t for t in infos if t.ink.within(bar, 1.0)]
    words = [t.ink.h for t in inside if sum(c.isalpha() for c in t.text) >= 3]
    if not words:
        return set()
    tall = GLYPH_TALL * float(np.median(words))
    return {
        t.index
        for t in inside
        if len(t.text.strip()) <= 2 and not t.text.strip().isdigit() and t.ink.h >= tall
    }


RULE_STEP = 12
"""Grey-level step (max over channels) from one row to the next along a rule under a bar."""
SCROLLBAR_PX = 24
"""Columns at the right edge a page's scrollbar may take, which a bar stops short of."""
RULED_BAR_EM = 5.0
"""Body lines past which a band closed by a rule is a bar only on a page of another colour below it (a
row of tabs over a white page is closed by a rule too)."""
PAGE_APART = 4
"""Levels (max channel) a bar's colour stands from the page below its rule (sb-admin: white over #f8f9fc)."""


def _ruled_bar(image: Rgb, body: BodyText) -> Box | None:
    """A band at the top of the screen, `BAR_EM` body lines tall, from beside a sidebar (or the left edge)
    to the right edge (or the scrollbar), in one colour and closed by an edge running its whole width:
    a white nav bar over a grey page, which makes no shape of its own (it merges with the page below)."""
    h, w = image.shape[:2]
    for y in range(round(BAR_EM[0] * body.em), min(h - 1, round(BAR_EM[1] * body.em))):
        step = np.abs(image[y + 1].astype(np.int16) - image[y].astype(np.int16)).max(axis=1) >= RULE_STEP
        ends = np.flatnonzero(step[w - SCROLLBAR_PX :])
        if not ends.size:
            continue
        x1 = w - SCROLLBAR_PX + int(ends[-1]) + 1
        gaps = np.flatnonzero(~step[:x1])
        x0 = int(gaps[-1]) + 1 if gaps.size else 0
        if x1 - x0 < 0.6 * w:
            continue
        # the band above the rule is one colour along most of its length (a bar, not a page's top)
        fill = colour_mode(image[y - 2, x0:x1])
        if fill is None:
            return None
        same = np.abs(image[y - 2, x0:x1].astype(np.int16) - np.asarray(fill, np.int16)).max(axis=1) <= 8
        if float(same.mean()) < 0.6:
            return None
        below = colour_mode(image[min(h - 1, y + 4), x0:x1])
        if y + 1 > RULED_BAR_EM * body.em and (below is None or distance(fill, below) < PAGE_APART):
            return None  # as tall as a row of tabs closed by a rule on one page colour
        return Box(x0, 0, x1 - x0, y + 1)
    return None


def _split_breadcrumb(image: Rgb, e: DetectedElement, bg: Colour, body: BodyText) -> list[DetectedElement]:
    tokens = _SEP_RE.split((e.text or "").strip())
    if not any(t in _SEPARATORS for t in tokens) or len(tokens) < 3:
        return [_as_link(e)]
    em = font_em(e, body)
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


NAV_MARGIN_EM = 0.5
"""A nav bar's link fills the bar's height but this much (in em) above and below it (bootstrap's navbar
is padded 0.5 rem round nav-links padded 0.5 rem: 40 px links in a 57 px bar)."""


BADGE_CONTRAST = 60.0
"""A short count in a top bar on a ground this far (max channel) from the bar's fill is a badge on an
item (a notification count on a bell)."""


def _bar_links(image: Rgb, texts: list[DetectedElement], bar: Box, body: BodyText) -> None:
    out: list[DetectedElement] = []
    items: list[int] = []
    badges = 0
    fill = colour_mode(image[bar.y : bar.y2, bar.x : bar.x2].reshape(-1, 3))
    for e in texts:
        inside = e.box.intersection(bar) >= 0.8 * e.box.area
        if inside and e.role in ("text", "link", "heading") and _short(e, 6, 60):
            bg = background_around(image, e.box, 1, 2)
            pill = _badge(image, e, fill, body.em)
            if pill is not None:
                out.append(pill)  # its item is an icon button around it (`bar_buttons`)
                badges += 1
                continue
            parts = _split_breadcrumb(image, e, bg, body) if bg else [_as_link(e)]
            if len(parts) == 1:
                items.append(len(out))
            out.extend(parts)
        else:
            out.append(e)
    if len(items) + badges >= 2:  # a nav bar's items, the badged icons among them
        _pad_nav_items(out, items, bar, body)
    texts[:] = out


def _badge(image: Rgb, e: DetectedElement, fill: Colour | None, em: float) -> DetectedElement | None:
    """A count of up to three characters in a top bar standing on a pill of its own colour,
    `BADGE_CONTRAST` from the bar's `fill` (the commonest colour in its box; or, where the pill is small
    beside the box, the colour its text was read in): that pill as a badge holding the count, else
    None."""
    text = (e.text or "").strip()
    if fill is None or not 1 <= len(text) <= 3 or not any(c.isdigit() for c in text):
        return None
    ground = colour_mode(image[e.box.y : e.box.y2, e.box.x : e.box.x2].reshape(-1, 3))
    if (ground is None or distance(ground, fill) <= BADGE_CONTRAST) and e.style.color is not None:
        ground = rgb_of(e.style.color)
    if ground is None or distance(ground, fill) <= BADGE_CONTRAST:
        return None
    m = round(0.6 * em)
    h, w = image.shape[:2]
    x0, y0, x1, y1 = max(0, e.box.x - m), max(0, e.box.y - m), min(w, e.box.x2 + m), min(h, e.box.y2 + m)
    near = np.abs(image[y0:y1, x0:x1].astype(np.int16) - np.asarray(ground, np.int16)).max(axis=2) <= 30
    ys, xs = np.nonzero(near)
    if ys.size == 0:
        return None
    pill = Box(
        x0 + int(xs.min()), y0 + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    )
    ink = text_colour(image, pill, ground)
    colour = hex_colour(ink) if ink else e.style.color
    style = replace(e.style, color=colour, background=hex_colour(ground), text_indent=None)
    return DetectedElement("badge", pill, text, style=style)


def _pad_nav_items(texts: list[DetectedElement], items: Sequence[int], bar: Box, body: BodyText) -> None:
    """A nav bar's links (two or more, no breadcrumb) as the boxes they are clicked in: a link's padding
    is as wide as half the blank to the text beside it, at most an em of the body's text, and it is as
    tall as the bar but `NAV_MARGIN_EM` above and below. A crumb trail's links are set inline and keep
    their text's box."""
    inside = [e.box for e in texts if e.box.intersection(bar) >= 0.8 * e.box.area]
    em = body.em  # an icon read as a letter seems set larger than the text beside it
    for i in items:
        e = texts[i]
        beside = [o for o in inside if o != e.box and o.y < e.box.y2 and e.box.y < o.y2]
        left = min((e.box.x - o.x2 for o in beside if o.x2 <= e.box.x), default=2 * em) / 2
        right = min((o.x - e.box.x2 for o in beside if o.x >= e.box.x2), default=2 * em) / 2
        texts[i] = replace(e, box=_nav_box(e.box, left, right, bar, em))


def _nav_box(box: Box, left: float, right: float, bar: Box, em: float) -> Box:
    """`box` padded as a nav bar's item: `left` and `right` px at most an em, as tall as `bar` but
    `NAV_MARGIN_EM` above and below."""
    x0, x1 = round(box.x - min(em, left)), round(box.x2 + min(em, right))
    h = max(box.h, bar.h - 2 * round(NAV_MARGIN_EM * em))
    return Box(x0, bar.y + (bar.h - h) // 2, x1 - x0, h)


BAR_ICON_EM = 2.5
"""The largest icon (or badge) of a top bar taken for an icon button (in em, either side)."""
BAR_JOIN_EM = 0.5
"""A picture this near a link of the bar (in em, beside its padded box) is part of the link..."""
AVATAR_EM = 1.5
"""...when both its sides are this long (em) or more: an avatar, where a glyph is an em tall."""


def bar_buttons(
    elements: Sequence[DetectedElement], bar: Box | None, body: BodyText
) -> list[DetectedElement]:
    """The icons of a top bar (a menu toggle, messages, notifications, full screen) that no link or
    button holds are its icon buttons: each gains a button padded as the bar's links are
    (`_pad_nav_items`), the icon inside it; an icon with a count badge on it is one button. Links
    beside them are padded already: an icon's padding reaches them (at most an em); other items
    share the blank between them."""
    out = list(elements)
    if bar is None:
        return out
    em = body.em
    inside = [e for e in out if e.box.intersection(bar) >= 0.8 * e.box.area and e.box.area < 0.5 * bar.area]
    hosts = [e.box for e in inside if e.role in ("link", "button")]
    # a picture touching a link is part of it (a user's avatar after the name); a glyph is an em tall
    reach = round(BAR_JOIN_EM * em)
    near = [Box(h.x - reach, h.y, h.w + 2 * reach, h.h) for h in hosts]
    marks = [
        e.box
        for e in inside
        if e.role in ("icon", "badge")
        and max(e.box.w, e.box.h) <= BAR_ICON_EM * em
        and not any(e.box.intersection(h) >= 0.5 * e.box.area for h in hosts)
        and not (min(e.box.w, e.box.h) >= AVATAR_EM * em and any(e.box.intersection(h) for h in near))
    ]
    items: list[Box] = []
    for b in sorted(marks, key=lambda k: k.x):
        if items and b.intersection(items[-1]) > 0:
            items[-1] = union_of([items[-1], b])
        else:
            items.append(b)
    others = [e.box for e in inside if not any(e.box.intersection(i) > 0 for i in items)]

    def share(o: Box) -> float:
        """The part of the blank to `o` an item may take: all of it up to a padded link, else half."""
        return 1.0 if o in hosts else 0.5

    for b in items:
        row = [o for o in [*others, *items] if o != b and o.y < b.y2 and b.y < o.y2]
        left = min(((b.x - o.x2) * share(o) for o in row if o.x2 <= b.x), default=em)
        right = min(((o.x - b.x2) * share(o) for o in row if o.x >= b.x2), default=em)
        out.append(DetectedElement("button", _nav_box(b, left, right, bar, em), None))
    return out


def brand_link(elements: Sequence[DetectedElement], bar: Box | None) -> list[DetectedElement]:
    """The head of a side nav at the screen's left edge, beside a top bar (the block above the nav's
    items, as tall as the bar) holds the app's brand: its text is one block link filling the block,
    its label where it was; its logo is an icon of the link (no checkbox, no icon button). Nothing
    changes when the head holds another control."""
    out = list(elements)
    if bar is None:
        return out
    navs = [
        e.box for e in out if e.role == "nav" and e.box.x <= 2 and e.box.y >= bar.y2 and e.box.x2 < bar.cx
    ]
    if not navs:
        return out
    head = Box(0, 0, max(n.x2 for n in navs), bar.y2)
    inside = [k for k, e in enumerate(out) if e.box.within(head, 1.0) and e.box != head]
    texts = sorted(
        (k for k in inside if out[k].role in TEXTUAL and has_word(out[k].text)), key=lambda k: out[k].box.x
    )
    marks = [
        k
        for k in inside
        if out[k].role in ("checkbox", "radio") or (out[k].role == "button" and not out[k].text)
    ]
    if not texts or any(out[k].role not in (*TEXTUAL, "icon", "image") for k in inside if k not in marks):
        return out
    first = out[texts[0]]
    indent = float(first.box.x - head.x)
    words = " ".join(out[k].text or "" for k in texts)
    link = replace(
        first, role="link", box=head, text=words, level=None, style=replace(first.style, text_indent=indent)
    )
    for k in marks:  # the logo, taken for a toggle or an icon button
        out[k] = replace(out[k], role="icon", checked=None, text=None)
    out[texts[0]] = link  # the words after the first are in it
    return [e for k, e in enumerate(out) if k not in texts[1:]]


def menu_links(
    image: Rgb,
    texts: Sequence[DetectedElement],
    bar: Box | None,
    body: BodyText,
    others: Sequence[DetectedElement] = (),
) -> list[DetectedElement]:
    """The text elements with menu and nav items turned into links. `bar` is the screen's top bar
    (`top_bar`), if any; `others` are the elements already found (controls), which break up rows of
    items."""
    out = list(texts)
    page = page_colour(image)
    _side_nav(image, out, body, page)
    if bar is not None:
        _bar_links(image, out, bar, body)
    _row_menus(out, body, others, lambda e: e.role == "text" and _swatch_led(image, e.box, body.em))
    return out


# ---------------------------------------------------------------------- sort controls
SORT_ARROWS = frozenset("▲▼△▽▴▾↑↓")
"""Glyphs that mark the column a table is sorted by."""
SORT_GAP_EM = 0.6
"""The widest gap (em) between a label and its sort arrow."""


def sort_controls(image: Rgb, elements: Sequence[DetectedElement], body: BodyText) -> list[DetectedElement]:
    """A label followed on its line by a sort arrow ("id ▼": the column a table is sorted by) is a link
    holding both: the arrow read as a glyph (then part of the link's text) or drawn as a triangle icon
    about the label's height (then inside the link's box), at most `SORT_GAP_EM` after the label."""
    out = list(elements)
    marks = [
        j
        for j, a in enumerate(out)
        if a.role == "icon" or (a.role == "text" and (a.text or "").strip() in SORT_ARROWS)
    ]
    gone: set[int] = set()
    for i, e in enumerate(out):
        if e.role not in ("text", "link") or not _short(e) or not has_word(e.text):
            continue
        em = font_em(e, body)
        for j in marks:
            a = out[j]
            if j == i or j in gone or not _after(e.box, a.box, em):
                continue
            if a.role == "text":  # an arrow glyph
                out[i] = replace(_as_link(e, e.box.union(a.box)), text=f"{e.text} {(a.text or '').strip()}")
                gone.add(j)
                break
            if a.box.h <= 1.3 * e.box.h and _triangle(image, a.box):
                out[i] = _as_link(e, e.box.union(a.box))
                break
    return [e for k, e in enumerate(out) if k not in gone]


def _after(label: Box, mark: Box, em: float) -> bool:
    """`mark` follows `label` on its line, at most `SORT_GAP_EM` after it."""
    overlap = min(label.y2, mark.y2) - max(label.y, mark.y)
    return -1 <= mark.x - label.x2 <= SORT_GAP_EM * em and overlap >= 0.6 * min(label.h, mark.h)


def _triangle(image: Rgb, box: Box) -> bool:
    """A filled triangle pointing down or up (its ink's row widths fall or rise steadily from a full
    base to a point), as sort arrows are drawn."""
    bg = background_around(image, box, 1, 2)
    patch = image[max(0, box.y) : box.y2, max(0, box.x) : box.x2]
    if bg is None or patch.shape[0] < 4 or patch.shape[1] < 4:
        return False
    ink = np.abs(patch.astype(np.int16) - np.asarray(bg, np.int16)).max(axis=2) >= 60
    ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if ys.size < 4 or xs.size < 4:
        return False
    ink = ink[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]  # the ink's own box
    rows = ink.sum(axis=1).astype(np.float64)
    if not 0.3 <= float(ink.mean()) <= 0.7:
        return False
    ramp = np.arange(rows.size, dtype=np.float64)
    steady = abs(float(np.corrcoef(ramp, rows)[0, 1]))
    return steady >= 0.9 and float(rows.max()) >= 0.8 * ink.shape[1]


# ---------------------------------------------------------------------- sortable header cells
HEADER_MARK_EM = 2.5
"""How far (em) from a header cell's right edge its sort mark may start (DataTables' "↑↓" pair)."""
FAINT_INK = 12
"""Levels (max channel) a faint mark differs from its cell by: the unsorted columns' arrows are drawn
at a third of the text's opacity."""


def sortable_headers(
    image: Rgb, elements: Sequence[DetectedElement], tables: Sequence[TableGrid], body: BodyText
) -> list[DetectedElement]:
    """A table whose header cells each end in a small mark at their right edge, apart from the label
    (the sort arrows of a DataTables table, faint but for the sorted column's): each such cell is a
    button holding its label, as wide as the cell (the whole cell sorts). The marks, read as glyphs or
    found as icons, go into the buttons. Needs two such cells in a header."""
    out = list(elements)
    gone: set[int] = set()
    for grid in tables:
        top = grid.header or grid.rows[0]
        cells = [Box(c.start, top.start, c.size, top.size) for c in grid.columns]
        found: list[tuple[int, Box, list[int]]] = []
        for cell in cells:
            inside = [
                k for k, e in enumerate(out) if k not in gone and cell.intersection(e.box) >= 0.8 * e.box.area
            ]
            labels = [k for k in inside if out[k].role in TEXTUAL and has_word(out[k].text)]
            if len(labels) != 1:
                continue
            label = out[labels[0]]
            if label.role == "link" and _coloured(label):
                continue  # a link of its own (datasette's column names; the mark beside is a menu's)
            em = font_em(label, body)
            # level with the label, short of the cell's border
            x0 = max(label.box.x2 + round(em), cell.x2 - round(HEADER_MARK_EM * em))
            y0 = max(cell.y + 3, label.box.y - round(0.3 * em))
            y1 = min(cell.y2 - 3, label.box.y2 + round(0.3 * em))
            band = Box(x0, y0, max(0, cell.x2 - 3 - x0), max(0, y1 - y0))
            marks = [k for k in inside if k != labels[0] and out[k].box.intersection(band) > 0]
            if any(out[k].role not in ("icon", "text") or has_word(out[k].text) for k in marks):
                continue
            if _faint_mark(image, band, label.box, em):
                found.append((labels[0], cell, marks))
        if len(found) < 2:
            continue
        for k, cell, marks in found:
            out[k] = replace(out[k], role="button", level=None, box=cell)
            gone.update(marks)
    return [e for k, e in enumerate(out) if k not in gone]


TINTED = 32
"""Channels of a text's colour this far apart make it a colour, not a grey (datasette's dark slate blue
links spread 47 levels; bootstrap's greys 16)."""


def _coloured(e: DetectedElement) -> bool:
    """Text in a colour of its own, not a shade of grey."""
    rgb = rgb_of(e.style.color) if e.style.color else None
    return rgb is not None and max(rgb) - min(rgb) >= TINTED


def has_word(text: str | None) -> bool:
    """Whether the text holds a letter or a digit (not only symbols: "▲", "·", "↑↓")."""
    return any(c.isalnum() for c in text or "")


def _faint_mark(image: Rgb, band: Box, label: Box, em: float) -> bool:
    """A small mark (at most an em and a half wide, about the label's height, level with it) in `band`,
    however faint against the band's own colour."""
    if band.w < 3 or band.h < 3:
        return False
    patch = image[band.y : band.y2, band.x : band.x2].astype(np.int16)
    ground = np.median(patch.reshape(-1, 3), axis=0)
    ink = np.abs(patch - ground).max(axis=2) > FAINT_INK
    ys, xs = np.nonzero(ink)
    if ys.size < 6:
        return False
    w, h = int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    cy = band.y + (int(ys.min()) + int(ys.max())) / 2
    return w <= 1.5 * em and 0.4 * em <= h <= 1.4 * em and abs(cy - label.cy) <= 0.4 * em


def cell_texts(elements: Sequence[DetectedElement], tables: Sequence[TableGrid]) -> list[DetectedElement]:
    """A table's cells are no menu: a link in one that neither its colour nor an underline makes a link
    (a row of column names taken for a menu, the foot repeating the header) is text."""
    boxes = [g.box for g in tables]
    return [
        replace(e, role="text")
        if e.role == "link"
        and not e.style.underline
        and not _coloured(e)
        and any(b.intersection(e.box) >= 0.9 * e.box.area for b in boxes)
        else e
        for e in elements
    ]


def item_glyphs(image: Rgb, texts: Sequence[DetectedElement]) -> list[DetectedElement]:
    """A lone character in the icon slot of a side nav's item (inside its block link, before its
    label) is the item's icon: an icon font's glyph that OCR read as a letter ("Q" for a magnifier,
    "+" for a plus in a square). A lone digit there is a number, not an icon."""
    slots = [
        Box(e.box.x, e.box.y, round(e.style.text_indent), e.box.h)
        for e in texts
        if e.role == "link" and e.style.text_indent
    ]
    out: list[DetectedElement] = []
    for e in texts:
        t = (e.text or "").strip()
        if (
            e.role in ("text", "heading")
            and len(t) == 1
            and not t.isdigit()
            and any(e.box.within(s, 1.0) for s in slots)
        ):
            ground = background_around(image, e.box)
            out.append(DetectedElement("icon", ink_box(image, e.box, ground, inset=0) or e.box))
        else:
            out.append(e)
    return out


def nav_icons(controls: Sequence[DetectedElement], texts: Sequence[DetectedElement]) -> list[DetectedElement]:
    """A box or a circle before an item of a side nav (inside the item's block link) is the item's icon,
    not a checkbox or a radio."""
    # a link's own text box holds no box before it; a lit item (a control) is a block link too
    blocks = [e.box for e in [*texts, *controls] if e.role == "link"]
    return [
        replace(e, role="icon", checked=None)
        if e.role in ("checkbox", "radio") and any(e.box.within(b, 1.0) for b in blocks)
        else e
        for e in controls
    ]
