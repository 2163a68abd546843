"""The web page's pure parts: spec views, event wording, the screen graph, the file tree, highlighting,
the sign-in redirect target, preview tokens and the stylesheet's contrast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replicast.db import Database
from replicast.db.keys import revoke_key
from replicast.db.migrate import upgrade
from replicast.errors import AuthError, NotFoundError
from replicast.service.apikeys import create_api_key, hash_secret, parse_key
from replicast.service.web.code import file_tree, first_file, highlight_source
from replicast.service.web.graph import layout_graph
from replicast.service.web.preview import check_token, make_token
from replicast.service.web.session import reason_for, safe_next
from replicast.service.web.views import keyframe_name, read_spec_view

from .hostile import ATTR, IMG, SCRIPT, spec

STATIC = Path(__file__).resolve().parents[2] / "src/replicast/service/web/static"


def test_a_spec_view_keeps_what_it_can_read_of_odd_json() -> None:
    view = read_spec_view(
        {
            "video": {"width": "wide", "height": 200},
            "screens": [
                {
                    "id": "s1",
                    "image": "../../etc/passwd",
                    "elements": [{"bbox": [1, 2]}, {"bbox": [0, 0, 5, 5]}],
                },
                "not a screen",
            ],
            "events": [{"t": "soon", "type": "click"}, None],
            "entities": [{"fields": "none"}],
        }
    )
    assert view.width == 1280 and view.height == 200  # defaults where a value is unusable
    assert view.screens[0].keyframe is None  # a path that is not a keyframe name is dropped
    assert [b.role for b in view.screens[0].boxes] == ["element"]
    assert [e.t for e in view.events] == [0.0, 0.0]
    assert view.entities[0].name == "Record" and view.entities[0].fields == ()


def test_keyframe_names_are_plain_file_names() -> None:
    assert keyframe_name("keyframes/001.png") == "001.png"
    assert keyframe_name("002.jpg") == "002.jpg"
    assert keyframe_name("keyframes/../x.png") is None
    assert keyframe_name("keyframes/a b.png") is None


def test_events_are_worded_with_their_targets() -> None:
    view = read_spec_view(spec())
    assert [e.label for e in view.events] == [
        f"Click input “{ATTR}”",
        f"Type “{IMG}” into input “{ATTR}”",
        f"Click button “{IMG}”",
    ]
    assert [e.screen for e in view.events] == ["s1", "s1", "s1"]


def test_key_and_scroll_events_read_naturally() -> None:
    view = read_spec_view(
        {
            "video": {"width": 100, "height": 100, "duration": 5},
            "screens": [{"id": "s1", "t": 0}],
            "events": [
                {"t": 1, "type": "key", "text": "Enter"},
                {"t": 2, "type": "scroll", "x": 5, "y": 5, "dy": -300},
                {"t": 2.5, "type": "scroll", "x": 5, "y": 5, "dx": 400},
                {"t": 3, "type": "click", "x": 12.4, "y": 40},
                {"t": 4, "type": "click", "count": 2, "x": 20, "y": 40},
            ],
        }
    )
    assert [e.label for e in view.events] == [
        "Press Enter",
        "Scroll 300 px up",
        "Scroll 400 px right",
        "Click at (12, 40)",
        "Double-click at (20, 40)",
    ]
    assert [e.double for e in view.events] == [False] * 4 + [True]


def test_the_graph_draws_a_screen_shown_again_as_the_earlier_one() -> None:
    view = read_spec_view(
        {
            "video": {"width": 1280, "height": 720},
            "screens": [{"id": "a", "t": 0}, {"id": "b", "t": 1}, {"id": "a2", "t": 2, "same_as": "a"}],
            "events": [
                {"t": 0.5, "type": "click"},
                {"t": 1.5, "type": "click", "count": 2},
                {"t": 1.8, "type": "key"},
            ],
            "transitions": [
                {"from": "a", "to": "b", "event": 0},
                {"from": "b", "to": "a2", "event": 1},
                {"from": "b", "to": "b", "event": 2},
                {"from": "b", "to": "nowhere"},
            ],
        }
    )
    graph = layout_graph(view)
    assert [n.id for n in graph.nodes] == ["a", "b"]
    assert {(e.source, e.target, e.label) for e in graph.edges} == {
        ("a", "b", "click"),
        ("b", "a", "double click"),
        ("b", "b", "key"),
    }
    for node in graph.nodes:
        assert node.x >= 0 and node.x + node.w <= graph.width and node.y + node.h <= graph.height
    for edge in graph.edges:
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", edge.path)]
        assert all(-1 <= n <= max(graph.width, graph.height) + 1 for n in numbers), edge.path


def test_the_graph_snakes_so_a_linear_flow_has_straight_arrows() -> None:
    screens = [{"id": f"s{i}", "t": i} for i in range(9)]
    events = [{"t": i + 0.5, "type": "click"} for i in range(8)]
    transitions = [{"from": f"s{i}", "to": f"s{i + 1}", "event": i} for i in range(8)]
    spec_ = {
        "video": {"width": 640, "height": 360},
        "screens": screens,
        "events": events,
        "transitions": transitions,
    }

    graph = layout_graph(read_spec_view(spec_))

    assert len({n.y for n in graph.nodes}) == 3  # four a row
    xs = [n.x for n in graph.nodes]
    assert xs[4] == xs[3] and xs[5] < xs[4] and xs[8] == xs[7]  # the second row runs right to left
    for edge in graph.edges:  # neighbours: a straight line, no curve
        start, control, end = re.findall(r"(-?[\d.]+) (-?[\d.]+)", edge.path)
        mid = ((float(start[0]) + float(end[0])) / 2, (float(start[1]) + float(end[1])) / 2)
        assert (float(control[0]), float(control[1])) == pytest.approx(mid, abs=0.2), edge


def test_the_file_tree_lists_folders_first() -> None:
    tree = file_tree(["src/b.ts", "README.md", "src/a/x.tsx", "package.json", "dist/index.html"])
    assert [c.path for c in tree.children] == ["dist/", "src/", "package.json", "README.md"]
    src = tree.children[1]
    assert [c.path for c in src.children] == ["src/a/", "src/b.ts"]
    assert not tree.children[0].open_by_default and src.open_by_default
    assert first_file(["README.md", "src/App.tsx"]) == "src/App.tsx"
    assert first_file([]) is None


def test_highlighting_escapes_the_source() -> None:
    html = str(highlight_source("src/App.tsx", f"const a = '{SCRIPT}';\n// {IMG}\n".encode()))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;</span><span" in html
    assert 'class="code"' in html and "linenos" in html
    assert highlight_source("logo.png", b"\x89PNG\x00\x00") is None
    assert highlight_source("big.txt", b"x" * 500_000) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/jobs/job_1", "/jobs/job_1"),
        ("/batches?x=1", "/batches?x=1"),
        ("//evil.example/", "/jobs"),
        ("https://evil.example/", "/jobs"),
        ("/\\evil.example", "/jobs"),
        ("javascript:alert(1)", "/jobs"),
        ("", "/jobs"),
        (None, "/jobs"),
    ],
)
def test_sign_in_only_returns_to_this_site(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_auth_failures_map_to_reason_codes() -> None:
    assert reason_for(AuthError("revoked API key")) == "revoked"
    assert reason_for(AuthError("unknown API key")) == "unknown"
    assert reason_for(AuthError("something else")) == "expired"


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'keys.db'}")
    upgrade(database)
    return database


def test_a_preview_token_opens_one_job_for_an_hour(db: Database) -> None:
    key = create_api_key(db, "acme")
    key_id, secret = parse_key(key.text)
    token = make_token(hash_secret(key_id, secret), key_id, "job_a", now=1000.0)

    principal = check_token(db, "job_a", token, now=1000.0 + 3599)

    assert principal.key_id == key_id
    with pytest.raises(NotFoundError):
        check_token(db, "job_a", token, now=1000.0 + 3601)  # expired
    with pytest.raises(NotFoundError):
        check_token(db, "job_b", token, now=1001.0)  # another job
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(NotFoundError):
        check_token(db, "job_a", forged, now=1001.0)
    later = token.split(".")
    with pytest.raises(NotFoundError):
        check_token(db, "job_a", f"{later[0]}.{int(later[1]) + 9999}.{later[2]}", now=1001.0)


def test_a_revoked_key_ends_its_preview_tokens(db: Database) -> None:
    key = create_api_key(db, "acme")
    key_id, secret = parse_key(key.text)
    token = make_token(hash_secret(key_id, secret), key_id, "job_a", now=1000.0)
    with db.write() as s:
        revoke_key(s, key_id)
    with pytest.raises(NotFoundError):
        check_token(db, "job_a", token, now=1001.0)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_stylesheet_colours_meet_wcag_aa() -> None:
    css = (STATIC / "app.css").read_text()
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    text_pairs = [
        ("text", "bg"),
        ("text", "card"),
        ("muted", "card"),
        ("muted", "bg"),
        ("primary", "card"),
        ("primary", "primary-soft"),
        ("ok", "ok-soft"),
        ("bad", "bad-soft"),
        ("bad", "card"),
        ("warn", "warn-soft"),
    ]
    for fg, bg in text_pairs:
        assert contrast(var[fg], var[bg]) >= 4.5, (fg, bg, contrast(var[fg], var[bg]))
    assert contrast("#ffffff", var["primary"]) >= 4.5  # primary buttons
    for family in ("action", "link", "field", "toggle", "heading", "text", "media", "group", "frame"):
        assert contrast(var[f"fam-{family}"], "#ffffff") >= 3.0, family  # boxes over a white page
