"""A screen that keeps a list in state: the recorded screens of one list drawn as one screen, from data.

`collapse` turns the screens a `ListModel` explains into its base screen (the transitions between
them become changes of state, not routes); `ListCode` is what that screen runs (`screens.ScreenCode`):

- the entity's hook holds the rows (`useTodos()`, local storage or Supabase), and a draft the field
  for new items is bound to: Enter in it (or the add button) appends the draft;
- the rows are drawn from data: a row component drawing the recorded open row or done row, mapped
  over the rows the filter shows; a click where the recording ticked a row toggles its `done`, one
  where it removed a row removes it (transparent buttons over the recorded spots);
- filter controls set the filter; the clear control removes the done rows;
- where the recording double-clicked a row's title to edit it, a double click shows the row's editor
  where the recording showed it, holding the title: Enter keeps what it holds as the title, Escape
  leaves it as it was;
- parts seen only while the list held items (or done or active ones) are drawn only then, and
  counters are derived from the rows ("2 items left").

    shown = collapse(spec, model)                        # what routes and the replay test see
    source = screen_module(plan, ..., code=ListCode(model))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from replicast.codegen.elements import ElementRenderer
from replicast.codegen.escape import js_string
from replicast.codegen.jsx import MAX_LINE, Attr, Each, Expr, Node, print_node
from replicast.codegen.listmodel import Condition, CounterText, ListModel
from replicast.codegen.listrows import RowTemplate
from replicast.codegen.nesting import Placed, Rect, nest_elements
from replicast.codegen.paint import own_background
from replicast.codegen.screens import return_lines
from replicast.codegen.styles import class_name
from replicast.spec.models import AppSpec, Element, Screen

SCREEN_INDENT = 4
"""where `screen_module` prints the screen's frame."""
_HEIGHT = re.compile(r"^h-\[\d+px\]$")
_CLASSES = re.compile(r'^className="([^"]*)"$')
_COUNT_VARS = {"all": "items.length", "active": "activeCount", "done": "doneCount", "shown": "visible.length"}
_CONDITION_CODE: dict[Condition, str] = {
    "any": "items.length > 0",
    "done": "doneCount > 0",
    "active": "activeCount > 0",
}
_SHOW_CODE = {"all": '"all"', "active": '"active"', "done": '"done"'}


def collapse(spec: AppSpec, model: ListModel) -> AppSpec:
    """`spec` with the screens `model` explains drawn by its base screen: one screen in their place,
    no transitions between them, and the others' links to them leading to it."""

    def one(screen_id: str) -> str:
        return model.base.id if screen_id in model.family else screen_id

    screens = []
    for s in spec.screens:
        if s.id == model.base.id:
            screens.append(model.base)
        elif s.id not in model.family:
            screens.append(s.model_copy(update={"same_as": one(s.same_as)}) if s.same_as else s)
    transitions = [
        t.model_copy(update={"from_": one(t.from_), "to": one(t.to)})
        for t in spec.transitions
        if not (t.from_ in model.family and t.to in model.family)
    ]
    return spec.model_copy(update={"screens": screens, "transitions": transitions})


def extra_elements(model: ListModel) -> list[Element]:
    """What the list's screen draws besides its base screen: the row templates and the empty list's
    screen (their assets are the app's too)."""
    rows = [model.open_row, *([model.done_row] if model.done_row else [])]
    empty = model.empty.elements if model.empty is not None else []
    return [*(m for r in rows for m in r.members), *empty]


def counter_text(counter: CounterText, n: int) -> str:
    """What a counter reads with `n` rows."""
    return f"{counter.prefix}{n}{counter.one if n == 1 else counter.many}"


