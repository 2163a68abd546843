"""A script compiled into a timeline: app states, cursor keys and events, each stamped with a time.

Steps run one after another from `Script.lead`. A click is stamped at its press; its effect (focus,
toggle, navigation) starts at the release, `hold` later, as a DOM click does. A screen starts from
its declared widget states each time it is shown. Times are rounded to microseconds so that sums of
step durations compare exactly.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace
from typing import TypeVar

from replicast.media.synthetic._layout import hit_test, ink_box, shown_text
from replicast.media.synthetic._model import (
    Button,
    Checkbox,
    Click,
    Disclosure,
    DoubleClick,
    Drag,
    Hover,
    Key,
    Label,
    Move,
    Scrim,
    Script,
    Show,
    SyntheticScreen,
    Target,
    TextInput,
    Type,
    Wait,
    Widget,
)
from replicast.media.synthetic._truth import (
    CursorKey,
    SyntheticTruth,
    TruthElement,
    TruthEvent,
    TruthState,
    TruthText,
)
from replicast.spec.models import EventType

_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class Held:
    """A widget being dragged, pressed with the pointer at (x, y): it is drawn moved as far as the
    pointer has moved since."""

    widget: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class State:
    """Everything drawn but the cursor. `caret_t0` sets the blink phase of the focused input's caret."""

    screen: str
    values: tuple[tuple[str, str], ...]
    checked: tuple[tuple[str, bool], ...]
    focus: str | None = None
    pressed: str | None = None
    caret_t0: float = 0.0
    dragging: Held | None = None

    def value(self, widget_id: str) -> str:
        return dict(self.values).get(widget_id, "")

    def is_checked(self, widget_id: str) -> bool:
        return dict(self.checked).get(widget_id, False)


@dataclass(frozen=True, slots=True)
class Timeline:
    script: Script
    size: tuple[int, int]
    duration: float
    times: tuple[float, ...]
    states: tuple[State, ...]
    cursor: tuple[CursorKey, ...]
    events: tuple[TruthEvent, ...]

    def state_at(self, t: float) -> State:
        i = bisect.bisect_right(self.times, t + 1e-9) - 1
        return self.states[max(i, 0)]

    def shown_at(self, t: float) -> float:
        """When the screen shown at `t` was shown."""
        i = max(bisect.bisect_right(self.times, t + 1e-9) - 1, 0)
        while i > 0 and self.states[i - 1].screen == self.states[i].screen:
            i -= 1
        return self.times[i]

    def frame_count(self, fps: int) -> int:
        """Frames at i / fps for every i with i / fps < duration (at least one)."""
        return max(1, math.ceil(self.duration * fps - 1e-6))


def fresh(screen: SyntheticScreen) -> State:
    return State(
        screen=screen.id,
        values=tuple((w.id, w.value) for w in screen.widgets if isinstance(w, TextInput)),
        checked=tuple((w.id, w.checked) for w in screen.widgets if isinstance(w, Checkbox)),
    )


