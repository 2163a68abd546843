"""OCR with rapidocr (PP-OCR ONNX models run by onnxruntime), fully offline.

Only the models shipped inside the rapidocr wheel are used, by explicit path, so the engine never takes
rapidocr's download branch. rapidocr and onnxruntime are imported when an engine is constructed, not when
this module is imported. rapidocr finds the lines (its text detector, on the image as it is or on an
upscaled crop); their images are then cut from the frame at its own scale and recognised, so a line reads
the same pixels whichever way it was found. Line images the engine has recognised before are answered
from its `RecognitionMemo` (rec_memo.py); `int8=True` recognises with an int8 copy of the model
(quantize.py).

    engine = RapidOcrEngine()
    lines = engine.read(rgb)                          # whole frame
    lines = engine.read_region(rgb, Box(0, 0, 300, 40))  # a crop: ~50-100 ms, boxes in frame pixels
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.errors import EngineError
from replicast.media.base import Rgb
from replicast.vision.base import Box, TextLine
from replicast.vision.buckets import LADDER, LINE_LADDER, BucketedSession, bucket, twin_of
from replicast.vision.rec_memo import MEMO_LINES, RecognitionMemo
from replicast.vision.textlines import RawLine, WordBox, clip_box, refine_lines

log = logging.getLogger(__name__)

Provider = Literal["cpu", "cuda"]

_DET_MODEL = "PP-OCRv6_det_small.onnx"
_REC_MODEL = "PP-OCRv6_rec_small.onnx"

CROP_CONTEXT_PX = 6
"""Pixels of surrounding image a region read takes along, so text at the region's edge is whole."""
SMALL_CROP_PX = 48
"""Crops lower than this are read at twice their size: the text detector misses tiny 1x text. (The
recogniser normalises every line to 48 px anyway, so larger crops gain nothing from upscaling.)"""
DETECT_TEXT_PX = 9.0
"""The smallest text to expect is shown to the detector at least this tall (px of ink). It finds text of
6 px as surely as larger text (1080p screens of 9 to 16 px fonts shrunk to 0.68: every line found down to
6 px of ink, a few lost at 5), so text down to 2/3 of the smallest expected is still found."""
GPU_REC_BATCH = 6
"""Lines per recogniser run on a GPU (one on a CPU: see `RapidOcrEngine`)."""
FRAME_DETECT_PX = 736
"""The short side the frame detector scales a frame up to (rapidocr's default): no use shrinking below."""


def _cut(image: Rgb, box: Box) -> NDArray[np.uint8]:
    """The line image rapidocr would cut for an upright box inside the image (BGR, a tall one turned a
    quarter left, as it takes a tall box for vertical text), sliced: its warp of an upright box is a copy
    of those pixels."""
    line = np.ascontiguousarray(image[box.y : box.y2, box.x : box.x2, ::-1])
    h, w = line.shape[:2]
    return np.rot90(line) if w and h / w >= 1.5 else line


def _corners(box: Box) -> NDArray[np.float32]:
    """A box as the 4-point box rapidocr cuts lines by (clockwise from the top left)."""
    return np.asarray([[box.x, box.y], [box.x2, box.y], [box.x2, box.y2], [box.x, box.y2]], np.float32)


def _require_gpu(models: Sequence[Any]) -> None:
    """Raise EngineError unless every model's onnxruntime session runs on the GPU first: onnxruntime
    falls back to the CPU with only a log line when the CUDA libraries do not load."""
    for model in models:
        providers = list(model.session.session.get_providers())
        if not providers or providers[0] != "CUDAExecutionProvider":
            raise EngineError(
                "OCR provider 'cuda': onnxruntime could not load CUDA (the session runs on "
                + ", ".join(providers)
                + "); install onnxruntime-gpu with its CUDA and cuDNN libraries "
                "(pip install 'onnxruntime-gpu[cuda,cudnn]')"
            )


