"""How the app answered each event: read from the difference between the screens before and after.

    responses = read_responses(states, behaviour)            # one per state change, in order
    behaviour = typed_into_editors(behaviour, responses)     # what was typed, from the labels left
    response = read_response(before, after, event, changed_share)

Kinds, checked in this order: the field typed into (input), a scroll, a dialog over a dimmed page (open)
or its closing (close), a click answered by a page's own widget (`widget_changes`: a tab strip's active
tab moved to another tab, tab; an accordion's section opened or closed, expand / collapse; most texts
where the page changed shown again in another order, sort, named by the control clicked), a new page
(navigate: most of the screen or most of its texts changed), a list's or a strip's highlight moved to
the next item (select), a double click that turned a label into a field holding its text (edit), a drag
after which the same texts show in another order (reorder), Tab moving the focus to another field
(focus), the text typed into an editor shown as a label again where the editor was (edit), the typed
text shown as a new row (list_add), messages in an error colour under or beside fields after a click on
no field or Enter (validation), the list's own changes, a checkbox ticked (toggle), the pointer passing
(hover), a field focused (focus), then rows added to or gone from the screen by any other means
(list_add, list_remove, filter), anything else (change).

The list's own changes are read against what the recording put in the list so far (`ListMemory`:
the items typed in and added, and which of them were ticked), so they do not depend on where the
rows are drawn:
- a click in the row of an item that stays, where the row changed: the item was ticked (toggle);
- items gone after a click in one of their rows: list_remove;
- items hidden or shown again after a click on a link or tab: filter, named by the link's text
  (unless most texts around the list changed too: another page, navigate); a tab that hides or shows
  the list's items is a filter, not a tab switch;
- the ticked items gone after a click on a control that then went too: clear (of the done items).
Counters (texts whose numbers changed, "1 item left" → "2 items left") are noted on any kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from replicast.pipeline.behaviour import Behaviour, InferredEvent, largest_within, single_click
from replicast.pipeline.changes import CLICK_REACH, dimmed
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.selection import moved_selection
from replicast.pipeline.widget_changes import (
    error_messages,
    flipped_header,
    reordered,
    switched_tab,
    tab_strips,
)
from replicast.spec.models import FIELD_ROLES, ResponseKind
from replicast.spec.texts import DIGITS, shape, similar
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement

NAMED_CONTROLS = frozenset({"link", "tab"})
"""what a person clicks to choose which rows a list shows."""


@dataclass(frozen=True, slots=True)
class ReadResponse:
    kind: ResponseKind
    target: int | None = None
    """index of the element in the after state."""
    texts: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()


@dataclass(slots=True)
class ListMemory:
    """The rows the recording added to a list so far (by their text) and which of them are done."""

    items: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    typing_lines: list[float] = field(default_factory=list)
    """y of the lines text was typed on: a draft shown there is not a row."""

    def apply(self, r: ReadResponse, typed: str | None = None) -> None:
        """Follow a response; `typed` is what was typed just before it (only a typed item shown as
        a row is a row of the list: other new texts may be anything)."""
        if r.kind == "list_add":
            self.items.extend(t for t in r.texts if t == typed and t not in self.items)
        elif r.kind == "toggle":
            self.done ^= set(r.texts) & set(self.items)
        elif r.kind in ("list_remove", "clear"):
            self.items = [t for t in self.items if t not in r.texts]
            self.done -= set(r.texts)


@dataclass(frozen=True, slots=True)
class _Row:
    text: str
    element: int
    band: Box
    """the row's box: its list item, or the line around its text."""


def read_responses(states: Sequence[ScreenState], behaviour: Behaviour) -> list[ReadResponse]:
    """The response to every state change of `behaviour`, in order, read with the memory of the
    list rows added so far."""
    memory = ListMemory()
    strips = tab_strips(states)
    out: list[ReadResponse] = []
    for change in behaviour.changes:
        before, after = states[change.before], states[change.after]
        event = behaviour.events[change.event]
        prev = behaviour.events[change.event - 1] if change.event > 0 else None
        typed = prev if prev is not None and prev.type == "type" else None
        h, w = after.luma.shape
        share = sum(b.area for b in after.changed) / float(max(1, w * h))
        if event.type == "type" and event.y is not None:
            memory.typing_lines.append(event.y)
        r = read_response(before, after, event, share, typed, memory, strips)
        memory.apply(r, typed.text if typed is not None else None)
        out.append(r)
    return out


