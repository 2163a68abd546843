"""A missing engine fails the scale tests in CI and skips them elsewhere."""

from __future__ import annotations

import pytest

from . import engines


@pytest.fixture
def no_rabbitmq(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engines.ENGINES, "rabbitmq", ("127.0.0.1", engines.free_port()))


@pytest.mark.usefixtures("no_rabbitmq")
def test_a_missing_engine_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="rabbitmq is not running"):
        engines.require("rabbitmq")


@pytest.mark.usefixtures("no_rabbitmq")
def test_a_missing_engine_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="rabbitmq is not running"):
        engines.require("rabbitmq")
