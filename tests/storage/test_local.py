"""LocalStore specifics: atomic placement, no temporaries left, tidy folders."""

from __future__ import annotations

import os
import time
from pathlib import Path

from replicast.storage import LocalStore
from replicast.storage.local import TEMP_DIR


def test_objects_are_files_under_their_key(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.put_bytes("videos/t1/abc", b"data")
    assert (tmp_path / "videos" / "t1" / "abc").read_bytes() == b"data"
    assert store.local_path("videos/t1/abc") == tmp_path / "videos" / "t1" / "abc"
    assert store.local_path("videos/t1/missing") is None


def test_a_writer_writes_into_the_temp_folder_until_commit(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with store.writer() as w:
        w.write(b"half")
        assert len(list((tmp_path / TEMP_DIR).iterdir())) == 1
        assert not (tmp_path / "k").exists()
        w.commit("k")
    assert list((tmp_path / TEMP_DIR).iterdir()) == []
    assert (tmp_path / "k").read_bytes() == b"half"


def test_aborted_writes_leave_no_temporaries(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with store.writer() as w:
        w.write(b"x" * 100)
    assert list((tmp_path / TEMP_DIR).iterdir()) == []


def test_delete_prunes_empty_folders_but_not_the_root(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.put_bytes("results/t/ck/a", b"1")
    store.delete("results/t/ck/a")
    assert not (tmp_path / "results").exists()
    assert tmp_path.is_dir()


def test_keys_skip_the_temp_folder(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.put_bytes("a", b"1")
    (tmp_path / TEMP_DIR / "w-stale").write_bytes(b"junk")
    assert list(store.keys()) == ["a"]


def test_sweep_removes_only_old_temporaries(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    old = tmp_path / TEMP_DIR / "w-old"
    new = tmp_path / TEMP_DIR / "w-new"
    old.write_bytes(b"1")
    new.write_bytes(b"2")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    assert store.sweep_temp(older_than_s=3600) == 1
    assert not old.exists() and new.exists()
