"""Design2Code-style text blocks: pairing, block match, text, position and colour."""

from __future__ import annotations

import pytest

from replicast.selfcheck.blocks import (
    TextBlock,
    ciede2000,
    compare_blocks,
    keyframe_blocks,
    word_recall,
    word_similarity,
    words,
)
from replicast.spec.models import Element, Screen, Style

REF = [
    TextBlock("Harbor tasks", (40, 30, 170, 30), (17, 24, 39)),
    TextBlock("Two things left to do", (40, 90, 190, 18), (55, 65, 81)),
    TextBlock("Open settings", (80, 210, 100, 18), (255, 255, 255)),
]


def test_the_same_blocks_score_one() -> None:
    s = compare_blocks(REF, list(REF), 640, 360)

    assert (s.block_match, s.text, s.position, s.colour, s.score) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert (s.matched, s.keyframe_blocks, s.app_blocks) == (3, 3, 3)


def test_missing_and_invented_text_lower_the_block_match() -> None:
    app = [REF[0], TextBlock("Subscribe to our newsletter today", (40, 300, 300, 18), (0, 0, 0))]

    s = compare_blocks(REF, app, 640, 360)

    assert s.matched == 1
    assert s.block_match == pytest.approx(24 / (46 + 45))
    assert s.text == 1.0


def test_nothing_in_common_scores_zero() -> None:
    s = compare_blocks(REF, [TextBlock("Quarterly revenue", (0, 0, 10, 10), (0, 0, 0))], 640, 360)

    assert s.score == 0.0 and s.matched == 0


def test_similar_text_far_away_in_another_colour_scores_less() -> None:
    moved = [TextBlock("Harbour tasks", (400, 300, 170, 30), (220, 38, 38))]

    s = compare_blocks(REF[:1], moved, 640, 360)

    assert 0.8 < s.text < 1.0
    assert s.position == pytest.approx(1 - 270 / 360)
    assert s.colour is not None and s.colour < 0.6
    assert s.score < 0.7


def test_text_colours_are_compared_with_ciede2000() -> None:
    assert ciede2000((17, 24, 39), (17, 24, 39)) == pytest.approx(0.0)
    assert ciede2000((0, 0, 0), (255, 255, 255)) == pytest.approx(100.0, abs=0.5)
    # a just-noticeable step is small, a different hue is large
    assert ciede2000((100, 100, 100), (102, 102, 102)) < 1.5
    assert ciede2000((220, 38, 38), (37, 99, 235)) > 40


def test_without_a_colour_in_the_spec_colour_is_not_scored() -> None:
    s = compare_blocks([TextBlock("Harbor tasks", (40, 30, 170, 30), None)], REF[:1], 640, 360)

    assert s.colour is None and s.score == pytest.approx(1.0)


def test_keyframe_blocks_are_the_elements_text_without_repeats() -> None:
    screen = Screen(
        id="s",
        t=0,
        elements=[
            Element(id="card", role="card", bbox=[0, 0, 300, 100], text="Ada Lovelace Engineer"),
            Element(id="n", role="text", bbox=[10, 10, 100, 20], text="Ada Lovelace", parent="card"),
            Element(id="j", role="text", bbox=[10, 40, 100, 20], text="Engineer", parent="card"),
            Element(
                id="q",
                role="input",
                bbox=[10, 200, 200, 30],
                placeholder="Search",
                style=Style(color="#6b7280"),
            ),
            Element(id="v", role="input", bbox=[10, 240, 200, 30], value="ada", placeholder="Name"),
            Element(id="empty", role="button", bbox=[10, 280, 30, 30]),
        ],
    )

    blocks = keyframe_blocks(screen)

    assert [(b.text, b.colour) for b in blocks] == [
        ("Ada Lovelace", None),
        ("Engineer", None),
        ("Search", (107, 114, 128)),
        ("ada", None),
    ]
    assert keyframe_blocks(None) == []


def test_words_are_compared_as_multisets() -> None:
    assert words("Clear completed (1)") == ["clear", "completed", "1"]
    assert word_similarity(["a", "b"], ["b", "a"]) == 1.0
    assert word_similarity([], []) == 1.0
    assert word_similarity(["a", "a"], ["a"]) == pytest.approx(2 / 3)
    assert word_recall(["a", "b"], ["a", "c"]) == 0.5
    assert word_recall([], ["x"]) == 1.0
