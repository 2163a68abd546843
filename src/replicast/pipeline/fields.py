"""Typing goes into a field: a field the recording typed into stays a field while it shows the typing.

A focused field often looks unlike itself: a focus ring glows round its border, or its border takes an
accent colour the video smears. Screen parsing may then miss the field in the states the typing made,
and read the typed text as a plain text or a heading on the page. The typing is the evidence: the
field seen where it was typed (in the state before the typing) is put back in each state the typing
made, holding the text read inside it as its value.

    states, behaviour = keep_typed_fields(states, behaviour)

A field is also itself across states: where another state showed a field whose placeholder a state
reads as plain text in the field's place (read as a heading once the page under it changed), the state
gets the field back (`keep_seen_fields`, before behaviour is read).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from replicast.pipeline.behaviour import Behaviour, InferredEvent, TargetRef
from replicast.pipeline.parse import ScreenState
from replicast.spec.models import CONTAINER_ROLES, FIELD_ROLES
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement

TYPED_ROLES = frozenset({"input", "textarea"})
"""Fields that take typing."""
TEXT_ROLES = frozenset({"text", "heading", "link"})
"""What typed text is taken for outside a field."""
INSIDE = 0.8
"""Share of an element's area within the field for it to lie inside it."""
SAME_BOX = 0.7
"""IoU from which a container is the field itself, taken for something else (a list's row, a card)."""


def keep_typed_fields(
    states: Sequence[ScreenState], behaviour: Behaviour
) -> tuple[list[ScreenState], Behaviour]:
    """`states` with the field typed into put back where a state the typing made lost it, and
    `behaviour` with its targets moved to the elements' new places."""
    out = list(states)
    events = list(behaviour.events)
    for change in behaviour.changes:
        event = events[change.event]
        if event.type != "type" or event.x is None or event.y is None:
            continue
        field = _field_at(out[change.before], event.x, event.y)
        if field is None:
            continue
        # the state the typing made, and those after it that still show the field as it left it (the
        # pointer moved on to a button, a hover)
        value: str | None = None
        for k in range(change.after, len(out)):
            state = out[k]
            if _field_at(state, event.x, event.y) is not None:
                break
            restored = _restored(state.elements, field)
            if restored is None:
                break
            elements, moved, here = restored
            if k > change.after and elements[here].value != value:
                break
            value = elements[here].value
            out[k] = replace(state, elements=elements)
            events = [_retargeted(e, k, moved) for e in events]
    return out, replace(behaviour, events=tuple(events))


def keep_seen_fields(states: Sequence[ScreenState]) -> list[ScreenState]:
    """`states` with a field put back where a state reads, in the place of a field another state showed,
    exactly that field's placeholder, as plain text, and nothing else crosses the field's box. Only a
    placeholder: a value may stand there as a label of its own (a row's title, which a double click
    turns into an editor holding it)."""
    seen: dict[tuple[Box, str], DetectedElement] = {}
    for s in states:
        for e in s.elements:
            if e.role in TYPED_ROLES and e.placeholder:
                seen.setdefault((e.box, e.placeholder), e)
    return [_with_seen_fields(s, seen) for s in states]


def _with_seen_fields(state: ScreenState, seen: dict[tuple[Box, str], DetectedElement]) -> ScreenState:
    for (box, text), field in seen.items():
        if any(e.role in FIELD_ROLES and e.box.intersection(box) > 0 for e in state.elements):
            continue
        inside = [e for e in state.elements if e.role in TEXT_ROLES and _within(e.box, box)]
        if not inside or " ".join(e.text or "" for e in sorted(inside, key=lambda e: e.box.x)) != text:
            continue
        restored = _restored(state.elements, field)
        if restored is not None:
            state = replace(state, elements=restored[0])
    return state


def _within(inner: Box, outer: Box) -> bool:
    return inner.area > 0 and inner.within(outer, INSIDE)


def _field_at(state: ScreenState, x: float, y: float) -> DetectedElement | None:
    hits = [e for e in state.elements if e.role in TYPED_ROLES and e.box.contains_point(x, y)]
    return min(hits, key=lambda e: e.box.area) if hits else None


def _restored(
    elements: Sequence[DetectedElement], field: DetectedElement
) -> tuple[tuple[DetectedElement, ...], dict[int, int], int] | None:
    """`elements` with `field` holding the texts inside its box (the value) in place of them and of any
    container that is the field's own box, where each old index went, and the field's index. None when
    something else crosses the field's box: the page changed there."""
    box = field.box
    texts: list[int] = []
    gone: list[int] = []
    for i, e in enumerate(elements):
        inside = _within(e.box, box)
        if inside and e.role in TEXT_ROLES:
            texts.append(i)
        elif e.role in CONTAINER_ROLES and e.box.iou(box) >= SAME_BOX:
            gone.append(i)
        elif not inside and e.box.intersection(box) > 0 and not box.within(e.box):
            return None
    value = " ".join(elements[i].text or "" for i in sorted(texts, key=lambda i: elements[i].box.x)).strip()
    first = texts[0] if texts else None
    style = field.style
    look = elements[first].style if first is not None else None
    if style is not None and look is not None:
        # the box's look, the typed text's type
        style = replace(
            style,
            color=look.color,
            font_size=look.font_size,
            font_weight=look.font_weight,
            italic=look.italic,
        )
    if field.placeholder is not None and value == field.placeholder:
        restored = field  # its placeholder, as it was shown
    else:
        restored = replace(
            field, text=value or None, value=value or None, placeholder=None, style=style, checked=None
        )
    dropped = set(texts) | set(gone)
    # the field takes the place of its first text (or of the container it was taken for)
    at = first if first is not None else min(gone, default=len(elements))
    kept: list[DetectedElement] = []
    moved: dict[int, int] = {}
    here = -1
    for i, e in enumerate(elements):
        if i == at:
            here = len(kept)
            kept.append(restored)
        if i not in dropped:
            moved[i] = len(kept)
            kept.append(e)
    if here < 0:
        here = len(kept)
        kept.append(restored)
    moved.update(dict.fromkeys(dropped, here))
    return tuple(kept), moved, here


def _retargeted(event: InferredEvent, state: int, moved: dict[int, int]) -> InferredEvent:
    t = event.target
    if t is None or t.state != state:
        return event
    return replace(event, target=TargetRef(state, moved[t.element]))
