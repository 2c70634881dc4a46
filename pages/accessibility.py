"""Accessibility statement: how accessible the tool is, what is known not to work, and how to report it."""

import streamlit as st

from decision_tool.ui.furniture import SERVICE_NAME, page_title

page_title("Accessibility statement")
st.title("Accessibility statement")
st.markdown(
    f"""
This statement applies to the {SERVICE_NAME}. We want as many people as possible to be able to use it.
You should be able to:

- use it on a phone 390 pixels wide or on a large screen
- fix a mistake from the error summary at the top of the page, whose links take you to each question
- read every result in words and symbols, never colour alone; the symbols are decoration, so screen
  readers read the words only
- read every table without scrolling sideways: on a narrow screen each row is shown as a block, each value
  under its heading, and screen readers still read a table

## How we test it

Every page is checked on each change with automated accessibility tests (axe-core, WCAG 2.2 level A and
AA rules) in a real browser, at 390 and 1280 pixels wide. The answers on each question are at least 44
pixels tall, so they are easy to tap.

## Known problems

- Each question's hint is shown before its answers but is not announced by screen readers as part of the
  question.
- On "Tick any that apply" questions, screen readers announce each tick box on its own, without the
  question as a group name.
- The result chart is a picture. The same figures are given in words and in a table beside it.
- Downloaded PDF records may not work well with screen readers. The Markdown record holds the same
  information as plain text.

## Reporting a problem

If you find a problem not listed here, tell the team that runs this tool in your organisation (usually
whoever gave you its address). This tool is open source, so problems can also be reported to its
maintainers.
"""
)
