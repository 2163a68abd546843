"""A table with its grid (`spec.models.TableLayout`) → a semantic `<table>`.

The column widths go in a `<colgroup>`, the header row in a `<thead>` of `<th>`, the body rows in a
`<tbody>` of `<td>`; each row is as tall as the recording showed it and each cell holds the elements
that fall in it (by their left edge and their middle), laid out as anywhere else. The rules drawn
between rows and columns are the cells' borders. Where every body cell is one plain text or link drawn
like the rest of its column, none of them answering a click, the body is drawn from data: a typed array
of row records (keys named after the header's texts) mapped onto one row of cells; else (a cell the
recording clicked, a cell holding an icon or two parts) each row is drawn as it was seen.

    drawn = draw_table(renderer, placed, parent_bg)   # None: the grid does not hold the elements
    drawn.classes, drawn.children                     # for the <table> element
    renderer.definitions                              # the row type and the array, for the module
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol

from replicast.codegen.behaviour import Navigation
from replicast.codegen.escape import identifier, js_string, unique
from replicast.codegen.jsx import MAX_LINE, Attr, Each, Expr, Node
from replicast.codegen.nesting import Placed, Rect
from replicast.codegen.styles import class_name
from replicast.codegen.theme import Theme, font_px
from replicast.spec.models import Element

ROW_SLACK = 2
"""px an element may reach past its row (OCR boxes are not exact) before the grid cannot hold it."""
DATA_ROLES = frozenset({"text", "link"})
_BLOCK_TAGS = frozenset({"p", "div", "img", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "nav", "section"})
_TESTIDS = "testIds"


class TableRenderer(Protocol):
    """What drawing a table needs from the screen's element renderer."""

    theme: Theme
    navigations: Mapping[str, tuple[Navigation, ...]]
    definitions: list[str]
    array_names: set[str]
    table_data: bool

    def node(self, placed: Placed, parent_tag: str, placement: Sequence[str], parent_bg: str) -> Node: ...

    def flow(
        self, kids: Sequence[Placed], origin: Rect, parent_tag: str, parent_bg: str
    ) -> tuple[list[str], list[Node]]: ...


@dataclass(frozen=True, slots=True)
class DrawnTable:
    classes: tuple[str, ...]
    """The <table>'s own classes (its placement and size are the caller's)."""
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class _Grid:
    xs: list[int]
    """Column edges, left to right (one more than the columns)."""
    ys: list[int]
    """Row edges, top to bottom: the header's first when there is one."""
    cells: list[list[list[Placed]]]
    """What each cell holds, by row then column."""
    header: bool

    def rect(self, i: int, j: int) -> Rect:
        return Rect(self.xs[j], self.ys[i], self.xs[j + 1] - self.xs[j], self.ys[i + 1] - self.ys[i])


def draw_table(r: TableRenderer, placed: Placed, parent_bg: str) -> DrawnTable | None:
    """The children of the <table> for a table element with a grid; None when it has none, or its
    grid does not tile its box or hold its elements."""
    grid = _grid(placed)
    if grid is None:
        return None
    layout = placed.element.table
    assert layout is not None
    theme = r.theme
    row_rule = f"border-t-{theme.colour(layout.row_rule)}" if layout.row_rule else None
    column_rule = f"border-r-{theme.colour(layout.column_rule)}" if layout.column_rule else None
    cols = tuple(
        Node("col", (Attr.static("className", f"w-[{b - a}px]"),)) for a, b in itertools.pairwise(grid.xs)
    )
    children = [Node("colgroup", (), cols)]
    first = 1 if grid.header else 0
    if grid.header:
        ths = tuple(
            _cell(r, "th", grid.cells[0][j], grid.rect(0, j), [], parent_bg) for j in range(len(cols))
        )
        children.append(Node("thead", (), (_tr(grid.rect(0, 0).h, ths),)))
    data = _data_rows(r, grid, row_rule, column_rule, parent_bg)
    if data is not None:
        body: tuple[Node | Each, ...] = (data,)
    else:  # each row as the recording showed it
        body = tuple(
            _tr(
                grid.rect(i, 0).h,
                tuple(
                    _cell(r, "td", cell, grid.rect(i, j), _borders(i > 0, column_rule, row_rule), parent_bg)
                    for j, cell in enumerate(grid.cells[i])
                ),
            )
            for i in range(first, len(grid.cells))
        )
    children.append(Node("tbody", (), body))
    return DrawnTable(("table-fixed", "border-separate", "border-spacing-0"), tuple(children))


def _borders(top: bool, column_rule: str | None, row_rule: str | None) -> list[str]:
    out: list[str] = []
    if top and row_rule is not None:
        out += ["border-t", row_rule]
    if column_rule is not None:
        out += ["border-r", column_rule]
    return list(dict.fromkeys(out))