class _Compiler:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.now = round(script.lead, 6)
        self.state = fresh(script.screens[0])
        self.times: list[float] = [0.0]
        self.states: list[State] = [self.state]
        self.x, self.y = float(script.cursor[0]), float(script.cursor[1])
        self.cursor = [CursorKey(0.0, self.x, self.y)]
        self.events: list[TruthEvent] = []

    def wait(self, seconds: float) -> None:
        self.now = round(self.now + max(seconds, 0.0), 6)

    def commit(self, new: State) -> None:
        self.state = new
        if self.times[-1] == self.now:
            self.states[-1] = new
        else:
            self.times.append(self.now)
            self.states.append(new)

    def event(
        self,
        kind: EventType,
        x: float,
        y: float,
        text: str | None = None,
        target: str | None = None,
        moved: tuple[float, float] = (0.0, 0.0),
        count: int = 1,
    ) -> None:
        dx, dy = moved
        self.events.append(TruthEvent(self.now, kind, int(x), int(y), text, target, int(dx), int(dy), count))

    def glide(self, to: Target, duration: float, *, skip_if_there: bool) -> None:
        x, y = self.resolve(to)
        if skip_if_there and (x, y) == (self.x, self.y):
            return
        self.cursor.append(CursorKey(self.now, self.x, self.y))
        self.wait(duration)
        self.x, self.y = x, y
        self.cursor.append(CursorKey(self.now, x, y))

    def resolve(self, target: Target) -> tuple[float, float]:
        if isinstance(target, str):
            w = self.script.screen(self.state.screen).widget(target)
            return float(int(w.box.cx)), float(int(w.box.cy))
        return float(target[0]), float(target[1])

    def focused_input(self) -> TextInput:
        focus = self.state.focus
        w = self.script.screen(self.state.screen).widget(focus) if focus else None
        if not isinstance(w, TextInput):
            raise ValueError(f"no text input has focus on screen {self.state.screen!r} (click one first)")
        return w

    def click(self, step: Click) -> None:
        self.glide(step.at, step.move, skip_if_there=True)
        hit = hit_test(self.script.screen(self.state.screen), self.x, self.y)
        self.event("click", self.x, self.y, target=hit.id if hit else None)
        if isinstance(hit, Button):
            self.commit(replace(self.state, pressed=hit.id))
        self.wait(step.hold)
        released = replace(self.state, pressed=None)
        match hit:
            case TextInput():
                self.commit(replace(released, focus=hit.id, caret_t0=self.now))
            case Checkbox():
                toggled = _set(released.checked, hit.id, not released.is_checked(hit.id))
                self.commit(replace(released, checked=toggled, focus=None))
            case Button(goto=str(goto)) | Disclosure(goto=str(goto)) | Label(goto=str(goto)):
                self.commit(fresh(self.script.screen(goto)))
            case _:
                self.commit(replace(released, focus=None))

    def double_click(self, step: DoubleClick) -> None:
        self.glide(step.at, step.move, skip_if_there=True)
        hit = _widget_at(self.script.screen(self.state.screen), self.x, self.y)
        self.event("click", self.x, self.y, target=hit.id if hit else None, count=2)
        # two presses and releases; the app answers the second release
        self.wait(step.hold + step.interval + step.hold)
        self.show(step.goto, step.focus)

    def drag(self, step: Drag) -> None:
        self.glide(step.at, step.move, skip_if_there=True)
        x0, y0 = self.x, self.y
        held = _widget_at(self.script.screen(self.state.screen), x0, y0)
        if held is None:
            raise ValueError(f"nothing to drag at ({x0:g}, {y0:g}) on screen {self.state.screen!r}")
        x1, y1 = self.resolve(step.to)
        self.event("drag", x0, y0, target=held.id, moved=(x1 - x0, y1 - y0))
        self.commit(replace(self.state, dragging=Held(held.id, x0, y0), focus=None))
        self.glide(step.to, step.duration, skip_if_there=False)
        self.wait(step.hold)
        self.commit(fresh(self.script.screen(step.drop)))

    def show(self, goto: str | None, focus: str | None) -> None:
        """Show screen `goto` (keeping the focus on a widget of the same id), then focus `focus`."""
        if goto is not None:
            screen = self.script.screen(goto)
            kept = self.state.focus if any(w.id == self.state.focus for w in screen.widgets) else None
            self.commit(replace(fresh(screen), focus=kept, caret_t0=self.now))
        if focus is not None:
            self.script.screen(self.state.screen).widget(focus)  # raises for an unknown widget
            self.commit(replace(self.state, focus=focus, caret_t0=self.now))

    def type(self, step: Type) -> None:
        field = self.focused_input()
        start = self.state.value(field.id)
        self.event("type", field.box.cx, field.box.cy, _typed(start, step.text), field.id)
        for ch in step.text:
            now = self.state.value(field.id)
            values = _set(self.state.values, field.id, now[:-1] if ch == "\b" else now + ch)
            self.commit(replace(self.state, values=values, caret_t0=self.now))
            self.wait(step.interval)

    def key(self, step: Key) -> None:
        self.event("key", self.x, self.y, step.name, self.state.focus)
        if step.clear:
            field = self.focused_input()
            self.commit(replace(self.state, values=_set(self.state.values, field.id, ""), caret_t0=self.now))
        self.show(step.goto, step.focus)
        self.wait(step.after)

    def hover(self, step: Hover) -> None:
        self.glide(step.at, step.move, skip_if_there=False)
        hit = hit_test(self.script.screen(self.state.screen), self.x, self.y)
        self.event("hover", self.x, self.y, target=hit.id if hit else None)
        self.commit(fresh(self.script.screen(step.goto)))
        self.glide((int(self.x) + step.drift, int(self.y)), step.linger, skip_if_there=False)

    def run(self, size: tuple[int, int]) -> Timeline:
        for step in self.script.steps:
            match step:
                case Wait():
                    self.wait(step.seconds)
                case Move():
                    self.glide(step.to, step.duration, skip_if_there=False)
                case Hover():
                    self.hover(step)
                case Click():
                    self.click(step)
                case DoubleClick():
                    self.double_click(step)
                case Drag():
                    self.drag(step)
                case Type():
                    self.type(step)
                case Key():
                    self.key(step)
                case Show():
                    self.event("navigate", self.x, self.y, step.screen)
                    self.commit(fresh(self.script.screen(step.screen)))
        self.cursor.append(CursorKey(self.now, self.x, self.y))
        return Timeline(
            script=self.script,
            size=size,
            duration=round(self.now + self.script.tail, 6),
            times=tuple(self.times),
            states=tuple(self.states),
            cursor=tuple(self.cursor),
            events=tuple(self.events),
        )


