"""Serving dist/ on 127.0.0.1 for the length of a block."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from replicast.errors import CheckError
from replicast.selfcheck.serve import serve_directory


def test_files_are_served_on_loopback_until_the_block_ends(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>")
    (tmp_path / "assets").mkdir()

    with serve_directory(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        with urllib.request.urlopen(url + "index.html", timeout=5) as resp:
            assert resp.read() == b"<p>hello</p>"
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url + "assets/", timeout=5)
        assert info.value.code == 404  # no directory listings
        info.value.close()

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "index.html", timeout=2)


def test_a_missing_folder_is_a_check_error(tmp_path: Path) -> None:
    with pytest.raises(CheckError, match="was the app built"), serve_directory(tmp_path / "dist"):
        pass
