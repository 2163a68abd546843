"""Nested spec elements → semantic JSX laid out with flex: one tag per role, text as escaped literals.

    renderer = ElementRenderer(navigations, route_refs, asset_imports, theme)
    classes, nodes = renderer.flow(roots, origin=Rect(0, 0, 1280, 720), parent_tag="main", parent_bg="#fff")
    renderer.uses_navigate, renderer.uses_link     # which imports the screen module needs

Role → tag: button/tab → <button>, link → <Link> (when it navigates) or <a>, input → <input>,
textarea, checkbox/radio/switch → <input type=...>, select → <select>, heading → <h1>..<h6>,
text → <p> (<span> inside phrasing), badge → <span>, image/icon → <img> (a labelled box when the
crop is missing), list/listitem → <ul>/<li> (ARIA roles on <div> where the layout needs wrappers),
table → <table> when the spec gives its grid (`tables.draw_table`: <thead>/<th>, <tbody>/<td>, rows from a
data array where they are plain data), else table/row/cell → <div> with ARIA table roles, nav →
<nav>, card → <section>, dialog/alert/container → <div> (a dialog aria-modal, named by its heading),
tablist → <div role="tablist"> holding tabs (aria-selected), accordion → <div> holding its header
buttons (aria-expanded), breadcrumb → <nav aria-label="Breadcrumb"><ol><li> (aria-current on the page
shown; separators aria-hidden).

A container lays out its children with `layout.arrange` (rows, columns, overlays); a phrasing host
(button, link, text) keeps its own text and draws the icons inside it at their positions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from replicast.codegen.behaviour import Navigation
from replicast.codegen.components import (
    MIN_RUN,
    Component,
    ComponentRegistry,
    Shape,
    map_expr,
    shape_of,
)
from replicast.codegen.escape import js_string, unique
from replicast.codegen.jsx import Attr, Each, Expr, Node
from replicast.codegen.layout import Group, Leaf, arrange, frame_of
from replicast.codegen.layout import Node as LayoutNode
from replicast.codegen.nesting import TOGGLE_ROLES, Placed, Rect
from replicast.codegen.paint import contrast, own_background
from replicast.codegen.styles import (
    box_classes,
    class_name,
    field_padding,
    px,
    size_classes,
    text_classes,
    text_wider_than_box_needs,
)
from replicast.codegen.tables import draw_table
from replicast.codegen.theme import Theme
from replicast.spec.models import CONTAINER_ROLES, INTERACTIVE_ROLES, Element
from replicast.spec.texts import CRUMB_SEPARATORS

_TEXT_CENTRED = frozenset({"text", "heading", "link", "badge", "listitem", "cell", "alert"})
_CENTRE_WIDE = frozenset({"link", "tab", "badge"})
_PASSIVE = frozenset({"text", "heading", "image", "icon", "badge"})
# boxes that only group others: with nothing to click inside, they let the pointer through (a dialog or an
# alert does not: a click on it must not reach the page under it)
_CONTAINERS = CONTAINER_ROLES - {"dialog", "alert"}
_CONTAINER_TAGS = {"nav": "nav", "breadcrumb": "nav", "card": "section"}
_CONTAINER_ROLES = {
    "dialog": "dialog",
    "alert": "alert",
    "table": "table",
    "row": "row",
    "cell": "cell",
    "tablist": "tablist",
}

PLACEHOLDER_CONTRAST = 145
_BULLETS = re.compile(r"[•●∙·*]+")
_HANDLER_PROPS = {
    "click": "onClick",
    "dblclick": "onDoubleClick",
    "hover": "onMouseEnter",
    "drag": "onDragEnd",
}
_TRANSPARENT_INPUT = ("absolute", "inset-0", "m-0", "opacity-0", "cursor-pointer", "pointer-events-auto")
"""An input over its own drawing: there to be clicked and focused, seen through."""
# the tags that hold only phrasing content: what they hold is drawn over their own text
INLINE_TAGS = frozenset({"button", "a", "Link", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6"})
# attribute order in the output: what the element is, then how it looks, then state, then behaviour
_ATTR_ORDER = ("key", "type", "role", "to", "src", "alt", "className", "data-testid")


@dataclass(slots=True)
class ElementRenderer:
    """Renders the elements of one screen and records what the screen module must import."""

    navigations: Mapping[str, tuple[Navigation, ...]]
    """element id → navigations it triggers."""
    route_refs: Mapping[str, str]
    """screen id → TS expression of its route path, e.g. "paths.login"."""
    asset_imports: Mapping[str, str]
    """Element.asset → the identifier its image is imported as."""
    theme: Theme = field(default_factory=Theme)
    typed: frozenset[str] = frozenset()
    """What the recording typed: text in a field that matches it is a value, not a placeholder."""
    components: ComponentRegistry | None = None
    """Where repeated parts become shared components (None: every part is drawn inline)."""
    focus: str | None = None
    """id of the field that has the focus when the screen is shown."""
    focus_looks: Mapping[str, str | None] = field(default_factory=dict)
    """field id → its border colour while focused (None: unchanged), for fields the recording focused."""
    uses_navigate: bool = field(default=False, init=False)
    uses_link: bool = field(default=False, init=False)
    uses_from_control: bool = field(default=False, init=False)
    """Whether a handler asks `fromControl` (src/events.ts) where a click came from."""
    uses_paths: bool = field(default=False, init=False)
    arrays: list[tuple[str, Component, list[Shape]]] = field(default_factory=list, init=False)
    """The data arrays the screen module declares: (name, component, one shape per instance)."""
    used_components: set[str] = field(default_factory=set, init=False)
    array_names: set[str] = field(default_factory=set, init=False)
    table_data: bool = True
    """Whether a table whose body rows are plain data draws them from an array (`tables.draw_table`)."""
    definitions: list[str] = field(default_factory=list, init=False)
    """Module-level declarations the screen module writes (a table's row type and rows)."""

    # ---------------------------------------------------------------- layout

    def flow(
        self, kids: Sequence[Placed], origin: Rect, parent_tag: str, parent_bg: str
    ) -> tuple[list[str], list[Node]]:
        """Classes for the element holding `kids` inside `origin`, and the JSX of the kids."""
        tree = arrange([k.rect for k in kids])
        if tree is None:
            return [], []
        return self._group(tree, origin, kids, parent_tag, parent_bg)

    def _group(
        self, tree: LayoutNode, origin: Rect, kids: Sequence[Placed], parent_tag: str, parent_bg: str
    ) -> tuple[list[str], list[Node]]:
        frame = frame_of(tree, origin)
        items = tree.items if isinstance(tree, Group) else (tree,)
        nodes: list[Node] = []
        runs = self._runs(tree, kids, parent_tag, parent_bg) if isinstance(tree, Group) else {}
        overlay = isinstance(tree, Group) and tree.axis == "overlay"
        # an overlay's items painted so far (largest first): what shows under the next one
        painted: list[tuple[Rect, str]] = []
        skip = 0
        for k, (item, placement) in enumerate(zip(items, frame.items, strict=True)):
            if skip:
                skip -= 1
                continue
            if k in runs:
                count, run = runs[k]
                nodes.append(Node(run.tag, (_with_placement(run.attrs[0], placement),), run.children))
                skip = count - 1
                continue
            if isinstance(item, Leaf):
                placed = kids[item.index]
                # an item laid over a sibling (a bar across the top of a column) shows on that sibling,
                # one under most of it
                area = placed.rect.area
                under = next(
                    (bg for r, bg in reversed(painted) if r.overlap(placed.rect) >= 0.5 * area), parent_bg
                )
                nodes.append(self.node(placed, parent_tag, placement, under))
                own = own_background(placed, under) if overlay else None
                if own is not None:
                    painted.append((placed.rect, own))
                continue
            classes, inner = self._group(item, item.rect, kids, parent_tag, parent_bg)
            if item.axis == "overlay":
                classes = [*classes, *size_classes(item.rect)]
            wrapper = "span" if parent_tag in INLINE_TAGS else "div"
            attrs = (Attr.static("className", class_name([*placement, *classes])),)
            nodes.append(Node(wrapper, attrs, tuple(inner)))
        return list(frame.classes), nodes

    def _runs(
        self, group: Group, kids: Sequence[Placed], parent_tag: str, parent_bg: str
    ) -> dict[int, tuple[int, Node]]:
        """Runs of repeated parts in `group`: index of the first item → (length, wrapper mapping a
        data array onto a component). The wrapper's first attribute is its className, without the
        placement in the group (the caller adds it)."""
        if self.components is None or group.axis == "overlay" or parent_tag in ("ul", *INLINE_TAGS):
            return {}
        shapes: list[Shape | None] = []
        for item in group.items:
            if not isinstance(item, Leaf) or kids[item.index].children:
                shapes.append(None)
                continue
            saved = (self.uses_link, self.uses_navigate, self.uses_from_control)
            shapes.append(shape_of(self.node(kids[item.index], parent_tag, (), parent_bg)))
            self.uses_link, self.uses_navigate, self.uses_from_control = saved
        runs: dict[int, tuple[int, Node]] = {}
        k = 0
        while k < len(shapes):
            end = k + 1
            while end < len(shapes) and _continues(group, shapes, k, end):
                end += 1
            if end - k >= MIN_RUN:
                first = group.items[k]
                role = kids[first.index].element.role if isinstance(first, Leaf) else "item"
                instances = [s for s in shapes[k:end] if s is not None]
                runs[k] = (end - k, self._run(group, instances, k, role))
                k = end
            else:
                k += 1
        return runs

    def _run(self, group: Group, shapes: list[Shape], start: int, role: str) -> Node:
        assert self.components is not None
        component = self.components.component(shapes[0], role, shapes)
        name = unique(component.name[0].lower() + component.name[1:] + "s", self.array_names)
        self.array_names.add(name)
        self.arrays.append((name, component, shapes))
        self.used_components.add(component.name)
        if any(k == "to" for s in shapes for k, _ in s.values):
            self.uses_paths = True
        a, b = group.items[start].rect, group.items[start + 1].rect
        gap = b.y - a.bottom if group.axis == "column" else b.x - a.right
        axis = ["flex", "flex-col"] if group.axis == "column" else ["flex"]
        classes = [*axis, "items-start", *([f"gap-[{gap}px]"] if gap else [])]
        return Node("div", (Attr.static("className", class_name(classes)),), (map_expr(name, component),))

    def _overlay(self, placed: Placed, parent_tag: str, parent_bg: str) -> list[Node]:
        """The children of a phrasing host, drawn at their positions over its text."""
        r = placed.rect
        return [
            self.node(
                c,
                parent_tag,
                ("absolute", f"left-[{c.rect.x - r.x}px]", f"top-[{c.rect.y - r.y}px]"),
                parent_bg,
            )
            for c in sorted(placed.children, key=lambda c: -c.rect.area)
        ]

    # ---------------------------------------------------------------- nodes

    def node(self, placed: Placed, parent_tag: str, placement: Sequence[str], parent_bg: str) -> Node:
        """JSX for `placed` and its children; `parent_tag` is the tag it is rendered inside,
        `placement` the classes that put it in its parent's layout, `parent_bg` the colour under it."""
        e = placed.element
        if e.role in TOGGLE_ROLES and placed.children:
            return self._drawn_toggle(placed, parent_tag, placement, parent_bg)
        tree = arrange([k.rect for k in placed.children]) if placed.children else None
        tag, attrs, text = self._tag_and_attrs(placed, parent_tag, tree)
        background = own_background(placed, parent_bg)
        inner_bg = background or parent_bg
        classes = [
            *placement,
            *size_classes(placed.rect),
            *self._role_classes(placed, tag, parent_tag),
            *text_classes(e, self.theme, placeholder=self._faint(e)),
            *box_classes(e, self.theme, background),
        ]
        if e.role == "table" and e.table is not None:
            table = draw_table(self, placed, inner_bg)
            if table is not None:
                attrs = [a for a in attrs if not a.source.startswith("role=")]
                attrs += [
                    Attr.static("className", class_name([*classes, *table.classes])),
                    Attr.text("data-testid", e.id),
                ]
                return Node("table", tuple(sorted(attrs, key=_attr_rank)), table.children)
        children: list[Node | Expr | Each] = []
        beside = _beside_label(placed) if tag == "button" and text else None
        if tag == "select":
            children.append(Node("option", (), (Expr.text(text or ""),)))
        elif text:
            children.append(Expr.text(text))
        image = self._inner_image(e, placed, tag)
        if image is not None:
            children.append(image)
        if beside is not None:
            # a label's icons in the flow beside it: the button centres them with the label as one
            before, after = beside
            font = e.style.font_size if e.style is not None and e.style.font_size else 16.0
            classes += ["flex", "items-center", "justify-center", f"gap-[{max(2, round(0.4 * font))}px]"]
            children[:0] = [self.node(c, tag, ("shrink-0",), inner_bg) for c in before]
            children += [self.node(c, tag, ("shrink-0",), inner_bg) for c in after]
        elif placed.children and tag in INLINE_TAGS:
            classes.insert(len(placement), "relative")
            children.extend(self._overlay(placed, tag, inner_bg))
        elif placed.children and tree is not None:
            border = 1 if e.style is not None and e.style.border_color else 0
            r = placed.rect
            origin = Rect(r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border)
            flow_classes, kids = self._group(tree, origin, placed.children, tag, inner_bg)
            classes[len(placement) : len(placement)] = flow_classes
            if e.role == "breadcrumb":
                # an ordered list of the trail's steps; `contents` keeps them in the nav's own layout
                steps = tuple(Node("li", (Attr.static("className", "contents"),), (k,)) for k in kids)
                kids = [Node("ol", (Attr.static("className", "contents"),), steps)]
            children.extend(kids)
        attrs = [*attrs, Attr.static("className", class_name(classes)), Attr.text("data-testid", e.id)]
        return Node(tag, tuple(sorted(attrs, key=_attr_rank)), tuple(children))

    def _drawn_toggle(
        self, placed: Placed, parent_tag: str, placement: Sequence[str], parent_bg: str
    ) -> Node:
        """A checkbox (radio, switch) the recording showed as its own drawing, an icon in its box: the
        drawing in a label with the input over it, transparent, as apps that draw their own checkboxes
        build them. The label only holds the look (no id, no handlers: the input has them)."""
        e = placed.element
        look = e.model_copy(update={"id": f"{e.id}-look", "role": "container", "checked": None})
        frame = [*placement] if "absolute" in placement else [*placement, "relative"]
        drawn = self.node(replace(placed, element=look), parent_tag, frame, parent_bg)
        control = self.node(replace(placed, children=()), "label", _TRANSPARENT_INPUT, parent_bg)
        return Node("label", drawn.attrs, (control, *drawn.children))

    # ---------------------------------------------------------------- tags

    def _tag_and_attrs(
        self, placed: Placed, parent_tag: str, tree: LayoutNode | None
    ) -> tuple[str, list[Attr], str | None]:
        """(tag, attributes, text child)."""
        e = placed.element
        role = e.role
        handlers = self._handlers(placed)
        if role in ("button", "tab"):
            attrs = [Attr.static("type", "button")]
            if role == "tab":
                attrs.append(Attr.static("role", "tab"))
            attrs.extend(_states(e))
            attrs.extend(self._name_if_unlabelled(placed))
            return "button", [*attrs, *handlers], e.text
        if role == "link":
            tag, attrs, text = self._link(placed, handlers)
            return tag, [*_states(e), *attrs], text
        if role in ("input", "textarea"):
            return role, [*self._field_attrs(e), *handlers], None
        if role in ("checkbox", "radio", "switch"):
            attrs = [Attr.static("type", "radio" if role == "radio" else "checkbox")]
            if role == "switch":
                attrs.append(Attr.static("role", "switch"))
            if e.checked:
                attrs.append(Attr.flag("defaultChecked"))
            label = e.label or e.text
            if label:
                attrs.append(Attr.text("aria-label", label))
            return "input", [*attrs, *handlers], None
        if role == "select":
            option = e.value or e.text or e.placeholder or ""
            label = e.label or (e.text if e.text and e.text != option else None)
            return "select", [*([Attr.text("aria-label", label)] if label else []), *handlers], option
        if role == "heading":
            return f"h{e.level or 2}", handlers, e.text
        if role == "text":
            hidden = (
                [Attr.static("aria-hidden", "true")] if (e.text or "").strip() in CRUMB_SEPARATORS else []
            )
            return ("span" if parent_tag in INLINE_TAGS else "p"), [*_states(e), *hidden, *handlers], e.text
        if role == "badge":
            return "span", handlers, e.text
        if role in ("image", "icon"):
            return self._image(e, handlers, parent_tag)
        return self._container(placed, parent_tag, handlers, tree)

    def _container(
        self, placed: Placed, parent_tag: str, handlers: list[Attr], tree: LayoutNode | None
    ) -> tuple[str, list[Attr], str | None]:
        e = placed.element
        # a <ul> holds only <li>: no layout wrappers between them
        flat = tree is None or isinstance(tree, Leaf) or all(isinstance(i, Leaf) for i in tree.items)
        if e.role == "list":
            if flat and placed.children and all(c.element.role == "listitem" for c in placed.children):
                return "ul", handlers, e.text
            return "div", [Attr.static("role", "list"), *handlers], e.text
        if e.role == "listitem":
            if parent_tag == "ul":
                return "li", handlers, e.text
            return "div", [Attr.static("role", "listitem"), *handlers], e.text
        attrs = [Attr.static("role", _CONTAINER_ROLES[e.role])] if e.role in _CONTAINER_ROLES else []
        if e.role == "breadcrumb":
            attrs.append(Attr.static("aria-label", "Breadcrumb"))
        elif e.role == "dialog":
            attrs.append(Attr.static("aria-modal", "true"))
            title = _first_heading(placed)
            if title:
                attrs.append(Attr.text("aria-label", title))
        return _CONTAINER_TAGS.get(e.role, "div"), [*attrs, *handlers], e.text

    def _link(self, placed: Placed, handlers: list[Attr]) -> tuple[str, list[Attr], str | None]:
        e = placed.element
        click = next((n for n in self.navigations.get(e.id, ()) if n.on == "click"), None)
        named = self._name_if_unlabelled(placed)
        if click is None:
            # <a> without href: the HTML placeholder link, for a destination the recording never showed
            return "a", [*named, *handlers], e.text
        self.uses_link = True
        return "Link", [Attr.expr("to", self.route_refs[click.to]), *named, *handlers], e.text

    def _field_attrs(self, e: Element) -> list[Attr]:
        attrs: list[Attr] = []
        if e.role == "input":
            attrs.append(Attr.static("type", input_type(e)))
        # text inside an empty-looking field is most often its placeholder; as a value, typing
        # into the field would append to it
        value = None if shows_placeholder(e, self.typed) else e.value
        placeholder = e.placeholder or (e.text or e.value if not value else None)
        if placeholder:
            attrs.append(Attr.text("placeholder", placeholder))
        if value and not _BULLETS.fullmatch(value):
            attrs.append(Attr.text("defaultValue", value))
        label = e.label or e.text or e.placeholder
        if label:
            attrs.append(Attr.text("aria-label", label))
        if e.id == self.focus:
            attrs.append(Attr.flag("autoFocus"))
        return attrs

    def _image(self, e: Element, handlers: list[Attr], parent_tag: str) -> tuple[str, list[Attr], str | None]:
        src = self.asset_imports.get(e.asset) if e.asset else None
        alt = e.label or e.text or ""
        if src is not None:
            return "img", [Attr.expr("src", src), Attr.text("alt", alt), *handlers], None
        tag = "span" if parent_tag in INLINE_TAGS else "div"
        if alt:
            return tag, [Attr.static("role", "img"), Attr.text("aria-label", alt), *handlers], None
        return tag, [Attr.static("aria-hidden", "true"), *handlers], None

    def _inner_image(self, e: Element, placed: Placed, tag: str) -> Node | None:
        """The crop of an icon-only button or link, drawn inside it."""
        if tag not in ("button", "a", "Link") or _has_text(placed) or not e.asset:
            return None
        src = self.asset_imports.get(e.asset)
        if src is None:
            return None
        attrs = (Attr.expr("src", src), Attr.static("alt", ""), Attr.static("className", "h-full w-full"))
        return Node("img", attrs)

    # ---------------------------------------------------------------- behaviour and classes

    def _handlers(self, placed: Placed) -> list[Attr]:
        e = placed.element
        attrs: list[Attr] = []
        keys: list[Navigation] = []
        typed: list[Navigation] = []
        for nav in self.navigations.get(e.id, ()):
            if nav.on == "key":
                keys.append(nav)
                continue
            if nav.on == "input":
                typed.append(nav)
                continue
            if nav.on == "click" and e.role == "link":
                continue  # a <Link to=...>
            self.uses_navigate = True
            if nav.on == "drag":
                attrs.append(Attr.flag("draggable"))  # the browser carries it; the drop shows the new order
            go = f"navigate({self.route_refs[nav.to]})"
            if nav.on in ("click", "dblclick") and _holds_controls(placed):
                # the recording clicked the box itself (a card's background): a click on a field,
                # button or box to tick inside it is that control's own and leads nowhere
                self.uses_from_control = True
                handler = f"(event) => {{\n  if (!fromControl(event)) {go};\n}}"
            else:
                handler = f"() => {go}"
            attrs.append(Attr.expr(_HANDLER_PROPS[nav.on], handler))
        if keys:
            attrs.append(self._on_value("onKeyDown", "event.key", keys))
        if typed:
            # the page answered once the field held what the recording typed (a search)
            attrs.append(self._on_value("onChange", "event.target.value", typed))
        return attrs

    def _on_value(self, prop: str, value: str, navs: Sequence[Navigation]) -> Attr:
        """A `prop` handler that goes to each navigation's screen when `value` is its key."""
        self.uses_navigate = True
        checks = "".join(
            f"\n  if ({value} === {js_string(n.key or '')}) navigate({self.route_refs[n.to]});" for n in navs
        )
        return Attr.expr(prop, f"(event) => {{{checks}\n}}")

    def _role_classes(self, placed: Placed, tag: str, parent_tag: str) -> list[str]:
        e = placed.element
        classes: list[str] = []
        if e.text and tag not in ("input", "textarea", "select"):
            classes.append("whitespace-pre")
            if e.role in _TEXT_CENTRED:
                classes.extend(("flex", "items-center"))
                indent = e.style.text_indent if e.style is not None else None
                if indent is not None:
                    classes.append(f"pl-[{px(indent)}]")  # set left in its box, as the recording showed
                elif e.role in _CENTRE_WIDE and text_wider_than_box_needs(e):
                    classes.append("justify-center")
        if e.role in ("input", "textarea"):
            classes.extend(field_padding(e))
        elif e.role == "select":
            classes.append("px-2")
        if e.id in self.focus_looks:
            # the recording showed this field focused: its own look, not the browser's ring
            # (`outline-hidden` still draws one in forced-colours mode)
            classes.append("outline-hidden")
            border = self.focus_looks[e.id]
            if border is not None:
                classes.append(f"focus:border-{self.theme.colour(border)}")
        interactive = bool(self.navigations.get(e.id))
        if interactive and e.role not in ("button", "tab", "link", "input", "textarea", "select"):
            classes.append("cursor-pointer")
        # passive boxes overlapping a control must not swallow the clicks meant for it
        passive = e.role in _PASSIVE or (e.role in _CONTAINERS and not self._acts_within(placed))
        if passive and not interactive and parent_tag not in INLINE_TAGS:
            classes.append("pointer-events-none")
        return classes

    def _acts_within(self, placed: Placed) -> bool:
        """Whether anything inside `placed` takes the pointer: a control, or an element that navigates."""
        return any(
            c.element.role in INTERACTIVE_ROLES
            or bool(self.navigations.get(c.element.id))
            or self._acts_within(c)
            for c in placed.children
        )

    def _faint(self, e: Element) -> bool:
        """Whether the text shown in a field is its placeholder."""
        return e.role in ("input", "textarea") and shows_placeholder(e, self.typed)

    def _name_if_unlabelled(self, placed: Placed) -> list[Attr]:
        """aria-label for an icon-only control, whose content gives it no accessible name."""
        if _has_text(placed):
            return []
        e = placed.element
        label = e.label or e.placeholder or e.value or {"link": "Link", "tab": "Tab"}.get(e.role, "Button")
        return [Attr.text("aria-label", label)]


def _states(e: Element) -> list[Attr]:
    """ARIA states the recording showed: the active tab, an open accordion section, the current page."""
    attrs: list[Attr] = []
    if e.selected is not None:
        attrs.append(Attr.static("aria-selected", "true" if e.selected else "false"))
    if e.expanded is not None:
        attrs.append(Attr.static("aria-expanded", "true" if e.expanded else "false"))
    if e.current:
        attrs.append(Attr.static("aria-current", "page"))
    return attrs


def _first_heading(placed: Placed) -> str | None:
    """The text of the first heading inside `placed` (a dialog's title), in reading order."""
    for c in placed.children:
        if c.element.role == "heading" and c.element.text:
            return c.element.text
        found = _first_heading(c)
        if found:
            return found
    return None


def _continues(group: Group, shapes: Sequence[Shape | None], start: int, end: int) -> bool:
    """Whether item `end` repeats the run that begins at `start`: the same component, the same
    spacing as the run's first two items, and the same place across the axis."""
    first, this = shapes[start], shapes[end]
    if first is None or this is None or first.key != this.key:
        return False
    items = group.items
    a, b = items[end - 1].rect, items[end].rect
    r0, r1 = items[start].rect, items[start + 1].rect if end > start + 1 else b
    if group.axis == "column":
        return b.y - a.bottom == r1.y - r0.bottom and b.y >= a.bottom and b.x == r0.x
    return b.x - a.right == r1.x - r0.right and b.x >= a.right and b.y == r0.y


def _with_placement(class_attr: Attr, placement: Sequence[str]) -> Attr:
    classes = class_attr.source.split('"')[1].split()
    return Attr.static("className", class_name([*placement, *classes]))


def _beside_label(placed: Placed) -> tuple[list[Placed], list[Placed]] | None:
    """A labelled control's icons (leaf icons and images on the label's line, each wholly on one side
    of the control's middle) as (those before the label, those after), left to right; None when any
    child is something else or it has none."""
    if not placed.children:
        return None
    r = placed.rect
    middle, line = r.x + r.w / 2, r.y + r.h / 2
    kids = sorted(placed.children, key=lambda c: c.rect.x)
    for c in kids:
        k = c.rect
        if c.children or c.element.role not in ("icon", "image") or abs(k.y + k.h / 2 - line) > r.h / 4:
            return None
        if k.x < middle < k.right:
            return None
    return [c for c in kids if c.rect.right <= middle], [c for c in kids if c.rect.x >= middle]


def _attr_rank(attr: Attr) -> int:
    name = attr.source.split("=", 1)[0]
    if name in _ATTR_ORDER:
        return _ATTR_ORDER.index(name)
    return len(_ATTR_ORDER) + (1 if name.startswith("on") else 0)


def _holds_controls(placed: Placed) -> bool:
    """Whether some element inside `placed` is a control (a field, a button, a link, a box to tick)."""
    return any(c.element.role in INTERACTIVE_ROLES or _holds_controls(c) for c in placed.children)


def _has_text(placed: Placed) -> bool:
    return bool(placed.element.text) or any(_has_text(c) for c in placed.children)


def shows_placeholder(e: Element, typed: Collection[str] = ()) -> bool:
    """Whether the text seen in a field is its placeholder rather than a value. What the recording
    typed is a value; other text is a placeholder unless it is drawn in a strong text colour (a
    placeholder is faint: grey on white is a luma difference of ~90-130, body text ~150 and more)."""
    if not e.value:
        return True
    value = e.value.strip()
    if (e.placeholder and e.placeholder != e.value) or any(value in t or t in value for t in typed if t):
        return False
    style = e.style
    if style is None or style.color is None:
        return False
    return contrast(style.color, style.background or "#ffffff") < PLACEHOLDER_CONTRAST


def input_type(e: Element) -> str:
    """The <input type>: the spec's, else password when the field's words or bullets say so."""
    if e.input_type is not None:
        return e.input_type
    hints = " ".join(s for s in (e.text, e.placeholder, e.label) if s).lower()
    if "password" in hints or (e.value is not None and _BULLETS.fullmatch(e.value)):
        return "password"
    if "email" in hints or "e-mail" in hints:
        return "email"
    return "text"
