"""The escaping helpers: every untrusted string becomes an inert literal or a plain identifier."""

from __future__ import annotations

import json
import re

import pytest

from replicast.codegen.escape import (
    asset_file_name,
    identifier,
    js_string,
    js_value,
    slug,
    static_value,
    unique,
)
from tests.codegen.specs import HOSTILE_TEXTS

LONE_SURROGATE = "a\ud800b"


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, "", "plain", LONE_SURROGATE])
def test_js_string_round_trips(text: str) -> None:
    assert js_value(js_string(text)) == text
    if js_string(text).startswith('"'):
        # JSON string syntax is a subset of JS string syntax, so the JSON decoder reads the JS value
        assert json.loads(js_string(text)) == text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_js_string_is_one_inert_line(text: str) -> None:
    literal = js_string(text)

    assert not set(literal) & set("<>&\n\r\u2028\u2029\u202e\u2066\x00\x7f\ufeff")
    # no unescaped quote can end the literal early
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', literal)


def test_js_string_picks_quotes_as_prettier_does() -> None:
    assert js_string('say "hi"') == "'say \"hi\"'"
    assert js_string('it\'s "ok"') == "'it\\'s \"ok\"'"
    assert js_string("it's") == '"it\'s"'


def test_js_string_keeps_readable_text_readable() -> None:
    assert js_string("café 日本語 😀") == '"café 日本語 😀"'
    assert js_string("</script>") == '"\\u003c/script\\u003e"'
    assert js_string("`${x}` {y}") == '"`${x}` {y}"'


def test_js_string_escapes_lone_surrogates_so_the_file_is_utf8() -> None:
    assert js_string(LONE_SURROGATE) == '"a\\ud800b"'
    js_string(LONE_SURROGATE).encode("utf-8")


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("login page", "pascal", "LoginPage"),
        ("login page", "camel", "loginPage"),
        ("s1", "camel", "s1"),
        ("1st screen", "camel", "item1stScreen"),
        ("Café-menu", "pascal", "CafeMenu"),
        ("</Route><script>", "pascal", "RouteScript"),
        ("日本語", "camel", "item"),
        ("__proto__", "camel", "proto"),
        ("${x}`; alert(1)//", "camel", "xAlert1"),
    ],
)
def test_identifier(text: str, style: str, expected: str) -> None:
    assert identifier(text, style=style) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, ""])
def test_identifier_is_always_a_plain_identifier(text: str) -> None:
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", identifier(text))


def test_identifier_rejects_a_bad_fallback() -> None:
    with pytest.raises(ValueError):
        identifier("x", fallback="1x")


def test_slug_and_unique() -> None:
    assert slug("Sign in!") == "sign-in"
    assert slug("</>") == "screen"
    assert unique("a", {"a", "a2"}) == "a3"
    assert unique("/s", {"/s"}, sep="-") == "/s-2"
    assert unique("b", {"a"}) == "b"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("assets/e12.png", "e12.png"),
        ("../../etc/Passwd.PNG", "passwd.png"),
        ("a\\b\\Logo Big.jpeg", "logo-big.jpeg"),
        ("x/<script>.webp", "script.webp"),
        ("x/.png", "asset.png"),
        ("shell.sh", None),
        ("image.svg", None),
        ("noext", None),
    ],
)
def test_asset_file_name(path: str, expected: str | None) -> None:
    assert asset_file_name(path) == expected


@pytest.mark.parametrize("value", ['a"b', "a{b}", "<b>", "a&b", "a\nb", "a'b", "a`b"])
def test_static_value_refuses_anything_but_plain_tokens(value: str) -> None:
    with pytest.raises(ValueError):
        static_value(value)


def test_static_value_accepts_tailwind_arbitrary_values() -> None:
    classes = "absolute left-[-4px] top-[10px] bg-[#aabbcc] text-[13px] w-1/2 hover:underline"
    assert static_value(classes) == classes
