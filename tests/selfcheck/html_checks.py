"""What every report.html must be: self-contained, with nothing it could fetch."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_URL = re.compile(r"(?:https?:|ftp:|wss?:|file:)//|(?<![:\w])//[\w-]+\.[\w.-]+", re.I)
_FETCHING_TAGS = {"script", "link", "iframe", "object", "embed", "base", "frame", "audio", "video", "source"}
_SOURCE_ATTRS = {"src", "href", "srcset", "poster", "action", "data", "formaction", "background"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in _SOURCE_ATTRS:
                self.sources.append(value or "")
            if name == "style":
                self.styles.append(value or "")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            self._in_style = False


def assert_self_contained(html: str, *, urls_in_text: bool = False) -> None:
    """No tag or style that fetches, every src/href a data: image or an anchor; and unless the
    recording's own text holds some (`urls_in_text`), no URL anywhere in the page."""
    parser = _Tags()
    parser.feed(html)
    assert not _FETCHING_TAGS & set(parser.tags), _FETCHING_TAGS & set(parser.tags)
    for source in parser.sources:
        assert source.startswith(("data:image/", "#")), source[:80]
    for style in parser.styles:
        assert "url(" not in style and "@import" not in style, style[:80]
    if not urls_in_text:
        assert not _URL.findall(html), _URL.findall(html)[:5]
