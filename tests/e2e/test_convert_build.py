"""End to end: `replicast convert --build` on a generated recording gives a spec and an app that builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from replicast.media.synthetic import render_video
from replicast.spec import read_spec
from tests.pipeline.scripts import sign_in_script


@pytest.mark.slow
def test_convert_and_build_a_generated_recording(tmp_path: Path) -> None:
    video = tmp_path / "signin.mp4"
    render_video(sign_in_script(), video)
    out = tmp_path / "app"

    proc = subprocess.run(
        [sys.executable, "-m", "replicast", "convert", str(video), "-o", str(out), "--build", "-q"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert proc.returncode == 0, proc.stderr[-3000:]
    spec = read_spec(out / "replicast.json")  # validates against the schema
    assert spec.video.width == 640 and spec.video.height == 360
    assert len(spec.screens) >= 3
    for screen in spec.screens:
        assert screen.image and (out / screen.image).is_file()
    index = (out / "dist" / "index.html").read_text()
    assert '<div id="root">' in index or 'id="root"' in index
    bundle = "".join(p.read_text() for p in (out / "dist" / "assets").glob("*.js"))
    assert "Sign in to Harbor" in bundle and "Welcome back" in bundle
    assert json.loads((out / "package.json").read_text())["scripts"]["build"]
    assert "built app" in proc.stdout
