"""run_pipeline() with every held image packed out of memory understands a recording as with them in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from replicast.media import held
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import Click, Script, Wait, render_video
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, PipelineResult, run_pipeline
from replicast.vision.detect import detect_elements
from replicast.vision.fake import FakeOcrEngine
from tests.pipeline.scripts import INBOX, SETTINGS, hurried_sign_in_script, sign_in_script


def revisit_script() -> Script:
    return Script(
        (INBOX, SETTINGS),
        (Wait(0.8), Click("settings", move=0.5), Wait(1.0), Click("back", move=0.5), Wait(1.0)),
        cursor=(500, 300),
    )


def understood(video: Path) -> PipelineResult:
    with PyAvSource(video) as src:
        return run_pipeline(src, PipelineConfig(), Engines(FakeOcrEngine(), detect_elements))


@pytest.mark.parametrize("script", [sign_in_script, hurried_sign_in_script, revisit_script])
def test_packed_images_give_the_same_spec_and_keyframes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: Callable[[], Script]
) -> None:
    # Given a recording with typing and a page change (one where the page settles only while the
    # pointer moves on, decoded again; one that goes back to a page)
    render_video(script(), tmp_path / "v.mp4")
    in_memory = understood(tmp_path / "v.mp4")

    # When every held image but the newest is packed into the temporary file
    monkeypatch.setattr(held._STORE, "budget", 0)
    packed = understood(tmp_path / "v.mp4")

    # Then nothing is understood differently
    assert held._STORE.spilled_files() >= 1
    assert packed.spec.model_dump() == in_memory.spec.model_dump()
    assert len(packed.keyframes) == len(in_memory.keyframes) >= 3
    for a, b in zip(packed.images(), in_memory.images(), strict=True):
        assert np.array_equal(a, b)
