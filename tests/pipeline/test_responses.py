"""read_response(s): what the app did, from the screens before and after an event."""

from __future__ import annotations

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.behaviour import Behaviour, InferredEvent, StateChange
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import (
    ListMemory,
    ReadResponse,
    read_response,
    read_responses,
    typed_into_editors,
)
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement as El
from replicast.vision.elements import ElementStyle

FIELD = El("input", Box(100, 100, 300, 40), "What needs doing?", placeholder="What needs doing?")
LIST = Box(100, 150, 300, 200)


def state(index: int, *elements: El, changed: tuple[Box, ...] = (LIST,), luma: int = 240) -> ScreenState:
    img = np.full((400, 600, 3), luma, np.uint8)
    return ScreenState(index, (index,), 0.0, 1.0, hold(img), hold(img[..., 0]), (), elements, changed)


def test_enter_after_typing_adds_the_typed_text_as_a_row() -> None:
    before = state(0, FIELD)
    after = state(
        1,
        FIELD,
        El("text", Box(130, 160, 120, 24), "Buy milk"),
        El("text", Box(100, 320, 90, 20), "1 item left"),
    )
    typed = InferredEvent(1.0, "type", 200, 120, "Buy milk")
    r = read_response(before, after, InferredEvent(2.0, "key", 200, 120, "Enter"), 0.1, typed)
    assert r.kind == "list_add"
    assert r.texts == ("Buy milk",)
    assert r.target == 1


def test_a_ticked_checkbox_is_a_toggle_and_counters_are_noted() -> None:
    box = Box(110, 165, 20, 20)
    before = state(
        0, El("checkbox", box, None, checked=False), El("text", Box(100, 320, 90, 20), "2 items left")
    )
    after = state(
        1, El("checkbox", box, None, checked=True), El("text", Box(100, 320, 90, 20), "1 item left")
    )
    r = read_response(before, after, InferredEvent(1.0, "click", 120, 175), 0.01)
    assert r.kind == "toggle"
    assert r.target == 0
    assert r.counters == ("2 items left -> 1 item left",)


def test_rows_gone_are_a_list_remove() -> None:
    row = El("text", Box(130, 160, 120, 24), "Book flights")
    before = state(0, FIELD, row, El("text", Box(130, 200, 120, 24), "Read chapter 4"))
    after = state(1, FIELD, El("text", Box(130, 200, 120, 24), "Read chapter 4"))
    r = read_response(before, after, InferredEvent(1.0, "click", 380, 330), 0.05)
    assert r.kind == "list_remove"
    assert r.texts == ("Book flights",)


def test_most_of_the_screen_changing_is_a_navigation() -> None:
    r = read_response(state(0, FIELD), state(1), InferredEvent(1.0, "click", 10, 10), 0.8)
    assert r.kind == "navigate"


def test_a_dimmed_page_with_new_texts_is_a_dialog_opening() -> None:
    before = state(0, FIELD, luma=240)
    after = state(1, FIELD, El("text", Box(200, 180, 200, 30), "Delete this task?"), luma=120)
    r = read_response(before, after, InferredEvent(1.0, "click", 200, 120), 0.9)
    assert r.kind == "open"
    r = read_response(after, before, InferredEvent(2.0, "click", 200, 120), 0.9)
    assert r.kind == "close"


def test_typing_is_input_into_the_field() -> None:
    r = read_response(state(0, FIELD), state(1, FIELD), InferredEvent(1.0, "type", 200, 120, "abc"), 0.02)
    assert (r.kind, r.target, r.texts) == ("input", 0, ("abc",))


# ---------------------------------------------------------------- a list kept across the recording

ADD = El("input", Box(100, 20, 300, 36), "Add an item", placeholder="Add an item")
WHOLE = (Box(90, 20, 460, 200),)  # the list and its footer: under half of the screen


def listing(
    index: int, rows: list[tuple[str, bool]], *, draft: str = "", clear_button: bool = True
) -> ScreenState:
    """A shopping list: the field, one line per row (a tick glyph, the title, a remove cross), then a
    counter of open rows, three filter links and a button that removes the finished rows."""
    field = ADD if not draft else El("input", ADD.box, draft, value=draft)
    els: list[El] = [field]
    y = 70
    for title, done in rows:
        els += [
            El("icon" if done else "text", Box(104, y + 4, 14, 14), None if done else "o"),
            El("text", Box(140, y, 12 * len(title), 22), title),
            El("text", Box(380, y + 2, 10, 16), "x"),
        ]
        y += 40
    if rows:
        left = sum(1 for _, d in rows if not d)
        els += [
            El("text", Box(100, y + 10, 60, 16), f"{left} left"),
            El("link", Box(200, y + 10, 70, 16), "Everything"),
            El("link", Box(280, y + 10, 40, 16), "Open"),
            El("link", Box(330, y + 10, 60, 16), "Finished"),
        ]
        if clear_button and any(d for _, d in rows):
            els.append(El("button", Box(420, y + 6, 120, 24), "Remove finished"))
    return state(index, *els, changed=WHOLE)


