"""``record()``: serve a static site, show it in Chromium on Xvfb, perform a scenario, capture it.

>>> rec = record(load_scenario("samples/scenario.json"), Path("sample.mp4"))  # doctest: +SKIP
>>> rec.truth["actions"][0]
{'type': 'move', 't': 1.52, 't_end': 1.97, 'x': 640, 'y': 224, 'from': [640, 360]}

The truth's times are seconds from the first video frame: see :mod:`screenrec.capture` for how the
capture clock is tied to the wall clock, and ``scripts/record/README.md`` for the measured accuracy.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .browser import Browser
from .capture import ScreenCapture, grab_png, probe
from .display import VirtualDisplay
from .driver import Driver, state_delay
from .errors import ProcessFailedError, ScenarioError
from .scenario import Scenario, load_scenario, parse_scenario
from .server import StaticServer
from .snapshots import StateRecorder
from .tools import Tools, find_tools
from .truth import action_entries, state_entries
from .xdo import Xdo

log = logging.getLogger(__name__)

TRUTH_VERSION = 1


@dataclass(frozen=True, slots=True)
class Recording:
    """The written video and its ground truth (the JSON-ready mapping)."""

    video: Path
    truth: dict[str, Any]


def _read_snapshot_js(path: str | Path | None, truth_path: str | Path | None) -> str | None:
    if path is None:
        return None
    if truth_path is None:
        raise ScenarioError("UI-state snapshots need a truth file to go with (truth_path)")
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as ex:
        raise ScenarioError(f"cannot read the snapshot script: {ex}") from ex


def _as_scenario(scenario: Scenario | Mapping[str, Any] | str | Path, base_dir: Path | None) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str | Path):
        return load_scenario(scenario)
    return parse_scenario(scenario, base_dir or Path.cwd())


def _loaded(server: StaticServer, start: str) -> bool:
    page = "/" + start.split("#", maxsplit=1)[0]
    return any(path == page or path.startswith(page + "?") for path in server.requested)


class _Stage:
    """Server (unless the scenario opens a ``url``), X display and browser, torn down in reverse order."""

    def __init__(self, scenario: Scenario, tools: Tools, workdir: Path, *, devtools: bool = False) -> None:
        self.scenario = scenario
        self.tools = tools
        self.workdir = workdir
        self.devtools = devtools
        self.server = StaticServer(scenario.site) if scenario.site is not None else None
        self.display = VirtualDisplay(tools.xvfb, scenario.screen, workdir)
        self.xdo: Xdo | None = None
        self.browser: Browser | None = None
        # screen px
        self.pointer = (scenario.screen[0] // 2, scenario.screen[1] // 2)

    @property
    def start_url(self) -> str:
        """The page the browser opens."""
        if self.server is None:
            assert self.scenario.url is not None
            return self.scenario.url
        return self.server.url(self.scenario.start)

    def _loaded(self) -> bool:
        return self.server is None or _loaded(self.server, self.scenario.start)

    def __enter__(self) -> _Stage:
        try:
            if self.server is not None:
                self.server.start()
            self.display.start()
            self.xdo = Xdo(self.tools.xdotool, self.display.env())
            if self.scenario.pointer is not None:
                x, y = self.scenario.pointer
                self.pointer = (x * self.scenario.scale, y * self.scenario.scale)
            self.xdo.warp(*self.pointer)
            self.browser = Browser(
                self.tools.browser,
                self.start_url,
                self.scenario.screen,
                display=self.display.name,
                xdo=self.xdo,
                workdir=self.workdir,
                ffmpeg=self.tools.ffmpeg,
                loaded=self._loaded,
                settle_timeout_s=self.scenario.settle_timeout,
                devtools=self.devtools,
                scale=self.scenario.scale,
            ).start()
        except BaseException:
            self.close()
            raise
        return self

    def grab(self, png: Path) -> None:
        """Save the screen without the pointer as a PNG."""
        grab_png(self.tools.ffmpeg, self.display.name, self.scenario.screen, self.display.env(), png)

    def close(self) -> None:
        if self.browser is not None:
            self.browser.stop()
        self.display.stop()
        if self.server is not None:
            self.server.stop()

    def __exit__(self, *exc: object) -> None:
        self.close()


def record(
    scenario: Scenario | Mapping[str, Any] | str | Path,
    out_path: str | Path,
    truth_path: str | Path | None = None,
    *,
    fps: int = 30,
    crf: int = 23,
    browser: str | None = None,
    base_dir: Path | None = None,
    snapshot_js: str | Path | None = None,
) -> Recording:
    """Record ``scenario`` into the H.264 mp4 ``out_path`` and return (and optionally write) its truth.

    With ``snapshot_js`` (the eval's ``record/snapshot.js``), the truth also gets a UI state after every
    click, type, key and scroll (and one of the start page) in the eval's format: ``states`` with the
    script's visible text, text blocks and elements, and ``states/NN.png`` next to ``truth_path``.

    Args:
        scenario: a :class:`Scenario`, a scenario mapping (``site`` relative to ``base_dir`` or the
            working directory) or the path of a scenario JSON file.
        out_path: the mp4 to write (overwritten).
        truth_path: where to write the truth JSON, if anywhere.
        fps: capture frame rate.
        crf: x264 quality (lower is better and bigger; 23..28 suits UI video).
        browser: a Chromium binary to use instead of Debian's ``chromium``.
        base_dir: folder that a mapping's ``site`` is relative to.
        snapshot_js: path of the snapshot script; needs ``truth_path``.

    Raises:
        ToolMissingError: when Xvfb, chromium, ffmpeg/ffprobe or xdotool is not installed.
        ScenarioError: when the scenario is invalid, or ``snapshot_js`` is given without ``truth_path``.
        ProcessFailedError: when a helper program fails.
        DevToolsError: when a UI state cannot be read from the page.
    """
    sc = _as_scenario(scenario, base_dir)
    script = _read_snapshot_js(snapshot_js, truth_path)
    tools = find_tools(browser)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="screenrec-") as tmp,
        _Stage(sc, tools, Path(tmp), devtools=script is not None) as stage,
    ):
        assert stage.xdo is not None and stage.browser is not None
        states: StateRecorder | None = None
        if script is not None and truth_path is not None and stage.browser.devtools is not None:
            devtools = stage.browser.devtools
            states_dir = Path(truth_path).parent / "states"
            for stale in states_dir.glob("[0-9][0-9].png"):
                stale.unlink()
            states = StateRecorder(
                devtools, devtools.page_session(), script, stage.grab, states_dir, scale=sc.scale
            )
        capture = ScreenCapture(
            tools.ffmpeg, stage.display.name, sc.screen, out, stage.display.env(), fps=fps, crf=crf
        ).start()
        try:
            started = time.monotonic()
            if states is not None:
                time.sleep(state_delay(sc.lead_in))
                states.capture(None, "initial")
            time.sleep(max(0.0, sc.lead_in - (time.monotonic() - started)))
            driver = Driver(stage.xdo, stage.pointer, sc.pause, observer=states, scale=sc.scale)
            for action in sc.actions:
                driver.perform(action)
            time.sleep(sc.tail)
        except BaseException:
            capture.kill()
            raise
        capture.stop()
        start_url = stage.start_url
    captures = states.captures if states is not None else []
    info = probe(tools.ffprobe, out)
    if (info["width"], info["height"]) != sc.screen:
        raise ProcessFailedError(f"video is {info['width']:.0f}x{info['height']:.0f}, expected {sc.screen}")
    truth = {
        "version": TRUTH_VERSION,
        "scenario": sc.name,
        "site": sc.site.name if sc.site is not None else None,
        "start": sc.start if sc.site is not None else None,
        "start_url": start_url,
        "viewport": list(sc.viewport),
        "fps": fps,
        "duration": round(info["duration"], 3),
        "frames": int(info["frames"]),
        "video": out.name,
        "coordinates": (
            "video pixels == CSS px of the page viewport (app window fills the screen, scale 1)"
            if sc.scale == 1
            else f"video pixels == {sc.scale} x CSS px of the page viewport (app window fills the screen); "
            "viewport and scroll in CSS px"
        ),
        **({"scale": sc.scale} if sc.scale != 1 else {}),
        "time_base": "seconds from the first frame of the video",
        "alignment": {
            "method": "x11grab wall-clock stamp of frame 0 (ffmpeg 'start:'); t = time.time() - start",
            "capture_start_epoch": capture.start_epoch,
            "action_t": "t: just before the xdotool command started; t_end: just after it returned",
        },
        "pointer_start": list(stage.pointer),
        "actions": action_entries(driver.records, captures, capture.start_epoch),
        **({"states": state_entries(captures, capture.start_epoch)} if states is not None else {}),
        **({"meta": dict(sc.extra)} if sc.extra else {}),
    }
    if truth_path is not None:
        Path(truth_path).write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    log.info(
        "recorded %s: %.1f s, %d actions, %d states",
        out,
        info["duration"],
        len(driver.records),
        len(captures),
    )
    return Recording(video=out, truth=truth)


def screenshot(
    scenario: Scenario | Mapping[str, Any] | str | Path,
    png_path: str | Path,
    *,
    browser: str | None = None,
    base_dir: Path | None = None,
) -> Path:
    """Open the scenario's start page exactly as :func:`record` would and save it as a PNG.

    Handy for reading off the coordinates of the elements a new scenario should click.

    Raises:
        ToolMissingError, ScenarioError, ProcessFailedError: as :func:`record`.
    """
    sc = _as_scenario(scenario, base_dir)
    tools = find_tools(browser)
    png = Path(png_path)
    with tempfile.TemporaryDirectory(prefix="screenrec-") as tmp, _Stage(sc, tools, Path(tmp)) as stage:
        stage.grab(png)
    return png
