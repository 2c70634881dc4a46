"""GOV.UK components from templates: text from rules files or users is shown as text, never as markup."""

import pytest

from decision_tool.ui.markup import Markup, component

HOSTILE = '<img src=x onerror="alert(1)">\x07 & "quoted"'
ESCAPED = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#34;quoted&#34;"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("tag", {"text": HOSTILE}),
        ("strong", {"text": HOSTILE}),
        ("back_link", {"href": "./", "text": HOSTILE}),
        ("section", {"title": HOSTILE, "body": ""}),
        ("error_summary", {"nonce": 1, "errors": [{"href": "#q-a", "text": HOSTILE}]}),
        ("summary_list", {"rows": [{"key": {"text": HOSTILE}, "value": {"text": HOSTILE}}]}),
        ("service_navigation", {"service_name": "S", "navigation": [{"href": "a", "text": HOSTILE}] * 2}),
    ],
)
def test_text_is_escaped_and_control_characters_removed(name, params):
    out = component(name, params)
    assert "<img" not in out
    assert ESCAPED in out
    assert "\x07" not in out


def test_a_plain_string_given_as_html_is_still_escaped():
    out = component("summary_list", {"rows": [{"key": {"text": "k"}, "value": {"html": "<b>x</b>"}}]})
    assert "<b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out


def test_markup_from_another_component_is_kept():
    tag = component("tag", {"text": "Yes"})
    out = component("summary_list", {"rows": [{"key": {"text": "k"}, "value": {"html": tag}}]})
    assert '<strong class="dt-tag">Yes</strong>' in out
    assert isinstance(out, Markup)


def test_an_address_is_escaped_inside_its_attribute():
    out = component("back_link", {"href": 'x" onclick="alert(1)', "text": "Back"})
    assert 'onclick="' not in out
