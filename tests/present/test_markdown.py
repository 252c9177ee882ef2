"""People's text in markdown: shown as typed, never as a link, image or formatting."""

from __future__ import annotations

import pytest

from present.markdown import literal, shown

PAYLOADS = (
    "[x](http://evil)",
    "![](http://t/x.png)",
    "**bold** _it_ `code` ~~gone~~",
    "# Heading",
    "- item",
    "1. item",
    "> quote",
    "| a | b |",
    ":red[red] :smile: $x^2$",
    "&amp; <b>hi</b>",
    "Alice's plan (copy) \\ back",
    "http://evil.example/x www.evil.example a@evil.example HTTPS://EVIL.EXAMPLE",
)


@pytest.mark.parametrize("text", PAYLOADS)
def test_every_character_a_person_typed_is_shown(text: str) -> None:
    assert shown(literal(text)) == text


@pytest.mark.parametrize("text", PAYLOADS)
def test_no_markdown_punctuation_is_left_unescaped(text: str) -> None:
    escaped = literal(text)
    unescaped = [c for i, c in enumerate(escaped)
                 if c in "[]()!*_`~#-|>:$&<." and (i == 0 or escaped[i - 1] != "\\")]
    assert unescaped == []


def test_bare_web_addresses_are_broken_up_so_they_do_not_become_links() -> None:
    escaped = literal("http://evil.example www.evil.example")
    for trigger in ("http\\:", "www\\."):
        assert trigger not in escaped


def test_mail_addresses_stay_whole_so_they_read_and_copy_as_typed() -> None:
    assert "\u2060" not in literal("Signed in as alice@example.org")


def test_line_breaks_stay_but_cannot_start_a_code_block() -> None:
    assert literal("first\n\n    second") == "first  \n  \nsecond"
    assert literal("") == ""