@dataclass(slots=True)
class ListCode:
    """The code of the screen that draws `model` (see the module docstring)."""

    model: ListModel
    _definitions: list[str] = field(default_factory=list, init=False)
    _empty: Node | None = field(default=None, init=False)

    # ---------------------------------------------------------------- ScreenCode

    def elements(self) -> Sequence[Element]:
        return extra_elements(self.model)

    def alternative(self) -> tuple[str, Node] | None:
        return ("items.length === 0", self._empty) if self._empty is not None else None

    def imports(self) -> list[str]:
        m = self.model
        hook = m.table.hook
        react = ['import { useState } from "react";'] if m.entry or m.filters or m.editor_at else []
        return [*react, f'import {{ {hook}, type {m.table.type_name} }} from "../hooks/{hook}";']

    def definitions(self) -> list[str]:
        return list(self._definitions)

    def setup(self) -> list[str]:
        m = self.model
        done = m.done.name if m.done else None
        updates = (m.toggle_at and done) or m.editor_at
        uses = {"items", *(["add"] if m.entry else []), *(["update"] if updates else [])}
        if m.remove_at or (m.clear and done):
            uses.add("remove")
        names = ", ".join(n for n in ("items", "add", "update", "remove") if n in uses)
        lines = [f"  const {{ {names} }} = {m.table.hook}();"]
        if m.entry:
            lines.append('  const [draft, setDraft] = useState("");')
        if m.entry and m.empty is not None:
            # the first row swaps the empty screen for the list: its field takes the focus over
            lines.append("  const [added, setAdded] = useState(false);")
        if m.editor_at:
            lines.append("  const [editing, setEditing] = useState<string | null>(null);")
        if m.filters:
            lines += [
                '  const [show, setShow] = useState<Show>("all");',
                "  const visible = items.filter((item) => shows(show, item));",
            ]
        wanted = {c.count for c in m.counters.values()} | set(m.conditions.values())
        if done and wanted & {"done", "active"}:
            lines.append(f"  const doneCount = items.filter((item) => item.{done}).length;")
        if done and "active" in wanted:
            lines.append("  const activeCount = items.length - doneCount;")
        if m.entry:
            values = f"{m.title.name}: text" + (f", {done}: false" if done else "")
            lines += [
                "",
                "  /** Appends what was typed into the field as a new row. */",
                "  const addDraft = () => {",
                "    const text = draft.trim();",
                "    if (!text) return;",
                f"    void add({{ {values} }});",
                '    setDraft("");',
                *(["    setAdded(true);"] if m.empty is not None else []),
                "  };",
            ]
        if m.toggle_at and done:
            lines += [
                f"  const toggle = (item: {m.table.type_name}) => {{",
                f"    void update(item.id, {{ {done}: !item.{done} }});",
                "  };",
            ]
        if m.editor_at:
            lines += [
                "",
                "  /** Keeps what a row's editor holds as its title (emptied, the title stays). */",
                f"  const rename = (item: {m.table.type_name}, text: string) => {{",
                "    const kept = text.trim();",
                f"    if (kept) void update(item.id, {{ {m.title.name}: kept }});",
                "    setEditing(null);",
                "  };",
            ]
        if m.clear and done:
            lines += [
                "  const clearDone = () => {",
                "    for (const item of items) {",
                f"      if (item.{done}) void remove(item.id);",
                "    }",
                "  };",
            ]
        return lines

    def rewrite(
        self, renderer: ElementRenderer, frame: Node, page: str, draw: Callable[[Screen], Node]
    ) -> Node:
        m = self.model
        roots = nest_elements(m.base.elements)
        path = _path_to(roots, m.slot) or []
        ground = page
        pads: dict[str, int] = {}
        for placed in path[:-1]:
            ground = own_background(placed, ground) or ground
            border = 1 if placed.element.style is not None and placed.element.style.border_color else 0
            bottom = max((c.rect.bottom for c in placed.children), default=placed.rect.bottom)
            pads[placed.element.id] = max(0, placed.rect.bottom - border - bottom)
        row_name = f"{m.table.type_name}Row"
        self._definitions = self._row_component(renderer, row_name, ground)
        rewriter = _Rewriter(self, pads, row_name)
        if m.empty is not None:
            # while there are no items the screen is drawn as the recording showed it then
            self._empty = rewriter.node(draw(m.empty), 0, None)
        return rewriter.node(frame, 0, None)

    # ---------------------------------------------------------------- the row component

    def _row_component(self, renderer: ElementRenderer, name: str, ground: str) -> list[str]:
        m = self.model
        done = m.done.name if m.done else None
        props = [f"  item: {m.table.type_name};"]
        params = ["item"]
        if m.toggle_at and done:
            props.append("  onToggle: () => void;")
            params.append("onToggle")
        if m.remove_at:
            props.append("  onRemove: () => void;")
            params.append("onRemove")
        if m.editor_at:
            props += [
                "  editing: boolean;",
                "  onEdit: () => void;",
                "  onRename: (text: string) => void;",
                "  onCancel: () => void;",
            ]
            params += ["editing", "onEdit", "onRename", "onCancel"]
        open_li = self._row(renderer, m.open_row, ground)
        lines: list[str] = []
        if m.filters and done:  # filters exist only with a done flag (listmodel)
            lines += [
                "type Show = " + " | ".join(_SHOW_CODE.values()) + ";",
                "",
                "/** Whether a row is shown under a filter. */",
                f"function shows(show: Show, item: {m.table.type_name}): boolean {{",
                f'  return show === "all" || item.{done} === (show === "done");',
                "}",
                "",
            ]
        lines += [
            f"type {name}Props = {{",
            *props,
            "};",
            "",
            "/** One row of the list, drawn as the recording showed an open row and a done one. */",
            f"function {name}({{ {', '.join(params)} }}: {name}Props) {{",
        ]
        if m.editor_at:
            lines += ["  if (editing) {", *return_lines(self._editing(open_li), 4), "  }"]
        if m.done_row is not None and done:
            done_li = self._row(renderer, m.done_row, ground)
            lines += [f"  if (item.{done}) {{", *return_lines(done_li, 4), "  }"]
        lines += [*return_lines(open_li, 2), "}", ""]
        return lines

    def _editing(self, li: Node) -> Node:
        """The row while its editor shows: the row's box holding only the editor, where the recording
        showed it, with the title in it and the focus."""
        m = self.model
        at = m.editor_at
        assert at is not None
        border = f"border-[{m.editor_border}]" if m.editor_border else "border-gray-400"
        classes = [
            f"absolute left-[{at.x}px] top-[{at.y}px] h-[{at.h}px] w-[{at.w}px]",
            "px-3 bg-white border",
        ]
        keys = (
            '(event) => {\n  if (event.key === "Enter") onRename(event.currentTarget.value);'
            '\n  if (event.key === "Escape") onCancel();\n}'
        )
        editor = Node(
            "input",
            (
                Attr.static("className", class_name([*classes, border])),
                Attr.expr("defaultValue", _item(m, "title")),
                Attr.expr("aria-label", _item(m, "label")),
                Attr.flag("autoFocus"),
                Attr.expr("onKeyDown", keys),
            ),
        )
        row = [c for c in _classes(li) if c != "pointer-events-none"]
        attrs = tuple(_set_classes(a, [*row, "relative"]) for a in li.attrs)
        return Node(li.tag, attrs, (editor,))

    def _row(self, renderer: ElementRenderer, template: RowTemplate, ground: str) -> Node:
        """The JSX of a row drawn as `template`, its title from the item, with the buttons that tick
        and remove it where the recording clicked."""
        m = self.model
        placed = next(
            p for p in nest_elements([template.row, *template.members]) if p.element == template.row
        )
        li = renderer.node(placed, "ul", (), own_background(placed, ground) or ground)
        title_id = f"{m.slot}-title"
        on_title = Attr.expr("onDoubleClick", "onEdit") if m.editor_at else None
        li = _rows_only(li, template, title_id, _item(m, "title"), on_title)
        classes = [c for c in _classes(li) if c != "pointer-events-none"]
        if template.on_hover:
            classes.append("group")
        buttons: list[Node] = []
        done = m.done.name if m.done else None
        if m.toggle_at and done:
            buttons.append(
                _overlay(
                    m.toggle_at,
                    Attr.static("role", "checkbox"),
                    Attr.expr("aria-checked", f"item.{done}"),
                    Attr.expr("aria-label", _item(m, "label")),
                    Attr.expr("onClick", "onToggle"),
                )
            )
        if m.remove_at:
            buttons.append(
                _overlay(
                    m.remove_at,
                    Attr.expr("aria-label", f"`Remove ${{{_item(m, 'label')}}}`"),
                    Attr.expr("onClick", "onRemove"),
                )
            )
        if buttons and "relative" not in classes:
            classes.append("relative")
        attrs = tuple(_set_classes(a, classes) for a in li.attrs)
        return Node(li.tag, attrs, (*li.children, *buttons))


