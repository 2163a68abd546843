"""The app generated from a recording with a double click, arrow keys and a drag, built for real: each
gesture works in Chromium as the recording showed it, and the app passes its own replay test.

Slow (one build, node_modules from the shared cache); needs npm and Chromium, and fails without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from replicast.codegen import build_project, generate_project
from tests.codegen.specs import gestures_spec
from tests.codegen.test_generated_app import assert_replay_passes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("gestures") / "app"
    generate_project(gestures_spec(), project)
    result = build_project(project)
    assert result.ok, result.log_tail
    return project


def test_the_replay_test_passes(app: Path) -> None:
    # double-click opens the editor with the focus in it, Enter keeps the edit, ArrowDown selects the
    # next row, and dragging the first row drops it last
    assert_replay_passes(app)
