"""An int8 copy of rapidocr's text recognition model, made from the shipped model, never downloaded.

The copy is statically quantized (QDQ: uint8 activations, int8 weights, per tensor), its activation ranges
calibrated on text lines drawn here with DejaVu Sans: words of web UIs, light and dark, 12 to 24 px,
normalised exactly as rapidocr's recogniser normalises a line. It is made once per source model into a
cache directory and reused. Quantizing needs the `onnx` package (the `int8` extra); reading with the copy
needs only onnxruntime. docs/adr/0002-int8-recognition.md has its speed and accuracy: it is an option
(`REPLICAST_OCR_INT8`), not the default.

    path = int8_recogniser(Path(".../PP-OCRv6_rec_small.onnx"), Path.home() / ".cache/replicast/models")
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
import os
import random
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from replicast.errors import EngineError

log = logging.getLogger(__name__)

CALIBRATION_SCREENS = 12
RECIPE = "qdq-u8s8-minmax-v1"
"""Names the quantization recipe: a changed recipe makes a new copy instead of reusing the old one."""
DETECTOR_RECIPE = f"qdq-u8s8-percentile-{CALIBRATION_SCREENS}-screens-optimised-v1"
"""The detector's: onnxruntime's graph optimisation first (fused convolutions quantize as one: a 1312 x
736 frame in 168 ms instead of 208 ms, against 461 ms unquantized, on 2 cores of a VNNI CPU), then
activation ranges to their 99.999th percentile over `CALIBRATION_SCREENS` screens: with the full
ranges (MinMax) the probability map was less sure between words and a line of code came out word by
word. Made once, in about 100 s on 2 cores."""
CALIBRATION_LINES = 48
_SCREEN = (736, 1312)
"""A 1080p frame as rapidocr's detector takes it (short side 736, sides multiples of 32)."""
_WORDS_TEXT = (
    "Sign in Register Email address Password Remember me Forgot your password? Dashboard Settings "
    "Profile Orders Total Quantity Price Search Filter Export Name Status Active Pending Save Cancel "
    "Delete Edit Next Previous Home About Contact Help Create an account 2024 $19.99 12:30 #1042 "
    "Welcome back! Add item Clear completed Invoices Customers Reports Log out"
)
_WORDS = tuple(_WORDS_TEXT.split())
_LINE_HEIGHT = 48
"""rapidocr's recogniser input height (rec_image_shape [3, 48, 320])."""


def default_cache() -> Path:
    return Path.home() / ".cache" / "replicast" / "models"


def int8_recogniser(source: Path, cache_dir: Path) -> Path:
    """The int8 copy of the recognition model `source`, made into `cache_dir` if not there yet.
    Raises EngineError when it cannot be made (no `onnx` package, unwritable directory, a failed
    quantization)."""
    return _int8_copy(source, cache_dir, "text recogniser", partial(calibration_lines, CALIBRATION_LINES))


def int8_detector(source: Path, cache_dir: Path) -> Path:
    """The int8 copy of the text detection model `source`, made into `cache_dir` if not there yet
    (calibrated on screens drawn here). Raises EngineError as `int8_recogniser` does."""
    screens = partial(calibration_screens, CALIBRATION_SCREENS)
    return _int8_copy(source, cache_dir, "text detector", screens, detector=True)


def _int8_copy(
    source: Path,
    cache_dir: Path,
    what: str,
    inputs: Callable[[], Iterator[np.ndarray]],
    detector: bool = False,
) -> Path:
    """`source` statically quantized with activation ranges from `inputs`, cached by its bytes and the
    recipe. `detector`: the detector's recipe, `DETECTOR_RECIPE`."""
    recipe = DETECTOR_RECIPE if detector else RECIPE
    digest = hashlib.sha256(source.read_bytes() + recipe.encode()).hexdigest()[:16]
    target = cache_dir / f"{source.stem}.int8-{digest}.onnx"
    if target.is_file():
        return target
    try:
        import onnx  # onnxruntime.quantization needs it
        from onnxruntime.quantization import (
            CalibrationDataReader,
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )
    except ImportError as ex:
        raise EngineError(
            "the int8 OCR model is made with the onnx package: pip install 'replicast[int8]'"
        ) from ex

    class _Inputs(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self, name: str) -> None:
            self._it = ({name: x} for x in inputs())

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self._it, None)

    log.info("making the int8 %s %s (once)", what, target)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.part")
        input_name = onnx.load(str(source), load_external_data=False).graph.input[0].name
        model = target.with_suffix(f".{os.getpid()}.pre") if detector else source
        try:
            if detector:
                from onnxruntime.quantization.shape_inference import quant_pre_process

                # symbolic shape inference cannot follow the detector's resizes; onnx's own does
                quant_pre_process(str(source), str(model), skip_symbolic_shape=True)
            # onnxruntime's calibrators print their histograms' settings: not on our output
            with contextlib.redirect_stdout(io.StringIO()):
                quantize_static(
                    str(model),
                    str(tmp),
                    _Inputs(input_name),
                    quant_format=QuantFormat.QDQ,
                    per_channel=False,  # the models' opset has no per-axis DequantizeLinear
                    activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.Percentile if detector else CalibrationMethod.MinMax,
                )
        finally:
            if model != source:
                model.unlink(missing_ok=True)
        tmp.replace(target)  # atomic: a concurrent worker sees the whole copy or none
    except (OSError, ValueError, RuntimeError) as ex:
        raise EngineError(f"cannot make the int8 OCR model in {cache_dir}: {ex}") from ex
    return target


