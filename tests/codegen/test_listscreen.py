"""A list kept in state: the recorded list screens become one screen that draws its rows from data."""

from __future__ import annotations

from replicast.codegen import project_files
from replicast.codegen.listmodel import Item, ListState, list_model
from replicast.codegen.nesting import Rect
from replicast.codegen.schema import plan_tables
from replicast.spec.models import Element, Response
from tests.codegen.lists import edited_list_spec, list_spec
from tests.codegen.specs import PNG, sign_in_spec


def test_the_list_is_replayed_from_the_responses() -> None:
    spec = list_spec()
    m = list_model(spec, plan_tables(spec.entities))
    assert m is not None

    assert m.family == {f"s{n}" for n in range(1, 10)}
    assert m.after_event[4].items == (m.after_event[2].items[0], m.after_event[4].items[1])
    assert [(i.title, i.done) for i in m.after_event[5].items] == [("Milk", False), ("Eggs", True)]
    assert m.after_event[6].show == "done" and m.after_event[7].show == "all"
    assert [i.title for i in m.after_event[8].items] == ["Milk"]


def test_filters_counters_and_conditions_are_read_from_the_screens() -> None:
    spec = list_spec()
    m = list_model(spec, plan_tables(spec.entities))
    assert m is not None
    text = {e.id: e.text for e in m.base.elements}

    # "Open" was never clicked: it shows what the other two do not
    assert {text[k]: v for k, v in m.filters.items()} == {
        "Everything": "all",
        "Open": "active",
        "Finished": "done",
    }
    assert {text[k]: (c.count, c.prefix, c.one, c.many) for k, c in m.counters.items()} == {
        "1 item left": ("active", "", " item left", " items left"),
        "Remove finished (1)": ("done", "Remove finished (", ")", ")"),
    }
    assert m.conditions[m.clear or ""] == "done"
    # items were added with Enter, then with the button
    assert text[m.entry or ""] == "Add an item" and text[m.add_button or ""] == "Add" and m.enter_adds
    # with no items the screen is drawn as the first screen showed it, its own field bound too
    assert m.empty is not None and m.empty.id == "s1" and m.empty_entry == "s1e2"
    # a click at the left end of a row ticks it; no row was removed by hand
    assert m.toggle_at is not None and m.toggle_at.x == 0 and m.remove_at is None


def test_rows_are_taken_out_of_the_base_screen_and_templates_kept() -> None:
    spec = list_spec()
    m = list_model(spec, plan_tables(spec.entities))
    assert m is not None

    assert not {"Milk", "Eggs"} & {e.text for e in m.base.elements}
    assert m.slot in {e.id for e in m.base.elements}
    titles = {e.id: e.text for e in m.open_row.members}
    assert titles[m.open_row.title] == "Milk"
    assert m.done_row is not None and {e.role for e in m.done_row.members} == {"icon", "text"}
    # the cross showed only while the pointer was over the row
    assert [e.text for e in m.done_row.members if e.id in m.done_row.on_hover] == ["x"]


def test_a_checkbox_drawn_by_a_rows_tick_goes_out_with_the_row() -> None:
    # Given the list's screens where each finished row's tick icon is also read as a checkbox around it
    spec = list_spec()
    screens = []
    for s in spec.screens:
        ticks = [e for e in s.elements if e.role == "icon"]
        boxes = [
            Element(
                id=f"{e.id}c", role="checkbox", bbox=[e.bbox[0] - 14, e.bbox[1] - 14, 44, 44], checked=True
            )
            for e in ticks
        ]
        screens.append(s.model_copy(update={"elements": [*s.elements, *boxes]}))
    spec = spec.model_copy(update={"screens": screens})

    m = list_model(spec, plan_tables(spec.entities))

    # Then nothing of the rows stays in the base screen beside the list that draws them
    assert m is not None
    slot = next(Rect.of(e) for e in m.base.elements if e.id == m.slot)
    assert not [e.id for e in m.base.elements if e.id != m.slot and slot.overlap(Rect.of(e)) > 0]


def test_a_list_whose_screens_do_not_show_its_rows_is_not_kept_in_state() -> None:
    # Given screens that, after the first one, show the list as it was before anything was added
    spec = list_spec()
    first = spec.screens[0]
    screens = [first, *(first.model_copy(update={"id": s.id, "t": s.t}) for s in spec.screens[1:])]
    broken = spec.model_copy(update={"screens": screens})

    assert list_model(broken, plan_tables(broken.entities)) is None


def test_a_toggle_of_a_row_never_added_is_not_this_list() -> None:
    spec = list_spec()
    transitions = list(spec.transitions)
    transitions[4] = transitions[4].model_copy(update={"response": Response(kind="toggle", texts=["Bread"])})
    spec = spec.model_copy(update={"transitions": transitions})

    assert list_model(spec, plan_tables(spec.entities)) is None


