"""The scenario: which static site to open and what to do on it, parsed from JSON.

A scenario file looks like::

    {"site": "app", "start": "index.html", "viewport": [1280, 720], "pause": 1.6,
     "actions": [{"type": "click", "x": 640, "y": 224, "note": "focus input"},
                 {"type": "type", "text": "Buy milk"},
                 {"type": "key", "key": "Return"},
                 {"type": "scroll", "x": 640, "y": 400, "ticks": 3},
                 {"type": "move", "x": 100, "y": 100},
                 {"type": "wait", "s": 1.5}]}

``site`` is resolved against the scenario file's folder. Instead of ``site`` and ``start``, ``url`` opens
a page of a server that is already running (e.g. ``datasette`` on 127.0.0.1); nothing is served then.
``pause`` (seconds, default 1.6) is the
still time after every action so each UI state is stable on video; an action may override it.
Optional: ``lead_in``/``tail`` (still seconds before the first / after the last action), ``pointer``
([x, y] where the pointer rests at the start), ``settle_timeout`` (how long to wait for the start
page to stop changing before recording anyway; lower it for animated pages) and ``scale`` (the device
scale factor, 1 to 3: 2 records a HiDPI screen, the video ``scale`` times the viewport's size). Action
coordinates and ``pointer`` are CSS px of the viewport whatever the scale.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ScenarioError

ACTION_TYPES = ("move", "click", "type", "key", "scroll", "wait")

DEFAULT_PAUSE_S = 1.6
DEFAULT_LEAD_IN_S = 1.5
DEFAULT_TAIL_S = 1.5
MAX_SCALE = 3
MAX_SCREEN_PX = 4096


@dataclass(frozen=True, slots=True)
class Action:
    """One step of a scenario; which fields are set depends on ``type``."""

    type: str
    x: int | None = None
    y: int | None = None
    text: str | None = None
    key: str | None = None
    ticks: int | None = None
    seconds: float | None = None
    count: int = 1
    pause: float | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A site to serve and the actions to perform on it, with timing knobs."""

    site: Path | None
    start: str = "index.html"
    url: str | None = None
    viewport: tuple[int, int] = (1280, 720)
    actions: tuple[Action, ...] = ()
    pause: float = DEFAULT_PAUSE_S
    lead_in: float = DEFAULT_LEAD_IN_S
    tail: float = DEFAULT_TAIL_S
    pointer: tuple[int, int] | None = None
    settle_timeout: float = 30.0
    scale: int = 1
    name: str = "scenario"
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def screen(self) -> tuple[int, int]:
        """The X screen's (and the video's) size in pixels: the viewport times the scale."""
        return self.viewport[0] * self.scale, self.viewport[1] * self.scale


