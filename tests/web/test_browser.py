"""The web page in real headless Chromium: sign in, upload a generated recording, watch it converted,
look at what was understood, try the preview, download the zip; a bad file, a batch, a revoked key, a
narrow window, the keyboard. Screenshots of every page go to test-artifacts/web/.

One real conversion (with the npm build and the self-check) is shared by the module; the hostile-text
service answers the other jobs at once.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from replicast.db.keys import revoke_key
from replicast.media.synthetic import render_video
from replicast.service.apikeys import parse_key
from tests.jobs.recordings import random_bytes, tiny_recording
from tests.pipeline.scripts import sign_in_script

from ..service.conftest import Api
from .conftest import BrowserFactory, shoot, sign_in, wait_until_finished
from .hostile import APP_TEXT, SCRIPT

pytestmark = pytest.mark.slow

JOB_URL = re.compile(r".*/jobs/job_[0-9a-f]+$")


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as pw_expect

    return pw_expect(target)


@pytest.fixture(scope="module")
def real_key(real: Api) -> str:
    return real.key("web-browser")


@pytest.fixture(scope="module")
def converted(
    real: Api,
    real_key: str,
    browser: BrowserFactory,
    artifacts: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A recording uploaded through the page (build and self-check on) and followed to the end."""
    video = tmp_path_factory.mktemp("web-videos") / "sign-in flow.mp4"
    render_video(sign_in_script(), video)
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.locator("#file-input").set_input_files(video)
        page.get_by_label("Self-check in Chromium").check()
        expect(page.locator("#upload-list li")).to_have_count(1)
        shoot(page, artifacts, "02-jobs-upload-ready")
        page.get_by_role("button", name="Upload and convert").click()
        page.wait_for_url(JOB_URL)
        expect(page.locator("#progress")).to_be_visible()
        expect(page.locator("#stages .stage-current")).to_have_count(1)
        shoot(page, artifacts, "03-job-progress")
        # the page reloads itself when the progress stream ends
        expect(page.locator("#recording")).to_be_visible(timeout=300_000)
        return str(page.url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def spec(real: Api, real_key: str, converted: str) -> dict[str, Any]:
    with real.client(real_key) as client:
        body: dict[str, Any] = client.get(f"/v1/jobs/{converted}/spec").json()
    return body


def test_a_bad_key_keeps_you_on_the_sign_in_page(
    hostile: Api, browser: BrowserFactory, artifacts: Path
) -> None:
    with browser() as page:
        page.goto(f"{hostile.base}/jobs")
        expect(page.get_by_role("status")).to_have_text("Sign in with an API key to continue.")
        shoot(page, artifacts, "00-sign-in")
        page.get_by_label("API key").fill("rc_0123456789abcdef_" + "a" * 43)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("not known to this service")
        expect(page.get_by_label("API key")).to_have_attribute("aria-invalid", "true")
        shoot(page, artifacts, "01-sign-in-refused")


def test_the_job_page_draws_the_detected_elements(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str, spec: dict[str, Any]
) -> None:
    elements = sum(len(s["elements"]) for s in spec["screens"])
    assert elements > 0
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}")
        boxes = page.locator("svg.boxes rect.box")
        expect(boxes).to_have_count(elements)
        expect(page.locator(".keyframe img").first).to_have_js_property("complete", True)
        first = boxes.first
        first.hover()
        tip = page.locator("#box-tip")
        expect(tip).to_be_visible()
        expect(tip.locator(".tip-role")).to_have_text(spec["screens"][0]["elements"][0]["role"])
        # keyboard: one tab stop per picture, arrows move between its boxes
        first.focus()
        page.keyboard.press("ArrowRight")
        second = boxes.nth(1)
        expect(second).to_be_focused()
        expect(tip.locator(".tip-role")).to_have_text(spec["screens"][0]["elements"][1]["role"])
        assert second.get_attribute("tabindex") == "0" and first.get_attribute("tabindex") == "-1"
        expect(page.locator("#screens svg.graph .node")).to_have_count(
            len([s for s in spec["screens"] if not s.get("same_as")])
        )
        shoot(page, artifacts, "04-job")


