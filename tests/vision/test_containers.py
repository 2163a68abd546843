"""Containers on synthetic screens: lists, tables, bullet lists."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from tests.vision.render import Canvas


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
