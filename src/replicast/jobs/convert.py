"""The `convert` job: probe, understand, write the spec and the project, optionally build and check it.

Shared by the CLI and the service's workers; it reads no environment. Progress goes to a callback.

    result = convert(ConvertOptions(video=Path("rec.mp4"), out_dir=Path("out")), on_progress=print)
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from replicast.codegen import build_project, generate_project
from replicast.errors import CheckUnavailableError, InputError, VideoNotFoundError
from replicast.media.limits import VideoLimits
from replicast.media.pyav import PyAvSource
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, Progress, run_pipeline, write_keyframes
from replicast.refine.provider import ProviderConfig
from replicast.refine.refine import REFINE_JSON, RefineOutcome
from replicast.selfcheck import REPORT_HTML, REPORT_JSON, SHOTS_DIR, BrowserConfig, CheckOptions, CheckReport
from replicast.selfcheck import run_check as run_self_check
from replicast.spec import AppSpec, write_spec
from replicast.storage import ObjectStore
from replicast.vision.detect import detect_elements
from replicast.vision.rapid import RapidOcrEngine

OURS = (
    "replicast.json",
    "keyframes",
    "assets",
    "lint",
    "tsconfig.json",
    "vite.config.ts",
    "playwright.config.ts",
    "eslint.config.js",
    ".prettierrc.json",
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
    REPORT_HTML,
    REPORT_JSON,
    REFINE_JSON,
    ".refine",
    SHOTS_DIR,
)


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    video: Path
    out_dir: Path
    build: bool = False
    check: bool = False
    """also run the self-check (implies build); skipped, with a reason, when Chromium is missing"""
    chromium: Path | None = None
    """Chromium for the self-check; None: /usr/bin/chromium, else chromium on PATH"""
    force: bool = False
    ocr_threads: int | None = None
    ocr_provider: Literal["cpu", "cuda"] = "cpu"
    ocr_int8: bool = False
    """recognise with the int8-quantized model (see vision/quantize.py)"""
    ocr_int8_detector: bool = False
    """find text lines with the int8-quantized detection model (see vision/quantize.py)"""
    max_bytes: int = VideoLimits().max_bytes
    max_duration_s: float = VideoLimits().max_duration_s
    max_side: int = VideoLimits().max_width
    max_fps: float = VideoLimits().max_fps
    refine: RefineSetup | None = None
    """ask a model to improve the app (implies check); kept only if it passes the guard rails"""


@dataclass(frozen=True, slots=True)
class RefineSetup:
    """The model `--refine` talks to, and where its answers are cached."""

    provider: ProviderConfig
    cache: ObjectStore | None = None
    max_images: int = 6


@dataclass(frozen=True, slots=True)
class ConvertResult:
    spec: AppSpec
    built: bool
    check: CheckReport | None = None
    check_skipped: str | None = None
    """why the self-check did not run (no Chromium or Playwright), when it was asked for"""
    refine: RefineOutcome | None = None


def _ignore(_: Progress) -> None:
    return None


def convert(opts: ConvertOptions, on_progress: Callable[[Progress], None] = _ignore) -> ConvertResult:
    """Run the whole job. Raises InputError for a bad video or OUT, EngineError, BuildError, CheckError
    (the self-check failed; a missing Chromium is not an error but `check_skipped`)."""
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
    with PyAvSource(opts.video, limits) as source:
        ocr = RapidOcrEngine(
            opts.ocr_provider,
            threads=opts.ocr_threads,
            int8=opts.ocr_int8,
            int8_detector=opts.ocr_int8_detector,
        )
        engines = Engines(ocr, detect_elements)
        result = run_pipeline(source, PipelineConfig(), engines, on_progress)
    opts.out_dir.mkdir(parents=True, exist_ok=True)
    write_spec(result.spec, opts.out_dir / "replicast.json")
    write_keyframes(result, opts.out_dir)
    assets = result.assets()
    for rel, data in assets.items():  # beside the spec too, where Element.asset points
        (opts.out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (opts.out_dir / rel).write_bytes(data)
    generate_project(result.spec, opts.out_dir, assets)
    on_progress(Progress("codegen", 1, 1))
    built = opts.build or opts.check or opts.refine is not None
    if built:
        build_project(opts.out_dir)
        on_progress(Progress("build", 1, 1))
    if not (opts.check or opts.refine):
        return ConvertResult(result.spec, built)
    report, skipped = None, None
    try:
        report = run_self_check(
            opts.out_dir,
            CheckOptions(browser=BrowserConfig(executable=opts.chromium)),
            lambda done, total: on_progress(Progress("check", done, total)),
        )
    except CheckUnavailableError as ex:
        skipped = str(ex)
    refined = None
    if opts.refine is not None:
        refined = _refine(opts.out_dir, opts.chromium, opts.refine, report, on_progress)
    if refined is not None and refined.kept and (opts.out_dir / REPORT_JSON).is_file():
        report = CheckReport.model_validate_json((opts.out_dir / REPORT_JSON).read_text(encoding="utf-8"))
    return ConvertResult(result.spec, built, check=report, check_skipped=skipped, refine=refined)


def _refine(
    out_dir: Path,
    chromium: Path | None,
    setup: RefineSetup,
    baseline: CheckReport | None,
    on_progress: Callable[[Progress], None],
) -> RefineOutcome:
    from replicast.refine import ChatClient, InferenceCache, PromptLimits, RefineOptions, refine_project

    cache = InferenceCache(setup.cache) if setup.cache is not None else None
    options = RefineOptions(
        browser=BrowserConfig(executable=chromium), prompt=PromptLimits(max_images=setup.max_images)
    )
    return refine_project(out_dir, ChatClient(setup.provider, cache), options, baseline, on_progress)


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
    for name in ("src", "keyframes", "assets", "dist", "public", "tests", "supabase", SHOTS_DIR, ".refine"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
    for name in (REPORT_HTML, REPORT_JSON, REFINE_JSON):  # a report of an earlier app would mislead
        (out_dir / name).unlink(missing_ok=True)
