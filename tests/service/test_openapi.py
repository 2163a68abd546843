"""Schemathesis over the OpenAPI document: whatever a client sends, the service never answers 5xx.

Bounded: a few examples per operation, derandomized, so it runs in seconds and the same way in CI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from replicast.errors import VideoDecodeError
from replicast.jobs.payload import JobRequest, JobResult
from replicast.pipeline.run import Progress
from replicast.service import create_app
from replicast.settings import Settings

from .conftest import Api
from .server import serving


def reject_everything(
    request: JobRequest, report: Callable[[Progress], None], cancelled: threading.Event
) -> JobResult:
    raise VideoDecodeError(f"{request.video_name}: not a readable video")


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    settings_ = Settings.model_validate(
        {"data_dir": tmp_path_factory.mktemp("fuzz"), "rate_limit": None, "max_video_bytes": 64 * 1024}
    )
    app = create_app(settings_, runner=reject_everything)
    with serving(app) as base:
        yield Api(base, app, settings_)


@pytest.fixture(scope="module")
def fuzz_key(fuzz: Api) -> str:
    return fuzz.key("fuzz")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_a_server_error(fuzz: Api, fuzz_key: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_dict(fuzz.app.openapi())
    headers = {"Authorization": f"Bearer {fuzz_key}"}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=4,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(base_url=fuzz.base, headers=headers, timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            call()
        except Unsatisfiable:
            continue  # nothing to get wrong: no parameters or body to break
        except Exception as ex:
            raise AssertionError(f"{operation.label} ({mode.value}): {ex}") from ex


def test_operation_ids_are_stable(fuzz: Api) -> None:
    ids = sorted(op["operationId"] for ops in fuzz.app.openapi()["paths"].values() for op in ops.values())
    assert ids == sorted(
        [
            "uploadVideo",
            "listVideos",
            "getVideo",
            "deleteVideo",
            "createJob",
            "listJobs",
            "getJob",
            "streamJobEvents",
            "getJobSpec",
            "getJobProject",
            "getJobReportJson",
            "getJobReportHtml",
            "getJobKeyframe",
            "cancelJob",
            "deleteJob",
            "createBatch",
            "listBatches",
            "getBatch",
            "cancelBatch",
            "deleteBatch",
            "healthz",
            "readyz",
            "metrics",
        ]
    )