def _item(m: ListModel, use: str) -> str:
    """The item's title as a JSX child (`title`) or as a string (`label`)."""
    name = f"item.{m.title.name}"
    return name if m.title.required or use == "title" else f'({name} ?? "")'


def _overlay(at: Rect, *attrs: Attr) -> Node:
    classes = ["absolute", f"left-[{at.x}px]", "top-0", "h-full", f"w-[{at.w}px]", "cursor-pointer"]
    return Node(
        "button", (Attr.static("type", "button"), Attr.static("className", class_name(classes)), *attrs)
    )


def _rows_only(
    node: Node, template: RowTemplate, title_id: str, title_code: str, on_title: Attr | None = None
) -> Node:
    """A row's JSX with its test ids gone (rows repeat) but the title's, whose text is the item's (and
    which gets `on_title`); the parts shown on hover hidden until the pointer is over the row."""
    ids = {Attr.text("data-testid", i).source: i for i in (template.title, *template.on_hover)}
    attrs: list[Attr] = []
    testid = next((ids[a.source] for a in node.attrs if a.source in ids), None)
    for a in node.attrs:
        if a.source.startswith("data-testid="):
            if testid == template.title:
                attrs.append(Attr.text("data-testid", title_id))
            continue
        attrs.append(a)
    if testid in template.on_hover:
        attrs = [_set_classes(a, [*_classes(node), "invisible", "group-hover:visible"]) for a in attrs]
    if testid == template.title:
        if on_title is not None:
            attrs = [
                _set_classes(a, [c for c in _classes(node) if c != "pointer-events-none"]) for a in attrs
            ]
            attrs.append(on_title)
        return Node(node.tag, tuple(attrs), (Expr(title_code),))
    kids = tuple(
        _rows_only(c, template, title_id, title_code, on_title) if isinstance(c, Node) else c
        for c in node.children
    )
    return Node(node.tag, tuple(attrs), kids)


