"""`run_job`: the one function every executor runs for a job (the local pool now, Celery workers later).

    result = run_job(request, stores, config, on_progress=tracker.progress, cancelled=event)

It fetches the video from the object store into a scratch folder, runs the conversion (probe first,
then the pipeline and code generation) in a resource-limited child process, optionally builds the
app, and publishes the results under the request's content-addressed `result_key`:
`replicast.json`, `project.zip`, `keyframes/*`, `report.json` / `report.html` when the self-check
wrote them, and last `result.json` (the `JobResult`), whose presence marks the result complete. A job
whose result is already complete (a retry, a duplicate delivery) returns it without computing again.
Every object is written with a conditional write (`if_absent`): a run that follows one killed half-way
through publishing, or that raced another, leaves what is there and never writes a key twice.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from replicast.errors import JobError, ObjectNotFoundError
from replicast.jobs.config import Stores, WorkerConfig
from replicast.jobs.payload import JobRequest, JobResult
from replicast.jobs.sandbox import run_sandboxed
from replicast.media.limits import VideoLimits
from replicast.pipeline.run import Progress
from replicast.selfcheck.report import Refinement
from replicast.storage import ObjectStore

log = logging.getLogger(__name__)

MANIFEST = "result.json"
SPEC = "replicast.json"
PROJECT_ZIP = "project.zip"
REPORTS = ("report.json", "report.html", "refine.json")
_SKIP_IN_ZIP = {"node_modules"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class ChildJob:
    """What the sandboxed child needs: local paths and limits, nothing secret."""

    video: Path
    out_dir: Path
    limits: VideoLimits
    ocr_threads: int | None
    ocr_provider: Literal["cpu", "cuda"]
    ocr_int8: bool = False
    ocr_int8_detector: bool = False


@dataclass(frozen=True, slots=True)
class ChildSummary:
    screens: int
    events: int


ChildWork = Callable[[ChildJob, Callable[[Progress], None]], ChildSummary] | None


def _ignore(_: Progress) -> None:
    return None


def convert_in_child(job: ChildJob, report: Callable[[Progress], None]) -> ChildSummary:
    """The sandboxed part of a job: probe the video against the limits, then convert it (no build)."""
    from replicast.jobs.convert import ConvertOptions, convert
    from replicast.media.probe import probe_video

    report(Progress("probe", 0, 1))
    probe_video(job.video, job.limits)
    report(Progress("probe", 1, 1))
    result = convert(
        ConvertOptions(
            video=job.video,
            out_dir=job.out_dir,
            build=False,
            force=True,
            ocr_threads=job.ocr_threads,
            ocr_provider=job.ocr_provider,
            ocr_int8=job.ocr_int8,
            ocr_int8_detector=job.ocr_int8_detector,
            max_bytes=job.limits.max_bytes,
            max_duration_s=job.limits.max_duration_s,
            max_side=max(job.limits.max_width, job.limits.max_height),
            max_fps=job.limits.max_fps,
        ),
        report,
    )
    return ChildSummary(screens=len(result.spec.screens), events=len(result.spec.events))


def safe_filename(name: str, default: str = "video.mp4") -> str:
    """`name` reduced to a harmless file name (no folders, no odd characters)."""
    base = _SAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return base[:120] or default


def completed_result(store: ObjectStore, result_key: str) -> JobResult | None:
    """The result already published under `result_key`, if it is complete."""
    try:
        return JobResult.model_validate_json(store.get_bytes(f"{result_key}/{MANIFEST}"))
    except ObjectNotFoundError:
        return None


class _StageClock:
    """Passes progress on and times each stage."""

    def __init__(self, on_progress: Callable[[Progress], None]) -> None:
        self._on_progress = on_progress
        self._stage = ""
        self._since = time.monotonic()
        self._seconds: dict[str, float] = {}

    def __call__(self, p: Progress) -> None:
        if p.stage != self._stage:
            self._close(time.monotonic())
            self._stage = p.stage
        self._on_progress(p)

    def _close(self, now: float) -> None:
        if self._stage:
            self._seconds[self._stage] = self._seconds.get(self._stage, 0.0) + now - self._since
        self._since = now

    def finish(self) -> dict[str, float]:
        self._close(time.monotonic())
        self._stage = ""
        return self._seconds


def run_job(
    request: JobRequest,
    stores: Stores,
    config: WorkerConfig,
    on_progress: Callable[[Progress], None] = _ignore,
    cancelled: threading.Event | None = None,
    work: ChildWork = None,
) -> JobResult:
    """Run one job end to end; what it published.

    `work` is what runs in the sandbox (default `convert_in_child`): a module-level function, so the
    child can import it; tests put a cheap stand-in there.

    Raises:
        InputError: the video was rejected by a probe limit or does not decode (VideoRejectedError, ...).
        JobError: the child crashed, hit a resource limit or timed out; JobCancelledError when cancelled.
        BuildError: the generated app did not build (only with options.build or options.check).
        CheckError: the self-check could not replay the app (only with options.check).
        StorageError: the object store failed.
    """
    done = completed_result(stores.objects, request.result_key)
    if done is not None:
        log.info("job %s: result %s is complete already", request.job_id, request.result_key)
        return done
    log.info("job %s: computing %s", request.job_id, request.result_key)
    started = time.monotonic()
    progress = _StageClock(on_progress)

    if config.work_root is not None:
        config.work_root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"{request.job_id}-", dir=config.work_root))
    try:
        progress(Progress("fetch", 0, 1))
        video = workdir / "in" / safe_filename(request.video_name)
        video.parent.mkdir()
        try:
            stores.for_video(request.video_encrypted).get_file(request.video_key, video)
        except ObjectNotFoundError as ex:
            raise JobError("the uploaded video is gone from the object store (deleted?)") from ex
        progress(Progress("fetch", 1, 1))
        out = workdir / "out"
        child = ChildJob(
            video=video,
            out_dir=out,
            limits=config.video_limits,
            ocr_threads=config.ocr_threads,
            ocr_provider=config.ocr_provider,
            ocr_int8=config.ocr_int8,
            ocr_int8_detector=config.ocr_int8_detector,
        )
        summary = run_sandboxed(work or convert_in_child, child, config.sandbox, progress, cancelled)
        # node and Chromium need more address space than the sandbox allows: they run out here,
        # on the generated project (not on the untrusted video)
        opts = request.options
        built = opts.build or opts.check or opts.refine
        if built:
            from replicast.codegen import build_project

            progress(Progress("build", 0, 1))
            build_project(out)
            progress(Progress("build", 1, 1))
        checked = opts.check or opts.refine
        skipped = _self_check(out, config, progress) if checked else None
        refinement = _refine(out, config, stores.objects, progress) if opts.refine else None
        progress(Progress("publish", 0, 1))
        files = _publish(stores.objects, request.result_key, out, workdir)
        progress(Progress("publish", 1, 1))
        stages = progress.finish()
        result = JobResult(
            job_id=request.job_id,
            result_key=request.result_key,
            files=files,
            screens=summary.screens,
            events=summary.events,
            built=built,
            check_skipped=skipped,
            seconds=round(time.monotonic() - started, 3),
            stages={k: round(v, 3) for k, v in stages.items()},
            refinement=refinement,
        )
        # the manifest goes last: its presence says every other object is in place
        manifest = f"{request.result_key}/{MANIFEST}"
        if not stores.objects.put_bytes(manifest, result.model_dump_json().encode(), if_absent=True):
            log.info("job %s: another run completed %s first; keeping its result", request.job_id, manifest)
            return completed_result(stores.objects, request.result_key) or result
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _self_check(out: Path, config: WorkerConfig, progress: Callable[[Progress], None]) -> str | None:
    """Run the self-check on the built project; why it was skipped, or None when it ran."""
    from replicast.errors import CheckUnavailableError
    from replicast.selfcheck import BrowserConfig, CheckOptions, run_check

    try:
        run_check(
            out,
            CheckOptions(browser=BrowserConfig(executable=config.chromium)),
            lambda done, total: progress(Progress("check", done, total)),
        )
    except CheckUnavailableError as ex:
        log.warning("self-check skipped: %s", ex)
        return str(ex)
    return None


def _refine(
    out: Path, config: WorkerConfig, store: ObjectStore, progress: Callable[[Progress], None]
) -> Refinement:
    """Let the worker's model refine the checked project (answers cached in `store`); what it did."""
    from replicast.refine import ChatClient, InferenceCache, PromptLimits, RefineOptions, refine_project
    from replicast.refine.provider import Usage
    from replicast.refine.refine import RefineOutcome, record_outcome
    from replicast.selfcheck import BrowserConfig, CheckReport

    if config.refine is None:
        outcome = RefineOutcome(
            kept=False,
            reason="no model is configured on this worker (set REPLICAST_REFINE_BASE_URL and _MODEL)",
            model="",
            usage=Usage(),
            seconds=0.0,
        )
        record_outcome(out, outcome)
        return outcome.refinement()
    client = ChatClient(config.refine, InferenceCache(store), observer=config.refine_observer)
    options = RefineOptions(
        browser=BrowserConfig(executable=config.chromium),
        prompt=PromptLimits(max_images=config.refine_max_images),
    )
    baseline = None
    if (out / "report.json").is_file():  # the self-check just run on this very project
        baseline = CheckReport.model_validate_json((out / "report.json").read_text(encoding="utf-8"))
    return refine_project(out, client, options, baseline, progress).refinement()