def test_a_list_flow_is_read_as_adds_a_toggle_filters_a_clear_and_a_remove() -> None:
    states = [
        listing(0, []),
        listing(1, [], draft="Milk"),
        listing(2, [("Milk", False)]),
        listing(3, [("Milk", False)], draft="Eggs"),
        listing(4, [("Milk", False), ("Eggs", False)]),
        listing(5, [("Milk", False), ("Eggs", True)]),
        listing(6, [("Eggs", True)]),  # only the finished rows
        listing(7, [("Milk", False), ("Eggs", True)]),
        listing(8, [("Milk", False)]),  # the finished rows are gone, and so is the button
        listing(9, []),
    ]
    events = (
        InferredEvent(1.0, "type", 250, 38, "Milk"),
        InferredEvent(2.0, "key", 250, 38, "Enter"),
        InferredEvent(3.0, "type", 250, 38, "Eggs"),
        InferredEvent(4.0, "key", 250, 38, "Enter"),
        InferredEvent(5.0, "click", 111, 121),  # the tick of the second row
        InferredEvent(6.0, "click", 360, 168),  # "Finished", under two rows
        InferredEvent(7.0, "click", 235, 128),  # "Everything", under one row
        InferredEvent(8.0, "click", 480, 168),  # "Remove finished", under two rows
        InferredEvent(9.0, "click", 385, 80),  # the cross of the only row
    )
    changes = tuple(StateChange(k, k + 1, k) for k in range(len(events)))

    got = read_responses(states, Behaviour(events, changes))

    assert [(r.kind, r.texts) for r in got] == [
        ("input", ("Milk",)),
        ("list_add", ("Milk",)),
        ("input", ("Eggs",)),
        ("list_add", ("Eggs",)),
        ("toggle", ("Eggs",)),
        ("filter", ("Finished",)),
        ("filter", ("Everything",)),
        ("clear", ("Eggs",)),
        ("list_remove", ("Milk",)),
    ]
    assert got[4].counters == ("2 left -> 1 left",)
    assert states[6].elements[got[5].target or 0].text == "Finished"


def test_a_click_in_a_list_item_away_from_its_text_toggles_that_item() -> None:
    # Given rows drawn as list items, the check mark not detected at all
    def rows(index: int, checked: bool) -> ScreenState:
        return state(
            index,
            ADD,
            El("listitem", Box(90, 60, 420, 50), None),
            El("text", Box(140, 74, 80, 22), "Call Bob"),
            El("listitem", Box(90, 111, 420, 50), None),
            El("text", Box(140, 125, 90, 22), "Pay rent"),
            El("text", Box(100, 170, 60, 16), "1 item left" if checked else "2 items left"),
            changed=(Box(96, 120, 30, 30),),
        )

    memory = ListMemory(items=["Call Bob", "Pay rent"])
    # When the pointer clicks the left end of the second row
    r = read_response(
        rows(0, False), rows(1, True), InferredEvent(1.0, "click", 108, 140), 0.01, None, memory
    )

    # Then that item was ticked, and its counter went down
    assert (r.kind, r.texts) == ("toggle", ("Pay rent",))
    assert r.counters == ("2 items left -> 1 item left",)


def test_a_click_in_a_row_where_nothing_changed_is_no_toggle() -> None:
    before = listing(0, [("Milk", False)])
    after = state(1, *before.elements, changed=(Box(500, 300, 20, 20),))
    r = read_response(before, after, InferredEvent(1.0, "click", 111, 80), 0.001, None, ListMemory(["Milk"]))
    assert r.kind != "toggle"


def test_a_hover_that_shows_a_control_in_a_row_is_a_hover() -> None:
    before = state(0, ADD, El("text", Box(140, 70, 50, 22), "Milk"))
    after = state(1, ADD, El("text", Box(140, 70, 50, 22), "Milk"), El("text", Box(380, 72, 10, 16), "x"))
    r = read_response(before, after, InferredEvent(1.0, "hover", 300, 80), 0.001, None, ListMemory(["Milk"]))
    assert r.kind == "hover"