def _path_to(roots: Sequence[Placed], element_id: str) -> list[Placed] | None:
    for p in roots:
        if p.element.id == element_id:
            return [p]
        below = _path_to(p.children, element_id)
        if below is not None:
            return [p, *below]
    return None


def _classes(node: Node) -> list[str]:
    for a in node.attrs:
        found = _CLASSES.match(a.source)
        if found is not None:
            return found.group(1).split()
    return []


def _set_classes(attr: Attr, classes: list[str]) -> Attr:
    return Attr.static("className", class_name(classes)) if _CLASSES.match(attr.source) else attr


def _with(
    node: Node,
    *attrs: Attr,
    classes: list[str] | None = None,
    children: tuple[Node | Expr, ...] | None = None,
) -> Node:
    old = [a if classes is None else _set_classes(a, classes) for a in node.attrs]
    names = {a.source.split("=", 1)[0] for a in attrs}
    kept = [a for a in old if a.source.split("=", 1)[0] not in names]
    return Node(node.tag, (*kept, *attrs), node.children if children is None else children)


@dataclass(slots=True)
class _Rewriter:
    """Walks the screen's JSX and puts the list's parts in."""

    code: ListCode
    pads: Mapping[str, int]
    row_name: str
    ids: Mapping[str, str] = field(init=False)
    """the source of a data-testid attribute → the element id it names."""

    def __post_init__(self) -> None:
        m = self.code.model
        empty = m.empty.elements if m.empty is not None else []
        known = [m.slot, *(e.id for e in [*m.base.elements, *empty])]
        self.ids = {Attr.text("data-testid", i).source: i for i in known}

    def testid(self, node: Node) -> str | None:
        return next((self.ids[a.source] for a in node.attrs if a.source in self.ids), None)

    def node(self, node: Node, depth: int, parent_condition: Condition | None) -> Node:
        m = self.code.model
        testid = self.testid(node)
        if testid == m.slot:
            return self._list(node)
        node = self._own(node, testid)
        kids: list[Node | Expr | Each] = []
        row = "flex" in _classes(node) and "flex-col" not in _classes(node)
        own = self.condition(node) or parent_condition
        for child in node.children:
            if not isinstance(child, Node):
                kids.append(child)
                continue
            condition = self.condition(child)
            drawn = self.node(child, depth + 1, condition or own)
            if condition is None or condition == own:
                kids.append(drawn)
            elif row:
                # a part of a row: hidden in place, so the others keep theirs (a column reflows)
                kids.append(_hidden_unless(drawn, condition))
            else:
                kids.append(_drawn_if(drawn, condition, SCREEN_INDENT + 2 * (depth + 1)))
        return Node(node.tag, node.attrs, tuple(kids))

    def condition(self, node: Node) -> Condition | None:
        """When `node` is drawn: its own condition, else the one all its parts share ("any" for
        parts that need items of either kind)."""
        testid = self.testid(node)
        m = self.code.model
        if testid is not None and testid in m.conditions:
            return m.conditions[testid]
        parts = [c for c in node.children if isinstance(c, Node)]
        if not parts or len(parts) < len(node.children) or testid == m.slot:
            return None
        conditions = {self.condition(c) for c in parts}
        if None in conditions:
            return None
        return conditions.pop() if len(conditions) == 1 else "any"

    def _own(self, node: Node, testid: str | None) -> Node:
        """The node with its part of the list's behaviour: handlers, a derived text, a free height."""
        m = self.code.model
        if testid is None:
            return node
        if testid in self.pads:
            classes = [c for c in _classes(node) if not _HEIGHT.match(c)]
            if self.pads[testid]:
                classes.append(f"pb-[{self.pads[testid]}px]")
            node = _with(node, classes=classes)
        if testid is not None and testid in (m.entry, m.empty_entry):
            handlers = [
                *([Attr.expr("autoFocus", "added")] if m.empty is not None else []),
                Attr.expr("value", "draft"),
                Attr.expr("onChange", "(event) => setDraft(event.target.value)"),
            ]
            if m.enter_adds or m.add_button is None:
                handlers.append(
                    Attr.expr("onKeyDown", '(event) => {\n  if (event.key === "Enter") addDraft();\n}')
                )
            kept = Node(
                node.tag,
                tuple(a for a in node.attrs if not a.source.startswith("defaultValue")),
                node.children,
            )
            node = _with(kept, *handlers, classes=_classes(node))
        if testid == m.add_button:
            node = _clickable(node, "addDraft")
        if testid in m.filters:
            node = _clickable(node, f"() => setShow({_SHOW_CODE[m.filters[testid]]})")
        if testid == m.clear and m.done:
            node = _clickable(node, "clearDone")
        counter = m.counters.get(testid)
        if counter is not None:
            node = _with(node, children=(Expr(_counter_code(counter, bool(m.filters))),))
        return node

    def _list(self, slot: Node) -> Node:
        m = self.code.model
        classes = [c for c in _classes(slot) if not _HEIGHT.match(c) and c != "pointer-events-none"]
        classes += ["flex", "flex-col", *([f"gap-[{m.row_gap}px]"] if m.row_gap else [])]
        done = m.done.name if m.done else None
        attrs = [Attr.expr("key", "item.id"), Attr.expr("item", "item")]
        if m.toggle_at and done:
            attrs.append(Attr.expr("onToggle", "() => toggle(item)"))
        if m.remove_at:
            attrs.append(Attr.expr("onRemove", "() => void remove(item.id)"))
        if m.editor_at:
            attrs += [
                Attr.expr("editing", "editing === item.id"),
                Attr.expr("onEdit", "() => setEditing(item.id)"),
                Attr.expr("onRename", "(text) => rename(item, text)"),
                Attr.expr("onCancel", "() => setEditing(null)"),
            ]
        row = Node(self.row_name, tuple(attrs))
        source = "visible" if m.filters else "items"
        rows = "\n".join(print_node(row, indent=2))
        mapped = Expr(f"{source}.map((item) => (\n{rows}\n))")
        return Node(
            "ul", (Attr.static("className", class_name(classes)), Attr.text("data-testid", m.slot)), (mapped,)
        )


