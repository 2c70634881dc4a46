"""Text from rules files and users stays text: escaping helpers, and the Markdown record rendered by a
CommonMark renderer (with GFM-style autolinks) holds no link, image or HTML from injected text."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from decision_tool.records.record import make_record, record_markdown, record_text
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.result import Override
from decision_tool.screening.scenarios import load_catalog
from decision_tool.text import WORD_JOINER, clip, inline_escape, md_escape, quoted, terminal_safe

from . import fuzz

MARKUP = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "code_inline",
    "code_block",
    "fence",
    "heading_open",
}


def renderer() -> MarkdownIt:
    """CommonMark with raw HTML allowed and bare addresses linked (as GitHub and Streamlit do)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
        ["linkify", "strikethrough", "table"]
    )
    md.linkify.set({"fuzzy_link": False})
    return md


def tokens(markdown: str) -> list[str]:
    out: list[str] = []
    todo = list(renderer().parse(markdown))
    while todo:
        tok = todo.pop()
        out.append(tok.type)
        todo.extend(tok.children or [])
    return out


def links(markdown: str) -> list[tuple[str, str]]:
    """(visible text, target) of every link a renderer makes."""
    found: list[tuple[str, str]] = []
    for block in renderer().parse(markdown):
        children = block.children or []
        for i, tok in enumerate(children):
            if tok.type == "link_open":
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                found.append(("".join(c.content for c in children[i + 1 : end]), str(tok.attrs["href"])))
    return found


def shows_its_address(text: str, href: str) -> bool:
    return href.removeprefix("mailto:") in (text, "http://" + text, "https://" + text)


def shown(markdown: str) -> str:
    """The text a reader sees."""
    rendered = renderer().render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", fuzz.INJECTED)
def test_escaped_text_renders_as_itself(text):
    expected = text.replace("\x1b", "").replace("\x07", "").replace("\u202e", "")
    assert not set(tokens(md_escape(text))) & MARKUP
    assert shown(md_escape(text)).strip() == " ".join(expected.split()).strip() or "\n" in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:/.@<>[]()!*_`#-+|~$&;=\"' \nhtpsw1")), max_size=60))
def test_no_text_becomes_markup(text):
    assert not set(tokens(md_escape(text))) & MARKUP
    assert not set(tokens(inline_escape(text))) & {"link_open", "image", "html_inline"}


def test_bare_addresses_are_not_links_but_read_the_same():
    text = "see https://example.invalid/a, www.example.invalid and me@example.invalid"
    assert "link_open" not in tokens(md_escape(text))
    assert shown(md_escape(text)).strip() == text


def test_terminal_text_shows_control_characters_instead_of_obeying_them():
    assert terminal_safe("a\x1b[2Jb\x07\u202ec\n") == "a\\x1b[2Jb\\x07\\u202ec\n"


def test_quoted_values_are_short_whatever_their_size():
    assert len(quoted("x" * 10_000_000)) < 120
    assert len(quoted(10**5000)) < 120
    assert len(quoted([[["x" * 1000]] * 1000])) < 120
    assert clip("short") == "short"


def test_markdown_record_keeps_injected_text_inert(tmp_path):
    catalog = load_catalog(fuzz.injected_rules_folder(tmp_path / "rules"))
    for rules in catalog.rule_sets.values():
        answers = complete_answers(rules, {})
        if "notes" in rules.question_index:
            answers["notes"] = " ".join(fuzz.INJECTED).replace("\x1b", "")
        top = rules.levels[-1].id
        reason = "Reason: ![x](https://example.invalid/x.png) <b>bold</b> [l](https://example.invalid) www.example.invalid"
        result = assess(
            rules, answers, contacts=catalog.directories["england"], override=Override(top, reason)
        )
        markdown = record_markdown(make_record(result, dt.datetime(2026, 11, 23, 9, 0)), rules)
        kinds = tokens(markdown)
        assert not {"image", "html_inline", "html_block"} & set(kinds)
        # The accessible copy reads as plain text, so a bare address stays as written and a renderer
        # may link it; a link is then its own address, never a target hidden behind other words.
        assert links(markdown) and all(shows_its_address(text, href) for text, href in links(markdown))
        assert "\\" not in markdown and WORD_JOINER not in markdown and "\u200b" not in markdown
        assert kinds.count("heading_open") == sum(line.startswith("#") for line in markdown.splitlines())
        seen = shown(markdown)
        assert "![x](https://example.invalid/x.png) <b>bold</b>" in seen  # as typed
        assert "<img src=x onerror=alert(1)> " in seen  # rules text, as written
        assert "\x1b" not in markdown and "\x1b" not in record_text(
            make_record(result, dt.datetime(2026, 1, 1))
        )
