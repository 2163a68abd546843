"""What the job page shows, read from a job's `replicast.json`: pure functions from JSON to view data.

The spec is read as plain JSON, field by field, rather than through `AppSpec`: a result written by an
older or newer pipeline still shows what it has. Nothing here escapes text; templates do (autoescape),
so every string from the video stays a string until Jinja renders it.

    spec = read_spec_view(json.loads(raw))
    spec.screens[0].boxes[0].role, spec.events[2].label, spec.entities
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_KEYFRAME = re.compile(r"(?:keyframes/)?([A-Za-z0-9_-]{1,64}\.(?:png|jpg|webp))")

# a colour per role family; the legend shows the roles a job has
ROLE_FAMILY: dict[str, str] = {
    "button": "action",
    "link": "link",
    "tab": "link",
    "input": "field",
    "textarea": "field",
    "select": "field",
    "checkbox": "toggle",
    "radio": "toggle",
    "switch": "toggle",
    "heading": "heading",
    "text": "text",
    "badge": "text",
    "alert": "text",
    "image": "media",
    "icon": "media",
    "list": "group",
    "listitem": "group",
    "table": "group",
    "row": "group",
    "cell": "group",
    "tablist": "group",
    "breadcrumb": "group",
    "accordion": "group",
    "nav": "frame",
    "card": "frame",
    "dialog": "frame",
    "container": "frame",
}

EVENT_VERBS: dict[str, str] = {
    "click": "Click",
    "type": "Type",
    "key": "Press",
    "scroll": "Scroll",
    "navigate": "Navigate",
    "hover": "Hover",
    "drag": "Drag",
}


@dataclass(frozen=True, slots=True)
class BoxView:
    id: str
    role: str
    family: str
    x: float
    y: float
    w: float
    h: float
    text: str

    @property
    def label(self) -> str:
        return f"{self.role}: {self.text}" if self.text else self.role


@dataclass(frozen=True, slots=True)
class ScreenView:
    id: str
    t: float
    keyframe: str | None
    """file name under the job's keyframes/ (None when the spec names none, or an odd one)"""
    same_as: str | None
    boxes: tuple[BoxView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    index: int
    t: float
    type: str
    x: float | None
    y: float | None
    label: str
    screen: str | None
    """the screen on show when the event happened"""
    double: bool = False
    """a double click (a click with count 2)"""


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    type: str
    required: bool
    example: str


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    source: str
    screen: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True, slots=True)
class TransitionView:
    source: str
    target: str
    event: int | None


@dataclass(frozen=True, slots=True)
class SpecView:
    width: int
    height: int
    duration: float
    viewport: tuple[int, int]
    """the app's CSS size (the recording's viewport)"""
    screens: tuple[ScreenView, ...]
    events: tuple[EventView, ...]
    transitions: tuple[TransitionView, ...]
    entities: tuple[EntityView, ...]
    roles: tuple[str, ...] = field(default=())
    """the roles present, in a stable order, for the legend"""

    @property
    def element_count(self) -> int:
        return sum(len(s.boxes) for s in self.screens)


def _str(value: Any, limit: int = 500) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def keyframe_name(image: Any) -> str | None:
    """The keyframe file name of a screen's `image` ("keyframes/001.png" → "001.png"), if well formed."""
    match = _KEYFRAME.fullmatch(image) if isinstance(image, str) else None
    return match[1] if match else None


def _box(raw: dict[str, Any]) -> BoxView | None:
    bbox = _list(raw.get("bbox"))
    nums = [_num(v) for v in bbox]
    if len(nums) != 4 or any(n is None for n in nums):
        return None
    x, y, w, h = (n or 0.0 for n in nums)
    if w <= 0 or h <= 0:
        return None
    role = _str(raw.get("role"), 40) or "element"
    text = _str(raw.get("text")) or _str(raw.get("label")) or _str(raw.get("placeholder"))
    return BoxView(_str(raw.get("id"), 80), role, ROLE_FAMILY.get(role, "frame"), x, y, w, h, text)


def _screens(raw: list[Any]) -> tuple[ScreenView, ...]:
    screens = []
    for item in raw:
        s = _dict(item)
        boxes = tuple(b for b in (_box(_dict(e)) for e in _list(s.get("elements"))) if b is not None)
        screens.append(
            ScreenView(
                id=_str(s.get("id"), 80),
                t=_num(s.get("t_start")) or _num(s.get("t")) or 0.0,
                keyframe=keyframe_name(s.get("image")),
                same_as=_str(s.get("same_as"), 80) or None,
                boxes=boxes,
            )
        )
    return tuple(screens)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def _double_click(event: dict[str, Any]) -> bool:
    return event.get("type") == "click" and _num(event.get("count")) == 2