def _clickable(node: Node, handler: str) -> Node:
    classes = [c for c in _classes(node) if c != "pointer-events-none"]
    if node.tag not in ("button", "a", "Link") and "cursor-pointer" not in classes:
        classes.append("cursor-pointer")
    return _with(node, Attr.expr("onClick", handler), classes=classes)


def _counter_code(counter: CounterText, filtered: bool) -> str:
    n = _COUNT_VARS[counter.count] if counter.count != "shown" or filtered else "items.length"
    parts = [js_string(counter.prefix)] if counter.prefix else []
    parts.append(n)
    if counter.one == counter.many:
        parts += [js_string(counter.one)] if counter.one else []
    else:
        parts.append(f"({n} === 1 ? {js_string(counter.one)} : {js_string(counter.many)})")
    return " + ".join(parts) if len(parts) > 1 else f"String({n})"


def _hidden_unless(node: Node, condition: Condition) -> Node:
    classes = " ".join(_classes(node))
    code = f'`{classes}${{{_CONDITION_CODE[condition]} ? "" : " invisible"}}`'
    attrs = tuple(Attr.expr("className", code) if _CLASSES.match(a.source) else a for a in node.attrs)
    return Node(node.tag, attrs, node.children)


def _drawn_if(node: Node, condition: Condition, indent: int) -> Expr:
    test = _CONDITION_CODE[condition]
    flat = print_node(node)
    if len(flat) == 1 and indent + len(f"{{{test} && {flat[0]}}}") <= MAX_LINE:
        return Expr(f"{test} && {flat[0]}")
    inner = "\n".join(print_node(node, indent=2))
    return Expr(f"{test} && (\n{inner}\n)")
