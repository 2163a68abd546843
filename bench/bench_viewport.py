#!/usr/bin/env python3
"""Viewport detection on real Chromium windows with browser chrome, recorded with `scripts/record`.

For each case the recorder's Chromium runs as a normal browser window (tab strip, omnibox) instead of
its bare `--app` window: maximised on the screen, or smaller on an empty X desktop, at device scale
factor 1 or 2. The page (`samples/bench/chrome-site`) marks its viewport's corners with 6 px magenta
squares, which give the true viewport (up to the page's scrollbars, 15 CSS px, which the viewport
includes); `detect_viewport` sees the first frames of the recording and its answer is compared with
that: the largest error of the four edges in video px, and the scale. A short scenario (click a
field, type, scroll) is recorded too, so each case is also a real video to test the pipeline with.

    .venv/bin/python bench/bench_viewport.py               # all cases (about 20 s each)
    .venv/bin/python bench/bench_viewport.py --case windowed --keep /tmp/vp
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from replicast.media.crop import CroppedSource
from replicast.media.pyav import PyAvSource
from replicast.pipeline.viewport import detect_viewport, first_lumas
from replicast.vision.base import Box

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "samples" / "bench" / "chrome-site"


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    screen: tuple[int, int]
    window: tuple[int, int, int, int] | None
    """x, y, width, height of the browser window; None: the whole screen."""
    scale: int = 1
    app: bool = False
    """a bare --app window (no chrome), as the eval recordings are."""


CASES = (
    Case("maximised", (1280, 800), None),
    Case("windowed", (1280, 800), (96, 64, 1000, 640)),
    Case("app-1x", (1280, 720), None, app=True),
    Case("maximised-2x", (2560, 1600), None, scale=2),
    Case("app-2x", (2560, 1440), None, scale=2, app=True),
)


@contextmanager
def browser_window(screenrec: Any, case: Case) -> Iterator[None]:
    """Patch the recorder so that Chromium shows a normal window placed as `case` says."""
    browser_mod, xdo_mod = screenrec.browser, screenrec.xdo
    saved = (browser_mod.Browser.argv, browser_mod.CHROMIUM_FLAGS, xdo_mod.Xdo.fit_window)
    flags = tuple(
        f"--force-device-scale-factor={case.scale}" if f.startswith("--force-device-scale") else f
        for f in browser_mod.CHROMIUM_FLAGS
    )
    original_argv = saved[0]

    def argv(self: Any) -> list[str]:
        args: list[str] = original_argv(self)
        if case.app:
            return args
        # a plain URL instead of --app=URL: a normal window with tabs and an omnibox
        return [self.url if a.startswith("--app=") else a for a in args]

    def fit_window(self: Any, window: str, size: tuple[int, int], timeout_s: float = 5.0) -> None:
        if case.window is None:
            return saved[2](self, window, size, timeout_s)
        x, y, w, h = case.window
        self.run(["windowmove", window, str(x), str(y)])
        self.run(["windowsize", window, str(w), str(h)])
        self.run(["windowfocus", window])
        return None

    browser_mod.CHROMIUM_FLAGS = flags
    browser_mod.Browser.argv = argv
    xdo_mod.Xdo.fit_window = fit_window
    try:
        yield
    finally:
        browser_mod.Browser.argv, browser_mod.CHROMIUM_FLAGS, xdo_mod.Xdo.fit_window = saved


def markers(rgb: np.ndarray) -> Box | None:
    """The viewport from the page's magenta corner squares (video px), or None when they are not seen."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    mask = (r > 200) & (b > 200) & (g < 90)
    ys, xs = np.nonzero(mask)
    if len(xs) < 20:
        return None
    return Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1)


def scenario(case: Case, offset: tuple[int, int]) -> dict[str, Any]:
    """Click the item-name field, type, scroll: page coordinates moved to the screen."""
    s = case.scale
    ox, oy = offset

    def at(x: int, y: int) -> dict[str, int]:
        return {"x": ox + x * s, "y": oy + y * s}

    return {
        "site": str(SITE),
        "start": "index.html",
        "viewport": list(case.screen),
        "pause": 1.0,
        "lead_in": 1.0,
        "tail": 1.0,
        "pointer": [case.screen[0] // 2, case.screen[1] // 2],
        "settle_timeout": 15,
        "actions": [
            {"type": "click", **at(274, 207)},
            {"type": "type", "text": "Brass hinges"},
            {"type": "scroll", **at(600, 500), "ticks": 2},
        ],
    }


def run_case(screenrec: Any, case: Case, out: Path) -> bool:
    with browser_window(screenrec, case):
        first = out / f"{case.name}.png"
        screenrec.screenshot(scenario(case, (0, 0)), first)
        from PIL import Image

        truth = markers(np.asarray(Image.open(first).convert("RGB")))
        if truth is None:
            print(f"{case.name:14s} no markers seen in {first}")
            return False
        video = out / f"{case.name}.mp4"
        screenrec.record(scenario(case, (truth.x, truth.y)), video)
    with PyAvSource(video) as src:
        vp = detect_viewport(first_lumas(src))
        truth = markers(next(iter(src.frames())).rgb()) or truth
        got = vp.video_box
        # the markers sit inside the page's scrollbars (15 CSS px each), the viewport includes them
        bars = 15 * case.scale
        far = [d if d < 0 else max(0, d - bars) for d in (got.x2 - truth.x2, got.y2 - truth.y2)]
        err = max(abs(got.x - truth.x), abs(got.y - truth.y), *(abs(d) for d in far))
        ok = err <= 2 and vp.scale == case.scale
        page = CroppedSource(src, vp.crop)
        n = sum(1 for _ in page.frames())
    print(
        f"{case.name:14s} truth {truth.x:4d},{truth.y:4d} {truth.w:4d}x{truth.h:<4d} scale {case.scale}   "
        f"found {got.x:4d},{got.y:4d} {got.w:4d}x{got.h:<4d} scale {vp.scale:g} ({vp.found})   "
        f"max edge error {err} px  {'ok' if ok else 'WRONG'}  "
        f"[{n} cropped frames, css {vp.width}x{vp.height}]"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", choices=[c.name for c in CASES], action="append")
    parser.add_argument("--keep", type=Path, help="write the videos and screenshots here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "scripts" / "record"))
    import screenrec

    cases = [c for c in CASES if not args.case or c.name in args.case]
    with tempfile.TemporaryDirectory(prefix="bench-viewport-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        results = [run_case(screenrec, c, out) for c in cases]
    print(f"{sum(results)} of {len(results)} cases within 2 px and the right scale")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