def test_the_timeline_seeks_the_video_and_marks_the_click(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str, spec: dict[str, Any]
) -> None:
    clicks = [e for e in spec["events"] if e["type"] == "click" and e.get("x") is not None]
    assert clicks, spec["events"]
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}")
        events = page.locator("#events .event")
        expect(events).to_have_count(len(spec["events"]))
        video = page.locator("#video")
        expect(video).to_have_js_property("readyState", 4, timeout=30_000)
        index = spec["events"].index(clicks[-1])
        button = page.locator(f'#events .event[data-index="{index}"]')
        button.click()
        expect(button).to_have_attribute("aria-current", "true")
        mark = page.locator("#click-mark")
        expect(mark).to_be_visible()
        x, y = (float(v) for v in re.findall(r"[-\d.]+", mark.get_attribute("transform") or ""))
        assert (x, y) == pytest.approx((clicks[-1]["x"], clicks[-1]["y"]))
        page.wait_for_timeout(300)
        seconds = float(video.evaluate("v => v.currentTime"))
        assert abs(seconds - clicks[-1]["t"]) < 0.2, seconds
        assert video.evaluate("v => v.paused")
        page.locator("#recording").screenshot(path=str(artifacts / "05-job-timeline.png"))


def test_the_preview_runs_the_built_app_sandboxed(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str
) -> None:
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}#preview")
        iframe = page.locator("#preview-iframe")
        assert iframe.get_attribute("sandbox") == "allow-scripts"
        app = page.frame_locator("#preview-iframe")
        expect(app.get_by_text("Sign in to Harbor")).to_be_visible(timeout=20_000)
        frame = next(f for f in page.frames if "/preview/" in f.url)
        assert frame.evaluate("() => { try { return document.cookie; } catch (e) { return e.name; } }") == (
            "SecurityError"
        )
        page.locator("#preview").screenshot(path=str(artifacts / "06-job-preview.png"))


def test_the_zip_downloads_with_the_built_app(
    real: Api, real_key: str, browser: BrowserFactory, converted: str, tmp_path: Path
) -> None:
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}")
        with page.expect_download() as download:
            page.locator("#download-zip").click()
        path = tmp_path / "app.zip"
        download.value.save_as(path)
    assert download.value.suggested_filename == f"{converted}.zip"
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        # built by the service (the job's build option ran npm install + npm run build)
        assert {"package.json", "package-lock.json", "src/App.tsx", "dist/index.html"} <= names
        bundle = "".join(
            zf.read(n).decode() for n in names if n.startswith("dist/assets/") and n.endswith(".js")
        )
    assert "Sign in to Harbor" in bundle and "Welcome back" in bundle


def test_the_code_browser_highlights_the_source(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str
) -> None:
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}")
        page.get_by_role("link", name="Browse the code").click()
        expect(page.get_by_role("heading", name="src/App.tsx")).to_be_visible()
        expect(page.locator(".code-scroll .code .linenos").first).to_be_visible()
        assert page.locator(".code-scroll .code span.k, .code-scroll .code span.kd").count() > 0  # keywords
        page.get_by_role("navigation", name="Files").get_by_role("link", name="package.json").click()
        expect(page.get_by_role("heading", name="package.json")).to_be_visible()
        expect(page.locator('.filetree a[aria-current="page"]')).to_have_text("package.json")
        page.get_by_role("navigation", name="Files").get_by_role("link", name="App.tsx").click()
        shoot(page, artifacts, "07-code")


def test_the_self_check_shows_frames_side_by_side(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str
) -> None:
    with real.client(real_key) as client:
        report = client.get(f"/v1/jobs/{converted}/report.json").json()
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.goto(f"{real.base}/jobs/{converted}")
        page.get_by_role("link", name="Compare frame by frame").click()
        pairs = page.locator(".side-by-side")
        expect(pairs).to_have_count(len(report["steps"]))
        for img in page.locator(".side-by-side img").all():
            img.scroll_into_view_if_needed()
            expect(img).to_have_js_property("complete", True)
            assert img.evaluate("i => i.naturalWidth") > 0
        shoot(page, artifacts, "08-self-check")


def test_a_bad_file_says_why_it_was_rejected(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, tmp_path: Path
) -> None:
    bad = random_bytes(tmp_path / "screen recording.mp4")
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.locator("#file-input").set_input_files(bad)
        page.get_by_role("button", name="Upload and convert").click()
        page.wait_for_url(JOB_URL)
        panel = page.locator("#job-error")
        expect(panel).to_be_visible(timeout=60_000)
        expect(panel.get_by_role("heading")).to_have_text("The file is not a readable video")
        expect(panel).to_contain_text("not a readable video")
        expect(page.locator("#job-state")).to_have_text("failed")
        shoot(page, artifacts, "09-bad-video")


