"""How a field looks when it has the focus, as the recording showed it.

Clicking a field never leaves its screen (that would remount it and drop the focus), so what the
recording showed on that click must come from the field's own `:focus` style. A field the recording
showed focused gets that look instead of the browser's focus ring: its border colour in the keyframe
after the click when it differs from before, or no change at all when the field arrives focused (its
sampled look already is the focused one) or when its click changed nothing on screen (no transition
followed it). Other fields keep the browser's ring, also those whose click changed the keyframe in a way
the border colour does not tell (a glow): some change beats none. A field's look holds for the same
field (same role, same place) on every screen.

    looks = focus_looks(spec, arrival)     # {"s3e4": "#bac8f3", "s1e2": None}
"""

from __future__ import annotations

from collections.abc import Mapping

from replicast.codegen.behaviour import FOCUS_ONLY_ROLES
from replicast.codegen.nesting import Rect
from replicast.spec.models import AppSpec, Element

MIN_OVERLAP = 0.5
"""The focused field is the one of the same role in the same place (IoU) on the next keyframe."""


def _border(e: Element) -> str | None:
    return e.style.border_color if e.style is not None else None


def focus_looks(spec: AppSpec, arrival: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """Field id → its border colour while focused, for the fields the recording clicked into whose
    border colour changed, and None (no change) for every field focused on arrival (`arrival`: screen
    id → field id) or clicked with no visible effect; the same field on other screens alike. Fields
    not in the result keep the browser's focus ring."""
    screens = {s.id: s for s in spec.screens}
    looks: dict[str, str | None] = dict.fromkeys((arrival or {}).values())
    fields = {e.id: e for s in spec.screens for e in s.elements if e.role in FOCUS_ONLY_ROLES}
    # a click into a field that no transition followed changed nothing on screen: no ring
    shown = {t.event for t in spec.transitions}
    for k, event in enumerate(spec.events):
        if event.type == "click" and event.count == 1 and event.target in fields and k not in shown:
            looks.setdefault(event.target, None)
    for t in spec.transitions:
        if t.event is None or t.event >= len(spec.events) or t.from_ not in screens or t.to not in screens:
            continue
        event = spec.events[t.event]
        field = next((e for e in screens[t.from_].elements if e.id == event.target), None)
        if event.type != "click" or event.count > 1 or field is None or field.role not in FOCUS_ONLY_ROLES:
            continue
        where = Rect.of(field)
        after = max(
            ((Rect.of(e).iou(where), e) for e in screens[t.to].elements if e.role == field.role),
            key=lambda pair: pair[0],
            default=None,
        )
        if after is None or after[0] < MIN_OVERLAP:
            continue
        colour = _border(after[1])
        if colour is not None and colour != _border(field):
            looks[field.id] = colour
    return _same_fields(looks, fields)


def _same_fields(looks: dict[str, str | None], fields: Mapping[str, Element]) -> dict[str, str | None]:
    """`looks` given also to the same field on the other screens (same role, same place)."""
    out = dict(looks)
    for eid, look in looks.items():
        where = Rect.of(fields[eid]) if eid in fields else None
        if where is None:
            continue
        for other in fields.values():
            if other.role == fields[eid].role and Rect.of(other).iou(where) >= MIN_OVERLAP:
                out.setdefault(other.id, look)
    return out
