"""Tables on synthetic screens: the header row (links with sort icons, a bold first row), the body rows
and the columns, and the rules drawn between them."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.elements import DetectedElement, TableGrid
from tests.vision.render import Canvas

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
