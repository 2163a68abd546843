#!/usr/bin/env python3
"""How long parsing a recording takes against decoding it, and what one OCR read costs.

On the 60 s 1920x1080 bench recording that `bench_segment.py` makes and caches (the project's recorder,
real Chromium), one run times, alternating `--repeat` times:

  ffmpeg    `ffmpeg -threads 2 -i VIDEO -f null -` (decode every frame, output nothing); with
            `--baseline pyav`, PyAV's bare decode with as many threads (for a machine without ffmpeg)
  parse     in a child process, what `run_pipeline` does up to its screens: `detect_viewport`, the page
            cropped when needed, `freeze_animations` + `segment` + `track_with_pauses`, then
            `parse_states` with the real engines (`RapidOcrEngine` + `detect_elements`): OCR and element
            detection of every keyframe, full-screen reads where the page changed much, region re-reads
            elsewhere; then, untimed, `infer_events` (which states a scroll joined), and timed again
            `scrolled_pages`: each page the recording scrolled through stitched and parsed (its
            lines from its views' where they lie whole, the seams read again; elements detected)

and prints each run's wall and CPU time (user + system, all threads), the median parse / ffmpeg ratio
(target <= 2), the number of keyframes (screen states), how many full-screen reads and region re-reads
OCR did, the mean cost of one full-screen read against one incremental re-read (wall ms, CPU ms and
pixels read), and where parse_states' CPU went: rapidocr's text detector, the recogniser's model (the
line images it read, and how many the line memory answered), the rest of OCR (cutting lines, word boxes,
refine_lines), element detection, and the rest (clean_image, choose_basis). The machine may be shared:
the load average is printed, and CPU ratios are the robust ones.

    .venv/bin/python bench/bench_parse.py                  # record if needed, 3 alternating runs
    .venv/bin/python bench/bench_parse.py --repeat 1 --profile
    .venv/bin/python bench/bench_parse.py --ocr-threads 1 --int8
    python3 bench/bench_parse.py --provider cuda --baseline pyav --video rec.mp4   # a GPU machine
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_segment import CACHE, SCENARIO, recording, time_ffmpeg


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@dataclass
class Calls:
    """What one kind of call cost, summed."""

    n: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    pixels: int = 0

    def add(self, wall: float, cpu: float, pixels: int) -> None:
        self.n += 1
        self.wall += wall
        self.cpu += cpu
        self.pixels += pixels

    def mean(self) -> dict[str, float]:
        n = max(self.n, 1)
        return {"n": self.n, "ms": 1000 * self.wall / n, "cpu_ms": 1000 * self.cpu / n, "px": self.pixels / n}


def timed(obj: Any, name: str, calls: Calls) -> None:
    """Replace `obj.name` (a callable) by one that adds each call's cost to `calls`."""
    inner = getattr(obj, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        c, t = _cpu(), time.perf_counter()
        out = inner(*args, **kwargs)
        calls.add(time.perf_counter() - t, _cpu() - c, 0)
        return out

    setattr(obj, name, wrapper)


@dataclass
class CountingReader:
    """A ScreenReader that times each call of the engine it wraps (the process's CPU: OCR runs alone)."""

    inner: Any
    full: Calls = field(default_factory=Calls)
    region: Calls = field(default_factory=Calls)

    def read(self, image: Any, **kwargs: Any) -> Any:
        c, t = _cpu(), time.perf_counter()
        out = self.inner.read(image, **kwargs)
        self.full.add(time.perf_counter() - t, _cpu() - c, image.shape[0] * image.shape[1])
        return out

    def read_region(self, image: Any, box: Any) -> Any:
        c, t = _cpu(), time.perf_counter()
        out = self.inner.read_region(image, box)
        h, w = image.shape[:2]
        px = max(0, min(box.x2, w) - max(box.x, 0)) * max(0, min(box.y2, h) - max(box.y, 0))
        self.region.add(time.perf_counter() - t, _cpu() - c, px)
        return out


def child(
    video: Path, ocr_threads: int | None, int8: bool, int8_detector: bool, provider: str, profile: bool
) -> None:
    """Parse `video` in this process and print one JSON line of timings and counts."""
    from replicast.media.base import VideoSource
    from replicast.media.crop import CroppedSource
    from replicast.media.pyav import PyAvSource
    from replicast.pipeline.animation import freeze_animations
    from replicast.pipeline.behaviour import infer_events
    from replicast.pipeline.pages import scrolled_pages
    from replicast.pipeline.parse import Engines, ParseConfig, parse_states
    from replicast.pipeline.pauses import track_with_pauses
    from replicast.pipeline.segment import SegmentConfig, segment
    from replicast.pipeline.viewport import detect_viewport, first_lumas
    from replicast.vision.detect import detect_elements
    from replicast.vision.rapid import RapidOcrEngine

    kwargs: dict[str, Any] = {"threads": ocr_threads, "provider": provider}
    if int8:
        kwargs["int8"] = True
    if int8_detector:
        kwargs["int8_detector"] = True
    engine = RapidOcrEngine(**kwargs)
    reader = CountingReader(engine)
    detect = Calls()
    # where OCR's time goes: the text detector, the recogniser's model, the line memory around it
    stages = {"text detector": Calls(), "recogniser": Calls(), "line memory + model": Calls()}
    memo = engine.memo
    timed(engine, "_detect", stages["text detector"])
    timed(memo, "_inner", stages["recogniser"])
    timed(engine, "memo", stages["line memory + model"])

    def timed_detect(image: Any, lines: Sequence[Any]) -> Any:
        c, t = _cpu(), time.perf_counter()
        out = detect_elements(image, lines)
        detect.add(time.perf_counter() - t, _cpu() - c, image.shape[0] * image.shape[1])
        return out

    prof = cProfile.Profile() if profile else None
    cpu0, t0 = _cpu(), time.perf_counter()
    if prof is not None:
        prof.enable()
    with PyAvSource(video) as src:
        vp = detect_viewport(first_lumas(src))
        page: VideoSource = src if vp.is_whole(src.info) else CroppedSource(src, vp.crop)
        w, h = page.info.width, page.info.height
        cfg = SegmentConfig()
        timeline = segment(freeze_animations(page.frames()), cfg, w, h)
        timeline, track = track_with_pauses(timeline, page, cfg.settle_s)
    cpu1, t1 = _cpu(), time.perf_counter()
    engines = Engines(reader, timed_detect)
    states = parse_states(timeline, track, engines, ParseConfig())
    cpu2, t2 = _cpu(), time.perf_counter()
    behaviour = infer_events(timeline, track, states)
    cpu3, t3 = _cpu(), time.perf_counter()
    pages = scrolled_pages(states, behaviour, engines)
    if prof is not None:
        prof.disable()
    cpu4, t4 = _cpu(), time.perf_counter()
    if prof is not None:
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(18)
    result = {
        "seconds": t2 - t0 + t4 - t3,
        "cpu": cpu2 - cpu0 + cpu4 - cpu3,
        "segment_s": t1 - t0,
        "segment_cpu": cpu1 - cpu0,
        "states_s": t2 - t1,
        "states_cpu": cpu2 - cpu1,
        "pages_s": t4 - t3,
        "pages_cpu": cpu4 - cpu3,
        "pages": [list(p.held_image.shape[:2]) for p in pages],
        "spans": len(timeline.spans),
        "keyframes": len(states),
        "lines": sum(len(s.lines) for s in states),
        "texts": sorted({ln.text for s in states for ln in s.lines}),
        "full": reader.full.mean(),
        "region": reader.region.mean(),
        "detect": detect.mean(),
        "stages": {k: {"n": c.n, "cpu": c.cpu} for k, c in stages.items()},
        "memo": {"hits": memo.hits, "misses": memo.misses},
    }
    print(json.dumps(result), flush=True)


def run_child(video: Path, args: argparse.Namespace, profile: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "--video", str(video)]
    cmd += ["--ocr-threads", str(args.ocr_threads)] if args.ocr_threads else []
    cmd += ["--int8"] if args.int8 else []
    cmd += ["--int8-detector"] if args.int8_detector else []
    cmd += ["--provider", args.provider]
    cmd += ["--profile"] if profile else []
    out = subprocess.run(cmd, check=True, text=True, stdout=subprocess.PIPE)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


_PYAV_DECODE = """
import sys, av
with av.open(sys.argv[1]) as c:
    s = c.streams.video[0]
    s.codec_context.thread_count = int(sys.argv[2])
    s.thread_type = "AUTO"
    for _ in c.decode(s):
        pass
"""


def time_decode(video: Path, threads: int, baseline: str) -> tuple[float, float]:
    """Wall and CPU seconds of decoding `video` to nowhere: the ffmpeg command line, or PyAV's bare
    decode in a child process (the same FFmpeg libraries, for a machine without the ffmpeg command)."""
    if baseline == "ffmpeg":
        return time_ffmpeg(video, threads)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _PYAV_DECODE, str(video), str(threads)], check=True)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, now.ru_utime + now.ru_stime - cpu.ru_utime - cpu.ru_stime


