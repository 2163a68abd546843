"""A HiDPI recording's spec: sizes in the style are video px like its boxes, and the app's are CSS px."""

from __future__ import annotations

import numpy as np

from replicast.codegen.geometry import css_spec
from replicast.media.held import hold
from replicast.pipeline.assemble import assemble, to_video_coordinates
from replicast.pipeline.behaviour import Behaviour
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.viewport import Viewport
from replicast.spec.models import BoxShadow, Style, VideoMeta
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.shadow import Shadow
from replicast.vision.typography import css_font_px


def test_a_2x_recordings_text_is_as_large_in_the_app_as_on_its_page() -> None:
    # Given a heading parsed on the page shrunk to CSS px: 24 px text, a card of radius 4 with a shadow
    style = ElementStyle(font_size=24.0, line_height=30.0)
    heading = DetectedElement("heading", Box(100, 50, 300, 30), "Forgot Your Password?", level=1, style=style)
    card = DetectedElement(
        "card",
        Box(80, 30, 600, 400),
        style=ElementStyle(radius=4.0, shadows=(Shadow(dy=2.0, blur=6.0, alpha=0.2),)),
    )
    state = ScreenState(
        0,
        (0,),
        0.0,
        1.0,
        hold(np.zeros((720, 1280, 3), np.uint8)),
        hold(np.zeros((720, 1280), np.uint8)),
        (),
        (card, heading),
        (),
    )
    spec = assemble(VideoMeta(width=2560, height=1440, fps=30, duration=1.0), [state], Behaviour((), ()))

    # When it is mapped to the video's px (a 2x recording), then back to the app's CSS px
    video = to_video_coordinates(spec, Viewport(x=0, y=0, width=1280, height=720, scale=2.0))
    app = css_spec(video)

    # Then the spec holds video px throughout (the font's in CSS px as the screen shows it), and the app
    # gets the page's own sizes back
    px = round(css_font_px("Forgot Your Password?", 24.0), 1)
    by_role = {e.role: e for e in video.screens[0].elements}
    assert by_role["heading"].bbox == [200, 100, 600, 60]
    assert by_role["heading"].style == Style(font_size=2 * px, line_height=60.0)
    assert by_role["card"].style == Style(radius=8.0, shadows=[BoxShadow(dy=4.0, blur=12.0, alpha=0.2)])
    back = {e.role: e for e in app.screens[0].elements}
    assert back["heading"].style == Style(font_size=px, line_height=30.0)
    assert back["card"].style == Style(radius=4.0, shadows=[BoxShadow(dy=2.0, blur=6.0, alpha=0.2)])
