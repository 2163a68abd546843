"""Placing elements: parents that HTML allows, positions relative to them, reading order."""

from __future__ import annotations

from replicast.codegen.layout import Placed, place_elements
from replicast.spec.models import Element


def el(id_: str, role: str, x: int, y: int, parent: str | None = None) -> Element:
    return Element.model_validate({"id": id_, "role": role, "bbox": [x, y, 10, 10], "parent": parent})


def ids(nodes: tuple[Placed, ...]) -> list[str]:
    return [n.element.id for n in nodes]


def test_children_of_a_container_sit_relative_to_it() -> None:
    roots = place_elements([el("card", "card", 100, 200), el("b", "button", 130, 250, parent="card")])

    (card,) = roots
    assert (card.x, card.y) == (100, 200)
    assert [(c.element.id, c.x, c.y) for c in card.children] == [("b", 30, 50)]


def test_interactive_child_of_a_button_moves_up_to_the_nearest_container() -> None:
    elements = [
        el("nav", "nav", 0, 0),
        el("btn", "button", 10, 10, parent="nav"),
        el("inner", "link", 12, 12, parent="btn"),
        el("icon", "icon", 14, 14, parent="btn"),
    ]

    (nav,) = place_elements(elements)

    assert ids(nav.children) == ["btn", "inner"]
    btn = nav.children[0]
    assert ids(btn.children) == ["icon"]
    assert (btn.children[0].x, btn.children[0].y) == (4, 4)


def test_children_of_controls_move_to_the_screen() -> None:
    roots = place_elements([el("in", "input", 5, 5), el("t", "text", 6, 6, parent="in")])

    assert ids(roots) == ["in", "t"]
    assert (roots[1].x, roots[1].y) == (6, 6)


def test_unknown_parents_and_cycles_end_at_the_screen() -> None:
    elements = [
        el("a", "container", 0, 0, parent="b"),
        el("b", "container", 0, 5, parent="a"),
        el("c", "container", 0, 9, parent="c"),
        el("d", "text", 0, 12, parent="missing"),
    ]

    roots = place_elements(elements)

    placed = {n.element.id for n in roots} | {c.element.id for n in roots for c in n.children}
    assert placed == {"a", "b", "c", "d"}
    assert "c" in ids(roots) and "d" in ids(roots)


def test_siblings_are_in_reading_order() -> None:
    roots = place_elements(
        [el("low", "text", 0, 100), el("right", "text", 50, 10), el("left", "text", 5, 10)]
    )

    assert ids(roots) == ["left", "right", "low"]