def _tr(height: int, cells: tuple[Node, ...], attrs: tuple[Attr, ...] = ()) -> Node:
    return Node("tr", (*attrs, Attr.static("className", f"h-[{height}px]")), cells)


def _grid(placed: Placed) -> _Grid | None:
    e = placed.element
    layout = e.table
    if layout is None or not layout.rows or not layout.columns:
        return None
    box = placed.rect
    spans = [*([layout.header] if layout.header else []), *layout.rows]
    # the grid tiles the table's box: its outer edges are the box's
    xs = [box.x, *(c[0] for c in layout.columns[1:]), box.right]
    ys = [box.y, *(s[0] for s in spans[1:]), box.bottom]
    if any(b <= a for a, b in itertools.pairwise(xs)) or any(b <= a for a, b in itertools.pairwise(ys)):
        return None
    kids = _unwrapped_rows(placed.children)
    if kids is None:
        return None
    cells: list[list[list[Placed]]] = [[[] for _ in xs[1:]] for _ in ys[1:]]
    for k in kids:
        rect = k.rect
        i = _index(ys, rect.y + rect.h / 2)
        if rect.y < ys[i] - ROW_SLACK or rect.bottom > ys[i + 1] + ROW_SLACK:
            return None  # taller than its row: drawn in it, it would stretch the row
        cells[i][_index(xs, rect.x + ROW_SLACK)].append(k)
    return _Grid(xs, ys, cells, layout.header is not None)


def _unwrapped_rows(children: Sequence[Placed]) -> list[Placed] | None:
    """The table's elements, a row box's (role `row`) in its place: the grid draws the rows. None when
    a row box is painted (its look would be lost)."""
    out: list[Placed] = []
    for c in children:
        if c.element.role != "row":
            out.append(c)
        elif c.element.style is not None:
            return None
        else:
            out.extend(c.children)
    return out


def _index(edges: Sequence[int], v: float) -> int:
    """The span of `edges` that holds `v` (the first or last one for a value outside them)."""
    return max(0, min(len(edges) - 2, sum(1 for e in edges[1:-1] if e <= v)))


def _cell(
    r: TableRenderer, tag: str, kids: Sequence[Placed], rect: Rect, borders: Sequence[str], bg: str
) -> Node:
    """A <th> or <td> holding `kids` laid out in `rect` (inside its borders)."""
    top = 1 if "border-t" in borders else 0
    right = 1 if "border-r" in borders else 0
    head = ["text-left", "font-normal"] if tag == "th" else []
    attrs = (Attr.static("className", class_name(["p-0", "align-top", *head, *borders])),)
    if not kids:
        return Node(tag, attrs)
    origin = Rect(rect.x, rect.y + top, rect.w - right, rect.h - top)
    flow, nodes = r.flow(kids, origin, tag, bg)
    if (
        len(nodes) == 1
        and "items-start" in flow
        and _block(nodes[0])
        and "self-center" not in _classes(nodes[0])
    ):
        return Node(tag, attrs, (nodes[0],))  # placed by its margins in the cell
    wrapper = Node("div", (Attr.static("className", class_name([*flow, f"h-[{origin.h}px]"])),), tuple(nodes))
    return Node(tag, attrs, (wrapper,))


def _classes(node: Node) -> list[str]:
    for a in node.attrs:
        if a.source.startswith('className="'):
            return a.source.split('"')[1].split()
    return []


def _block(node: Node) -> bool:
    """Whether the node is laid out as a block (its margins place it in a table cell)."""
    return node.tag in _BLOCK_TAGS or "flex" in _classes(node)


# ---------------------------------------------------------------- the body from data


def _data_rows(
    r: TableRenderer, grid: _Grid, row_rule: str | None, column_rule: str | None, bg: str
) -> Each | None:
    """The body as `rows.map(...)` over a typed array of its rows (declared in `r.definitions`), when
    every body cell is one plain text or link looking like the rest of its column, and the rows are
    of one height; None otherwise."""
    first = 1 if grid.header else 0
    body = grid.cells[first:]
    heights = {grid.ys[i + 1] - grid.ys[i] for i in range(first, len(grid.cells))}
    if not r.table_data or len(body) < 2 or len(heights) != 1 or (row_rule and not grid.header):
        return None
    if any(not any(row) for row in body):
        return None
    columns = [[row[j] for row in body] for j in range(len(grid.xs) - 1)]
    if not all(_plain_column(r, column) for column in columns):
        return None
    keys = _keys(grid)
    borders = _borders(True, column_rule, row_rule)
    top = 1 if "border-t" in borders else 0
    tds: list[Node] = []
    for j, column in enumerate(columns):
        attrs = (Attr.static("className", class_name(["p-0", "align-top", *borders])),)
        shown = [(i, c[0]) for i, c in enumerate(column) if c]
        if not shown:
            tds.append(Node("td", attrs))
            continue
        dx = round(median(c.rect.x - grid.xs[j] for _, c in shown))
        dy = round(median(c.rect.y - grid.ys[first + i] - top for i, c in shown))
        placement = [*([f"ml-[{dx}px]"] if dx else []), *([f"mt-[{dy}px]"] if dy else [])]
        drawn = r.node(_commonest_look(r.theme, [c for _, c in shown]), "td", placement, bg)
        tds.append(Node("td", attrs, (_from_row(drawn, keys[j], j),)))
    array = unique("rows", r.array_names)
    r.array_names.add(array)
    record = "Row" + array[len("rows") :]
    r.definitions += _declarations(record, array, keys, columns)
    tr = _tr(next(iter(heights)), tuple(tds), (Attr.expr("key", "i"),))
    return Each(array, "row, i", tr)


