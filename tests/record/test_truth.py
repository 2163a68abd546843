"""UI-state truth of the recorder without an X server: the driver's state captures, the truth layout
(that of ``../shared/eval`` cases) and the DevTools pipe, against fakes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import pytest


class FakeXdo:
    """Records the input it is asked for; every command takes 0.1 s of fake wall-clock time."""

    def __init__(self, span: type) -> None:
        self.span = span
        self.clock = 1000.0
        self.calls: list[tuple[str, object]] = []

    def _tick(self, name: str, arg: object) -> object:
        self.calls.append((name, arg))
        self.clock += 0.1
        return self.span(self.clock - 0.1, self.clock)

    def glide(self, src: tuple[int, int], dst: tuple[int, int]) -> object:
        return self._tick("glide", dst)

    def click(self, button: int = 1, count: int = 1) -> object:
        return self._tick("click", count)

    def type(self, text: str) -> object:
        return self._tick("type", text)

    def key(self, key: str) -> object:
        return self._tick("key", key)

    def wheel(self, ticks: int) -> object:
        return self._tick("wheel", ticks)


class FakeObserver:
    """Remembers which records states were captured after and what it was asked to describe."""

    def __init__(self) -> None:
        self.captured: list[tuple[int | None, str]] = []
        self.described: list[tuple[int, int]] = []

    def describe(self, x: int, y: int) -> Mapping[str, Any] | None:
        self.described.append((x, y))
        return {"tag": "a", "text": f"at {x},{y}"}

    def capture(self, after: int | None, label: str) -> None:
        self.captured.append((after, label))


def _run(
    screenrec: ModuleType, actions: list[dict[str, Any]], scale: int = 1
) -> tuple[Any, FakeXdo, FakeObserver]:
    from screenrec.driver import Driver
    from screenrec.xdo import Span

    xdo, observer = FakeXdo(Span), FakeObserver()
    driver = Driver(xdo, (640, 360), pause=0.0, observer=observer, scale=scale)  # type: ignore[arg-type]
    for i, raw in enumerate(actions):
        driver.perform(screenrec.scenario.parse_action(raw, i, (1280, 720)))
    return driver, xdo, observer


def test_every_click_type_key_and_scroll_is_followed_by_one_state(screenrec: ModuleType) -> None:
    # Given a scenario with a hover, a click, typing, a key, a wait and a scroll
    actions = [
        {"type": "move", "x": 100, "y": 100},
        {"type": "click", "x": 300, "y": 200, "note": "focus"},
        {"type": "type", "text": "Hi"},
        {"type": "key", "key": "Return"},
        {"type": "wait", "s": 0},
        {"type": "scroll", "x": 640, "y": 400, "ticks": 3},
    ]

    # When the driver performs it with an observer
    driver, _, observer = _run(screenrec, actions)

    # Then states follow the click, the typing, the key and the scroll (not the glides), labelled by
    # the note or else the action type, and clicks and scrolls describe what lies under the pointer
    types = [r.type for r in driver.records]
    assert types == ["move", "move", "click", "type", "key", "move", "scroll"]
    assert observer.captured == [(2, "focus"), (3, "type"), (4, "key"), (6, "scroll")]
    assert observer.described == [(300, 200), (640, 400)]
    assert driver.records[2].target == {"tag": "a", "text": "at 300,200"}


def test_on_a_hidpi_screen_the_pointer_and_the_truth_are_in_video_px(screenrec: ModuleType) -> None:
    from screenrec.snapshots import in_video_px

    # Given a scale-2 screen: actions in CSS px
    driver, xdo, observer = _run(screenrec, [{"type": "click", "x": 100, "y": 50}], scale=2)

    # Then the pointer glides to twice the coordinates and the record holds those (the video's pixels),
    # while the page is asked what lies at the CSS point
    assert xdo.calls[0] == ("glide", (200, 100))
    assert [(r.type, r.x, r.y) for r in driver.records] == [("move", 200, 100), ("click", 200, 100)]
    assert observer.described == [(100, 50)]
    # and a snapshot's boxes are doubled, its viewport and scroll (CSS px) are not
    snap = {
        "viewport": [640, 360],
        "scroll": [0, 30],
        "elements": [{"tag": "a", "bbox": [1, 2, 3, 4], "full_bbox": [1, 0, 3, 9]}],
        "text_blocks": [{"text": "Hi", "bbox": [5, 6, 7, 8]}],
    }
    assert in_video_px(snap, 2) == {
        "viewport": [640, 360],
        "scroll": [0, 30],
        "elements": [{"tag": "a", "bbox": [2, 4, 6, 8], "full_bbox": [2, 0, 6, 18]}],
        "text_blocks": [{"text": "Hi", "bbox": [10, 12, 14, 16]}],
    }
    assert in_video_px(snap, 1) is snap


def test_a_double_click_is_one_click_with_count_two(screenrec: ModuleType) -> None:
    driver, xdo, _ = _run(screenrec, [{"type": "click", "x": 300, "y": 200, "count": 2}])

    assert ("click", 2) in xdo.calls
    assert driver.records[-1].to_json(1000.0)["count"] == 2


def test_truth_actions_and_states_have_the_eval_layout(screenrec: ModuleType) -> None:
    from screenrec.driver import ActionRecord
    from screenrec.truth import StateCapture, action_entries, state_entries
    from screenrec.xdo import Span

    # Given a glide, a click and a scroll that moved the page 240 px, with a state after each action
    epoch0 = 1000.0
    records = [
        ActionRecord("move", Span(1001.0, 1001.5), 300, 200, origin=(640, 360)),
        ActionRecord("click", Span(1002.0, 1002.1), 300, 200, note="open", target={"tag": "a"}),
        ActionRecord("scroll", Span(1004.0, 1004.4), 640, 400, ticks=2),
    ]

    def state(after: int | None, t: float, scroll: list[int]) -> StateCapture:
        snapshot = {"visible_text": "x", "elements": [], "text_blocks": [], "scroll": scroll}
        return StateCapture(after, "s", Span(t, t + 0.05), f"states/{after}.png", snapshot)

    captures = [state(None, 1000.9, [0, 0]), state(1, 1003.1, [0, 0]), state(2, 1005.4, [0, 240])]

    # When the truth entries are assembled
    actions = action_entries(records, captures, epoch0)
    states = state_entries(captures, epoch0)

    # Then only the click and the scroll point at their states, with video times, and the scroll
    # carries how far the page moved
    assert [a.get("state_after") for a in actions] == [None, 1, 2]
    assert actions[1] == {
        "type": "click",
        "t": 2.0,
        "t_end": 2.1,
        "x": 300,
        "y": 200,
        "button": "left",
        "note": "open",
        "target": {"tag": "a"},
        "state_after": 1,
    }
    assert (actions[2]["dx"], actions[2]["dy"]) == (0, 240)
    # and the states keep the snapshot and add what score.py reads: index, t and the PNG
    assert [s["index"] for s in states] == [0, 1, 2]
    assert [s["after_action"] for s in states] == [None, 1, 2]
    assert states[1]["t"] == 3.1 and states[1]["t_end"] == 3.15
    assert states[2]["visible_text"] == "x" and states[2]["png"] == "states/2.png"


def test_state_delay_leaves_the_end_of_the_pause_still(screenrec: ModuleType) -> None:
    from screenrec.driver import state_delay

    assert state_delay(1.6) == pytest.approx(1.0)
    assert state_delay(2.6) == pytest.approx(2.0)
    assert state_delay(0.4) == pytest.approx(0.2)


# a stand-in browser: reads NUL-terminated commands on fd 3, answers on fd 4 like Chromium's pipe
_FAKE_BROWSER = textwrap.dedent(
    """
    import json, os
    buf = b""
    while True:
        chunk = os.read(3, 65536)
        if not chunk:
            break
        buf += chunk
        while b"\\0" in buf:
            raw, buf = buf.split(b"\\0", 1)
            msg = json.loads(raw)
            os.write(4, json.dumps({"method": "Some.event", "params": {}}).encode() + b"\\0")
            if msg["method"] == "Target.getTargets":
                infos = [{"type": "browser", "targetId": "b"}, {"type": "page", "targetId": "p"}]
                result = {"targetInfos": infos}
            elif msg["method"] == "Target.attachToTarget":
                result = {"sessionId": "S-" + msg["params"]["targetId"]}
            elif msg["method"] == "Runtime.evaluate" and msg["params"]["expression"] == "boom":
                error = {"description": "Error: boom"}
                result = {"exceptionDetails": {"text": "Uncaught", "exception": error}}
            else:
                result = {"result": {"value": [msg["params"]["expression"], msg.get("sessionId")]}}
            os.write(4, json.dumps({"id": msg["id"], "result": result}).encode() + b"\\0")
    """
)


def test_the_devtools_pipe_reaches_descriptors_3_and_4(screenrec: ModuleType) -> None:
    from screenrec.devtools import DevToolsPipe

    # Given a stand-in browser started through the pipe's launcher
    pipe = DevToolsPipe(timeout_s=10)
    argv = [*pipe.launcher(), sys.executable, "-c", _FAKE_BROWSER]
    proc = subprocess.Popen(argv, pass_fds=pipe.child_fds)
    pipe.connected()
    try:
        # When the page is attached and evaluated on
        session = pipe.page_session()
        value = pipe.evaluate("document.title", session)

        # Then the replies come back past the events, for the page's session
        assert session == "S-p"
        assert value == ["document.title", "S-p"]
        # and a throwing script is an error naming the exception
        with pytest.raises(screenrec.DevToolsError, match="Error: boom"):
            pipe.evaluate("boom", session)
    finally:
        pipe.close()
        proc.wait(timeout=10)