def event_label(event: dict[str, Any], targets: dict[str, BoxView]) -> str:
    """An event in words: 'Click button “Continue”', 'Double-click text “Buy milk”', 'Type “ada@example.com”',
    'Press Enter'."""
    kind = _str(event.get("type"), 20)
    verb = EVENT_VERBS.get(kind, kind.capitalize() or "Event")
    if _double_click(event):
        verb = "Double-click"
    text = _str(event.get("text"))
    target = targets.get(_str(event.get("target"), 80))
    if kind == "type":
        words = f"{verb} {_quote(text)}" if text else verb
        if target is None or not target.text or target.text == text:
            return words
        return f"{words} into {target.role} {_quote(target.text)}"
    if kind == "key":
        return f"{verb} {' '.join(text.split())[:40]}" if text else verb
    if kind == "scroll":
        dx, dy = _num(event.get("dx")) or 0.0, _num(event.get("dy")) or 0.0
        moves = [f"{abs(dy):.0f} px {'down' if dy >= 0 else 'up'}"] if dy or not dx else []
        moves += [f"{abs(dx):.0f} px {'right' if dx > 0 else 'left'}"] if dx else []
        return f"{verb} {' and '.join(moves)}"
    if target is not None:
        return f"{verb} {target.role} {_quote(target.text)}" if target.text else f"{verb} {target.role}"
    x, y = _num(event.get("x")), _num(event.get("y"))
    return f"{verb} at ({x:.0f}, {y:.0f})" if x is not None and y is not None else verb


def _screen_at(screens: tuple[ScreenView, ...], t: float) -> str | None:
    showing = None
    for screen in sorted(screens, key=lambda s: s.t):
        if screen.t <= t + 1e-6:
            showing = screen.id
    return showing or (screens[0].id if screens else None)


def _entities(raw: list[Any]) -> tuple[EntityView, ...]:
    entities = []
    for item in raw:
        e = _dict(item)
        fields = tuple(
            FieldView(
                name=_str(f.get("name"), 200),
                type=_str(f.get("type"), 20),
                required=f.get("required") is True,
                example=_str(f.get("example"), 200),
            )
            for f in map(_dict, _list(e.get("fields")))
        )
        entities.append(
            EntityView(
                name=_str(e.get("name"), 200) or "Record",
                source=_str(e.get("source"), 20),
                screen=_str(e.get("screen"), 80),
                fields=fields,
            )
        )
    return tuple(entities)


def read_spec_view(spec: dict[str, Any]) -> SpecView:
    """The job page's view of a spec (any JSON object; missing or odd fields are left out)."""
    video = _dict(spec.get("video"))
    screens = _screens(_list(spec.get("screens")))
    targets = {b.id: b for s in screens for b in s.boxes if b.id}
    events = []
    for i, item in enumerate(_list(spec.get("events"))):
        e = _dict(item)
        t = _num(e.get("t")) or 0.0
        events.append(
            EventView(
                index=i,
                t=t,
                type=_str(e.get("type"), 20) or "event",
                x=_num(e.get("x")),
                y=_num(e.get("y")),
                label=event_label(e, targets),
                screen=_screen_at(screens, t),
                double=_double_click(e),
            )
        )
    transitions = []
    for item in _list(spec.get("transitions")):
        tr = _dict(item)
        source, target = _str(tr.get("from"), 80), _str(tr.get("to"), 80)
        event = tr.get("event")
        if source and target:
            transitions.append(
                TransitionView(source, target, event if isinstance(event, int) and event >= 0 else None)
            )
    width = int(_num(video.get("width")) or 1280)
    height = int(_num(video.get("height")) or 720)
    viewport = _dict(spec.get("viewport"))
    view_w, view_h = _num(viewport.get("width")), _num(viewport.get("height"))
    present = {b.role for s in screens for b in s.boxes}
    order = [r for r in ROLE_FAMILY if r in present] + sorted(present - set(ROLE_FAMILY))
    return SpecView(
        width=width,
        height=height,
        duration=_num(video.get("duration")) or 0.0,
        viewport=(int(view_w), int(view_h)) if view_w and view_h else (width, height),
        screens=screens,
        events=tuple(events),
        transitions=tuple(transitions),
        entities=_entities(_list(spec.get("entities"))),
        roles=tuple(order),
    )
