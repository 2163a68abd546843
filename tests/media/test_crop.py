"""CroppedSource: frames cut to a rectangle (and shrunk for HiDPI), from any source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.crop import Crop, CroppedSource
from replicast.media.pyav import PyAvSource

from .videos import HEIGHT, WIDTH, counter_level


def test_frames_are_cut_to_the_crop(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        full = [f.luma for f in src.frames()]
        cropped = CroppedSource(src, Crop(4, 40, 60, 40))
        frames = list(cropped.frames())

    assert (cropped.info.width, cropped.info.height) == (60, 40)
    assert len(frames) == len(full)
    for f, whole in zip(frames, full, strict=True):
        assert f.luma.shape == (40, 60)
        assert f.luma.flags.c_contiguous
        assert np.array_equal(f.luma, whole[40:80, 4:64])
    assert frames[5].rgb().shape == (40, 60, 3)


def test_the_crop_keeps_times_and_indices(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        times = [(f.index, f.t) for f in src.frames()]
        cropped = [(f.index, f.t) for f in CroppedSource(src, Crop(0, 0, 16, 16)).frames()]

    assert cropped == times


def test_frame_at_is_cut_like_the_frames(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        cropped = CroppedSource(src, Crop(4, 40, 60, 40))
        want = list(cropped.frames())[17]
        got = cropped.frame_at(want.t)

    assert (got.index, got.t) == (want.index, want.t)
    assert np.array_equal(got.luma, want.luma)
    assert np.array_equal(got.rgb(), want.rgb())


def test_a_scaled_crop_yields_css_pixels(mp4: Path) -> None:
    # a 2x crop of the counter square: 32x16 video px become 16x8 page px of the same grey level
    with PyAvSource(mp4) as src:
        cropped = CroppedSource(src, Crop(8, HEIGHT // 2, 32, 16, scale=2.0))
        frames = list(cropped.frames())
        levels = [counter_level(f.luma) for f in src.frames()]

    assert (cropped.info.width, cropped.info.height) == (16, 8)
    assert frames[10].luma.shape == (8, 16)
    assert frames[10].rgb().shape == (8, 16, 3)
    assert abs(float(frames[10].luma[2:6, 2:14].mean()) - levels[10]) <= 3


def test_a_crop_outside_the_frame_is_refused(mp4: Path) -> None:
    with PyAvSource(mp4) as src, pytest.raises(ValueError, match="does not fit"):
        CroppedSource(src, Crop(WIDTH - 10, 0, 20, 10))


@pytest.mark.parametrize("args", [(-1, 0, 10, 10), (0, 0, 0, 10), (0, 0, 10, 10, 0.0)])
def test_bad_crops_are_refused(args: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        Crop(*args)  # type: ignore[arg-type]


def test_out_size_rounds_to_css_pixels() -> None:
    assert Crop(0, 0, 2560, 1426, scale=2.0).out_size == (1280, 713)
    assert Crop(0, 0, 101, 51).out_size == (101, 51)
