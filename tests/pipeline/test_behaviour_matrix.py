"""Every event and response kind of the AppSpec, recovered from generated recordings whose truth is known,
with the pointer drawn and without it.

Each script (tests/pipeline/scripts.py) is rendered at 640x360, encoded (H.264) and converted once per
pointer setting by the real pipeline (RapidOCR, the element detector). An event must come back with
its type, its time within 0.5 s, its position within 24 px, its typed text or key name exactly; its
response with its kind, linked (`Transition.event`) to that event, naming the element or texts.

Events (`EventType`)       pointer   no pointer   notes
-------------------------  --------  -----------  ---------------------------------------------------
click (target, position)   yes       yes*         *placed on the box ticked, the tab made active, the
                                                   header opened or closed, or the field a caret then
                                                   lit; a click that opens a dialog or a new page has
                                                   its time only (nothing shows where it was), one that
                                                   sorts rows lies amid them
type (final text, field)   yes       yes          backspaced slips corrected; where: the field
key Enter                  yes       yes          after typing: submitted / added a row
key Tab                    yes       yes          after typing: only focus rings changed, another
                                                   field's among them
key Escape                 yes       yes          a dialog closed and the pointer went to no button
key arrows                 yes       yes*         a list box's selection moved row by row (Up/Down), a
                                                   strip's item by item (Left/Right), the pointer still
                                                   and not on the item; *without a pointer a click on
                                                   the next item reads the same (as an arrow key)
scroll (dy)                yes       yes          the page moved as a whole; no position: a pointer
                                                   that never moved is not told from the page
hover (tooltip, menu)      yes       skipped      without a pointer a hover shows nothing
click count 2 (edit a      yes       yes*         a double click: the label under the pointer became a
label)                                             field holding its text; *placed on the label's middle
drag (from, by)            yes       yes*         an item carried frame after frame, dropped in a new
                                                   order; *the press is placed on the item's middle
navigate (a redirect)      -         -            not covered here (a page change with no input)

Responses (`ResponseKind`) pointer   no pointer   from
-------------------------  --------  -----------  ---------------------------------------------------
focus                      yes       yes          click into a field; Tab to the next field
input                      yes       yes          typing
toggle                     yes       yes          checkbox ticked
navigate                   yes       yes          a button to another page (a plain white one too)
open / close               yes       yes          a dialog over a scrim; Escape
list_add (+ counters)      yes       yes          Enter adds the typed item; "0 items left -> 1 ..."
select                     yes       yes          arrow keys, a click on a row of a list box
edit                       yes       yes          a double click opens a label's editor; Enter after
                                                   typing in it shows the label with the new text
reorder                    yes       yes          a drag after which the same rows show in new order
tab                        yes       yes          a click on a tab of a strip over a rule: the bar
                                                   under it and the panel change (the pointer resting
                                                   on the tab hides the bar: read from the strip seen)
expand / collapse          yes       yes          a click on an accordion's header, then again
sort                       yes       yes*         a click on a table's column heading: the same rows
                                                   in another order; *the control is not named
validation                 yes       yes*         Sign up after typing a bad address: a red message
                                                   under the field, whose border turns red; *the click
                                                   right after typing reads as Enter
scroll / hover             yes       yes / n/a
list_remove, filter, clear unit      unit         tests/pipeline/test_responses.py (fake screens)
change                     -         -            the fallback

    pytest tests/pipeline/test_behaviour_matrix.py -q
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import (
    Script,
    SyntheticTruth,
    TruthEvent,
    encode_video,
    glide_offsets,
    header_bar,
    render_video,
    scrolled_frames,
    tall_page,
)
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.spec.models import AppSpec, Event, Response
from replicast.spec.schema import spec_to_dict, validate_spec_dict
from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.fake import FakeOcrEngine
from replicast.vision.rapid import RapidOcrEngine
from tests.pipeline.scripts import (
    AUTHORS,
    BY_YEAR,
    accordion_script,
    edit_script,
    form_script,
    hover_script,
    menu_script,
    modal_script,
    pick_script,
    reorder_script,
    sort_script,
    strip_script,
    tabs_script,
    todo_script,
    validation_script,
)

WHEN_S = 0.5
WHERE_PX = 24.0
POINTER = pytest.mark.parametrize("pointer", [True, False], ids=["pointer", "no-pointer"])

Converted = tuple[SyntheticTruth, AppSpec]


@pytest.fixture(scope="module")
def convert(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Callable[[], Script], bool], Converted]:
    """Render, encode and convert a script once per pointer setting for the whole module."""
    engines = Engines(RapidOcrEngine(), detect_elements)
    done: dict[tuple[str, bool], Converted] = {}

    def run(make: Callable[[], Script], pointer: bool) -> Converted:
        key = (make.__name__, pointer)
        if key not in done:
            path = tmp_path_factory.mktemp(make.__name__) / "v.mp4"
            truth = render_video(dataclasses.replace(make(), pointer=pointer), path)
            with PyAvSource(path) as src:
                done[key] = (truth, run_pipeline(src, PipelineConfig(), engines).spec)
        return done[key]

    return run


def truth_event(truth: SyntheticTruth, kind: str, n: int = 0, *, count: int = 1) -> TruthEvent:
    """The `n`th event of type `kind` pressed `count` times (2: a double click)."""
    return [e for e in truth.events if e.type == kind and e.count == count][n]


def found(spec: AppSpec, want: TruthEvent, *, where: bool = True) -> tuple[int, Event]:
    """The inferred event of `want`'s type nearest it in time; its time and (if `where`) place checked."""
    cands = [(i, e) for i, e in enumerate(spec.events) if (e.type, e.count) == (want.type, want.count)]
    assert cands, (want, spec.events)
    i, e = min(cands, key=lambda c: abs(c[1].t - want.t))
    assert abs(e.t - want.t) <= WHEN_S, (want, e)
    if where:
        assert e.x is not None and e.y is not None, e
        assert math.hypot(e.x - want.x, e.y - want.y) <= WHERE_PX, (want, e)
    return i, e