def typed_into_editors(behaviour: Behaviour, responses: Sequence[ReadResponse]) -> Behaviour:
    """`behaviour` with what was typed into a row's editor read off the label the editor left: typing
    that ends the text an editor opened with shows in the label exactly (" and bread" after "buy oat
    milk"), where reading the field often drops the space where the old text ends."""
    events = list(behaviour.events)
    opened: str | None = None
    typed: int | None = None
    for change, r in zip(behaviour.changes, responses, strict=True):
        ev = events[change.event]
        if r.kind == "edit" and r.texts and opened is None and ev.type == "click" and ev.count > 1:
            opened, typed = r.texts[0], None
        elif r.kind == "input" and opened is not None:
            typed = change.event
        elif r.kind == "edit" and r.texts and opened is not None:
            label = r.texts[0]
            if typed is not None and label.startswith(opened) and len(label) > len(opened):
                events[typed] = replace(events[typed], text=label[len(opened) :])
            opened = None
        else:
            opened = None
    return replace(behaviour, events=tuple(events))


def read_response(
    before: ScreenState,
    after: ScreenState,
    event: InferredEvent,
    changed_share: float,
    typed: InferredEvent | None = None,
    memory: ListMemory | None = None,
    strips: Sequence[tuple[str, ...]] = (),
) -> ReadResponse:
    """The response to `event`, which turned `before` into `after`; `changed_share` is the share of the
    screen that changed; `typed` the typing that came just before the event, if any; `memory` the
    list rows added so far (None: none known); `strips` the tab strips the recording showed."""
    memory = memory or ListMemory()
    counters = tuple(_counters(before, after))
    if event.type == "type":
        target = _at(after, event.x, event.y, FIELD_ROLES)
        return ReadResponse("input", target, (event.text or "",), counters)
    if event.type == "scroll":
        return ReadResponse("scroll", None, (), counters)
    if dimmed(before.luma, after.luma):
        return ReadResponse("open", None, tuple(_new_texts(before, after)), counters)
    if dimmed(after.luma, before.luma):
        return ReadResponse("close", None, (), counters)
    widget = _widget_response(before, after, event, memory, strips, counters)
    if widget is not None:
        return widget
    if changed_share > 0.5 or _new_page(before, after):
        return ReadResponse("navigate", None, (), counters)
    moved = moved_selection(before.image, after.image, after.changed)
    if moved is not None:
        chosen = largest_within(after, moved.now)
        return ReadResponse("select", chosen, _text_of(after, chosen), counters)
    if event.type == "click" and event.count > 1:
        editor = _at(after, event.x, event.y, FIELD_ROLES)
        if editor is not None:
            return ReadResponse("edit", editor, (after.elements[editor].value or "",), counters)
    if event.type == "drag":
        order = _reorder(before, after, event)
        if order is not None:
            return ReadResponse("reorder", None, order, counters)
    if event.type == "key" and event.text == "Tab":
        left = typed if typed is not None else event
        moved_to = _focused_entry(after, left.x, left.y)
        if moved_to is not None:
            return ReadResponse("focus", moved_to, (), counters)
    if typed is not None and event.type == "key":
        label = _label_in_place(before, after, typed)
        if label is not None:
            return ReadResponse("edit", label, _text_of(after, label), counters)
    if typed is not None and typed.text and (event.type == "key" or single_click(event)):
        row = _row_of(before, after, typed)
        if row is not None:
            return ReadResponse("list_add", row, (typed.text,), counters)
    messages = error_messages(before, after) if _submitted(before, event) else ()
    if messages:
        return ReadResponse("validation", None, messages, counters)
    # the list's own changes first: rows that moved under a filter are no ticked checkbox
    listed = _list_change(before, after, event, memory)
    if listed is not None:
        kind, target, texts = listed
        return ReadResponse(kind, target, texts, counters)
    toggled = _toggled(before, after)
    if toggled is not None:
        item = _row_at(_rows(before, memory), after.elements[toggled].box.cx, after.elements[toggled].box.cy)
        return ReadResponse("toggle", toggled, (item.text,) if item else (), counters)
    if event.type == "hover":
        return ReadResponse("hover", _at(after, event.x, event.y), (), counters)
    field_at = _at(after, event.x, event.y, FIELD_ROLES) if single_click(event) else None
    if field_at is not None and all(after.elements[field_at].box.intersection(c) for c in after.changed):
        return ReadResponse("focus", field_at, (), counters)
    added, removed = _new_texts(before, after), _new_texts(after, before)
    if field_at is not None and not removed:
        return ReadResponse("focus", field_at, (), counters)  # what showed was the field's (a hint)
    if added and not removed:
        return ReadResponse("list_add", None, tuple(added), counters)
    if removed and not added:
        return ReadResponse("list_remove", None, tuple(removed), counters)
    if added and removed:
        return ReadResponse("filter", None, tuple(added), counters)
    return ReadResponse("change", _at(after, event.x, event.y), (), counters)


