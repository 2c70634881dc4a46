"""Privacy notice: what the tool keeps, where, and for how long."""

import streamlit as st

from decision_tool.ui.drafts import IDLE_MINUTES
from decision_tool.ui.furniture import SERVICE_NAME, page_title

page_title("Privacy notice")
st.title("Privacy notice")
st.markdown(
    f"""
This notice covers the {SERVICE_NAME} as it is installed by default. If your organisation has turned on
its case register (you sign in to use the tool), screenings you choose to save are also kept in the
register's database; ask the register's administrator what it keeps and for how long.

## What is never asked for or kept

- **Names.** The tool never asks for a child's, parent's or anyone else's name. Do not type names in the
  free-text boxes.
- **Usage tracking.** There is no analytics, no advertising and no usage statistics. The pages load nothing
  from the internet; they come only from the computer that runs the tool.

## What is kept while you answer, and where

- **Your answers**, the form and locality you chose, and any change you make to the outcome are kept in the
  memory of the computer that runs the tool, so that reloading the page loses nothing.
- They are **never written to disk** there, and never sent anywhere else. The one exception is your
  organisation's **case register**, when it is turned on: then your answers are also kept in the
  register's database, **encrypted** with a key that is not in the database and readable only when you
  are signed in to your own account, so that a reload finds them whichever of the organisation's servers
  answers. They are cleared there as below, and as soon as you save the screening to a case.
- They are found by a long random code in the page address (after `?draft=`) **together with a second
  code that only your browser holds**, in a cookie for this browser session (never in the address). The
  address alone opens nothing: not in another browser, and not after this browser is closed. On a shared
  computer, close the browser when you finish (with the register on, signing out clears your answers at
  once).
- So that the Start page can offer to continue, **the browser tab remembers that code** (not your
  answers) in its session storage until the tab is closed. Another tab does not see it.
- A number you typed that is not accepted (an age out of range) is kept the same way, only so it is
  still in its box after a reload; it is never used in a result or a record.
- They are **cleared** when you start a new screening, after {IDLE_MINUTES} minutes without use, when you
  sign out of the register, and whenever the tool restarts.
- **Cookies.** The tool sets one cookie per screening (`dt_draft_` and the screening's code), holding only
  the second code above, for this browser session; it is how a reload finds your answers. With the
  register on, one more (`dt_signin`) keeps you signed in across a reload, for this browser session; and
  where your organisation runs two servers behind a proxy, the proxy sets `SRV`, which names the server
  only. No other cookie is set, except single sign-on's own when your organisation uses it.

## What you choose to keep

- **Records you download** (PDF, Markdown or JSON) are saved wherever you save them: on your device, or in
  your safeguarding system. Handle them as your organisation's safeguarding and data-protection policies
  say. The tool keeps no copy.
- **A record you upload** to resume is read in memory and kept only as answers, as above.
"""
)
