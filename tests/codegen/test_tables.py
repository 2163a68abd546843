"""Tables with a grid: a semantic <table> (<thead>/<th>, <tbody>/<td>) sized like the recording, its body
drawn from a typed array of rows where the rows are plain data, and escaped wherever text lands."""

from __future__ import annotations

import re

from replicast.codegen.behaviour import Navigation
from replicast.codegen.escape import js_string, js_value
from replicast.codegen.geometry import css_spec
from replicast.spec.models import AppSpec, Element, Screen, Style, TableLayout, VideoMeta, Viewport
from replicast.spec.schema import json_schema, spec_to_dict, validate_spec_dict
from tests.codegen.test_screens import render

HEADER = ("id", "name", "born")
ROWS = (
    ("1", "Ursula K. Le Guin", "1929"),
    ("2", "Octavia E. Butler", "1947"),
    ("3", "Stanislaw Lem", "1921"),
)
XS = (16, 83, 221)
WIDTHS = (67, 138, 87)
TOP, HEAD_H, ROW_H = 343, 26, 33
LINK = Style(color="#2d678e", font_size=16)
CELL = Style(color="#1b1d2b", font_size=16)


def layout(**extra: object) -> TableLayout:
    return TableLayout.model_validate(
        {
            "header": [TOP, HEAD_H],
            "rows": [[TOP + HEAD_H + ROW_H * k, ROW_H] for k in range(len(ROWS))],
            "columns": [[x, w] for x, w in zip(XS, WIDTHS, strict=True)],
            **extra,
        }
    )


def table(
    rows: tuple[tuple[str, ...], ...] = ROWS, header: tuple[str, ...] = HEADER, **extra: object
) -> list[Element]:
    """A table of links (first column) and texts under a header of links, as the pipeline reads it."""
    width = sum(WIDTHS)
    out = [
        Element(
            id="t", role="table", bbox=[XS[0], TOP, width, HEAD_H + ROW_H * len(rows)], table=layout(**extra)
        )
    ]
    for j, (x, name) in enumerate(zip(XS, header, strict=True)):
        out.append(
            Element(id=f"h{j}", role="link", bbox=[x, TOP + 4, 9 * len(name), 19], text=name, style=LINK)
        )
    for k, row in enumerate(rows):
        y = TOP + HEAD_H + ROW_H * k + 6
        for j, (x, w, cell) in enumerate(zip(XS, WIDTHS, row, strict=True)):
            role = "link" if j == 0 else "text"
            style = LINK if j == 0 else CELL
            out.append(
                Element(
                    id=f"c{k}{j}",
                    role=role,
                    bbox=[x + 4, y, min(8 * len(cell), w - 8), 19],
                    text=cell,
                    style=style,
                )
            )
    return out


def test_a_table_with_a_grid_is_a_semantic_table_sized_like_the_recording() -> None:
    source = render(table())

    assert "<table" in source and 'role="table"' not in source
    assert "table-fixed border-separate border-spacing-0" in source
    cols = re.findall(r'<col className="w-\[(\d+)px\]" />', source)
    assert tuple(int(w) for w in cols) == WIDTHS
    assert source.count("<th ") == 3 and f'<tr className="h-[{HEAD_H}px]">' in source
    # the header's links, each in its own <th>
    heads = re.findall(r"<th [^>]*>\s*<a[^>]*>\s*\{(\"[^\"]*\")\}", source)
    assert [js_value(h) for h in heads] == list(HEADER)


def test_plain_body_rows_are_drawn_from_a_typed_array_keyed_by_the_header() -> None:
    source = render(table())

    assert "type Row = { testIds: readonly string[]; id: string; name: string; born: string };" in source
    assert "const rows: Row[] = [" in source
    assert '{ testIds: ["c00", "c01", "c02"], id: "1", name: "Ursula K. Le Guin", born: "1929" },' in source
    assert "{rows.map((row, i) => (" in source and f'<tr key={{i}} className="h-[{ROW_H}px]">' in source
    assert "{row.name}" in source and "data-testid={row.testIds[1]}" in source
    # one row of cells: each text is in the array, not in the JSX
    assert source.count("Octavia E. Butler") == 1 and source.count("<td ") == 3


def test_each_cell_keeps_its_place_in_the_row() -> None:
    source = render(table())

    # the texts start 4 px into their cells and 6 px below the rows' tops
    assert 'className="ml-[4px] mt-[6px] h-[19px] whitespace-pre' in source


def test_a_row_the_recording_clicked_keeps_its_handler_and_rows_are_drawn_as_seen() -> None:
    navs = (Navigation(to="s2", on="click", element="c11"),)

    source = render(table(), navs)

    assert "rows.map" not in source and "const rows" not in source
    assert source.count("<tbody>") == 1 and source.count("<td ") == 3 * len(ROWS)
    assert "onClick={() => navigate(paths.s2)}" in source


def test_rules_between_rows_and_columns_are_the_cells_borders() -> None:
    source = render(table(row_rule="#a6a7aa", column_rule="#eaecee"))

    td = re.search(r'<td className="([^"]*)"', source)
    assert td is not None
    classes = td.group(1).split()
    assert "border-t" in classes and "border-r" in classes
    assert "border-t-[#a6a7aa]" in classes and "border-r-[#eaecee]" in classes
    # the row's rule takes a px from the top: the text keeps its place
    assert "ml-[4px] mt-[5px]" in source


def test_hostile_text_is_escaped_in_the_array_and_its_keys() -> None:
    hostile = ("</td><script>alert(1)</script>", '{"x": "${y}"}', "`a` \u2028 b")
    rows = (hostile, *ROWS[1:])

    source = render(table(rows=rows, header=('{"', "</th>", "${id}")))

    assert "<script>" not in source and "</td>" not in source.split("export function")[0]
    array = source.split("const rows: Row[] = [")[1].split("];")[0]
    for text in hostile:  # each an escaped literal in the array, and nowhere else
        assert js_string(text) in array and source.count(js_string(text)) == 1
    # keys made of the header's words, or column numbers where it has none
    assert re.search(
        r"type Row = \{ testIds: readonly string\[\]; column1: string; th: string; id: string \}", source
    )


def test_a_cell_taller_than_its_row_falls_back_to_rows_of_divs() -> None:
    elements = table()
    elements.append(
        Element(id="tall", role="text", bbox=[XS[1] + 4, TOP + HEAD_H + 2, 40, 60], text="two\nlines")
    )

    source = render(elements)

    assert "<table" not in source and 'role="table"' in source


def test_the_layout_is_in_the_schema_and_maps_to_css_px() -> None:
    hidpi = TableLayout(header=[686, 52], rows=[[738, 66], [804, 66]], columns=[[32, 134], [166, 276]])
    spec = AppSpec(
        video=VideoMeta(width=2560, height=1440, fps=30, duration=1),
        viewport=Viewport(x=0, y=0, width=1280, height=720, scale=2),
        screens=[
            Screen(
                id="s1", t=0, elements=[Element(id="t", role="table", bbox=[32, 686, 410, 184], table=hidpi)]
            )
        ],
    )

    validate_spec_dict(spec_to_dict(spec))
    page = css_spec(spec).screens[0].elements[0].table

    assert "TableLayout" in json_schema()["$defs"]
    assert page == TableLayout(header=[343, 26], rows=[[369, 33], [402, 33]], columns=[[16, 67], [83, 138]])
