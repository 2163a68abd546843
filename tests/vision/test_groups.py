"""Menus, nav bars and containers on synthetic screens."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from tests.vision.render import Canvas


def test_top_bar_is_a_nav_and_its_breadcrumb_items_are_links() -> None:
    c = Canvas(width=800, height=400, background=(248, 250, 251))
    c.rect("bar", Box(0, 0, 800, 42), fill=(39, 104, 144))
    c.text(16, 12, "home / library", size=16, colour=(230, 240, 240))
    c.text(16, 100, "A page with a bar across its top.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert sorted(e.text or "" for e in els if e.role == "link") == ["home", "library"]
    assert any(e.role == "nav" and e.box.iou(Box(0, 0, 800, 42)) >= 0.9 for e in els)


def test_side_nav_items_are_block_links() -> None:
    c = Canvas(width=800, height=500)
    c.rect("side", Box(0, 0, 240, 500), fill=(189, 93, 56))
    for k, name in enumerate(["ABOUT", "EXPERIENCE", "SKILLS", "AWARDS"]):
        c.text_centred(Box(0, 100 + 40 * k, 240, 40), name, size=15, colour=(240, 200, 190))
    c.text(300, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    links = sorted((e for e in els if e.role == "link"), key=lambda e: e.box.y)
    assert [e.text for e in links] == ["ABOUT", "EXPERIENCE", "SKILLS", "AWARDS"]
    for k, e in enumerate(links):
        assert e.box.iou(Box(0, 100 + 40 * k, 240, 40)) >= 0.7
    assert any(e.role == "nav" for e in els)


def test_stacked_rows_are_a_list() -> None:
    c = Canvas(width=640, height=400)
    for k, item in enumerate(["Read chapter 4", "Book flights", "Call the bank"]):
        c.rect(f"row{k}", Box(40, 40 + 60 * k, 400, 61), fill=(255, 255, 255), outline=(220, 220, 220))
        c.text(60, 58 + 60 * k, item, size=20)
    els = detect_elements(c.rgb(), c.lines)
    assert [e.role for e in els].count("listitem") == 3
    (lst,) = [e for e in els if e.role == "list"]
    assert lst.box.iou(Box(40, 40, 400, 181)) >= 0.9


def test_aligned_text_is_a_table() -> None:
    c = Canvas(width=640, height=400)
    rows = [
        ("1", "Ursula K. Le Guin", "1929"),
        ("2", "Octavia E. Butler", "1947"),
        ("3", "Stanislaw Lem", "1921"),
    ]
    for k, row in enumerate(rows):
        for x, cell in zip((40, 90, 300), row, strict=True):
            c.text(x, 60 + 33 * k, cell, size=16)
    els = detect_elements(c.rgb(), c.lines)
    tables = [e for e in els if e.role == "table"]
    assert len(tables) == 1
    assert tables[0].box.x <= 41 and tables[0].box.x2 >= 330
    assert all(e.role == "text" for e in els if e.text)


def test_filter_tabs_with_a_selected_pill_are_all_clickable() -> None:
    c = Canvas()
    c.rect("strip", Box(300, 40, 200, 36), fill=(226, 232, 240), radius=8)
    pill = c.rect("all", Box(304, 44, 50, 28), fill=(255, 255, 255), radius=6)
    c.text_centred(pill, "All", size=15, colour=(20, 20, 20))
    c.text(372, 50, "Active", size=15, colour=(90, 90, 90))
    c.text(440, 50, "Done", size=15, colour=(90, 90, 90))
    c.text(40, 50, "1 task left", size=15)
    els = detect_elements(c.rgb(), c.lines)
    clickable = sorted(e.text or "" for e in els if e.role in ("button", "link"))
    assert clickable == ["Active", "All", "Done"]


def test_bulleted_lines_are_a_list_not_a_table() -> None:
    c = Canvas()
    for k, tip in enumerate(
        ["Press Enter to add a task.", "Click a task to tick it.", "The counter counts."]
    ):
        c.text(40, 40 + 26 * k, "•", size=16)
        c.text(58, 40 + 26 * k, tip, size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert [e.role for e in els].count("list") == 1
    assert [e.role for e in els].count("listitem") == 3
    assert not [e for e in els if e.role == "table"]
