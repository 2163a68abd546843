"""How the app answered each event: read from the difference between the screens before and after.

    response = read_response(before, after, event, net_area_share)

Kinds, checked in this order: the field typed into (input), a new page (navigate), a scroll, a dialog
over a dimmed page (open) or its closing (close), a checkbox ticked (toggle), rows added to a list
(list_add: the typed text, or any new texts), rows gone (list_remove), the same list shown with other
rows (filter), the pointer passing (hover), a field focused (focus), anything else (change).
Counters (texts whose numbers changed in place, "1 item left" → "2 items left") are noted on any kind.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from replicast.pipeline.behaviour import InferredEvent
from replicast.pipeline.parse import ScreenState
from replicast.spec.models import ResponseKind
from replicast.vision.elements import DetectedElement

ENTRY = frozenset({"input", "textarea", "select"})
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class ReadResponse:
    kind: ResponseKind
    target: int | None = None
    """index of the element in the after state."""
    texts: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()


def read_response(
    before: ScreenState,
    after: ScreenState,
    event: InferredEvent,
    changed_share: float,
    typed: InferredEvent | None = None,
) -> ReadResponse:
    """The response to `event`, which turned `before` into `after`; `changed_share` is the share of the
    screen that changed; `typed` the typing that came just before the event, if any."""
    counters = tuple(_counters(before, after))
    if event.type == "type":
        target = _at(after, event.x, event.y, ENTRY)
        return ReadResponse("input", target, (event.text or "",), counters)
    if event.type == "scroll":
        return ReadResponse("scroll", None, (), counters)
    if _dimmed(before, after):
        return ReadResponse("open", None, tuple(_new_texts(before, after)), counters)
    if _dimmed(after, before):
        return ReadResponse("close", None, (), counters)
    if changed_share > 0.5:
        return ReadResponse("navigate", None, (), counters)
    if typed is not None and typed.text and event.type in ("key", "click"):
        row = _row_of(after, typed)
        if row is not None:
            return ReadResponse("list_add", row, (typed.text,), counters)
    toggled = _toggled(before, after)
    if toggled is not None:
        return ReadResponse("toggle", toggled, (), counters)
    field = _at(after, event.x, event.y, ENTRY) if event.type == "click" else None
    if field is not None and all(after.elements[field].box.intersection(c) for c in after.changed):
        return ReadResponse("focus", field, (), counters)
    added, removed = _new_texts(before, after), _new_texts(after, before)
    if added and not removed:
        return ReadResponse("list_add", None, tuple(added), counters)
    if removed and not added:
        return ReadResponse("list_remove", None, tuple(removed), counters)
    if added and removed:
        return ReadResponse("filter", None, tuple(added), counters)
    if event.type == "hover":
        return ReadResponse("hover", _at(after, event.x, event.y), (), counters)
    if field is not None:
        return ReadResponse("focus", field, (), counters)
    return ReadResponse("change", _at(after, event.x, event.y), (), counters)


def _row_of(after: ScreenState, typed: InferredEvent) -> int | None:
    """The element that shows the typed text as a new row: outside any field, off the typing line."""
    fields = [e.box for e in after.elements if e.role in ENTRY]
    for i, e in enumerate(after.elements):
        if (
            e.role not in ENTRY
            and (e.text or "").strip() == typed.text
            and not any(b.intersection(e.box) > 0.5 * e.box.area for b in fields)
            and not (typed.y is not None and abs(e.box.cy - typed.y) < max(e.box.h, 12))
        ):
            return i
    return None


def _at(
    state: ScreenState, x: float | None, y: float | None, roles: frozenset[str] | None = None
) -> int | None:
    if x is None or y is None:
        return None
    hits = [
        (i, e)
        for i, e in enumerate(state.elements)
        if e.box.contains_point(x, y) and (roles is None or e.role in roles)
    ]
    return min(hits, key=lambda h: h[1].box.area)[0] if hits else None


def _texts(state: ScreenState, where: ScreenState) -> Counter[str]:
    """Texts of `state` that lie in the regions where `where` changed (elsewhere nothing changed)."""
    return Counter(
        (e.text or "").strip()
        for e in state.elements
        if e.role not in ENTRY
        and (e.text or "").strip()
        and any(e.box.intersection(c) > 0.5 * e.box.area for c in where.changed)
    )


def _shape(text: str) -> str:
    """A text with its numbers and plural endings blanked: "2 items left" and "1 item left" agree."""
    return " ".join(w.rstrip("s") for w in _DIGITS.sub("#", text.casefold()).split())


def _new_texts(before: ScreenState, after: ScreenState) -> list[str]:
    """Texts shown after and not before (OCR noise and changed counters aside)."""
    was = _texts(before, after)
    shapes = {_shape(t) for t in was}
    return [
        t
        for t in (_texts(after, after) - was)
        if _shape(t) not in shapes and not any(_similar(t, w) for w in was)
    ]


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= 0.8


def _counters(before: ScreenState, after: ScreenState) -> list[str]:
    out = []
    for a in after.elements:
        if not a.text or not _DIGITS.search(a.text) or a.role in ENTRY:
            continue
        for b in before.elements:
            if b.text and b.text != a.text and b.box.iou(a.box) > 0.3 and _shape(b.text) == _shape(a.text):
                out.append(f"{b.text} -> {a.text}")
                break
    return out


def _toggled(before: ScreenState, after: ScreenState) -> int | None:
    for i, a in enumerate(after.elements):
        if a.role not in ("checkbox", "radio", "switch") or a.checked is None:
            continue
        match = _same(before.elements, a)
        if match is not None and match.checked is not None and match.checked != a.checked:
            return i
    return None


def _same(elements: tuple[DetectedElement, ...], el: DetectedElement) -> DetectedElement | None:
    best = max(elements, key=lambda e: e.box.iou(el.box) if e.role == el.role else 0.0, default=None)
    return best if best is not None and best.role == el.role and best.box.iou(el.box) > 0.5 else None


def _dimmed(before: ScreenState, after: ScreenState) -> bool:
    """A dialog opened: the page's border got uniformly darker (a scrim) while something lit the middle."""
    a = before.luma.astype(np.float32)
    b = after.luma.astype(np.float32)
    h, _w = a.shape
    edge = np.concatenate([(a - b)[: h // 10].ravel(), (a - b)[-h // 10 :].ravel()])
    if edge.size == 0:
        return False
    darker = float(np.median(edge))
    spread = float(np.percentile(edge, 90) - np.percentile(edge, 10))
    return darker > 20 and spread < 0.6 * darker
