"""GOV.UK components drawn from autoescaped Jinja2 templates (``templates/govuk.html``).

Every value a template prints is escaped unless it is a ``markupsafe.Markup``: text from rules files or
users is shown as text wherever it goes. Control characters are removed from text as ``html_text`` does.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from ..text import no_controls

__all__ = ["Markup", "component", "escape"]


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return no_controls(value)
    return value


@cache
def _components() -> Any:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    return env.get_template("govuk.html").module


def component(name: str, *args: Any, **params: Any) -> Markup:
    """One component's markup: ``component("tag", {"text": ...})``; see the macros for each one's params."""
    return Markup(getattr(_components(), name)(*args, **params))