def compile_script(script: Script, size: tuple[int, int]) -> Timeline:
    """Raises ValueError for a script that cannot run (unknown screen or widget, typing unfocused)."""
    return _Compiler(script).run(size)


def truth_of(timeline: Timeline, fps: int, codec: str) -> SyntheticTruth:
    states: list[TruthState] = []
    last: State | None = None
    for t, state in zip(timeline.times, timeline.states, strict=True):
        # a dragged widget is on its way: what the app shows is the screen before and after
        seen = replace(state, pressed=None, caret_t0=0.0, dragging=None)
        if seen == last:
            continue
        last = seen
        elements, texts = describe(timeline.script.screen(state.screen), state)
        states.append(TruthState(t, state.screen, elements, texts))
    return SyntheticTruth(
        width=timeline.size[0],
        height=timeline.size[1],
        fps=fps,
        duration=timeline.duration,
        frame_count=timeline.frame_count(fps),
        codec=codec,
        states=tuple(states),
        events=timeline.events,
        cursor=timeline.cursor,
    )


def describe(screen: SyntheticScreen, state: State) -> tuple[tuple[TruthElement, ...], tuple[TruthText, ...]]:
    elements: list[TruthElement] = []
    texts: list[TruthText] = []
    for w in screen.widgets:
        text, placeholder = shown_text(w, state.value(w.id))
        if text:
            texts.append(TruthText(text, ink_box(w, text), w.id, placeholder))
        elements.append(_element(w, state, text))
    return tuple(elements), tuple(texts)


def _element(w: Widget, state: State, text: str) -> TruthElement:
    match w:
        case Label():
            return TruthElement(w.id, w.role, w.box, w.text)
        case Button() | Disclosure():
            return TruthElement(w.id, "button", w.box, w.text)
        case TextInput():
            return TruthElement(w.id, "input", w.box, text or None, focused=state.focus == w.id)
        case Checkbox():
            return TruthElement(w.id, "checkbox", w.box, w.label or None, state.is_checked(w.id))
        case Scrim():
            return TruthElement(w.id, "container", w.box)


def _widget_at(screen: SyntheticScreen, x: float, y: float) -> Widget | None:
    """The topmost widget at (x, y), labels included (a row of a list is dragged by its text)."""
    return next((w for w in reversed(screen.widgets) if w.box.contains_point(x, y)), None)


def _typed(start: str, keys: str) -> str:
    """What typing `keys` (backspaces included) adds to a field that held `start`: the final text
    past what was kept of `start`."""
    value, kept = start, len(start)
    for ch in keys:
        value = value[:-1] if ch == "\b" else value + ch
        kept = min(kept, len(value))
    return value[kept:]


def _set(pairs: tuple[tuple[str, _V], ...], key: str, value: _V) -> tuple[tuple[str, _V], ...]:
    return tuple((k, value if k == key else v) for k, v in pairs)
