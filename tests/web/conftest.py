"""Services for the web page tests, signed-in HTTP clients, and real headless Chromium.

- `hostile`: the service with a stand-in runner that publishes a result full of hostile text at once
  (for the page tests over HTTP and in the browser, no conversion).
- `real`: the embedded default doing real conversions (sandboxed pool, npm build, self-check).
- `browser`: Debian's Chromium driven by Playwright, a fresh profile per call; missing Chromium fails
  the test in CI (CI=true) and skips it elsewhere.

Screenshots go to `test-artifacts/web/` at the repository root (gitignored).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from replicast.errors import CheckUnavailableError
from replicast.jobs.config import open_stores
from replicast.selfcheck import find_chromium
from replicast.service import create_app
from replicast.settings import Settings
from replicast.storage.crypto import new_master_key
from tests.service.conftest import Api
from tests.service.server import serving

from .hostile import publishing_runner

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "workers": 2,
        "ocr_threads": 1,
        "rate_limit": None,
        "job_timeout_s": 300.0,
        "sse_interval_s": 0.1,
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    settings = _settings(tmp_path_factory.mktemp("web-hostile"), encryption_key=new_master_key())
    stores = open_stores(settings)
    app = create_app(settings, stores=stores, runner=publishing_runner(stores))
    with serving(app) as base:
        yield Api(base, app, settings)


@pytest.fixture(scope="session")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    settings = _settings(
        tmp_path_factory.mktemp("web-real"), encryption_key=new_master_key(), max_video_bytes=16 << 20
    )
    app = create_app(settings)
    with serving(app) as base:
        yield Api(base, app, settings)


@contextmanager
def signed_in(api: Api, key: str) -> Iterator[httpx.Client]:
    """An HTTP client holding the web page's session cookie (as a browser would after signing in)."""
    with httpx.Client(base_url=api.base, timeout=60, follow_redirects=False) as client:
        response = client.post(
            "/sign-in", data={"api_key": key, "next": "/jobs"}, headers={"Origin": api.base}
        )
        assert response.status_code == 303, response.text
        yield client


def wait_until_finished(api: Api, key: str, job_id: str, timeout: float = 300.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    with api.client(key) as client:
        while True:
            job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
            if job["state"] not in ("queued", "running"):
                return job
            assert time.monotonic() < deadline, f"job {job_id} still {job['state']}"
            time.sleep(0.2)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nweb page screenshots: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; a missing one fails the test in CI (CI=true) and skips it elsewhere."""
    try:
        path = find_chromium()
        import playwright.sync_api  # noqa: F401
    except (CheckUnavailableError, ImportError) as ex:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium and Playwright are required in CI: {ex}")
        pytest.skip(str(ex))
    return path


BrowserFactory = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[BrowserFactory]:
    """`with browser(viewport=...) as page:` a page in a fresh Chromium profile; page errors fail the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:

        @contextmanager
        def open_page(viewport: tuple[int, int] = (1280, 900)) -> Iterator[Any]:
            profile = tempfile.mkdtemp(prefix="replicast-web-")
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(chromium),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": viewport[0], "height": viewport[1]},
                accept_downloads=True,
            )
            errors: list[str] = []
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.set_default_timeout(20_000)
                page.on("pageerror", lambda e: errors.append(str(e)))
                yield page
            finally:
                context.close()
                shutil.rmtree(profile, ignore_errors=True)
            assert not errors, f"script errors on the page: {errors}"

        yield open_page


def sign_in(page: Any, base: str, key: str) -> None:
    page.goto(f"{base}/jobs")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/jobs")


def shoot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True, animations="disabled")
