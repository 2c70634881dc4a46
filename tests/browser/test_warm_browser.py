"""The browser tests' reused contexts (``WarmBrowser``) start as empty as new ones: what one test's visit
left (a sign-in cookie, stored data, an open tab) never reaches the next test."""

from __future__ import annotations


def test_a_context_given_back_comes_back_empty(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(server_url)
    page.get_by_role("button", name="Start a new screening").wait_for()
    page.evaluate(
        "() => { localStorage.setItem('left', 'by the last test'); document.cookie = 'left=1; path=/'; }"
    )
    assert context.cookies()
    context.close()

    again = browser.new_context(viewport={"width": 1280, "height": 720})
    assert again is context  # the same context, handed out again
    assert again.pages == [] and again.cookies() == []
    page = again.new_page()
    assert page.viewport_size == {"width": 1280, "height": 720}  # the size asked for this time
    page.goto(server_url)
    page.get_by_role("button", name="Start a new screening").wait_for()
    assert page.evaluate("() => localStorage.getItem('left')") is None
    assert page.evaluate("() => document.cookie.includes('left=')") is False
