"""Rules (thin lines no box accounts for) on synthetic screens: found as painted containers, and not
confused with a box's border, an underline or a short stroke."""

from __future__ import annotations

import pytest

from replicast.vision.base import Box
from replicast.vision.detect import DetectedElement, detect_elements
from tests.vision.render import Canvas


def _rules(els: list[DetectedElement]) -> list[DetectedElement]:
    return [e for e in els if e.role == "container" and e.box.h <= 2]


@pytest.mark.parametrize("thick", [1, 2])
def test_a_line_between_a_button_and_the_others_is_a_rule(thick: int) -> None:
    # Given a card: a button, a light rule under it, then two more buttons
    c = Canvas(width=640, height=360)
    c.rect("card", Box(20, 20, 600, 320), fill=(255, 255, 255), outline=(210, 210, 210), radius=6)
    c.rect("register", Box(60, 60, 520, 44), fill=(78, 115, 223), radius=22)
    c.text_centred(c.boxes["register"], "Register Account", size=14)
    c.draw.rectangle([60, 124, 579, 124 + thick - 1], fill=(227, 230, 240))
    c.rect("google", Box(60, 144, 520, 44), fill=(234, 67, 53), radius=22)
    c.text_centred(c.boxes["google"], "Register with Google", size=14)
    c.rect("facebook", Box(60, 198, 520, 44), fill=(59, 89, 152), radius=22)
    c.text_centred(c.boxes["facebook"], "Register with Facebook", size=14)
    c.text(60, 280, "Forgot Password?", size=14, colour=(78, 115, 223))

    els = detect_elements(c.rgb(), c.lines)

    # Then the rule is found as one thin container painted its colour, and the card's border is none
    (rule,) = _rules(els)
    assert rule.box == Box(60, 124, 520, thick)
    assert rule.style is not None and rule.style.background == "#e3e6f0"


def test_borders_underlines_and_short_strokes_are_no_rules() -> None:
    # Given an outlined box, a long underlined link, and a short line under a heading
    c = Canvas(width=640, height=300)
    c.rect("panel", Box(20, 20, 600, 120), fill=(255, 255, 255), outline=(200, 200, 200))
    c.text(40, 40, "Some plain body text inside an outlined panel", size=16)
    link = c.text(40, 180, "Read the whole documentation of this project", size=16, colour=(37, 99, 235))
    c.draw.line([(link.x, link.y2 + 2), (link.x2 - 1, link.y2 + 2)], fill=(37, 99, 235), width=1)
    c.text(40, 230, "Heading", size=20, colour=(20, 20, 20))
    c.draw.line([(40, 258), (100, 258)], fill=(120, 120, 120), width=1)

    els = detect_elements(c.rgb(), c.lines)

    assert _rules(els) == []
