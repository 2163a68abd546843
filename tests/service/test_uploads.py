"""Uploads: streamed, hashed, content-addressed, sealed at rest, refused past the size limit."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from replicast.storage import LocalStore
from replicast.storage.crypto import MAGIC
from replicast.storage.local import TEMP_DIR

from .conftest import Api, upload


def _objects(api: Api) -> LocalStore:
    store = api.services.stores.objects
    assert isinstance(store, LocalStore)
    return store


def test_an_upload_is_named_by_its_hash_and_the_same_bytes_are_the_same_video(api: Api) -> None:
    data = os.urandom(300_000)
    with api.client(api.key("up-1")) as c:
        first = c.post(
            "/v1/videos",
            params={"filename": "screen rec.webm"},
            content=data,
            headers={"Content-Type": "video/webm"},
        )
        again = c.post("/v1/videos", params={"filename": "copy.webm"}, content=data)
        got = c.get(f"/v1/videos/{first.json()['id']}")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    body = got.json()
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["size"], body["filename"], body["content_type"]) == (
        300_000,
        "screen rec.webm",
        "video/webm",
    )


def test_videos_are_sealed_on_disk(api: Api) -> None:
    data = b"\x00\x00\x00\x18ftypmp42 plaintext marker " + os.urandom(1000)
    with api.client(api.key("up-sealed")) as c:
        video = c.get(f"/v1/videos/{upload(c, data)}").json()
    files = [p for p in _objects(api).root.rglob(video["sha256"]) if p.is_file()]
    assert len(files) == 1
    raw = files[0].read_bytes()
    assert raw.startswith(MAGIC) and b"plaintext marker" not in raw


def test_an_empty_upload_is_400(api: Api) -> None:
    with api.client(api.key("up-empty")) as c:
        response = c.post("/v1/videos", content=b"")
    assert response.status_code == 400


def test_videos_page_through_a_cursor(api: Api) -> None:
    with api.client(api.key("up-pages")) as c:
        ids = {upload(c, os.urandom(100)) for _ in range(5)}
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = c.get("/v1/videos", params=params).json()
            seen += [v["id"] for v in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert c.get("/v1/videos", params={"cursor": "!!not-ours"}).status_code == 400
    assert sorted(seen) == sorted(ids)


def _landed(api: Api) -> tuple[set[str], list[Path]]:
    store = _objects(api)
    return set(store.keys("videos/")), list((store.root / TEMP_DIR).iterdir())


def test_a_declared_oversize_upload_is_413_before_anything_is_read(strict: Api) -> None:
    before, _ = _landed(strict)
    limit = strict.settings.max_video_bytes
    with strict.client(strict.key("up-big")) as c:
        response = c.post("/v1/videos", content=b"x" * (limit + 1))
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "PayloadTooLargeError"
    assert _landed(strict) == (before, [])


def test_a_streamed_oversize_upload_is_cut_off_and_nothing_lands(strict: Api) -> None:
    """No Content-Length (chunked): the limit is enforced on the bytes as they arrive."""
    before, _ = _landed(strict)
    limit = strict.settings.max_video_bytes

    def body() -> Iterator[bytes]:
        for _ in range(limit // 65536 + 8):
            yield b"y" * 65536

    with strict.client(strict.key("up-chunked")) as c:
        try:
            status = c.post("/v1/videos", content=body()).status_code
        except httpx.TransportError:  # the server may close the socket while the client still writes
            status = 413
    assert status == 413
    assert _landed(strict) == (before, [])
    assert httpx.get(f"{strict.base}/healthz").status_code == 200


@pytest.mark.parametrize("filename", ["../../etc/passwd", "a\x00b.mp4", "ok.mp4"])
def test_odd_file_names_are_kept_as_labels_only(api: Api, filename: str) -> None:
    with api.client(api.key("up-names")) as c:
        response = c.post("/v1/videos", params={"filename": filename}, content=os.urandom(64))
    assert response.status_code in (200, 201)
    assert "\x00" not in response.json()["filename"]
