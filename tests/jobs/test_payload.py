"""The job payload: versioned, minimal, secret-free; cache keys that change with what matters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from replicast.jobs import payload
from replicast.jobs.payload import JobOptions, JobRequest, cache_key, result_key

SHA = "ab" * 32


def test_the_cache_key_depends_on_video_options_and_pipeline_version(monkeypatch: pytest.MonkeyPatch) -> None:
    base = cache_key(SHA, JobOptions())
    assert cache_key(SHA, JobOptions()) == base
    assert cache_key("cd" * 32, JobOptions()) != base
    assert cache_key(SHA, JobOptions(build=True)) != base
    monkeypatch.setattr(payload, "PIPELINE_VERSION", "999")
    assert cache_key(SHA, JobOptions()) != base


def test_workers_set_up_otherwise_never_share_a_result() -> None:
    cpu = {"ocr_provider": "cpu", "ocr_int8": False, "refine_model": None}
    assert cache_key(SHA, JobOptions(), cpu) == cache_key(SHA, JobOptions(), dict(cpu))
    assert cache_key(SHA, JobOptions(), cpu) != cache_key(SHA, JobOptions(), {**cpu, "ocr_int8": True})
    refine = JobOptions(refine=True)
    assert cache_key(SHA, refine, {**cpu, "refine_model": "a"}) != cache_key(
        SHA, refine, {**cpu, "refine_model": "b"}
    )


def test_results_are_per_tenant() -> None:
    key = cache_key(SHA, JobOptions())
    assert result_key("ten_a", key) != result_key("ten_b", key)


def test_a_request_round_trips_through_json_and_names_its_version() -> None:
    request = JobRequest(
        job_id="job_1",
        tenant_id="ten_a",
        video_key="videos/ten_a/x",
        video_name="rec.mp4",
        result_key="results/ten_a/y",
    )
    data = request.model_dump_json()
    assert JobRequest.model_validate_json(data) == request
    assert '"version":1' in data


def test_a_request_refuses_unknown_fields_so_nothing_secret_rides_along() -> None:
    with pytest.raises(ValidationError):
        JobRequest.model_validate(
            {
                "job_id": "j",
                "tenant_id": "t",
                "video_key": "v",
                "video_name": "n",
                "result_key": "r",
                "api_key": "rc_x",
            }
        )


def test_options_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        JobOptions.model_validate({"build": False, "shell": "rm -rf /"})
