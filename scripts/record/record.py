#!/usr/bin/env python3
"""Record a scenario on a static web app as an mp4 with the real pointer, plus its ground truth.

Usage::

    python scripts/record/record.py samples/scenario.json -o samples/sample.mp4 \
        --truth samples/sample.truth.json
    python scripts/record/record.py samples/scenario.json --screenshot start.png   # pick coordinates
    # a case the eval's score.py can score: UI states in truth.json and states/NN.png next to it
    python scripts/record/record.py SCENARIO -o CASE/video.mp4 --truth CASE/truth.json \
        --snapshot-js ../shared/eval/record/snapshot.js

Importable too (with ``scripts/record`` on ``sys.path``)::

    from record import record
    record("samples/scenario.json", "out.mp4", "out.truth.json")

Needs Debian's ``xvfb``, ``chromium``, ``ffmpeg`` and ``xdotool``; see README.md next to this file.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenrec import RecorderError, load_scenario, record, screenshot

__all__ = ["main", "record", "screenshot"]


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # unwinds through the recorder's finally blocks, so Xvfb, Chromium and ffmpeg are torn down
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", type=Path, help="scenario JSON file")
    parser.add_argument("-o", "--out", type=Path, help="mp4 to write")
    parser.add_argument("--truth", type=Path, help="truth JSON to write (default: none)")
    parser.add_argument(
        "--snapshot-js",
        type=Path,
        metavar="JS",
        help="the eval's record/snapshot.js: also capture a UI state after each action (needs --truth)",
    )
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="only save the start page as a PNG")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--crf", type=int, default=23, help="x264 quality, 23 (default) .. 28")
    parser.add_argument("--browser", help="Chromium binary (default: chromium)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(name)s: %(message)s"
    )
    if args.out is None and args.screenshot is None:
        parser.error("give -o VIDEO.mp4 or --screenshot PNG")
    if args.snapshot_js is not None and args.truth is None:
        parser.error("--snapshot-js needs --truth (the states are part of the truth)")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        scenario = load_scenario(args.scenario)
        if args.screenshot is not None:
            screenshot(scenario, args.screenshot, browser=args.browser)
            print(f"wrote {args.screenshot}")
            return 0
        rec = record(
            scenario,
            args.out,
            args.truth,
            fps=args.fps,
            crf=args.crf,
            browser=args.browser,
            snapshot_js=args.snapshot_js,
        )
    except RecorderError as ex:
        print(f"record: error: {ex}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("record: interrupted", file=sys.stderr)
        return 130
    size_mb = rec.video.stat().st_size / 1e6
    print(
        f"wrote {rec.video} ({rec.truth['duration']:.1f} s, {size_mb:.2f} MB, "
        f"{len(rec.truth['actions'])} actions"
        + (f", {len(rec.truth['states'])} states" if "states" in rec.truth else "")
        + ")"
        + (f" and {args.truth}" if args.truth else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