def response_to(spec: AppSpec, event: int) -> Response:
    """The response of the transition caused by event `event`."""
    linked = [t.response for t in spec.transitions if t.event == event and t.response is not None]
    assert linked, (event, spec.transitions)
    return linked[0]


def element_at(spec: AppSpec, element_id: str | None) -> Box:
    assert element_id is not None
    for s in spec.screens:
        for e in s.elements:
            if e.id == element_id:
                return Box(*e.bbox)
    raise AssertionError(f"no element {element_id}")


def centre(truth: SyntheticTruth, widget: str) -> tuple[int, int]:
    box = next(e.box for s in truth.states for e in s.elements if e.id == widget)
    return box.cx, box.cy


# ---------------------------------------------------------------- clicks, typing, Tab, a tick, a new page


@POINTER
def test_a_click_into_a_field_focuses_it(convert, pointer: bool) -> None:
    truth, spec = convert(form_script, pointer)
    i, _ = found(spec, truth_event(truth, "click", 0))
    r = response_to(spec, i)
    assert r.kind == "focus"
    assert element_at(spec, r.target).contains_point(*centre(truth, "email"))


@POINTER
def test_typing_with_corrections_gives_the_final_text_in_its_field(convert, pointer: bool) -> None:
    truth, spec = convert(form_script, pointer)
    want = truth_event(truth, "type")
    i, e = found(spec, want)
    assert e.text == want.text == "ada@example.com"
    r = response_to(spec, i)
    assert (r.kind, r.texts) == ("input", ["ada@example.com"])


@POINTER
def test_tab_after_typing_is_a_tab_key_that_focuses_the_next_field(convert, pointer: bool) -> None:
    truth, spec = convert(form_script, pointer)
    i, e = found(spec, truth_event(truth, "key"), where=False)
    assert e.text == "Tab"
    r = response_to(spec, i)
    assert r.kind == "focus"
    assert element_at(spec, r.target).contains_point(*centre(truth, "name"))


