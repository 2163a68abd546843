"""OCR line clean-up: tight boxes, splits at wide gaps and table rules, carets, monospace."""

from __future__ import annotations

import numpy as np

from replicast.vision.base import Box, TextLine
from replicast.vision.textlines import (
    RawLine,
    WordBox,
    monospace_pitch,
    refine_line,
    sort_reading_order,
    tighten,
)
from tests.vision.render import Canvas, font


def _words(c: Canvas, x: int, y: int, text: str, size: int = 16) -> tuple[WordBox, ...]:
    """Word boxes as a recogniser would give them (exact here), for text drawn at x, y."""
    f = font(size)
    out = []
    pos = 0
    for w in text.split(" "):
        start = text.index(w, pos)
        pos = start + len(w)
        x0 = x + c.draw.textlength(text[:start], font=f)
        x1 = x + c.draw.textlength(text[:pos], font=f)
        out.append(WordBox(w, Box(round(x0), y, round(x1 - x0), size + 4)))
    return tuple(out)


def test_tighten_shrinks_a_padded_box_to_the_ink() -> None:
    c = Canvas()
    drawn = c.text(100, 100, "Padded", size=16)
    tight = tighten(c.rgb(), Box(90, 90, drawn.w + 30, drawn.h + 20))
    assert abs(tight.x - drawn.x) <= 1 and abs(tight.x2 - drawn.x2) <= 1
    assert abs(tight.y - drawn.y) <= 1 and abs(tight.y2 - drawn.y2) <= 1


def test_tighten_drops_a_text_caret() -> None:
    c = Canvas()
    drawn = c.text(104, 100, "typing", size=16)
    c.draw.line([(100, drawn.y - 4), (100, drawn.y2 + 4)], fill=(0, 0, 0), width=1)
    tight = tighten(c.rgb(), Box(90, 85, drawn.w + 30, drawn.h + 30))
    assert tight.x >= drawn.x - 1
    assert tight.h <= drawn.h + 1


def test_line_with_a_wide_gap_splits_in_two() -> None:
    c = Canvas()
    text = "Home           Pricing"
    c.text(40, 40, text, size=16)
    raw = RawLine("Home Pricing", Box(30, 34, 260, 30), 0.99, _words(c, 40, 38, text))
    out = refine_line(c.rgb(), raw)
    assert [t.text for t in out] == ["Home", "Pricing"]
    assert out[0].box.x2 < out[1].box.x


def test_normal_word_spaces_do_not_split() -> None:
    c = Canvas()
    text = "A perfectly ordinary sentence"
    c.text(40, 40, text, size=16)
    raw = RawLine(text, Box(30, 34, 300, 30), 0.99, _words(c, 40, 38, text))
    assert [t.text for t in refine_line(c.rgb(), raw)] == [text]


def test_the_margin_before_the_first_word_is_no_gap() -> None:
    # the recogniser boxed a one-character first word left of its glyph: the blank margin its box
    # reaches into lies before the line's ink, not between its words
    c = Canvas()
    text = "1 item left"
    c.text(40, 40, text, size=16)
    words = _words(c, 40, 38, text)
    first = WordBox("1", Box(words[0].box.x - 6, 38, 6, 20))
    raw = RawLine(text, Box(24, 34, 120, 30), 0.99, (first, *words[1:]))
    assert [t.text for t in refine_line(c.rgb(), raw)] == [text]


def test_table_rule_between_cells_splits() -> None:
    c = Canvas()
    c.text(40, 40, "Ursula", size=16)
    c.draw.line([(103, 30), (103, 70)], fill=(222, 222, 222), width=1)
    c.text(110, 40, "USA", size=16)
    words = (WordBox("Ursula", Box(40, 38, 56, 20)), WordBox("USA", Box(110, 38, 34, 20)))
    out = refine_line(c.rgb(), RawLine("Ursula USA", Box(34, 34, 120, 30), 0.99, words))
    assert [t.text for t in out] == ["Ursula", "USA"]


def test_recogniser_dropped_space_is_restored() -> None:
    c = Canvas()
    c.text(40, 40, "id name", size=16)
    words = _words(c, 40, 38, "id name")
    out = refine_line(c.rgb(), RawLine("idname", Box(34, 34, 100, 30), 0.99, words))
    assert [t.text for t in out] == ["id name"]


def test_monospace_pitch_is_found_for_code_only() -> None:
    code = tuple(WordBox(w, Box(0, 0, 10 * len(w), 16)) for w in ("select", "rowid", "from", "books"))
    prose = tuple(WordBox(w, Box(0, 0, wd, 16)) for w, wd in (("illicit", 30), ("Mammoth", 80), ("wide", 40)))
    assert monospace_pitch(code) == 10
    assert monospace_pitch(prose) is None


def test_reading_order_is_rows_then_left_to_right() -> None:
    a = TextLine("b", Box(200, 12, 40, 16), 1)
    b = TextLine("a", Box(10, 10, 40, 16), 1)
    c = TextLine("c", Box(10, 60, 40, 16), 1)
    assert [t.text for t in sort_reading_order([c, a, b])] == ["a", "b", "c"]


def test_word_split_inside_a_word_keeps_the_word_whole() -> None:
    c = Canvas()
    c.text(40, 40, "SENIOR WEB", size=20)
    f = font(20)
    x_web = 40 + round(c.draw.textlength("SENIOR ", font=f))
    x_eb = 40 + round(c.draw.textlength("SENIOR W", font=f))
    words = (
        WordBox("SENIOR", Box(40, 38, x_web - 46, 24)),
        WordBox("W", Box(x_web, 38, x_eb - x_web, 24)),
        WordBox("EB", Box(x_eb, 38, 30, 24)),
    )
    out = refine_line(c.rgb(), RawLine("SENIOR WEB", Box(34, 32, 200, 34), 0.99, words))
    assert [t.text for t in out] == ["SENIOR WEB"]


def test_column_median_is_numpys_median_of_each_column() -> None:
    from replicast.vision.textlines import column_median

    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 10, 257):
        px = rng.integers(0, 256, (n, 3)).astype(np.uint8)
        assert np.array_equal(column_median(px), np.median(px, axis=0))
