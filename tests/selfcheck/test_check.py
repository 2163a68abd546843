"""The self-check end to end in Chromium: a faithful app scores near 1, broken ones score low.

One app is generated and built per module; its "video" keyframes are screenshots of that same app,
taken by a first replay. Each test checks a copy (dist/, keyframes/, replicast.json) that it may break.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from replicast.codegen import build_project, generate_project
from replicast.errors import CheckUnavailableError
from replicast.selfcheck import BrowserConfig, CheckOptions, CheckReport, run_check
from replicast.selfcheck.browser import replay
from replicast.selfcheck.serve import serve_directory
from replicast.selfcheck.steps import Geometry, plan_steps
from replicast.spec import read_spec, write_spec
from tests.selfcheck.apps import tasks_spec
from tests.selfcheck.conftest import copy_app
from tests.selfcheck.html_checks import assert_self_contained
from tests.selfcheck.images import page

KEYFRAMES = ("keyframes/001.png", "keyframes/002.png")


@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory, chromium: Path) -> Path:
    """The tasks app, built, with keyframes that are screenshots of itself (home, then settings)."""
    out = tmp_path_factory.mktemp("selfcheck") / "app"
    spec = tasks_spec()
    generate_project(spec, out, {})
    build_project(out)
    with serve_directory(out / "dist") as url:
        shots = replay(url + "index.html", plan_steps(spec), Geometry.of(spec), BrowserConfig(chromium))
    (out / "keyframes").mkdir()
    for rel, capture in zip(KEYFRAMES, (shots[0], shots[2]), strict=True):
        assert capture.screenshot is not None, capture.error
        cv2.imwrite(str(out / rel), np.ascontiguousarray(capture.screenshot[..., ::-1]))
    write_spec(tasks_spec(images=KEYFRAMES), out / "replicast.json")
    return out


def check(app: Path, chromium: Path) -> CheckReport:
    return run_check(app, CheckOptions(browser=BrowserConfig(executable=chromium)))


@pytest.mark.slow
def test_an_app_that_looks_and_behaves_like_its_recording_scores_near_one(
    built_app: Path, chromium: Path, tmp_path: Path
) -> None:
    app = copy_app(built_app, tmp_path / "app")

    report = check(app, chromium)

    s = report.summary
    assert s.overall > 0.95, s
    assert s.visual is not None and s.visual > 0.95
    assert s.blocks is not None and s.blocks > 0.95
    assert (s.change_f1, s.text_toward, s.steps, s.steps_with_problems) == (1.0, 1.0, 3, 0)
    assert [st.screen for st in report.steps] == ["home", "home", "settings"]
    assert report.viewport == (640, 360, 1.0)


@pytest.mark.slow
def test_the_report_is_written_as_json_and_as_a_self_contained_page(
    built_app: Path, chromium: Path, tmp_path: Path
) -> None:
    app = copy_app(built_app, tmp_path / "app")

    report = check(app, chromium)

    assert CheckReport.model_validate_json((app / "report.json").read_text()) == report
    html = (app / "report.html").read_text()
    assert_self_contained(html)
    assert html.count("<img ") == 3 * 3 and "Open settings" not in html  # pictures, not the app's text
    assert len(html) < 3_000_000
    for step in report.steps:
        assert step.screenshot is not None and (app / step.screenshot).is_file()
        saved = cv2.imread(str(app / step.screenshot))
        assert saved is not None and saved.shape == (360, 640, 3)


@pytest.mark.slow
def test_a_recording_with_other_text_and_colours_scores_low(
    built_app: Path, chromium: Path, tmp_path: Path
) -> None:
    # Given a "video" of a different app: other words, other colours
    app = copy_app(built_app, tmp_path / "app")
    other = (("Quarterly report", "Revenue by region"), ("Invoices", "Nothing is overdue"))
    for rel, lines in zip(KEYFRAMES, other, strict=True):
        picture = page(lines, background=(30, 30, 46), ink=(250, 200, 80))
        cv2.imwrite(str(app / rel), np.ascontiguousarray(picture[..., ::-1]))
    spec = json.loads((app / "replicast.json").read_text())
    for screen, lines in zip(spec["screens"], other, strict=True):
        texts = [e for e in screen["elements"] if e.get("text")]
        for element, text in zip(texts, [*lines, "Export", "Share"], strict=False):
            element["text"] = text
            element["style"] = {"color": "#fac850"}
    (app / "replicast.json").write_text(json.dumps(spec))

    report = check(app, chromium)

    s = report.summary
    assert s.overall < 0.4, s
    assert s.fidelity < 0.2 and s.visual is not None and s.visual < 0.2
    assert s.text_toward == 0.0


@pytest.mark.slow
def test_an_app_whose_build_was_altered_scores_low(built_app: Path, chromium: Path, tmp_path: Path) -> None:
    # Given a dist/ that no longer holds the app
    app = copy_app(built_app, tmp_path / "app")
    (app / "dist" / "index.html").write_text(
        "<!doctype html><title>down</title><body style='background:#111;color:#eee'>"
        "<h1>Under maintenance</h1></body>"
    )

    report = check(app, chromium)

    s = report.summary
    assert s.overall < 0.25, s
    assert s.change_f1 == 0.0 and s.behaviour == 0.0
    assert all(st.score < 0.2 for st in report.steps)


def test_without_chromium_the_check_says_so_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "app"
    out.mkdir()
    write_spec(tasks_spec(), out / "replicast.json")
    missing = tmp_path / "no" / "chromium"

    with pytest.raises(CheckUnavailableError, match=f"Chromium not found at {missing}") as info:
        run_check(out, CheckOptions(browser=BrowserConfig(executable=missing)))

    assert "\n" not in str(info.value)
    assert sorted(p.name for p in out.iterdir()) == ["replicast.json"]  # no build, no report
    assert read_spec(out / "replicast.json") == tasks_spec()
