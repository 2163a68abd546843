"""Tables on synthetic screens: the header row (links with sort icons, a bold first row), the body rows
and the columns, and the rules drawn between them."""

from __future__ import annotations

from dataclasses import replace

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.elements import DetectedElement, ElementStyle, Span, TableGrid
from replicast.vision.menus import cell_texts, sortable_headers
from replicast.vision.texts import BodyText
from tests.vision.render import Canvas, font

AUTHORS = [
    ("1", "Ursula K. Le Guin", "USA", "1929"),
    ("2", "Octavia E. Butler", "USA", "1947"),
    ("3", "Stanislaw Lem", "Poland", "1921"),
    ("4", "Italo Calvino", "Italy", "1923"),
]
PAGE = (247, 248, 251)
LINK = (39, 103, 143)
ROW_RULE = (170, 171, 174)
COLUMN_RULE = (225, 226, 230)
LEFTS = (16, 83, 241, 338)
"""Where each column starts (and the rule before it ends)."""
RIGHT = 420
TOP, HEADER_H, ROW_H = 60, 26, 33


def the_table(c: Canvas) -> tuple[DetectedElement, TableGrid]:
    (table,) = [e for e in detect_elements(c.rgb(), c.lines) if e.role == "table"]
    assert table.table is not None
    return table, table.table


def datasette_like(header: bool = True, rules: bool = True) -> Canvas:
    """A table as datasette draws one: a header of sortable column links, each with a gear icon and the
    first with a sort arrow; cells padded 4 px; a grey rule on top of each body row and a faint one
    right of each cell."""
    c = Canvas(width=640, height=260 + TOP, background=PAGE)
    body = TOP + HEADER_H if header else TOP
    if header:
        for x, name in zip(LEFTS, ("id", "name", "country", "born"), strict=True):
            end = c.text(x, TOP + 4, name, size=16, colour=LINK).x2
            if name == "id":  # the sort arrow
                c.draw.polygon([(end + 6, TOP + 9), (end + 16, TOP + 9), (end + 11, TOP + 17)], fill=LINK)
                end += 16
            c.draw.ellipse([end + 5, TOP + 6, end + 17, TOP + 18], outline=(90, 90, 100), width=2)
    for k, row in enumerate(AUTHORS):
        y = body + ROW_H * k
        if rules:
            c.draw.line([(LEFTS[0], y), (RIGHT - 1, y)], fill=ROW_RULE)
            for x in (*LEFTS[1:], RIGHT):
                c.draw.line([(x - 1, y + 1), (x - 1, y + ROW_H - 1)], fill=COLUMN_RULE)
        for x, cell in zip(LEFTS, row, strict=True):
            bold = cell == row[0]
            c.text(x + 4, y + 8, cell, size=16, colour=LINK if bold else (26, 28, 42), bold=bold)
    return c


def test_a_header_of_links_with_sort_icons_names_the_columns() -> None:
    table, grid = the_table(datasette_like())

    assert grid.header is not None
    assert grid.header.end == TOP + HEADER_H and grid.header.start <= TOP + 4
    assert [r.start for r in grid.rows] == [TOP + HEADER_H + ROW_H * k for k in range(4)]
    # the last row ends as far below its text as the gap between rows allows (no rule under it)
    assert {r.size for r in grid.rows[:-1]} == {ROW_H} and abs(grid.rows[-1].size - ROW_H) <= 2
    # the columns meet at the rules drawn down the body, the last one ending at its rule
    assert [c.start for c in grid.columns] == list(LEFTS)
    assert grid.columns[-1].end == RIGHT
    assert table.box == Box(
        LEFTS[0], grid.header.start, RIGHT - LEFTS[0], grid.rows[-1].end - grid.header.start
    )


