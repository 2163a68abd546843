"""Which interactions navigate between screens, read from the spec's transitions and events.

A transition `from → to` caused by a click (or double click: a click with count 2, hover, drag) on
an element becomes a handler on that element (a drag: the element is draggable, and dropping it
shows `to`). A click the spec did not attribute to an element is attributed to the element under the
pointer, preferring interactive ones. A key press becomes a handler on its target element, or on the
whole screen when it has none. What a real page does by itself (focus a field, take typed text,
scroll) needs no code and no route change.

    navs = screen_navigations(spec)          # {"s1": (Navigation(to="s2", on="click", element="e1"),)}
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from replicast.codegen.nesting import Rect
from replicast.spec.keys import NAMED_KEYS
from replicast.spec.models import (
    CONTAINER_ROLES,
    FIELD_ROLES,
    INTERACTIVE_ROLES,
    AppSpec,
    Element,
    Event,
    Screen,
)

log = logging.getLogger(__name__)

Trigger = Literal["click", "dblclick", "hover", "drag", "key", "scroll", "input"]
"""The DOM event a navigation answers; "dblclick" is a click with count 2 or more; "input" a field's
value becoming the text the recording typed."""
ScrollWay = Literal["down", "up", "right", "left"]
SCROLL_WAYS: tuple[ScrollWay, ...] = ("down", "up", "right", "left")
FOCUS_ONLY_ROLES = FIELD_ROLES  # a click on a field only focuses it
# responses the page gives by itself: no route change
IN_PAGE_RESPONSES = frozenset({"input", "focus", "hover"})
# (a list item may show its own controls while hovered)
HOVER_PASSIVE_ROLES = (CONTAINER_ROLES - {"listitem"}) | {"image", "text"}
SEARCH_CHANGED_TEXTS = 4
"""texts (outside fields) shown before typing and not after, or after and not before, from which the
typing changed the page around its field (a search filtering a table), not only the field."""

# KeyboardEvent.key values a recorded key may name (xdotool/Playwright spellings normalised)
_KEY_ALIASES = {
    **NAMED_KEYS,
    "space": " ",
    "arrowup": "ArrowUp",
    "arrowdown": "ArrowDown",
    "arrowleft": "ArrowLeft",
    "arrowright": "ArrowRight",
}


@dataclass(frozen=True, slots=True)
class Navigation:
    to: str
    """id of the screen to show."""
    on: Trigger
    element: str | None
    """id of the element in the source screen; None for a key pressed anywhere on the screen."""
    key: str | None = None
    """KeyboardEvent.key for `on == "key"`; a `ScrollWay` for `on == "scroll"`; the typed text for
    `on == "input"`."""


def scroll_way(event: Event) -> ScrollWay | None:
    """Which way a scroll event moved the page ("down", "up", "right", "left": along the axis it moved
    most), or None for another event or a scroll that did not move."""
    dx, dy = event.dx or 0, event.dy or 0
    if event.type != "scroll" or dx == dy == 0:
        return None
    if abs(dy) >= abs(dx):
        return "down" if dy > 0 else "up"
    return "right" if dx > 0 else "left"


def pointer_trigger(event: Event) -> Trigger | None:
    """The DOM event a click, hover or drag fires on the element under the pointer ("dblclick" for a
    click pressed twice or more), or None for an event of another type."""
    if event.type == "click":
        return "click" if event.count == 1 else "dblclick"
    if event.type in ("hover", "drag"):
        return event.type
    return None


def keyboard_key(recorded: str) -> str | None:
    """The KeyboardEvent.key for a recorded key name, or None for chords (`Control+a`) and unknowns."""
    if len(recorded) == 1:
        return recorded
    return _KEY_ALIASES.get(recorded.strip().lower())


def element_at(elements: Sequence[Element], x: float, y: float) -> Element | None:
    """The smallest element whose box holds (x, y), interactive elements first."""
    hits = [
        e
        for e in elements
        if e.bbox[0] <= x < e.bbox[0] + e.bbox[2] and e.bbox[1] <= y < e.bbox[1] + e.bbox[3]
    ]
    if not hits:
        return None
    return min(hits, key=lambda e: (e.role not in INTERACTIVE_ROLES, e.bbox[2] * e.bbox[3]))


def _locate(event: Event, source: Screen, screen: Screen) -> Element | None:
    """The element of `screen` the event acted on. `source` is the screen the spec says it happened
    on; it differs from `screen` when `source` is drawn by `screen` (see `screen_navigations`)."""
    by_id = {e.id: e for e in screen.elements}
    if event.target in by_id:
        return by_id[event.target]
    x, y = event.x, event.y
    if x is None or y is None:
        target = next((e for e in source.elements if e.id == event.target), None)
        if target is None:
            return None
        x, y = target.bbox[0] + target.bbox[2] / 2, target.bbox[1] + target.bbox[3] / 2
    return element_at(screen.elements, x, y)


def _navigation(event: Event, source: Screen, screen: Screen, to: str) -> Navigation | None:
    """How `event` on `screen` leads to `to`, or None when it needs no navigation (or cannot have one)."""
    on = pointer_trigger(event)
    if on is not None:
        element = _locate(event, source, screen)
        if element is None:
            return None
        if on == "click" and element.role in FOCUS_ONLY_ROLES:
            return None  # focusing a field: navigating would remount it and lose the focus
        if on == "hover" and element.role in HOVER_PASSIVE_ROLES:
            # the pointer crossing a card or a page region on its way somewhere: what changed is
            # the page's own business (a hover style), not a screen to show whenever it is entered
            return None
        return Navigation(to=to, on=on, element=element.id)
    if event.type == "key" and event.text:
        key = keyboard_key(event.text)
        if key is None:
            return None
        element = _locate(event, source, screen) if event.target is not None else None
        return Navigation(to=to, on="key", element=element.id if element else None, key=key)
    if event.type == "type" and event.text:
        element = _locate(event, source, screen)
        if element is None or element.role not in FOCUS_ONLY_ROLES:
            return None
        return Navigation(to=to, on="input", element=element.id, key=event.text)
    way = scroll_way(event)
    if way is not None:
        # the spec holds one keyframe per scroll position: scrolling shows the next one
        return Navigation(to=to, on="scroll", element=None, key=way)
    return None


def screen_navigations(spec: AppSpec) -> dict[str, tuple[Navigation, ...]]:
    """Navigations per screen id, in event order; the first wins when two share a trigger.

    A transition the app makes by itself (typing into a field, focusing it, scrolling, a hover style;
    the behaviour stage's `response` says which) needs no route change: its target screen is then
    *drawn by* its source screen, and later transitions out of the target are attached to the source.
    So "click field, type, press Enter" becomes one Enter handler on the screen with the field,
    leading to the screen after Enter. Only a hover that opens something (a menu) navigates. A screen
    that shows an earlier one again (`same_as`) is reached by going back to that one.
    """
    screens = {s.id: s for s in spec.screens}
    drawn_by: dict[str, str] = {}
    reached: set[str] = {s.id for s in spec.screens[:1]}

    def _same(screen_id: str) -> str:
        """The earlier screen this one shows again (`Screen.same_as`), else itself."""
        seen = {screen_id}
        while (again := screens[screen_id].same_as) in screens and again not in seen:
            seen.add(again)
            screen_id = again
        return screen_id

    def shown(screen_id: str) -> str:
        while screen_id in drawn_by:
            screen_id = drawn_by[screen_id]
        return screen_id

    found: dict[str, list[Navigation]] = {}
    for tr in sorted(spec.transitions, key=lambda t: -1 if t.event is None else t.event):
        if (
            tr.event is None
            or tr.event >= len(spec.events)
            or tr.from_ not in screens
            or tr.to not in screens
        ):
            continue
        here, there = shown(tr.from_), shown(_same(tr.to))
        if here == there:
            continue  # a change within the screen: nothing to navigate to
        event = spec.events[tr.event]
        kind = tr.response.kind if tr.response is not None else None
        in_page = kind in IN_PAGE_RESPONSES or (event.type == "hover" and kind != "open")
        if event.type == "type" and _changed_around(screens[tr.from_], screens[tr.to]):
            in_page = False  # the page answered the typing (a search): its field alone cannot
        nav = None if in_page else _navigation(event, screens[tr.from_], screens[here], there)
        if nav is None:
            if tr.to not in reached:
                drawn_by[tr.to] = here
            continue
        reached.add(tr.to)
        navs = found.setdefault(here, [])
        if any((n.on, n.element, n.key) == (nav.on, nav.element, nav.key) for n in navs):
            log.debug("screen %s: second %s navigation on %s ignored", here, nav.on, nav.element)
            continue
        navs.append(nav)
    return {k: tuple(v) for k, v in found.items()}


def _changed_around(before: Screen, after: Screen) -> bool:
    """Whether the texts outside fields changed from `before` to `after` (a table's rows filtered by
    what was typed in its search box): some `SEARCH_CHANGED_TEXTS` shown by one and not the other."""

    def texts(screen: Screen) -> Counter[str]:
        return Counter(e.text for e in screen.elements if e.text and e.role not in FIELD_ROLES)

    was, now = texts(before), texts(after)
    return sum(((was - now) + (now - was)).values()) >= SEARCH_CHANGED_TEXTS


def arrival_focus(
    spec: AppSpec, navigations: dict[str, tuple[Navigation, ...]], *, min_overlap: float = 0.5
) -> dict[str, str]:
    """Screen id → the field to focus when the screen is shown: a key pressed in a field (Enter in a
    "new item" box) leads to a screen with the same field in the same place, and on a real page the
    field keeps the focus, so the next typing lands in it. Remounting the route would lose it. A
    double click that opens an editor over a label (a list item's) focuses the editor, as the page
    does, so the typing that follows edits the label's text."""
    screens = {s.id: s for s in spec.screens}
    focus: dict[str, str] = {}
    for here, navs in navigations.items():
        by_id = {e.id: e for e in screens[here].elements}
        for nav in navs:
            source = by_id.get(nav.element) if nav.element else None
            if source is None or nav.to in focus:
                continue
            where = Rect.of(source)
            if nav.on in ("key", "input") and source.role in FOCUS_ONLY_ROLES:
                same = [
                    (Rect.of(e).iou(where), e.id) for e in screens[nav.to].elements if e.role == source.role
                ]
                overlap, best = max(same, key=lambda pair: pair[0], default=(0.0, ""))
                if overlap >= min_overlap:
                    focus[nav.to] = best
            elif nav.on == "dblclick" and source.role not in FOCUS_ONLY_ROLES:
                cx, cy = where.x + where.w / 2, where.y + where.h / 2
                editor = next(
                    (
                        e.id
                        for e in screens[nav.to].elements
                        if e.role in FOCUS_ONLY_ROLES and element_at([e], cx, cy) is not None
                    ),
                    None,
                )
                if editor is not None:
                    focus[nav.to] = editor
    return focus
