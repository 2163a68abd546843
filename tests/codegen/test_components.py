"""Repeated parts: runs of alike elements become one shared component drawn from data arrays."""

from __future__ import annotations

from replicast.codegen import project_files
from replicast.codegen.components import shape_of
from replicast.codegen.jsx import Attr, Expr, Node
from replicast.spec.models import AppSpec, Element, Screen, Style, Transition
from tests.codegen.specs import video

NAV = Style(color="#ffffff", background="#1d4ed8", font_size=16)


def nav_screen(sid: str, labels: list[str], y0: int = 100) -> Screen:
    side = Element(id=f"{sid}-side", role="nav", bbox=[0, 0, 200, 720], style=Style(background="#1d4ed8"))
    links = [
        Element(id=f"{sid}-l{i}", role="link", bbox=[0, y0 + 40 * i, 200, 40], text=label, style=NAV)
        for i, label in enumerate(labels)
    ]
    return Screen(id=sid, t=float(len(sid)), elements=[side, *links])


def test_a_shape_lifts_out_what_instances_differ_in() -> None:
    node = Node(
        "Link",
        (Attr.expr("to", "paths.home"), Attr.static("className", "h-[40px]"), Attr.text("data-testid", "x")),
        (Expr.text("Home"),),
    )

    shape = shape_of(node)

    assert shape is not None
    assert shape.values == (("id", '"x"'), ("label", '"Home"'), ("to", "paths.home"))
    assert shape.key == '<Link to={to} className="h-[40px]" data-testid={id}>{label}</Link>'


def test_elements_with_handlers_or_children_are_not_shapes() -> None:
    click = Node("button", (Attr.text("data-testid", "b"), Attr.expr("onClick", "() => go()")))
    nested = Node("div", (Attr.text("data-testid", "d"),), (Node("span"),))

    assert shape_of(click) is None and shape_of(nested) is None


def test_a_side_navigation_is_one_component_on_every_screen() -> None:
    # Given two screens with the same side navigation, the second reached from the first
    spec = AppSpec(
        video=video(),
        screens=[
            nav_screen("a", ["Home", "Work", "About", "Contact"]),
            nav_screen("bb", ["Home", "Work", "About"]),
        ],
        transitions=[Transition.model_validate({"from": "a", "to": "bb", "event": None})],
    )

    files = project_files(spec)

    # Then one component, and each screen maps its own data array onto it
    component = files["src/components/LinkItem.tsx"].decode()
    assert "export function LinkItem({ id, label }: LinkItemProps) {" in component
    assert "{label}" in component and "data-testid={id}" in component
    for screen, labels in (
        ("AScreen", ["Home", "Work", "About", "Contact"]),
        ("BbScreen", ["Home", "Work", "About"]),
    ):
        source = files[f"src/screens/{screen}.tsx"].decode()
        assert 'import { LinkItem, type LinkItemProps } from "../components/LinkItem";' in source
        assert "const linkItems: LinkItemProps[] = [" in source
        assert all(f'label: "{label}"' in source for label in labels)
        assert "{linkItems.map((item) => (\n" in source and "<LinkItem key={item.id} {...item} />" in source


def test_two_alike_elements_stay_inline() -> None:
    spec = AppSpec(video=video(), screens=[nav_screen("a", ["Home", "Work"])])

    files = project_files(spec)

    assert "src/components/LinkItem.tsx" not in files
    assert '{"Work"}' in files["src/screens/AScreen.tsx"].decode()


def test_an_uneven_spacing_breaks_the_run() -> None:
    screen = nav_screen("a", ["Home", "Work", "About"])
    moved = screen.elements[-1].model_copy(update={"bbox": [0, 190, 200, 40]})
    spec = AppSpec(
        video=video(), screens=[screen.model_copy(update={"elements": [*screen.elements[:-1], moved]})]
    )

    assert "src/components/LinkItem.tsx" not in project_files(spec)
