"""A spec of a recorded shopping list, as the pipeline writes it: items typed in and added (with
Enter, then with the Add button), one ticked, the finished ones shown alone and then all again, the
finished ones removed.

The screens are drawn the way a list app draws them (a field and its button, one line per row with
a tick and a title, then a counter, three filter links and a button that appears once a row is
finished).
"""

from __future__ import annotations

from replicast.spec.models import (
    AppSpec,
    Element,
    Entity,
    EntityField,
    Event,
    Response,
    ResponseKind,
    Screen,
    Style,
    Transition,
)
from tests.codegen.specs import video

ROW_Y = 160
ROW_H = 50
TICK_X = 405
FIELD = [400, 100, 480, 50]
ADD_BUTTON = [890, 100, 60, 50]
TITLE_STYLE = Style(color="#333333", font_size=22)
DONE_STYLE = Style(color="#aaaaaa", font_size=22)
EDITOR = Style(color="#333333", border_color="#999999", font_size=22)


def screen(
    n: int,
    rows: list[tuple[str, bool]],
    t: float,
    draft: str = "",
    hidden: tuple[int, int] = (0, 0),
    hover: int | None = None,
    editor: str | None = None,
) -> Screen:
    """Screen `s{n}`: the list showing `rows` (title, done), `draft` typed into the field; `hidden`
    is how many open and finished rows the filter hides (the counters count them); row `hover`,
    under the pointer, shows its remove cross; the first row shows its editor holding `editor`."""
    k = iter(range(1, 100))

    def el(role: str, bbox: list[int], text: str | None = None, **more: object) -> Element:
        return Element.model_validate(
            {"id": f"s{n}e{next(k)}", "role": role, "bbox": bbox, "text": text, **more}
        )

    els = [
        el("heading", [540, 20, 200, 60], "Groceries", level=1),
        el(
            "input",
            FIELD,
            draft or "Add an item",
            placeholder=None if draft else "Add an item",
            value=draft or None,
        ),
        el("button", ADD_BUTTON, "Add"),
    ]
    for i, (title, done) in enumerate(rows):
        y = ROW_Y + i * (ROW_H + 1)
        els.append(el("listitem", [390, y, 500, ROW_H]))
        if done:
            els.append(el("icon", [TICK_X - 6, y + 16, 16, 16], asset="assets/tick.png"))
        else:
            els.append(
                el("text", [TICK_X - 6, y + 15, 14, 20], "o", style=Style(color="#cccccc", font_size=18))
            )
        if i == 0 and editor is not None:
            els.append(el("input", [430, y + 4, 450, ROW_H - 8], editor, value=editor, style=EDITOR))
            continue
        els.append(
            el("text", [440, y + 12, 14 * len(title), 26], title, style=DONE_STYLE if done else TITLE_STYLE)
        )
        if i == hover:
            els.append(el("text", [860, y + 14, 12, 20], "x", style=Style(color="#cc9a9a", font_size=20)))
    y = ROW_Y + len(rows) * (ROW_H + 1) + 10
    if rows:
        left = sum(1 for _, d in rows if not d) + hidden[0]
        els += [
            el("text", [400, y, 70, 18], f"{left} {'item' if left == 1 else 'items'} left"),
            el("link", [560, y, 80, 18], "Everything"),
            el("link", [650, y, 40, 18], "Open"),
            el("link", [700, y, 70, 18], "Finished"),
        ]
        finished = sum(1 for _, d in rows if d) + hidden[1]
        if finished:
            els.append(el("button", [790, y - 3, 120, 24], f"Remove finished ({finished})"))
    els.append(el("text", [560, y + 60, 160, 16], "Made by hand"))
    return Screen(id=f"s{n}", t=t, background="#f5f5f5", elements=els)


def _tr(a: int, b: int, event: int, kind: ResponseKind, *texts: str) -> Transition:
    return Transition.model_validate(
        {"from": f"s{a}", "to": f"s{b}", "event": event, "response": Response(kind=kind, texts=list(texts))}
    )


def row_y(i: int) -> float:
    """The middle of row `i`."""
    return ROW_Y + i * (ROW_H + 1) + ROW_H / 2


def footer_y(rows: int) -> float:
    return ROW_Y + rows * (ROW_H + 1) + 10 + 9


def list_spec() -> AppSpec:
    screens = [
        screen(1, [], 0.0),
        screen(2, [], 2.0, draft="Milk"),
        screen(3, [("Milk", False)], 3.0),
        screen(4, [("Milk", False)], 4.0, draft="Eggs"),
        screen(5, [("Milk", False), ("Eggs", False)], 5.0),
        screen(6, [("Milk", False), ("Eggs", True)], 6.0, hover=1),  # the pointer ticked the row
        screen(7, [("Eggs", True)], 7.0, hidden=(1, 0)),
        screen(8, [("Milk", False), ("Eggs", True)], 8.0, hover=1),  # "Everything" was above the row
        screen(9, [("Milk", False)], 9.0),
    ]
    events = [
        Event(t=0.5, type="click", x=640, y=125),
        Event(t=1.0, type="type", x=640, y=125, text="Milk"),
        Event(t=2.5, type="key", x=640, y=125, text="Enter"),
        Event(t=3.5, type="type", x=640, y=125, text="Eggs"),
        Event(t=4.5, type="click", x=920, y=125),  # "Add"
        Event(t=5.5, type="click", x=TICK_X, y=row_y(1)),
        Event(t=6.5, type="click", x=735, y=footer_y(2)),
        Event(t=7.5, type="click", x=600, y=footer_y(1)),
        Event(t=8.5, type="click", x=820, y=footer_y(2)),
    ]
    transitions = [
        _tr(1, 2, 1, "input", "Milk"),
        _tr(2, 3, 2, "list_add", "Milk"),
        _tr(3, 4, 3, "input", "Eggs"),
        _tr(4, 5, 4, "list_add", "Eggs"),
        _tr(5, 6, 5, "toggle", "Eggs"),
        _tr(6, 7, 6, "filter", "Finished"),
        _tr(7, 8, 7, "filter", "Everything"),
        _tr(8, 9, 8, "clear", "Eggs"),
    ]
    entity = Entity(
        name="Grocery",
        fields=[
            EntityField(name="title", type="text", required=True, example="Milk"),
            EntityField(name="done", type="boolean", required=True),
        ],
        screen="s3",
        source="list",
    )
    return AppSpec(video=video(), screens=screens, events=events, transitions=transitions, entities=[entity])


def edited_list_spec() -> AppSpec:
    """`list_spec`, then the first row double-clicked: its editor, " and honey" typed, Enter."""
    spec = list_spec()
    screens = [
        screen(10, [("Milk", False)], 10.0, editor="Milk"),
        screen(11, [("Milk", False)], 11.0, editor="Milk and honey"),
        screen(12, [("Milk and honey", False)], 12.0),
    ]
    events = [
        Event(t=9.5, type="click", count=2, x=460, y=row_y(0), target="s9e6"),
        Event(t=10.5, type="type", x=600, y=row_y(0), text=" and honey"),
        Event(t=11.5, type="key", x=600, y=row_y(0), text="Enter"),
    ]
    transitions = [
        _tr(9, 10, 9, "edit", "Milk").model_copy(
            update={"response": Response(kind="edit", target="s10e6", texts=["Milk"])}
        ),
        _tr(10, 11, 10, "input", " and honey"),
        _tr(11, 12, 11, "edit", "Milk and honey"),
    ]
    return spec.model_copy(
        update={
            "screens": [*spec.screens, *screens],
            "events": [*spec.events, *events],
            "transitions": [*spec.transitions, *transitions],
        }
    )
