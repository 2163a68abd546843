"""The JSX printer: one line when it fits, prettier-style otherwise; names are checked."""

from __future__ import annotations

import pytest

from replicast.codegen.jsx import Attr, Expr, Node, print_node


def test_short_element_is_one_line() -> None:
    node = Node("button", (Attr.static("type", "button"),), (Expr.text("Sign in"),))

    assert print_node(node, indent=2) == ['  <button type="button">{"Sign in"}</button>']


def test_long_element_breaks_attributes_and_children() -> None:
    node = Node(
        "input",
        (Attr.static("className", "x " * 40), Attr.text("placeholder", "Email"), Attr.flag("defaultChecked")),
    )

    lines = print_node(node)

    assert lines[0] == "<input"
    assert lines[1].startswith('  className="x x')
    assert lines[2:] == ['  placeholder={"Email"}', "  defaultChecked", "/>"]


def test_an_empty_element_one_character_too_long_breaks_its_attributes() -> None:
    def node(classes: str) -> Node:
        return Node("input", (Attr.static("type", "checkbox"), Attr.static("className", classes)))

    # `<input type="checkbox" className="..." />` at indent 10: 100 characters fit, 101 do not
    fits = "x" * (100 - 10 - len('<input type="checkbox" className="" />'))
    assert print_node(node(fits), indent=10) == [f'{" " * 10}<input type="checkbox" className="{fits}" />']
    assert print_node(node(fits + "x"), indent=10) == [
        f"{' ' * 10}<input",
        f'{" " * 12}type="checkbox"',
        f'{" " * 12}className="{fits}x"',
        f"{' ' * 10}/>",
    ]


def test_a_lone_string_attribute_stays_on_the_tag_line_however_long() -> None:
    classes = "x " * 60
    lone = print_node(Node("p", (Attr.static("className", classes),), (Expr.text("hi"),)))
    expr = print_node(Node("p", (Attr.text("className", classes),), (Expr.text("hi"),)))

    # as prettier prints it: only a plain string keeps the tag whole
    assert lone == [f'<p className="{classes}">', '  {"hi"}', "</p>"]
    assert expr[:3] == ["<p", "  className={", f'    "{classes}"']


def test_children_are_indented_under_a_broken_parent() -> None:
    child = Node("p", (), (Expr.text("y" * 100),))
    lines = print_node(Node("main", (), (child,)))

    # a too-long text breaks out of its braces, as prettier prints it
    assert lines == ["<main>", "  <p>", "    {", '      "' + "y" * 100 + '"', "    }", "  </p>", "</main>"]


def test_a_multi_line_attribute_keeps_its_shape_at_the_attribute_indent() -> None:
    handler = Attr.expr("onKeyDown", "(event) => {\n  go(event);\n}")

    lines = print_node(Node("input", (Attr.static("type", "text"), handler)), indent=2)

    assert lines == [
        "  <input",
        '    type="text"',
        "    onKeyDown={(event) => {",
        "      go(event);",
        "    }}",
        "  />",
    ]


def test_empty_text_attribute_is_a_plain_empty_string() -> None:
    assert Attr.text("alt", "").source == 'alt=""'
    assert Attr.text("alt", "<x>").source == 'alt={"\\u003cx\\u003e"}'


@pytest.mark.parametrize("tag", ["", "1a", "a b", "a>", "script>"])
def test_bad_tags_are_refused(tag: str) -> None:
    with pytest.raises(ValueError):
        Node(tag)


@pytest.mark.parametrize("name", ["", "on click", 'a"', "a={x}", "x/"])
def test_bad_attribute_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        Attr.flag(name)


def test_static_attribute_values_are_checked() -> None:
    with pytest.raises(ValueError):
        Attr.static("className", 'a" onClick="x')