def test_column_links_with_a_menu_icon_at_their_cells_end_stay_links() -> None:
    # Given datasette's header on narrow columns: each name a link in the link colour, then its column
    # menu's gear icon, at the right end of a cell that fits them
    c = Canvas(width=400, height=120, background=PAGE)
    names, columns, elements = ("id", "country"), [], []
    x = 16
    for name in names:
        label = c.text(x + 4, 44, name, size=16, colour=LINK)
        gear = Box(label.x2 + 6, 46, 12, 12)
        c.draw.ellipse([gear.x, gear.y, gear.x2 - 1, gear.y2 - 1], outline=(90, 90, 100), width=2)
        elements += [
            DetectedElement("link", label, name, style=ElementStyle(color="#27678f", font_size=16)),
            DetectedElement("icon", gear),
        ]
        columns.append(Span(x, gear.x2 + 5 - x))
        x = gear.x2 + 5
    grid = TableGrid(rows=(Span(40, 26), Span(66, 33)), columns=tuple(columns))
    body = BodyText(em=16, colour=(26, 28, 42))

    out = sortable_headers(c.rgb(), elements, [grid], body)

    # Then the names stay links (the gear is the column's menu, not a sort mark)
    assert [(e.role, e.text) for e in out if e.text] == [("link", n) for n in names]


def test_the_rules_between_rows_and_columns_are_read_with_their_colours() -> None:
    _, grid = the_table(datasette_like())

    assert grid.row_rule == "#aaabae"
    assert grid.column_rule == "#e1e2e6"


def test_without_rules_rows_and_columns_meet_halfway_between_their_contents() -> None:
    _, grid = the_table(datasette_like(rules=False))

    assert (grid.row_rule, grid.column_rule) == (None, None)
    assert len(grid.columns) == 4 and len(grid.rows) == 4
    body = TOP + HEADER_H
    # each row holds its text (drawn 8 px below the row's top), with the gap split between rows
    for k, row in enumerate(grid.rows):
        assert row.start <= body + ROW_H * k + 8 < body + ROW_H * k + 24 <= row.end
    assert [r.size for r in grid.rows[1:-1]] == [ROW_H] * 2


def test_a_bold_first_row_is_the_header() -> None:
    c = Canvas(width=640, height=260)
    rows = [("Name", "Country", "Born"), *((name, land, born) for _, name, land, born in AUTHORS)]
    for k, row in enumerate(rows):
        for x, cell in zip((40, 240, 400), row, strict=True):
            c.text(x, 40 + 30 * k, cell, size=16, bold=k == 0)

    table, grid = the_table(c)

    assert grid.header is not None and grid.header.start <= 40 and grid.header.end <= 40 + 30
    assert len(grid.rows) == 4 and grid.rows[0].start <= 70 < grid.rows[0].end
    assert grid.columns[0].start == 40 and len(grid.columns) == 3
    assert 40 < grid.columns[1].start <= 240 < grid.columns[2].start <= 400
    assert table.box.y == grid.header.start


def test_a_first_row_like_the_rest_is_a_body_row() -> None:
    c = Canvas(width=640, height=260)
    for k, (_, name, land, born) in enumerate(AUTHORS):
        for x, cell in zip((40, 240, 400), (name, land, born), strict=True):
            c.text(x, 40 + 30 * k, cell, size=16)

    _, grid = the_table(c)

    assert grid.header is None and len(grid.rows) == 4


def test_a_column_of_texts_in_several_sizes_is_no_grid() -> None:
    # a side navigation beside headings and text (a resume page): aligned, but no table of cells
    c = Canvas(width=900, height=260)
    for k, (nav, content, size) in enumerate(
        [("SKILLS", "HIGH SCHOOL", 30), ("INTERESTS", "MAGNET PROGRAM", 24), ("AWARDS", "GPA: 3.56", 16)]
    ):
        c.text(20, 40 + 50 * k, nav, size=16)
        c.text(320, 40 + 50 * k, content, size=size)

    tables = [e for e in detect_elements(c.rgb(), c.lines) if e.role == "table"]

    assert all(t.table is None for t in tables)


def test_a_grid_of_cell_boxes_takes_the_header_line_above_it() -> None:
    c = Canvas(width=640, height=300)
    xs = (40, 180, 320, 460)
    for x, name in zip(xs, ("Task", "Owner", "Due", "State"), strict=True):
        c.text(x + 8, 40, name, size=16, colour=LINK)
    for k in range(3):
        for j, x in enumerate(xs):
            c.rect(f"cell{k}{j}", Box(x, 70 + 40 * k, 141, 41), fill=(255, 255, 255), outline=(200, 200, 200))
            c.text(x + 8, 82 + 40 * k, f"r{k}c{j}", size=16)

    _, grid = the_table(c)

    # (the cells' outlines are their boxes' edges, give or take a px)
    assert all(abs(col.start - x) <= 1 for col, x in zip(grid.columns, xs, strict=True))
    assert all(abs(r.start - y) <= 1 for r, y in zip(grid.rows, (70, 110, 150), strict=True))
    assert grid.header is not None and grid.header.end == grid.rows[0].start


