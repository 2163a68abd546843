"""The line a run of keystrokes went to, from the changes between two screens (no video: the deltas
are written out as a recording of a sign-up form showed them)."""

from __future__ import annotations

from replicast.pipeline.behaviour import _typing
from replicast.pipeline.pointer import GapMotion
from replicast.pipeline.segment import FrameDelta
from replicast.vision.base import Box

LINE_Y, LINE_H = 267, 17


def _keystrokes(t0: float, x0: int, n: int, y: int = LINE_Y) -> list[FrameDelta]:
    """`n` letters typed one after another on the line at `y`, 9 px apart."""
    return [FrameDelta(i, t0 + 0.05 * i, (Box(x0 + 9 * i, y, 10, LINE_H),)) for i in range(n)]


def test_a_neighbouring_field_settling_its_look_is_not_part_of_the_typed_line() -> None:
    # Given the field above (its icon, 40 x 38 px) changing once as the typist starts on the email field
    icon = FrameDelta(0, 8.33, (Box(760, 203, 40, 38),))
    keys = _keystrokes(8.5, 493, 16)
    gap = GapMotion(poses=(), content=(icon, *keys), net=(Box(493, LINE_Y, 150, LINE_H),))

    row = _typing(gap, 1.0)

    # Then the typed line is the email field's, not a box reaching up into the field above
    assert row is not None
    assert (row.y, row.h) == (LINE_Y, LINE_H), row
    assert row.x == 493


def test_typing_that_wraps_in_a_text_area_takes_in_both_lines() -> None:
    # Given keystrokes filling one line of a text area, then going on on the next line (7 px below)
    first = _keystrokes(1.0, 100, 12)
    second = _keystrokes(2.0, 100, 4, y=LINE_Y + LINE_H + 7)
    gap = GapMotion(poses=(), content=(*first, *second), net=())

    row = _typing(gap, 1.0)

    # Then the typed row runs over both lines
    assert row is not None
    assert (row.y, row.y2) == (LINE_Y, LINE_Y + 2 * LINE_H + 7), row


def test_keys_typed_into_a_live_filter_are_typing_though_each_changes_the_table_too() -> None:
    # Given three letters typed into a table's search field, each filtering the table's rows at once
    table = Box(270, 328, 950, 392)
    keys = [FrameDelta(i, 4.2 + 0.1 * i, (Box(1036 + 9 * i, 288, 10, 16), table)) for i in range(3)]
    gap = GapMotion(poses=(), content=tuple(keys), net=(Box(1036, 288, 28, 16), table))

    row = _typing(gap, 1.0)

    # Then it is typing on the field's line, not the table's change
    assert row is not None
    assert (row.y, row.h) == (288, 16), row


def test_a_change_repeated_in_place_amid_page_changes_is_no_typing() -> None:
    # Given a spinner turning in place while the page loads around it
    page = Box(0, 100, 1280, 500)
    steps = [FrameDelta(i, 1.0 + 0.1 * i, (Box(600, 50, 20, 20), page)) for i in range(5)]
    gap = GapMotion(poses=(), content=tuple(steps), net=(page,))

    assert _typing(gap, 1.0) is None


def test_typing_goes_on_while_the_field_takes_a_validation_colour_and_the_form_below_moves() -> None:
    # Given an email typed into a field whose error message below comes and goes as the address turns
    # valid (the form below moves up and down) and whose border turns green meanwhile: its corner, a
    # key-sized change a little above the typed line, lands between two keystrokes
    y = 238
    keys = _keystrokes(6.73, 302, 8, y=y)
    form = FrameDelta(50, 6.9, (Box(266, y, 984, 307), Box(1203, 239, 16, 16)))
    corner = FrameDelta(51, 6.95, (Box(286, 228, 10, 12),))
    border = FrameDelta(52, 6.97, (Box(286, 228, 944, 38),))
    content = (*keys[:3], form, *keys[3:6], corner, border, *keys[6:])
    gap = GapMotion(poses=(), content=content, net=(Box(266, 228, 984, 317),))

    row = _typing(gap, 1.0)

    # Then it is typing on the field's line
    assert row is not None
    assert row.y <= y and row.y2 >= y + LINE_H, row
