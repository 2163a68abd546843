#!/usr/bin/env python3
"""How fast PyAvSource decodes, against the ffmpeg command line decoding the same file to nowhere.

Times, in one run each after one untimed read that warms the page cache:
  ffmpeg   `ffmpeg -i VIDEO -f null -` (decode every frame with FFmpeg's own threads, output nothing)
  pyav     PyAV's bare `container.decode()` with thread_type AUTO (PyAV's FFmpeg, no replicast code)
  plane    `for f in PyAvSource(VIDEO).frames(): f.y` (decode; the Y plane is a view, no copy)
  rgb      the same, calling `f.rgb()` on every frame (what the pipeline avoids)
and prints the ratios (PyAvSource time / ffmpeg time; 1.0 means as fast as ffmpeg).

    .venv/bin/python bench/bench_decode.py
    .venv/bin/python bench/bench_decode.py --video some.webm --threads 4 --no-rgb
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av

from replicast.media.pyav import PyAvSource

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VIDEO = ROOT.parent / "shared" / "eval" / "dev" / "todomvc-react" / "video.mp4"


def time_ffmpeg(video: Path) -> float:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        sys.exit("bench_decode: ffmpeg is not on PATH (apt-get install ffmpeg)")
    start = time.perf_counter()
    subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-i", str(video), "-map", "0:v:0", "-f", "null", "-"],
        check=True,
    )
    return time.perf_counter() - start


def time_pyav(video: Path, threads: int) -> float:
    start = time.perf_counter()
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        stream.thread_count = threads
        for _ in container.decode(stream):
            pass
    return time.perf_counter() - start


def time_source(video: Path, threads: int, rgb: bool) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    with PyAvSource(video, threads=threads) as src:
        for frame in src.frames():
            if rgb:
                frame.rgb()
            n += 1
    return time.perf_counter() - start, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--threads", type=int, default=0, help="decoder threads (0: one per core)")
    parser.add_argument("--no-rgb", action="store_true", help="skip the rgb timing")
    args = parser.parse_args(argv)
    video: Path = args.video
    if not video.is_file():
        sys.exit(f"bench_decode: no video at {video}")

    video.read_bytes()  # page cache: both sides read the file from memory
    with PyAvSource(video) as src:
        info = src.info
    ffmpeg_s = time_ffmpeg(video)
    pyav_s = time_pyav(video, args.threads)
    plane_s, frames = time_source(video, args.threads, rgb=False)
    size = f"{info.width}x{info.height}"
    print(f"video   {video.name}: {size}, {info.fps:g} fps, {info.duration:.1f} s, {info.codec}")
    print(f"cpus    {os.cpu_count()}, decoder threads {args.threads or 'auto'}")
    print(f"ffmpeg  {ffmpeg_s:6.2f} s  ({frames / ffmpeg_s:6.0f} frames/s)")
    print(f"pyav    {pyav_s:6.2f} s  ({frames / pyav_s:6.0f} frames/s)")
    print(f"plane   {plane_s:6.2f} s  ({frames / plane_s:6.0f} frames/s, {frames} frames)")
    if not args.no_rgb:
        rgb_s, _ = time_source(video, args.threads, rgb=True)
        print(f"rgb     {rgb_s:6.2f} s  ({frames / rgb_s:6.0f} frames/s)")
    bare = pyav_s / ffmpeg_s
    print(f"ratio   plane / ffmpeg = {plane_s / ffmpeg_s:.2f}  (bare pyav / ffmpeg = {bare:.2f})")
    if not args.no_rgb:
        print(f"ratio   rgb / ffmpeg  = {rgb_s / ffmpeg_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
