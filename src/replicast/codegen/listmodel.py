"""A list the recording kept in state, read from the spec: which screens it explains, and how.

When the recording typed items into a list (a `list` entity) and then ticked, filtered, cleared or
removed them, the screens between those changes are one page showing other data, not other pages.
From the transitions' responses this module replays the list (its items, which are done, the filter)
after every event, and from the screens it reads:
- the family: the screens linked by list changes and by what a page does by itself (typing, focus,
  hover), all drawn by one stateful screen;
- the base screen whose layout that screen draws (the one showing the most rows), with its rows
  taken out and one list element (`slot`) where they were, and the screen as it was with no items;
- row templates: an open and a done row as the recording drew them, the parts of a row shown only
  under the pointer, and where in a row the person clicked to tick it or remove it;
- the field new items are typed into (and whether focusing it showed a ring), and the button that
  adds them (None: Enter adds);
- the filter controls and which rows each shows (all, active, done: from the rows seen after the
  click; one control never clicked gets the one choice left among its siblings);
- the control that clears the done rows;
- whether a double click on a row's title opened an editor over the row (an `edit` response), and
  where in the row the editor was: Enter in it renames the item (the next `edit` response);
- the parts shown only while there are items, done items or active items, and counters whose
  number follows one of the counts ("2 items left").

    model = list_model(spec, tables)    # None when no list explains the screens
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from replicast.codegen.behaviour import element_at
from replicast.codegen.listrows import (
    ENTRY,
    RowTemplate,
    control_at,
    find_rows,
    templates,
    without_rows,
)
from replicast.codegen.nesting import Rect
from replicast.codegen.schema import Column, Table
from replicast.spec.models import AppSpec, Element, Event, Screen, Transition
from replicast.spec.texts import DIGITS, shape, similar

Show = Literal["all", "active", "done"]
Count = Literal["all", "active", "done", "shown"]
Condition = Literal["any", "active", "done"]
SHOWS: tuple[Show, ...] = ("all", "active", "done")
COUNTS: tuple[Count, ...] = ("all", "active", "done", "shown")
CONDITIONS: tuple[Condition, ...] = ("any", "done", "active")
LIST_KINDS = frozenset({"list_add", "list_remove", "toggle", "filter", "clear", "edit"})
IN_PAGE_KINDS = frozenset({"input", "focus", "hover"})
CHOOSERS = frozenset({"link", "tab", "button"})
"""roles of the controls a filter is picked with."""
_INSIDE = 0.8


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class ListState:
    """What the list holds and shows at one moment of the recording."""

    items: tuple[Item, ...] = ()
    show: Show = "all"
    editing: str | None = None
    """the title of the item whose row shows its editor."""

    def visible(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if shows(self.show, i))

    def titled(self) -> tuple[Item, ...]:
        """The rows shown with their title (not the one being edited)."""
        return tuple(i for i in self.visible() if i.title != self.editing)

    def edited(self, text: str) -> ListState:
        """After an `edit` response showing `text`: the editor opened on the row of that title, or the
        text the open editor held kept as its item's title."""
        if self.editing is None:
            known = any(i.title == text for i in self.items)
            return replace(self, editing=text) if known else self
        items = tuple(replace(i, title=text) if i.title == self.editing else i for i in self.items)
        return replace(self, items=items, editing=None)

    def count(self, what: Count) -> int:
        if what == "shown":
            return len(self.visible())
        return sum(1 for i in self.items if what == "all" or i.done == (what == "done"))

    def holds(self, condition: Condition | None) -> bool:
        return condition is None or self.count("all" if condition == "any" else condition) > 0


def shows(show: Show, item: Item) -> bool:
    return show == "all" or item.done == (show == "done")


@dataclass(frozen=True, slots=True)
class CounterText:
    """A text whose number is a count of the list's items: prefix + n + (one | many)."""

    count: Count
    prefix: str
    one: str
    many: str


