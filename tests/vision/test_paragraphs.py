"""Wrapped lines of a paragraph become one text element; lists, menus and marked items stay apart."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import DetectedElement, detect_elements
from replicast.vision.elements import ElementStyle
from replicast.vision.paragraphs import join_paragraphs
from tests.vision.render import Canvas

PARAGRAPH = [
    "Bring to the table win-win survival strategies to ensure proactive domination. At the",
    "end of the day, going forward, a new normal that has evolved from generation X is on",
    "the runway heading towards a streamlined cloud solution.",
]


def _texts(els: list[DetectedElement]) -> list[str]:
    return [e.text or "" for e in els if e.role == "text"]


def test_wrapped_lines_are_one_text_with_their_line_pitch() -> None:
    c = Canvas(width=900, height=260)
    boxes = [
        c.text(40, 40 + 24 * i, line, size=14, colour=(108, 117, 125)) for i, line in enumerate(PARAGRAPH)
    ]
    els = detect_elements(c.rgb(), c.lines)
    paragraph = [e for e in els if e.role == "text"]
    assert [e.text for e in paragraph] == ["\n".join(PARAGRAPH)]
    p = paragraph[0]
    assert p.style.line_height is not None and abs(p.style.line_height - 24) <= 1.5
    union = boxes[0].union(boxes[2])
    # the inline box of the lines: the ink plus side bearings and the line's half-leading
    assert abs(p.box.x - union.x) <= 2 and abs(p.box.x2 - union.x2) <= 16
    assert p.box.y <= union.y and p.box.y2 >= union.y2


def test_a_menu_of_short_lines_stays_one_text_per_line() -> None:
    c = Canvas(width=400, height=260)
    items = ["About", "Experience", "Education", "Skills"]
    for i, item in enumerate(items):
        c.text(40, 40 + 22 * i, item, size=16)
    assert sorted(_texts(detect_elements(c.rgb(), c.lines))) == sorted(items)


def test_items_each_behind_a_marker_stay_apart_even_when_long() -> None:
    c = Canvas(width=900, height=200)
    items = [
        "Cross browser testing and debugging of every page on every supported device",
        "Cross functional teams that ship small changes every single day of the week",
    ]
    for i, item in enumerate(items):
        c.rect(f"bullet{i}", Box(40, 46 + 24 * i, 8, 8), fill=(60, 60, 60))
        c.text(60, 40 + 24 * i, item, size=14)
    assert sorted(_texts(detect_elements(c.rgb(), c.lines))) == sorted(items)


def _line(y: int, w: int, colour: str = "#6c757d", weight: str = "normal", x: int = 40) -> DetectedElement:
    style = ElementStyle(color=colour, font_size=14.0, font_weight="bold" if weight == "bold" else "normal")
    return DetectedElement("text", Box(x, y, w, 17), "x " * (w // 14), style=style)


def test_lines_that_differ_in_colour_weight_pitch_or_edge_are_not_joined() -> None:
    base = _line(40, 700)
    others = [
        _line(64, 700, colour="#bd5d38"),  # another colour
        _line(64, 700, weight="bold"),  # another weight
        _line(100, 700),  # 4 em below: a new paragraph
        _line(64, 700, x=120),  # another left edge and centre
    ]
    for other in others:
        assert len(join_paragraphs([base, other])) == 2, other
    assert len(join_paragraphs([base, _line(64, 300)])) == 1  # a short last line is fine
    assert len(join_paragraphs([_line(40, 300), _line(64, 700)])) == 2  # a short line did not wrap
