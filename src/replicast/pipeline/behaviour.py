"""What the person did, inferred from how the pointer moved and how the page changed.

For every change of page between two screen states this names the event that caused it:
- typing: many small changes marching along one line of text, in a text field; a pause in it (the
  caret left where the last keystroke put it) does not end it: changes that go on from there along
  the same line, and nothing else, continue the same run of typing (one event, its text the field's
  final text);
- a key: the page changed after typing, with the pointer still and not over anything clickable (Tab
  when only fields' focus rings changed, Escape when a dialog closed, else Enter), or a dialog closed
  with the pointer still since the last event (Escape), or a list's or a tab strip's selection moved to
  the next item with nothing else changing and the pointer still and not on that item (an arrow key);
- a scroll: the page moved as a whole (down, sideways or both) and the pointer was not on a link;
- a click: the page changed while the pointer rested (its time is the first visible change); with no
  pointer seen, it is placed on the box that got ticked, else the tab made active or the accordion
  header opened or closed, else the field a caret then blinked in, else amid the largest change;
- a double click (a click with count 2): such a click that turned the text under it into a field
  holding that text (a list item's label becomes its editor): no single click does that;
- a hover: the page changed next to the pointer while it moved;
- a drag: something the size of an item moved with the pointer, frame after frame (see `drag`).
A click that showed nothing (into a field that already had focus) is inferred when typing follows
in the field the pointer came to rest on.

    events, transitions = infer_events(timeline, track, states)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from replicast.media.base import Gray
from replicast.pipeline.changes import CLICK_REACH, dimmed
from replicast.pipeline.parse import ScreenState, group_spans
from replicast.pipeline.pointer import GapMotion, PointerTrack, hotspot
from replicast.pipeline.segment import FrameDelta, Timeline
from replicast.pipeline.selection import moved_selection
from replicast.pipeline.stitch import diagonal_shift
from replicast.pipeline.widget_changes import flipped_header, switched_tab
from replicast.spec.models import EventType
from replicast.spec.texts import similar
from replicast.vision.base import Box, union_of
from replicast.vision.elements import DetectedElement

TEXT_ENTRY = frozenset({"input", "textarea"})
CLICKABLE = frozenset({"button", "link", "checkbox", "radio", "switch", "tab", "select"})
CLICK_AFTER_ARRIVAL_S = 0.35
"""when a click shows nothing, it is placed this long after the pointer came to rest."""
HOVER_LAG_S = 0.05
"""a change that began within this long (a frame and a half at 30 fps) of the pointer coming to rest
may be the page answering its arrival (a link's hover colour) as well as a press on arrival."""
RESPONSE_LAG_S = 0.04
"""a page answers a click about a frame later."""
_SMOOTH_FRAMES = 5
"""a change that took this many frames or more glided (a smooth scroll), where a new page jumps."""


@dataclass(frozen=True, slots=True)
class TargetRef:
    state: int
    element: int


@dataclass(frozen=True, slots=True)
class InferredEvent:
    t: float
    type: EventType
    x: float | None = None
    y: float | None = None
    text: str | None = None
    target: TargetRef | None = None
    dy: float | None = None
    dx: float | None = None
    count: int = 1
    """a click's presses: 2 for a double click."""


def single_click(event: InferredEvent) -> bool:
    """A click pressed once (a double click opens an editor, where one click selects or focuses)."""
    return event.type == "click" and event.count == 1


@dataclass(frozen=True, slots=True)
class StateChange:
    before: int
    after: int
    event: int


@dataclass(frozen=True, slots=True)
class Behaviour:
    events: tuple[InferredEvent, ...]
    changes: tuple[StateChange, ...]
    """in time order; the state changes of one run of typing split by pauses share its event."""


@dataclass(frozen=True, slots=True)
class _Run:
    """Typing that may go on after a pause."""

    event: int
    before: int
    """the state before the typing began."""
    row: Box
    """the line typed on."""
    last: Box
    """what the last keystroke changed: the caret stands at its right end."""


def infer_events(timeline: Timeline, track: PointerTrack, states: list[ScreenState]) -> Behaviour:
    """Events and the state changes they caused, in time order."""
    groups = group_spans(timeline, track)
    state_of_span = {s: n for n, g in enumerate(groups) for s in g}
    events: list[InferredEvent] = []
    changes: list[StateChange] = []
    arrival: float | None = None
    arrival_box: Box | None = None
    clicked_since_arrival = False
    still = True
    """the pointer has not moved since the last event."""
    run: _Run | None = None
    for g, gap in enumerate(track.gaps):
        if gap.moved:
            arrival, arrival_box = gap.arrived, track.rest[g + 1]
            clicked_since_arrival = False
            still = False
        if not gap.net:
            continue
        before, after = states[state_of_span[g]], states[state_of_span[g + 1]]
        if run is not None and (last := _typing_goes_on(gap, run.last)) is not None:
            # the typist paused with the caret where the last keystroke left it: the same typing
            row = union_of([run.row, *(b for d in gap.content for b in d.boxes)])
            text, _ = _typed_text(states[run.before], after, row)
            events[run.event] = replace(events[run.event], text=text)
            changes.append(StateChange(before.index, after.index, run.event))
            run = _Run(run.event, run.before, row, last)
            still = True
            continue
        rests = (track.rest[g], track.rest[g + 1])
        in_place = _changed_again_in_place(track.gaps[g + 1 :], timeline.scale)
        ev, field = _explain(timeline, gap, rests, before, after, events, still, in_place)
        still = True
        if field is not None and not clicked_since_arrival and arrival is not None and arrival_box:
            hx, hy = hotspot(arrival_box)
            t = min(arrival + CLICK_AFTER_ARRIVAL_S, ev.t - 0.1)
            after_last = not events or t > events[-1].t
            if field.grown(12).contains_point(hx, hy) and after_last:
                events.append(InferredEvent(t, "click", hx, hy, None, _target(before, hx, hy)))
        if ev.type in ("click", "type"):
            clicked_since_arrival = True
        events.append(ev)
        changes.append(StateChange(before.index, after.index, len(events) - 1))
        run = _typing_run(gap, timeline.scale, len(events) - 1, before.index) if ev.type == "type" else None
    return Behaviour(tuple(events), tuple(changes))


def _changed_again_in_place(later: tuple[GapMotion, ...], scale: float) -> bool:
    """The page changed again, not by typing, before the pointer moved (`later`: the gaps after)."""
    for gap in later:
        if gap.moved:
            return False
        if gap.net:
            return _typing(gap, scale) is None
    return False


def _typing_run(gap: GapMotion, scale: float, event: int, before: int) -> _Run | None:
    """The run of typing that the gap's keystrokes began, to follow it through a pause."""
    row = _typing(gap, scale)
    if row is None:
        return None
    for d in reversed(gap.content):
        on = [b for b in d.boxes if b.y < row.y2 and row.y < b.y2]
        if on:
            return _Run(event, before, row, union_of(on))
    return None


def _typing_goes_on(gap: GapMotion, last: Box) -> Box | None:
    """What the gap's last keystroke changed, when the gap only goes on typing where the last
    keystroke of a run left the caret: every change on that line (no taller than the keystroke's
    change, which is the caret's height where the caret is taller than the letters), the first one
    at the caret (more letters after it, or a backspace before it); None when the gap does anything
    else (Enter that clears the field changes it from its start, one that adds a row changes more)."""
    if gap.carry is not None or not gap.content:
        return None
    slack = max(2, last.h // 4)
    boxes = [*gap.net, *(b for d in gap.content for b in d.boxes)]
    if any(b.y < last.y - slack or b.y2 > last.y2 + slack for b in boxes):
        return None
    start = min(b.x for b in gap.content[0].boxes)
    if abs(start - last.x2) > last.h:
        return None
    return union_of(list(gap.content[-1].boxes))


def _explain(
    timeline: Timeline,
    gap: GapMotion,
    rests: tuple[Box | None, Box | None],
    before: ScreenState,
    after: ScreenState,
    so_far: list[InferredEvent],
    still: bool,
    in_place: bool,
) -> tuple[InferredEvent, Box | None]:
    """The event that explains a change of page, and for typing the field typed into. `in_place`: the
    page changed again, not by typing, before the pointer moved on."""
    scale = timeline.scale
    t_c = _change_time(gap, before.t_end)
    if gap.carry is not None:
        c = gap.carry
        t = max(0.0, c.t - RESPONSE_LAG_S)
        within = largest_within(before, c.start)
        held = _target(before, c.x, c.y) or (TargetRef(before.index, within) if within is not None else None)
        return InferredEvent(t, "drag", c.x, c.y, None, held, dy=c.dy, dx=c.dx), None
    # a change while the pointer was still moving is a hover; one as or after it stopped, a click, but
    # for one as it stopped that the page then changed on from with the pointer still there: the
    # pointer's arrival lit up what it came to (a hover colour), and the press came after
    arriving = bool(gap.poses) and in_place and t_c < gap.poses[-1].t + HOVER_LAG_S
    moving = (bool(gap.poses) and t_c < gap.poses[-1].t - 0.01) or arriving
    # it stayed while the page changed: where its look was found after (a hand over a link that a
    # new page turned into an arrow) is where it was, sharper than a rest read off a blurred arrival
    stayed = not gap.poses and rests[1] is not None
    pointer = rests[1] if (gap.poses and not moving) or stayed else rests[0]
    for pose in gap.poses if moving else ():
        if pose.t <= t_c:
            pointer = pose.box
    px, py = hotspot(pointer) if pointer is not None else (None, None)
    typed = _typing(gap, scale)
    if typed is not None:
        text, field_box = _typed_text(before, after, typed)
        x, y = (
            (px, py)
            if px is not None and py is not None and field_box.grown(12).contains_point(px, py)
            else (field_box.cx, field_box.cy)
        )
        return InferredEvent(t_c, "type", x, y, text, _target(after, field_box.cx, field_box.cy)), field_box
    over = _target(before, px, py) if px is not None and py is not None else None
    over_el = before.elements[over.element] if over is not None else None
    over_clickable = over_el is not None and over_el.role in CLICKABLE
    last = so_far[-1] if so_far else None
    if not gap.moved:
        moved = moved_selection(before.image, after.image, gap.net)
        if moved is not None and moved.next_to and not _on(moved.now, px, py):
            # a click on the item would select it; one beside it moved the selection by the keyboard
            return InferredEvent(t_c, "key", px, py, moved.key, None), None
    if last is not None and last.type == "type" and still and not gap.moved and not over_clickable:
        return InferredEvent(t_c, "key", px, py, _key_after_typing(before, after, last), over), None
    if still and not gap.moved and dimmed(after.luma, before.luma):
        # a dialog closed and the pointer went to no button of it: the keyboard closed it
        return InferredEvent(t_c, "key", px, py, "Escape", over), None
    shift = _scroll_shift(before.luma, after.luma, gap.net, len(gap.content))
    # the wheel scrolls what is under the pointer; a link that scrolls the page to a section sits
    # outside what scrolled (a fixed nav) or is not where the pointer rests
    wheel = shift is not None and px is not None and py is not None and shift.region.contains_point(px, py)
    if shift is not None and (wheel or not over_clickable):
        return InferredEvent(t_c, "scroll", px, py, None, None, shift.dy or None, shift.dx or None), None
    if moving and not _answers_navigation(gap.net, timeline):
        return InferredEvent(t_c, "hover", px, py, None, over), None
    if (
        px is not None
        and py is not None
        and not _answers(gap.net, px, py, timeline)
        and not _focus_left(before, gap.net, timeline.scale)
    ):
        # a small change far from a resting pointer: the page changed by itself (a late icon, a timer)
        return InferredEvent(t_c, "navigate", None, None, None, None), None
    seen = px is not None and py is not None
    if px is None or py is None:
        # a change with the pointer never seen: what changed tells what was hit
        px, py = _changed_spot(timeline, gap, before, after, t_c)
        over = _target(before, px, py)
    t = max(0.0, t_c - RESPONSE_LAG_S)
    label = _opened_editor(before, after, px, py)
    if label is None:
        return InferredEvent(t, "click", px, py, None, over), None
    if not seen:  # nothing shows where on the label: its middle
        px, py = label.box.cx, label.box.cy
    return InferredEvent(t, "click", px, py, None, _target(before, px, py), count=2), None


def _on(box: Box, x: float | None, y: float | None) -> bool:
    return x is not None and y is not None and box.grown(CLICK_REACH).contains_point(x, y)


def _opened_editor(before: ScreenState, after: ScreenState, x: float, y: float) -> DetectedElement | None:
    """The label at (x, y) that turned into a field holding its text, where no field was: the editor
    a double click opens on a label (one click only selects or focuses). None when none did."""
    field = next(
        (e for e in after.elements if e.role in TEXT_ENTRY and e.box.grown(CLICK_REACH).contains_point(x, y)),
        None,
    )
    if field is None or not (value := (field.value or "").strip()):
        return None
    if any(e.role in TEXT_ENTRY and e.box.iou(field.box) > 0.5 for e in before.elements):
        return None
    return next(
        (
            e
            for e in before.elements
            if e.role not in TEXT_ENTRY
            and field.box.intersection(e.box) >= 0.5 * e.box.area
            and (t := (e.text or "").strip())
            and (t == value or similar(t, value))
        ),
        None,
    )


def _key_after_typing(before: ScreenState, after: ScreenState, typed: InferredEvent) -> str:
    """The key pressed after typing: Escape when a dialog closed, Tab when only focus rings changed and
    one of them is another field's, else Enter (it submitted, added or cleared)."""
    if dimmed(after.luma, before.luma):
        return "Escape"
    if typed.x is None or typed.y is None:
        return "Enter"
    # a field may be seen as one in only one of the two (a thin grey border is easy to miss)
    entries = [e.box for s in (before, after) for e in s.elements if e.role in TEXT_ENTRY]
    others = [b for b in entries if not b.grown(CLICK_REACH).contains_point(typed.x, typed.y)]
    mask = cv2.absdiff(before.luma, after.luma) > 24
    total = int(mask.sum())
    if not others or total == 0:
        return "Enter"
    inside = np.zeros_like(mask)
    for b in entries:
        g = b.grown(3)
        inside[max(0, g.y) : g.y2, max(0, g.x) : g.x2] = True
    other = np.zeros_like(mask)
    for b in others:
        g = b.grown(3)
        other[max(0, g.y) : g.y2, max(0, g.x) : g.x2] = True
    if int((mask & inside).sum()) >= 0.9 * total and int((mask & other).sum()) > 0:
        return "Tab"
    return "Enter"


def _changed_spot(
    timeline: Timeline, gap: GapMotion, before: ScreenState, after: ScreenState, t_c: float
) -> tuple[float, float]:
    """Where a click with no pointer in sight most likely was: on the box that got ticked, else on the
    tab made active or the accordion header opened or closed, else in the field where a caret then
    blinked (it got the focus), else amid the largest change."""
    for a in after.elements:
        if a.role not in ("checkbox", "radio", "switch") or a.checked is None:
            continue
        was = [b for b in before.elements if b.role == a.role and b.box.iou(a.box) > 0.5]
        if was and was[0].checked is not None and was[0].checked != a.checked:
            return a.box.cx, a.box.cy
    tab = switched_tab(before, after, None, ())
    changed = tab.tab if tab is not None else flipped_header(before, after, None, None)
    if changed is not None:
        return after.elements[changed].box.cx, after.elements[changed].box.cy
    entries = [e.box for e in after.elements if e.role in TEXT_ENTRY]
    for c in timeline.carets:
        if t_c <= c.t <= after.t_end:
            hit = next((b for b in entries if b.grown(CLICK_REACH).contains_point(c.box.cx, c.box.cy)), None)
            if hit is not None:
                return hit.cx, hit.cy
    big = max(gap.net, key=lambda b: b.area)
    return big.cx, big.cy


def _change_time(gap: GapMotion, fallback: float) -> float:
    """When the page's lasting change began: the first frame change that touches the main part of it
    (pointer fragments and passing hover effects touch none of it)."""
    if gap.net:
        total = sum(b.area for b in gap.net)
        main = [b for b in gap.net if b.area >= 0.1 * total]
        for d in gap.content:
            if any(b.intersection(m) for b in d.boxes for m in main):
                return d.t
    if gap.content:
        return gap.content[0].t
    return gap.poses[-1].t if gap.poses else fallback


def _answers_navigation(net: tuple[Box, ...], timeline: Timeline) -> bool:
    """A change of most of the screen: a new page, which hovering never causes."""
    return sum(b.area for b in net) > 0.3 * timeline.width * timeline.height


def _focus_left(before: ScreenState, net: tuple[Box, ...], scale: float) -> bool:
    """Whether all that changed is a text field's box (its focus ring going out as the focus left it):
    a click elsewhere did that, whatever it hit (a checkbox under the pointer, its own change hidden by
    the pointer)."""
    fields = [e.box.grown(round(4 * scale)) for e in before.elements if e.role in TEXT_ENTRY]
    return bool(net) and all(any(f.intersection(b) >= 0.9 * b.area for f in fields) for b in net)


def _answers(net: tuple[Box, ...], px: float, py: float, timeline: Timeline) -> bool:
    """Whether a change could answer a click at (px, py): near it, or big (a new page, a dialog)."""
    area = sum(b.area for b in net)
    if area > 0.03 * timeline.width * timeline.height:
        return True
    # a few re-rendered pixels (a font hint, an icon settling) answer nothing unless under the pointer
    reach = (150 if area > 150 * timeline.scale**2 else 24) * timeline.scale
    return any(b.grown(int(reach)).contains_point(px, py) for b in net)


def _typing(gap: GapMotion, scale: float) -> Box | None:
    """The line typed into, when the gap's changes look like keystrokes."""
    small = [d for d in gap.content if all(_key_sized(b, scale) for b in d.boxes)]
    if len(small) < 3 or len(small) < 0.6 * len(gap.content):
        amid = _keys_amid(gap.content, scale)
        if amid is None:
            return None
        small = amid
    boxes = [b for d in small for b in d.boxes]
    # keystrokes march to the right along a line; a nudged pointer or a spinner stays in place. A
    # field's border taking a validation colour as a key lands is no keystroke: only the changes on
    # the row most of them share are followed
    lefts = [min(b.x for b in d.boxes) for d in _on_common_row(small)]
    if len(lefts) < 3:
        return None
    forward = sum(1 for a, b in itertools.pairwise(lefts) if b > a)
    if forward < 0.6 * (len(lefts) - 1):
        return None
    # and each keystroke lands next to the last one, not across the screen
    reach = 3 * max(b.h for b in boxes)
    jumps = sum(1 for a, b in itertools.pairwise(lefts) if abs(b - a) > reach)
    if jumps > 0.2 * (len(lefts) - 1):
        return None
    on_line = _typed_line(small)
    row = union_of(on_line)
    tallest = max(b.h for b in on_line)
    if row.h > 2.5 * tallest:
        return None
    # the first keystroke may also clear a placeholder: take in every change on this line
    for d in gap.content:
        for b in d.boxes:
            if b.y < row.y2 and row.y < b.y2 and b.h <= 2.5 * tallest:
                row = row.union(b)
    return row


def _on_common_row(changes: Sequence[FrameDelta]) -> list[FrameDelta]:
    """The changes all of whose boxes centre on the row most changes centre on (within half the boxes'
    median height of their median centre)."""
    boxes = [b for d in changes for b in d.boxes]
    mid = float(np.median([b.y + b.h / 2 for b in boxes]))
    reach = float(np.median([b.h for b in boxes])) / 2
    return [d for d in changes if all(abs(b.y + b.h / 2 - mid) <= reach for b in d.boxes)]


def _key_sized(b: Box, scale: float) -> bool:
    return b.h <= 64 * scale and b.w <= 64 * scale


def _keys_amid(content: Sequence[FrameDelta], scale: float) -> list[FrameDelta] | None:
    """Keystrokes that each changed the page elsewhere too (a table filtered as each key landed): of
    each change, its keystroke-sized boxes on the line most of them share; None unless most changes
    hold one."""
    keyed = [FrameDelta(d.index, d.t, tuple(b for b in d.boxes if _key_sized(b, scale))) for d in content]
    keyed = [d for d in keyed if d.boxes]
    if len(keyed) < 3 or len(keyed) < 0.6 * len(content):
        return None
    line = _typed_line(keyed)
    on = [FrameDelta(d.index, d.t, tuple(b for b in d.boxes if b in line)) for d in keyed]
    on = [d for d in on if d.boxes]
    return on if len(on) >= 3 and len(on) >= 0.6 * len(content) else None


def _typed_line(keystrokes: Sequence[FrameDelta]) -> list[Box]:
    """The changes on the line the keystrokes went to: the band that most of them changed, with the
    lines it runs on to (text wrapping in a text area); not a change elsewhere among them (a field
    left a moment before settling its look)."""
    boxes = [b for d in keystrokes for b in d.boxes]

    def votes(b: Box) -> int:
        return sum(1 for d in keystrokes if any(o.y < b.y2 and b.y < o.y2 for o in d.boxes))

    seed = max(boxes, key=votes)
    gap = seed.h // 2
    band, kept = seed, [seed]
    grown = True
    while grown:
        more = [b for b in boxes if b not in kept and b.y < band.y2 + gap and band.y - gap < b.y2]
        kept += more
        band = union_of(kept)
        grown = bool(more)
    return kept


def _typed_text(before: ScreenState, after: ScreenState, row: Box) -> tuple[str, Box]:
    """(what was typed, the box of the field it went into)."""
    field = _entry_containing(after, row)
    if field is not None:
        now = field.value or field.text or ""
        prev = _entry_containing(before, field.box)
        was = (prev.value or prev.text or "") if prev is not None else ""
        area = field.box
    else:
        area = row
        now, was = _text_in(after, area), _text_in(before, area)
    if was and now.startswith(was):
        return now[len(was) :].strip(), area
    return now, area


def _entry_containing(state: ScreenState, row: Box) -> DetectedElement | None:
    cands = [e for e in state.elements if e.role in TEXT_ENTRY and e.box.intersection(row) > 0.5 * row.area]
    return min(cands, key=lambda e: e.box.area) if cands else None


def _text_in(state: ScreenState, area: Box) -> str:
    lines = [ln for ln in state.lines if ln.box.intersection(area) > 0.5 * ln.box.area]
    lines.sort(key=lambda ln: (ln.box.y, ln.box.x))
    return " ".join(ln.text for ln in lines).strip()


def _target(state: ScreenState, x: float | None, y: float | None) -> TargetRef | None:
    """The smallest element under the point, preferring clickable ones."""
    if x is None or y is None:
        return None
    hits = [(i, e) for i, e in enumerate(state.elements) if e.box.grown(CLICK_REACH).contains_point(x, y)]
    if not hits:
        return None
    interactive = [h for h in hits if h[1].role in CLICKABLE | TEXT_ENTRY]
    i, _ = min(interactive or hits, key=lambda h: h[1].box.area)
    return TargetRef(state.index, i)


def largest_within(state: ScreenState, box: Box) -> int | None:
    """The index of the largest element mostly inside `box` (the item a drag carried or a selection
    moved to, whose box is its row and not its text)."""
    inside = [(i, e) for i, e in enumerate(state.elements) if e.box.intersection(box) >= 0.5 * e.box.area]
    return max(inside, key=lambda h: h[1].box.area)[0] if inside else None


@dataclass(frozen=True, slots=True)
class _Scroll:
    dx: float
    dy: float
    """px the content moved left and up (negative: right, down)."""
    region: Box
    """what moved."""
    error: float


def _scroll_shift(a: Gray, b: Gray, changed: tuple[Box, ...], frames: int) -> _Scroll | None:
    """The shift that turns `a` into `b`, when one does: down, sideways (the same search on the
    transposed frames) or, for a smooth scroll, both at once. `frames`: how many frames the change took
    (smooth scrolling takes many)."""
    across = _axis_scroll(
        np.ascontiguousarray(a.T), np.ascontiguousarray(b.T), tuple(_transposed(c) for c in changed), frames
    )
    if across is not None:
        across = _Scroll(across.dy, 0.0, _transposed(across.region), across.error)
    found = [s for s in (_axis_scroll(a, b, changed, frames), across) if s is not None]
    if found:
        return min(found, key=lambda s: s.error)
    h, w = a.shape
    if frames < _SMOOTH_FRAMES or sum(c.area for c in changed) < 0.2 * w * h:
        return None
    # a trackpad drifts: a smooth scroll may go down and sideways at once
    s = diagonal_shift(a, b)
    if s is None:
        return None
    return _Scroll(
        float(s.dx),
        float(s.dy),
        Box(s.left, s.header, w - s.left - s.right, h - s.header - s.footer),
        s.error,
    )


def _transposed(box: Box) -> Box:
    return Box(box.y, box.x, box.h, box.w)


LONG_SCROLL_OVERLAP = 0.12
"""The least share of the rows a scroll leaves on screen (600 px of a 720 px viewport: 17 %)..."""
LONG_SCROLL_TEXTURE = 0.05
"""...of which this share of the rows must show something (a strip of blank rows lines up anywhere)."""
SCROLL_ROW_SHARE = 0.03
"""A row of a scrolled region changes across at least this share of its columns."""


def _axis_scroll(a: Gray, b: Gray, changed: tuple[Box, ...], frames: int) -> _Scroll | None:
    """The vertical shift that turns `a` into `b` (dy, positive when content moved up), when one does."""
    h, w = a.shape
    spread = changed[0]
    for c in changed[1:]:
        spread = spread.union(c)
    if spread.area < 0.2 * w * h or spread.h < 0.3 * h:
        return None
    # the columns that scrolled: those of the largest changes (a fixed sidebar stays put)
    big = max(changed, key=lambda c: c.area)
    wide = [c for c in changed if c.w > 0.5 * big.w]
    x0, x1 = min(c.x for c in wide), max(c.x2 for c in wide)
    step = 4
    sa = cv2.resize(a[:, x0:x1], ((x1 - x0) // step, h // step), interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    sb = cv2.resize(b[:, x0:x1], ((x1 - x0) // step, h // step), interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    rows = sa.shape[0]
    # unchanged rows at the top and the bottom are fixed (a sticky header, a footer bar); blank rows
    # in between scroll with the rest
    # (a row whose change is a sliver of its columns is not scrolling: a scrollbar's thumb moving down
    # the screen's edge beside a fixed header, a caret blinking in it)
    diff = np.abs(sa - sb)
    changed_rows = np.nonzero((diff.mean(axis=1) >= 0.5) & ((diff > 8).mean(axis=1) >= SCROLL_ROW_SHARE))[0]
    if len(changed_rows) == 0:
        return None
    moving = np.zeros(rows, bool)
    moving[changed_rows[0] : changed_rows[-1] + 1] = True
    if moving.sum() < 0.3 * rows:
        return None
    base = float(diff[moving].mean())
    textured = sa.std(axis=1) >= 2.0
    best, best_err = 0, base
    reach = rows - round(LONG_SCROLL_OVERLAP * rows)
    for dy in range(-reach, reach + 1):
        if dy == 0:
            continue
        src, dst = (
            (slice(dy, rows), slice(0, rows - dy)) if dy > 0 else (slice(0, rows + dy), slice(-dy, rows))
        )
        keep = moving[src] & moving[dst]
        n = int(keep.sum())
        if n < LONG_SCROLL_OVERLAP * rows:
            continue
        # five wheel notches scroll most of a screen: the strip both frames show must show something
        if n < 0.2 * rows and int(textured[src][keep].sum()) < LONG_SCROLL_TEXTURE * rows:
            continue
        err = float(np.abs(sa[src][keep] - sb[dst][keep]).mean())
        if err < best_err:
            best, best_err = dy, err
    # the same pixels, moved; a new page that merely lines up leaves more difference, and arrives in
    # a frame or two where a smooth scroll glides over many
    smooth = frames >= _SMOOTH_FRAMES
    if best == 0 or best_err > (0.35 if smooth else 0.1) * base or best_err > (4.0 if smooth else 1.0):
        return None
    ys = np.nonzero(moving)[0]
    y0, y1 = int(ys[0]) * step, (int(ys[-1]) + 1) * step
    return _Scroll(0.0, float(best * step), Box(x0, y0, x1 - x0, y1 - y0), best_err)