def test_the_list_screens_become_one_screen_that_keeps_the_rows_in_state() -> None:
    files = project_files(list_spec())
    screens = sorted(k for k in files if k.startswith("src/screens/"))

    assert screens == ["src/screens/S6Screen.tsx"]
    source = files["src/screens/S6Screen.tsx"].decode()
    assert "const { items, add, update, remove } = useGroceries();" in source
    assert "{visible.map((item) => (" in source
    assert "<GroceryRow key={item.id} item={item} onToggle={() => toggle(item)} />" in source
    assert "{item.title}" in source and '"Milk"' not in source and '"Eggs"' not in source
    assert 'if (event.key === "Enter") addDraft();' in source and "onClick={addDraft}" in source
    assert 'onClick={() => setShow("done")}' in source and 'onClick={() => setShow("active")}' in source
    assert "onClick={clearDone}" in source
    assert '{activeCount + (activeCount === 1 ? " item left" : " items left")}' in source
    assert '{"Remove finished (" + doneCount + ")"}' in source
    assert '${doneCount > 0 ? "" : " invisible"}' in source  # the button keeps its row's layout
    assert "invisible group-hover:visible" in source  # the cross, on hover
    assert "{items.length > 0 && (" in source  # the footer, under the rows
    assert "  if (items.length === 0) {\n    return (" in source  # the empty list, as recorded
    assert source.count("autoFocus={added}") == 2  # the field keeps the focus over the swap
    app = files["src/App.tsx"].decode()
    assert app.count("<Route path={paths.") == 1


def test_the_rows_images_are_the_apps() -> None:
    files = project_files(list_spec(), {"assets/tick.png": PNG})

    assert files["src/assets/tick.png"] == PNG
    assert 'import tickPng from "../assets/tick.png";' in files["src/screens/S6Screen.tsx"].decode()


def test_the_replay_test_checks_the_rows_after_each_step() -> None:
    spec = list_spec()
    m = list_model(spec, plan_tables(spec.entities))
    assert m is not None
    ids = {e.text: e.id for e in m.base.elements}
    source = project_files(spec)["tests/replay.spec.ts"].decode()
    steps = source.split("await test.step(")[1:]
    rows = 'page.getByTestId("s6-list-title")'

    assert f"await expect({rows}).toHaveCount(0);" in steps[1]  # typed, not added yet
    assert f'await expect({rows}).toHaveText(["Milk"]);' in steps[2]
    assert f'await expect({rows}).toHaveText(["Milk", "Eggs"]);' in steps[5]
    left, remove = ids["1 item left"], ids["Remove finished (1)"]
    assert f'["{left}", "1 item left"]' in steps[5] and f'["{remove}", "Remove finished (1)"]' in steps[5]
    assert f'await expect({rows}).toHaveText(["Eggs"]);' in steps[6]  # "Finished"
    assert f'await expect({rows}).toHaveText(["Milk"]);' in steps[8]
    assert remove not in steps[8]  # no finished row left: no button


def test_a_spec_without_a_list_keeps_one_route_per_screen() -> None:
    spec = sign_in_spec()
    assert list_model(spec, plan_tables(spec.entities)) is None
    assert sum(k.startswith("src/screens/") for k in project_files(spec)) == len(spec.screens)


def test_a_list_state_counts_and_filters_its_rows() -> None:
    state = ListState((Item("a"), Item("b", done=True)), "active")

    assert [i.title for i in state.visible()] == ["a"]
    assert (state.count("all"), state.count("done"), state.count("shown")) == (2, 1, 1)
    assert state.holds("done") and state.holds(None) and not ListState().holds("any")


def test_a_row_edited_in_place_is_renamed_in_the_replayed_list() -> None:
    spec = edited_list_spec()
    model = list_model(spec, plan_tables(spec.entities))

    assert model is not None and {"s10", "s11", "s12"} <= model.family
    assert model.after_event[9] == ListState((Item("Milk"),), editing="Milk")  # the editor opened
    assert model.after_event[11] == ListState((Item("Milk and honey"),))  # Enter kept its text
    # where the recording showed the editor in the row (the row's list item at 390, 160)
    assert model.editor_at == Rect(40, 4, 450, 42) and model.editor_border == "#999999"
    assert list_model(list_spec(), plan_tables(spec.entities)).editor_at is None  # type: ignore[union-attr]


def test_a_double_click_on_a_rows_title_opens_its_editor_and_enter_renames_it() -> None:
    files = project_files(edited_list_spec())
    source = next(v.decode() for k, v in files.items() if k.startswith("src/screens/") and b"GroceryRow" in v)
    replay = files["tests/replay.spec.ts"].decode()

    assert "onDoubleClick={onEdit}" in source and "autoFocus" in source
    assert 'if (event.key === "Enter") onRename(event.currentTarget.value);' in source
    assert "void update(item.id, { title: kept });" in source
    steps = replay.split("await test.step(")[1:]
    # while the only row shows its editor no title shows; after Enter the new one does
    assert 'getByTestId("s6-list-title")).toHaveCount(0)' in steps[9]
    assert '["Milk and honey"]' in steps[11]
