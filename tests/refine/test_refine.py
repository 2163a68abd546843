"""Refinement with guard rails, against the fake model: a good answer is kept; a timeout, a 429 storm, a
malformed answer, an answer that breaks the build or the replay test all leave the deterministic app,
with the reason in refine.json and the report.

The fallbacks that end before a build are quick; the three that build a refined copy are `slow` (one
npm build each, node_modules from the shared cache) and need Chromium.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from replicast.codegen import generate_project
from replicast.refine import ChatClient, InferenceCache, RefineOptions, refine_project
from replicast.selfcheck import BrowserConfig, CheckOptions, CheckReport, run_check
from replicast.spec import write_spec
from replicast.storage import MemoryStore
from tests.refine.conftest import KEY, config
from tests.refine.fakemodel import FakeModel
from tests.selfcheck.apps import tasks_spec

HOME = "src/screens/HomeScreen.tsx"


def project(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    spec = tasks_spec()
    generate_project(spec, out, {})
    write_spec(spec, out / "replicast.json")
    return out


def edit_home(out: Path, old: str, new: str) -> str:
    source = (out / HOME).read_text()
    assert old in source
    return json.dumps({"notes": "a change", "edits": [{"path": HOME, "content": source.replace(old, new)}]})


def sources(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted((out / "src").rglob("*.ts*"))}


def options(chromium: Path) -> RefineOptions:
    return RefineOptions(browser=BrowserConfig(executable=chromium))


def test_a_slow_model_falls_back_to_the_deterministic_app(
    model: FakeModel, tmp_path: Path, chromium: Path
) -> None:
    model.mode, model.delay_s = "slow", 2.0
    out = project(tmp_path)
    before = sources(out)

    outcome = refine_project(out, ChatClient(config(model, timeout_s=0.3)), options(chromium))

    assert not outcome.kept and "did not answer within 0.3 s" in outcome.reason
    assert sources(out) == before and not (out / ".refine").exists()
    record = json.loads((out / "refine.json").read_text())
    assert record["refinement"]["kept"] is False and "did not answer" in record["refinement"]["reason"]


def test_a_429_storm_falls_back_and_counts_every_request(
    model: FakeModel, tmp_path: Path, chromium: Path
) -> None:
    model.mode = "storm"
    out = project(tmp_path)

    outcome = refine_project(out, ChatClient(config(model, max_retries=2)), options(chromium))

    assert not outcome.kept and "gave up after 3 attempts: HTTP 429" in outcome.reason
    assert outcome.usage.requests == 3 == len(model.requests)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("I would rename the button.", "not JSON"),
        ('{"edits": [{"path": "../package.json", "content": "{}"}]}', "not under src/"),
        ('{"edits": [{"path": "tests/replay.spec.ts", "content": ""}]}', "not under src/"),
        ('{"notes": "fine as it is", "edits": []}', "proposed no changes"),
    ],
)
def test_an_unusable_answer_falls_back(
    model: FakeModel, tmp_path: Path, chromium: Path, answer: str, why: str
) -> None:
    model.answer = answer
    out = project(tmp_path)
    before = sources(out)

    outcome = refine_project(out, ChatClient(config(model)), options(chromium))

    assert not outcome.kept and why in outcome.reason
    assert sources(out) == before
    assert outcome.usage.input_tokens == 1200  # what the unusable answer cost is still accounted


def test_without_chromium_nothing_is_asked(model: FakeModel, tmp_path: Path) -> None:
    out = project(tmp_path)
    no_browser = RefineOptions(browser=BrowserConfig(executable=tmp_path / "no-chromium"))

    outcome = refine_project(out, ChatClient(config(model)), no_browser)

    assert not outcome.kept and outcome.reason.startswith("not verifiable here")
    assert model.requests == []


def test_the_request_carries_keyframes_spec_and_sources_and_the_key_is_never_written(
    model: FakeModel, tmp_path: Path, chromium: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    out = project(tmp_path)
    model.answer = "not json"

    refine_project(out, ChatClient(config(model)), options(chromium))

    (seen,) = model.requests
    system, user = seen.body["messages"]
    assert system["role"] == "system" and '"edits"' in system["content"]
    text = user["content"][0]["text"]
    assert "Harbor tasks" in text and f"=== {HOME} ===" in text and "data-testid" in text
    written = "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert KEY not in written and KEY not in caplog.text


def test_a_repeated_refinement_is_answered_from_the_cache(
    model: FakeModel, tmp_path: Path, chromium: Path
) -> None:
    store = MemoryStore()
    model.answer = '{"notes": "nothing to do", "edits": []}'
    first = refine_project(
        project(tmp_path / "a"), ChatClient(config(model), InferenceCache(store)), options(chromium)
    )

    again = refine_project(
        project(tmp_path / "b"), ChatClient(config(model), InferenceCache(store)), options(chromium)
    )

    assert len(model.requests) == 1
    assert (first.usage.requests, first.usage.cache_hits) == (1, 0)
    assert (again.usage.requests, again.usage.cache_hits, again.usage.cost) == (0, 1, 0.0)


# --- with builds -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checked_app(tmp_path_factory: pytest.TempPathFactory, chromium: Path) -> tuple[Path, CheckReport]:
    """The tasks app, built and self-checked: the deterministic result refinements must not worsen."""
    out = project(tmp_path_factory.mktemp("refine"))
    report = run_check(out, CheckOptions(browser=BrowserConfig(executable=chromium)))
    return out, report


def copy_of(app: tuple[Path, CheckReport], tmp_path: Path) -> Path:
    dst = tmp_path / "out"
    shutil.copytree(app[0], dst, symlinks=True, ignore=shutil.ignore_patterns("node_modules"))
    return dst


@pytest.mark.slow
def test_a_good_answer_is_applied(
    model: FakeModel, tmp_path: Path, chromium: Path, checked_app: tuple[Path, CheckReport]
) -> None:
    out = copy_of(checked_app, tmp_path)
    model.answer = edit_home(
        out, 'data-testid={"open"}', 'data-testid={"open"}\n        aria-label="Open the settings"'
    )

    outcome = refine_project(out, ChatClient(config(model)), options(chromium), checked_app[1])

    assert outcome.kept, outcome.reason
    assert outcome.files == (HOME,) and 'aria-label="Open the settings"' in (out / HOME).read_text()
    bundle = "".join(p.read_text() for p in (out / "dist" / "assets").glob("*.js"))
    assert "Open the settings" in bundle  # dist/ is the refined build
    report = CheckReport.model_validate_json((out / "report.json").read_text())
    assert report.refinement is not None and report.refinement.kept
    assert report.summary.overall >= checked_app[1].summary.overall
    assert "Model refinement" in (out / "report.html").read_text()
    u = outcome.usage
    assert (u.requests, u.input_tokens, u.output_tokens) == (1, 1200, 300)
    assert report.refinement.cost == pytest.approx(0.0048)


@pytest.mark.slow
def test_an_answer_that_breaks_the_build_is_discarded(
    model: FakeModel, tmp_path: Path, chromium: Path, checked_app: tuple[Path, CheckReport]
) -> None:
    out = copy_of(checked_app, tmp_path)
    before = sources(out)
    model.answer = edit_home(out, "const navigate = useNavigate();", 'const navigate: number = "x";')

    outcome = refine_project(out, ChatClient(config(model)), options(chromium), checked_app[1])

    assert not outcome.kept and "does not build" in outcome.reason and "error TS" in outcome.reason
    assert sources(out) == before and not (out / ".refine").exists()
    report = CheckReport.model_validate_json((out / "report.json").read_text())
    assert report.refinement is not None and not report.refinement.kept
    assert report.summary == checked_app[1].summary
    assert "does not build" in (out / "report.html").read_text()


@pytest.mark.slow
def test_an_answer_that_changes_what_the_app_does_fails_the_replay_test(
    model: FakeModel, tmp_path: Path, chromium: Path, checked_app: tuple[Path, CheckReport]
) -> None:
    out = copy_of(checked_app, tmp_path)
    before = sources(out)
    model.answer = edit_home(out, "navigate(paths.settings)", "navigate(paths.home)")

    outcome = refine_project(out, ChatClient(config(model)), options(chromium), checked_app[1])

    assert not outcome.kept and "fails its replay test" in outcome.reason, outcome.reason
    assert sources(out) == before