@dataclass(frozen=True, slots=True)
class ListModel:
    """The list of one recording and how its screen draws and runs it (ids are element ids)."""

    table: Table
    title: Column
    done: Column | None
    family: frozenset[str]
    """ids of the screens the stateful screen draws."""
    base: Screen
    """the screen it draws: the base screen with its rows replaced by the `slot` list element."""
    slot: str
    row_gap: int
    """px between two rows, as the base screen drew them."""
    open_row: RowTemplate
    done_row: RowTemplate | None
    toggle_at: Rect | None
    """where in a row (row coordinates) a click ticks it."""
    remove_at: Rect | None
    entry: str | None
    """id of the field new items are typed into."""
    add_button: str | None
    enter_adds: bool
    """whether Enter in the field adds (the recording added with a key, or never with a button)."""
    empty: Screen | None
    """the screen as the recording showed it with no items (drawn while there are none), if seen."""
    empty_entry: str | None
    """id of the entry field on `empty`."""
    filters: Mapping[str, Show]
    clear: str | None
    conditions: Mapping[str, Condition]
    counters: Mapping[str, CounterText]
    after_event: Mapping[int, ListState]
    """the list after each event that changed it (index into spec.events)."""
    editor_at: Rect | None = None
    """where in a row (row coordinates) the editor a double click on its title opens; None: never."""
    editor_border: str | None = None
    """the editor's border colour as the recording showed it."""


def list_model(spec: AppSpec, tables: Sequence[Table]) -> ListModel | None:
    """The stateful list of `spec` (CSS px), or None when the recording kept none (no list entity,
    no item added, or its screens do not show what the replayed list holds)."""
    table = next((t for t in tables if t.entity.source == "list"), None)
    title = next((c for c in table.columns if c.type == "text"), None) if table else None
    if table is None or title is None:
        return None
    done = next((c for c in table.columns if c.type == "boolean"), None)
    screens = {s.id: s for s in spec.screens}
    transitions = sorted(
        (
            t if _rows_change(spec, t) else t.model_copy(update={"response": None})
            for t in spec.transitions
            if t.event is not None and t.from_ in screens and t.to in screens
        ),
        key=lambda t: t.event or 0,
    )
    family = _family(transitions)
    if not family:
        return None
    lines = _typing_lines(spec)
    items = _replay_items(transitions)
    if items is None or (done is None and any(i.done for s in items.values() for i in s)):
        return None
    start = min(family, key=lambda s: screens[s].t)
    # without a done flag every row shows under every filter: nothing to filter by
    named = _filters(spec, screens, transitions, items, lines) if done is not None else {}
    states = _replay(transitions, named, family)
    seen = {s: find_rows(screens[s], [i.title for i in states[s].items], lines) for s in family}
    explained = [s for s in family if [r.title for r in seen[s]] == [i.title for i in states[s].titled()]]
    if 4 * len(explained) < 3 * len(family):
        return None  # the screens show another list than the one replayed
    add_event = _add_event(spec, transitions)
    # the base shows the most rows, the field to type new ones into, open and done rows
    base_id = max(
        sorted(family, key=lambda s: screens[s].t),
        key=lambda s: (
            len(seen[s]),
            _entry(spec, screens[s], add_event) is not None,
            len({i.done for i in states[s].visible()}),
            len(screens[s].elements),
        ),
    )
    base = screens[base_id]
    rows = seen[base_id]
    if not rows:
        return None
    done_of = {s: {i.title: i.done for i in states[s].items} for s in family}
    drawn_rows = templates(spec, base_id, screens, done_of, seen)
    open_row = drawn_rows.get(False) or drawn_rows.get(True)
    assert open_row is not None  # the base shows rows
    drawn, slot = without_rows(base, rows)
    empty = _empty(spec, transitions, family, screens, states, add_event)
    entry = _entry(spec, drawn, add_event)
    conditions = _conditions(drawn, family, screens, states, skip={slot, entry or ""})
    editor_at, editor_border = _editor(spec, transitions, screens, family, states)
    return ListModel(
        table=table,
        title=title,
        done=done,
        family=frozenset(family),
        base=drawn.model_copy(update={"t": screens[start].t, "t_start": screens[start].t_start}),
        slot=slot,
        row_gap=min((max(0, b.box.y - a.box.bottom) for a, b in itertools.pairwise(rows)), default=0),
        open_row=open_row,
        done_row=drawn_rows.get(True),
        toggle_at=control_at(spec, transitions, screens, "toggle", drawn_rows, lines) if done else None,
        remove_at=control_at(spec, transitions, screens, "list_remove", drawn_rows, lines),
        entry=entry,
        empty=empty,
        empty_entry=_entry(spec, empty, add_event) if empty is not None else None,
        add_button=_add_button(spec, drawn, transitions),
        enter_adds=any(e.type == "key" for e in _adds(spec, transitions)),
        filters={e.id: named[_label(e)] for e in drawn.elements if e.role in CHOOSERS and _label(e) in named},
        clear=_clear(spec, drawn, screens, transitions) if done else None,
        conditions=conditions,
        counters=_counters(drawn, family, screens, states, conditions),
        after_event={t.event: states[t.to] for t in transitions if t.to in family and t.event is not None},
        editor_at=editor_at,
        editor_border=editor_border,
    )


