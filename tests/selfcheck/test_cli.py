"""`replicast convert --check` and `replicast eval` from the command line, on a generated recording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from replicast.media.synthetic import render_video
from tests.pipeline.scripts import sign_in_script


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = tmp_path_factory.mktemp("case") / "signin"
    case.mkdir()
    render_video(sign_in_script(), case / "video.mp4")
    return case


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replicast", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_check_without_chromium_says_so_in_one_line_and_the_conversion_succeeds(
    recording: Path, tmp_path: Path
) -> None:
    out = tmp_path / "app"
    missing = tmp_path / "no-chromium"

    proc = run_cli(
        "convert", recording / "video.mp4", "-o", out, "--check", "-q",
        env={"REPLICAST_CHROMIUM_PATH": str(missing)},
    )  # fmt: skip

    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "chromium" in ln.lower()]  # (OCR may log warnings)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("self-check skipped: Chromium not found at") and str(missing) in lines[0]
    assert (out / "dist" / "index.html").is_file()  # --check implies the build
    assert not (out / "report.html").exists()


@pytest.mark.slow
def test_eval_converts_checks_and_tabulates_each_case(
    recording: Path, tmp_path: Path, chromium: Path
) -> None:
    root = tmp_path / "eval"

    proc = run_cli(
        "eval", recording, tmp_path / "missing-case", "-o", root, "-q",
        env={"REPLICAST_CHROMIUM_PATH": str(chromium), "COLUMNS": "200"},
    )  # fmt: skip

    # a missing case fails the run, after the others ran
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "signin" in proc.stdout and "missing-case" in proc.stdout and "overall" in proc.stdout
    assert "failed: missing-case" in proc.stderr
    cases = json.loads((root / "eval.json").read_text())["cases"]
    assert [c["case"] for c in cases] == ["signin", "missing-case"]
    good, bad = cases
    assert good["ok"] and 0.0 <= good["summary"]["overall"] <= 1.0 and good["summary"]["steps"] >= 2
    assert (root / "signin" / "report.html").is_file() and (root / "signin" / "report.json").is_file()
    assert not bad["ok"] and "no such file or folder" in bad["error"]