@POINTER
def test_ticking_a_checkbox_is_a_click_on_it_that_toggles_it(convert, pointer: bool) -> None:
    truth, spec = convert(form_script, pointer)
    i, _ = found(spec, truth_event(truth, "click", 1))
    r = response_to(spec, i)
    assert r.kind == "toggle"
    assert element_at(spec, r.target).contains_point(*centre(truth, "terms"))


@POINTER
def test_a_button_to_another_page_is_a_click_answered_by_navigation(convert, pointer: bool) -> None:
    truth, spec = convert(form_script, pointer)
    # without a pointer, nothing shows where a click that replaced the whole page was
    i, _ = found(spec, truth_event(truth, "click", 2), where=pointer)
    assert response_to(spec, i).kind == "navigate"
    to = next(t.to for t in spec.transitions if t.event == i)
    shown = next(s for s in spec.screens if s.id == to)
    assert any("Account created" in (el.text or "") for el in shown.elements)


# ---------------------------------------------------------------- Enter adds a row; a counter goes up


@POINTER
def test_enter_after_typing_adds_the_item_and_the_counter_goes_up(convert, pointer: bool) -> None:
    truth, spec = convert(todo_script, pointer)
    typed = truth_event(truth, "type")
    # where: on the typed line (the focused field is not always found as a field: its text's centre)
    _, e = found(spec, typed, where=False)
    assert e.text == "buy oat milk"
    assert e.y is not None and abs(e.y - typed.y) <= WHERE_PX
    i, e = found(spec, truth_event(truth, "key"), where=False)
    assert e.text == "Enter"
    r = response_to(spec, i)
    assert r.kind == "list_add"
    assert r.texts == ["buy oat milk"]
    assert r.counters == ["0 items left -> 1 item left"]


# ---------------------------------------------------------------- a dialog: a click opens it, Escape shuts it


@POINTER
def test_a_click_opens_a_dialog_and_escape_closes_it(convert, pointer: bool) -> None:
    truth, spec = convert(modal_script, pointer)
    # without a pointer, a dialog over the whole page does not show where the click was
    i, _ = found(spec, truth_event(truth, "click"), where=pointer)
    opened = response_to(spec, i)
    assert opened.kind == "open"
    assert "Delete this project?" in opened.texts
    k, key = found(spec, truth_event(truth, "key"), where=False)
    assert key.text == "Escape"
    assert response_to(spec, k).kind == "close"


def test_the_opened_dialog_is_a_dialog_over_an_inert_page(convert) -> None:
    truth, spec = convert(modal_script, True)
    i, _ = found(spec, truth_event(truth, "click"))
    shown = next(t.to for t in spec.transitions if t.event == i)
    screen = next(s for s in spec.screens if s.id == shown)
    panel = Box(150, 110, 340, 140)
    (dialog,) = [e for e in screen.elements if e.role == "dialog"]
    assert Box(*dialog.bbox).iou(panel) >= 0.8
    # the page's own Delete button lies under the scrim: no pointer reaches it while the dialog is open
    buttons = [Box(*e.bbox) for e in screen.elements if e.role == "button"]
    assert buttons and all(panel.intersection(b) == b.area for b in buttons)


# ---------------------------------------------------------------- hover


@pytest.mark.parametrize(
    "pointer",
    [
        True,
        pytest.param(False, marks=pytest.mark.skip(reason="without a pointer nothing shows a hover")),
    ],
    ids=["pointer", "no-pointer"],
)
def test_a_pointer_coming_to_a_button_shows_its_tooltip(convert, pointer: bool) -> None:
    truth, spec = convert(hover_script, pointer)
    i, _ = found(spec, truth_event(truth, "hover"))
    r = response_to(spec, i)
    assert r.kind == "hover"
    assert element_at(spec, r.target).contains_point(*centre(truth, "help"))


# ---------------------------------------------------------------- scroll