# ---------------------------------------------------------------- the list after each event


def _rows_change(spec: AppSpec, t: Transition) -> bool:
    """False for a list_add of texts that were not typed just before: new texts of any kind, not
    rows of the list."""
    r = t.response
    if r is None or r.kind != "list_add" or t.event is None:
        return True
    prev = spec.events[t.event - 1] if 0 < t.event <= len(spec.events) else None
    return prev is not None and prev.type == "type" and r.texts[:1] == [prev.text]


def _typing_lines(spec: AppSpec) -> list[float]:
    """y of the lines text was typed on (a draft there is no row), but for the editors a double click
    opened over a row (an `edit` response's field): what was typed there edits that row."""
    fields = {e.id: e for s in spec.screens for e in s.elements if e.role in ENTRY}
    editors = [
        fields[t.response.target].bbox
        for t in spec.transitions
        if t.response is not None and t.response.kind == "edit" and t.response.target in fields
    ]
    return [
        e.y
        for e in spec.events
        if e.type == "type"
        and e.y is not None
        and not any(
            x <= (e.x if e.x is not None else x) <= x + w and y <= e.y <= y + h for x, y, w, h in editors
        )
    ]


def _family(transitions: Sequence[Transition]) -> set[str]:
    """The screens linked to the list's changes by list changes and in-page responses."""
    linked = [t for t in transitions if t.response and t.response.kind in LIST_KINDS | IN_PAGE_KINDS]
    seeds = {t.to for t in linked if t.response and t.response.kind == "list_add"}
    family: set[str] = set()
    todo = list(seeds)
    while todo:
        s = todo.pop()
        if s in family:
            continue
        family.add(s)
        todo += [t.to for t in linked if t.from_ == s] + [t.from_ for t in linked if t.to == s]
    return family


def _replay_items(transitions: Sequence[Transition]) -> dict[str, tuple[Item, ...]] | None:
    """The items at each transition's screen, from the responses (filters aside); None when a
    response names a row the replay does not know (the list is not this one)."""
    out: dict[str, ListState] = {}
    for t in transitions:
        was = out.get(t.from_, ListState())
        r = t.response
        if r is not None:
            if r.kind == "toggle" and r.texts and all(i.title != r.texts[0] for i in was.items):
                return None
            was = (
                was.edited(r.texts[0])
                if r.kind == "edit" and r.texts
                else replace(was, items=_changed(was.items, r.kind, r.texts))
            )
        out[t.to] = was
    return {k: v.items for k, v in out.items()}


def _replay(
    transitions: Sequence[Transition], named: Mapping[str, Show], family: set[str]
) -> dict[str, ListState]:
    """The list at each screen of the family, the filter included (`named`: filter label → show)."""
    states = {s: ListState() for s in family}
    for t in transitions:
        r = t.response
        if t.from_ not in family or t.to not in family or r is None:
            continue
        was = states[t.from_]
        if r.kind == "edit" and r.texts:
            states[t.to] = was.edited(r.texts[0])
            continue
        show = was.show
        if r.kind == "filter" and r.texts:
            show = next((v for k, v in named.items() if similar(k, r.texts[0])), show)
        states[t.to] = ListState(_changed(was.items, r.kind, r.texts), show, was.editing)
    return states


def _changed(items: tuple[Item, ...], kind: str, texts: Sequence[str]) -> tuple[Item, ...]:
    """The items after a response of `kind` (filters change no item)."""
    if kind == "list_add" and texts:
        return (*items, Item(texts[0]))
    if kind == "toggle" and texts:
        return tuple(replace(i, done=not i.done) if i.title == texts[0] else i for i in items)
    if kind == "clear":
        return tuple(i for i in items if not i.done)
    if kind == "list_remove":
        return tuple(i for i in items if i.title not in texts)
    return items


