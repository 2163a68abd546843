"""Locate the external programs the recorder drives, failing with the Debian package to install.

>>> find_tools()  # doctest: +SKIP
Tools(xvfb='/usr/bin/Xvfb', browser='/usr/bin/chromium', ffmpeg=..., ffprobe=..., xdotool=...)
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from .errors import ToolMissingError

#: program name -> Debian package that provides it
PACKAGES: dict[str, str] = {
    "Xvfb": "xvfb",
    "chromium": "chromium",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "xdotool": "xdotool",
}

#: browser binaries tried in order when none is given explicitly
BROWSER_CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser")


@dataclass(frozen=True, slots=True)
class Tools:
    """Absolute paths of every program a recording needs."""

    xvfb: str
    browser: str
    ffmpeg: str
    ffprobe: str
    xdotool: str


def require(tool: str) -> str:
    """Return the absolute path of ``tool``.

    Raises:
        ToolMissingError: when ``tool`` is not on PATH.
    """
    path = shutil.which(tool)
    if path is None:
        raise ToolMissingError(tool, PACKAGES.get(tool, tool))
    return path


def missing_tools(browser: str | None = None) -> list[str]:
    """Names of the required programs that are not on PATH (empty when all are present)."""
    names = ["Xvfb", "ffmpeg", "ffprobe", "xdotool"]
    missing = [name for name in names if shutil.which(name) is None]
    browsers = (browser,) if browser else BROWSER_CANDIDATES
    if not any(shutil.which(b) for b in browsers):
        missing.append(browsers[0])
    return missing


def find_tools(browser: str | None = None) -> Tools:
    """Find all programs needed for a recording.

    Args:
        browser: a Chromium binary (name or path) to use instead of Debian's ``chromium``.

    Raises:
        ToolMissingError: for the first program that is missing.
    """
    if browser:
        browser_path = require(browser)
    else:
        found = [p for p in (shutil.which(b) for b in BROWSER_CANDIDATES) if p]
        if not found:
            raise ToolMissingError("chromium", PACKAGES["chromium"])
        browser_path = found[0]
    return Tools(
        xvfb=require("Xvfb"),
        browser=browser_path,
        ffmpeg=require("ffmpeg"),
        ffprobe=require("ffprobe"),
        xdotool=require("xdotool"),
    )
