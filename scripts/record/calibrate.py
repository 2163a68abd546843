#!/usr/bin/env python3
"""Measure the recorder's time alignment: record the calibration page and report the lags.

Usage::

    python scripts/record/calibrate.py [--keep DIR] [--cues 8]

Prints, per cue kind (wall clock, click, key), how long after the cue the change first shows in the
video: n, min, median and max in seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenrec import RecorderError
from screenrec.alignment import calibrate


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the calibration video and truth in this folder")
    parser.add_argument("--cues", type=int, default=4, help="clicks and key presses each (default 4)")
    parser.add_argument("--browser", help="Chromium binary (default: chromium)")
    parser.add_argument("--viewport", default="640x360", help="WxH of the calibration page (default 640x360)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    w, _, h = args.viewport.partition("x")
    options = {"browser": args.browser, "cues": args.cues, "viewport": (int(w), int(h))}
    try:
        if args.keep:
            report = calibrate(args.keep, **options)
        else:
            with tempfile.TemporaryDirectory(prefix="screenrec-cal-") as tmp:
                report = calibrate(Path(tmp), **options)
    except RecorderError as ex:
        print(f"calibrate: error: {ex}", file=sys.stderr)
        return 2
    print(json.dumps({"fps": report.fps, "lag_s": report.summary()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