def _bucket(frame_det: Any, crop_det: Any, rec: Any, batch: int, det_model: Path, rec_model: Path) -> None:
    """Each input shape of the three models in a session of its own (buckets.py), with the crop
    detector's input (N x 3 x H x W, out N x 1 x H x W) padded up the ladder in height and width and
    the recogniser's (N x 3 x 48 x W, out N x W/8 x classes) to `batch` lines and up the line ladder
    in width. The frame detector's input is not padded: a video's frames share a shape or two."""
    det_twin, rec_twin = (
        twin_of(frame_det.session.session, det_model),
        twin_of(rec.session.session, rec_model),
    )
    frame_det.session = BucketedSession(frame_det.session, pad={}, cut={}, spawn=det_twin)
    crop_det.session = BucketedSession(
        crop_det.session, pad={2: LADDER, 3: LADDER}, cut={2: 2, 3: 3}, spawn=det_twin
    )
    rec.session = BucketedSession(
        rec.session, pad={0: batch, 3: LINE_LADDER}, cut={0: 0, 1: 3}, spawn=rec_twin
    )


def _quad_box(quad: Any) -> Box:
    pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    x0, y0 = np.floor(pts.min(axis=0))
    x1, y1 = np.ceil(pts.max(axis=0))
    return Box(int(x0), int(y0), max(1, int(x1 - x0)), max(1, int(y1 - y0)))


