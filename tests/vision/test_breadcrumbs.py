"""Breadcrumbs on synthetic screens: linked names joined by separators; sentences with a slash are not."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import DetectedElement, detect_elements
from tests.vision.render import Canvas

LINK = (13, 110, 253)
MUTED = (108, 117, 125)
BODY = (33, 37, 41)


def _trail(els: list[DetectedElement]) -> list[DetectedElement]:
    (trail,) = [e for e in els if e.role == "breadcrumb"]
    return sorted(
        (e for e in els if e.text and trail.box.intersection(e.box) >= 0.8 * e.box.area),
        key=lambda e: e.box.x,
    )


def _page(c: Canvas) -> None:
    c.text(40, 100, "Datasets", size=32, bold=True)
    c.text(40, 160, "Every dataset the library holds, newest first.", size=16, colour=BODY)


def test_linked_names_joined_by_slashes_are_a_breadcrumb_ending_at_the_current_page() -> None:
    c = Canvas(width=700, height=260)
    line = c.runs(
        40, 40, [("Home", LINK), ("/", MUTED), ("Library", LINK), ("/", MUTED), ("Datasets", MUTED)]
    )
    _page(c)
    els = detect_elements(c.rgb(), c.lines)
    parts = _trail(els)
    assert [(e.text, e.role) for e in parts] == [
        ("Home", "link"),
        ("/", "text"),
        ("Library", "link"),
        ("/", "text"),
        ("Datasets", "text"),
    ]
    assert [e.current for e in parts] == [None, None, None, None, True]
    (trail,) = [e for e in els if e.role == "breadcrumb"]
    assert trail.box.iou(Box(line.x, line.y - 2, line.w, line.h + 6)) >= 0.6


def test_names_read_as_separate_lines_with_chevrons_are_a_breadcrumb() -> None:
    c = Canvas(width=700, height=260)
    x = 40
    for text, colour in [("Docs", LINK), ("›", MUTED), ("Guides", LINK), ("›", MUTED), ("Install", MUTED)]:
        x = c.text(x, 40, text, size=16, colour=colour).x2 + 8
    _page(c)
    els = detect_elements(c.rgb(), c.lines)
    parts = _trail(els)
    assert [e.text for e in parts if e.role == "link"] == ["Docs", "Guides"]
    assert [e.text for e in parts if e.current] == ["Install"]


def test_a_sentence_with_a_slash_is_no_breadcrumb() -> None:
    c = Canvas(width=700, height=200)
    c.text(40, 40, "Choose read / write access", size=16, colour=BODY)
    c.text(40, 80, "Keys can be revoked at any time from this page.", size=16, colour=BODY)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("breadcrumb", "link")]


def test_plain_names_joined_by_a_slash_are_no_breadcrumb() -> None:
    c = Canvas(width=700, height=200)
    c.text(40, 40, "Home / Library", size=16, colour=BODY)
    c.text(40, 80, "Keys can be revoked at any time from this page.", size=16, colour=BODY)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("breadcrumb", "link")]


def test_links_of_a_top_bar_joined_by_slashes_are_a_breadcrumb() -> None:
    c = Canvas(width=800, height=300, background=(248, 250, 251))
    c.rect("bar", Box(0, 0, 800, 42), fill=(39, 104, 144))
    c.text(16, 12, "home / library", size=16, colour=(230, 240, 240))
    c.text(16, 100, "A page with a bar across its top.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    parts = _trail(els)
    assert [(e.text, e.role, e.current) for e in parts] == [
        ("home", "link", None),
        ("/", "text", None),
        ("library", "link", None),
    ]
