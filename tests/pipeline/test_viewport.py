"""detect_viewport(): the page inside browser chrome, a desktop or letterbox bars; mapping back."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from replicast.media.base import Rgb, rgb_to_luma
from replicast.media.crop import CroppedSource
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import encode_video, render_frames, script_truth
from replicast.pipeline.segment import SegmentConfig, segment
from replicast.pipeline.viewport import Viewport, detect_viewport, first_lumas, thin_stroke_share
from replicast.spec.models import Viewport as SpecViewport
from replicast.vision.base import Box
from tests.pipeline.framing import in_browser, letterboxed
from tests.pipeline.scripts import sign_in_script


@pytest.fixture(scope="module")
def page() -> list[Rgb]:
    """The first 3 frames of the sign-in recording (640x360)."""
    return list(islice(render_frames(sign_in_script()), 3))


def _lumas(frames: list[Rgb]) -> list[np.ndarray]:
    return [rgb_to_luma(f) for f in frames]


def test_a_page_alone_is_the_whole_frame_at_1x(page: list[Rgb]) -> None:
    vp = detect_viewport(_lumas(page))

    assert (vp.x, vp.y, vp.width, vp.height, vp.scale, vp.found) == (0, 0, 640, 360, 1.0, "frame")


def test_letterbox_bars_are_cut_off(page: list[Rgb]) -> None:
    framed, frames = letterboxed(page, (640, 480))

    vp = detect_viewport(_lumas(list(frames)))

    assert vp.video_box == framed.page == Box(0, 60, 640, 360)
    assert vp.found == "letterbox"


def test_pillarbox_bars_are_cut_off(page: list[Rgb]) -> None:
    framed, frames = letterboxed(page, (800, 360))

    vp = detect_viewport(_lumas(list(frames)))

    assert vp.video_box == framed.page == Box(80, 0, 640, 360)


def test_a_dark_band_on_one_side_only_is_the_page() -> None:
    # a dark page header, 40 px, with nothing like it at the bottom: not a letterbox
    img = np.full((360, 640, 3), 250, np.uint8)
    img[:40] = 8
    img[150:170, 100:300] = 30

    vp = detect_viewport([rgb_to_luma(img)])

    assert vp.video_box == Box(0, 0, 640, 360)


def test_bars_the_pointer_crossed_are_the_page(page: list[Rgb]) -> None:
    # dark bands of equal height at top and bottom, but something moved inside the top one
    _, frames = letterboxed(page, (640, 480))

    vp = detect_viewport(_lumas(list(frames)), activity=[Box(300, 20, 12, 19)])

    assert vp.video_box == Box(0, 0, 640, 480)


def test_browser_chrome_above_the_page_is_cut_off(page: list[Rgb]) -> None:
    framed, frames = in_browser(page)

    vp = detect_viewport(_lumas(list(frames)))

    assert vp.found == "browser"
    assert vp.video_box == framed.page
    assert (vp.width, vp.height, vp.scale) == (640, 360, 1.0)


def test_a_hidpi_window_is_found_at_scale_2(page: list[Rgb]) -> None:
    framed, frames = in_browser(page, scale=2)

    vp = detect_viewport(_lumas(list(frames)))

    assert vp.video_box == framed.page
    assert (vp.width, vp.height, vp.scale) == (640, 360, 2.0)


def test_a_window_on_a_desktop_is_found(page: list[Rgb]) -> None:
    framed, frames = in_browser(page, desktop=(1024, 640), at=(150, 60))

    vp = detect_viewport(_lumas(list(frames)))

    assert vp.video_box == framed.page == Box(150, 60 + 87, 640, 360)


def test_a_page_header_with_a_search_field_is_not_browser_chrome() -> None:
    # a dark header with a wide search field and a full-width bottom edge, but no tab strip above
    im = Image.new("RGB", (800, 450), (250, 250, 250))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 799, 79), fill=(36, 59, 83))
    d.rounded_rectangle((200, 22, 640, 56), radius=6, fill=(255, 255, 255))
    d.text((40, 200), "Results for copper wire, 24 items in stock", fill=(30, 30, 30))

    vp = detect_viewport([rgb_to_luma(np.asarray(im))])

    assert vp.video_box == Box(0, 0, 800, 450)


def test_text_stroke_share_tells_1x_from_2x(page: list[Rgb]) -> None:
    one = thin_stroke_share(rgb_to_luma(page[0]))
    _, frames = in_browser(page[:1], scale=2)
    two = thin_stroke_share(rgb_to_luma(next(frames))[200:])

    assert one is not None and two is not None
    assert one >= 0.28 > two


def test_without_chrome_a_2x_page_reads_as_scale_2(page: list[Rgb]) -> None:
    import cv2

    big = [cv2.resize(f, (1280, 720), interpolation=cv2.INTER_CUBIC) for f in page]

    vp = detect_viewport(_lumas(big))

    assert (vp.width, vp.height, vp.scale) == (640, 360, 2.0)


def test_mapping_between_page_and_video_px() -> None:
    vp = Viewport(x=100, y=87, width=640, height=360, scale=2.0, found="browser")

    assert vp.point_to_video(10, 20) == (120, 127)
    assert vp.point_to_page(120, 127) == (10, 20)
    assert vp.box_to_video(Box(10, 20, 30, 40)) == Box(120, 127, 60, 80)
    assert vp.box_to_page(Box(120, 127, 60, 80)) == Box(10, 20, 30, 40)
    assert vp.video_box == Box(100, 87, 1280, 720)
    assert vp.to_spec() == SpecViewport(x=100, y=87, width=640, height=360, scale=2.0)


def test_no_frames_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one frame"):
        detect_viewport([])


def test_a_recording_in_a_browser_is_segmented_on_the_page(tmp_path: Path) -> None:
    # Given an H.264 recording of the sign-in flow inside a browser window
    script = sign_in_script()
    framed, frames = in_browser(render_frames(script), desktop=(704, 480), at=(32, 16))
    video = tmp_path / "in-browser.mp4"
    encode_video(frames, video)
    clicks = [e.t for e in script_truth(script).events if e.type == "click"]

    # When the viewport is found from its first second and the pipeline runs on the crop
    with PyAvSource(video) as src:
        vp = detect_viewport(first_lumas(src))
        page = CroppedSource(src, vp.crop)
        timeline = segment(page.frames(), SegmentConfig(), page.info.width, page.info.height)

    # Then the page is the 640x360 below the window's chrome, and every click starts a span
    assert vp.video_box == framed.page
    assert (timeline.width, timeline.height) == (640, 360)
    starts = [s.t_start for s in timeline.spans]
    assert all(any(0 <= s - t <= 0.5 for s in starts) for t in clicks), (clicks, starts)
