"""Page furniture shared by every page: the service name, the page title, the footer, the style sheet and
the small page script (focus, scrolling, error-summary links, a guard against repeated clicks).

The script and style sheet are fixed text (no rules or user text in them); they load nothing from outside.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import streamlit as st

SERVICE_NAME = "Safeguarding screening aid"
# On every page, before anything else the page says.
CALL_999 = (
    "<strong>If a child is in immediate danger, call 999.</strong> "
    "This tool supports your professional judgement; it does not replace it."
)

_CSS = """
<style>
.dt-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
  margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
.dt-service { font-weight: 700; font-size: 1.125rem; margin: 0; }
.dt-form-title { font-size: 1.125rem; margin: 0; }
.dt-999 { margin: 0.75rem 0 0 0; }
.dt-caption { color: #484949; font-size: 1.125rem; margin: 1rem 0 0.25rem 0; }
.dt-page-title { font-size: 2.75rem; font-weight: 700; line-height: 1.2; margin: 1rem 0 1rem 0; padding: 0; }
@media (max-width: 640px) { .dt-page-title { font-size: 2.25rem; } }
.dt-page-heading { font-size: 2rem; font-weight: 700; line-height: 1.25; margin: 0 0 0.5rem 0; padding: 0; }
/* Question text no smaller than the answers; hint before the options (GOV.UK order). */
.dt-label { font-size: 1.125rem; font-weight: 700; line-height: 1.4; margin: 0 0 0.25rem 0; }
.dt-hint { color: #484949; margin: 0 0 0.25rem 0; }
.dt-field-error { color: #d4351c; font-weight: 700; margin: 0 0 0.25rem 0; }
[class*="st-key-question-"]:has(.dt-question-error) { border-left: 5px solid #d4351c; padding-left: 15px; }
/* Touch targets: every answer at least 44 px tall (WCAG 2.2 2.5.8 asks 24 px). */
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label { min-height: 44px; align-items: center; }
[data-testid="stRadioOption"] p, [data-testid="stCheckbox"] label p { font-size: 1rem; }
[data-testid="stRadioGroup"] { column-gap: 1.5rem; }
.stVerticalBlock[class*="st-key-question-"] { gap: 0.25rem; }
[data-testid="stNumberInput"] input { min-height: 44px; font-size: 1rem; }
.dt-error-summary { border: 5px solid #d4351c; padding: 15px 20px; margin: 0 0 0.5rem 0; }
.dt-error-summary:focus { outline: 3px solid #ffdd00; outline-offset: 0; }
.dt-error-summary-title { font-size: 1.5rem; font-weight: 700; margin: 0 0 0.5rem 0; padding: 0; }
.dt-error-summary-list { margin: 0; padding-left: 1.25rem; }
.dt-error-summary-list a { color: #d4351c; font-weight: 700; }
.dt-error-summary-list a:focus { color: #0b0c0c; background: #ffdd00; outline: 3px solid #ffdd00; }
/* Check your answers: GOV.UK summary list. */
.dt-back-link { display: inline-block; color: #0b0c0c; padding-left: 14px; position: relative; }
.dt-back-link::before { content: ""; position: absolute; left: 3px; top: 0.45em; width: 7px; height: 7px;
  border: solid #505a5f; border-width: 1px 1px 0 0; transform: rotate(225deg); }
.dt-section-title { font-size: 1.5rem; font-weight: 700; margin: 1.5rem 0 0.5rem 0; padding: 0; }
.dt-summary-list { margin: 0 0 1rem 0 !important; padding: 0 !important; }
.dt-summary-row { display: flex; flex-wrap: wrap; border-bottom: 1px solid #b1b4b6; padding: 0.6rem 0; gap: 0.25rem 1rem; }
.dt-summary-key { flex: 1 1 40%; margin: 0; font-weight: 400; }
.dt-summary-value { flex: 1 1 30%; margin: 0; }
.dt-summary-actions { flex: 0 0 auto; margin: 0; text-align: right; }
.dt-summary-actions a, .dt-back-link { min-height: 24px; line-height: 24px; }
.dt-tag { background: #fff7bf; color: #594d00; padding: 2px 8px; border-left: 4px solid #594d00; }
/* Service navigation (GOV.UK pattern) and footer: plain links, drawn as one element each. */
.dt-service-nav { display: flex; flex-wrap: wrap; align-items: center; column-gap: 2rem;
  border-bottom: 1px solid #b1b4b6; margin: 0 0 0.5rem 0; }
.dt-service-nav .dt-service { line-height: 44px; }
.dt-other-ways ul { list-style: disc; margin: 0; padding-left: 1.25rem; }
.dt-other-ways li { margin: 0.75rem 0; line-height: 1.5; }
.dt-other-ways a { color: #1d70b8; }
.dt-other-ways a:focus { color: #0b0c0c; background: #ffdd00; outline: 3px solid #ffdd00; }
.dt-nav ul, .dt-footer ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; column-gap: 1.5rem; }
.dt-nav li, .dt-footer li { margin: 0; padding: 0; }
.dt-nav a, .dt-footer a { display: inline-block; min-height: 44px; line-height: 44px; color: #1d70b8; text-decoration: underline; text-underline-offset: 0.15em; }
.dt-nav a[aria-current="page"] { color: #0b0c0c; font-weight: 700; text-decoration: none; border-bottom: 4px solid #1d70b8; }
.dt-nav a:focus, .dt-footer a:focus { color: #0b0c0c; background: #ffdd00; outline: 3px solid #ffdd00; text-decoration: none; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; }
.dt-footer { border-top: 1px solid #b1b4b6; margin-top: 2rem; padding-top: 0.5rem; }
/* Tables that never scroll sideways (widgets.reflowing_table): on a phone each row stacks. */
.dt-table { width: 100%; border-collapse: collapse; margin: 0 0 1rem 0; font-size: 0.9375rem; }
.dt-table th, .dt-table td { text-align: left; vertical-align: top; padding: 0.5rem 1rem 0.5rem 0;
  border-bottom: 1px solid #b1b4b6; }
.dt-table thead th { border-bottom: 2px solid #0b0c0c; }
.dt-table .dt-break { overflow-wrap: anywhere; }
.dt-cell-label { display: none; }
@media (max-width: 640px) {
  .dt-summary-row { flex-direction: column; }
  .dt-summary-actions { text-align: left; }
  .dt-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .dt-table, .dt-table tbody, .dt-table tr, .dt-table th, .dt-table td { display: block; }
  .dt-table tr { border-bottom: 1px solid #b1b4b6; padding: 0.5rem 0; }
  .dt-table th, .dt-table td { border: 0; padding: 0.15rem 0; overflow-wrap: anywhere; }
  .dt-table tbody th { font-size: 1.0625rem; }
  .dt-cell-label { display: block; font-weight: 700; font-size: 0.875rem; color: #484949; }
}
</style>
"""

# Runs in the page itself (st.html with JavaScript), installed once per browser tab.
_SCRIPT = """
<script id="decision-tool-page-script">
(function () {
  if (window.__decisionToolPage) return;
  window.__decisionToolPage = true;
  var lastTop = null, lastErrors = null, lastSearch = null, restored = null;
  function scrollTop() {
    window.scrollTo(0, 0);
    document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')
      .forEach(function (el) { el.scrollTop = 0; });
  }
  function fieldFor(id) {
    var anchor = document.getElementById('q-' + id);
    var box = anchor && anchor.closest('[class*="st-key-question-"]');
    if (!box) return null;
    return box.querySelector('input:checked') || box.querySelector('input, textarea, select');
  }
  // Error-summary links move focus to their field (GOV.UK); repeated clicks on a button count once (not on a number box's +/-),
  // so a double or triple click on Continue never lands on a later step.
  window.addEventListener('click', function (e) {
    var target = e.target && e.target.closest ? e.target : null;
    if (!target) return;
    // Links between steps (Check your answers' Change and Back) move within the app, as its own
    // navigation does, instead of reloading the page: a reload would start a new session.
    var nav = target.closest('a[data-dt-nav]');
    if (nav && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
      e.preventDefault();
      window.history.pushState({}, '', nav.href);
      window.dispatchEvent(new PopStateEvent('popstate'));
      return;
    }
    var link = target.closest('a[href^="#q-"]');
    if (link) {
      var field = fieldFor(link.getAttribute('href').slice(3));
      if (field) {
        e.preventDefault();
        e.stopPropagation();
        field.closest('[class*="st-key-question-"]').scrollIntoView({block: 'start'});
        field.focus({preventScroll: true});
      }
      return;
    }
    if (e.detail > 1 && target.closest('button[data-testid^="stBaseButton"]')) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  // This tab's screening: its id (never its answers) is kept for the tab's life, so Start opened without
  // it (the address typed again) still offers to continue the screening.
  function rememberDraft(onStart) {
    var params = new URLSearchParams(location.search), id = params.get('draft');
    try {
      if (id) { sessionStorage.setItem('dt-draft', id); return; }
      var kept = sessionStorage.getItem('dt-draft');
      if (!onStart || !kept || kept === restored) return;
      restored = kept;
      params.set('draft', kept);
      history.replaceState(history.state, '', location.pathname + '?' + params.toString());
      window.dispatchEvent(new PopStateEvent('popstate'));
    } catch (err) { /* storage turned off: a reload of Start still works from its address */ }
  }
  function check() {
    var top = document.querySelector('[data-dt-top]');
    var t = top && top.getAttribute('data-dt-top');
    if (t && (t !== lastTop || location.search !== lastSearch)) {
      lastSearch = location.search;
      rememberDraft(t === 'start');
    }
    if (t && t !== lastTop) {
      var first = lastTop === null;
      lastTop = t;
      if (!first) {
        scrollTop();
        var heading = document.querySelector('[data-testid="stMain"] h1, [data-testid="stMain"] h2');
        if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({preventScroll: true}); }
      }
    }
    var summary = document.querySelector('.dt-error-summary[data-dt-nonce]');
    var n = summary && summary.getAttribute('data-dt-nonce');
    if (n && n !== lastErrors) {
      lastErrors = n;
      summary.scrollIntoView({block: 'start'});
      summary.focus({preventScroll: true});
    }
  }
  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; check(); });
  }).observe(document.body, {childList: true, subtree: true, attributes: true,
                              attributeFilter: ['data-dt-top', 'data-dt-nonce']});
  check();
})();
</script>
"""


def page_title(title: str, *, error: bool = False) -> None:
    """The browser tab's title: 'Error: ' first when the page shows an error summary (GOV.UK)."""
    st.set_page_config(page_title=f"{'Error: ' if error else ''}{title} – {SERVICE_NAME}")


def service_name(form_title: str = "") -> None:
    """Under the service name (see ``page_top``): the form's (neutral) title, when there is one."""
    if form_title:
        st.html(f'<p class="dt-form-title">{html.escape(form_title)}</p>')


def marker_html(name: str) -> str:
    """Tells the page script which screen this is: when it changes, scroll to the top (after Continue)."""
    return f'<span data-dt-top="{html.escape(name)}" hidden></span>'


def page_heading(title: str, marker: str) -> None:
    """A page's main heading (h1), with its screen marker, as one element."""
    st.html(f'{marker_html(marker)}<h1 class="dt-page-title">{html.escape(title)}</h1>')


def page_marker(name: str) -> None:
    """The screen marker alone, for a page whose heading is drawn by Streamlit."""
    st.html(marker_html(name))


def _links(items: Sequence[tuple[str, str, bool]]) -> str:
    """``<li>`` links for (address, text, is the current page). ``data-dt-nav``: the page script moves
    within the app (no reload, so the session and its screening stay); without the script the link still
    opens the page. Addresses are relative, so a server under a path prefix works too."""
    mark = ' aria-current="page"'
    return "".join(
        f'<li><a data-dt-nav href="{html.escape(href)}"{mark if current else ""}>{html.escape(text)}</a></li>'
        for href, text, current in items
    )


def _href(url_path: str) -> str:
    return url_path or "./"


def page_top(pages: Sequence[Any], current: Any) -> None:
    """Every page's top, as one element: the style sheet and page script, then (GOV.UK service
    navigation) the service name and the pages not hidden as plain links, the current one marked; then
    what to do if a child is in immediate danger.

    One HTML element instead of Streamlit's own navigation bar and three elements of ours: every page
    load draws noticeably quicker in the browser (see ``bench/bench_app.py``).
    """
    items = [
        (_href(p.url_path), p.title, p.url_path == current.url_path)
        for p in pages
        if p.visibility != "hidden"
    ]
    menu = f'<nav class="dt-nav" aria-label="Menu"><ul>{_links(items)}</ul></nav>' if len(items) > 1 else ""
    st.html(
        _CSS
        + _SCRIPT
        + f'<div class="dt-service-nav"><p class="dt-service">{SERVICE_NAME}</p>{menu}</div>'
        + f'<p class="dt-999">{CALL_999}</p>',
        unsafe_allow_javascript=True,
    )


def back_link(href: str, text: str = "Back") -> None:
    """A GOV.UK back link, moving within the app."""
    st.html(f'<a class="dt-back-link" data-dt-nav href="{html.escape(href)}">{html.escape(text)}</a>')


def other_ways() -> None:
    """The Start page's other ways in, as links to their own pages (one element, quick to draw)."""
    items = [
        ("open-record", "Open a record you downloaded, to carry on or review it", False),
        ("earlier-records", "Screen a child again, or compare with their earlier records", False),
    ]
    st.html(
        '<h2 class="dt-section-title">Other things you can do</h2>'
        f'<div class="dt-other-ways"><ul>{_links(items)}</ul></div>'
    )


def footer() -> None:
    """Every page: links to the accessibility statement and the privacy notice."""
    items = [
        ("accessibility", "Accessibility statement", False),
        ("privacy", "Privacy notice: what is kept, and where", False),
    ]
    st.html(f'<div class="dt-footer"><ul>{_links(items)}</ul></div>')