@POINTER
def test_a_wheel_scroll_is_a_scroll_event_with_its_offset(tmp_path: Path, pointer: bool) -> None:
    # Given: 0.8 s at the top, a smooth scroll of 160 px over 10 frames, 0.8 s at rest
    offsets = [0] * 24 + glide_offsets(0, 160, 10)[1:] + [160] * 24
    at = (400, 200) if pointer else None
    frames = scrolled_frames(tall_page(), offsets, header=header_bar(), pointer=at)
    encode_video(frames, tmp_path / "s.mp4", fps=30)
    with PyAvSource(tmp_path / "s.mp4") as src:
        spec = run_pipeline(src, PipelineConfig(), Engines(FakeOcrEngine(), detect_elements)).spec
    scrolls = [e for e in spec.events if e.type == "scroll"]
    assert len(scrolls) == 1, spec.events
    e = scrolls[0]
    assert abs(e.t - 24 / 30) <= WHEN_S
    assert e.dy is not None and abs(e.dy - 160) <= 8
    # a pointer that never moves is never told from the page: the scroll has no position either way
    i = spec.events.index(e)
    assert response_to(spec, i).kind == "scroll"


# ---------------------------------------------------------------- arrow keys move a selection; a click picks


@POINTER
@pytest.mark.parametrize(
    ("make", "chosen"),
    [(menu_script, ["Drafts", "Sent", "Drafts"]), (strip_script, ["Week", "Month", "Week"])],
    ids=["list", "strip"],
)
def test_arrow_keys_move_the_selection_item_by_item(
    convert, make: Callable[[], Script], chosen: list[str], pointer: bool
) -> None:
    truth, spec = convert(make, pointer)
    assert [e.type for e in spec.events] == ["key"] * 3, spec.events
    for n, want in enumerate(truth.events):
        i, e = found(spec, want, where=False)
        assert e.text == want.text
        r = response_to(spec, i)
        assert (r.kind, r.texts) == ("select", [chosen[n]])


def test_clicks_on_rows_select_them_and_are_no_arrow_keys(convert) -> None:
    truth, spec = convert(pick_script, True)
    assert [e.type for e in spec.events] == ["click", "click"], spec.events
    for n in range(2):
        i, _ = found(spec, truth_event(truth, "click", n))
        assert response_to(spec, i).kind == "select"


# ---------------------------------------------------------------- a double click opens a label's editor


@POINTER
def test_a_double_click_turns_a_label_into_its_editor(convert, pointer: bool) -> None:
    truth, spec = convert(edit_script, pointer)
    i, _ = found(spec, truth_event(truth, "click", count=2))
    assert [(e.type, e.count) for e in spec.events] == [("click", 2), ("type", 1), ("key", 1)], spec.events
    r = response_to(spec, i)
    assert (r.kind, r.texts) == ("edit", ["buy oat milk"])
    assert element_at(spec, r.target).contains_point(*centre(truth, "row0"))


def test_a_double_click_is_written_as_a_click_pressed_twice_and_a_click_as_one_pressed_once(convert) -> None:
    # Given a recording that double-clicks a label and one that clicks rows
    _, edited = convert(edit_script, True)
    _, picked = convert(pick_script, True)
    # When they are serialised as replicast.json
    written = spec_to_dict(edited)
    # Then the double click is a `click` with count 2 (as the DOM's `detail`), a click has count 1
    validate_spec_dict(written)
    assert [(e["type"], e["count"]) for e in written["events"]] == [("click", 2), ("type", 1), ("key", 1)]
    assert [(e["type"], e["count"]) for e in spec_to_dict(picked)["events"]] == [("click", 1)] * 2


@POINTER
def test_enter_after_editing_shows_the_label_with_the_new_text(convert, pointer: bool) -> None:
    truth, spec = convert(edit_script, pointer)
    _, typed = found(spec, truth_event(truth, "type"), where=False)
    # read off the label the editor left: reading the field drops the space after "milk"
    assert typed.text == truth_event(truth, "type").text == " and bread"
    i, key = found(spec, truth_event(truth, "key"), where=False)
    assert key.text == "Enter"
    assert (response_to(spec, i).kind, response_to(spec, i).texts) == ("edit", ["buy oat milk and bread"])


