"""Closed shapes and their colours."""

from __future__ import annotations

import cv2
import numpy as np

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.shapes import describe, find_shapes
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


def _through_420(rgb: Rgb) -> Rgb:
    """`rgb` as a 4:2:0 video carries it: each 2x2 block of pixels shares its mean chroma."""
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb).astype(np.float32)
    h, w = ycc.shape[:2]
    blocks = ycc[:, :, 1:].reshape(h // 2, 2, w // 2, 2, 2).mean(axis=(1, 3))
    ycc[:, :, 1:] = blocks.repeat(2, axis=0).repeat(2, axis=1)
    out: Rgb = cv2.cvtColor(np.round(ycc).astype(np.uint8), cv2.COLOR_YCrCb2RGB)
    return out


def test_boxes_shed_the_chroma_fringe_a_420_video_smears_round_them() -> None:
    c = Canvas()
    # odd tops: the 2x2 chroma block of each top edge takes in the row above it, and the bottom edge's
    # the row below
    focused = Box(40, 41, 240, 38)
    button = Box(40, 121, 120, 38)
    c.rect("field", focused, fill=(255, 255, 255), outline=(128, 189, 255))
    c.rect("button", button, fill=(0, 123, 255), radius=4)
    shapes = find_shapes(_through_420(c.rgb()))
    field = next(s for s in shapes if s.box.iou(focused) >= 0.8)
    assert field.box == focused
    assert field.outlined, "the border is read in the fringe's place"
    assert next(s for s in shapes if s.box.iou(button) >= 0.8).box == button


def test_a_small_icon_keeps_its_anti_aliased_outline() -> None:
    c = Canvas()
    c.draw.ellipse([101, 101, 117, 117], fill=(73, 80, 87))
    shape = next(s for s in find_shapes(_through_420(c.rgb())) if s.box.iou(Box(101, 101, 17, 17)) >= 0.6)
    assert shape.box.w >= 17 and shape.box.h >= 17


def test_a_focused_field_is_its_border_without_the_glow_round_some_of_its_sides() -> None:
    # Given a focused field (a light blue border) with bootstrap's 3 px focus glow (its outer line
    # blurred paler by the video), which the field's scrolling parent clips at its top and right
    c = Canvas()
    field = Box(60, 40, 200, 31)
    c.rect("blur", Box(field.x - 3, field.y, field.w + 3, field.h + 3), fill=(240, 243, 255))
    c.rect("glow", Box(field.x - 2, field.y, field.w + 2, field.h + 2), fill=(211, 219, 247))
    c.rect("field", field, fill=(255, 255, 255), outline=(186, 200, 243))
    shapes = find_shapes(c.rgb())

    # Then the field is found outlined as its border's box (the glow's box is no shape of its own), in
    # the border's colour
    near = [s for s in shapes if s.box.iou(field) >= 0.8 and s.outlined]
    assert near and all(s.box == field for s in near), [s.box for s in near]
    found = near[0]
    assert found.outlined and found.edge is not None
    assert max(abs(a - b) for a, b in zip(found.edge, (186, 200, 243), strict=True)) <= 8


def test_links_sharing_their_borders_are_boxes_of_their_own_borders() -> None:
    # Given a pagination: four links in a row, each border shared with the next
    c = Canvas()
    boxes = [Box(100, 60, 88, 38), Box(187, 60, 35, 38), Box(221, 60, 34, 38), Box(254, 60, 59, 38)]
    for k, b in enumerate(boxes):
        c.rect(f"page{k}", b, fill=(255, 255, 255), outline=(221, 223, 235))
    shapes = find_shapes(c.rgb())

    # Then each link is found outlined, its box taking in its borders
    for b in boxes:
        found = next((s for s in shapes if s.box.iou(b) >= 0.8), None)
        assert found is not None and found.outlined, (b, [s.box for s in shapes])
        assert abs(found.box.x - b.x) <= 1 and abs(found.box.x2 - b.x2) <= 1
        assert found.box.y == b.y and found.box.h == b.h


def test_a_cards_shadow_is_not_taken_for_a_border_round_it() -> None:
    # Given a white card on a light grey page, its shadow's darkest line right round it and beyond that
    # the shadow cast down (todomvc's): dark below, fainter at the sides, none above
    c = Canvas(background=(245, 245, 245))
    card = Box(100, 80, 300, 200)
    c.rect("below", Box(card.x - 2, card.y2, card.w + 4, 6), fill=(190, 190, 190))
    c.rect("sides", Box(card.x - 2, card.y, card.w + 4, card.h), fill=(232, 232, 232))
    c.rect("near", Box(card.x - 1, card.y - 1, card.w + 2, card.h + 2), fill=(223, 223, 223))
    c.rect("card", card, fill=(252, 252, 252))

    found = describe(c.rgb(), card)

    # Then it stays the card's box, with no border (the line round it lies between unlike things)
    assert found.box == card and not found.outlined


def test_a_dark_themes_card_whose_shadow_softens_its_edge_is_found() -> None:
    # Given AdminLTE's dark mode: a #343a40 card on the #454d55 page, its drop shadow darkening the
    # lighter page beside it, so that each side ramps over 4 px in steps under the edge threshold
    page, card = (69, 77, 85), Box(120, 80, 240, 90)
    c = Canvas(background=page)
    for k, shade in ((4, (68, 76, 84)), (3, (67, 74, 82)), (2, (64, 71, 79)), (1, (59, 66, 73))):
        c.rect(f"shadow{k}", Box(card.x - k, card.y - k, card.w + 2 * k, card.h + 2 * k), fill=shade)
    c.rect("card", card, fill=(52, 58, 64))

    # Then the card is a filled shape in its own colour, its sides found within the ramp (2 px)
    found = [s for s in find_shapes(c.rgb()) if s.filled and s.box.iou(card) >= 0.9]
    assert found, [s.box for s in find_shapes(c.rgb())]
    b = found[0].box
    assert max(abs(b.x - card.x), abs(b.y - card.y), abs(b.x2 - card.x2), abs(b.y2 - card.y2)) <= 2, b
    assert found[0].fill == (52, 58, 64)


def test_on_a_dark_page_a_card_a_few_levels_off_blurred_by_the_video_is_found() -> None:
    # Given a dark theme's card 12-15 levels darker than the page, its edge spread over a pixel (as
    # 4:2:0 video draws it): each one-pixel step 7-8 levels, the step across it 15
    page, card = (68, 76, 83), Box(120, 80, 240, 90)
    c = Canvas(background=page)
    c.rect("blur", Box(card.x - 1, card.y - 1, card.w + 2, card.h + 2), fill=(62, 69, 76))
    c.rect("card", card, fill=(56, 62, 68))

    # Then it is a filled shape (a light page keeps the coarser step: the same card there is none)
    found = [s for s in find_shapes(c.rgb()) if s.filled and s.box.iou(card) >= 0.9]
    assert found, [s.box for s in find_shapes(c.rgb())]
    light = Canvas(background=(255, 255, 255))
    light.rect("blur", Box(card.x - 1, card.y - 1, card.w + 2, card.h + 2), fill=(249, 248, 247))
    light.rect("card", card, fill=(243, 241, 240))
    assert not [s for s in find_shapes(light.rgb()) if s.box.iou(card) >= 0.9]
