"""XY-cut layout: rows, columns and overlays, and the flex classes that keep every box in place."""

from __future__ import annotations

from replicast.codegen.layout import Frame, Group, Leaf, arrange, frame_of
from replicast.codegen.nesting import Rect

PAGE = Rect(0, 0, 1000, 800)


def leaves(node: Leaf | Group) -> list[int]:
    if isinstance(node, Leaf):
        return [node.index]
    return [i for item in node.items for i in leaves(item)]


def test_stacked_boxes_are_a_column_and_side_by_side_boxes_a_row() -> None:
    column = arrange([Rect(10, 10, 100, 20), Rect(10, 40, 100, 20)])
    row = arrange([Rect(10, 10, 100, 20), Rect(120, 10, 100, 20)])

    assert isinstance(column, Group) and column.axis == "column"
    assert isinstance(row, Group) and row.axis == "row"


def test_a_form_is_a_column_of_rows() -> None:
    # title; two fields side by side; a button
    tree = arrange([Rect(0, 0, 200, 30), Rect(0, 50, 90, 30), Rect(110, 50, 90, 30), Rect(0, 100, 200, 40)])

    assert isinstance(tree, Group) and tree.axis == "column"
    middle = tree.items[1]
    assert isinstance(middle, Group) and middle.axis == "row" and leaves(middle) == [1, 2]
    assert leaves(tree) == [0, 1, 2, 3]


def test_a_sidebar_layout_is_a_row_of_columns() -> None:
    tree = arrange([Rect(0, 0, 200, 800), Rect(200, 0, 800, 100), Rect(200, 100, 800, 700)])

    assert isinstance(tree, Group) and tree.axis == "row"
    assert isinstance(tree.items[1], Group) and tree.items[1].axis == "column"


def test_boxes_overlapping_both_ways_are_an_overlay_largest_first() -> None:
    tree = arrange([Rect(25, 5, 10, 10), Rect(0, 0, 100, 20)])

    assert isinstance(tree, Group) and tree.axis == "overlay"
    assert leaves(tree) == [1, 0]
    assert frame_of(tree, Rect(0, 0, 100, 20)) == Frame(
        ("relative",), (("absolute", "left-[0px]", "top-[0px]"), ("absolute", "left-[25px]", "top-[5px]"))
    )


def test_touching_ocr_boxes_still_split() -> None:
    tree = arrange([Rect(0, 0, 100, 20), Rect(0, 19, 100, 20)])

    assert isinstance(tree, Group) and tree.axis == "column"


def test_a_column_keeps_every_position_with_margins() -> None:
    tree = arrange([Rect(40, 30, 300, 40), Rect(60, 100, 300, 36)])
    assert tree is not None

    frame = frame_of(tree, PAGE)

    assert frame == Frame(
        ("flex", "flex-col", "items-start"), (("ml-[40px]", "mt-[30px]"), ("ml-[60px]", "mt-[30px]"))
    )


def test_centred_items_and_even_gaps_read_like_hand_written_flex() -> None:
    tree = arrange([Rect(400, 50, 200, 20), Rect(450, 80, 100, 20), Rect(300, 110, 400, 20)])
    assert tree is not None

    frame = frame_of(tree, PAGE)

    assert frame.classes == ("flex", "flex-col", "items-center", "gap-[10px]")
    assert frame.items == (("mt-[50px]",), (), ())


def test_a_row_of_vertically_centred_items_in_its_own_box() -> None:
    tree = arrange([Rect(0, 0, 20, 40), Rect(30, 10, 50, 20), Rect(90, 5, 10, 30)])
    assert isinstance(tree, Group)

    frame = frame_of(tree, tree.rect)

    assert frame.classes == ("flex", "items-center", "gap-[10px]")
    assert frame.items == ((), (), ())


def test_a_row_with_uneven_tops_places_each_item() -> None:
    tree = arrange([Rect(10, 0, 20, 40), Rect(40, 2, 50, 20)])
    assert isinstance(tree, Group)

    frame = frame_of(tree, Rect(0, 0, 200, 40))

    assert frame.classes == ("flex", "items-start")
    assert frame.items == (("ml-[10px]",), ("ml-[10px]", "mt-[2px]"))


def test_every_leaf_lands_where_it_was() -> None:
    # Given boxes of a busy page, When laid out and the margins are replayed, Then each box is back
    rects = [
        Rect(500, 20, 280, 40),
        Rect(400, 80, 480, 300),
        Rect(20, 400, 300, 30),
        Rect(340, 400, 300, 30),
        Rect(660, 405, 100, 20),
        Rect(20, 450, 960, 200),
        Rect(30, 460, 40, 40),
    ]
    tree = arrange(rects)
    assert tree is not None

    assert replay(tree, PAGE) == {i: r for i, r in enumerate(rects)}


def replay(node: Leaf | Group, origin: Rect) -> dict[int, Rect]:
    """Where a browser would put each leaf: a small model of flex margins, centring and overlays."""
    group = node if isinstance(node, Group) else Group("column", (node,), node.rect)
    frame = frame_of(group, origin)
    out: dict[int, Rect] = {}
    gap = next((int(c[5:-3]) for c in frame.classes if c.startswith("gap-[")), 0)
    x, y = origin.x, origin.y
    for k, (item, classes) in enumerate(zip(group.items, frame.items, strict=True)):
        margin = {c.split("-[")[0]: int(c.split("-[")[1][:-3]) for c in classes if "-[" in c}
        w, h = item.rect.w, item.rect.h
        if group.axis == "overlay":
            pos = Rect(origin.x + margin["left"], origin.y + margin["top"], w, h)
        elif group.axis == "column":
            y += (gap if k else 0) + margin.get("mt", 0)
            centred = "items-center" in frame.classes or "self-center" in classes
            left = origin.x + (origin.w - w) // 2 if centred else origin.x + margin.get("ml", 0)
            pos = Rect(left, y, w, h)
            y += h
        else:
            x += (gap if k else 0) + margin.get("ml", 0)
            if k == 0 and "justify-center" in frame.classes:
                x = origin.x + (origin.w - group.rect.w) // 2
            top = origin.y + (origin.h - h) // 2 if "items-center" in frame.classes else origin.y
            pos = Rect(x, top + margin.get("mt", 0), w, h)
            x += w
        if isinstance(item, Leaf):
            out[item.index] = pos
        else:
            out.update(replay(item, Rect(pos.x, pos.y, item.rect.w, item.rect.h)))
    return out
