"""Fixtures for the refinement tests: the fake model server, a client for it, Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from replicast.refine import ProviderConfig
from tests.refine.fakemodel import FakeModel
from tests.selfcheck.conftest import chromium  # noqa: F401  (the same Chromium fixture)

KEY = "sk-test-5ecret-do-not-log-3141592"


@pytest.fixture
def model() -> Iterator[FakeModel]:
    with FakeModel() as fake:
        yield fake


def config(fake: FakeModel, /, **overrides: object) -> ProviderConfig:
    """A provider for `fake` with a key, quick retries and prices of 2 and 8 per million tokens."""
    values: dict[str, object] = {
        "base_url": fake.url,
        "model": "fake-vl",
        "api_key": KEY,
        "timeout_s": 5.0,
        "max_retries": 2,
        "backoff_s": 0.01,
        "max_backoff_s": 0.05,
        "input_price": 2.0,
        "output_price": 8.0,
        **overrides,
    }
    return ProviderConfig(**values)  # type: ignore[arg-type]
