"""What the self-check replays: the recording's geometry and one step per recorded event.

A step is "do this event, then look": step 0 is the page as loaded (no event), step k the page after
event k-1. Each step is compared with the screen the video showed at that moment, which is the latest
spec screen whose keyframe was taken before the next event (the video's state just before the next
action). Pure: reads nothing.

    geo = Geometry.of(spec)
    for step in plan_steps(spec):
        step.event, step.screen, geo.to_css(step.event.x, step.event.y)
"""

from __future__ import annotations

from dataclasses import dataclass

from replicast.spec.models import AppSpec, Event, Screen

# a keyframe taken within this many seconds before the next event still shows the state before it
_BEFORE_NEXT_S = 0.02


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where the page's viewport lies in the video: video px = (x, y) + scale * CSS px."""

    width: int
    """viewport width in CSS px"""
    height: int
    x: int = 0
    y: int = 0
    scale: float = 1.0

    @classmethod
    def of(cls, spec: AppSpec) -> Geometry:
        """spec.viewport when the spec has one, else the whole video at scale 1."""
        vp = spec.viewport
        if vp is None:
            return cls(width=spec.video.width, height=spec.video.height)
        return cls(width=vp.width, height=vp.height, x=vp.x, y=vp.y, scale=vp.scale)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The viewport region of a video frame, (x0, y0, x1, y1) in video px."""
        return (
            self.x,
            self.y,
            self.x + round(self.width * self.scale),
            self.y + round(self.height * self.scale),
        )

    @property
    def video_size(self) -> tuple[int, int]:
        """(width, height) of the viewport region in video px, the size screenshots are taken at."""
        x0, y0, x1, y1 = self.box
        return x1 - x0, y1 - y0

    def to_css(self, x: float, y: float) -> tuple[float, float]:
        """Video px → CSS px of the replayed viewport."""
        return (x - self.x) / self.scale, (y - self.y) / self.scale

    def to_video(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A CSS-px box [x, y, w, h] of the page → video px."""
        s = self.scale
        return self.x + bbox[0] * s, self.y + bbox[1] * s, bbox[2] * s, bbox[3] * s


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    event_index: int | None
    """index into spec.events of the event replayed before looking; None for the page as loaded"""
    event: Event | None
    screen: Screen | None
    """the screen the video showed at this step; None when no screen was recorded before it"""
    t: float
    """video time of the look: the event's time (0 for the page as loaded)"""
    t_next: float
    """video time of the next event (or the end of the video): how long the state lasted"""


def screen_at(screens: list[Screen], t_next: float) -> Screen | None:
    """The latest screen whose keyframe was taken before `t_next`."""
    before = [s for s in screens if s.t < t_next - _BEFORE_NEXT_S]
    if not before:
        before = [s for s in screens if s.t <= t_next]
    return max(before, key=lambda s: s.t) if before else None


def plan_steps(spec: AppSpec) -> tuple[Step, ...]:
    """One step for the page as loaded and one after each event, in time order."""
    order = sorted(range(len(spec.events)), key=lambda i: (spec.events[i].t, i))
    end = max(spec.video.duration, *(s.t for s in spec.screens), 0.0) + 1.0
    times = [spec.events[i].t for i in order] + [end]
    steps = [Step(0, None, None, screen_at(spec.screens, times[0]), 0.0, times[0])]
    for k, i in enumerate(order):
        event = spec.events[i]
        steps.append(Step(k + 1, i, event, screen_at(spec.screens, times[k + 1]), event.t, times[k + 1]))
    return tuple(steps)


def describe(event: Event | None) -> str:
    """A short human label for an event: `click (642, 176)`, `type "Read chapter 4"`, `key Enter`."""
    if event is None:
        return "page loaded"
    where = f" ({event.x:.0f}, {event.y:.0f})" if event.x is not None and event.y is not None else ""
    if event.type == "type":
        text = event.text or ""
        return f'type "{text[:40]}{"…" if len(text) > 40 else ""}"'
    if event.type == "key":
        return f"key {event.text or '?'}"
    if event.type == "scroll":
        moves = [f"{v:+.0f} px{way}" for v, way in ((event.dy, ""), (event.dx, " sideways")) if v]
        return f"scroll {', '.join(moves) or '+0 px'}{where}"
    if event.type == "navigate":
        return f"navigate {event.text or ''}".rstrip()
    if event.type == "drag":
        return f"drag{where} by ({event.dx or 0:+.0f}, {event.dy or 0:+.0f})"
    if event.type == "click" and event.count > 1:
        return f"{'double click' if event.count == 2 else f'click ×{event.count}'}{where}"
    return f"{event.type}{where}"
