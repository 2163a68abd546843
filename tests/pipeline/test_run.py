"""run_pipeline() on encoded synthetic recordings: the known texts, boxes and events come back."""

from __future__ import annotations

import math
import re

import pytest

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import render_video
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.rapid import RapidOcrEngine
from tests.pipeline.scripts import sign_in_script


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@pytest.fixture(scope="module")
def engines() -> Engines:
    return Engines(RapidOcrEngine(), detect_elements)


@pytest.fixture(scope="module", params=["h264", "vp9"])
def converted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, engines: Engines):
    codec = request.param
    path = tmp_path_factory.mktemp(codec) / ("v.mp4" if codec == "h264" else "v.webm")
    truth = render_video(sign_in_script(), path, codec=codec)
    with PyAvSource(path) as src:
        result = run_pipeline(src, PipelineConfig(), engines)
    return truth, result


def test_first_screen_texts_are_read(converted) -> None:
    truth, result = converted
    first = result.spec.screens[0]
    got = [w for e in first.elements for w in words(e.text or "")]
    want = [w for t in truth.states[0].texts for w in words(t.text)]
    assert set(want) <= set(got), (want, got)


def test_text_boxes_are_where_they_were_drawn(converted) -> None:
    truth, result = converted
    first = result.spec.screens[0]
    for t in truth.states[0].texts:
        owners = [e for e in first.elements if e.text and set(words(t.text)) <= set(words(e.text))]
        assert owners, t.text
        # the element may be the widget around the text (a button), so its box must hold the text
        assert any(Box(*e.bbox).intersection(t.box) >= 0.8 * t.box.area for e in owners), (t, owners)


def test_the_last_screen_shows_the_new_page(converted) -> None:
    _, result = converted
    last = result.spec.screens[-1]
    got = {w for e in last.elements for w in words(e.text or "")}
    assert {"welcome", "back", "messages"} <= got


def test_clicks_are_found_where_and_when_they_happened(converted) -> None:
    truth, result = converted
    clicks = [e for e in result.spec.events if e.type == "click"]
    for c in (e for e in truth.events if e.type == "click"):
        assert any(
            abs(p.t - c.t) <= 0.5 and math.hypot((p.x or 0) - c.x, (p.y or 0) - c.y) <= 24 for p in clicks
        ), (c, clicks)


def test_typed_text_is_recovered_exactly(converted) -> None:
    truth, result = converted
    typed = [e.text for e in result.spec.events if e.type == "type"]
    want = [e.text for e in truth.events if e.type == "type"]
    assert typed == want


def test_transitions_link_screens_through_events(converted) -> None:
    _, result = converted
    ids = {s.id for s in result.spec.screens}
    assert result.spec.transitions
    for tr in result.spec.transitions:
        assert tr.from_ in ids and tr.to in ids
        assert tr.event is not None and result.spec.events[tr.event].t >= 0
