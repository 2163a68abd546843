"""Errors raised by the screen recorder.

::

    RecorderError                 anything that stops a recording
     ├── ToolMissingError         a required program (Xvfb, chromium, ffmpeg, xdotool) is not installed
     ├── ScenarioError            the scenario JSON is malformed or points at a missing site
     ├── ProcessFailedError       a helper process died, timed out or wrote no usable output
     └── DevToolsError            reading the page over the DevTools pipe failed (UI-state snapshots)
"""

from __future__ import annotations


class RecorderError(Exception):
    """Base class of every error the recorder raises on purpose."""


class ToolMissingError(RecorderError):
    """A program the recorder needs is not on PATH; the message names the Debian package."""

    def __init__(self, tool: str, package: str) -> None:
        super().__init__(f"'{tool}' was not found on PATH; install it with: apt-get install {package}")
        self.tool = tool
        self.package = package


class ScenarioError(RecorderError):
    """The scenario is invalid (unknown action, missing field, site folder not found, ...)."""


class ProcessFailedError(RecorderError):
    """Xvfb, Chromium, ffmpeg or xdotool failed; the message carries the tail of its log."""


class DevToolsError(RecorderError):
    """A DevTools call to the browser failed, timed out or the page script it ran threw."""