class RapidOcrEngine:
    """An `OcrEngine` backed by rapidocr's shipped PP-OCRv6 small models.

    `provider` picks the onnxruntime execution provider ("cuda" needs onnxruntime-gpu). `min_score` drops
    lines the recogniser is unsure of. `threads` caps onnxruntime's intra-op threads (None: all cores).
    `int8` recognises with an int8-quantized copy of the recognition model, made once into `model_cache`
    (default ~/.cache/replicast/models; see vision/quantize.py): faster on a CPU, slightly less accurate;
    `int8_detector` finds the lines with an int8 copy of the detection model: on a CPU that runs int8
    natively (VNNI), a third of the time, lines parted a little differently.
    `rec_model` replaces the shipped recognition model (benchmarks). `memo_lines` line images are
    remembered with what they read (0: none), so a line seen again is not recognised again. `buckets`
    pads the models' inputs to a few shapes, each run in a session of its own (buckets.py; None: on the
    GPU, where a session set up for one shape sets up again for the next, not on the CPU, where
    padding is only more work).
    Raises EngineError when rapidocr or its models are missing, or the int8 copy cannot be made.
    """

    def __init__(
        self,
        provider: Provider = "cpu",
        *,
        min_score: float = 0.5,
        threads: int | None = None,
        int8: bool = False,
        int8_detector: bool = False,
        model_cache: Path | None = None,
        rec_model: Path | None = None,
        memo_lines: int = MEMO_LINES,
        buckets: bool | None = None,
    ) -> None:
        # before onnxruntime is first imported: no telemetry from an offline tool
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        try:
            import onnxruntime
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as ex:  # pragma: no cover - a dependency of the package
            raise EngineError("rapidocr is not installed: pip install rapidocr onnxruntime") from ex
        if provider == "cuda" and hasattr(onnxruntime, "preload_dlls"):
            # CUDA and cuDNN from the nvidia-* wheels (onnxruntime-gpu[cuda,cudnn]) or PyTorch's
            onnxruntime.preload_dlls()
        if provider == "cuda" and "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
            # rapidocr would quietly fall back to the CPU; say so instead
            raise EngineError(
                "OCR provider 'cuda' needs onnxruntime-gpu and a CUDA device; available: "
                + ", ".join(onnxruntime.get_available_providers())
            )
        models = Path(rapidocr.__file__).resolve().parent / "models"
        det, rec = models / _DET_MODEL, rec_model or models / _REC_MODEL
        for p in (det, rec):
            if not p.is_file():
                raise EngineError(f"rapidocr model missing (no download is attempted): {p}")
        if int8 or int8_detector:
            from replicast.vision import quantize

            cache = model_cache or quantize.default_cache()
            rec = quantize.int8_recogniser(rec, cache) if int8 else rec
            det = quantize.int8_detector(det, cache) if int8_detector else det
        self.min_score = min_score
        batch = 1 if provider == "cpu" else GPU_REC_BATCH
        base: dict[str, Any] = {
            "Global.use_cls": False,
            "Global.use_rec": False,  # lines are recognised here, from the frame (_recognise)
            "Global.log_level": "error",  # "no text found" is an answer, not a warning
            "Global.text_score": 0.0,  # filtered here, keeping word boxes aligned with lines
            "Global.return_word_box": True,
            "Det.model_path": str(det),
            "Det.limit_side_len": FRAME_DETECT_PX,
            "Rec.model_path": str(rec),
            # on a CPU one line per run: a batch pads every line to its widest (up to 2x the work on
            # screens of short labels and long paragraphs), and what a line reads depends on its neighbours
            "Rec.rec_batch_num": batch,
            "EngineConfig.onnxruntime.use_cuda": provider == "cuda",
            # every frame and line has its own shape: an exhaustive cuDNN search per shape (rapidocr's
            # default) took 165 s for a minute of video on an H200, against 14 s on its 16 CPU cores
            "EngineConfig.onnxruntime.cuda_ep_cfg.cudnn_conv_algo_search": "HEURISTIC",
        }
        if threads is not None:
            base["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        crop = dict(base)
        # no letterbox for a wide crop: rapidocr pads one wider than 8:1 to w/4 px tall (a 1920 x 40 strip
        # read as 1920 x 480, 12x the work); a crop has real page around it (`read_region`) instead
        crop.update({"Det.limit_type": "max", "Det.limit_side_len": 2000, "Global.width_height_ratio": -1})
        try:
            # detectors only: one recogniser serves both, behind one memory of lines read
            self._frame: Any = cast(Any, RapidOCR(params=base))
            self._crop: Any = cast(Any, RapidOCR(params=crop))
            self.memo = RecognitionMemo(self._frame._load_rec_model(), size=memo_lines)
            loaded = [self._frame._load_det_model(), self._crop._load_det_model(), self._frame.text_rec]
        except Exception as ex:
            raise EngineError(f"cannot start rapidocr: {ex}") from ex
        if provider == "cuda":
            _require_gpu(loaded)
        self._buckets = buckets if buckets is not None else provider == "cuda"
        if self._buckets:
            frame_det, crop_det, recogniser = loaded
            _bucket(frame_det, crop_det, recogniser, batch, det, rec)
        from rapidocr.cal_rec_boxes import CalRecBoxes

        self._word_boxes = CalRecBoxes()

    # ------------------------------------------------------------------ public
    def read(self, image: Rgb, *, text_px: float | None = None) -> list[TextLine]:
        """All text lines of a frame, tight boxes in the frame's pixels. `text_px`: the height of the
        smallest text the frame may show (px, its ink; None: unknown), to let the detector look at a
        smaller copy. Raises EngineError."""
        h, w = image.shape[:2]
        # the frame detector scales the short side up to 736 px: right for screens, ruinous for a strip
        # (a 30 x 2000 image would become 736 x 49000), which the crop detector reads as it is
        if min(h, w) >= 400 and max(h, w) <= 4 * min(h, w):
            scale = _shrink(text_px, FRAME_DETECT_PX / min(h, w))
            boxes = [_scaled_back(b, scale, 0, 0) for b in self._detect(self._frame, _resized(image, scale))]
        else:
            boxes = self._detect(self._crop, image)
        return refine_lines(image, self._recognise(image, boxes))

    def read_region(self, image: Rgb, box: Box) -> list[TextLine]:
        """Text lines whose centre lies inside `box` of `image`, boxes in the image's pixels. The crop
        takes a few pixels of context (the detector misses glyphs touching its edge); small crops are
        upscaled for the detector. (Large crops are not shrunk as frames are: shrunk, the rows of icons
        of the eval's pages, which the detector takes for text, came out as other junk, and one icon
        as a letter that hid its field.) Raises EngineError."""
        target = clip_box(box, image.shape[1], image.shape[0])
        if target is None or target.w < 4 or target.h < 4:
            return []
        m = CROP_CONTEXT_PX
        around = Box(target.x - m, target.y - m, target.w + 2 * m, target.h + 2 * m)
        clipped = clip_box(around, image.shape[1], image.shape[0]) or target
        scale = 2.0 if clipped.h < SMALL_CROP_PX and clipped.w * 2 <= 2000 else 1.0
        seen = _bucketed(clipped, scale, image.shape[1], image.shape[0]) if self._buckets else clipped
        crop = np.ascontiguousarray(image[seen.y : seen.y2, seen.x : seen.x2])
        found = [
            _scaled_back(b, scale, seen.x, seen.y) for b in self._detect(self._crop, _resized(crop, scale))
        ]
        # lines wholly in the context taken for the bucket are not the region's
        raw = self._recognise(image, [b for b in found if b.intersection(clipped) > 0])
        return [t for t in refine_lines(image, raw) if target.contains_point(t.box.cx, t.box.cy)]

    # ------------------------------------------------------------------ internals
    def _detect(self, engine: Any, image: Rgb) -> list[Box]:
        """The boxes of the text lines rapidocr's detector finds in `image`, in its pixels: the whole-pixel
        upright rectangles around its 4-point boxes. Screen text is level: the detector's slight tilts
        would only make the cut resample the line, so that the same line cut twice gave two images a
        sub-pixel shift apart (which the memo could not tell the same)."""
        if image.ndim != 3 or image.shape[2] != 3:
            raise EngineError(f"expected an H x W x 3 RGB image, got shape {image.shape}")
        try:
            res = engine(np.ascontiguousarray(image[:, :, ::-1]))
        except Exception as ex:
            raise EngineError(f"rapidocr failed: {ex}") from ex
        boxes = getattr(res, "boxes", None)
        return [] if boxes is None else [_quad_box(q) for q in boxes]

    def _recognise(self, image: Rgb, boxes: Sequence[Box]) -> list[RawLine]:
        """The lines in `boxes` of `image`, read by the recogniser (through the memo), with word boxes."""
        if not boxes:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput, TextRecOutput

        # a box scaled back from a resized image may reach a pixel past the edge
        boxes = [c for b in boxes if (c := clip_box(b, image.shape[1], image.shape[0])) is not None]
        quads = [_corners(b) for b in boxes]
        crops = [_cut(image, b) for b in boxes]
        try:
            rec = self.memo(TextRecInput(img=crops, return_word_box=True))
        except Exception as ex:
            raise EngineError(f"rapidocr failed: {ex}") from ex
        out: list[RawLine] = []
        for crop, box, quad, text, score, info in zip(
            crops, boxes, quads, rec.txts or (), rec.scores, rec.word_results, strict=False
        ):
            if float(score) < self.min_score or not str(text).strip():
                continue
            one = TextRecOutput(txts=cast(Any, (text,)), scores=[score], word_results=(info,))
            placed: Sequence[Any] = self._word_boxes([crop], quad[None].copy(), one).word_results
            words = tuple(
                WordBox(str(w[0]), _quad_box(w[2]))
                for w in (placed[0] if placed else ())
                if len(w) == 3 and w[2] is not None and str(w[0]).strip()
            )
            out.append(RawLine(str(text), box, float(score), words))
        return out


def _bucketed(crop: Box, scale: float, width: int, height: int) -> Box:
    """`crop` grown about its centre, as far as the frame allows, to the size whose scaled sides are
    steps of the ladder: the detector then sees more of the page where it would see padding."""
    w, h = (
        min(limit, math.ceil(bucket(round(n * scale)) / scale))
        for n, limit in ((crop.w, width), (crop.h, height))
    )
    x = min(max(0, crop.x - (w - crop.w) // 2), width - w)
    y = min(max(0, crop.y - (h - crop.h) // 2), height - h)
    return Box(x, y, w, h)


def _shrink(text_px: float | None, floor: float) -> float:
    """The scale (at most 1, at least `floor`) that shows text `text_px` tall `DETECT_TEXT_PX` tall."""
    if not text_px:
        return 1.0
    return min(1.0, max(floor, DETECT_TEXT_PX / text_px))


def _resized(image: Rgb, scale: float) -> Rgb:
    if scale == 1.0:
        return image
    # shrinking averages (no aliasing of thin strokes); enlarging keeps glyph edges sharp
    how = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(image, None, fx=scale, fy=scale, interpolation=how), np.uint8)


def _scaled_back(box: Box, scale: float, dx: int, dy: int) -> Box:
    """A box found in a crop at (dx, dy) resized `scale` times, in the image's pixels (rounded out)."""
    x0, y0 = math.floor(box.x / scale), math.floor(box.y / scale)
    x1, y1 = math.ceil(box.x2 / scale), math.ceil(box.y2 / scale)
    return Box(x0 + dx, y0 + dy, max(1, x1 - x0), max(1, y1 - y0))
