"""Hostile and broken uploads: each fails its own job with a clear reason; the service carries on."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.jobs.recordings import bad_corpus, tiny_recording

from .conftest import Api, upload, wait_for

# what each bad recording's job must say (error type, words in the message)
EXPECTED = {
    "zero-bytes.mp4": ("InputError", "empty"),  # refused at upload already
    "truncated.mp4": ("VideoDecodeError", "truncated.mp4"),
    "random.mp4": ("VideoDecodeError", "not a readable video"),
    "huge-frames.gif": ("VideoDecodeError", "frame size"),
    "ten-hours.mp4": ("VideoRejectedError", "36000.0 s long, over the"),
    "audio-only.mp4": ("VideoDecodeError", "no video stream"),
}


def test_every_bad_recording_fails_its_own_job_and_a_good_one_beside_them_succeeds(
    api: Api, tmp_path: Path
) -> None:
    good = tiny_recording(tmp_path / "good.mp4", title="Still standing")
    corpus = bad_corpus(tmp_path / "bad", good)
    with api.client(api.key("bad-videos")) as c:
        empty = c.post("/v1/videos", params={"filename": "zero-bytes.mp4"}, content=b"")
        assert empty.status_code == 400 and "empty" in empty.json()["error"]["message"]
        names = [n for n in corpus if n != "zero-bytes.mp4"]
        videos = [upload(c, corpus[n].read_bytes(), n) for n in names]
        good_video = upload(c, good.read_bytes(), "good.mp4")
        batch = c.post("/v1/batches", json={"video_ids": [*videos, good_video], "name": "corpus"})
        assert batch.status_code == 201
        jobs = dict(zip([*names, "good.mp4"], batch.json()["job_ids"], strict=True))
        finished = {name: wait_for(c, job_id) for name, job_id in jobs.items()}
        status = c.get(f"/v1/batches/{batch.json()['id']}").json()

    for name in names:
        job = finished[name]
        kind, words = EXPECTED[name]
        assert job["state"] == "failed", (name, job)
        assert job["error"]["type"] == kind, (name, job["error"])
        assert words in job["error"]["message"], (name, job["error"])
    assert finished["good.mp4"]["state"] == "succeeded"
    assert (
        status["finished"] and status["counts"]["failed"] == len(names) and status["counts"]["succeeded"] == 1
    )
    assert httpx.get(f"{api.base}/healthz").status_code == 200
