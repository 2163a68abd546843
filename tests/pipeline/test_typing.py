"""Typing read from generated recordings: one event per run of typing however the typist paused, the
text caret never read as a letter, and text typed on under a resting I-beam read whole.

Each script (tests/pipeline/scripts.py) is rendered at 640x360 with the pointer drawn, encoded (H.264)
and converted by the real pipeline (RapidOCR, the element detector). Without a pointer drawn, the few
letters typed after a pause can be taken for the pointer showing up: not covered here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import Script, SyntheticTruth, render_video
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.spec.models import AppSpec
from replicast.vision.detect import detect_elements
from replicast.vision.rapid import RapidOcrEngine
from tests.pipeline.scripts import hurried_sign_in_script, ibeam_script, paused_todo_script

WHEN_S = 0.5
CARETS = ("|", "I", "l")
"""what OCR reads a caret at the end of a line as."""

Converted = tuple[SyntheticTruth, AppSpec]


@pytest.fixture(scope="module")
def convert(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Callable[[], Script]], Converted]:
    """Render, encode and convert a script once for the whole module."""
    engines = Engines(RapidOcrEngine(), detect_elements)
    done: dict[str, Converted] = {}

    def run(make: Callable[[], Script]) -> Converted:
        if make.__name__ not in done:
            path: Path = tmp_path_factory.mktemp(make.__name__) / "v.mp4"
            truth = render_video(make(), path)
            with PyAvSource(path) as src:
                done[make.__name__] = (truth, run_pipeline(src, PipelineConfig(), engines).spec)
        return done[make.__name__]

    return run


def test_a_pause_in_the_middle_of_typing_leaves_one_type_event_with_the_whole_text(convert) -> None:
    truth, spec = convert(paused_todo_script)
    typed = [e for e in spec.events if e.type == "type"]
    assert [e.text for e in typed] == ["buy oat milk"], spec.events
    first = next(e for e in truth.events if e.type == "type")
    assert abs(typed[0].t - first.t) <= WHEN_S


def test_enter_after_a_paused_run_of_typing_is_the_key_that_adds_the_row(convert) -> None:
    truth, spec = convert(paused_todo_script)
    # nothing between the typing and Enter: no key at the pause, no click where Enter was pressed
    after = [e for e in spec.events if e.t > next(e.t for e in spec.events if e.type == "type")]
    assert [(e.type, e.text) for e in after] == [("key", "Enter")], spec.events
    want = next(e for e in truth.events if e.type == "key")
    assert abs(after[0].t - want.t) <= WHEN_S
    k = spec.events.index(after[0])
    r = next(t.response for t in spec.transitions if t.event == k)
    assert r is not None and (r.kind, r.texts) == ("list_add", ["buy oat milk"])


def test_the_caret_where_the_typist_paused_is_not_read_as_a_letter(convert) -> None:
    truth, spec = convert(paused_todo_script)
    resumed = [e for e in truth.events if e.type == "type"][1]  # the typing goes on after the pause
    shown = next(s for s in spec.screens if s.t_start <= resumed.t - 0.1 <= (s.t_end or s.t_start))
    lines = [(e.text or "").strip() for e in shown.elements]
    assert "buy oat" in lines, lines
    assert not any(t.endswith(CARETS) for t in lines if t.startswith("buy")), lines


def test_text_typed_on_under_a_resting_ibeam_is_read_whole(convert) -> None:
    truth, spec = convert(ibeam_script)
    want = next(e for e in truth.events if e.type == "type")
    typed = [e for e in spec.events if e.type == "type"]
    assert [e.text for e in typed] == [want.text] == ["ada.lovelace@example.com"]


def test_the_pointer_leaving_a_field_it_rested_on_while_typing_is_no_key(convert) -> None:
    # typed letters running on past the I-beam are no pointer motion: the pointer stays where it rested,
    # and its later move to the box is its own, not a page change after the typing (a key)
    truth, spec = convert(ibeam_script)
    assert not [e for e in spec.events if e.type == "key"], spec.events
    want = [e for e in truth.events if e.type == "click"][-1]
    clicks = [e for e in spec.events if e.type == "click" and abs(e.t - want.t) <= WHEN_S]
    assert clicks, spec.events
    assert clicks[0].x is not None and clicks[0].y is not None
    assert abs(clicks[0].x - want.x) <= 24 and abs(clicks[0].y - want.y) <= 24


def test_typing_then_going_straight_on_to_a_button_is_a_click_the_typing_and_a_click(convert) -> None:
    # the page holds still after the last key only while the pointer moves on to Continue: the
    # filled-in form is a screen of its own between the typing and the new page
    truth, spec = convert(hurried_sign_in_script)
    want = [e for e in truth.events if e.type in ("click", "type")]
    got = [e for e in spec.events if e.type != "hover"]
    assert [(e.type, e.text) for e in got] == [(e.type, e.text) for e in want], spec.events
    for g, w in zip(got, want, strict=True):
        assert abs(g.t - w.t) <= WHEN_S, (g, w)
    typed = spec.events.index(got[1])
    filled = next(t.to for t in spec.transitions if t.event == typed)
    clicked = next(t for t in spec.transitions if t.event == spec.events.index(got[2]))
    assert clicked.from_ == filled and clicked.to != filled, spec.transitions
