"""Accessibility statement: how accessible the tool is, what is known not to work, and how to report it."""

import streamlit as st

from decision_tool.ui.furniture import SERVICE_NAME, page_title

page_title("Accessibility statement")
st.title("Accessibility statement")
st.markdown(
    f"""
This statement applies to the {SERVICE_NAME}. We want as many people as possible to be able to use it.
You should be able to:

- use it on a phone 390 pixels wide or on a large screen, and zoom in up to 400% without the text
  spilling off the screen
- use every control with a keyboard alone, and always see which one has the keyboard's focus (yellow,
  with a black edge)
- fix a mistake from the error summary at the top of the page, whose links take you to each question;
  each question's hint and error are read out with its answers
- hear the result as soon as it appears or changes: the outcome is the result page's main heading, the
  page starts there, and a screen reader reads out a new outcome after you record your judgement
- read every result in words and symbols, never colour alone; the symbols are decoration, so screen
  readers read the words only
- read the tables the tool draws itself (the rules, the record details, the panel list) without scrolling
  sideways: on a narrow screen each row is shown as a block, each value under its heading, and screen
  readers still read a table

## How accessible this tool is

Some parts are not fully accessible: see "Non-accessible content" below.

## Compliance status

This tool is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard,
because of the non-compliances listed below.

## Non-accessible content

### Non-compliance with the accessibility regulations

- Some tables drawn by the tool's framework can scroll sideways on a narrow screen: the changes table
  on the Training page, the missing episodes on a case, and the register's audit trail (WCAG 1.4.10
  Reflow). The same facts are in the record or the export.
- The result chart is a picture (WCAG 1.1.1 Non-text content). The same figures are given in words and in
  a table beside it.
- Downloaded PDF records are not tagged for screen readers (WCAG 1.3.1 Info and relationships). The
  Markdown record holds the same information as plain text.
- Single-choice questions are not an HTML fieldset with a legend (WCAG 1.3.1): the tool's framework draws
  them as an ARIA radio group. The group is named by the question as it is shown and described by the
  question's hint and any error, so screen readers announce the question, its hint and its answers
  together, as they would a fieldset. Tick-box questions are an ARIA group named the same way.

## How we tested this tool

Every page is checked on each change with automated accessibility tests (axe-core, WCAG 2.2 level A and
AA rules) in a real browser, at 390 and 1280 pixels wide, and with browser tests of the keyboard's focus,
each step's single main heading, and the hints and errors read with their field. The answers on each
question are at least 44 pixels tall, so they are easy to tap. The tool has not yet been audited by an
accessibility specialist.

## Preparation of this accessibility statement

This statement was prepared on 2 December 2026. It was last reviewed on 2 December 2026.

## Reporting a problem

If you find a problem not listed here, tell the team that runs this tool in your organisation (usually
whoever gave you its address). This tool is open source, so problems can also be reported to its
maintainers.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "accessibility
regulations"). If you are not happy with how your organisation responds to your complaint, contact the
Equality Advisory and Support Service (EASS).
"""
)
