"""The self-check end to end: build if needed, serve, replay, score, write the report.

    report = run_check(Path("out"), CheckOptions(), on_step=lambda done, total: ...)
    report.summary.overall                    # also out/report.json, out/report.html, out/check/*.png

Uses only what replicast itself knows: OUT/replicast.json, the keyframes it names and the app.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from replicast.codegen import build_project
from replicast.errors import CheckError
from replicast.selfcheck.browser import BrowserConfig, Capture, find_chromium, replay
from replicast.selfcheck.html import StepImages, image_width, render_report, with_refinement
from replicast.selfcheck.report import CheckReport, Refinement, write_report_json
from replicast.selfcheck.scoring import StepInput, score_run
from replicast.selfcheck.serve import serve_directory
from replicast.selfcheck.steps import Geometry, Step, plan_steps
from replicast.selfcheck.visual import Rgb, diff_overlay, fit
from replicast.spec import AppSpec, read_spec

log = logging.getLogger(__name__)

REPORT_HTML = "report.html"
REPORT_JSON = "report.json"
SHOTS_DIR = "check"
_POINTER_TYPES = frozenset({"click", "hover", "scroll", "drag"})


@dataclass(frozen=True, slots=True)
class CheckOptions:
    browser: BrowserConfig = field(default_factory=BrowserConfig)
    build_timeout_s: float = 600.0
    rebuild: bool = False
    """build even when dist/index.html exists"""


def _ignore(done: int, total: int) -> None:
    return None


def load_keyframe(path: Path, geo: Geometry) -> Rgb | None:
    """A keyframe cropped to the page's viewport region, at the screenshots' size; None if unreadable."""
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        log.warning("%s: keyframe missing or unreadable; its steps are scored on text only", path)
        return None
    x0, y0, x1, y1 = geo.box
    crop = bgr[y0:y1, x0:x1, ::-1]
    if crop.size == 0:
        return None
    return fit(np.ascontiguousarray(crop), geo.video_size)


def _keyframes(spec: AppSpec, out_dir: Path, geo: Geometry) -> dict[str, tuple[str, Rgb]]:
    found = {}
    for screen in spec.screens:
        if screen.image is None:
            continue
        path = (out_dir / screen.image).resolve()
        if not path.is_relative_to(out_dir.resolve()):
            log.warning("screen %s: keyframe %s lies outside %s; ignored", screen.id, screen.image, out_dir)
            continue
        image = load_keyframe(path, geo)
        if image is not None:
            found[screen.id] = (screen.image, image)
    return found


def _mark(image: Rgb, step: Step, geo: Geometry) -> Rgb:
    """The event's pointer position drawn on a copy of `image` (video px → image px)."""
    e = step.event
    if e is None or e.type not in _POINTER_TYPES or e.x is None or e.y is None:
        return image
    out = image.copy()
    centre = (round(e.x - geo.x), round(e.y - geo.y))
    radius = max(10, image.shape[1] // 90)
    cv2.circle(out, centre, radius + 3, (255, 255, 255), 4, cv2.LINE_AA)
    cv2.circle(out, centre, radius, (226, 0, 116), 3, cv2.LINE_AA)
    return out


def _save_shot(capture: Capture, out_dir: Path) -> str | None:
    if capture.screenshot is None:
        return None
    rel = f"{SHOTS_DIR}/step-{capture.step:03d}.png"
    cv2.imwrite(str(out_dir / rel), np.ascontiguousarray(capture.screenshot[..., ::-1]))
    return rel


def run_check(
    out_dir: Path,
    options: CheckOptions | None = None,
    on_step: Callable[[int, int], None] = _ignore,
) -> CheckReport:
    """Check the app in `out_dir` against its recording; writes report.json, report.html and check/.

    Raises CheckUnavailableError (no Chromium or Playwright: nothing was written), SpecError (no or a
    bad replicast.json), BuildError (the app does not build), CheckError (Chromium failed)."""
    options = options or CheckOptions()
    started = time.monotonic()
    chromium = find_chromium(options.browser.executable)  # before the build: say so at once
    spec = read_spec(out_dir / "replicast.json")
    if options.rebuild or not (out_dir / "dist" / "index.html").is_file():
        build_project(out_dir, options.build_timeout_s)
    geo = Geometry.of(spec)
    steps = plan_steps(spec)
    keyframes = _keyframes(spec, out_dir, geo)
    with serve_directory(out_dir / "dist") as url:
        captures = replay(url + "index.html", steps, geo, options.browser, on_step)
    if len(captures) != len(steps):
        raise CheckError(f"replayed {len(captures)} of {len(steps)} steps")
    shots = out_dir / SHOTS_DIR
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    items, pictures = [], []
    for step, capture in zip(steps, captures, strict=True):
        kf = keyframes.get(step.screen.id) if step.screen is not None else None
        kf_path, kf_image = kf if kf is not None else (None, None)
        overlay, share = None, None
        if kf_image is not None and capture.screenshot is not None:
            overlay, share = diff_overlay(kf_image, capture.screenshot, image_width(len(steps)))
        items.append(StepInput(step, kf_image, kf_path, capture, _save_shot(capture, out_dir), share))
        shot = None if capture.screenshot is None else _mark(capture.screenshot, step, geo)
        pictures.append(StepImages(kf_image, shot, overlay))
    step_reports, summary = score_run(items, geo)
    report = CheckReport(
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        viewport=(geo.width, geo.height, geo.scale),
        chromium=str(chromium),
        took_s=round(time.monotonic() - started, 2),
        summary=summary,
        steps=step_reports,
    )
    write_report_json(report, out_dir / REPORT_JSON)
    page = render_report(report, pictures, title=out_dir.resolve().name)
    (out_dir / REPORT_HTML).write_text(page, encoding="utf-8")
    log.info("%s: self-check overall %.3f in %.1f s", out_dir, summary.overall, report.took_s)
    return report


def record_refinement(out_dir: Path, refinement: Refinement) -> CheckReport:
    """Add what the model refinement did to the report in `out_dir` (report.json and report.html).

    Raises CheckError when there is no report to add it to."""
    try:
        report = CheckReport.model_validate_json((out_dir / REPORT_JSON).read_text(encoding="utf-8"))
        page = (out_dir / REPORT_HTML).read_text(encoding="utf-8")
    except (OSError, ValueError) as ex:
        raise CheckError(f"{out_dir}: no self-check report to add the refinement to: {ex}") from ex
    report = report.model_copy(update={"refinement": refinement})
    write_report_json(report, out_dir / REPORT_JSON)
    (out_dir / REPORT_HTML).write_text(with_refinement(page, refinement), encoding="utf-8")
    return report
