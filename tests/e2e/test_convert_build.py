"""End to end: `replicast convert --build` on a generated recording gives a spec and an app that builds."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from replicast.media.synthetic import Script, render_video
from replicast.spec import read_spec
from tests.codegen.test_generated_app import assert_replay_passes
from tests.pipeline.scripts import menu_script, reorder_script, sign_in_script, todo_edit_script


def convert_and_build(script: Script, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`replicast convert --build` of `script` rendered to a video: the finished process and the app."""
    video = tmp_path / "recording.mp4"
    render_video(script, video)
    out = tmp_path / "app"
    proc = subprocess.run(
        [sys.executable, "-m", "replicast", "convert", str(video), "-o", str(out), "--build", "-q"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc, out


@pytest.mark.slow
def test_convert_and_build_a_generated_recording(tmp_path: Path) -> None:
    proc, out = convert_and_build(sign_in_script(), tmp_path)
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


@pytest.mark.slow
@pytest.mark.parametrize(
    "make", [todo_edit_script, menu_script, reorder_script], ids=["dblclick", "arrows", "drag"]
)
def test_a_recorded_gesture_replays_on_the_app_built_from_it(
    tmp_path: Path, make: Callable[[], Script]
) -> None:
    # Given a recording of a double click that edits a todo list's row, arrow keys that move a
    # selection, or a drag
    # When it is converted and built
    _, out = convert_and_build(make(), tmp_path)
    # Then the gesture is in the spec, and the app's own replay test (which does it) passes
    assert {(e.type, e.count) for e in read_spec(out / "replicast.json").events} & {
        ("click", 2),
        ("key", 1),
        ("drag", 1),
    }
    assert_replay_passes(out)
    if make is todo_edit_script:  # the list is kept in state, its row edited in place: one screen
        (screen,) = (out / "src" / "screens").iterdir()
        assert "onDoubleClick={onEdit}" in screen.read_text()
