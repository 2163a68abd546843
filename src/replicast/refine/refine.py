"""Refine a generated project with a vision-language model, keeping the edits only if nothing got worse.

    outcome = refine_project(Path("out"), client, RefineOptions(), baseline=check_report)
    outcome.kept, outcome.reason, outcome.usage.cost         # also out/refine.json and the report

The deterministic project in OUT is the fallback and is never touched until a refinement has passed
every guard rail, in this order (the cheap ones first):

1. the result can be verified here (Chromium for the replay and the self-check; else no request),
2. the model answers (timeouts, refusals and 429/5xx storms after retries end here),
3. the answer is a valid edit set (`edits.parse_answer`: format, paths under src/, sizes),
4. on a copy of the project (OUT/.refine) with the edits applied: `npm run build` (`tsc -b` then
   vite) passes, with node_modules linked from the shared dependency cache,
5. the project's own replay test (tests/replay.spec.ts, which the edits cannot touch) passes,
6. the self-check scores of the copy (overall, fidelity, pixels, text blocks, behaviour) are each
   no lower than the deterministic app's (less `tolerance`).

Then src/, dist/, check/ and the report of the copy replace OUT's; otherwise OUT stays as it was. The
reason either way goes into report.json and report.html (when a self-check report exists) and into
OUT/refine.json, with the proposed edits, the model's notes, tokens, cost and cache hits.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from replicast.codegen import build_project, run_replay_test
from replicast.errors import AnswerError, BuildError, CheckError, CheckUnavailableError, ProviderError
from replicast.pipeline.run import Progress
from replicast.refine.edits import EditSet, apply_edits, parse_answer
from replicast.refine.prompt import PromptLimits, build_messages
from replicast.refine.provider import ChatClient, Usage
from replicast.selfcheck import (
    REPORT_HTML,
    REPORT_JSON,
    SHOTS_DIR,
    BrowserConfig,
    CheckOptions,
    CheckReport,
    Refinement,
    Summary,
    find_chromium,
    record_refinement,
    run_check,
)
from replicast.spec import read_spec

log = logging.getLogger(__name__)

REFINE_JSON = "refine.json"
WORK_DIR = ".refine"
COMPARED = ("overall", "fidelity", "visual", "blocks", "behaviour")
"""Self-check scores a refinement must not lower."""
_NOT_COPIED = frozenset({"node_modules", "dist", SHOTS_DIR, REPORT_JSON, REPORT_HTML, REFINE_JSON, WORK_DIR})
_TS_ERROR = re.compile(r"error TS\d+:.*")
_STAGES = 5


@dataclass(frozen=True, slots=True)
class RefineOptions:
    browser: BrowserConfig = field(default_factory=BrowserConfig)
    prompt: PromptLimits = field(default_factory=PromptLimits)
    build_timeout_s: float = 600.0
    replay_timeout_s: float = 300.0
    tolerance: float = 0.0
    """how far a self-check score may drop and still count as not worse"""


@dataclass(frozen=True, slots=True)
class RefineOutcome:
    kept: bool
    reason: str
    model: str
    usage: Usage
    seconds: float
    files: tuple[str, ...] = ()
    """files the edits changed"""
    notes: str = ""
    baseline: Summary | None = None
    refined: Summary | None = None
    edits: EditSet | None = None

    def refinement(self) -> Refinement:
        """The outcome as the self-check report holds it."""
        return Refinement(
            kept=self.kept,
            reason=self.reason,
            model=self.model,
            files=list(self.files),
            notes=self.notes,
            baseline_overall=self.baseline.overall if self.baseline else None,
            refined_overall=self.refined.overall if self.refined else None,
            requests=self.usage.requests,
            cache_hits=self.usage.cache_hits,
            input_tokens=self.usage.input_tokens,
            output_tokens=self.usage.output_tokens,
            cost=round(self.usage.cost, 6),
            seconds=round(self.seconds, 2),
        )


def _ignore(_: Progress) -> None:
    return None


def worse_scores(baseline: Summary, refined: Summary, tolerance: float = 0.0) -> list[str]:
    """The compared scores `refined` lowers, in words ("behaviour 0.50 < 1.00"); empty when none."""
    worse = []
    for name in COMPARED:
        was, now = getattr(baseline, name), getattr(refined, name)
        if was is None:
            continue
        if now is None or now < was - tolerance - 1e-9:
            worse.append(f"{name} {'none' if now is None else f'{now:.3f}'} < {was:.3f}")
    return worse


def _first_error(log_tail: str) -> str:
    found = _TS_ERROR.search(log_tail)
    if found:
        return found.group(0)[:300]
    lines = [ln.strip() for ln in log_tail.splitlines() if ln.strip()]
    return " / ".join(lines[-3:])[:300] if lines else "no output"


def _copy_project(src: Path, dst: Path) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    for item in src.iterdir():
        if item.name in _NOT_COPIED or item.is_symlink():
            continue
        if item.is_dir():
            shutil.copytree(item, dst / item.name, symlinks=True)
        else:
            shutil.copy2(item, dst / item.name)


def _adopt(candidate: Path, out_dir: Path) -> None:
    """Move the checked copy's sources, build and report into OUT."""
    for name in ("src", "dist", SHOTS_DIR):
        shutil.rmtree(out_dir / name, ignore_errors=True)
        if (candidate / name).is_dir():
            shutil.move(candidate / name, out_dir / name)
    for name in (REPORT_JSON, REPORT_HTML):
        if (candidate / name).is_file():
            shutil.move(candidate / name, out_dir / name)


