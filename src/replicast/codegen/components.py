"""Repeated parts (list rows, nav links, table cells, cards) as components rendered from data arrays.

A run of three or more neighbours in a row or column whose JSX differs only in its text, test id,
accessible name or link target becomes one component (`src/components/LinkItem.tsx`) and an array of
props in the screen module, mapped in a flex wrapper with one `gap-*`. Components are shared: the same
part on several screens (a side navigation) is one file.

    registry = ComponentRegistry(taken={"ScreenFrame", "HomeScreen"})
    shape = shape_of(node)                      # None when the node cannot be a component's instance
    component = registry.component(shape, role="link")
    component_module(component)                # the .tsx source
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from replicast.codegen.escape import identifier, unique
from replicast.codegen.jsx import MAX_LINE, Attr, Expr, Node, print_node

MIN_RUN = 3
# the props an instance may differ in, in the order they are declared
PROPS = ("id", "label", "ariaLabel", "to")
_TEXT_EXPR = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')$""")
_PROP_ATTRS = {"data-testid": "id", "aria-label": "ariaLabel", "to": "to"}
_ROLE_NAMES = {
    "listitem": "ListItem",
    "link": "LinkItem",
    "button": "ButtonItem",
    "tab": "TabItem",
    "text": "TextItem",
    "badge": "Badge",
    "cell": "Cell",
    "row": "TableRow",
    "card": "Card",
    "heading": "Heading",
}


@dataclass(frozen=True, slots=True)
class Shape:
    """An element's JSX with the instance-specific parts lifted out as props."""

    template: Node
    """The JSX with `{id}`, `{label}`, `{ariaLabel}`, `{to}` where the instance's values were."""
    values: tuple[tuple[str, str], ...]
    """(prop, TS expression) of this instance, in PROPS order."""

    @property
    def key(self) -> str:
        return "\n".join(print_node(self.template))


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    template: Node
    props: tuple[str, ...]
    optional: frozenset[str] = frozenset()

    @property
    def props_type(self) -> str:
        return f"{self.name}Props"


@dataclass(slots=True)
class ComponentRegistry:
    """The components of one app, shared by its screens."""

    taken: set[str] = field(default_factory=set)
    by_key: dict[str, Component] = field(default_factory=dict)

    def component(self, shape: Shape, role: str, instances: Sequence[Shape]) -> Component:
        """The component drawing `shape` (made on first use, named after the role)."""
        found = self.by_key.get(shape.key)
        props = tuple(p for p in PROPS if any(p == k for s in instances for k, _ in s.values))
        optional = frozenset(p for p in props if not all(p in dict(s.values) for s in instances))
        if found is not None:
            merged = tuple(p for p in PROPS if p in found.props or p in props)
            if merged != found.props or not optional <= found.optional:
                found = Component(found.name, found.template, merged, found.optional | optional)
                self.by_key[shape.key] = found
            return found
        name = unique(_ROLE_NAMES.get(role, identifier(role, style="pascal", fallback="Item")), self.taken)
        self.taken.add(name)
        made = Component(name=name, template=shape.template, props=props, optional=optional)
        self.by_key[shape.key] = made
        return made

    def components(self) -> list[Component]:
        return sorted(self.by_key.values(), key=lambda c: c.name)


def shape_of(node: Node) -> Shape | None:
    """The node with its test id, text, accessible name and link target as props; None for a node
    with element children or code children (handlers) that a data array cannot carry."""
    values: dict[str, str] = {}
    attrs: list[Attr] = []
    for attr in node.attrs:
        name, _, value = attr.source.partition("=")
        prop = _PROP_ATTRS.get(name)
        if name.startswith("on"):
            return None
        if prop is None:
            attrs.append(attr)
            continue
        values[prop] = value[1:-1] if value.startswith("{") else value
        attrs.append(Attr.expr(name, prop))
    children: list[Node | Expr] = []
    for child in node.children:
        if not isinstance(child, Expr) or not _TEXT_EXPR.match(child.code) or "label" in values:
            return None
        values["label"] = child.code
        children.append(Expr("label"))
    if "id" not in values:
        return None
    ordered = tuple((p, values[p]) for p in PROPS if p in values)
    return Shape(Node(node.tag, tuple(attrs), tuple(children)), ordered)


def _object_line(values: Iterable[tuple[str, str]], indent: str) -> list[str]:
    entries = [f"{k}: {v}" for k, v in values]
    flat = f"{indent}{{ {', '.join(entries)} }},"
    if len(flat) <= MAX_LINE:
        return [flat]
    return [f"{indent}{{", *(f"{indent}  {e}," for e in entries), f"{indent}}},"]


def data_array(name: str, component: Component, instances: Sequence[Shape]) -> list[str]:
    """`const <name>: <Props>[] = [...]`: one object per instance (prettier's layout)."""
    lines = [f"const {name}: {component.props_type}[] = ["]
    for s in instances:
        lines += _object_line(s.values, "  ")
    return [*lines, "];"]


def map_expr(array: str, component: Component) -> Expr:
    """`{items.map((item) => (<Item key={item.id} {...item} />))}` over three lines, as prettier
    prints an arrow returning JSX inside JSX."""
    return Expr(f"{array}.map((item) => (\n  <{component.name} key={{item.id}} {{...item}} />\n))")


def component_module(component: Component, header: str) -> str:
    """The component's .tsx source."""
    imports = ['import { Link } from "react-router-dom";'] if component.template.tag == "Link" else []
    fields = [f"  {p}{'?' if p in component.optional else ''}: string;" for p in component.props]
    jsx = print_node(component.template, indent=4)
    params = ", ".join(component.props)
    lines = [
        header,
        *imports,
        *([""] if imports else []),
        f"export type {component.props_type} = {{",
        *fields,
        "};",
        "",
        "/** A part the recording repeats; each screen draws it from an array of props. */",
        f"export function {component.name}({{ {params} }}: {component.props_type}) {{",
    ]
    if len(jsx) == 1 and len(f"  return {jsx[0].strip()};") <= MAX_LINE:
        lines.append(f"  return {jsx[0].strip()};")
    else:
        lines += ["  return (", *jsx, "  );"]
    return "\n".join([*lines, "}", ""])