def _label(e: Element) -> str:
    return (e.text or "").strip()


def _editor(
    spec: AppSpec,
    transitions: Sequence[Transition],
    screens: Mapping[str, Screen],
    family: set[str],
    states: Mapping[str, ListState],
) -> tuple[Rect | None, str | None]:
    """Where in a row (row coordinates, the row as the screen before drew it) the editor a double
    click opened showed, and its border colour; (None, None) when the recording edited no row so."""
    for t in transitions:
        r = t.response
        if r is None or r.kind != "edit" or t.event is None or t.from_ not in family or t.to not in family:
            continue
        opened = states[t.to].editing
        editor = next((e for e in screens[t.to].elements if e.id == r.target and e.role in ENTRY), None)
        opener = spec.events[t.event]
        if opened is None or editor is None or opener.type != "click" or opener.count == 1:
            continue
        row = find_rows(screens[t.from_], [opened], [])
        if not row:
            continue
        at, box = row[0].box, Rect.of(editor)
        border = editor.style.border_color if editor.style is not None else None
        return Rect(box.x - at.x, box.y - at.y, box.w, box.h), border
    return None, None


# ---------------------------------------------------------------- controls


def _add_event(spec: AppSpec, transitions: Sequence[Transition]) -> Event | None:
    return next(iter(_adds(spec, transitions)), None)


def _entry(spec: AppSpec, base: Screen, add: Event | None) -> str | None:
    """The field the items were typed into: where the typing before the first add happened."""
    if add is None:
        return None
    typed = [e for e in spec.events if e.type == "type" and e.t <= add.t and e.x is not None]
    if not typed or typed[-1].x is None or typed[-1].y is None:
        return None
    fields = [e for e in base.elements if e.role in ENTRY]
    hit = element_at(fields, typed[-1].x, typed[-1].y)
    return hit.id if hit is not None else None


def _empty(
    spec: AppSpec,
    transitions: Sequence[Transition],
    family: set[str],
    screens: Mapping[str, Screen],
    states: Mapping[str, ListState],
    add: Event | None,
) -> Screen | None:
    """The first screen showing the list with no items and nothing typed, with the field to type in."""
    drafts = {t.to for t in transitions if t.response is not None and t.response.kind == "input"}
    for sid in sorted(family, key=lambda s: screens[s].t):
        if not states[sid].items and sid not in drafts and _entry(spec, screens[sid], add) is not None:
            return screens[sid]
    return None


def _adds(spec: AppSpec, transitions: Sequence[Transition]) -> list[Event]:
    return [
        spec.events[t.event]
        for t in transitions
        if t.response is not None and t.response.kind == "list_add" and t.event is not None
    ]


def _add_button(spec: AppSpec, base: Screen, transitions: Sequence[Transition]) -> str | None:
    """The control clicked to add a typed item, if one was."""
    for add in _adds(spec, transitions):
        if add.type == "click" and add.count == 1 and add.x is not None and add.y is not None:
            hit = element_at(base.elements, add.x, add.y)
            if hit is not None and hit.role in CHOOSERS:
                return hit.id
    return None


def _clicked_text(spec: AppSpec, screens: Mapping[str, Screen], t: Transition) -> str:
    event = spec.events[t.event or 0]
    screen = screens[t.from_]
    by_id = {e.id: e for e in screen.elements}
    hit = by_id.get(event.target or "")
    if hit is None and event.x is not None and event.y is not None:
        hit = element_at(screen.elements, event.x, event.y)
    return (hit.text or "").strip() if hit is not None else ""


def _on_base(base: Screen, label: str) -> Element | None:
    """The control of the base screen that shows `label` (its number aside)."""
    if not label:
        return None
    return next(
        (
            e
            for e in base.elements
            if e.role in CHOOSERS | {"text"} and e.text and similar(shape(e.text), shape(label))
        ),
        None,
    )


def _clear(
    spec: AppSpec, base: Screen, screens: Mapping[str, Screen], transitions: Sequence[Transition]
) -> str | None:
    for t in transitions:
        if t.response is not None and t.response.kind == "clear":
            found = _on_base(base, _clicked_text(spec, screens, t))
            if found is not None:
                return found.id
    return None


