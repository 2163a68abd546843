"""Element detection for one screen image: OCR lines + classical CV (UIED-style) -> typed elements.

    lines = engine.read(rgb)
    for el in detect_elements(rgb, lines):
        el.role, el.box, el.text, el.style

Steps: measure every text line (size, colour, weight, underline); find closed shapes; turn shapes with
their text into controls (buttons, inputs, selects, toggles, icon buttons); turn the remaining lines into
headings, links (by colour, underline, or a place in a nav/menu) and text; split breadcrumbs into their
names; turn stacked select-like headers into accordion buttons and marked rows of labels over a rule into
tabs; join the wrapped lines of a paragraph into one text; add icons and images from non-text ink; add
containers (nav bars, cards, lists, tables, breadcrumbs, accordions, tab lists) that carry no text, so
every word is carried by exactly one element (a table's cells hold no menu links; header cells ending in
sort marks are buttons); and the rules no box accounts for (an `<hr>`), as thin painted containers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from replicast.media.base import Rgb
from replicast.vision.accordions import find_accordions
from replicast.vision.base import Box, TextLine
from replicast.vision.breadcrumbs import breadcrumbs
from replicast.vision.containers import card_tools, containers
from replicast.vision.controls import find_controls
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.graphics import graphics
from replicast.vision.menus import (
    bar_buttons,
    bar_glyphs,
    brand_link,
    cell_texts,
    has_word,
    item_glyphs,
    menu_links,
    nav_icons,
    sort_controls,
    sortable_headers,
    top_bar,
)
from replicast.vision.paragraphs import join_paragraphs
from replicast.vision.rules import rules
from replicast.vision.shapes import find_shapes
from replicast.vision.tabs import find_tabs
from replicast.vision.texts import (
    TextInfo,
    analyse_line,
    body_text,
    glyph_icons,
    is_check_mark,
    line_elements,
)
from replicast.vision.typography import CONTENT

__all__ = ["DetectedElement", "ElementStyle", "detect_elements"]


def detect_elements(image: Rgb, lines: Sequence[TextLine]) -> list[DetectedElement]:
    """Typed elements of one RGB screen image, in reading order. `lines` are the image's OCR lines."""
    infos = [analyse_line(image, i, t) for i, t in enumerate(lines) if t.text.strip()]
    # a check mark read as a "V" is no text: its ink is left to the icons
    infos = [t for t in infos if not is_check_mark(image, t)]
    # so is an icon font's glyph read as a lone ideograph ("田")
    icons = glyph_icons(infos)
    infos = [t for t in infos if t.index not in icons]
    body = body_text(infos)
    infos = [t if has_word(t.text) else _body_sized(t, body.em) for t in infos]
    shapes = find_shapes(image)
    # the top bar once: found by its shape, or by the rule under it (a row scan)
    bar = top_bar(image, shapes, body)
    # its icons read as letters are left to the icons too
    glyphs = bar_glyphs(infos, bar)
    infos = [t for t in infos if t.index not in glyphs]
    controls = find_controls(image, shapes, infos, body)
    free = [t for t in infos if t.index not in controls.used]
    texts = [el for t in free for el in line_elements(image, t, body)]
    texts = item_glyphs(image, menu_links(image, texts, bar, body, controls.elements))
    controls.elements = nav_icons(controls.elements, texts)
    # a lone symbol ("▲" of a scrollbar, "·") is decoration, whatever its colour or place
    texts = [replace(e, role="text") if e.role == "link" and not has_word(e.text) else e for e in texts]
    texts, trails = breadcrumbs(image, texts, body)
    out, accordions = find_accordions(image, controls.elements + texts, body)
    out, tablists = find_tabs(image, out, body)
    labels = [t.ink for t in infos if t.index not in controls.glyphs]
    out += graphics(image, out, body, controls.elements, labels)
    out = bar_buttons(out, bar, body)
    out = sort_controls(image, out, body)
    out = join_paragraphs(out)
    boxes = containers(image, shapes, out, body, bar)
    grids = [e.table for e in boxes if e.table is not None]
    out = sortable_headers(image, cell_texts(out, grids), grids, body)
    out = _message_texts(out, [e.box for e in boxes if e.role == "alert"])
    out = brand_link(card_tools(out + boxes, body), bar) + trails + accordions + tablists
    out += rules(image, out, [s.box for s in shapes], body.em)
    return sorted(out, key=lambda e: (e.box.y, e.box.x))


def _body_sized(info: TextInfo, em: float) -> TextInfo:
    """A line of symbols only ("=", "-", "•"), whose ink says nothing of its font size (an "=" is a
    quarter em tall), in the body's size, its box centred on its ink."""
    ink, h = info.ink, round(CONTENT * em)
    return replace(info, em=em, box=Box(ink.x, round(ink.y + ink.h / 2 - h / 2), ink.w, h))


def _message_texts(elements: list[DetectedElement], alerts: Sequence[Box]) -> list[DetectedElement]:
    """Text in a message box is drawn in its tint's darker shade, which a blue tint makes look like a
    link's colour: only an underline makes a link there."""
    return [
        replace(e, role="text")
        if e.role == "link"
        and not e.style.underline
        and any(a.intersection(e.box) >= 0.9 * e.box.area for a in alerts)
        else e
        for e in elements
    ]