def _cost(c: dict[str, float]) -> str:
    return f"{int(c['n']):4d} x {c['ms']:7.1f} ms (cpu {c['cpu_ms']:7.1f} ms) {c['px'] / 1e3:8.1f} kpx"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--video", type=Path, help="measure this file instead of the bench recording")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs (median reported)")
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="ffmpeg's decoder threads (PyAvSource keeps its default, as convert does)",
    )
    parser.add_argument("--ocr-threads", type=int, help="onnxruntime intra-op threads (default: all cores)")
    parser.add_argument("--int8", action="store_true", help="the int8-quantized recognition model")
    parser.add_argument("--int8-detector", action="store_true", help="the int8-quantized detection model")
    parser.add_argument(
        "--provider", choices=["cpu", "cuda"], default="cpu", help="OCR's onnxruntime provider"
    )
    parser.add_argument(
        "--baseline",
        choices=["ffmpeg", "pyav"],
        default="ffmpeg",
        help="what decode time is: the ffmpeg command (the issue's), or PyAV's decode where there is none",
    )
    parser.add_argument("--profile", action="store_true", help="print where the parse's time goes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.video, args.ocr_threads, args.int8, args.int8_detector, args.provider, args.profile)
        return 0
    video: Path = args.video or recording(args.scenario, args.cache, again=False)
    video.read_bytes()  # page cache: every run reads the file from memory
    from replicast.media.pyav import PyAvSource

    with PyAvSource(video) as src:
        info = src.info
    print(f"video    {video}: {info.width}x{info.height}, {info.fps:g} fps, {info.duration:.1f} s")
    print(f"machine  {os.cpu_count()} cpus, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    ff_wall: list[float] = []
    ff_cpu: list[float] = []
    runs: list[dict[str, Any]] = []
    for _ in range(args.repeat):
        w, c = time_decode(video, args.threads, args.baseline)
        ff_wall.append(w)
        ff_cpu.append(c)
        r = run_child(video, args)
        runs.append(r)
        print(
            f"  {args.baseline} {w:6.2f} s cpu {c:6.2f} s | "
            f"parse {r['seconds']:6.2f} s cpu {r['cpu']:6.2f} s "
            f"(segment {r['segment_s']:.2f} s, states {r['states_s']:.2f} s, pages {r['pages_s']:.2f} s) "
            f"ratio {r['seconds'] / w:.2f} "
            f"cpu ratio {r['cpu'] / c:.2f}  load {os.getloadavg()[0]:.1f}"
        )
    last = runs[-1]
    ratios = [r["seconds"] / f for r, f in zip(runs, ff_wall, strict=True)]
    cpu_ratios = [r["cpu"] / f for r, f in zip(runs, ff_cpu, strict=True)]
    ratio = statistics.median(ratios)
    ff_mid, ff_cpu_mid = statistics.median(ff_wall), statistics.median(ff_cpu)
    print(f"{args.baseline:8} median {ff_mid:6.2f} s, cpu {ff_cpu_mid:.2f} s")
    print(
        f"parse    median {statistics.median(r['seconds'] for r in runs):6.2f} s  ratio {ratio:.2f} "
        f"({'ok' if ratio <= 2 else 'over 2'}; runs {', '.join(f'{x:.2f}' for x in ratios)})  "
        f"cpu ratio {statistics.median(cpu_ratios):.2f} (runs {', '.join(f'{x:.2f}' for x in cpu_ratios)})"
    )
    print(
        f"         of which segment {statistics.median(r['segment_s'] for r in runs):.2f} s "
        f"(cpu {statistics.median(r['segment_cpu'] for r in runs):.2f}), parse_states "
        f"{statistics.median(r['states_s'] for r in runs):.2f} s "
        f"(cpu {statistics.median(r['states_cpu'] for r in runs):.2f}), scrolled_pages "
        f"{statistics.median(r['pages_s'] for r in runs):.2f} s "
        f"(cpu {statistics.median(r['pages_cpu'] for r in runs):.2f}; pages h x w {last['pages']})"
    )
    print(
        f"keyframes {last['keyframes']} screen states of {last['spans']} stable spans, {last['lines']} lines"
    )
    print(f"full-screen read  {_cost(last['full'])}")
    print(f"region re-read    {_cost(last['region'])}")
    print(f"detect elements   {_cost(last['detect'])}")
    st, memo = last["stages"], last["memo"]
    total = {k: c["cpu_ms"] * c["n"] / 1e3 for k, c in (("full", last["full"]), ("region", last["region"]))}
    ocr = total["full"] + total["region"]
    elements = last["detect"]["cpu_ms"] * last["detect"]["n"] / 1e3
    found, model, memory = (st[k]["cpu"] for k in ("text detector", "recogniser", "line memory + model"))
    print(
        f"stages (cpu s, last run): text detector {found:.1f} ({st['text detector']['n']} images), "
        f"recogniser {model:.1f} ({memo['misses']} lines; {memo['hits']} more answered by the line "
        f"memory in {memory - model:.1f}), rest of OCR {ocr - found - memory:.1f}, element detection "
        f"{elements:.1f}, rest of parse_states and scrolled_pages "
        f"{last['states_cpu'] + last['pages_cpu'] - ocr - elements:.1f}"
    )
    if last["region"]["n"] and last["full"]["n"]:
        f, g = last["full"], last["region"]
        print(
            f"one re-read costs {g['ms'] / f['ms']:.2f} of a full read in time "
            f"({g['cpu_ms'] / f['cpu_ms']:.2f} in cpu), {g['px'] / f['px']:.3f} in pixels"
        )
    if len({json.dumps(r["texts"]) for r in runs}) > 1:
        first = set(runs[0]["texts"])
        differ = sorted({t for r in runs[1:] for t in first.symmetric_difference(r["texts"])})
        print(f"the runs read different text ({len(differ)} of {len(first)} distinct lines): {differ[:8]}")
    if args.profile:
        run_child(video, args, profile=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
