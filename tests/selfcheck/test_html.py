"""report.html: self-contained, escaped, one figure trio per step."""

from __future__ import annotations

import datetime as dt

from replicast.selfcheck.blocks import TextBlock
from replicast.selfcheck.browser import Capture
from replicast.selfcheck.html import StepImages, image_width, render_report
from replicast.selfcheck.report import CheckReport
from replicast.selfcheck.scoring import StepInput, score_run
from replicast.selfcheck.steps import Geometry, plan_steps
from replicast.spec.models import AppSpec, Event, Screen, VideoMeta
from tests.selfcheck.html_checks import assert_self_contained
from tests.selfcheck.images import page

HOSTILE = "</script><script>alert('x')</script> <img src=https://evil.example/x.png>"


def report_for(spec: AppSpec) -> tuple[CheckReport, list[StepImages]]:
    steps = plan_steps(spec)
    shot = page()
    caps = [Capture(s.index, shot, (TextBlock(HOSTILE, (0, 0, 10, 10), (0, 0, 0)),)) for s in steps]
    items = [StepInput(s, shot, "keyframes/001.png", c, None, 0.01) for s, c in zip(steps, caps, strict=True)]
    reports, summary = score_run(items, Geometry(width=640, height=360))
    report = CheckReport(
        created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat(),
        viewport=(640, 360, 1.0),
        chromium="/usr/bin/chromium",
        took_s=1.0,
        summary=summary,
        steps=reports,
    )
    return report, [StepImages(shot, shot, shot if s.index else None) for s in steps]


def hostile_spec() -> AppSpec:
    return AppSpec(
        video=VideoMeta(width=640, height=360, fps=30, duration=4),
        screens=[Screen(id=HOSTILE, t=0)],
        events=[Event(t=1, type="type", text=HOSTILE), Event(t=2, type="key", text=HOSTILE)],
    )


def test_the_page_loads_nothing_and_escapes_the_recordings_text() -> None:
    report, images = report_for(hostile_spec())

    html = render_report(report, images, title=HOSTILE)

    assert_self_contained(html, urls_in_text=True)
    assert "<script" not in html and "evil.example" in html  # shown as text, never as a tag
    assert html.count("<img ") == 3 * 3 - 1  # three steps, the first without an overlay
    assert html.count('<div class="missing"') == 1
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html


def test_every_step_has_its_section_its_event_and_alt_texts() -> None:
    report, images = report_for(hostile_spec())

    html = render_report(report, images, title="case")

    for step in report.steps:
        assert f'id="step-{step.index}"' in html and f'href="#step-{step.index}"' in html
    assert 'alt="The generated app after step 2"' in html
    assert "key &lt;/script&gt;" in html


def test_long_runs_get_smaller_pictures() -> None:
    assert image_width(10) > image_width(40) > image_width(200)
