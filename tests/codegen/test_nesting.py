"""Nesting elements: declared parents that HTML allows, enclosing boxes otherwise, reading order."""

from __future__ import annotations

from replicast.codegen.nesting import Placed, Rect, nest_elements
from replicast.spec.models import Element


def el(id_: str, role: str, x: int, y: int, parent: str | None = None, w: int = 10, h: int = 10) -> Element:
    return Element.model_validate({"id": id_, "role": role, "bbox": [x, y, w, h], "parent": parent})


def ids(nodes: tuple[Placed, ...]) -> list[str]:
    return [n.element.id for n in nodes]


def test_a_declared_parent_holds_its_child() -> None:
    (card,) = nest_elements([el("card", "card", 100, 200), el("b", "button", 130, 250, parent="card")])

    assert ids(card.children) == ["b"]
    assert card.children[0].rect == Rect(130, 250, 10, 10)


def test_interactive_child_of_a_button_moves_up_to_the_nearest_container() -> None:
    elements = [
        el("nav", "nav", 0, 0, w=100, h=40),
        el("btn", "button", 10, 10, parent="nav"),
        el("inner", "link", 12, 12, parent="btn"),
        el("icon", "icon", 14, 14, parent="btn", w=2, h=2),
    ]

    (nav,) = nest_elements(elements)

    assert ids(nav.children) == ["btn", "inner"]
    assert ids(nav.children[0].children) == ["icon"]


def test_an_undeclared_element_goes_into_the_smallest_box_that_may_hold_it() -> None:
    elements = [
        el("page", "container", 0, 0, w=1000, h=1000),
        el("card", "card", 100, 100, w=300, h=300),
        el("title", "text", 120, 120, w=100, h=20),
        el("go", "button", 120, 200, w=100, h=30),
        el("icon", "icon", 125, 205, w=20, h=20),
        el("field", "input", 120, 300, w=200, h=30),
        el("inside-field", "icon", 290, 305, w=20, h=20),
    ]

    (page,) = nest_elements(elements)

    (card,) = page.children
    assert ids(card.children) == ["title", "go", "field", "inside-field"]  # a field holds nothing
    assert ids(card.children[1].children) == ["icon"]  # phrasing content in a button


def test_a_box_mostly_outside_is_not_held() -> None:
    roots = nest_elements([el("card", "card", 0, 0, w=100, h=100), el("t", "text", 80, 10, w=40, h=10)])

    assert ids(roots) == ["card", "t"]


def test_equal_boxes_nest_one_way_only() -> None:
    roots = nest_elements([el("li", "listitem", 0, 0, w=50, h=20), el("card", "card", 0, 0, w=50, h=20)])

    assert ids(roots) == ["li"] and ids(roots[0].children) == ["card"]


def test_children_of_controls_move_to_the_screen() -> None:
    roots = nest_elements([el("in", "input", 5, 5), el("t", "text", 6, 6, parent="in")])

    assert ids(roots) == ["in", "t"]


def test_unknown_parents_and_cycles_end_at_the_screen() -> None:
    elements = [
        el("a", "container", 0, 0, parent="b"),
        el("b", "container", 0, 5, parent="a"),
        el("c", "container", 0, 9, parent="c"),
        el("d", "text", 0, 12, parent="missing"),
    ]

    roots = nest_elements(elements)

    placed = {n.element.id for n in roots} | {c.element.id for n in roots for c in n.children}
    assert placed == {"a", "b", "c", "d"}
    assert "c" in ids(roots) and "d" in ids(roots)


def test_siblings_are_in_reading_order() -> None:
    roots = nest_elements([el("low", "text", 0, 100), el("right", "text", 50, 10), el("left", "text", 5, 10)])

    assert ids(roots) == ["left", "right", "low"]
