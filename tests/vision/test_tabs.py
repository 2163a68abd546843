"""Tabs on synthetic screens: a marked label over a rule is the active tab; rows without one are not."""

from __future__ import annotations

from dataclasses import replace

from replicast.vision.base import Box
from replicast.vision.detect import DetectedElement, detect_elements
from replicast.vision.elements import ElementStyle
from replicast.vision.tabs import find_tabs
from replicast.vision.texts import BodyText
from tests.vision.render import Canvas

BORDER = (222, 226, 230)
LINK = (13, 110, 253)
GREY = (90, 90, 90)


def _tabs(els: list[DetectedElement]) -> list[DetectedElement]:
    return sorted((e for e in els if e.role == "tab"), key=lambda e: e.box.x)


TAB_BOXES = [Box(40, 48, 80, 40), Box(120, 48, 92, 40), Box(212, 48, 100, 40)]


def _nav_tabs(active_colour: tuple[int, int, int]) -> Canvas:
    """Bootstrap's nav-tabs "Home", "Profile", "Settings": the rule under the row broken under the first
    (active) tab's box; its label in `active_colour`, the others in the link colour."""
    c = Canvas(width=800, height=300)
    c.draw.line([(20, 87), (779, 87)], fill=BORDER)
    c.rect("active", TAB_BOXES[0], fill=(255, 255, 255), outline=BORDER)
    c.draw.line([(41, 87), (118, 87)], fill=(255, 255, 255))
    colours = [active_colour, LINK, LINK]
    for box, name, colour in zip(TAB_BOXES, ["Home", "Profile", "Settings"], colours, strict=True):
        c.text_centred(box, name, size=16, colour=colour)
    return c


def test_bordered_tab_open_onto_the_panel_is_the_active_one() -> None:
    # Given bootstrap's nav-tabs: the rule under the row is broken under the active tab's box
    c = _nav_tabs((73, 80, 87))
    boxes = TAB_BOXES
    c.text(40, 110, "The home tab shows what is new in the account.", size=16)
    # When
    els = detect_elements(c.rgb(), c.lines)
    # Then
    tabs = _tabs(els)
    assert [t.text for t in tabs] == ["Home", "Profile", "Settings"]
    assert [t.selected for t in tabs] == [True, False, False]
    assert tabs[0].box.iou(boxes[0]) >= 0.8
    assert all(t.box.iou(b) >= 0.5 for t, b in zip(tabs, boxes, strict=True))
    (tablist,) = [e for e in els if e.role == "tablist"]
    assert tablist.box.x <= 41 and tablist.box.x2 >= 300


def test_underlined_tab_over_a_rule_is_the_active_one() -> None:
    c = Canvas(width=700, height=300)
    c.draw.line([(20, 86), (679, 86)], fill=(200, 200, 200))
    boxes = [Box(30, 44, 110, 44), Box(140, 44, 100, 44), Box(240, 44, 100, 44)]
    c.rect("bar", Box(140, 85, 100, 3), fill=LINK)
    for box, name in zip(boxes, ["Overview", "Activity", "Members"], strict=True):
        c.text_centred(box, name, size=15, colour=LINK if box.x == 140 else GREY)
    c.text(30, 110, "Recent activity of the team appears here.", size=15)
    els = detect_elements(c.rgb(), c.lines)
    tabs = _tabs(els)
    assert [t.text for t in tabs] == ["Overview", "Activity", "Members"]
    assert [t.selected for t in tabs] == [False, True, False]
    assert tabs[1].box.iou(boxes[1]) >= 0.6
    # the underline stays drawn, in its colour
    assert any(e.role == "container" and e.style.background == "#0d6efd" for e in els)


def test_a_nav_bar_with_a_highlighted_link_is_no_tab_list() -> None:
    c = Canvas(width=800, height=300)
    c.rect("bar", Box(0, 0, 800, 56), fill=(33, 37, 41))
    pill = c.rect("pill", Box(100, 12, 70, 32), fill=(70, 75, 80), radius=6)
    c.text(30, 20, "Home", size=16, colour=(200, 200, 200))
    c.text_centred(pill, "About", size=16)
    c.text(190, 20, "Contact", size=16, colour=(200, 200, 200))
    c.text(30, 100, "Welcome to the site.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("tab", "tablist")]


def test_a_table_header_over_its_rule_is_no_tab_list() -> None:
    c = Canvas(width=700, height=300)
    for x, name in [(40, "Name"), (200, "Born"), (320, "Country")]:
        c.text(x, 40, name, size=16, bold=True)
    c.draw.line([(30, 64), (500, 64)], fill=(120, 120, 120), width=2)
    for k, row in enumerate([("Ada", "1815", "UK"), ("Alan", "1912", "UK")]):
        for x, cell in zip((40, 200, 320), row, strict=True):
            c.text(x, 76 + 28 * k, cell, size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("tab", "tablist")]


def test_links_with_an_underlined_one_and_no_rule_are_no_tab_list() -> None:
    c = Canvas(width=700, height=200)
    for x, name in [(40, "Docs"), (110, "Blog"), (180, "Pricing")]:
        box = c.text(x, 40, name, size=16, colour=LINK)
        if name == "Blog":
            c.draw.line([(box.x, box.y2 + 2), (box.x2, box.y2 + 2)], fill=LINK, width=2)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("tab", "tablist")]


def test_a_link_as_tall_as_a_block_is_no_tab() -> None:
    # Given bootstrap's nav-tabs whose middle label is a block link 2.25 em tall on their line (a side
    # nav's item meeting a row of labels beside it, as a dark dashboard's sidebar meets a card's title)
    c = _nav_tabs(LINK)
    style = ElementStyle(font_size=16.0)
    labels = [DetectedElement("link", line.box, line.text, style=style) for line in c.lines]
    block = [
        replace(e, box=Box(e.box.x, round(e.box.cy) - 18, e.box.w, 36)) if e.text == "Profile" else e
        for e in labels
    ]

    # When tabs are looked for among the labels, and with the block link among them
    body = BodyText(em=16.0, colour=(73, 80, 87))
    _, found = find_tabs(c.rgb(), labels, body)
    _, none = find_tabs(c.rgb(), block, body)

    # Then the labels make a tab list, the block link breaks it
    assert [e.role for e in found] == ["tablist"]
    assert none == []