class _Run:
    """One refinement: its clock, usage and what it found, turned into an outcome."""

    def __init__(self, out_dir: Path, client: ChatClient, on_progress: Callable[[Progress], None]) -> None:
        self.out_dir = out_dir
        self.client = client
        self.on_progress = on_progress
        self.started = time.monotonic()
        self.usage = Usage()
        self.edits: EditSet | None = None
        self.files: tuple[str, ...] = ()
        self.baseline: Summary | None = None
        self.refined: Summary | None = None

    def step(self, done: int) -> None:
        self.on_progress(Progress("refine", done, _STAGES))

    def outcome(self, kept: bool, reason: str) -> RefineOutcome:
        return RefineOutcome(
            kept=kept,
            reason=reason,
            model=self.client.config.model,
            usage=self.usage,
            seconds=time.monotonic() - self.started,
            files=self.files,
            notes=self.edits.notes if self.edits else "",
            baseline=self.baseline,
            refined=self.refined,
            edits=self.edits,
        )


def refine_project(
    out_dir: Path,
    client: ChatClient,
    options: RefineOptions | None = None,
    baseline: CheckReport | None = None,
    on_progress: Callable[[Progress], None] = _ignore,
) -> RefineOutcome:
    """Ask the model to improve the project in `out_dir` and keep its edits only if every guard rail
    holds (module docstring). `baseline` is the deterministic app's self-check when one ran already.

    Never raises for what the model does (a failed request, a bad answer, edits that break the app:
    the outcome says why they were not kept). Raises SpecError for a missing or bad replicast.json,
    and BuildError or CheckError when the deterministic app itself cannot be built or checked."""
    options = options or RefineOptions()
    run = _Run(out_dir, client, on_progress)
    run.step(0)
    outcome = _refine(run, options, baseline)
    run.step(_STAGES)
    if outcome.kept:
        log.info("%s: refinement kept (%s)", out_dir, outcome.reason)
    else:
        log.warning("%s: refinement not kept: %s", out_dir, outcome.reason)
    record_outcome(out_dir, outcome)
    return outcome


def _refine(run: _Run, options: RefineOptions, baseline: CheckReport | None) -> RefineOutcome:
    out_dir = run.out_dir
    try:
        chromium = find_chromium(options.browser.executable)
    except CheckUnavailableError as ex:
        return run.outcome(False, f"not verifiable here, so no model was asked: {ex}")
    spec = read_spec(out_dir / "replicast.json")
    try:
        completion = run.client.complete(build_messages(out_dir, spec, options.prompt))
    except ProviderError as ex:
        run.usage = Usage(requests=ex.attempts)
        return run.outcome(False, f"the model request failed: {ex}")
    run.usage = completion.usage
    run.step(1)
    try:
        run.edits = parse_answer(completion.text)
    except AnswerError as ex:
        return run.outcome(False, f"the model's answer is unusable: {ex}")
    if not run.edits.edits:
        return run.outcome(False, "the model proposed no changes")
    candidate = out_dir / WORK_DIR
    try:
        _copy_project(out_dir, candidate)
        try:
            run.files = tuple(apply_edits(candidate, run.edits))
        except AnswerError as ex:
            return run.outcome(False, f"the model's answer is unusable: {ex}")
        if not run.files:
            return run.outcome(False, "the model's edits change nothing")
        if baseline is None:
            baseline = run_check(out_dir, CheckOptions(browser=options.browser))
        run.baseline = baseline.summary
        run.step(2)
        built = build_project(candidate, options.build_timeout_s, check=False)
        if not built.ok:
            return run.outcome(False, f"the refined app does not build: {_first_error(built.log_tail)}")
        run.step(3)
        replayed = run_replay_test(candidate, chromium, options.replay_timeout_s)
        if not replayed.ok:
            return run.outcome(
                False, f"the refined app fails its replay test: {_first_error(replayed.log_tail)}"
            )
        run.step(4)
        browser = dataclasses.replace(options.browser, executable=chromium)
        try:
            run.refined = run_check(candidate, CheckOptions(browser=browser)).summary
        except (BuildError, CheckError) as ex:
            return run.outcome(False, f"the refined app could not be self-checked: {ex}")
        worse = worse_scores(run.baseline, run.refined, options.tolerance)
        if worse:
            return run.outcome(False, f"the refined app scores worse in the self-check: {'; '.join(worse)}")
        _adopt(candidate, out_dir)
        return run.outcome(
            True,
            f"builds, type-checks, passes its replay test and scores no worse (overall "
            f"{run.refined.overall:.3f}, deterministic {run.baseline.overall:.3f})",
        )
    finally:
        shutil.rmtree(candidate, ignore_errors=True)


def record_outcome(out_dir: Path, outcome: RefineOutcome) -> None:
    """OUT/refine.json always; the self-check report too where there is one."""
    refinement = outcome.refinement()
    proposed = [{"path": e.path, "content": e.content} for e in outcome.edits.edits] if outcome.edits else []
    record = {"refinement": refinement.model_dump(mode="json"), "proposed_edits": proposed}
    (out_dir / REFINE_JSON).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if (out_dir / REPORT_JSON).is_file():
        try:
            record_refinement(out_dir, refinement)
        except CheckError as ex:
            log.warning("%s", ex)