def _publish(store: ObjectStore, prefix: str, out: Path, workdir: Path) -> dict[str, int]:
    files: dict[str, int] = {}
    archive = workdir / PROJECT_ZIP
    _zip_project(out, archive)
    files[PROJECT_ZIP] = store.put_file(f"{prefix}/{PROJECT_ZIP}", archive, if_absent=True)
    files[SPEC] = store.put_file(f"{prefix}/{SPEC}", out / SPEC, if_absent=True)
    for name in REPORTS:
        if (out / name).is_file():
            files[name] = store.put_file(f"{prefix}/{name}", out / name, if_absent=True)
    keyframes = out / "keyframes"
    if keyframes.is_dir():
        for frame in sorted(keyframes.iterdir()):
            if frame.is_file() and _SAFE_NAME.sub("", frame.name) == frame.name:
                key = f"{prefix}/keyframes/{frame.name}"
                files[f"keyframes/{frame.name}"] = store.put_file(key, frame, if_absent=True)
    return files


def _zip_project(out: Path, archive: Path) -> None:
    """The generated project as a zip (without node_modules), files in a stable order."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out)
            if rel.parts[0] in _SKIP_IN_ZIP or not path.is_file() or path.is_symlink():
                continue
            zf.write(path, rel.as_posix())


def make_runner(
    stores: Stores, config: WorkerConfig
) -> Callable[[JobRequest, Callable[[Progress], None], threading.Event], JobResult]:
    """`run_job` with a worker's stores and config bound: what an executor calls per job."""

    def runner(
        request: JobRequest, on_progress: Callable[[Progress], None], cancelled: threading.Event
    ) -> JobResult:
        return run_job(request, stores, config, on_progress, cancelled)

    return runner
