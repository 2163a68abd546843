#!/usr/bin/env python3
"""Is an int8-quantized text recogniser worth it? Speed and accuracy against the shipped fp32 model.

Variants of rapidocr's PP-OCRv6 small recognition model (the detector stays fp32):

  fp32      the model shipped in the rapidocr wheel
  dyn-u8    onnxruntime `quantize_dynamic`, uint8 weights (Conv and MatMul), no calibration
  qdq-int8  the project's recipe (`replicast.vision.quantize`): static QDQ, uint8 activations, int8
            weights, calibrated on synthetic lines drawn in-process (never on the eval videos)

and for each, in one run:

  line ms   mean wall / CPU ms to recognise one synthetic line image (batch of 1, 1 thread)
  frame s   wall / CPU seconds of `RapidOcrEngine.read` on synthetic 1920x1080 screens (2 threads)
  synth     word recall / precision and character error rate (CER, per drawn line, against the line
            read over it) on those screens, whose text is known exactly
  dev       word recall / precision of the text read on the dev cases' state screenshots
            (../shared/eval/dev/*/states, every `--every`-th) against their visible text, tokenised
            as eval/score.py does

Needs the `onnx` package (`pip install -e '.[int8]'`) to quantize.

    .venv/bin/python bench/bench_int8.py                      # everything (~10 min on 2 busy cores)
    .venv/bin/python bench/bench_int8.py --frames 2 --every 4 --variant fp32 --variant qdq-int8
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from eval_vision import EVAL, load_scorer  # noqa: E402
from tests.vision.render import Canvas  # noqa: E402

VARIANTS = ("fp32", "dyn-u8", "qdq-int8")
_WORDS_TEXT = (
    "invoice customer shipping address billing total subtotal discount coupon checkout cart wishlist "
    "notifications messages calendar upload download archive project milestone deadline assignee "
    "comment reply share follow unfollow subscribe language theme appearance security privacy terms "
    "Monday March 2023 17:45 #8812 $1,249.00 42% v2.3.1 admin@acme.io Berlin Tokyo Sarah Chen Item "
    "Stock Warehouse"
)
WORDS = tuple(_WORDS_TEXT.split())


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def make_variant(name: str, shipped: Path, workdir: Path) -> Path:
    if name == "fp32":
        return shipped
    if name == "qdq-int8":
        from replicast.vision.quantize import int8_recogniser

        return int8_recogniser(shipped, workdir)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = workdir / "rec-dyn-u8.onnx"
    quantize_dynamic(str(shipped), str(out), weight_type=QuantType.QUInt8)
    return out


def screens(n: int, seed: int = 11) -> list[Canvas]:
    """Synthetic 1920x1080 screens: rows of random UI words, 12-28 px, on light and dark bands."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        c = Canvas(width=1920, height=1080)
        y = 20
        while y < 1040:
            size = rng.choice([12, 13, 14, 16, 18, 20, 24, 28])
            dark = rng.random() < 0.2
            if dark:
                c.rect(f"band{y}", _band(y, size), fill=(52, 58, 64))
            x = rng.randint(10, 400)
            while x < 1700:
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
                box = c.text(x, y, text, size=size, colour=(255, 255, 255) if dark else (33, 37, 41))
                x = box.x2 + rng.randint(60, 300)
            y += int(size * 2.2)
        out.append(c)
    return out


def _band(y: int, size: int) -> Any:
    from replicast.vision.base import Box

    return Box(0, y - 4, 1920, int(size * 1.6) + 8)


def lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def pr(truth: list[str], read: list[str]) -> tuple[int, int, int]:
    hit = sum((Counter(truth) & Counter(read)).values())
    return hit, len(truth), len(read)


