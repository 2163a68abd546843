"""Assemble the truth's ``actions`` and ``states`` from what the driver did and the states captured.

The layout is that of ``../shared/eval/dev/<case>/truth.json``, so ``../shared/eval/score.py`` can
score a conversion of a recording made here: every click, type, key and scroll is followed by one
UI state (``state_after`` is its index in ``states``), ``states[0]`` is the start page, and each
state holds what ``snapshot.js`` returned plus ``index``, ``after_action`` (index in ``actions``),
``label``, ``png`` (relative to the truth file) and ``t``/``t_end`` (video seconds)::

    actions = action_entries(driver.records, captures, epoch0)
    states = state_entries(captures, epoch0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .driver import ActionRecord
from .xdo import Span

#: truth action types that are followed by a UI state (a glide is not: it only leads to one)
STATEFUL_TYPES = ("click", "type", "key", "scroll")


@dataclass(frozen=True, slots=True)
class StateCapture:
    """One UI state as captured: the snapshot.js result, when it was taken and where its PNG lies.

    ``after`` is the index (in the driver's records) of the action this state follows; ``None``
    for the start page.
    """

    after: int | None
    label: str
    span: Span
    png: str
    snapshot: Mapping[str, Any]


def _scroll(capture: StateCapture) -> tuple[int, int]:
    x, y = capture.snapshot.get("scroll") or (0, 0)
    return int(x), int(y)


def action_entries(
    records: Sequence[ActionRecord], captures: Sequence[StateCapture], epoch0: float
) -> list[dict[str, Any]]:
    """The truth's ``actions``: each record's entry plus ``state_after`` and, for scrolls, ``dx``/``dy``.

    A scroll's ``dx``/``dy`` is how far the page moved, read from the states before and after it.
    """
    state_of = {c.after: i for i, c in enumerate(captures) if c.after is not None}
    entries = []
    for i, record in enumerate(records):
        entry = record.to_json(epoch0)
        state = state_of.get(i)
        if state is not None:
            if record.type == "scroll" and state > 0:
                (x0, y0), (x1, y1) = _scroll(captures[state - 1]), _scroll(captures[state])
                entry["dx"], entry["dy"] = x1 - x0, y1 - y0
            entry["state_after"] = state
        entries.append(entry)
    return entries


def state_entries(captures: Sequence[StateCapture], epoch0: float) -> list[dict[str, Any]]:
    """The truth's ``states``, in capture order."""
    return [
        {
            **capture.snapshot,
            "index": i,
            "after_action": capture.after,
            "label": capture.label,
            "png": capture.png,
            "t": round(capture.span.start - epoch0, 3),
            "t_end": round(capture.span.end - epoch0, 3),
        }
        for i, capture in enumerate(captures)
    ]
