"""Synthetic screen recordings with exact ground truth, for tests.

Describe screens as widgets with exact boxes and a script of what the "user" does; get a real
H.264 mp4 or VP9 webm (drawn with PIL, encoded with PyAV) and a `SyntheticTruth` that says where
every text and widget is, what each screen looked like, and when and where every click, typed
string and key press happened, so a test can assert that the pipeline recovers them.

    login = SyntheticScreen("login", (
        Label("title", Box(40, 30, 300, 40), "Sign in", size=28, bold=True, role="heading"),
        TextInput("email", Box(40, 100, 300, 36), placeholder="Email"),
        Button("go", Box(40, 160, 120, 40), "Continue", goto="home"),
    ))
    home = SyntheticScreen("home", (Label("hi", Box(40, 30, 300, 40), "Welcome"),))
    script = Script((login, home), (Click("email"), Type("ada@example.com"), Click("go"), Wait(1.0)))
    truth = render_video(script, tmp_path / "login.mp4")          # 640x360, 30 fps, H.264
    assert truth.events[1].text == "ada@example.com"

Frame i shows t = i / fps. The pointer is the X11 arrow (black, white outline) with its hotspot at
the tip (with `Script(ibeam=True)`, an I-beam over text inputs); the focused input's caret blinks
(0.5 s on, 0.5 s off, restarting at each keystroke).
`SyntheticSource` serves the same frames from memory as a `VideoSource`, for pipeline tests that
need no codec in the way; `encode_video` encodes any RGB frames, at a fixed or a variable rate.
`tall_page` / `scrolled_frames` / `glide_offsets` make a page scrolled to exactly known offsets;
`board_page` / `panned_frames` one scrolled sideways or both ways.
"""

from replicast.media.synthetic._model import (
    Button,
    Checkbox,
    Click,
    Color,
    Disclosure,
    DoubleClick,
    Drag,
    Hover,
    Key,
    Label,
    Move,
    Scrim,
    Script,
    Show,
    Step,
    SyntheticScreen,
    Target,
    TextInput,
    Type,
    Wait,
    Widget,
)
from replicast.media.synthetic._scroll import (
    board_page,
    glide_offsets,
    header_bar,
    panned_frames,
    scrolled_frames,
    tall_page,
)
from replicast.media.synthetic._truth import (
    CursorKey,
    SyntheticTruth,
    TruthElement,
    TruthEvent,
    TruthState,
    TruthText,
)
from replicast.media.synthetic._video import (
    Codec,
    SyntheticSource,
    encode_video,
    render_frames,
    render_video,
    script_truth,
)
from replicast.vision.base import Box

__all__ = [
    "Box",
    "Button",
    "Checkbox",
    "Click",
    "Codec",
    "Color",
    "CursorKey",
    "Disclosure",
    "DoubleClick",
    "Drag",
    "Hover",
    "Key",
    "Label",
    "Move",
    "Scrim",
    "Script",
    "Show",
    "Step",
    "SyntheticScreen",
    "SyntheticSource",
    "SyntheticTruth",
    "Target",
    "TextInput",
    "TruthElement",
    "TruthEvent",
    "TruthState",
    "TruthText",
    "Type",
    "Wait",
    "Widget",
    "board_page",
    "encode_video",
    "glide_offsets",
    "header_bar",
    "panned_frames",
    "render_frames",
    "render_video",
    "script_truth",
    "scrolled_frames",
    "tall_page",
]
