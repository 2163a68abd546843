"""Capture UI states during a recording: the eval's ``snapshot.js`` run in the page, plus a PNG.

The snapshot script (``../shared/eval/record/snapshot.js``, passed in by path, not copied) returns
the visible text, text blocks and elements of the viewport; the PNG is the screen grabbed without
the pointer, i.e. exactly the video frame the state stands for. Reading the page goes through the
DevTools pipe, so nothing is injected into the page's input and the pointer stays where it is.

>>> states = StateRecorder(devtools, session, Path(".../snapshot.js").read_text(), grab, Path("states"))
>>> states.capture(after=None, label="initial")   # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .devtools import DevToolsPipe
from .errors import DevToolsError
from .truth import StateCapture
from .xdo import Span

log = logging.getLogger(__name__)

_RETRY_S = 0.2


class StateRecorder:
    """Takes numbered UI states of the page a :class:`~screenrec.browser.Browser` shows.

    ``grab(path)`` saves the screen (without the pointer) as a PNG. PNGs go to ``states_dir`` as
    ``NN.png``; each capture's ``png`` is written relative to the folder above (the truth's folder).
    """

    def __init__(
        self,
        devtools: DevToolsPipe,
        session: str,
        snapshot_js: str,
        grab: Callable[[Path], None],
        states_dir: Path,
        *,
        load_timeout_s: float = 10.0,
        scale: int = 1,
    ) -> None:
        self.devtools = devtools
        self.session = session
        self.snapshot_js = snapshot_js
        self.grab = grab
        self.states_dir = states_dir
        self.load_timeout_s = load_timeout_s
        self.scale = scale
        self.captures: list[StateCapture] = []

    def _snapshot(self) -> dict[str, Any]:
        # after a click that navigates, the old document may be going away or the new one loading
        deadline = time.monotonic() + self.load_timeout_s
        expression = f"document.readyState === 'complete' ? {self.snapshot_js.strip()} : null"
        while True:
            try:
                value = self.devtools.evaluate(expression, self.session)
            except DevToolsError as ex:
                if time.monotonic() > deadline:
                    raise
                log.debug("snapshot retried: %s", ex)
                value = None
            if isinstance(value, dict):
                return value
            if time.monotonic() > deadline:
                raise DevToolsError(f"the page did not finish loading within {self.load_timeout_s:.0f} s")
            time.sleep(_RETRY_S)

    def capture(self, after: int | None, label: str) -> StateCapture:
        """Snapshot the page and grab the screen as the next state.

        Raises:
            DevToolsError: when the page cannot be read (it keeps loading, or the script throws).
            ProcessFailedError: when the screen cannot be grabbed.
        """
        self.states_dir.mkdir(parents=True, exist_ok=True)
        png = self.states_dir / f"{len(self.captures):02d}.png"
        start = time.time()
        snapshot = in_video_px(self._snapshot(), self.scale)
        end = time.time()
        self.grab(png)
        state = StateCapture(
            after=after,
            label=label,
            span=Span(start, end),
            png=f"{self.states_dir.name}/{png.name}",
            snapshot=snapshot,
        )
        self.captures.append(state)
        log.info("state %d after %s: %d elements", len(self.captures) - 1, label, len(snapshot["elements"]))
        return state

    def describe(self, x: int, y: int) -> Mapping[str, Any] | None:
        """What is under (x, y) (snapshot.js's ``__replicastDescribe``), for an action's ``target``."""
        expression = f"window.__replicastDescribe ? window.__replicastDescribe({x}, {y}) : null"
        try:
            value = self.devtools.evaluate(expression, self.session)
        except DevToolsError as ex:
            log.warning("no target for (%d, %d): %s", x, y, ex)
            return None
        return in_video_px(value, self.scale) if isinstance(value, dict) else None


_BOXES = ("bbox", "full_bbox")


def in_video_px(snapshot: dict[str, Any], scale: int) -> dict[str, Any]:
    """A snapshot (or a description of one element) with its boxes in video px, ``scale`` times the CSS
    px snapshot.js measures (the eval's truth holds video px; its ``viewport`` and ``scroll`` stay CSS)."""
    if scale == 1:
        return snapshot

    def scaled(item: dict[str, Any]) -> dict[str, Any]:
        boxes = {k: [n * scale for n in v] for k, v in item.items() if k in _BOXES and isinstance(v, list)}
        return {**item, **boxes}

    out = scaled(snapshot)
    for key in ("elements", "text_blocks"):
        if isinstance(out.get(key), list):
            out[key] = [scaled(e) if isinstance(e, dict) else e for e in out[key]]
    return out
