"""End-to-end tests of the screen recorder: real Xvfb, Chromium, ffmpeg and xdotool."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from types import ModuleType

import av
import cv2
import numpy as np
import pytest

from .conftest import REPO

SAMPLE_APP = REPO / "samples" / "app"


def _tiny_scenario() -> dict[str, object]:
    # samples/app at 800x600: the input row is at y=224 whatever the width (main is 720 px wide)
    return {
        "site": str(SAMPLE_APP),
        "start": "index.html",
        "viewport": [800, 600],
        "pause": 0.4,
        "lead_in": 0.3,
        "tail": 0.3,
        "actions": [
            {"type": "click", "x": 300, "y": 224},
            {"type": "type", "text": "Hi"},
            {"type": "key", "key": "Return"},
            {"type": "scroll", "x": 400, "y": 400, "ticks": 2},
            {"type": "wait", "s": 0.2},
        ],
    }


@pytest.mark.slow
@pytest.mark.usefixtures("recorder_tools")
def test_record_writes_a_decodable_video_and_ordered_truth(screenrec: ModuleType, tmp_path: Path) -> None:
    # Given a tiny scenario at a non-default viewport
    video, truth_path = tmp_path / "tiny.mp4", tmp_path / "tiny.truth.json"

    # When it is recorded
    rec = screenrec.record(_tiny_scenario(), video, truth_path)

    # Then the mp4 decodes with PyAV at the viewport size and 30 fps
    assert video.is_file() and video.stat().st_size > 0
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (800, 600)
        assert stream.average_rate == 30
        frames = sum(1 for _ in container.decode(stream))
    assert frames >= 30 * 2
    # and the truth lists every action (clicks and scrolls preceded by their glide) in time order
    truth = json.loads(truth_path.read_text())
    assert truth == rec.truth
    assert truth["viewport"] == [800, 600] and truth["fps"] == 30
    assert abs(truth["duration"] - frames / 30) < 0.1
    actions = truth["actions"]
    assert [a["type"] for a in actions] == ["move", "click", "type", "key", "move", "scroll"]
    assert (actions[1]["x"], actions[1]["y"]) == (300, 224)
    assert actions[2]["text"] == "Hi" and actions[3]["key"] == "Return" and actions[5]["ticks"] == 2
    starts = [a["t"] for a in actions]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 < a["t"] <= a["t_end"] < truth["duration"] for a in actions)


@pytest.mark.slow
@pytest.mark.usefixtures("recorder_tools")
def test_a_hidpi_recording_shows_the_page_at_twice_its_css_size(
    screenrec: ModuleType, tmp_path: Path
) -> None:
    # Given the tiny scenario on a scale-2 screen, and the same page's start at scale 1
    scenario = {
        **_tiny_scenario(),
        "viewport": [640, 400],
        "scale": 2,
        "actions": [{"type": "click", "x": 300, "y": 224}],
    }
    one_x = screenrec.screenshot({**scenario, "scale": 1}, tmp_path / "1x.png")

    # When it is recorded
    rec = screenrec.record(scenario, tmp_path / "hidpi.mp4")

    # Then the video is twice the viewport, the truth says so and its click is in video px
    assert rec.truth["scale"] == 2 and rec.truth["viewport"] == [640, 400]
    assert [(a["type"], a["x"], a["y"]) for a in rec.truth["actions"]] == [
        ("move", 600, 448),
        ("click", 600, 448),
    ]
    with av.open(str(rec.video)) as container:
        first = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert first.shape[:2] == (800, 1280)
    # and its first frame, shrunk by 2, is the page at scale 1 (not the page at half size in a corner)
    shrunk = cv2.resize(first, (640, 400), interpolation=cv2.INTER_AREA).astype(np.int16)
    page = cv2.cvtColor(cv2.imread(str(one_x)), cv2.COLOR_BGR2RGB).astype(np.int16)
    assert float(np.abs(shrunk - page).mean()) < 4.0


@pytest.mark.slow
@pytest.mark.usefixtures("recorder_tools")
def test_truth_times_match_what_the_video_shows(screenrec: ModuleType, tmp_path: Path) -> None:
    # Given the calibration page, whose panels change on the wall clock, on clicks and on keys
    from screenrec.alignment import calibrate

    # When it is recorded and each change is located on video
    report = calibrate(tmp_path, cues=3)

    # Then changes typically show up one frame after the truth says they happened (lags 5-60 ms).
    # A grab delayed by a busy X server can put a rare single cue ~150 ms off either way, so the
    # typical lag is checked through medians and the pointer cues (capture clock only), and gross
    # misalignment (a wrong start time, a drifting timeline) through bounds on every cue.
    lags = report.lags
    assert len(lags["pointer"]) == 6 and len(lags["click"]) == 3 and len(lags["key"]) == 3
    assert len(lags["clock"]) >= 8
    for kind, values in lags.items():
        assert 0.0 <= statistics.median(values) <= 0.1, (kind, values)
        assert all(-0.4 <= lag <= 0.4 for lag in values), (kind, values)
    assert sum(-0.02 <= lag <= 0.1 for lag in lags["pointer"]) >= 5, lags["pointer"]
