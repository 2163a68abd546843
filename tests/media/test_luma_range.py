"""Limited-range luma is stretched to full range exactly as the lookup table says."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.base import _EXPAND_LIMITED, expand_limited, native_threshold
from replicast.media.pyav import PyAvSource


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


def test_the_plane_is_limited_range_and_stretches_to_the_full_luma(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        frames = list(src.frames())

    assert all(f.limited for f in frames)
    assert not frames[0].y.flags.owndata  # the decoder's own plane, not a copy
    assert all(np.array_equal(expand_limited(f.y), f.luma) for f in frames)
    assert min(int(f.y.min()) for f in frames) >= 16 - 2  # limited levels (codec ringing aside)
    assert frames[0].levels(24) == 21


@pytest.mark.parametrize("threshold", [8, 24, 40])
def test_native_threshold_splits_limited_differences_as_the_stretched_ones_split(threshold: int) -> None:
    # every limited difference whose stretched differences all lie over the threshold counts as a
    # change in limited levels too, and every one whose stretched differences all lie under does not
    native = native_threshold(threshold, True)
    levels = np.arange(16, 236)
    a, b = np.meshgrid(levels, levels)
    limited = np.abs(a - b)
    full = np.abs(_EXPAND_LIMITED[a].astype(int) - _EXPAND_LIMITED[b].astype(int))
    for d in range(220):
        over = full[limited == d] > threshold
        if over.all():
            assert d > native
        elif not over.any():
            assert d <= native


def test_native_threshold_leaves_full_range_alone() -> None:
    assert native_threshold(24, True) == 21
    assert native_threshold(24, False) == 24
    assert native_threshold(24, None) == 24
