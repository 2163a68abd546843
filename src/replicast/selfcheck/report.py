"""The self-check's result, as `OUT/report.json` and as the service serves it.

Every score is 0..1, higher is better. `summary` holds the means the report page shows at its top;
`steps` one entry per replayed step (the page as loaded, then after each event).

    report = CheckReport.model_validate_json((out / "report.json").read_text())
    report.summary.overall, report.steps[2].visual.ssim
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from replicast.spec.models import Event

REPORT_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VisualScore(_Model):
    """Pixels: the app's screenshot against the video's keyframe."""

    ssim: float
    ssim_norm: float = Field(description="SSIM rescaled so a flat page in the keyframe's main colour is 0")
    colour: float = Field(
        description="colour-histogram similarity: 1 - earth mover's distance in CIELAB (ΔE, 3 forgiven) / 60"
    )
    colour_norm: float = Field(description="colour rescaled like ssim_norm")
    score: float = Field(description="mean of ssim_norm and colour_norm")


class BlockScore(_Model):
    """Design2Code-style text blocks: the spec's text on the keyframe against the app's DOM text."""

    block_match: float = Field(description="characters in matched blocks / all characters, both sides")
    text: float = Field(description="mean text similarity of matched blocks")
    position: float = Field(description="1 - the larger centre offset over the viewport size")
    colour: float | None = Field(description="1 - CIEDE2000 / 100 of text colours; None: no colours known")
    score: float = Field(description="block_match x mean(text, position, colour)")
    matched: int
    keyframe_blocks: int
    app_blocks: int


class BehaviourScore(_Model):
    """Did the app change when the video did, and did its text move toward the new screen's?"""

    video_changed: bool
    app_changed: bool
    agrees: bool
    text_toward: float | None = Field(
        description="share of the video's text change the app made too; None when the video's text "
        "did not change"
    )


class StepReport(_Model):
    index: int
    t: float = Field(description="video time of the event (0 for the page as loaded)")
    event_index: int | None = Field(description="index into the spec's events; None for the page as loaded")
    event: Event | None
    action: str = Field(description="the event, in words")
    screen: str | None = Field(description="id of the spec screen the video showed after the event")
    keyframe: str | None = Field(description="that screen's keyframe, relative to OUT")
    screenshot: str | None = Field(description="the app's screenshot, relative to OUT")
    visual: VisualScore | None
    blocks: BlockScore | None
    word_recall: float = Field(description="share of the screen's words the app shows")
    behaviour: BehaviourScore | None = Field(description="None for the first step")
    diff_share: float | None = Field(description="share of the picture that differs visibly")
    score: float = Field(description="mean of visual and blocks")
    note: str | None = Field(description="what went wrong replaying or capturing this step")


class Summary(_Model):
    overall: float = Field(description="mean of fidelity and behaviour")
    fidelity: float = Field(description="mean of visual and blocks")
    visual: float | None = Field(description="mean step visual score; None: no keyframes to compare with")
    ssim: float | None
    ssim_norm: float | None
    colour: float | None
    colour_norm: float | None
    blocks: float | None = Field(description="mean step blocks score; None: no spec screens")
    block_match: float | None
    text: float | None
    position: float | None
    text_colour: float | None
    word_recall: float
    behaviour: float = Field(description="mean of change_f1 and text_toward")
    change_f1: float = Field(description="F1 of 'the app changed' against 'the video changed'")
    text_toward: float | None
    steps: int
    steps_with_problems: int


class Refinement(_Model):
    """What the optional model refinement did to the app this report checks (`replicast.refine`)."""

    kept: bool = Field(description="the model's edits are in the app (else it is the deterministic one)")
    reason: str = Field(description="why the edits were kept or discarded (or never made)")
    model: str
    files: list[str] = Field(description="files the model changed (kept or not)")
    notes: str = Field("", description="the model's own account of its edits (untrusted text)")
    baseline_overall: float | None = Field(description="self-check overall of the deterministic app")
    refined_overall: float | None = Field(description="self-check overall of the refined app")
    requests: int = Field(description="requests sent to the model endpoint, retries included")
    cache_hits: int
    input_tokens: int
    output_tokens: int
    cost: float = Field(description="in the currency of the configured prices")
    seconds: float


class CheckReport(_Model):
    version: Literal["1"] = REPORT_VERSION
    created: str = Field(description="ISO 8601 time of the check")
    viewport: tuple[int, int, float] = Field(description="CSS width, height and device scale factor")
    chromium: str
    took_s: float
    summary: Summary
    steps: list[StepReport]
    refinement: Refinement | None = Field(None, description="set when `--refine` asked a model")


def write_report_json(report: CheckReport, path: Path) -> None:
    path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