def test_a_counter_split_by_ocr_is_still_a_counter() -> None:
    before = state(0, El("text", Box(100, 300, 8, 16), "1"), El("text", Box(112, 300, 60, 16), "item left"))
    after = state(1, El("text", Box(100, 360, 80, 16), "2 items left"))
    r = read_response(before, after, InferredEvent(1.0, "key", 200, 120, "Enter"), 0.05)
    assert r.counters == ("1 item left -> 2 items left",)


def test_a_click_into_a_field_that_shows_a_hint_is_a_focus() -> None:
    before = state(0, FIELD)
    after = state(1, FIELD, El("text", Box(100, 145, 200, 14), "At least 8 characters"))
    r = read_response(before, after, InferredEvent(1.0, "click", 200, 120), 0.01)
    assert (r.kind, r.target) == ("focus", 0)


def test_a_link_to_another_page_that_has_no_list_is_a_navigation_not_a_filter() -> None:
    # Given the list with its footer, and an "About" page in the same frame (under half of it changed)
    before = listing(0, [("Milk", False), ("Eggs", True)])
    after = state(
        1,
        El("heading", Box(100, 20, 200, 30), "About this app"),
        El("text", Box(100, 70, 300, 20), "Made for the weekly shop."),
        El("link", Box(100, 110, 60, 16), "Back"),
        changed=WHOLE,
    )
    r = read_response(
        before, after, InferredEvent(1.0, "click", 235, 168), 0.3, None, ListMemory(["Milk", "Eggs"])
    )
    assert r.kind == "navigate"


def test_a_filter_that_moves_a_ticked_row_up_is_no_toggle() -> None:
    # Given rows with real checkboxes; "Finished" shows the ticked second row in the first one's place
    def row(y: int, title: str, done: bool) -> tuple[El, El]:
        return El("checkbox", Box(104, y + 4, 16, 16), None, checked=done), El(
            "text", Box(140, y, 60, 22), title
        )

    footer = (El("link", Box(200, 160, 70, 16), "Everything"), El("link", Box(330, 160, 60, 16), "Finished"))
    before = state(0, ADD, *row(70, "Milk", False), *row(110, "Eggs", True), *footer, changed=WHOLE)
    after = state(1, ADD, *row(70, "Eggs", True), *footer, changed=WHOLE)

    r = read_response(
        before, after, InferredEvent(1.0, "click", 360, 168), 0.05, None, ListMemory(["Milk", "Eggs"])
    )

    assert (r.kind, r.texts) == ("filter", ("Finished",))


def test_a_row_read_a_little_off_the_typed_text_is_still_the_added_row() -> None:
    before = state(0, FIELD, El("text", Box(130, 200, 120, 24), "Book flights"))
    after = state(
        1,
        FIELD,
        El("text", Box(130, 160, 200, 24), "Book the meeting room"),
        El("text", Box(130, 200, 120, 24), "Book flights"),
    )
    typed = InferredEvent(1.0, "type", 200, 120, "Book the meetingroom")  # OCR lost a space in the field
    r = read_response(before, after, InferredEvent(2.0, "key", 200, 120, "Enter"), 0.1, typed)
    assert (r.kind, r.target, r.texts) == ("list_add", 1, ("Book the meetingroom",))


def test_what_was_typed_into_a_rows_editor_is_read_off_the_label_it_left() -> None:
    # Given: a double click opened the editor on "buy milk", typing read as "and eggs" (the field's
    # text read without its space), Enter left the label "buy milk and eggs"
    events = (
        InferredEvent(1.0, "click", 100, 150, count=2),
        InferredEvent(2.0, "type", 100, 150, "and eggs"),
        InferredEvent(3.0, "key", 100, 150, "Enter"),
    )
    behaviour = Behaviour(events, tuple(StateChange(k, k + 1, k) for k in range(3)))
    responses = [
        ReadResponse("edit", 1, ("buy milk",)),
        ReadResponse("input", 1, ("and eggs",)),
        ReadResponse("edit", 1, ("buy milk and eggs",)),
    ]
    typed = typed_into_editors(behaviour, responses).events[1]
    assert typed.text == " and eggs"
    # a label that does not go on from the editor's text says nothing of what was typed
    renamed = [*responses[:2], ReadResponse("edit", 1, ("eggs",))]
    assert typed_into_editors(behaviour, renamed).events[1].text == "and eggs"


