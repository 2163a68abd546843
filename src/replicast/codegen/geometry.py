"""Video pixels → the CSS pixels of the recorded page, so the generated app is laid out like the page.

The spec's coordinates are video pixels; `AppSpec.viewport` says where the page lies in the video
(video px = (x, y) + scale · CSS px). Everything codegen writes (positions, sizes, font sizes, radii,
replayed pointer positions) is in CSS px, so the whole spec is mapped once, up front.

    page = css_spec(spec)          # same spec, coordinates in CSS px; page.video is the viewport size
"""

from __future__ import annotations

from replicast.spec.models import AppSpec, Element, Event, Viewport


def viewport_of(spec: AppSpec) -> Viewport:
    """The page viewport: the spec's, or the whole video at scale 1 for a recording of the page alone."""
    return spec.viewport or Viewport(x=0, y=0, width=spec.video.width, height=spec.video.height, scale=1.0)


def _element(e: Element, vp: Viewport) -> Element:
    x, y, w, h = e.bbox
    s = vp.scale
    x0, y0 = round((x - vp.x) / s), round((y - vp.y) / s)
    x1, y1 = round((x + w - vp.x) / s), round((y + h - vp.y) / s)
    table = e.table
    if table is not None:
        table = table.mapped(lambda v: round((v - vp.x) / s), lambda v: round((v - vp.y) / s))
    return e.model_copy(
        update={
            "bbox": [x0, y0, max(0, x1 - x0), max(0, y1 - y0)],
            "style": None if e.style is None else e.style.scaled(1 / s),
            "table": table,
        }
    )


def _event(e: Event, vp: Viewport) -> Event:
    s = vp.scale
    return e.model_copy(
        update={
            "x": None if e.x is None else round((e.x - vp.x) / s, 1),
            "y": None if e.y is None else round((e.y - vp.y) / s, 1),
            "dx": None if e.dx is None else round(e.dx / s, 1),
            "dy": None if e.dy is None else round(e.dy / s, 1),
        }
    )


def css_spec(spec: AppSpec) -> AppSpec:
    """`spec` with every coordinate in CSS px of the page, and `video` width/height the page viewport's.

    A spec without a viewport (or with the identity one) comes back equal to itself.
    """
    vp = viewport_of(spec)
    if (vp.x, vp.y, vp.scale) == (0, 0, 1.0) and (vp.width, vp.height) == (
        spec.video.width,
        spec.video.height,
    ):
        return spec
    screens = [
        s.model_copy(
            update={
                "elements": [_element(e, vp) for e in s.elements],
                "height": None if s.height is None else round(s.height / vp.scale),
                "width": None if s.width is None else round(s.width / vp.scale),
            }
        )
        for s in spec.screens
    ]
    return spec.model_copy(
        update={
            "video": spec.video.model_copy(update={"width": vp.width, "height": vp.height}),
            "viewport": Viewport(x=0, y=0, width=vp.width, height=vp.height, scale=1.0),
            "screens": screens,
            "events": [_event(e, vp) for e in spec.events],
        }
    )
