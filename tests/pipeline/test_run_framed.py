"""run_pipeline() on a recording of a browser window (chrome above the page) at 2x: the page is found,
read in its CSS pixels, and every box and click comes back in video pixels."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import encode_video, render_frames, script_truth
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.vision.detect import detect_elements
from replicast.vision.rapid import RapidOcrEngine
from tests.pipeline.framing import in_browser
from tests.pipeline.scripts import sign_in_script


@pytest.mark.slow
@pytest.mark.parametrize("scale", [2])
def test_a_framed_recording_maps_back_to_video_pixels(tmp_path: Path, scale: int) -> None:
    script = sign_in_script()
    truth = script_truth(script)
    framed, frames = in_browser(render_frames(script), scale=scale)
    video = tmp_path / "framed.mp4"
    encode_video(frames, video)

    with PyAvSource(video) as src:
        result = run_pipeline(src, PipelineConfig(), Engines(RapidOcrEngine(), detect_elements))

    vp = result.spec.viewport
    assert vp is not None
    assert (vp.x, vp.y, vp.width, vp.height, vp.scale) == (
        framed.page.x,
        framed.page.y,
        640,
        360,
        float(scale),
    )

    def to_video(x: float, y: float) -> tuple[float, float]:
        return framed.page.x + x * scale, framed.page.y + y * scale

    clicks = [e for e in result.spec.events if e.type == "click"]
    for c in (e for e in truth.events if e.type == "click"):
        tx, ty = to_video(c.x, c.y)
        assert any(
            abs(p.t - c.t) <= 0.5 and math.hypot((p.x or 0) - tx, (p.y or 0) - ty) <= 20 * scale
            for p in clicks
        ), (c, (tx, ty), framed, clicks)
    title = next(e for e in result.spec.screens[0].elements if e.text and "Harbor" in e.text)
    x, y = to_video(40, 24)
    assert abs(title.bbox[0] - x) <= 6 * scale and abs(title.bbox[1] - y) <= 20 * scale
    # the page's keyframe is in CSS px; the assets crop from it with the same mapping
    assert result.keyframes[0].shape[:2] == (360, 640)
