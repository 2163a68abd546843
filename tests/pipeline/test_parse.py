"""parse_states(): OCR reads the first state in full and later ones only where they differ from the
reading they are compared with: the previous state, a state they repeat, or the previous one scrolled."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

import numpy as np

from replicast.media.base import Frame, Rgb, rgb_to_luma
from replicast.media.synthetic import (
    Box,
    Click,
    Script,
    SyntheticSource,
    Wait,
    glide_offsets,
    header_bar,
    scrolled_frames,
    tall_page,
)
from replicast.pipeline.parse import Engines, ParseConfig, parse_states, reread, smallest_text
from replicast.pipeline.pointer import track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from replicast.vision.base import TextLine
from replicast.vision.elements import DetectedElement
from replicast.vision.fake import FakeOcrEngine
from tests.pipeline.scripts import INBOX, SETTINGS, modal_script

SIZE = (640, 360)


class CountingDetector:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, image: Rgb, lines: Sequence[TextLine]) -> list[DetectedElement]:
        self.calls += 1
        return [DetectedElement(role="text", box=t.box, text=t.text) for t in lines]


def _read_area(calls: Sequence[Box | None], size: tuple[int, int]) -> float:
    """The share of a screen the reader was asked to read (1 per full read)."""
    return sum(1.0 if c is None else c.area / (size[0] * size[1]) for c in calls)


def test_a_screen_shown_again_is_read_only_where_it_differs_from_its_first_showing() -> None:
    # Given: inbox -> settings -> back to the inbox
    script = Script(
        (INBOX, SETTINGS),
        (Wait(0.8), Click("settings", move=0.5), Wait(1.0), Click("back", move=0.5), Wait(1.0)),
        cursor=(500, 300),
    )
    timeline = segment(SyntheticSource(script).frames(), SegmentConfig(), *SIZE)
    track = track_pointer(timeline)
    ocr = FakeOcrEngine([TextLine("Welcome back", Box(41, 33, 210, 25), 0.9)])
    reads: list[int] = []
    states = parse_states(
        timeline, track, Engines(ocr, CountingDetector()), on_step=lambda n, _: reads.append(len(ocr.calls))
    )

    # Then the inbox shown again keeps its first reading, and only the pointer's old place (the first
    # keyframe shows the pointer resting there) is read again, not what changed since the settings
    assert len(states) == 3
    assert states[2].lines == states[0].lines
    assert states[2].changed  # the settings page went away...
    assert _read_area(ocr.calls[reads[1] : reads[2]], SIZE) < 0.01  # ...but it was not read again


def test_a_scrolled_page_is_read_in_full_once_and_then_only_where_it_came_into_view() -> None:
    stops = (0, 100, 200)
    offsets = [stops[0]] * 20
    for a, b in pairwise(stops):
        offsets += glide_offsets(a, b, 10)[1:] + [b] * 20
    frames = list(scrolled_frames(tall_page(), offsets, header=header_bar(), pointer=None))
    h, w = frames[0].shape[:2]
    timeline = segment(_frames(frames), SegmentConfig(), w, h)
    track = track_pointer(timeline)
    ocr = FakeOcrEngine()
    states = parse_states(timeline, track, Engines(ocr, CountingDetector()))
    assert len(states) == len(stops)
    assert ocr.calls.count(None) == 1
    # each scroll moved the page by less than a third of the view: about that much is read again
    assert _read_area(ocr.calls[1:], (w, h)) < 0.35 * (len(stops) - 1)


def _frames(images: Sequence[Rgb], fps: float = 30.0) -> Iterator[Frame]:
    for i, rgb in enumerate(images):
        yield Frame(index=i, t=i / fps, y=rgb_to_luma(rgb), _to_rgb=lambda rgb=rgb: rgb)


def test_overlapping_regions_that_would_make_a_much_bigger_box_are_read_apart_and_a_line_once() -> None:
    image = np.full((400, 600, 3), 250, np.uint8)
    inside = TextLine("both", Box(560, 300, 30, 12), 0.9)
    ocr = FakeOcrEngine([inside])
    band, bar = Box(0, 290, 600, 60), Box(580, 10, 12, 330)  # a scrolled-in band, a scrollbar thumb
    lines = reread(ocr, image, [], [band, bar], ParseConfig(pad=0, full_read_share=0.9))
    assert len(ocr.calls) == 2
    assert all(c is not None and c.area < 0.2 * 600 * 400 for c in ocr.calls)
    assert [t.text for t in lines] == ["both"]


def test_the_smallest_text_is_a_low_percentile_of_real_line_heights() -> None:
    lines = [TextLine(f"line {k}", Box(10, 40 * k + 20, 200, 14 + k % 3), 0.9) for k in range(20)]
    junk = [
        TextLine("·", Box(10, 500, 4, 4), 0.9),  # a symbol
        TextLine("cut off", Box(10, 996, 80, 4), 0.9),  # the screen's edge cuts it
    ]
    assert smallest_text([*lines, *junk], 1000) == 14.0
    assert smallest_text(lines[:4], 1000) is None


def test_later_full_reads_are_told_the_smallest_text_read_before() -> None:
    # Given a page, then a dialog over the page dimmed (every pixel changed: read in full)
    timeline = segment(SyntheticSource(modal_script()).frames(), SegmentConfig(), *SIZE)
    lines = [TextLine(f"Message {k}", Box(40, 20 + 24 * k, 200, 12 + k % 2), 0.9) for k in range(8)]
    ocr = FakeOcrEngine(lines)
    parse_states(timeline, track_pointer(timeline), Engines(ocr, CountingDetector()))
    # Then the first read knew nothing of the text, the next full read the lines the first one read
    assert ocr.calls.count(None) >= 2
    assert ocr.text_px[0] is None
    assert ocr.text_px[1] == 12.0