def calibration_screens(n: int, seed: int = 11) -> Iterator[np.ndarray]:
    """`n` synthetic screens as text detector inputs (1 x 3 x 736 x 1312 float32, BGR in [-1, 1]): rows
    of UI words in sizes 11 to 32 px, regular and bold, some blue or grey, filled buttons and outlined
    fields with grey placeholders, on light and dark pages."""
    rng = random.Random(seed)
    for k in range(n):
        dark = k % 3 == 2
        page = (33, 37, 41) if dark else rng.choice([(255, 255, 255), (248, 249, 250), (244, 246, 249)])
        ink = (230, 232, 235) if dark else (33, 37, 41)
        im = Image.new("RGB", (_SCREEN[1], _SCREEN[0]), page)
        d = ImageDraw.Draw(im)
        y = rng.randint(8, 30)
        while y < _SCREEN[0] - 40:
            size = rng.choice([11, 12, 13, 14, 14, 16, 16, 18, 20, 24, 32])
            x = rng.randint(10, 200)
            while x < _SCREEN[1] - 200:
                text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 5)))
                f = _font(size, rng.random() < 0.25)
                x0, y0, x1, y1 = d.textbbox((x, y), text, font=f)
                kind = rng.random()
                if kind < 0.15:  # a button
                    fill = rng.choice([(13, 110, 253), (25, 135, 84), (108, 117, 125), (220, 53, 69)])
                    d.rounded_rectangle((x0 - 12, y0 - 8, x1 + 12, y1 + 8), 4, fill=fill)
                    d.text((x, y), text, fill=(255, 255, 255), font=f)
                elif kind < 0.25:  # a field with its placeholder
                    d.rectangle((x0 - 10, y0 - 9, x1 + 120, y1 + 9), outline=(206, 212, 218), width=1)
                    d.text((x, y), text, fill=(108, 117, 125), font=f)
                    x1 += 120
                else:
                    colour = rng.choice([ink, ink, ink, (13, 110, 253), (108, 117, 125)])
                    d.text((x, y), text, fill=colour, font=f)
                x = round(x1) + rng.randint(24, 160)
            y += round(size * rng.uniform(1.6, 3.2)) + 10
        bgr = np.asarray(im)[:, :, ::-1].astype(np.float32).transpose(2, 0, 1) / 255
        yield ((bgr - 0.5) / 0.5)[np.newaxis].astype(np.float32)


def calibration_lines(n: int, seed: int = 7) -> Iterator[np.ndarray]:
    """`n` synthetic text lines as recogniser inputs (1 x 3 x 48 x W float32, BGR in [-1, 1])."""
    rng = random.Random(seed)
    backgrounds = [(255, 255, 255), (248, 249, 250), (52, 58, 64), (13, 110, 253), (233, 236, 239)]
    for _ in range(n):
        bg = rng.choice(backgrounds)
        fg = (33, 37, 41) if sum(bg) > 400 else (255, 255, 255)
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 7)))
        f = _font(rng.choice([12, 13, 14, 16, 18, 20, 24]), rng.random() < 0.3)
        x0, y0, x1, y1 = ImageDraw.Draw(Image.new("RGB", (1, 1))).textbbox((0, 0), text, font=f)
        pad = rng.randint(2, 6)
        im = Image.new("RGB", (round(x1 - x0) + 2 * pad, round(y1 - y0) + 2 * pad), bg)
        ImageDraw.Draw(im).text((pad - x0, pad - y0), text, fill=fg, font=f)
        yield _normalise(np.asarray(im)[:, :, ::-1])


def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)
    except OSError:  # no fonts-dejavu-core: PIL's own font still gives ranges of real glyphs
        return ImageFont.load_default(size)


def _normalise(bgr: np.ndarray) -> np.ndarray:
    """What rapidocr's `TextRecognizer.resize_norm_img` does to one line, unpadded."""
    h, w = bgr.shape[:2]
    width = max(1, math.ceil(_LINE_HEIGHT * w / h))
    x = np.asarray(cv2.resize(bgr, (width, _LINE_HEIGHT)), np.float32).transpose(2, 0, 1) / 255
    return ((x - 0.5) / 0.5)[np.newaxis]
