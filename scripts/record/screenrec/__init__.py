"""screenrec: record a scripted session on a static web app as an mp4 plus exact ground truth.

Drives Debian's Chromium on a private Xvfb display with the real X pointer (xdotool) while ffmpeg
captures the screen. Entry points: :func:`record`, :func:`screenshot`, :func:`load_scenario`.
"""

from .errors import DevToolsError, ProcessFailedError, RecorderError, ScenarioError, ToolMissingError
from .scenario import Action, Scenario, load_scenario, parse_scenario
from .session import Recording, record, screenshot
from .tools import find_tools, missing_tools

__all__ = [
    "Action",
    "DevToolsError",
    "ProcessFailedError",
    "RecorderError",
    "Recording",
    "Scenario",
    "ScenarioError",
    "ToolMissingError",
    "find_tools",
    "load_scenario",
    "missing_tools",
    "parse_scenario",
    "record",
    "screenshot",
]
