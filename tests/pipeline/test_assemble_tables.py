"""A table's grid in the spec: carried over from detection, and mapped to video px with its box."""

from __future__ import annotations

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.assemble import assemble, to_video_coordinates
from replicast.pipeline.behaviour import Behaviour
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.viewport import Viewport
from replicast.spec.models import TableLayout, VideoMeta
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, Span, TableGrid

GRID = TableGrid(
    rows=(Span(369, 33), Span(402, 33)),
    columns=(Span(16, 67), Span(83, 138)),
    header=Span(343, 26),
    row_rule="#a6a7aa",
)


def spec_of(table: DetectedElement) -> list[TableLayout | None]:
    state = ScreenState(
        index=0,
        spans=(0,),
        t_start=0.0,
        t_end=1.0,
        held_image=hold(np.zeros((720, 1280, 3), np.uint8)),
        held_luma=hold(np.zeros((720, 1280), np.uint8)),
        lines=(),
        elements=(table,),
        changed=(),
    )
    video = VideoMeta(width=2560, height=1600, fps=30, duration=1.0)
    spec = assemble(video, [state], Behaviour(events=(), changes=()))
    framed = to_video_coordinates(spec, Viewport(x=0, y=160, width=1280, height=720, scale=2.0))
    return [e.table for e in (spec.screens[0].elements[0], framed.screens[0].elements[0])]


def test_a_tables_grid_reaches_the_spec_and_scales_with_its_box_to_video_px() -> None:
    table = DetectedElement("table", Box(16, 343, 205, 92), table=GRID)

    seen, video = spec_of(table)

    assert seen == TableLayout(
        header=[343, 26], rows=[[369, 33], [402, 33]], columns=[[16, 67], [83, 138]], row_rule="#a6a7aa"
    )
    assert video == TableLayout(
        header=[846, 52], rows=[[898, 66], [964, 66]], columns=[[32, 134], [166, 276]], row_rule="#a6a7aa"
    )


def test_a_table_without_a_grid_has_none_in_the_spec() -> None:
    assert spec_of(DetectedElement("table", Box(16, 343, 205, 92))) == [None, None]