def _widget_response(
    before: ScreenState,
    after: ScreenState,
    event: InferredEvent,
    memory: ListMemory,
    strips: Sequence[tuple[str, ...]],
    counters: tuple[str, ...],
) -> ReadResponse | None:
    """A click answered by a page's own widget: a tab strip's active tab moved (unless the list's rows
    changed with it: a filter), an accordion's section opened or closed, the rows sorted; None when
    none was."""
    if not single_click(event):
        return None
    clicked = _clicked(before, event)
    tab = switched_tab(before, after, clicked, strips)
    if tab is not None and [r.text for r in _rows(before, memory)] == [r.text for r in _rows(after, memory)]:
        return ReadResponse("tab", tab.tab, (tab.text,), counters)
    header = flipped_header(before, after, event.x, event.y)
    if header is not None:
        kind: ResponseKind = "expand" if after.elements[header].expanded else "collapse"
        return ReadResponse(kind, header, _text_of(after, header), counters)
    moved = reordered(before, after)
    if moved is None:
        return None
    # numbers that moved with their rows (an id, a year: shown on both screens) are no counters
    was = {(e.text or "").strip() for e in before.elements}
    now = {(e.text or "").strip() for e in after.elements}
    counted = tuple(c for c in counters if (p := c.split(" -> "))[0] not in now and p[-1] not in was)
    name = (clicked.text or "").strip() if clicked is not None else ""
    if not name or name in moved or event.x is None or event.y is None:
        return ReadResponse("sort", None, (), counted)  # no control seen (a click placed amid the rows)
    return ReadResponse("sort", _labelled(after, name, event.x, event.y), (name,), counted)


def _submitted(before: ScreenState, event: InferredEvent) -> bool:
    """Whether `event` may have submitted a form: Enter, or a click on anything but a field."""
    if event.type == "key":
        return event.text == "Enter"
    if not single_click(event):
        return False
    clicked = _clicked(before, event)
    return clicked is None or clicked.role not in FIELD_ROLES


def _text_of(state: ScreenState, element: int | None) -> tuple[str, ...]:
    text = (state.elements[element].text or "").strip() if element is not None else ""
    return (text,) if text else ()


def _reorder(before: ScreenState, after: ScreenState, drag: InferredEvent) -> tuple[str, ...] | None:
    """(the text dragged,) when the texts where the page changed are the same after a drag, in another
    order; None otherwise."""
    was = _ordered(before, after)
    now = _ordered(after, after)
    if len(was) < 2 or Counter(was) != Counter(now) or was == now:
        return None
    held = _clicked(before, drag)
    text = (held.text or "").strip() if held is not None else ""
    return (text,) if text in was else ()


def _ordered(state: ScreenState, where: ScreenState) -> list[str]:
    """The texts of `state` in the regions where `where` changed, top to bottom, left to right."""
    els = [
        e
        for e in state.elements
        if e.role not in FIELD_ROLES
        and (e.text or "").strip()
        and any(e.box.intersection(c) > 0.5 * e.box.area for c in where.changed)
    ]
    return [(e.text or "").strip() for e in sorted(els, key=lambda e: (e.box.y, e.box.x))]


def _label_in_place(before: ScreenState, after: ScreenState, typed: InferredEvent) -> int | None:
    """The label that shows what a field held where the field was, the field gone: an editor closed
    with its text kept (Enter after editing a list item)."""
    field = _at(before, typed.x, typed.y, FIELD_ROLES)
    if field is None:
        return None
    box, value = before.elements[field].box, (before.elements[field].value or "").strip()
    if not value or any(e.role in FIELD_ROLES and e.box.iou(box) > 0.5 for e in after.elements):
        return None
    return next(
        (
            i
            for i, e in enumerate(after.elements)
            if e.role not in FIELD_ROLES
            and box.contains_point(e.box.cx, e.box.cy)
            and similar((e.text or "").strip(), value)
        ),
        None,
    )


