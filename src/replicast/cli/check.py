"""The self-check on the command line: the line `convert --check` prints, and the score table of `eval`.

print_check(out, err, result, Path("out"))     # "self-check: overall 0.81 ... → out/report.html"
out.print(scores_table(rows))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from replicast.jobs.convert import ConvertResult
from replicast.selfcheck import REPORT_HTML, Summary

_GOOD, _FAIR = 0.8, 0.5


def _styled(value: float | None) -> str:
    if value is None:
        return "[dim]–[/]"
    style = "green" if value >= _GOOD else "yellow" if value >= _FAIR else "red"
    return f"[{style}]{value:.2f}[/]"


def print_check(out: Console, err: Console, result: ConvertResult, out_dir: Path) -> None:
    """One line: the self-check's overall scores and where the report is, or why it was skipped."""
    if result.check_skipped is not None:
        err.print(f"[yellow]self-check skipped:[/] {escape(result.check_skipped)}", soft_wrap=True)
        return
    if result.check is None:
        return
    s = result.check.summary
    out.print(
        f"self-check: overall {_styled(s.overall)} (pixels {_styled(s.visual)}, text blocks "
        f"{_styled(s.blocks)}, behaviour {_styled(s.behaviour)}) over {s.steps} steps in "
        f"{result.check.took_s:.1f} s → {escape(str(out_dir / REPORT_HTML))}",
        soft_wrap=True,
    )


def print_refine(out: Console, err: Console, result: ConvertResult) -> None:
    """One line: whether the model's refinement was kept, why, and what it cost."""
    r = result.refine
    if r is None:
        return
    u = r.usage
    cost = (
        f"{u.requests} requests, {u.cache_hits} cached, {u.input_tokens}+{u.output_tokens} tokens, "
        f"cost {u.cost:.4f}"
    )
    if r.kept:
        out.print(f"refinement kept ({len(r.files)} files): {escape(r.reason)} [{cost}]", soft_wrap=True)
    else:
        err.print(f"[yellow]refinement not kept:[/] {escape(r.reason)} [{cost}]", soft_wrap=True)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    case: str
    summary: Summary | None
    screens: int | None
    events: int | None
    took_s: float
    detail: str
    """the report's path, or what went wrong"""


def scores_table(rows: Sequence[ScoreRow], title: str = "self-check") -> Table:
    table = Table(
        title=title,
        title_justify="left",
        header_style="bold",
        caption="* against a blank page in the video's main colour (0) and the video itself (1)",
        caption_justify="left",
    )
    table.add_column("case", no_wrap=True)
    for name in ("screens", "events", "steps"):
        table.add_column(name, justify="right")
    # SSIM and colours as the report's "vs blank": rescaled so a blank page in the main colour is 0
    for name in ("pixels", "SSIM*", "colours*", "blocks", "text", "position", "behaviour", "overall"):
        table.add_column(name, justify="right")
    table.add_column("time", justify="right")
    table.add_column("report / error", overflow="fold")
    for r in rows:
        s = r.summary
        counts = [str(v) if v is not None else "–" for v in (r.screens, r.events, s.steps if s else None)]
        if s is None:
            scores = ["[dim]–[/]"] * 8
        else:
            scores = [
                _styled(v)
                for v in (
                    s.visual,
                    s.ssim_norm,
                    s.colour_norm,
                    s.blocks,
                    s.text,
                    s.position,
                    s.behaviour,
                    s.overall,
                )
            ]
        detail = escape(r.detail) if s is not None else f"[red]{escape(r.detail)}[/]"
        table.add_row(escape(r.case), *counts, *scores, f"{r.took_s:.0f} s", detail)
    return table
