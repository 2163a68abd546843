"""The job option `refine`: part of the cache key, configured per worker from settings, never in a payload."""

from __future__ import annotations

import json
from pathlib import Path

from replicast.jobs.config import WorkerConfig, provider_config, worker_config
from replicast.jobs.payload import JobOptions, JobRequest, cache_key
from replicast.jobs.run import _refine
from replicast.settings import Settings
from replicast.storage import MemoryStore

SECRET = "sk-never-in-a-payload-1618"


def test_refine_is_part_of_the_cache_key() -> None:
    assert cache_key("ab" * 32, JobOptions(refine=True)) != cache_key("ab" * 32, JobOptions())


def test_a_worker_without_a_model_has_no_refinement_and_a_worker_with_one_hides_its_key() -> None:
    assert worker_config(Settings(_env_file=None)).refine is None  # type: ignore[call-arg]

    settings = Settings(
        refine_base_url="http://127.0.0.1:11434/v1",
        refine_model="qwen2.5vl",
        refine_api_key=SECRET,
        refine_input_price=2.5,
    )  # type: ignore[call-arg]
    provider = provider_config(settings)

    assert provider is not None and provider.api_key == SECRET and provider.input_price == 2.5
    assert SECRET not in repr(provider) and SECRET not in repr(settings)
    assert SECRET not in repr(worker_config(settings))
    request = JobRequest(
        job_id="j",
        tenant_id="t",
        video_key="v",
        video_name="a.mp4",
        result_key="r",
        options=JobOptions(refine=True),
    )
    assert SECRET not in request.model_dump_json()


def test_a_job_asking_for_refinement_on_a_worker_without_a_model_says_so(tmp_path: Path) -> None:
    refinement = _refine(tmp_path, WorkerConfig(), MemoryStore(), lambda p: None)

    assert not refinement.kept and "no model is configured" in refinement.reason
    record = json.loads((tmp_path / "refine.json").read_text())
    assert record["refinement"]["reason"] == refinement.reason
