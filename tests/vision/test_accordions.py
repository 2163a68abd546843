"""Accordions on synthetic screens: stacked headers with chevrons; a form's selects stay selects."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import DetectedElement, detect_elements
from tests.vision.render import Canvas

BORDER = (222, 226, 230)
OPEN_FILL = (231, 241, 255)
TEXT = (33, 37, 41)


def _chevron(c: Canvas, box: Box, up: bool, colour=TEXT) -> None:
    """A 12 x 7 px chevron 20 px from the box's right end, pointing down (or up)."""
    x, y = box.x2 - 32, round(box.cy) - 3
    tip, base = (y, y + 6) if up else (y + 6, y)
    c.draw.line([(x, base), (x + 6, tip), (x + 12, base)], fill=colour, width=2)


def _accordion(c: Canvas, open_at: int | None) -> list[Box]:
    """Three items, 500 px wide, each a 56 px header; the open one shows 80 px of its section."""
    headers: list[Box] = []
    y = 40
    for k, title in enumerate(["Shipping", "Returns", "Warranty"]):
        opened = k == open_at
        item = c.rect(
            f"item{k}", Box(40, y, 500, 56 + (80 if opened else 0)), fill=(255, 255, 255), outline=BORDER
        )
        header = Box(41, y + 1, 498, 55) if opened else Box(40, y, 500, 56)
        if opened:
            c.rect(f"band{k}", header, fill=OPEN_FILL)
            c.text(60, y + 76, "Orders ship within two working days.", size=16, colour=TEXT)
        c.text(60, y + 19, title, size=16, colour=(12, 99, 228) if opened else TEXT)
        _chevron(c, header, up=opened, colour=(12, 99, 228) if opened else TEXT)
        headers.append(header)
        y = item.y2 - 1  # the next item shares its top border
    return headers


def _headers(els: list[DetectedElement]) -> list[DetectedElement]:
    return sorted((e for e in els if e.expanded is not None), key=lambda e: e.box.y)


def test_stacked_headers_with_one_open_are_an_accordion() -> None:
    c = Canvas(width=640, height=400)
    boxes = _accordion(c, open_at=1)
    els = detect_elements(c.rgb(), c.lines)
    heads = _headers(els)
    assert [(e.role, e.text, e.expanded) for e in heads] == [
        ("button", "Shipping", False),
        ("button", "Returns", True),
        ("button", "Warranty", False),
    ]
    assert all(e.box.iou(b) >= 0.9 for e, b in zip(heads, boxes, strict=True))
    assert not [e for e in els if e.role == "select"]
    (acc,) = [e for e in els if e.role == "accordion"]
    assert acc.box.y <= 41 and acc.box.y2 >= boxes[-1].y2 - 1
    assert any(e.text == "Orders ship within two working days." for e in els)


def test_stacked_closed_headers_are_an_accordion() -> None:
    c = Canvas(width=640, height=400)
    _accordion(c, open_at=None)
    els = detect_elements(c.rgb(), c.lines)
    assert [e.expanded for e in _headers(els)] == [False, False, False]
    assert len([e for e in els if e.role == "accordion"]) == 1


def test_selects_of_a_form_with_labels_between_stay_selects() -> None:
    c = Canvas(width=640, height=400)
    for k, (label, value) in enumerate(
        [("Country", "Portugal"), ("Language", "Portuguese"), ("Currency", "Euro")]
    ):
        y = 30 + 90 * k
        c.text(40, y, label, size=16, colour=TEXT)
        box = c.rect(
            f"select{k}", Box(40, y + 26, 400, 38), fill=(255, 255, 255), outline=(206, 212, 218), radius=4
        )
        c.text(52, y + 36, value, size=16, colour=TEXT)
        _chevron(c, box, up=False)
    els = detect_elements(c.rgb(), c.lines)
    assert len([e for e in els if e.role == "select"]) == 3
    assert not [e for e in els if e.role == "accordion" or e.expanded is not None]