def _int(raw: Mapping[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{where}: '{key}' must be a number, got {value!r}")
    return round(value)


def _float(raw: Mapping[str, Any], key: str, default: float, where: str) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ScenarioError(f"{where}: '{key}' must be a non-negative number, got {value!r}")
    return float(value)


def _str(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioError(f"{where}: '{key}' must be a non-empty string, got {value!r}")
    return value


def _point(value: Any, viewport: tuple[int, int], where: str) -> tuple[int, int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise ScenarioError(f"{where} must be two numbers, got {value!r}")
    x, y = round(value[0]), round(value[1])
    if not (0 <= x < viewport[0] and 0 <= y < viewport[1]):
        raise ScenarioError(f"{where}: ({x}, {y}) is outside the {viewport[0]}x{viewport[1]} viewport")
    return x, y


def parse_action(raw: Mapping[str, Any], index: int, viewport: tuple[int, int]) -> Action:
    """Validate one action mapping.

    Raises:
        ScenarioError: on an unknown type, a missing field or coordinates outside the viewport.
    """
    where = f"action {index}"
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}: must be an object, got {raw!r}")
    kind = raw.get("type")
    if kind not in ACTION_TYPES:
        raise ScenarioError(f"{where}: 'type' must be one of {', '.join(ACTION_TYPES)}, got {kind!r}")
    pause = _float(raw, "pause", 0.0, where) if "pause" in raw else None
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise ScenarioError(f"{where}: 'note' must be a string")
    x = y = None
    if kind in ("move", "click", "scroll"):
        x, y = _point([raw.get("x"), raw.get("y")], viewport, f"{where}: 'x', 'y'")
    if kind == "type":
        return Action("type", text=_str(raw, "text", where), pause=pause, note=note)
    if kind == "key":
        return Action("key", key=_str(raw, "key", where), pause=pause, note=note)
    if kind == "scroll":
        ticks = _int(raw, "ticks", where)
        if ticks == 0:
            raise ScenarioError(f"{where}: 'ticks' must be non-zero (positive scrolls down)")
        return Action("scroll", x=x, y=y, ticks=ticks, pause=pause, note=note)
    if kind == "wait":
        return Action("wait", seconds=_float(raw, "s", 0.0, where), note=note)
    if kind == "click":
        count = _int(raw, "count", where) if "count" in raw else 1
        if count not in (1, 2):
            raise ScenarioError(f"{where}: 'count' must be 1 or 2 (a double click), got {count}")
        return Action("click", x=x, y=y, count=count, pause=pause, note=note)
    return Action(str(kind), x=x, y=y, pause=pause, note=note)


def parse_scenario(raw: Mapping[str, Any], base_dir: Path, name: str = "scenario") -> Scenario:
    """Build a :class:`Scenario` from its JSON mapping; ``site`` is resolved against ``base_dir``.

    Raises:
        ScenarioError: when a field is invalid or the site folder / start page does not exist.
    """
    if not isinstance(raw, Mapping):
        raise ScenarioError("a scenario must be a JSON object")
    site: Path | None = None
    url: str | None = None
    start = str(raw.get("start", "index.html")).lstrip("/")
    if "url" in raw:
        url = _str(raw, "url", "scenario")
        if not url.startswith(("http://", "https://")):
            raise ScenarioError(f"scenario: 'url' must be an http(s) URL, got {url!r}")
    else:
        site = (base_dir / _str(raw, "site", "scenario")).resolve()
        if not site.is_dir():
            raise ScenarioError(f"scenario: site folder {site} does not exist")
        if not (site / start.split("?")[0].split("#")[0]).is_file():
            raise ScenarioError(f"scenario: start page {start!r} not found in {site}")
    vp = raw.get("viewport", [1280, 720])
    if (
        not isinstance(vp, list | tuple)
        or len(vp) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) and 200 <= v <= 4096 for v in vp)
    ):
        raise ScenarioError(f"scenario: 'viewport' must be [width, height] in 200..4096, got {vp!r}")
    # x264 with yuv420p needs even dimensions
    if vp[0] % 2 or vp[1] % 2:
        raise ScenarioError(f"scenario: viewport {vp[0]}x{vp[1]} must have even width and height")
    viewport = (int(vp[0]), int(vp[1]))
    scale = raw.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise ScenarioError(f"scenario: 'scale' must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
    if max(viewport) * scale > MAX_SCREEN_PX:
        raise ScenarioError(
            f"scenario: viewport {vp[0]}x{vp[1]} at scale {scale} is over {MAX_SCREEN_PX} px on a side"
        )
    actions_raw = raw.get("actions", [])
    if not isinstance(actions_raw, list):
        raise ScenarioError("scenario: 'actions' must be a list")
    actions = tuple(parse_action(a, i, viewport) for i, a in enumerate(actions_raw))
    pointer = _point(raw["pointer"], viewport, "scenario: 'pointer'") if "pointer" in raw else None
    known = {
        "site",
        "start",
        "url",
        "viewport",
        "actions",
        "pause",
        "lead_in",
        "tail",
        "pointer",
        "settle_timeout",
        "scale",
    }
    return Scenario(
        site=site,
        start=start,
        url=url,
        viewport=viewport,
        actions=actions,
        pause=_float(raw, "pause", DEFAULT_PAUSE_S, "scenario"),
        lead_in=_float(raw, "lead_in", DEFAULT_LEAD_IN_S, "scenario"),
        tail=_float(raw, "tail", DEFAULT_TAIL_S, "scenario"),
        pointer=pointer,
        settle_timeout=_float(raw, "settle_timeout", 30.0, "scenario"),
        scale=scale,
        name=name,
        extra={k: v for k, v in raw.items() if k not in known},
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario JSON file.

    Raises:
        ScenarioError: when the file cannot be read, is not JSON or is invalid.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as ex:
        raise ScenarioError(f"cannot read scenario {path}: {ex}") from ex
    return parse_scenario(raw, path.resolve().parent, name=path.stem)
