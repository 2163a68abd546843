"""The model's answer as file edits: a strict format, read as untrusted input.

The model answers with one JSON object (a ```json fence around it is tolerated):

    {"notes": "what changed and why",
     "edits": [{"path": "src/screens/SignIn.tsx", "content": "<the whole new file>"}]}

    edit_set = parse_answer(completion.text)       # AnswerError when it breaks a rule
    changed = apply_edits(Path("candidate"), edit_set)

Rules: an edit replaces or creates one whole file under `src/` of the generated project, named with
letters, digits, `.`, `_` and `-` only (no `..`, no absolute paths, no hidden files, no backslashes),
ending in .tsx, .ts or .css; at most MAX_FILES files, MAX_FILE_BYTES each, MAX_TOTAL_BYTES in all, no
path twice. The replay test (`tests/`), the data layer's migrations, package.json and the build
configuration are out of reach, so a refinement can change how the app is written, never what it
is tested against or what it installs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from replicast.errors import AnswerError

MAX_FILES = 40
MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024
MAX_NOTES_CHARS = 2000
SUFFIXES = (".tsx", ".ts", ".css")
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_FENCE = re.compile(r"^\s*```[A-Za-z]*\s*\n(?P<body>.*)\n\s*```\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Edit:
    path: str
    """relative to the project, `src/...`"""
    content: str


@dataclass(frozen=True, slots=True)
class EditSet:
    edits: tuple[Edit, ...]
    notes: str = ""


def check_path(path: object) -> str:
    """`path` if an edit may write it. Raises AnswerError saying which rule it breaks."""
    if not isinstance(path, str) or not path:
        raise AnswerError("an edit's path is not a non-empty string")
    shown = json.dumps(path[:120])
    if "\\" in path or "\0" in path or path.startswith("/"):
        raise AnswerError(f"edit path {shown} is not a relative POSIX path")
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "src" or len(path) > 200:
        raise AnswerError(f"edit path {shown} is not under src/")
    if any(not _PART.fullmatch(p) for p in parts):
        raise AnswerError(f"edit path {shown} has a part that is empty, hidden, '..' or oddly named")
    if not path.endswith(SUFFIXES):
        raise AnswerError(f"edit path {shown} is not a {', '.join(SUFFIXES)} file")
    return path


def _json_object(text: str) -> dict[str, object]:
    fenced = _FENCE.match(text)
    body = fenced.group("body") if fenced else text
    try:
        value = json.loads(body)
    except ValueError as ex:
        raise AnswerError(f"the answer is not JSON: {ex}") from ex
    if not isinstance(value, dict):
        raise AnswerError("the answer is not a JSON object")
    return value


def parse_answer(text: str) -> EditSet:
    """The edits in a model's answer. Raises AnswerError when the answer breaks any rule."""
    value = _json_object(text)
    edits = value.get("edits")
    if not isinstance(edits, list):
        raise AnswerError('the answer has no "edits" list')
    if len(edits) > MAX_FILES:
        raise AnswerError(f"the answer edits {len(edits)} files (at most {MAX_FILES})")
    notes = value.get("notes", "")
    if not isinstance(notes, str):
        raise AnswerError('the answer\'s "notes" is not a string')
    seen: set[str] = set()
    total = 0
    out: list[Edit] = []
    for item in edits:
        if not isinstance(item, dict) or set(item) != {"path", "content"}:
            raise AnswerError('an edit is not an object with exactly "path" and "content"')
        path, content = check_path(item["path"]), item["content"]
        if not isinstance(content, str):
            raise AnswerError(f"the content of {path} is not a string")
        if path in seen:
            raise AnswerError(f"the answer edits {path} twice")
        size = len(content.encode())
        if size > MAX_FILE_BYTES:
            raise AnswerError(f"the new {path} has {size} bytes (at most {MAX_FILE_BYTES})")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise AnswerError(f"the edits hold over {MAX_TOTAL_BYTES} bytes")
        seen.add(path)
        out.append(Edit(path, content))
    return EditSet(tuple(out), notes[:MAX_NOTES_CHARS])


def apply_edits(project: Path, edit_set: EditSet) -> list[str]:
    """Write each edit into `project` (a copy: this changes files in place); the paths that changed.

    Raises AnswerError when a path would leave `project/src` (through a link the copy holds)."""
    root = (project / "src").resolve()
    changed: list[str] = []
    for edit in edit_set.edits:
        target = project / check_path(edit.path)
        if not target.parent.resolve().is_relative_to(root) or target.is_symlink():
            raise AnswerError(f"edit path {edit.path} leads outside src/")
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == edit.content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit.content, encoding="utf-8")
        changed.append(edit.path)
    return changed