def test_many_recordings_become_one_batch_followed_in_one_view(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, tmp_path: Path, converted: str
) -> None:
    videos = [tiny_recording(tmp_path / f"page {i}.mp4", title=f"Page {i}") for i in (1, 2)]
    with browser() as page:
        sign_in(page, real.base, real_key)
        page.locator("#file-input").set_input_files(videos)
        page.get_by_label("Build the app").uncheck()
        page.get_by_label("Batch name").fill("Two pages")
        page.get_by_role("button", name="Upload and convert").click()
        page.wait_for_url(re.compile(r".*/batches/bat_[0-9a-f]+$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Two pages")
        rows = page.locator("#jobs-table tbody tr[data-job-id]")
        expect(rows).to_have_count(2)
        shoot(page, artifacts, "10-batch-running")
        expect(page.locator("#batch-progress-text")).to_have_text("2 of 2 finished", timeout=240_000)
        expect(rows.locator(".badge")).to_have_text(["succeeded", "succeeded"])
        expect(page.locator("#batch-cancel")).to_be_hidden()
        shoot(page, artifacts, "11-batch-finished")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Batches").click()
        expect(page.get_by_role("link", name="Two pages")).to_be_visible()
        shoot(page, artifacts, "12-batches")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
        for video in videos:
            expect(page.get_by_role("link", name=video.name)).to_be_visible()
        shoot(page, artifacts, "13-jobs")


def test_a_revoked_key_sends_you_back_to_sign_in(
    hostile: Api, browser: BrowserFactory, artifacts: Path
) -> None:
    key = hostile.key("web-browser-revoked")
    with browser() as page:
        sign_in(page, hostile.base, key)
        # the list's polling would notice too: kept out of the way so the upload is the request that does
        page.route(re.compile(r".*/web/jobs\.json.*"), lambda route: route.abort())
        with hostile.services.db.write() as s:
            revoke_key(s, parse_key(key)[0])
        # the next request the page makes (here: the upload) gets a 401 and goes to sign-in
        page.locator("#file-input").set_input_files(
            files=[{"name": "rec.mp4", "mimeType": "video/mp4", "buffer": b"\x00" * 2048}]
        )
        page.get_by_role("button", name="Upload and convert").click()
        page.wait_for_url(re.compile(r".*/sign-in\?reason=revoked&next=%2Fjobs$"))
        expect(page.get_by_role("status")).to_contain_text("Your API key has been revoked")
        shoot(page, artifacts, "14-sign-in-after-revocation")
        sign_in_again = hostile.key("web-browser-revoked")
        page.get_by_label("API key").fill(sign_in_again)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{hostile.base}/jobs")


def _hostile_job(hostile: Api, key: str) -> str:
    with hostile.client(key) as client:
        video = client.post("/v1/videos", params={"filename": f"{SCRIPT}.mp4"}, content=b"x" * 512).json()
        job_id: str = client.post("/v1/jobs", json={"video_id": video["id"]}).json()["id"]
    assert wait_until_finished(hostile, key, job_id)["state"] == "succeeded"
    return job_id


def test_text_from_the_video_never_runs(hostile: Api, browser: BrowserFactory, artifacts: Path) -> None:
    key = hostile.key("web-browser-hostile")
    job_id = _hostile_job(hostile, key)
    with browser() as page:
        sign_in(page, hostile.base, key)
        page.goto(f"{hostile.base}/jobs/{job_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{SCRIPT}.mp4")
        for box in page.locator("rect.box").all():
            box.hover()
        expect(page.locator("#box-tip .tip-text")).to_have_text("Done")
        app = page.frame_locator("#preview-iframe")
        # the app runs, in an opaque origin: no cookie, no parent, in-memory storage from the shim
        expect(app.locator("#root")).to_have_text(
            f"{APP_TEXT} | cookie:blocked | parent:blocked | storage:v", timeout=20_000
        )
        assert page.evaluate("() => window.__pwned") is None
        shoot(page, artifacts, "15-hostile-text-job")


def test_a_narrow_window_needs_no_sideways_scrolling(
    real: Api, real_key: str, browser: BrowserFactory, artifacts: Path, converted: str
) -> None:
    with browser(viewport=(390, 844)) as page:
        sign_in(page, real.base, real_key)
        for path, name in ((f"/jobs/{converted}", "16-narrow-job"), ("/jobs", "17-narrow-jobs")):
            page.goto(real.base + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
            shoot(page, artifacts, name)


def test_the_jobs_page_is_keyboard_usable_in_a_sensible_order(hostile: Api, browser: BrowserFactory) -> None:
    with browser() as page:
        # Playwright turns chooser interception on asynchronously when the first listener comes: added
        # here, it is on long before Space is pressed (a press racing it opens the browser's own dialog
        # instead). A bound method is no listener for Playwright's sync wrapper, hence the function
        choosers: list[Any] = []

        def chosen(chooser: Any) -> None:
            choosers.append(chooser)

        page.on("filechooser", chosen)
        sign_in(page, hostile.base, hostile.key("web-browser-keys"))
        order = []
        for _ in range(9):
            page.keyboard.press("Tab")
            order.append(
                page.evaluate(
                    "() => { const e = document.activeElement;"
                    " return e.id || e.getAttribute('href') || e.textContent.trim(); }"
                )
            )
        assert order == [
            "#main",  # skip link first
            "/jobs",
            "/jobs",
            "/batches",
            "/openapi.json",
            "Sign out",
            "file-input",
            "opt-build",
            "opt-check",
        ]
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        expect(page.locator("#file-input")).to_be_focused()
        page.keyboard.press("Space")  # opens the chooser from the keyboard
        for _ in range(60):
            if choosers:
                break
            page.wait_for_timeout(100)
        assert choosers, "Space on the focused file input opened no file chooser"
        choosers[0].set_files(files=[{"name": "a.mp4", "mimeType": "video/mp4", "buffer": b"\x00" * 64}])
        expect(page.locator("#upload-list li")).to_have_count(1)
        expect(page.get_by_role("button", name="Upload and convert")).to_be_enabled()


def test_a_failed_upload_is_retried_then_offered_again(hostile: Api, browser: BrowserFactory) -> None:
    with browser() as page:
        sign_in(page, hostile.base, hostile.key("web-browser-retry"))
        failures = {"left": 3}

        def flaky(route: Any) -> None:
            if failures["left"] > 0:
                failures["left"] -= 1
                route.abort("connectionreset")
            else:
                route.continue_()

        page.route(re.compile(r".*/v1/videos\?.*"), flaky)
        page.locator("#file-input").set_input_files(
            files=[{"name": "big.mp4", "mimeType": "video/mp4", "buffer": b"\x01" * 4096}]
        )
        page.get_by_role("button", name="Upload and convert").click()
        item = page.locator("#upload-list li")
        expect(item.locator(".upload-status")).to_contain_text("Upload failed", timeout=15_000)
        item.get_by_role("button", name="Retry").click()
        page.wait_for_url(JOB_URL)
        assert failures["left"] == 0


def test_dropped_files_are_queued_and_the_list_follows_new_jobs(
    hostile: Api, browser: BrowserFactory
) -> None:
    key = hostile.key("web-browser-live")
    with browser() as page:
        sign_in(page, hostile.base, key)
        files = page.evaluate_handle(
            "() => { const dt = new DataTransfer();"
            " dt.items.add(new File([new Uint8Array(64)], 'dropped.mp4', {type: 'video/mp4'}));"
            " dt.items.add(new File([new Uint8Array(64)], 'second.webm', {type: 'video/webm'}));"
            " return dt; }"
        )
        page.dispatch_event("#dropzone", "drop", {"dataTransfer": files})
        expect(page.locator("#upload-list .upload-name")).to_have_text(["dropped.mp4", "second.webm"])
        expect(page.get_by_label("Batch name")).to_be_visible()  # two files: one batch
        # a job made elsewhere (here: the API) shows up without a reload
        job_id = _hostile_job(hostile, key)
        row = page.locator(f'#jobs-table tr[data-job-id="{job_id}"]')
        expect(row.locator(".badge")).to_have_text("succeeded", timeout=15_000)


def test_deleting_a_job_goes_back_to_the_list(hostile: Api, browser: BrowserFactory) -> None:
    key = hostile.key("web-browser-delete")
    job_id = _hostile_job(hostile, key)
    with browser() as page:
        sign_in(page, hostile.base, key)
        page.goto(f"{hostile.base}/jobs/{job_id}")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Delete").click()
        page.wait_for_url(f"{hostile.base}/jobs")
        expect(page.locator(f'tr[data-job-id="{job_id}"]')).to_have_count(0)
    with hostile.client(key) as client:
        assert client.get(f"/v1/jobs/{job_id}").status_code == 404


def test_an_open_page_notices_a_revoked_key_by_itself(hostile: Api, browser: BrowserFactory) -> None:
    key = hostile.key("web-browser-revoked-idle")
    with browser() as page:
        sign_in(page, hostile.base, key)
        with hostile.services.db.write() as s:
            revoke_key(s, parse_key(key)[0])
        # the jobs list's next refresh gets a 401
        page.wait_for_url(re.compile(r".*/sign-in\?reason=revoked&next=%2Fjobs$"), timeout=15_000)
