"""Perform scenario actions with the real X pointer and keyboard and log when each happened.

Clicks and scrolls at a new position are preceded by a visible glide, logged as its own ``move``
(with ``from``), then a short settle so the click lands on a resting pointer, as a person's would.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from .scenario import Action
from .xdo import Span, Xdo

log = logging.getLogger(__name__)

SETTLE_S = 0.35


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
    note: str | None = None

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
        for name in ("text", "key", "ticks", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


class Driver:
    """Runs :class:`Action` s one after another, pausing ``pause`` seconds after each."""

    def __init__(self, xdo: Xdo, pointer: tuple[int, int], pause: float) -> None:
        self.xdo = xdo
        self.pointer = pointer
        self.pause = pause
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
        """Do one action, then hold still for its pause (``wait`` just sleeps)."""
        log.info("action %s %s", action.type, action.text or action.key or (action.x, action.y))
        if action.type == "wait":
            time.sleep(action.seconds or 0.0)
            return
        px, py = self.pointer
        if action.type == "move":
            assert action.x is not None and action.y is not None
            self._glide_to(action.x, action.y, note=action.note)
        elif action.type in ("click", "scroll"):
            assert action.x is not None and action.y is not None
            if self._glide_to(action.x, action.y):
                time.sleep(SETTLE_S)
            if action.type == "click":
                span = self.xdo.click()
            else:
                assert action.ticks is not None
                span = self.xdo.wheel(action.ticks)
            self.records.append(
                ActionRecord(action.type, span, action.x, action.y, ticks=action.ticks, note=action.note)
            )
        elif action.type == "type":
            assert action.text is not None
            span = self.xdo.type(action.text)
            self.records.append(ActionRecord("type", span, px, py, text=action.text, note=action.note))
        elif action.type == "key":
            assert action.key is not None
            span = self.xdo.key(action.key)
            self.records.append(ActionRecord("key", span, px, py, key=action.key, note=action.note))
        time.sleep(self.pause if action.pause is None else action.pause)
