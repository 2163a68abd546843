"""`replicast eval CASES...`: convert and self-check many recordings, and print their scores.

A case is a folder holding a recording (`video.mp4`, else its only video file) or a video file. Each is
converted into OUT_ROOT/<case> with the app built and self-checked (nothing but replicast's own
output is used: no ground truth). The table goes to stdout, OUT_ROOT/eval.json keeps the numbers for
regression tracking; the exit status is 1 when a case failed (or scored under --fail-under).

    replicast eval ../shared/eval/dev/* -o /tmp/eval --fail-under 0.4
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.markup import escape

from replicast.cli.check import ScoreRow, scores_table
from replicast.cli.progress import StageBars
from replicast.errors import InputError, ReplicastError
from replicast.jobs.convert import ConvertOptions, convert
from replicast.selfcheck import REPORT_HTML, Summary
from replicast.settings import Settings

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".mkv")
EVAL_JSON = "eval.json"


class EvalCase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    case: str
    video: str | None
    out_dir: str
    ok: bool
    error: str | None = None
    took_s: float
    screens: int | None = None
    events: int | None = None
    summary: Summary | None = None


class EvalRun(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cases: list[EvalCase]


def find_video(case: Path) -> Path:
    """The recording of a case: the path itself, or in a folder `video.*`, else its only video file.
    Raises InputError naming what was found."""
    if case.is_file():
        return case
    if not case.is_dir():
        raise InputError(f"{case}: no such file or folder")
    videos = sorted(p for p in case.iterdir() if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)
    named = [p for p in videos if p.stem == "video"]
    if named:
        return named[0]
    if len(videos) == 1:
        return videos[0]
    found = ", ".join(p.name for p in videos[:4]) or "none"
    raise InputError(f"{case}: expected video.mp4 or a single video file (found: {found})")


def case_name(case: Path, taken: set[str]) -> str:
    """A folder name for the case's output: the folder's name, or the video's stem; unique in `taken`."""
    stem = case.stem if case.is_file() and case.stem != "video" else case.resolve().name
    name, n = stem or "case", 2
    while name in taken:
        name, n = f"{stem}-{n}", n + 1
    taken.add(name)
    return name


def _run_case(
    case: Path, name: str, out_root: Path, settings: Settings, ocr_threads: int | None, bars: StageBars
) -> EvalCase:
    out_dir = out_root / name
    started = time.monotonic()
    video: Path | None = None
    try:
        video = find_video(case)
        result = convert(
            ConvertOptions(
                video=video,
                out_dir=out_dir,
                check=True,
                chromium=settings.chromium_path,
                force=True,
                ocr_threads=ocr_threads or settings.ocr_threads,
                ocr_provider=settings.ocr_provider,
                ocr_int8=settings.ocr_int8,
                ocr_int8_detector=settings.ocr_int8_detector,
                max_bytes=settings.max_video_bytes,
                max_duration_s=settings.max_video_seconds,
                max_side=settings.max_video_side,
                max_fps=settings.max_video_fps,
            ),
            bars.update,
        )
    except ReplicastError as ex:
        took = time.monotonic() - started
        return EvalCase(
            case=name,
            video=str(video) if video else None,
            out_dir=str(out_dir),
            ok=False,
            error=str(ex).splitlines()[0],
            took_s=round(took, 1),
        )
    took = round(time.monotonic() - started, 1)
    spec = result.spec
    report = result.check
    return EvalCase(
        case=name,
        video=str(video),
        out_dir=str(out_dir),
        ok=report is not None,
        error=result.check_skipped,
        took_s=took,
        screens=len(spec.screens),
        events=len(spec.events),
        summary=report.summary if report is not None else None,
    )


def eval_cmd(
    cases: Annotated[
        list[Path],
        typer.Argument(
            help="Recordings: folders holding video.mp4 (or one video), or video files.", show_default=False
        ),
    ],
    out_root: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for each case's output (OUT_ROOT/<case>) and eval.json."),
    ] = Path("replicast-eval"),
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=1, help="Exit 1 when a case's overall score is below this."),
    ] = None,
    ocr_threads: Annotated[
        int | None, typer.Option("--ocr-threads", min=1, help="CPU threads for OCR [default: all cores]")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars; print only the table.")
    ] = False,
) -> None:
    """Convert and self-check each recording; print a table of the scores (exit 1 when a case fails)."""
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    settings = Settings()
    out_root.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    results: list[EvalCase] = []
    for case in cases:
        name = case_name(case, taken)
        if not quiet:
            err.print(f"[bold]{escape(name)}[/]: {escape(str(case))}")
        try:
            with StageBars(None if quiet else err) as bars:
                results.append(_run_case(case, name, out_root, settings, ocr_threads, bars))
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(code=130) from None
    (out_root / EVAL_JSON).write_text(
        EvalRun(cases=results).model_dump_json(indent=2) + "\n", encoding="utf-8"
    )
    rows = [
        ScoreRow(
            case=r.case,
            summary=r.summary,
            screens=r.screens,
            events=r.events,
            took_s=r.took_s,
            detail=str(Path(r.out_dir) / REPORT_HTML) if r.ok else (r.error or "failed"),
        )
        for r in results
    ]
    out.print(scores_table(rows, title=f"self-check of {len(results)} recordings → {out_root / EVAL_JSON}"))
    failed = [r.case for r in results if not r.ok]
    low = [
        r.case
        for r in results
        if r.ok and fail_under is not None and r.summary and r.summary.overall < fail_under
    ]
    if failed:
        err.print(f"[red]failed:[/] {escape(', '.join(failed))}")
    if low:
        err.print(f"[red]overall below {fail_under:g}:[/] {escape(', '.join(low))}")
    if failed or low:
        raise typer.Exit(code=1)
