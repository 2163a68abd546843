"""Limited-range luma is stretched to full range exactly as the lookup table says."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.pyav import _EXPAND_LIMITED, PyAvSource, expand_limited, native_threshold


@pytest.mark.parametrize("shape", [(1, 256), (7, 13), (96, 160), (1080, 1920)])
def test_expansion_matches_the_lookup_table(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(shape[0])
    y = rng.integers(0, 256, shape, dtype=np.uint8)
    y.flat[:256] = np.arange(256)[: y.size]

    assert np.array_equal(expand_limited(y), _EXPAND_LIMITED[y])


def test_expansion_of_a_strided_plane_is_compact() -> None:
    # a decoder's plane is wider than the picture (line padding): the view in, a compact array out
    plane = np.tile(np.arange(64, dtype=np.uint8), (10, 1))
    view = plane[:, :50]

    out = expand_limited(view)

    assert out.flags.c_contiguous
    assert np.array_equal(out, _EXPAND_LIMITED[view])


def test_native_luma_is_the_limited_plane_that_stretches_to_full(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        full = [f.luma for f in src.frames()]
    with PyAvSource(mp4, luma="native") as src:
        native = [f.luma.copy() for f in src.frames()]
        limited = src.limited_range

    assert limited is True
    assert len(native) == len(full)
    assert all(np.array_equal(expand_limited(n), f) for n, f in zip(native, full, strict=True))
    assert min(int(n.min()) for n in native) >= 16 - 2  # limited levels (codec ringing aside)


def test_native_threshold_scales_to_limited_levels() -> None:
    assert native_threshold(24, True) == 20
    assert native_threshold(24, False) == 24
    assert native_threshold(24, None) == 24


def test_an_unknown_luma_mode_is_refused(mp4: Path) -> None:
    with pytest.raises(ValueError, match="luma"):
        PyAvSource(mp4, luma="linear")  # type: ignore[arg-type]
