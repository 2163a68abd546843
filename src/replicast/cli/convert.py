"""The `convert` job: probe, understand, write the spec and the project, optionally build it.

Shared by the CLI and (later) the service's workers; it reads no environment.

    result = convert(ConvertOptions(video=Path("rec.mp4"), out_dir=Path("out")))
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from replicast.codegen import build_project, generate_project
from replicast.errors import InputError, VideoNotFoundError
from replicast.media.limits import VideoLimits
from replicast.media.pyav import PyAvSource
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import STAGES, PipelineConfig, PipelineResult, run_pipeline, write_keyframes
from replicast.pipeline.run import Progress as StageProgress
from replicast.spec import AppSpec, write_spec
from replicast.vision.detect import detect_elements
from replicast.vision.rapid import RapidOcrEngine

OURS = (
    "replicast.json",
    "keyframes",
    "package.json",
    "package-lock.json",
    "node_modules",
    "dist",
    "src",
    "public",
    "index.html",
    "tests",
    "supabase",
    "README.md",
)


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    video: Path
    out_dir: Path
    build: bool = False
    force: bool = False
    ocr_threads: int | None = None
    ocr_provider: Literal["cpu", "cuda"] = "cpu"
    max_bytes: int = VideoLimits().max_bytes
    max_duration_s: float = VideoLimits().max_duration_s
    max_side: int = VideoLimits().max_width
    max_fps: float = VideoLimits().max_fps


@dataclass(frozen=True, slots=True)
class ConvertResult:
    spec: AppSpec
    built: bool


def convert(opts: ConvertOptions, console: Console | None = None) -> ConvertResult:
    """Run the whole job. Raises InputError for a bad video or OUT, EngineError, BuildError."""
    if not opts.video.exists():
        raise VideoNotFoundError(f"{opts.video}: no such file")
    if not opts.video.is_file():
        raise VideoNotFoundError(f"{opts.video}: not a file")
    _check_out_dir(opts.out_dir, opts.force)
    limits = VideoLimits(
        max_bytes=opts.max_bytes,
        max_duration_s=opts.max_duration_s,
        max_width=opts.max_side,
        max_height=opts.max_side,
        max_fps=opts.max_fps,
    )
    # probe first: a bad video fails with its reason before any progress is drawn
    with PyAvSource(opts.video, limits) as source, _Bars(console) as bars:
        engines = Engines(RapidOcrEngine(opts.ocr_provider, threads=opts.ocr_threads), detect_elements)
        result = run_pipeline(source, PipelineConfig(), engines, bars.update)
        opts.out_dir.mkdir(parents=True, exist_ok=True)
        write_spec(result.spec, opts.out_dir / "replicast.json")
        write_keyframes(result, opts.out_dir)
        generate_project(result.spec, opts.out_dir, _assets(result))
        bars.update(StageProgress("codegen", 1, 1))
        if opts.build:
            build_project(opts.out_dir)
            bars.update(StageProgress("build", 1, 1))
    return ConvertResult(result.spec, opts.build)


def _assets(result: PipelineResult) -> dict[str, bytes]:
    del result
    return {}


def _check_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    if not out_dir.exists() or force:
        return
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in OURS and not p.name.startswith("."))
    has_spec = (out_dir / "replicast.json").exists()
    if foreign and not has_spec:
        raise InputError(
            f"{out_dir}: not empty and not an earlier replicast output ({', '.join(foreign[:3])}...); "
            "pass --force to write into it"
        )
    # an earlier output: clear what codegen writes anew, keep node_modules for a fast rebuild
    for name in ("src", "keyframes", "dist", "public", "tests", "supabase"):
        shutil.rmtree(out_dir / name, ignore_errors=True)


class _Bars:
    """One rich progress bar per stage, on stderr; silent without a console."""

    def __init__(self, console: Console | None) -> None:
        self._progress = (
            Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            )
            if console is not None
            else None
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Bars:
        if self._progress is not None:
            self._progress.start()
            for stage in (*STAGES, "codegen"):
                self._tasks[stage] = self._progress.add_task(stage, total=1.0, note="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, p: StageProgress) -> None:
        if self._progress is None:
            return
        if p.stage not in self._tasks:
            self._tasks[p.stage] = self._progress.add_task(p.stage, total=1.0, note="")
        self._progress.update(self._tasks[p.stage], total=max(p.total, 1e-9), completed=p.done, note=p.note)
