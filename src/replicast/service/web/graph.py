"""The screens-and-transitions graph as plain geometry for an inline SVG (no JavaScript, no library).

Screens are laid out in recording order on a grid of at most `columns` per row, snaking (odd rows
run right to left) so that consecutive screens are always neighbours; a screen that shows an earlier
one again (`same_as`) is drawn as that one. Each transition is an arrow from screen to screen,
labelled with the event that caused it: straight between neighbours, bent over the pictures between
two screens of one row, and bent to either side where two screens link both ways.

    graph = layout_graph(spec, columns=4)
    graph.width, graph.nodes[0].x, graph.edges[0].path    # "M 10 20 Q 40 0 70 20"
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from replicast.service.web.views import SpecView

NODE_W = 176
GAP_X = 88
GAP_Y = 64
CAPTION_H = 22
PAD = 44


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    x: float
    y: float
    w: float
    h: float
    """height of the picture (the caption goes below it)"""
    keyframe: str | None
    t: float


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    path: str
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Graph:
    width: float
    height: float
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def _clip(cx: float, cy: float, w: float, h: float, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from a box's centre toward a point leaves the box (a small margin outside)."""
    dx, dy = toward_x - cx, toward_y - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (w / 2 + 6) / abs(dx) if dx else math.inf,
        (h / 2 + 6) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


def layout_graph(spec: SpecView, columns: int = 4) -> Graph:
    """Geometry of the spec's screens and transitions."""
    canonical = {s.id: (s.same_as or s.id) for s in spec.screens}
    shown = [s for s in spec.screens if s.id and canonical[s.id] == s.id]
    if not shown:
        return Graph(0, 0, (), ())
    cols = max(1, min(columns, len(shown)))
    node_h = round(NODE_W * spec.height / max(1, spec.width))
    node_h = max(60, min(node_h, 200))
    cell_w, cell_h = NODE_W + GAP_X, node_h + CAPTION_H + GAP_Y
    nodes = []
    cells: dict[str, tuple[int, int]] = {}
    for i, screen in enumerate(shown):
        row, col = divmod(i, cols)
        if row % 2:  # a snake: odd rows run right to left, so the next screen is always a neighbour
            col = cols - 1 - col
        cells[screen.id] = (row, col)
        nodes.append(
            GraphNode(
                screen.id, PAD + col * cell_w, PAD + row * cell_h, NODE_W, node_h, screen.keyframe, screen.t
            )
        )
    by_id = {n.id: n for n in nodes}
    labels: dict[tuple[str, str], list[str]] = {}
    for tr in spec.transitions:
        pair = (canonical.get(tr.source, tr.source), canonical.get(tr.target, tr.target))
        if pair[0] not in by_id or pair[1] not in by_id:
            continue
        event = spec.events[tr.event] if tr.event is not None and tr.event < len(spec.events) else None
        words = labels.setdefault(pair, [])
        name = ("double click" if event.double else event.type) if event else "change"
        if name not in words:
            words.append(name)
    edges = []
    box_h = node_h + CAPTION_H  # a screen's picture with its caption
    for (source, target), words in labels.items():
        a, b = by_id[source], by_id[target]
        label = ", ".join(words)
        if source == target:  # a loop over the top of the screen
            x0, x1, y = a.x + a.w * 0.35, a.x + a.w * 0.65, a.y - 4
            path = (
                f"M {x0:.1f} {y:.1f} C {x0 - 10:.1f} {y - 40:.1f} {x1 + 10:.1f} {y - 40:.1f} {x1:.1f} {y:.1f}"
            )
            edges.append(GraphEdge(source, target, path, label, a.x + a.w / 2, y - 34))
            continue
        acx, acy = a.x + a.w / 2, a.y + box_h / 2
        bcx, bcy = b.x + b.w / 2, b.y + box_h / 2
        (ra, ca), (rb, cb) = cells[source], cells[target]
        adjacent = abs(ra - rb) + abs(ca - cb) == 1
        # how far the curve's middle stands off the straight line: none between neighbours (a little
        # when they link both ways, each on its side); over the pictures between two of the same row
        if adjacent:
            bend = 16.0 if (target, source) in labels else 0.0
        elif ra == rb:
            bend = box_h / 2 + 22
        else:
            bend = 40.0
        length = math.hypot(bcx - acx, bcy - acy) or 1.0
        nx, ny = (bcy - acy) / length, -(bcx - acx) / length  # unit normal, to the left of the direction
        mx, my = (acx + bcx) / 2 + nx * bend * 2, (acy + bcy) / 2 + ny * bend * 2
        sx, sy = _clip(acx, acy, a.w, box_h, mx, my)
        ex, ey = _clip(bcx, bcy, b.w, box_h, mx, my)
        path = f"M {sx:.1f} {sy:.1f} Q {mx:.1f} {my:.1f} {ex:.1f} {ey:.1f}"
        # the label sits on the curve's midpoint
        lx, ly = (sx + 2 * mx + ex) / 4, (sy + 2 * my + ey) / 4
        edges.append(GraphEdge(source, target, path, label, lx, ly))
    rows = math.ceil(len(nodes) / cols)
    width = PAD * 2 + cols * NODE_W + (cols - 1) * GAP_X
    height = PAD * 2 + rows * (node_h + CAPTION_H) + (rows - 1) * GAP_Y
    return Graph(width, height, tuple(nodes), tuple(edges))
