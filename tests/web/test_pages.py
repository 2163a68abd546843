"""The web pages over HTTP: sign-in and its cookie, cross-site refusals, escaping of every text from a
video, the sandboxed preview, the video for the player, inert project files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from replicast.db.keys import revoke_key
from replicast.service.apikeys import parse_key
from replicast.service.web.session import COOKIE, CSRF_HEADER

from ..service.conftest import Api
from .conftest import signed_in, wait_until_finished
from .hostile import APP_TEXT, ATTR, IMG, SCRIPT

HOSTILE_NAME = f"{IMG}.mp4"
VIDEO_BYTES = bytes(range(256)) * 40


@pytest.fixture(scope="module")
def key(hostile: Api) -> str:
    return hostile.key("web-pages")


@pytest.fixture(scope="module")
def job(hostile: Api, key: str) -> dict[str, Any]:
    """A finished job of a video with a hostile file name, its result full of hostile text."""
    with hostile.client(key) as client:
        video = client.post(
            "/v1/videos",
            params={"filename": HOSTILE_NAME},
            content=VIDEO_BYTES,
            headers={"Content-Type": "video/mp4"},
        ).json()
        created = client.post("/v1/jobs", json={"video_id": video["id"], "options": {"build": True}}).json()
    done = wait_until_finished(hostile, key, created["id"])
    assert done["state"] == "succeeded", done
    return done


@pytest.fixture
def web(hostile: Api, key: str) -> Iterator[httpx.Client]:
    with signed_in(hostile, key) as client:
        yield client


def _unescaped(body: str) -> list[str]:
    return [text for text in (SCRIPT, IMG, ATTR, "<img src=x", '" onmouseover="') if text in body]


def test_a_page_without_a_session_sends_you_to_sign_in(hostile: Api) -> None:
    response = httpx.get(f"{hostile.base}/jobs/job_x?tab=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?reason=required&next=%2Fjobs%2Fjob_x%3Ftab%3D1"


def test_signing_in_sets_an_httponly_strict_session_cookie(hostile: Api, key: str) -> None:
    response = httpx.post(
        f"{hostile.base}/sign-in", data={"api_key": key, "next": "/batches"}, headers={"Origin": hostile.base}
    )
    assert response.status_code == 303 and response.headers["location"] == "/batches"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={key};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()  # gone with the browser session


def test_a_wrong_key_is_refused_with_a_reason(hostile: Api) -> None:
    response = httpx.post(f"{hostile.base}/sign-in", data={"api_key": "rc_0123456789abcdef_" + "a" * 43})
    assert response.status_code == 401
    assert "not known to this service" in response.text
    assert "set-cookie" not in response.headers


def test_a_sign_in_posted_from_another_site_is_refused(hostile: Api, key: str) -> None:
    response = httpx.post(
        f"{hostile.base}/sign-in", data={"api_key": key}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 401 and "set-cookie" not in response.headers


def test_sign_in_does_not_redirect_off_site(hostile: Api, key: str) -> None:
    response = httpx.post(
        f"{hostile.base}/sign-in",
        data={"api_key": key, "next": "//evil.example/x"},
        headers={"Origin": hostile.base},
    )
    assert response.headers["location"] == "/jobs"


def test_the_sign_in_page_shows_only_fixed_reasons(hostile: Api) -> None:
    page = httpx.get(f"{hostile.base}/sign-in", params={"reason": "<b>call us</b>"}).text
    assert "call us" not in page
    page = httpx.get(f"{hostile.base}/sign-in", params={"reason": "revoked"}).text
    assert "revoked or has expired" in page


def test_the_api_takes_the_session_cookie(web: httpx.Client) -> None:
    assert web.get("/v1/jobs").status_code == 200


def test_a_cookie_request_that_changes_something_needs_the_page_header(web: httpx.Client) -> None:
    body = {"video_id": "vid_nope", "options": {}}
    refused = web.post("/v1/jobs", json=body)
    assert refused.status_code == 401 and "cross-site" in refused.json()["error"]["message"]
    from_elsewhere = web.post(
        "/v1/jobs", json=body, headers={CSRF_HEADER: "1", "Origin": "https://evil.example"}
    )
    assert from_elsewhere.status_code == 401
    allowed = web.post(
        "/v1/jobs", json=body, headers={CSRF_HEADER: "1", "Origin": str(web.base_url).rstrip("/")}
    )
    assert allowed.status_code == 404  # authenticated: the video is simply not there


def test_a_bearer_request_needs_no_page_header(hostile: Api, key: str) -> None:
    with hostile.client(key) as client:
        assert client.post("/v1/jobs", json={"video_id": "vid_nope"}).status_code == 404


def test_a_revoked_key_sends_the_next_page_to_sign_in_with_a_reason(hostile: Api) -> None:
    key = hostile.key("web-revoked")
    with signed_in(hostile, key) as web:
        assert web.get("/jobs").status_code == 200
        with hostile.services.db.write() as s:
            revoke_key(s, parse_key(key)[0])

        response = web.get("/jobs")

        assert response.status_code == 303
        assert response.headers["location"].startswith("/sign-in?reason=revoked")
        assert web.get("/v1/jobs").status_code == 401  # the page's scripts get a 401 and go the same way
        page = web.get(response.headers["location"]).text
    assert "Your API key has been revoked" in page


def test_signing_out_clears_the_cookie(hostile: Api, key: str) -> None:
    with signed_in(hostile, key) as web:
        response = web.post("/sign-out", headers={"Origin": hostile.base})
        assert response.status_code == 303 and "reason=signed-out" in response.headers["location"]
        assert web.get("/jobs").status_code == 303


@pytest.mark.parametrize("path", ["/jobs", "/batches", "/sign-in?reason=signed-out"])
def test_pages_forbid_inline_script_and_framing(hostile: Api, key: str, path: str) -> None:
    with signed_in(hostile, key) as web:
        response = web.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)  # no inline script at all
    assert " style=" not in response.text


def test_every_text_from_the_video_is_escaped(web: httpx.Client, job: dict[str, Any]) -> None:
    job_id = job["id"]
    for path in (
        f"/jobs/{job_id}",
        f"/jobs/{job_id}/code",
        f"/jobs/{job_id}/code/src/App.tsx",
        f"/jobs/{job_id}/check",
        "/jobs",
    ):
        response = web.get(path)
        assert response.status_code == 200, path
        assert _unescaped(response.text) == [], path
    page = web.get(f"/jobs/{job_id}").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page  # shown, as text
    assert "&lt;img src=x onerror=window.__pwned=3&gt;.mp4" in page  # the file name too


def test_the_job_page_shows_what_was_understood(web: httpx.Client, job: dict[str, Any]) -> None:
    page = web.get(f"/jobs/{job['id']}").text
    assert page.count('<rect class="box ') == 4  # three elements on s1, one on s2
    assert page.count('class="event"') == 3
    assert f'src="/v1/jobs/{job["id"]}/keyframes/001.png"' in page
    assert 'sandbox="allow-scripts"' in page and "allow-same-origin" not in page
    assert f'href="/v1/jobs/{job["id"]}/project.zip" download' in page
    assert page.count('<article class="entity">') == 1  # the data model
    assert "70%" in page  # the self-check's overall score


def test_another_tenants_job_page_is_404(hostile: Api, job: dict[str, Any]) -> None:
    with signed_in(hostile, hostile.key("web-other-tenant")) as other:
        response = other.get(f"/jobs/{job['id']}")
        assert response.status_code == 404 and "Not found" in response.text
        assert other.get(f"/jobs/{job['id']}/video").status_code == 404
        assert other.get(f"/jobs/{job['id']}/files/src/App.tsx").status_code == 404


def test_a_rejected_video_says_why(hostile: Api, key: str, web: httpx.Client) -> None:
    with hostile.client(key) as client:
        video = client.post("/v1/videos", params={"filename": "bad.mp4"}, content=b"not a video").json()
        job = client.post("/v1/jobs", json={"video_id": video["id"]}).json()
    assert wait_until_finished(hostile, key, job["id"])["state"] == "failed"

    page = web.get(f"/jobs/{job['id']}").text

    assert "The video was rejected" in page
    assert "bad.mp4: the codec &lt;img src=x onerror=window.__pwned=3&gt; is not allowed" in page
    assert "VideoRejectedError" in page


def _preview_url(web: httpx.Client, job_id: str) -> str:
    match = re.search(r'<iframe id="preview-iframe"[^>]* src="([^"]+)"', web.get(f"/jobs/{job_id}").text)
    assert match, "no preview iframe"
    return match[1]


def test_the_preview_is_sandboxed_and_needs_no_cookie(
    hostile: Api, web: httpx.Client, job: dict[str, Any]
) -> None:
    url = _preview_url(web, job["id"])
    assert url.endswith("/index.html")

    index = httpx.get(hostile.base + url)  # no cookie: the token in the path is the credential
    script = httpx.get(hostile.base + url.replace("index.html", "assets/app.js"))

    assert index.status_code == 200 and script.status_code == 200
    assert APP_TEXT in script.text
    for response in (index, script):
        csp = response.headers["content-security-policy"]
        assert csp.startswith("sandbox allow-scripts;") and "connect-src 'none'" in csp
        assert response.headers["access-control-allow-origin"] == "*"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert index.text.index("preview-shim.js") < index.text.index("./assets/app.js")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda url: url.replace("/index.html", "/../../jobs"),
        lambda url: re.sub(r"\.[A-Za-z0-9_-]{43}/", ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", url),
        lambda url: url.replace("/preview/job_", "/preview/job_0"),
        lambda url: url.replace("index.html", "../package.json"),
        lambda url: url.replace("index.html", "nothing.js"),
    ],
)
def test_a_mangled_preview_url_finds_nothing(
    hostile: Api, web: httpx.Client, job: dict[str, Any], mangle: Any
) -> None:
    url = mangle(_preview_url(web, job["id"]))
    response = httpx.get(hostile.base + url, follow_redirects=True)
    assert response.status_code == 404, url
    assert "package" not in response.text


def test_the_video_is_served_for_the_player_with_ranges(web: httpx.Client, job: dict[str, Any]) -> None:
    whole = web.get(f"/jobs/{job['id']}/video")
    part = web.get(f"/jobs/{job['id']}/video", headers={"Range": "bytes=100-199"})

    assert whole.status_code == 200 and whole.content == VIDEO_BYTES  # decrypted from the sealed store
    assert whole.headers["content-type"] == "video/mp4"
    assert part.status_code == 206 and part.content == VIDEO_BYTES[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(VIDEO_BYTES)}"


def test_project_files_are_served_inert(web: httpx.Client, job: dict[str, Any]) -> None:
    source = web.get(f"/jobs/{job['id']}/files/src/App.tsx")
    built = web.get(f"/jobs/{job['id']}/files/dist/index.html")
    picture = web.get(f"/jobs/{job['id']}/files/check/step-000.png")

    assert source.headers["content-type"].startswith("text/plain") and SCRIPT in source.text
    assert built.headers["content-type"].startswith("text/plain")  # never run as a page of this site
    assert picture.headers["content-type"] == "image/png"
    for response in (source, built, picture):
        assert response.headers["content-security-policy"].startswith("sandbox;")
        assert response.headers["x-content-type-options"] == "nosniff"
    assert web.get(f"/jobs/{job['id']}/files/src/Nope.tsx").status_code == 404


def test_the_jobs_json_feeds_the_live_list(hostile: Api, web: httpx.Client, job: dict[str, Any]) -> None:
    rows = web.get("/web/jobs.json").json()["items"]
    mine = next(r for r in rows if r["id"] == job["id"])
    assert mine["filename"] == HOSTILE_NAME and mine["state"] == "succeeded"
    assert httpx.get(f"{hostile.base}/web/jobs.json").status_code == 401  # JSON: no redirect