# ---------------------------------------------------------------- a page's own widgets

STRIP = Box(100, 60, 300, 40)
PANEL = Box(100, 110, 400, 200)


def tabs(index: int, active: int, panel: str, *, marked: bool = True) -> ScreenState:
    """A strip of three tabs (`active` marked, unless the pointer hid the mark: then plain links) over a
    panel showing `panel`."""
    names = ("Overview", "Activity", "Members")
    strip = [
        El("tab", Box(100 + 100 * k, 60, 100, 40), n, selected=k == active)
        if marked
        else El("link", Box(120 + 100 * k, 70, 60, 20), n)
        for k, n in enumerate(names)
    ]
    return state(index, *strip, El("text", Box(100, 130, 300, 20), panel), changed=(STRIP, PANEL))


def test_a_click_that_moves_a_strips_active_tab_is_a_tab_switch_not_a_navigation() -> None:
    before, after = tabs(0, 0, "Three projects on track"), tabs(1, 1, "Ada merged the fix")
    # most of the screen changed (a big panel): still the tab strip's doing
    r = read_response(before, after, InferredEvent(1.0, "click", 250, 80), 0.7)
    assert (r.kind, r.target, r.texts) == ("tab", 1, ("Activity",))


def test_a_tab_whose_mark_the_pointer_hides_is_read_from_the_strip_seen_before() -> None:
    before = tabs(0, 1, "Ada merged the fix", marked=False)
    after = tabs(1, 2, "Seven people", marked=False)
    strips = [("Overview", "Activity", "Members")]
    click = InferredEvent(1.0, "click", 350, 80)
    r = read_response(before, after, click, 0.3, None, None, strips)
    assert (r.kind, r.target, r.texts) == ("tab", 2, ("Members",))
    # a strip never seen as tabs is not one
    assert read_response(before, after, click, 0.3).kind != "tab"


def test_a_tab_that_hides_the_lists_rows_is_a_filter() -> None:
    def todo(index: int, rows: list[str], active: int) -> ScreenState:
        els = [El("text", Box(140, 70 + 40 * k, 100, 22), t) for k, t in enumerate(rows)]
        strip = [
            El("tab", Box(200 + 80 * k, 200, 80, 30), n, selected=k == active)
            for k, n in enumerate(("All", "Active", "Done"))
        ]
        return state(index, ADD, *els, *strip, changed=WHOLE)

    r = read_response(
        todo(0, ["Milk", "Eggs"], 0),
        todo(1, ["Milk"], 1),
        InferredEvent(1.0, "click", 320, 215),
        0.05,
        None,
        ListMemory(["Milk", "Eggs"], {"Eggs"}),
    )
    assert (r.kind, r.texts) == ("filter", ("Active",))


def sections(index: int, opened: str | None) -> ScreenState:
    """An accordion of three headers; the one titled `opened` shows its section under it."""
    els: list[El] = []
    y = 60
    for title in ("Shipping", "Returns", "Warranty"):
        els.append(El("button", Box(100, y, 400, 40), title, expanded=title == opened))
        y += 40
        if title == opened:
            els.append(El("text", Box(116, y + 10, 300, 20), f"All about {title.lower()}"))
            y += 40
    return state(index, *els, changed=(Box(100, 60, 400, 200),))


def test_a_click_on_an_accordion_header_expands_its_section_and_another_collapses_it() -> None:
    closed, opened = sections(0, None), sections(1, "Returns")
    r = read_response(closed, opened, InferredEvent(1.0, "click", 300, 120), 0.6)
    assert (r.kind, r.target, r.texts) == ("expand", 1, ("Returns",))
    r = read_response(opened, closed, InferredEvent(2.0, "click", 300, 120), 0.6)
    assert (r.kind, r.target, r.texts) == ("collapse", 1, ("Returns",))


def test_of_two_sections_flipping_the_one_clicked_is_named() -> None:
    # Given opening "Warranty" closes "Returns" (one section open at a time)
    before, after = sections(0, "Returns"), sections(1, "Warranty")
    # When the click was on "Warranty" (its header moved up as "Returns" closed)
    r = read_response(before, after, InferredEvent(1.0, "click", 300, 160), 0.3)
    assert (r.kind, r.texts) == ("expand", ("Warranty",))
    # and with no place known, the section that opened is the one clicked
    r = read_response(before, after, InferredEvent(1.0, "click", None, None), 0.3)
    assert (r.kind, r.texts) == ("expand", ("Warranty",))


