#!/usr/bin/env python3
"""Benchmark replicast.vision (OCR + element detection) on the eval screenshots.

For every ../shared/eval/dev/<case>/states/NN.png: read text with RapidOcrEngine, detect elements, and
score them against truth.json exactly as eval/score.py scores a spec screen: word recall/precision vs the
state's visible text, and interactive-element recall/precision/F1 (IoU >= 0.5, compatible role groups).

    .venv/bin/python bench/eval_vision.py                       # all cases
    .venv/bin/python bench/eval_vision.py --cache /tmp/ocr      # reuse OCR results between runs
    .venv/bin/python bench/eval_vision.py --case todomvc-react -v --draw /tmp/draw
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from replicast.spec.models import INTERACTIVE_ROLES
from replicast.vision.base import Box, TextLine
from replicast.vision.detect import DetectedElement, detect_elements

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def load_scorer(path: Path) -> ModuleType:
    """eval/score.py as a module (its word tokenisation and role groups are the definitions used here)."""
    spec = importlib.util.spec_from_file_location("replicast_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_cached(engine: Any, rgb: np.ndarray, cache: Path | None) -> tuple[list[TextLine], float]:
    key = hashlib.sha1(rgb.tobytes()).hexdigest()[:20]
    f = cache / f"{key}.json" if cache else None
    if f is not None and f.exists():
        d = json.loads(f.read_text())
        return [TextLine(t, Box(*b), s) for t, b, s in d["lines"]], float(d["seconds"])
    t0 = time.perf_counter()
    lines = engine.read(rgb)
    dt = time.perf_counter() - t0
    if f is not None:
        f.write_text(
            json.dumps({"seconds": dt, "lines": [[t.text, t.box.as_list(), t.score] for t in lines]})
        )
    return lines, dt


def match(
    score: ModuleType, truth: list[dict[str, Any]], pred: Sequence[DetectedElement]
) -> list[tuple[int, int]]:
    pairs = []
    for i, te in enumerate(truth):
        for j, pe in enumerate(pred):
            if not score.compatible(score.truth_role(te), pe.role):
                continue
            v = score.iou(te["bbox"], pe.box.as_list())
            if v >= 0.5:
                pairs.append((v, i, j))
    pairs.sort(reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        out.append((i, j))
    return out


def draw(png: Path, out: Path, truth: list[dict[str, Any]], els: Sequence[DetectedElement]) -> None:
    img = Image.open(png).convert("RGB")
    d = ImageDraw.Draw(img)
    for e in els:
        x, y, w, h = e.box.as_list()
        col = (220, 0, 0) if e.role in INTERACTIVE_ROLES else (0, 90, 255)
        d.rectangle([x, y, x + w - 1, y + h - 1], outline=col)
        d.text((x + 1, y - 10), e.role, fill=col)
    for t in truth:
        x, y, w, h = t["bbox"]
        d.rectangle([x - 1, y - 1, x + w, y + h], outline=(0, 170, 0))
    img.save(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=EVAL / "dev", help="folder of cases")
    ap.add_argument("--scorer", type=Path, default=EVAL / "score.py")
    ap.add_argument("--case", action="append", help="only these cases (repeatable)")
    ap.add_argument("--cache", type=Path, help="folder to cache OCR results in (by image hash)")
    ap.add_argument("--draw", type=Path, help="write annotated PNGs here (green truth, red/blue detected)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    ap.add_argument("--threads", type=int, help="onnxruntime intra-op threads")
    ap.add_argument(
        "--video",
        action="store_true",
        help="read each state's frame from the case's video.mp4 (H.264, pointer drawn) instead of its PNG",
    )
    ap.add_argument(
        "--scale", type=float, default=1.0, help="resize each screenshot (2 simulates a HiDPI recording)"
    )
    a = ap.parse_args(argv)

    from replicast.vision.rapid import RapidOcrEngine

    score = load_scorer(a.scorer)
    engine = RapidOcrEngine(threads=a.threads)
    for p in (a.cache, a.draw):
        if p:
            p.mkdir(parents=True, exist_ok=True)
    cases = sorted(p for p in a.dev.iterdir() if (p / "truth.json").exists())
    if a.case:
        cases = [c for c in cases if c.name in a.case]
    rows = []
    print(
        f"{'case':24s} {'n':>3s}  {'textR':>6s} {'textP':>6s}  {'elR':>6s} {'elP':>6s} {'elF1':>6s}  "
        f"{'ocr_s':>6s} {'det_s':>6s}"
    )
    for case in cases:
        truth = json.loads((case / "truth.json").read_text())
        stats: dict[str, list[float]] = {k: [] for k in ("tr", "tp", "er", "ep", "ef", "ocr", "det")}
        for st in truth["states"]:
            png = case / st["png"]
            if a.video:
                from replicast.media.pyav import read_frame_at

                t_mid = (st["t"] + st.get("t_end", st["t"])) / 2
                img = Image.fromarray(read_frame_at(case / "video.mp4", t_mid))
            else:
                img = Image.open(png).convert("RGB")
            if a.scale != 1.0:
                img = img.resize((round(img.width * a.scale), round(img.height * a.scale)), Image.BICUBIC)
            rgb = np.asarray(img)
            lines, ocr_s = read_cached(engine, rgb, a.cache)
            t0 = time.perf_counter()
            els = detect_elements(rgb, lines)
            det_s = time.perf_counter() - t0
            tw = score.words(st["visible_text"])
            pw = [w for e in els for w in score.words(e.text or "")]
            r, p, _ = score.multiset_pr(tw, pw)
            truth_els = [
                dict(e, bbox=[round(v * a.scale) for v in e["bbox"]]) for e in score.truth_interactive(st)
            ]
            pred = [e for e in els if e.role in score.INTERACTIVE_ROLES and e.box.w >= 4 and e.box.h >= 4]
            m = match(score, truth_els, pred)
            er = len(m) / len(truth_els) if truth_els else 1.0
            ep = len(m) / len(pred) if pred else (1.0 if not truth_els else 0.0)
            ef = 2 * er * ep / (er + ep) if er + ep else 0.0
            for k, v in zip(stats, (r, p, er, ep, ef, ocr_s, det_s), strict=True):
                stats[k].append(v)
            if a.verbose:
                from collections import Counter

                tc, pc = Counter(tw), Counter(pw)
                print(f"  {case.name} {st['png']}: text R {r:.2f} P {p:.2f}  el R {er:.2f} P {ep:.2f}")
                print(f"    missing words: {sorted((tc - pc).elements())}")
                print(f"    extra words:   {sorted((pc - tc).elements())}")
                mi = {i for i, _ in m}
                mj = {j for _, j in m}
                for i, te in enumerate(truth_els):
                    if i not in mi:
                        print(f"    MISS {score.truth_role(te):9s} {te['bbox']} {te.get('label')!r}")
                for j, pe in enumerate(pred):
                    if j not in mj:
                        print(f"    FP   {pe.role:9s} {pe.box.as_list()} {pe.text!r}")
            if a.draw and a.scale == 1.0:
                draw(png, a.draw / f"{case.name}-{png.stem}.png", truth_els, els)
        row = {k: float(np.mean(v)) for k, v in stats.items()}
        rows.append(row)
        print(
            f"{case.name:24s} {len(truth['states']):3d}  {row['tr']:6.3f} {row['tp']:6.3f}  {row['er']:6.3f} "
            f"{row['ep']:6.3f} {row['ef']:6.3f}  {row['ocr']:6.2f} {row['det']:6.3f}"
        )
    if rows:
        mean = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
        print(
            f"{'MEAN (of cases)':24s} {'':3s}  {mean['tr']:6.3f} {mean['tp']:6.3f}  {mean['er']:6.3f} "
            f"{mean['ep']:6.3f} {mean['ef']:6.3f}  {mean['ocr']:6.2f} {mean['det']:6.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
