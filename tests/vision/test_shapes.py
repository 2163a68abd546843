"""Closed shapes and their colours."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.shapes import find_shapes
from tests.vision.render import Canvas


def test_outlined_and_filled_boxes_are_found_with_their_colours() -> None:
    c = Canvas()
    c.rect("field", Box(40, 40, 240, 36), fill=(255, 255, 255), outline=(206, 212, 218))
    c.rect("button", Box(40, 120, 120, 40), fill=(220, 53, 69), radius=8)
    shapes = {s.box: s for s in find_shapes(c.rgb())}
    field = next(s for b, s in shapes.items() if b.iou(Box(40, 40, 240, 36)) >= 0.9)
    assert field.outlined and not field.filled
    assert field.edge == (206, 212, 218)
    button = next(s for b, s in shapes.items() if b.iou(Box(40, 120, 120, 40)) >= 0.9)
    assert button.filled and button.fill == (220, 53, 69)
    assert 4 <= button.radius <= 12
    assert not button.round


def test_circle_is_round() -> None:
    c = Canvas()
    c.draw.ellipse([100, 100, 155, 155], fill=(73, 80, 87))
    shape = next(s for s in find_shapes(c.rgb()) if s.box.iou(Box(100, 100, 56, 56)) >= 0.85)
    assert shape.round
    assert 0.7 <= shape.solidity <= 0.85


def test_blank_screen_has_no_shapes() -> None:
    assert find_shapes(Canvas().rgb()) == []
