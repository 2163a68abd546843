"""A change that is only a text field's focus ring going out: the focus left it, so a click elsewhere
happened (the states are written out as a recording of AdminLTE's general form showed them)."""

from __future__ import annotations

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.behaviour import _focus_left
from replicast.pipeline.parse import ScreenState
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement


def _form() -> ScreenState:
    img = np.full((720, 1280, 3), 255, np.uint8)
    elements = (
        DetectedElement("input", Box(286, 228, 444, 38), "ana@example.com"),
        DetectedElement("checkbox", Box(286, 458, 13, 13), None),
        DetectedElement("text", Box(305, 456, 100, 19), "Check me out"),
    )
    return ScreenState(0, (0,), 0.0, 1.0, hold(img), hold(img[..., 0]), (), elements, ())


def test_a_fields_focus_ring_going_out_is_the_focus_leaving_it() -> None:
    # Given the email field's glow fading, 3 px round its box, as a click lands on a checkbox 200 px below
    ring = (Box(284, 226, 448, 42),)

    assert _focus_left(_form(), ring, 1.0)


def test_a_change_beside_a_field_or_away_from_it_is_not_its_focus_leaving() -> None:
    # a message under the field, an icon far away, no change at all
    assert not _focus_left(_form(), (Box(286, 270, 300, 19),), 1.0)
    assert not _focus_left(_form(), (Box(284, 226, 448, 42), Box(1200, 20, 16, 16)), 1.0)
    assert not _focus_left(_form(), (), 1.0)
