"""Scoring a run from its captures: behaviour (did the app follow the video) and the summary."""

from __future__ import annotations

import pytest

from replicast.selfcheck.blocks import TextBlock
from replicast.selfcheck.browser import Capture
from replicast.selfcheck.report import StepReport, Summary
from replicast.selfcheck.scoring import StepInput, score_run
from replicast.selfcheck.steps import Geometry, plan_steps
from replicast.selfcheck.visual import Rgb
from tests.selfcheck.apps import tasks_spec
from tests.selfcheck.images import page

GEO = Geometry(width=640, height=360)
HOME = page()
SETTINGS = page(("Settings", "Reminders arrive every morning"), background=(255, 247, 237))
HOME_TEXT = (
    TextBlock("Harbor tasks", (40, 34, 171, 31), (17, 24, 39)),
    TextBlock("Two things left to do today", (40, 93, 186, 17), (55, 65, 81)),
    TextBlock("Water the plants", (40, 133, 116, 17), (31, 41, 55)),
    TextBlock("Open settings", (81, 213, 99, 17), (255, 255, 255)),
)
SETTINGS_TEXT = (
    TextBlock("Settings", (40, 34, 110, 31), (124, 45, 18)),
    TextBlock("Reminders arrive every morning at eight", (40, 103, 285, 17), (154, 52, 18)),
)


def run(shots: list[tuple[Rgb | None, tuple[TextBlock, ...]]]) -> tuple[list[StepReport], Summary]:
    """Score the tasks app's three steps (loaded, hover, click) with these screenshots and texts,
    against keyframes HOME, HOME, SETTINGS."""
    steps = plan_steps(tasks_spec())
    keyframes = [HOME, HOME, SETTINGS]
    items = [
        StepInput(
            step, kf, None, Capture(step.index, shot, blocks, None if shot is not None else "x"), None, None
        )
        for step, kf, (shot, blocks) in zip(steps, keyframes, shots, strict=True)
    ]
    return score_run(items, GEO)


def test_an_app_that_follows_the_video_scores_one() -> None:
    steps, summary = run([(HOME, HOME_TEXT), (HOME, HOME_TEXT), (SETTINGS, SETTINGS_TEXT)])

    assert summary.overall == pytest.approx(1.0, abs=0.01)
    assert (summary.change_f1, summary.text_toward, summary.behaviour) == (1.0, 1.0, 1.0)
    assert steps[0].behaviour is None
    assert steps[1].behaviour is not None and not steps[1].behaviour.video_changed
    assert steps[2].behaviour is not None and steps[2].behaviour.agrees


def test_an_app_that_stays_put_when_the_video_moves_on_fails_behaviour() -> None:
    steps, summary = run([(HOME, HOME_TEXT), (HOME, HOME_TEXT), (HOME, HOME_TEXT)])

    last = steps[2].behaviour
    assert last is not None and last.video_changed and not last.app_changed and not last.agrees
    assert last.text_toward == 0.0
    assert summary.change_f1 == 0.0 and summary.behaviour == 0.0
    assert steps[2].blocks is not None and steps[2].blocks.score < 0.2  # "Settings" ~ "Open settings"


def test_an_app_that_changes_when_the_video_does_not_is_a_false_change() -> None:
    steps, summary = run([(HOME, HOME_TEXT), (SETTINGS, SETTINGS_TEXT), (SETTINGS, SETTINGS_TEXT)])

    assert steps[1].behaviour is not None and steps[1].behaviour.app_changed
    assert not steps[1].behaviour.agrees
    assert summary.change_f1 == pytest.approx(0.0)  # the real change at step 2 was not the app's


def test_a_step_that_could_not_be_captured_scores_zero_and_says_why() -> None:
    steps, summary = run([(HOME, HOME_TEXT), (HOME, HOME_TEXT), (None, ())])

    assert steps[2].visual is not None and steps[2].visual.score == 0.0
    assert steps[2].score == 0.0 and steps[2].note == "x"
    assert summary.steps_with_problems == 1


def test_without_keyframes_the_pixels_are_not_scored() -> None:
    steps = plan_steps(tasks_spec())
    items = [StepInput(s, None, None, Capture(s.index, HOME, HOME_TEXT), None, None) for s in steps]

    _, summary = score_run(items, GEO)

    assert summary.visual is None and summary.ssim is None
    assert summary.fidelity == summary.blocks