def _filters(
    spec: AppSpec,
    screens: Mapping[str, Screen],
    transitions: Sequence[Transition],
    items: Mapping[str, tuple[Item, ...]],
    lines: Sequence[float],
) -> dict[str, Show]:
    """Filter label → which rows it shows: the choice that matches the rows seen after the control
    was clicked; a control on the same line never clicked gets the one choice left."""
    named: dict[str, Show] = {}
    for t in transitions:
        r = t.response
        if r is None or r.kind != "filter" or t.event is None:
            continue
        label = _clicked_text(spec, screens, t)
        after = items.get(t.to, ())
        shown = {w.title for w in find_rows(screens[t.to], [i.title for i in after], lines)}
        fits = [s for s in SHOWS if {i.title for i in after if shows(s, i)} == shown]
        if label and len(fits) == 1:
            named.setdefault(label, fits[0])
    left = [s for s in SHOWS if s not in named.values()]
    for screen in screens.values():
        known = [e for e in screen.elements if e.role in CHOOSERS and _label(e) in named]
        if not known or len(left) != 1:
            continue
        k = Rect.of(known[0])
        line = {
            _label(e)
            for e in screen.elements
            if e.role == known[0].role and abs(Rect.of(e).y + Rect.of(e).h / 2 - (k.y + k.h / 2)) < k.h / 2
        }
        unknown = line - set(named)
        if len(unknown) == 1:
            named[unknown.pop()] = left.pop()
    return named


# ---------------------------------------------------------------- what the rows decide


def _observed(base_el: Element, screen: Screen) -> Element | None:
    """The element of `screen` that is `base_el` (its text alike, numbers aside)."""
    want = shape((base_el.text or "").strip())
    return next(
        (
            e
            for e in screen.elements
            if e.text and e.role not in ENTRY and similar(shape(e.text.strip()), want)
        ),
        None,
    )


def _conditions(
    base: Screen,
    family: set[str],
    screens: Mapping[str, Screen],
    states: Mapping[str, ListState],
    skip: set[str],
) -> dict[str, Condition]:
    """Texts of the base shown only while the list holds items (or done, or active ones): the
    condition that best agrees with where the recording showed them, when it beats "always"."""
    out: dict[str, Condition] = {}
    for e in base.elements:
        if not (e.text or "").strip() or e.id in skip or e.role in ENTRY:
            continue
        present = {s: _observed(e, screens[s]) is not None for s in family}
        misses = {c: sum(present[s] != states[s].holds(c) for s in family) for c in (None, *CONDITIONS)}
        best = min(CONDITIONS, key=lambda c: misses[c])
        if misses[best] < misses[None]:
            out[e.id] = best
    return out


def _counters(
    base: Screen,
    family: set[str],
    screens: Mapping[str, Screen],
    states: Mapping[str, ListState],
    conditions: Mapping[str, Condition],
) -> dict[str, CounterText]:
    """Texts of the base whose number is, on every screen that shows them, one of the list's counts
    (the count their condition names first): prefix + n + the words after it, singular and plural."""
    out: dict[str, CounterText] = {}
    for e in base.elements:
        text = (e.text or "").strip()
        match = DIGITS.search(text)
        if match is None or e.role in ENTRY:
            continue
        seen: list[tuple[str, str, int, ListState]] = []
        for s in sorted(family):
            other = _observed(e, screens[s])
            found = DIGITS.search((other.text or "").strip()) if other is not None else None
            if other is not None and found is not None:
                t = (other.text or "").strip()
                seen.append((t[: found.start()], t[found.end() :], int(found.group()), states[s]))
        numbers = {n for _, _, n, _ in seen}
        condition = conditions.get(e.id)
        if not seen or (len(numbers) == 1 and condition is None):
            continue  # a number that never moved, on a part that is always there: not a counter
        fits = [c for c in COUNTS if all(st.count(c) == n for _, _, n, st in seen)]
        if not fits:
            continue
        count = next((c for c in fits if c == condition), fits[0])
        ones = [after for _, after, n, _ in seen if n == 1]
        many = [after for _, after, n, _ in seen if n != 1]
        one_text = ones[0] if ones else (many[0] if many else text[match.end() :])
        many_text = many[0] if many else one_text
        out[e.id] = CounterText(count, text[: match.start()], one_text, many_text)
    return out
