"""Perform scenario actions with the real X pointer and keyboard and log when each happened.

Clicks and scrolls at a new position are preceded by a visible glide, logged as its own ``move``
(with ``from``), then a short settle so the click lands on a resting pointer, as a person's would.

With a :class:`StateObserver` (UI-state snapshots), what lies under the pointer is described before
each click and scroll, and one state is captured after every click, type, key and scroll, late in
its pause (:func:`state_delay`) when the UI has settled.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .scenario import Action
from .xdo import Span, Xdo

log = logging.getLogger(__name__)

SETTLE_S = 0.35
#: a state is captured this long before its action's pause ends (at most halfway into the pause)
STATE_LEAD_S = 0.6


def state_delay(pause: float) -> float:
    """Seconds after an action ends at which its UI state is captured, given the action's pause."""
    return max(pause / 2, pause - STATE_LEAD_S)


class StateObserver(Protocol):
    """Reads the page during a recording (see :class:`screenrec.snapshots.StateRecorder`)."""

    def describe(self, x: int, y: int) -> Mapping[str, Any] | None:
        """What is under (x, y), for the action's ``target``."""
        ...

    def capture(self, after: int | None, label: str) -> object:
        """Capture the next UI state, following the driver record ``after``."""
        ...


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """What was done and when (wall-clock epoch seconds; converted to video time on output)."""

    type: str
    span: Span
    x: int
    y: int
    origin: tuple[int, int] | None = None
    text: str | None = None
    key: str | None = None
    ticks: int | None = None
    count: int = 1
    note: str | None = None
    target: Mapping[str, Any] | None = None

    def to_json(self, epoch0: float) -> dict[str, Any]:
        """The truth entry, with times in seconds from the first video frame."""
        out: dict[str, Any] = {
            "type": self.type,
            "t": round(self.span.start - epoch0, 3),
            "t_end": round(self.span.end - epoch0, 3),
            "x": self.x,
            "y": self.y,
        }
        if self.origin is not None:
            out["from"] = list(self.origin)
        if self.type == "click":
            out["button"] = "left"
        if self.count != 1:
            out["count"] = self.count
        for name in ("text", "key", "ticks", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.target is not None:
            out["target"] = dict(self.target)
        return out


class Driver:
    """Runs :class:`Action` s one after another, pausing ``pause`` seconds after each.

    Actions are in CSS px; the pointer (``pointer``, the records) in screen px, ``scale`` times those.
    """

    def __init__(
        self,
        xdo: Xdo,
        pointer: tuple[int, int],
        pause: float,
        observer: StateObserver | None = None,
        *,
        scale: int = 1,
    ) -> None:
        self.xdo = xdo
        self.scale = scale
        self.pointer = pointer
        self.pause = pause
        self.observer = observer
        self.records: list[ActionRecord] = []

    def _glide_to(self, x: int, y: int, note: str | None = None) -> bool:
        if (x, y) == self.pointer:
            return False
        origin = self.pointer
        span = self.xdo.glide(origin, (x, y))
        self.pointer = (x, y)
        self.records.append(ActionRecord("move", span, x, y, origin=origin, note=note))
        return True

    def perform(self, action: Action) -> None:
        """Do one action, then hold still for its pause (``wait`` just sleeps).

        With an observer, the action's UI state is captured during the pause (which stretches when
        capturing takes longer than the pause has left).
        """
        log.info("action %s %s", action.type, action.text or action.key or (action.x, action.y))
        if action.type == "wait":
            time.sleep(action.seconds or 0.0)
            return
        px, py = self.pointer
        if action.type == "move":
            assert action.x is not None and action.y is not None
            self._glide_to(action.x * self.scale, action.y * self.scale, note=action.note)
        elif action.type in ("click", "scroll"):
            assert action.x is not None and action.y is not None
            if self._glide_to(action.x * self.scale, action.y * self.scale):
                time.sleep(SETTLE_S)
            target = self.observer.describe(action.x, action.y) if self.observer is not None else None
            if action.type == "click":
                span = self.xdo.click(count=action.count)
            else:
                assert action.ticks is not None
                span = self.xdo.wheel(action.ticks)
            self.records.append(
                ActionRecord(
                    action.type,
                    span,
                    action.x * self.scale,
                    action.y * self.scale,
                    ticks=action.ticks,
                    count=action.count,
                    note=action.note,
                    target=target,
                )
            )
        elif action.type == "type":
            assert action.text is not None
            span = self.xdo.type(action.text)
            self.records.append(ActionRecord("type", span, px, py, text=action.text, note=action.note))
        elif action.type == "key":
            assert action.key is not None
            span = self.xdo.key(action.key)
            self.records.append(ActionRecord("key", span, px, py, key=action.key, note=action.note))
        pause = self.pause if action.pause is None else action.pause
        if self.observer is not None and action.type != "move":
            ended = time.monotonic()
            time.sleep(state_delay(pause))
            self.observer.capture(len(self.records) - 1, action.note or action.type)
            pause = max(0.0, pause - (time.monotonic() - ended))
        time.sleep(pause)