AUTHORS = [
    ("1", "Ursula Le Guin", "1929"),
    ("2", "Jorge Luis Borges", "1899"),
    ("3", "Octavia Butler", "1947"),
]


def authors(index: int, order: list[int], heading: str) -> ScreenState:
    """A table of authors under a count and a header row (id, name, born), rows in `order`."""
    els = [
        El("heading", Box(100, 20, 300, 24), heading),
        El("link", Box(100, 60, 20, 20), "id"),
        El("link", Box(140, 60, 60, 20), "name"),
        El("link", Box(360, 60, 50, 20), "born"),
    ]
    for k, row in enumerate(order):
        num, name, year = AUTHORS[row]
        y = 90 + 30 * k
        els += [
            El("link", Box(100, y, 12, 20), num),
            El("text", Box(140, y, 150, 20), name),
            El("text", Box(360, y, 40, 20), year),
        ]
    return state(index, *els, changed=(Box(100, 20, 400, 170),))


def test_the_same_rows_in_another_order_after_a_click_on_a_heading_are_a_sort() -> None:
    before = authors(0, [0, 1, 2], "3 rows")
    after = authors(1, [1, 0, 2], "3 rows sorted by born")
    # a big table changes most of the screen: still the rows sorted, not a new page
    r = read_response(before, after, InferredEvent(1.0, "click", 380, 70), 0.6)
    assert (r.kind, r.texts) == ("sort", ("born",))
    assert after.elements[r.target or 0].text == "born"
    # the ids and years that moved with their rows are no counters
    assert r.counters == ()


def test_a_sort_whose_control_is_not_seen_is_unnamed() -> None:
    before, after = authors(0, [0, 1, 2], "3 rows"), authors(1, [2, 1, 0], "3 rows")
    # no pointer: the click was placed amid the rows that moved
    r = read_response(before, after, InferredEvent(1.0, "click", 200, 130), 0.3)
    assert (r.kind, r.texts) == ("sort", ())


def test_rows_taken_out_keep_the_others_order_and_are_no_sort() -> None:
    before, after = authors(0, [0, 1, 2], "3 rows"), authors(1, [0, 2], "3 rows")
    r = read_response(before, after, InferredEvent(1.0, "click", 380, 70), 0.1)
    assert r.kind == "list_remove"


RED = "#dc2626"
GREY = "#6b7280"
EMAIL = Box(100, 100, 300, 40)


def form(index: int, message: str | None = None, colour: str = RED, border: str = GREY) -> ScreenState:
    """A field, its message under it (if any, in `colour`), and a submit button below."""
    field = El("input", EMAIL, "ada.lovelace", value="ada.lovelace", style=ElementStyle(border_color=border))
    shown = [El("text", Box(100, 146, 220, 16), message, style=ElementStyle(color=colour))] if message else []
    button = El("button", Box(100, 200, 120, 36), "Sign up")
    return state(index, field, *shown, button, changed=(Box(100, 100, 300, 62),))


def test_a_red_message_under_a_field_after_a_submit_is_a_validation() -> None:
    r = read_response(form(0), form(1, "Enter a valid email"), InferredEvent(1.0, "click", 160, 218), 0.02)
    assert (r.kind, r.texts) == ("validation", ("Enter a valid email",))
    # Enter in the field submits too
    r = read_response(
        form(0), form(1, "Enter a valid email"), InferredEvent(1.0, "key", 200, 120, "Enter"), 0.02
    )
    assert r.kind == "validation"


def test_a_grey_message_under_a_field_whose_border_turned_red_is_a_validation() -> None:
    after = form(1, "Required", colour=GREY, border=RED)
    r = read_response(form(0), after, InferredEvent(1.0, "click", 160, 218), 0.02)
    assert (r.kind, r.texts) == ("validation", ("Required",))


def test_a_grey_note_under_a_field_or_a_red_text_away_from_fields_is_no_validation() -> None:
    click = InferredEvent(1.0, "click", 160, 218)
    assert read_response(form(0), form(1, "Saved", colour=GREY), click, 0.02).kind != "validation"
    far = state(
        1, *form(0).elements, El("text", Box(100, 300, 200, 16), "Offline", style=ElementStyle(color=RED))
    )
    assert read_response(form(0), far, click, 0.02).kind != "validation"
