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


def test_a_card_is_its_own_box_without_the_drop_shadow_around_it() -> None:
    c = Canvas(background=(230, 230, 230))
    card = Box(100, 80, 300, 200)
    # a soft shadow: 6 px of darker bands, darkest next to the card
    for k in range(6, 0, -1):
        grey = 230 - 7 * (7 - k)
        c.rect(f"shadow{k}", Box(card.x - k, card.y - k, card.w + 2 * k, card.h + 2 * k), fill=(grey,) * 3)
    c.rect("card", card, fill=(255, 255, 255))
    c.rect("bar", Box(card.x, card.y, card.w, 15), fill=(140, 124, 118))
    found = max(find_shapes(c.rgb()), key=lambda s: s.box.area)
    assert found.box == card
    assert found.fill == (255, 255, 255)
    assert found.radius == 0  # the brown top edge is not a rounded corner
    # a 2 px border is the box's own edge, never shed
    c = Canvas()
    c.rect("field", Box(40, 40, 240, 60), fill=(255, 255, 255), outline=(120, 120, 120), width=2)
    assert any(s.box == Box(40, 40, 240, 60) for s in find_shapes(c.rgb()))


def test_a_strip_stacked_under_a_card_is_not_part_of_the_card() -> None:
    c = Canvas(background=(235, 235, 235))
    card, strip = Box(100, 60, 400, 150), Box(106, 210, 388, 34)
    c.rect("card", card, fill=(255, 255, 255), outline=(205, 205, 205), width=1)
    c.rect("strip", strip, fill=(238, 238, 238), outline=(205, 205, 205), width=1)
    boxes = [s.box for s in find_shapes(c.rgb())]
    assert any(b.y == card.y and abs(b.y2 - card.y2) <= 1 and abs(b.w - card.w) <= 1 for b in boxes)
    assert any(abs(b.y - strip.y) <= 1 and abs(b.w - strip.w) <= 2 for b in boxes)
    assert not any(b.y2 >= strip.y2 - 1 and b.w >= card.w - 1 for b in boxes)  # no box around both