GRID = (221, 223, 235)
"""A bordered table's cell borders (bootstrap's .table-bordered)."""
CELL_TEXT = (133, 135, 150)
"""sb-admin-2's grey body text: lighter than its bold header, like a field's placeholder."""
COLUMNS = ((270, 185, "Name"), (455, 269, "Position"), (724, 150, "Office"), (874, 86, "Age"))
STAFF = [
    ("Airi Satou", "Accountant", "Tokyo", "33"),
    ("Angelica Ramos", "Chief Executive Officer", "London", "47"),
    ("Ashton Cox", "Junior Technical Author", "San Francisco", "66"),
    ("Bradley Greer", "Software Engineer", "London", "41"),
]


def datatables_like(sortable: bool = True) -> Canvas:
    """A table as DataTables draws one in bootstrap: every cell boxed by 1 px borders it shares with its
    neighbours, a bold header whose cells each end in a faint sort mark ("↑↓", the sorted column's
    darker), body text in a light grey."""
    c = Canvas(width=1000, height=360, background=(255, 255, 255))
    top, header_h, row_h = 40, 51, 49
    for k, (x, w, name) in enumerate(COLUMNS):
        c.rect(f"head{k}", Box(x, top, w + 1, header_h + 1), outline=GRID)
        c.text(x + 12, top + 15, name, size=16, colour=(110, 112, 126), bold=True)
        if sortable:
            mark = (110, 112, 126) if k == 0 else (226, 227, 232)
            c.draw.text((x + w - 23, top + 17), "↑↓", fill=mark, font=font(12))
        for r, row in enumerate(STAFF):
            y = top + header_h + row_h * r
            c.rect(f"cell{r}{k}", Box(x, y, w + 1, row_h + 1), outline=GRID)
            c.text(x + 12, y + 15, row[k], size=16, colour=CELL_TEXT)
    return c


def test_the_cells_of_a_bordered_table_are_text_not_fields() -> None:
    # Given a table whose cells are bordered boxes holding grey, left-aligned text (like placeholders)
    els = detect_elements(datatables_like().rgb(), datatables_like().lines)

    # Then no cell is taken for an input, and every value is text
    assert not [e for e in els if e.role in ("input", "select", "textarea")], [
        (e.role, e.text) for e in els if e.role in ("input", "select")
    ]
    texts = {e.text for e in els if e.role == "text"}
    assert {row[2] for row in STAFF} <= texts


def test_header_cells_ending_in_sort_marks_are_buttons_as_wide_as_the_cell() -> None:
    c = datatables_like()
    els = detect_elements(c.rgb(), c.lines)

    buttons = sorted((e for e in els if e.role == "button"), key=lambda e: e.box.x)
    assert [e.text for e in buttons] == [name for _, _, name in COLUMNS]
    for k, e in enumerate(buttons):
        assert e.box.iou(c.boxes[f"head{k}"]) >= 0.9, (e.box, c.boxes[f"head{k}"])
    # the marks are part of the buttons, not text of their own
    assert not [e for e in els if e.role == "text" and "↑" in (e.text or "")]


def test_header_cells_without_sort_marks_stay_text() -> None:
    c = datatables_like(sortable=False)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("button", "link")], [(e.role, e.text) for e in els]


def test_links_in_a_tables_cells_are_text_unless_coloured_or_underlined() -> None:
    # Given a table's foot repeating the column names, which a row of short items made links, beside a
    # link in the link colour and an underlined one, and a grey link outside the table
    grid = TableGrid(rows=(Span(100, 40), Span(140, 40)), columns=(Span(0, 100), Span(100, 100)))
    grey = ElementStyle(color="#6e707e", font_size=16)

    def link(x: int, y: int, style: ElementStyle) -> DetectedElement:
        return DetectedElement("link", Box(x, y, 40, 19), "Age", style=style)

    elements = [
        link(10, 150, grey),
        link(110, 150, ElementStyle(color="#425e71", font_size=16)),
        link(10, 110, replace(grey, underline=True)),
        link(10, 20, grey),
    ]

    out = cell_texts(elements, [grid])

    assert [e.role for e in out] == ["text", "link", "link", "link"]
