"""The generated project as the code browser shows it: a file tree and one highlighted file.

Read from the job's `project.zip` (names are looked up, never joined onto a filesystem path).
Highlighting is Pygments on the server (no script in the browser): its HTML output escapes the source
text, so code holding text from the video is shown, never run.

    tree = file_tree(zf.namelist())               # folders first, then files, each sorted
    html = highlight_source("src/App.tsx", data)  # Markup, or None for binary/oversize files
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

HIGHLIGHT_MAX_BYTES = 400_000
STYLE = "default"
# folders that hold build output or check pictures, shown closed
COLLAPSED = frozenset({"dist", "check", "keyframes", "public", "lint"})
_LEXER_BY_SUFFIX = {".tsx": "tsx", ".ts": "typescript", ".mjs": "javascript", ".sql": "postgresql"}


@dataclass(slots=True)
class TreeNode:
    name: str
    path: str
    """full path in the project, with a trailing slash for folders"""
    children: list[TreeNode] = field(default_factory=list)

    @property
    def is_dir(self) -> bool:
        return self.path.endswith("/")

    @property
    def open_by_default(self) -> bool:
        return self.name not in COLLAPSED

    def contains(self, path: str) -> bool:
        return self.is_dir and path.startswith(self.path)


def file_tree(names: list[str]) -> TreeNode:
    """The folder tree of zip entry names (entries for folders themselves are implied)."""
    root = TreeNode("", "")
    folders: dict[str, TreeNode] = {"": root}
    for name in sorted(n for n in names if n and not n.endswith("/")):
        parent = root
        parts = name.split("/")
        for depth, part in enumerate(parts[:-1]):
            key = "/".join(parts[: depth + 1]) + "/"
            node = folders.get(key)
            if node is None:
                node = TreeNode(part, key)
                folders[key] = node
                parent.children.append(node)
            parent = node
        parent.children.append(TreeNode(parts[-1], name))
    _sort(root)
    return root


def _sort(node: TreeNode) -> None:
    node.children.sort(key=lambda c: (not c.is_dir, c.name.lower()))
    for child in node.children:
        _sort(child)


def first_file(names: list[str]) -> str | None:
    """The file to show when none is chosen: the app's entry, else the README, else the first."""
    files = [n for n in names if not n.endswith("/")]
    for wanted in ("src/App.tsx", "README.md", "package.json"):
        if wanted in files:
            return wanted
    return min(files) if files else None


def _lexer(path: str) -> Lexer:
    suffix = posixpath.splitext(path)[1].lower()
    try:
        if suffix in _LEXER_BY_SUFFIX:
            lexer: Lexer = get_lexer_by_name(_LEXER_BY_SUFFIX[suffix])
        else:
            lexer = get_lexer_for_filename(posixpath.basename(path))
    except ClassNotFound:
        lexer = TextLexer()
    return lexer


def highlight_source(path: str, data: bytes) -> Markup | None:
    """The file as highlighted HTML with line numbers; None when it is binary or too large to show."""
    if len(data) > HIGHLIGHT_MAX_BYTES or b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    formatter = HtmlFormatter(
        cssclass="code", linenos="table", lineanchors="L", anchorlinenos=True, wrapcode=True
    )
    return Markup(highlight(text, _lexer(path), formatter))  # Pygments escapes the source text


@functools.cache
def highlight_css() -> str:
    """The stylesheet for `highlight_source`'s classes."""
    formatter: Any = HtmlFormatter(style=STYLE, cssclass="code")  # get_style_defs is untyped in the stubs
    return str(formatter.get_style_defs(".code"))