def _new_page(before: ScreenState, after: ScreenState) -> bool:
    """Most texts went and most shown are new (another heading, other words): another page, though
    the two pages share their plain background."""
    was = [t for e in before.elements if e.role not in FIELD_ROLES and (t := (e.text or "").strip())]
    now = [t for e in after.elements if e.role not in FIELD_ROLES and (t := (e.text or "").strip())]
    if len(was) < 2 or not now:
        return False
    kept = sum(1 for t in was if any(similar(t, n) for n in now))
    new = sum(1 for t in now if not any(similar(t, w) for w in was))
    return kept < 0.5 * len(was) and new >= 0.5 * len(now)


def _focused_entry(after: ScreenState, x: float | None, y: float | None) -> int | None:
    """The field whose look changed (its focus ring lit) other than the one at (x, y), where the
    keys went before."""
    for i, e in enumerate(after.elements):
        if e.role not in FIELD_ROLES or (
            x is not None and y is not None and e.box.grown(CLICK_REACH).contains_point(x, y)
        ):
            continue
        if any(e.box.intersection(c) for c in after.changed):
            return i
    return None


def _list_change(
    before: ScreenState, after: ScreenState, event: InferredEvent, memory: ListMemory
) -> tuple[ResponseKind, int | None, tuple[str, ...]] | None:
    """(kind, target, texts) when a click changed the rows the recording added: which were
    ticked, removed, hidden or shown again; None when it did not."""
    if not memory.items or not single_click(event) or event.x is None or event.y is None:
        return None
    was, now = _rows(before, memory), _rows(after, memory)
    shown_before, shown_after = [r.text for r in was], [r.text for r in now]
    in_row = _row_at(was, event.x, event.y)
    if shown_before == shown_after:
        if in_row is not None and any(in_row.band.intersection(c) for c in after.changed):
            return "toggle", _at(after, event.x, event.y), (in_row.text,)
        return None
    removed = tuple(t for t in shown_before if t not in shown_after)
    appeared = tuple(t for t in shown_after if t not in shown_before)
    if _other_page(before, after, [*was, *now]):
        return "navigate", None, ()
    if removed and not appeared and in_row is not None and in_row.text in removed:
        return "list_remove", None, removed
    hit = _clicked(before, event)
    label = (hit.text or "").strip() if hit is not None else ""
    control = _labelled(after, label, event.x, event.y)
    if hit is not None and hit.role in NAMED_CONTROLS:
        return "filter", control, (label,) if label else ()
    if removed and not appeared and set(removed) <= memory.done and control is None:
        return "clear", None, removed
    if appeared or control is not None:
        # rows came back (they were hidden, not deleted), or the control stayed to be used again
        return "filter", control, (label,) if label else ()
    return "list_remove", None, removed


def _other_page(before: ScreenState, after: ScreenState, rows: Sequence[_Row]) -> bool:
    """Whether most texts above the list (a heading, the field to add with) went too: another page,
    not the list filtered."""
    top = min((r.band.y for r in rows), default=0)
    above = [t for e in before.elements if e.box.y2 <= top and (t := (e.text or "").strip())]
    now = [(e.text or "").strip() for e in after.elements if e.text]
    kept = sum(1 for t in above if any(similar(t, n) for n in now))
    return bool(above) and kept < 0.5 * len(above)


def _labelled(state: ScreenState, label: str, x: float, y: float) -> int | None:
    """The element of `state` showing `label` (the one nearest (x, y)), or None."""
    if not label:
        return None
    els = state.elements
    same = [i for i, e in enumerate(els) if similar(label, (e.text or "").strip())]
    return min(same, key=lambda i: abs(els[i].box.cx - x) + abs(els[i].box.cy - y), default=None)


def _rows(state: ScreenState, memory: ListMemory) -> list[_Row]:
    """The items of `memory` that `state` shows as rows, top to bottom."""
    fields = [e.box for e in state.elements if e.role in FIELD_ROLES]
    found: list[_Row] = []
    for item in memory.items:
        matches = [
            i
            for i, e in enumerate(state.elements)
            if _is_row_text(e, fields, memory.typing_lines) and (e.text or "").strip() == item
        ]
        if not matches:  # an OCR slip: the closest text, unless it is another item's
            matches = [
                i
                for i, e in enumerate(state.elements)
                if _is_row_text(e, fields, memory.typing_lines)
                and similar((e.text or "").strip(), item)
                and (e.text or "").strip() not in memory.items
            ]
        if matches:
            i = matches[0]
            found.append(_Row(item, i, _band(state, state.elements[i])))
    found.sort(key=lambda r: r.band.y)
    return found


