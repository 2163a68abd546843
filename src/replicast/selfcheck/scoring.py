"""Score each replayed step against the video, and the whole run.

Per step: pixels (`visual`), text blocks (`blocks`), the share of the screen's words the app shows, and,
from the second step on, behaviour: the video changed between two steps when they show different
screens whose keyframes (or words) differ; the app changed when its screenshot or its text did. Over
the run these agree as an F1, and where the video's words changed, `text_toward` says how much of that
change the app's words made too. Pure.

    steps, summary = score_run(plan, keyframes, captures, geo)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from replicast.selfcheck.blocks import (
    TextBlock,
    compare_blocks,
    keyframe_blocks,
    word_recall,
    word_similarity,
    words,
)
from replicast.selfcheck.browser import Capture
from replicast.selfcheck.report import BehaviourScore, BlockScore, StepReport, Summary, VisualScore
from replicast.selfcheck.steps import Geometry, Step, describe
from replicast.selfcheck.visual import Rgb, changed, visual_scores

_ARRIVED = 0.9
"""the app's words are this close to the new screen's: it got there, however it started"""


@dataclass(frozen=True, slots=True)
class StepInput:
    step: Step
    keyframe: Rgb | None
    keyframe_path: str | None
    capture: Capture
    screenshot_path: str | None
    diff_share: float | None


def _mean(xs: Sequence[float | None], default: float = 0.0) -> float:
    vals = [x for x in xs if x is not None]
    return sum(vals) / len(vals) if vals else default


def _text_words(blocks: Sequence[TextBlock]) -> list[str]:
    return [w for b in blocks for w in words(b.text)]


def _visual(keyframe: Rgb | None, capture: Capture) -> VisualScore | None:
    if keyframe is None:
        return None
    if capture.screenshot is None:
        return VisualScore(ssim=0.0, ssim_norm=0.0, colour=0.0, colour_norm=0.0, score=0.0)
    v = visual_scores(keyframe, capture.screenshot)
    return VisualScore(
        ssim=v.ssim, ssim_norm=v.ssim_norm, colour=v.colour, colour_norm=v.colour_norm, score=v.score
    )


def _blocks(step: Step, capture: Capture, geo: Geometry) -> BlockScore | None:
    if step.screen is None:
        return None
    width, height = geo.video_size
    b = compare_blocks(keyframe_blocks(step.screen), list(capture.blocks), width, height)
    return BlockScore(
        block_match=b.block_match,
        text=b.text,
        position=b.position,
        colour=b.colour,
        score=b.score,
        matched=b.matched,
        keyframe_blocks=b.keyframe_blocks,
        app_blocks=b.app_blocks,
    )


def _behaviour(prev: StepInput, cur: StepInput) -> BehaviourScore:
    old_words = _text_words(keyframe_blocks(prev.step.screen))
    new_words = _text_words(keyframe_blocks(cur.step.screen))
    same_screen = (prev.step.screen and prev.step.screen.id) == (cur.step.screen and cur.step.screen.id)
    if same_screen:
        video_changed = False
    elif prev.keyframe is not None and cur.keyframe is not None:
        video_changed = changed(prev.keyframe, cur.keyframe) or sorted(old_words) != sorted(new_words)
    else:
        video_changed = True
    a, b = prev.capture, cur.capture
    app_before, app_now = _text_words(a.blocks), _text_words(b.blocks)
    if a.screenshot is None or b.screenshot is None:
        app_changed = False
    else:
        app_changed = changed(a.screenshot, b.screenshot) or app_before != app_now
    toward = None
    if video_changed and sorted(old_words) != sorted(new_words):
        reached = word_similarity(app_now, new_words)
        if b.screenshot is None:
            toward = 0.0
        elif reached >= _ARRIVED:
            toward = 1.0
        else:
            video_gain = 1 - word_similarity(old_words, new_words)
            app_gain = reached - word_similarity(app_before, new_words)
            toward = max(0.0, min(1.0, app_gain / video_gain)) if video_gain > 0 else 0.0
    return BehaviourScore(
        video_changed=video_changed,
        app_changed=app_changed,
        agrees=video_changed == app_changed,
        text_toward=toward,
    )


def score_step(item: StepInput, prev: StepInput | None, geo: Geometry) -> StepReport:
    step, capture = item.step, item.capture
    visual = _visual(item.keyframe, capture)
    blocks = _blocks(step, capture, geo)
    expected = _text_words(keyframe_blocks(step.screen))
    return StepReport(
        index=step.index,
        t=step.t,
        event_index=step.event_index,
        event=step.event,
        action=describe(step.event),
        screen=step.screen.id if step.screen is not None else None,
        keyframe=item.keyframe_path,
        screenshot=item.screenshot_path,
        visual=visual,
        blocks=blocks,
        word_recall=word_recall(expected, _text_words(capture.blocks))
        if capture.screenshot is not None
        else 0,
        behaviour=_behaviour(prev, item) if prev is not None else None,
        diff_share=item.diff_share,
        score=_mean([visual.score if visual else None, blocks.score if blocks else None]),
        note=capture.error,
    )


def summarise(steps: Sequence[StepReport]) -> Summary:
    vis = [s.visual for s in steps if s.visual is not None]
    blk = [s.blocks for s in steps if s.blocks is not None]
    beh = [s.behaviour for s in steps if s.behaviour is not None]
    tp = sum(1 for b in beh if b.video_changed and b.app_changed)
    fp = sum(1 for b in beh if b.app_changed and not b.video_changed)
    fn = sum(1 for b in beh if b.video_changed and not b.app_changed)
    change_f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    toward = [b.text_toward for b in beh if b.text_toward is not None]
    text_toward = _mean(toward) if toward else None
    visual = _mean([v.score for v in vis]) if vis else None
    blocks = _mean([b.score for b in blk]) if blk else None
    fidelity = _mean([visual, blocks])
    behaviour = _mean([change_f1, text_toward])
    colours = [b.colour for b in blk if b.colour is not None]

    def over(values: list[float]) -> float | None:
        return _mean(values) if values else None

    return Summary(
        overall=_mean([fidelity, behaviour]),
        fidelity=fidelity,
        visual=visual,
        ssim=over([v.ssim for v in vis]),
        ssim_norm=over([v.ssim_norm for v in vis]),
        colour=over([v.colour for v in vis]),
        colour_norm=over([v.colour_norm for v in vis]),
        blocks=blocks,
        block_match=over([b.block_match for b in blk]),
        text=over([b.text for b in blk]),
        position=over([b.position for b in blk]),
        text_colour=over(colours),
        word_recall=_mean([s.word_recall for s in steps]),
        behaviour=behaviour,
        change_f1=change_f1,
        text_toward=text_toward,
        steps=len(steps),
        steps_with_problems=sum(1 for s in steps if s.note is not None),
    )


def score_run(items: Sequence[StepInput], geo: Geometry) -> tuple[list[StepReport], Summary]:
    reports = [score_step(item, items[k - 1] if k else None, geo) for k, item in enumerate(items)]
    return reports, summarise(reports)
