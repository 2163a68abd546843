#!/usr/bin/env python3
"""How long segmentation takes against decoding alone, and how much memory it needs.

Records (once, cached) a 60 s 1920x1080 30 fps H.264 screen recording of `samples/bench/site` with the
project's recorder (`scripts/record`: real Chromium on Xvfb, real X pointer, typing, clicks, tab
switches and wheel scrolling), then, in one run, alternating `--repeat` times:

  ffmpeg    `ffmpeg -threads 2 -i VIDEO -f null -` (decode every frame, output nothing)
  segment   `PyAvSource(VIDEO)` + `segment()` + `track_pointer()`, in a child process
  fast      the same with the proposed `fastdiff.changed_boxes_fast` patched into `segment` (`--fast`)

and prints each time, the ratios segment / ffmpeg (median over the repeats; target <= 1.5) and the
child's peak RSS (`getrusage` ru_maxrss; target < 1 GiB). Timings are wall-clock on a shared machine:
look at the median, and rerun when the load average is high.

    .venv/bin/python bench/bench_segment.py                 # record if needed, measure
    .venv/bin/python bench/bench_segment.py --fast --repeat 5
    .venv/bin/python bench/bench_segment.py --video other.mp4 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "samples" / "bench" / "scenario.json"
CACHE = Path.home() / ".cache" / "replicast-bench"


def scenario_key(scenario: Path) -> str:
    """A hash of the scenario and its site: a changed site means a new recording."""
    h = hashlib.sha256(scenario.read_bytes())
    site = scenario.parent / json.loads(scenario.read_text())["site"]
    for path in sorted(site.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(site).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def recording(scenario: Path, cache: Path, again: bool) -> Path:
    """The cached recording of `scenario`, made with `scripts/record` when missing."""
    video = cache / f"{scenario.stem}-{scenario_key(scenario)}.mp4"
    if video.exists() and not again:
        return video
    sys.path.insert(0, str(ROOT / "scripts" / "record"))
    from screenrec import record

    cache.mkdir(parents=True, exist_ok=True)
    print(f"recording {scenario} into {video} (about 70 s) ...", flush=True)
    tmp = video.with_suffix(".part.mp4")
    record(scenario, tmp, video.with_suffix(".truth.json"))
    tmp.replace(video)
    return video


def time_ffmpeg(video: Path, threads: int) -> float:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        sys.exit("bench_segment: ffmpeg is not on PATH (apt-get install ffmpeg)")
    cmd = [ffmpeg, "-nostdin", "-v", "error", "-threads", str(threads), "-i", str(video)]
    start = time.perf_counter()
    subprocess.run([*cmd, "-map", "0:v:0", "-f", "null", "-"], check=True)
    return time.perf_counter() - start


def patch_fast_diff() -> None:
    """Make `segment` find changed regions with `fastdiff` (what the proposal to the lead does)."""
    import cv2

    from replicast.pipeline import segment as seg
    from replicast.pipeline.changes import ChangeConfig
    from replicast.pipeline.fastdiff import mask_boxes_fast

    class LazyDiff:
        """Stands for the mask: `.any()` is one absdiff + max; the mask is built only when it is."""

        def __init__(self, a: np.ndarray, b: np.ndarray, threshold: int) -> None:
            self.d = cv2.absdiff(a, b)
            self.threshold = threshold

        def any(self) -> bool:
            return int(self.d.max()) > self.threshold

    def change_mask(a: np.ndarray, b: np.ndarray, threshold: int) -> LazyDiff:
        return LazyDiff(a, b, threshold)

    def mask_boxes(diff: LazyDiff, cfg: ChangeConfig) -> list[Any]:
        _, mask = cv2.threshold(diff.d, diff.threshold, 1, cv2.THRESH_BINARY)
        return mask_boxes_fast(mask, cfg)

    seg.change_mask = change_mask  # type: ignore[assignment]
    seg.mask_boxes = mask_boxes  # type: ignore[assignment]


def child(video: Path, fast: bool, profile: bool) -> None:
    """Segment `video` in this process and print one JSON line: seconds, spans, peak RSS."""
    from replicast.media.pyav import PyAvSource
    from replicast.pipeline.pointer import track_pointer
    from replicast.pipeline.segment import SegmentConfig, segment

    if fast:
        patch_fast_diff()
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    prof = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if prof is not None:
        prof.enable()
    with PyAvSource(video) as src:
        timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
        track = track_pointer(timeline)
    if prof is not None:
        prof.disable()
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if prof is not None:
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(14)
    moved = sum(1 for g in track.gaps if g.moved)
    result = {
        "seconds": seconds,
        "spans": len(timeline.spans),
        "moves": moved,
        "peak_mib": peak_kb / 1024,
        "base_mib": base_kb / 1024,
    }
    print(json.dumps(result), flush=True)


def run_child(video: Path, fast: bool, profile: bool = False) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", "--video", str(video)]
    cmd += ["--fast"] if fast else []
    cmd += ["--profile"] if profile else []
    # the profile goes to stderr, shown; the result is the last line of stdout
    out = subprocess.run(cmd, check=True, text=True, stdout=subprocess.PIPE)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--video", type=Path, help="measure this file instead of the bench recording")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--record-again", action="store_true", help="record even when a cached video exists")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each (median reported)")
    parser.add_argument("--threads", type=int, default=2, help="ffmpeg's -threads")
    parser.add_argument("--fast", action="store_true", help="also time segment with fastdiff patched in")
    parser.add_argument("--profile", action="store_true", help="print where the segmentation's time goes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.video, args.fast, args.profile)
        return 0
    video: Path = args.video or recording(args.scenario, args.cache, args.record_again)
    video.read_bytes()  # page cache: every run reads the file from memory
    from replicast.media.pyav import PyAvSource

    with PyAvSource(video) as src:
        info = src.info
    print(
        f"video    {video}: {info.width}x{info.height}, {info.fps:g} fps, {info.duration:.1f} s, {info.codec}"
    )
    print(f"machine  {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
    variants = [False, True] if args.fast else [False]
    times: dict[str, list[float]] = {"ffmpeg": [], "segment": [], "fast": []}
    rss: dict[str, float] = {}
    for _ in range(args.repeat):
        times["ffmpeg"].append(time_ffmpeg(video, args.threads))
        for fast in variants:
            r = run_child(video, fast)
            name = "fast" if fast else "segment"
            times[name].append(r["seconds"])
            rss[name] = max(rss.get(name, 0.0), r["peak_mib"])
            spans, peak = int(r["spans"]), r["peak_mib"]
            print(f"  {name:8s} {r['seconds']:6.2f} s  {spans} spans  peak RSS {peak:.0f} MiB")
        print(f"  ffmpeg   {times['ffmpeg'][-1]:6.2f} s")
    ff = statistics.median(times["ffmpeg"])
    print(f"ffmpeg   median {ff:6.2f} s  (-threads {args.threads})")
    for name in ("segment", "fast"):
        if not times[name]:
            continue
        ratios = [s / f for s, f in zip(times[name], times["ffmpeg"], strict=True)]
        med = statistics.median(times[name])
        verdict = "ok" if statistics.median(ratios) <= 1.5 else "over 1.5"
        print(
            f"{name:8s} median {med:6.2f} s  ratio {statistics.median(ratios):.2f} ({verdict}; "
            f"runs {', '.join(f'{r:.2f}' for r in ratios)})  peak RSS {rss[name]:.0f} MiB "
            f"({'ok' if rss[name] < 1024 else 'over 1 GiB'})"
        )
    if args.profile:
        run_child(video, args.fast, profile=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