def _is_row_text(e: DetectedElement, fields: Sequence[Box], typing_lines: Sequence[float]) -> bool:
    """Whether `e` may be a list row's text: text outside any field and off the lines typed on."""
    return (
        e.role not in FIELD_ROLES
        and bool((e.text or "").strip())
        and not any(b.intersection(e.box) > 0.5 * e.box.area for b in fields)
        and not any(abs(e.box.cy - y) < max(e.box.h, 12) for y in typing_lines)
    )


def _band(state: ScreenState, text: DetectedElement) -> Box:
    """The row around a row's text: the smallest list item holding it, else its line of the screen."""
    holders = [
        e.box
        for e in state.elements
        if e.role == "listitem" and e.box.contains_point(text.box.cx, text.box.cy)
    ]
    if holders:
        return min(holders, key=lambda b: b.area)
    width = state.luma.shape[1]
    pad = text.box.h // 2
    return Box(0, text.box.y - pad, width, text.box.h + 2 * pad)


def _row_at(rows: Sequence[_Row], x: float, y: float) -> _Row | None:
    return next((r for r in rows if r.band.contains_point(x, y)), None)


def _clicked(state: ScreenState, event: InferredEvent) -> DetectedElement | None:
    """The element the click was on: the event's target, else the smallest one under the pointer."""
    ref = event.target
    if ref is not None and ref.state == state.index and ref.element < len(state.elements):
        return state.elements[ref.element]
    if event.x is None or event.y is None:
        return None
    hits = [e for e in state.elements if e.box.grown(CLICK_REACH).contains_point(event.x, event.y)]
    return min(hits, key=lambda e: e.box.area) if hits else None


def _row_of(before: ScreenState, after: ScreenState, typed: InferredEvent) -> int | None:
    """The element that shows the typed text as a new row: outside any field, off the typing line;
    the same text, else a new text that reads alike (OCR read the field or the row a little off)."""
    fields = [e.box for e in after.elements if e.role in FIELD_ROLES]
    lines = [typed.y] if typed.y is not None else []
    rows = [
        (i, (e.text or "").strip()) for i, e in enumerate(after.elements) if _is_row_text(e, fields, lines)
    ]
    had = {(e.text or "").strip() for e in before.elements}
    same = [i for i, t in rows if t == typed.text]
    near = [i for i, t in rows if t not in had and similar(t, typed.text or "")]
    return next(iter(same or near), None)


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
        if e.role not in FIELD_ROLES
        and (e.text or "").strip()
        and any(e.box.intersection(c) > 0.5 * e.box.area for c in where.changed)
    )


def _new_texts(before: ScreenState, after: ScreenState) -> list[str]:
    """Texts shown after and not before (OCR noise and changed counters aside)."""
    was = _texts(before, after)
    shapes = {shape(t) for t in was}
    return [
        t
        for t in (_texts(after, after) - was)
        if shape(t) not in shapes and not any(similar(t, w) for w in was)
    ]


def _lines(state: ScreenState) -> list[tuple[str, Box]]:
    """The texts of a screen with the pieces OCR split on one line joined ("1" + "item left")."""
    pieces = [
        (e.text or "", e.box) for e in state.elements if e.role not in FIELD_ROLES and (e.text or "").strip()
    ]
    out: list[tuple[str, Box]] = []
    for text, box in sorted(pieces, key=lambda p: p[1].x):
        for k, (t, b) in enumerate(out):
            # the next piece of a line starts within a letter's height after the line's end
            if abs(b.cy - box.cy) < 0.5 * max(b.h, box.h) and 0 <= box.x - b.x2 <= max(b.h, box.h):
                out[k] = (f"{t} {text.strip()}", b.union(box))
                break
        else:
            out.append((text.strip(), box))
    return out


def _counters(before: ScreenState, after: ScreenState) -> list[str]:
    """`before -> after` for texts whose numbers changed: matched by their shape when that is unique
    on both screens (a counter moves with the rows above it), else by place."""
    was, now = _lines(before), _lines(after)
    shapes_was = Counter(shape(t) for t, _ in was)
    shapes_now = Counter(shape(t) for t, _ in now)
    out = []
    for text, box in now:
        if not DIGITS.search(text):
            continue
        form = shape(text)
        for old, old_box in was:
            if old == text or shape(old) != form or not DIGITS.search(old):
                continue
            if (shapes_was[form] == 1 and shapes_now[form] == 1) or old_box.iou(box) > 0.3:
                out.append(f"{old} -> {text}")
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
