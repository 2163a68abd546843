"""Scenario parsing, tool lookup and pointer paths of the recorder (no X server needed)."""

from __future__ import annotations

import itertools
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO


def test_the_sample_scenario_parses(screenrec: ModuleType) -> None:
    scenario = screenrec.load_scenario(REPO / "samples" / "scenario.json")

    assert scenario.site == (REPO / "samples" / "app").resolve()
    assert scenario.viewport == (1280, 720)
    assert {a.type for a in scenario.actions} >= {"click", "type", "key", "scroll"}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"type": "hover", "x": 1, "y": 1}, "'type' must be one of"),
        ({"type": "click", "x": 900, "y": 1}, "outside the 800x600 viewport"),
        ({"type": "click", "x": 1}, "must be two numbers"),
        ({"type": "type", "text": ""}, "'text' must be a non-empty string"),
        ({"type": "scroll", "x": 1, "y": 1, "ticks": 0}, "'ticks' must be non-zero"),
        ({"type": "wait", "s": -1}, "'s' must be a non-negative number"),
        ({"type": "click", "x": 1, "y": 1, "count": 3}, "'count' must be 1 or 2"),
    ],
)
def test_invalid_actions_are_rejected(
    screenrec: ModuleType, tmp_path: Path, action: dict[str, object], message: str
) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")
    raw = {"site": ".", "viewport": [800, 600], "actions": [action]}

    with pytest.raises(screenrec.ScenarioError, match=message):
        screenrec.parse_scenario(raw, tmp_path)


def test_a_missing_site_is_rejected(screenrec: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(screenrec.ScenarioError, match="does not exist"):
        screenrec.parse_scenario({"site": "nowhere"}, tmp_path)


def test_a_url_scenario_opens_a_running_server(screenrec: ModuleType, tmp_path: Path) -> None:
    scenario = screenrec.parse_scenario({"url": "http://127.0.0.1:8001/db/table"}, tmp_path)

    assert scenario.site is None and scenario.url == "http://127.0.0.1:8001/db/table"
    with pytest.raises(screenrec.ScenarioError, match="http"):
        screenrec.parse_scenario({"url": "file:///etc/passwd"}, tmp_path)


def test_odd_viewports_are_rejected(screenrec: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")

    with pytest.raises(screenrec.ScenarioError, match="even width and height"):
        screenrec.parse_scenario({"site": ".", "viewport": [801, 600]}, tmp_path)


def test_a_hidpi_scenario_records_a_screen_scale_times_the_viewport(
    screenrec: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")

    scenario = screenrec.parse_scenario({"site": ".", "viewport": [800, 600], "scale": 2}, tmp_path)

    assert scenario.viewport == (800, 600) and scenario.scale == 2 and scenario.screen == (1600, 1200)
    assert screenrec.parse_scenario({"site": "."}, tmp_path).screen == (1280, 720)


@pytest.mark.parametrize(
    ("scale", "message"),
    [(0, "'scale' must be"), (1.5, "'scale' must be"), (True, "'scale' must be"), (3, "over 4096")],
)
def test_bad_scales_are_rejected(screenrec: ModuleType, tmp_path: Path, scale: object, message: str) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")

    with pytest.raises(screenrec.ScenarioError, match=message):
        screenrec.parse_scenario({"site": ".", "viewport": [1600, 900], "scale": scale}, tmp_path)


def test_a_missing_program_names_its_debian_package(
    screenrec: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH

    with pytest.raises(screenrec.ToolMissingError, match="apt-get install "):
        screenrec.find_tools()
    assert set(screenrec.missing_tools()) == {"Xvfb", "ffmpeg", "ffprobe", "xdotool", "chromium"}


def test_glides_end_on_the_target_in_small_steps(screenrec: ModuleType) -> None:
    from screenrec.xdo import glide_duration, glide_path

    src, dst = (100, 100), (700, 400)
    path = glide_path(src, dst, glide_duration(src, dst))

    assert path[-1] == dst
    assert len(path) >= 15
    xs = [p[0] for p in path]
    assert xs == sorted(xs)
    # no jumps: the biggest step is a few dozen pixels
    assert max(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in itertools.pairwise(path)) < 40
