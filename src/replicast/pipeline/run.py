"""Wire the stages: a video file in, an AppSpec and its keyframes out.

result = run_pipeline(source, PipelineConfig(), engines, on_progress=print)
write_outputs(result, Path("out"))
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from replicast.media.base import Rgb, VideoInfo, VideoSource
from replicast.media.crop import CroppedSource
from replicast.media.held import Held
from replicast.pipeline.animation import freeze_animations
from replicast.pipeline.assemble import assemble, to_video_coordinates
from replicast.pipeline.behaviour import Behaviour, infer_events
from replicast.pipeline.entities import infer_entities
from replicast.pipeline.fields import keep_seen_fields, keep_typed_fields
from replicast.pipeline.identity import identify_screens
from replicast.pipeline.pages import scrolled_pages
from replicast.pipeline.parse import Engines, ParseConfig, ScreenState, parse_states
from replicast.pipeline.pauses import track_with_pauses
from replicast.pipeline.pointer import PointerTrack
from replicast.pipeline.responses import read_responses, typed_into_editors
from replicast.pipeline.segment import SegmentConfig, Timeline, segment
from replicast.pipeline.toggles import checkboxes_from_toggles
from replicast.pipeline.viewport import Viewport, detect_viewport, first_lumas
from replicast.spec.models import AppSpec, VideoMeta
from replicast.vision.base import Box
from replicast.vision.page import PagePaint, page_paint

STAGES = ("decode", "parse", "behaviour", "assemble")


@dataclass(frozen=True, slots=True)
class Progress:
    stage: str
    done: float
    total: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    parse: ParseConfig = field(default_factory=ParseConfig)


@dataclass(frozen=True, slots=True)
class PipelineResult:
    spec: AppSpec
    keyframes: tuple[Held, ...] = field(repr=False)
    """one image per screen, in spec order: the page only, in its CSS pixels (held: a long recording
    has thousands)."""
    viewport: Viewport | None = None
    """where the page is in the video (None: the whole frame at 1x)."""
    pages: tuple[Held, ...] = field(default=(), repr=False)
    """one stitched image per scrolled page, in spec order, in the page's CSS pixels."""

    def assets(self) -> dict[str, bytes]:
        """PNG crops of the image and icon elements, keyed by their `Element.asset` path: only what
        the recording showed as a picture, never a region of text or controls."""
        out: dict[str, bytes] = {}
        shown = [*(s.elements for s in self.spec.screens), *(p.elements for p in self.spec.pages)]
        for elements, image in zip(shown, self.images(), strict=True):
            for e in elements:
                if e.asset is None:
                    continue
                box = Box(*e.bbox)
                x, y, w, h = (self.viewport.box_to_page(box) if self.viewport else box).as_list()
                crop = image[max(0, y) : y + h, max(0, x) : x + w]
                if crop.size == 0:
                    continue
                buf = io.BytesIO()
                Image.fromarray(crop).save(buf, format="PNG", optimize=True)
                out[e.asset] = buf.getvalue()
        return out

    def images(self) -> Iterator[Rgb]:
        """Each screen's keyframe, then each scrolled page's image, one at a time."""
        yield from (k.array() for k in self.keyframes)
        yield from (p.array() for p in self.pages)


def _ignore(_: Progress) -> None:
    return None


def run_pipeline(
    source: VideoSource,
    cfg: PipelineConfig,
    engines: Engines,
    on_progress: Callable[[Progress], None] = _ignore,
) -> PipelineResult:
    """Understand one recording. Raises VideoDecodeError (from the source) and EngineError."""
    info = source.info
    total = max(info.duration, 0.001)

    def on_time(t: float) -> None:
        on_progress(Progress("decode", min(t, total), total))

    # browser chrome, a desktop or letterbox bars around the page are cut off; a 2x page is shrunk
    vp = detect_viewport(first_lumas(source))
    whole = vp.is_whole(info)
    page: VideoSource = source if whole else CroppedSource(source, vp.crop)
    width, height = page.info.width, page.info.height
    timeline = segment(freeze_animations(page.frames()), cfg.segment, width, height, on_time)
    on_progress(Progress("decode", total, total, f"{len(timeline.spans)} stable spans"))
    timeline, track = track_with_pauses(timeline, page, cfg.segment.settle_s)
    states = parse_states(
        timeline,
        track,
        engines,
        cfg.parse,
        lambda done, n: on_progress(Progress("parse", done, n, f"{n} screens")),
    )
    states = keep_seen_fields(states)
    # a state shown again (back to a page, a dialog closed) is the earlier screen, not a new one
    revisits = identify_screens((s.luma for s in states), [_passing(timeline, track, s) for s in states])
    behaviour = infer_events(timeline, track, states)
    states, behaviour = keep_typed_fields(states, behaviour)
    on_progress(Progress("behaviour", 1, 1, f"{len(behaviour.events)} events"))
    pages = scrolled_pages(states, behaviour, engines)
    images = [f"keyframes/{i + 1:03d}.png" for i in range(len(states))]
    backgrounds = [_background(s) for s in states]
    responses = read_responses(states, behaviour)
    behaviour = typed_into_editors(behaviour, responses)
    states = checkboxes_from_toggles(states, behaviour, responses)
    entities = infer_entities(states, behaviour, responses)
    spec = assemble(
        _meta(info, timeline.duration),
        states,
        behaviour,
        images,
        backgrounds,
        entities,
        responses,
        revisits.revisits(),
        pages,
        [f"pages/{p.index + 1:03d}.png" for p in pages],
    )
    spec = to_video_coordinates(spec, vp)
    on_progress(Progress("assemble", 1, 1))
    return PipelineResult(
        spec, tuple(s.held_image for s in states), None if whole else vp, tuple(p.held_image for p in pages)
    )


def write_keyframes(result: PipelineResult, out_dir: Path) -> None:
    """Save each screen's keyframe and each scrolled page's image where the spec says they are."""
    shown = [*(s.image for s in result.spec.screens), *(p.image for p in result.spec.pages)]
    for rel, image in zip(shown, result.images(), strict=True):
        if rel is None:
            continue
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image).save(path, optimize=False, compress_level=3)


def _meta(info: VideoInfo, decoded: float) -> VideoMeta:
    duration = info.duration if info.duration > 0 else decoded
    return VideoMeta(
        width=info.width,
        height=info.height,
        fps=info.fps if info.fps > 0 else 30.0,
        duration=round(duration, 3),
        codec=info.codec,
        container=info.container,
    )


def _passing(timeline: Timeline, track: PointerTrack, state: ScreenState) -> list[Box]:
    """What comes and goes over a state without changing it: the pointer wherever it rested during
    the state (before it first moved: where its first move began), and the text caret."""
    rests = [b for i in state.spans if (b := track.at(i)) is not None]
    carets = [c.box for c in timeline.carets if state.t_start - 1.0 <= c.t <= state.t_end + 1.0]
    return [*rests, *carets]


def _background(state: ScreenState) -> PagePaint:
    """The page's paint: what none of the screen's elements covers."""
    return page_paint(state.image, [e.box for e in state.elements])


def summarise(behaviour: Behaviour) -> str:
    kinds: dict[str, int] = {}
    for e in behaviour.events:
        kind = "double click" if e.type == "click" and e.count > 1 else e.type
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no events"