# ---------------------------------------------------------------- a drag reorders a list


@POINTER
def test_a_drag_carries_an_item_to_its_new_place_in_the_list(convert, pointer: bool) -> None:
    truth, spec = convert(reorder_script, pointer)
    want = truth_event(truth, "drag")
    # without a pointer, where on the item the press was does not show: on the item will do
    i, e = found(spec, want, where=pointer)
    assert [ev.type for ev in spec.events] == ["drag"], spec.events
    assert e.x is not None and e.y is not None and e.dx is not None and e.dy is not None
    was = next(el.box for el in truth.states[0].elements if el.id == "card0")
    now = next(el.box for el in truth.states[-1].elements if el.text == "Write the brief")
    assert was.contains_point(e.x, e.y)
    assert now.contains_point(e.x + e.dx, e.y + e.dy)
    if pointer:
        assert math.hypot(e.x + e.dx - want.x - want.dx, e.y + e.dy - want.y - want.dy) <= WHERE_PX
    r = response_to(spec, i)
    assert (r.kind, r.texts) == ("reorder", ["Write the brief"])


# ---------------------------------------------------------------- tabs, an accordion, a sort, a form's check


@POINTER
def test_a_click_on_a_tab_makes_it_the_active_one(convert, pointer: bool) -> None:
    truth, spec = convert(tabs_script, pointer)
    assert [e.type for e in spec.events] == ["click", "click"], spec.events
    for n, name in enumerate(["Activity", "Members"]):
        i, _ = found(spec, truth_event(truth, "click", n))
        r = response_to(spec, i)
        assert (r.kind, r.texts) == ("tab", [name])
        assert element_at(spec, r.target).contains_point(*centre(truth, f"t{n + 1}"))


@POINTER
def test_clicks_on_an_accordion_header_open_its_section_then_close_it(convert, pointer: bool) -> None:
    truth, spec = convert(accordion_script, pointer)
    assert [e.type for e in spec.events] == ["click", "click"], spec.events
    for n, kind in enumerate(["expand", "collapse"]):
        i, _ = found(spec, truth_event(truth, "click", n))
        r = response_to(spec, i)
        assert (r.kind, r.texts) == (kind, ["Returns"])
        assert element_at(spec, r.target).contains_point(*centre(truth, "h1"))


@POINTER
def test_a_click_on_a_column_heading_shows_the_rows_sorted(convert, pointer: bool) -> None:
    truth, spec = convert(sort_script, pointer)
    # without a pointer, nothing shows which heading was clicked: the click is placed amid the rows
    i, _ = found(spec, truth_event(truth, "click"), where=pointer)
    r = response_to(spec, i)
    assert r.kind == "sort"
    assert r.texts == (["born"] if pointer else [])
    assert r.counters == []  # the years moved with their rows: no counter changed
    to = next(s for s in spec.screens if s.id == next(t.to for t in spec.transitions if t.event == i))
    names = [e for e in to.elements if e.text in {n for n, _ in AUTHORS}]
    assert [e.text for e in sorted(names, key=lambda e: e.bbox[1])] == [n for n, _ in BY_YEAR]


@POINTER
def test_a_submit_that_shows_a_red_message_under_a_field_is_a_validation(convert, pointer: bool) -> None:
    truth, spec = convert(validation_script, pointer)
    submit = truth_event(truth, "click", 1)
    if pointer:
        i, _ = found(spec, submit)
    else:
        # without a pointer, a click right after typing reads as Enter: nothing shows it went to the button
        i, key = found(spec, dataclasses.replace(submit, type="key"), where=False)
        assert key.text == "Enter"
    r = response_to(spec, i)
    assert (r.kind, r.texts) == ("validation", ["Enter a valid email address"])