def _plain_column(r: TableRenderer, column: Sequence[Sequence[Placed]]) -> bool:
    """Whether each cell of the column holds at most one plain text or link, all of one look."""
    looks: set[tuple[object, ...]] = set()
    for cell in column:
        if len(cell) > 1:
            return False
        for c in cell:
            e = c.element
            if e.role not in DATA_ROLES or c.children or not e.text or r.navigations.get(e.id):
                return False
            style = e.style
            size = font_px(e)
            looks.add(
                (
                    e.role,
                    None if size is None else r.theme.font_size(size),
                    style.font_weight if style else None,
                    style.underline if style else None,
                    style.italic if style else None,
                    style.strike if style else None,
                )
            )
    return len(looks) <= 1


def _commonest_look(theme: Theme, cells: Sequence[Placed]) -> Placed:
    """The cell drawn in the column's commonest colour (the others are the same colour read apart)."""
    tokens = [
        theme.colour(c.element.style.color) if c.element.style and c.element.style.color else ""
        for c in cells
    ]
    best = Counter(tokens).most_common(1)[0][0]
    return cells[tokens.index(best)]


def _from_row(node: Node, key: str, column: int) -> Node:
    """The cell's element drawing `row.<key>`, with its test id from the row, at its text's width."""
    attrs: list[Attr] = []
    for a in node.attrs:
        if a.source.startswith("data-testid="):
            attrs.append(Attr.expr("data-testid", f"row.{_TESTIDS}[{column}]"))
        elif a.source.startswith('className="'):
            classes = [c for c in a.source.split('"')[1].split() if not c.startswith("w-[")]
            attrs.append(Attr.static("className", class_name(classes)))
        else:
            attrs.append(a)
    return Node(node.tag, tuple(attrs), (Expr(f"row.{key}"),))


def _keys(grid: _Grid) -> list[str]:
    """A record key per column: its header's text as an identifier, else `columnN`."""
    taken = {_TESTIDS}
    keys: list[str] = []
    for j in range(len(grid.xs) - 1):
        name = " ".join(c.element.text or "" for c in grid.cells[0][j]) if grid.header else ""
        key = unique(identifier(name, fallback=f"column{j + 1}"), taken)
        taken.add(key)
        keys.append(key)
    return keys


def _declarations(
    record: str, array: str, keys: Sequence[str], columns: Sequence[Sequence[Sequence[Placed]]]
) -> list[str]:
    """The row type and the array of rows, as prettier prints them."""
    fields = [f"{_TESTIDS}: readonly string[]", *(f"{k}: string" for k in keys)]
    flat = f"type {record} = {{ {'; '.join(fields)} }};"
    lines = ["/** A row of the table as the recording showed it, with the test ids of its cells. */"]
    if len(flat) <= MAX_LINE:
        lines.append(flat)
    else:
        lines += [f"type {record} = {{", *(f"  {f};" for f in fields), "};"]
    lines += ["", f"const {array}: {record}[] = ["]
    for i in range(len(columns[0])):
        cells = [column[i][0].element if column[i] else None for column in columns]
        lines += _record(cells, keys)
    return [*lines, "];", ""]


def _record(cells: Sequence[Element | None], keys: Sequence[str]) -> list[str]:
    ids = [js_string(c.id) if c else '""' for c in cells]
    values = [(k, js_string(c.text or "") if c else '""') for k, c in zip(keys, cells, strict=True)]
    entries = [f"{_TESTIDS}: [{', '.join(ids)}]", *(f"{k}: {v}" for k, v in values)]
    flat = f"  {{ {', '.join(entries)} }},"
    if len(flat) <= MAX_LINE:
        return [flat]
    lines = ["  {"]
    testids = f"    {entries[0]},"
    lines += (
        [testids]
        if len(testids) <= MAX_LINE
        else [f"    {_TESTIDS}: [", *(f"      {i}," for i in ids), "    ],"]
    )
    lines += [f"    {e}," for e in entries[1:]]
    return [*lines, "  },"]
