"""run_pipeline() on a recording that goes back to a page: the page shown again is the same screen."""

from __future__ import annotations

from pathlib import Path

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import Click, Script, Wait, render_video
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.vision.detect import detect_elements
from replicast.vision.fake import FakeOcrEngine
from tests.pipeline.scripts import INBOX, SETTINGS


def test_a_page_shown_again_is_the_earlier_screen_and_the_way_back_leads_to_it(tmp_path: Path) -> None:
    # Given: inbox → settings → back to the inbox → settings again
    script = Script(
        (INBOX, SETTINGS),
        (
            Wait(0.8),
            Click("settings", move=0.5),
            Wait(1.0),
            Click("back", move=0.5),
            Wait(1.0),
            Click("settings", move=0.5),
            Wait(1.0),
        ),
        cursor=(500, 300),
    )
    truth = render_video(script, tmp_path / "v.mp4")

    # When the recording is understood
    with PyAvSource(tmp_path / "v.mp4") as src:
        spec = run_pipeline(src, PipelineConfig(), Engines(FakeOcrEngine(), detect_elements)).spec

    # Then each truth screen is one spec screen; the later keyframes of it are `same_as` that one
    names = [truth.state_at(s.t).screen for s in spec.screens]
    assert names == ["inbox", "settings", "inbox", "settings"], names
    first = {n: spec.screens[names.index(n)].id for n in names}
    assert [s.same_as for s in spec.screens] == [None, None, first["inbox"], first["settings"]]
    # and the transitions go back and forth between the two screens the recording showed first
    hops = [(t.from_, t.to) for t in spec.transitions]
    assert hops == [
        (first["inbox"], first["settings"]),
        (first["settings"], first["inbox"]),
        (first["inbox"], first["settings"]),
    ]