def measure(
    name: str, model: Path, canvases: list[Canvas], dev: list[tuple[np.ndarray, str]], score: Any
) -> dict[str, float]:
    from rapidocr.ch_ppocr_rec import TextRecInput

    from replicast.vision.quantize import calibration_lines
    from replicast.vision.rapid import RapidOcrEngine

    row: dict[str, float] = {}
    # per line: the recogniser alone (no line memory), one thread, fresh synthetic lines (not the
    # calibration set), each a BGR image 48 px high
    rec = RapidOcrEngine(threads=1, rec_model=model, memo_lines=0).memo
    lines = [
        np.ascontiguousarray(((x[0].transpose(1, 2, 0) * 0.5 + 0.5) * 255).round().astype(np.uint8))
        for x in calibration_lines(24, seed=99)
    ]
    rec(TextRecInput(img=[lines[0]]))
    c, t = _cpu(), time.perf_counter()
    for im in lines:
        rec(TextRecInput(img=[im]))
    row["line_ms"] = 1000 * (time.perf_counter() - t) / len(lines)
    row["line_cpu_ms"] = 1000 * (_cpu() - c) / len(lines)
    # whole screens through the engine as the pipeline uses it (no line memory: each screen read in full)
    engine = RapidOcrEngine(threads=2, rec_model=model, memo_lines=0)
    hits = [0, 0, 0]
    edits = chars = 0
    wall = cpu = 0.0
    for canvas in canvases:
        c, t = _cpu(), time.perf_counter()
        read = engine.read(canvas.rgb())
        wall += time.perf_counter() - t
        cpu += _cpu() - c
        h = pr(
            [w for ln in canvas.lines for w in ln.text.split()], [w for ln in read for w in ln.text.split()]
        )
        hits = [a + b for a, b in zip(hits, h, strict=True)]
        for truth in canvas.lines:
            over = [ln for ln in read if ln.box.intersection(truth.box)]
            got = " ".join(ln.text for ln in sorted(over, key=lambda ln: ln.box.x))
            edits += min(lev(got, truth.text), len(truth.text))
            chars += len(truth.text)
    row["frame_s"] = wall / max(1, len(canvases))
    row["frame_cpu_s"] = cpu / max(1, len(canvases))
    row["synth_r"] = hits[0] / max(1, hits[1])
    row["synth_p"] = hits[0] / max(1, hits[2])
    row["synth_cer"] = edits / max(1, chars)
    hits = [0, 0, 0]
    for rgb, visible in dev:
        read = engine.read(rgb)
        h = pr(score.words(visible), score.words(" ".join(ln.text for ln in read)))
        hits = [a + b for a, b in zip(hits, h, strict=True)]
    row["dev_r"] = hits[0] / max(1, hits[1])
    row["dev_p"] = hits[0] / max(1, hits[2])
    print(f"  {name} done", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", choices=VARIANTS, action="append", help="which (default: all)")
    ap.add_argument("--frames", type=int, default=3, help="synthetic 1080p screens")
    ap.add_argument("--every", type=int, default=3, help="every n-th dev state screenshot")
    ap.add_argument("--dev", type=Path, default=EVAL / "dev")
    args = ap.parse_args(argv)
    import json

    import rapidocr
    from PIL import Image

    shipped = Path(rapidocr.__file__).resolve().parent / "models" / "PP-OCRv6_rec_small.onnx"
    score = load_scorer(EVAL / "score.py")
    dev: list[tuple[np.ndarray, str]] = []
    for case in sorted(p for p in args.dev.iterdir() if (p / "truth.json").exists()):
        for st in json.loads((case / "truth.json").read_text())["states"][:: args.every]:
            dev.append((np.asarray(Image.open(case / st["png"]).convert("RGB")), st["visible_text"]))
    canvases = screens(args.frames)
    print(f"machine  {os.cpu_count()} cpus, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"data     {len(canvases)} synthetic 1080p screens ({sum(len(c.lines) for c in canvases)} lines), "
        f"{len(dev)} dev screenshots"
    )
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.variant or VARIANTS:
            model = make_variant(name, shipped, Path(tmp))
            rows[name] = measure(name, model, canvases, dev, score)
            rows[name]["mb"] = model.stat().st_size / 1e6
    cols: list[tuple[str, str, Callable[[float], str]]] = [
        ("MB", "mb", lambda v: f"{v:5.1f}"),
        ("line ms", "line_ms", lambda v: f"{v:7.1f}"),
        ("line cpu", "line_cpu_ms", lambda v: f"{v:8.1f}"),
        ("frame s", "frame_s", lambda v: f"{v:7.2f}"),
        ("frame cpu", "frame_cpu_s", lambda v: f"{v:9.2f}"),
        ("synth R", "synth_r", lambda v: f"{v:7.3f}"),
        ("synth P", "synth_p", lambda v: f"{v:7.3f}"),
        ("synth CER", "synth_cer", lambda v: f"{v:9.4f}"),
        ("dev R", "dev_r", lambda v: f"{v:6.3f}"),
        ("dev P", "dev_p", lambda v: f"{v:6.3f}"),
    ]
    print(f"{'variant':9s} " + " ".join(h for h, _, _ in cols))
    for name, row in rows.items():
        print(f"{name:9s} " + " ".join(f(row[k]).rjust(len(h)) for h, k, f in cols))
    base = rows.get("fp32")
    if base:
        for name, row in rows.items():
            if name != "fp32":
                print(
                    f"{name}: line {base['line_cpu_ms'] / row['line_cpu_ms']:.2f}x, frame "
                    f"{base['frame_cpu_s'] / row['frame_cpu_s']:.2f}x faster (cpu); synth CER "
                    f"{row['synth_cer'] - base['synth_cer']:+.4f}, "
                    f"dev recall {row['dev_r'] - base['dev_r']:+.3f}"
                )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
