"""The self-check: does the generated app look and behave like the recording?

Builds the app, serves dist/ on 127.0.0.1, replays the spec's events in headless Chromium at the
recording's viewport and compares the app after each step with the video's keyframe for that moment:
pixels (SSIM, colour histogram), Design2Code-style text blocks and behaviour. Writes OUT/report.html
(for a person) and OUT/report.json (`CheckReport`, for programs).

    from replicast.selfcheck import CheckOptions, run_check

    report = run_check(Path("out"), CheckOptions())
    print(report.summary.overall)

Modules: `steps` (what to replay, pure), `serve` (dist/ on loopback), `browser` (Chromium replay),
`visual` and `blocks` (the metrics), `scoring` (per step and overall), `report` (the pydantic result),
`html` (the page), `run` (all of it). Playwright is imported only when a check runs.
"""

from replicast.selfcheck.browser import BrowserConfig, find_chromium
from replicast.selfcheck.report import CheckReport, Refinement, StepReport, Summary
from replicast.selfcheck.run import (
    REPORT_HTML,
    REPORT_JSON,
    SHOTS_DIR,
    CheckOptions,
    record_refinement,
    run_check,
)

__all__ = [
    "REPORT_HTML",
    "REPORT_JSON",
    "SHOTS_DIR",
    "BrowserConfig",
    "CheckOptions",
    "CheckReport",
    "Refinement",
    "StepReport",
    "Summary",
    "find_chromium",
    "record_refinement",
    "run_check",
]
