"""The model's answer as edits: a strict format, paths under src/ only, size caps, applied to a copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replicast.errors import AnswerError
from replicast.refine import Edit, EditSet, apply_edits, parse_answer
from replicast.refine.edits import MAX_FILE_BYTES, MAX_FILES


def answer(*edits: dict[str, object], notes: str = "tidier") -> str:
    return json.dumps({"notes": notes, "edits": list(edits)})


def test_a_valid_answer_gives_its_edits() -> None:
    text = answer({"path": "src/screens/Home.tsx", "content": "export const x = 1;\n"})

    got = parse_answer(text)

    assert got == EditSet((Edit("src/screens/Home.tsx", "export const x = 1;\n"),), "tidier")


def test_a_json_fence_around_the_answer_is_tolerated() -> None:
    text = "```json\n" + answer({"path": "src/App.tsx", "content": "x"}) + "\n```"

    assert [e.path for e in parse_answer(text).edits] == ["src/App.tsx"]


@pytest.mark.parametrize(
    "text",
    [
        "Sure! Here are the edits: ...",
        "[]",
        '{"edits": {"path": "src/App.tsx"}}',
        '{"notes": "none"}',
        '{"edits": [{"path": "src/App.tsx"}]}',
        '{"edits": [{"path": "src/App.tsx", "content": 3}]}',
        '{"edits": [{"path": "src/App.tsx", "content": "x", "mode": "append"}]}',
        '{"edits": [], "notes": 5}',
    ],
)
def test_a_malformed_answer_is_refused(text: str) -> None:
    with pytest.raises(AnswerError):
        parse_answer(text)


@pytest.mark.parametrize(
    "path",
    [
        "../src/App.tsx",
        "src/../package.json",
        "src/../../etc/passwd.ts",
        "/etc/passwd.ts",
        "src\\App.tsx",
        "src/.hidden.ts",
        "src//App.tsx",
        "src/./App.tsx",
        "tests/replay.spec.ts",
        "package.json",
        "src/App.js",
        "src/App.tsx\0.css",
        "src",
        "vite.config.ts",
    ],
)
def test_a_path_outside_src_or_of_another_kind_is_refused(path: str) -> None:
    with pytest.raises(AnswerError, match="path"):
        parse_answer(answer({"path": path, "content": "x"}))


def test_sizes_are_capped() -> None:
    big = "x" * (MAX_FILE_BYTES + 1)
    with pytest.raises(AnswerError, match="bytes"):
        parse_answer(answer({"path": "src/A.tsx", "content": big}))
    many = [{"path": f"src/F{i}.ts", "content": "x"} for i in range(MAX_FILES + 1)]
    with pytest.raises(AnswerError, match="at most"):
        parse_answer(answer(*many))


def test_a_file_edited_twice_is_refused() -> None:
    with pytest.raises(AnswerError, match="twice"):
        parse_answer(answer({"path": "src/A.tsx", "content": "1"}, {"path": "src/A.tsx", "content": "2"}))


def test_edits_are_written_under_src_and_unchanged_files_are_not_counted(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "App.tsx").write_text("same")
    edits = EditSet((Edit("src/App.tsx", "same"), Edit("src/components/Card.tsx", "new")))

    changed = apply_edits(tmp_path, edits)

    assert changed == ["src/components/Card.tsx"]
    assert (tmp_path / "src" / "components" / "Card.tsx").read_text() == "new"


def test_a_link_in_the_copy_cannot_carry_an_edit_outside_src(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "linked").symlink_to(outside)

    with pytest.raises(AnswerError, match="outside"):
        apply_edits(project, EditSet((Edit("src/linked/evil.ts", "x"),)))

    assert not (outside / "evil.ts").exists()
