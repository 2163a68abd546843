"""Fixtures for the scale tests: a local S3 server (moto) for the session, a bucket per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .engines import moto_server, new_bucket


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    return new_bucket(s3_endpoint)
