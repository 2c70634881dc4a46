"""The one way this project reads YAML (and answer files): bounded, safe, and literal.

What the file says is what the model gets, or a refusal naming the file and line:

- **Files**: only regular files are opened (a pipe, device, folder or symlink loop is refused without
  blocking); at most ``MAX_FILE_BYTES`` are read; UTF-8 with or without a byte-order mark.
- **Shape**: at most ``MAX_DEPTH`` levels of nesting and ``MAX_VALUES`` values in all, counting each use
  of an alias (``*name``) in full, so "billion laughs" files are refused after a few microseconds.
- **No tags, no objects**: a tag (``!!python/...``, ``!!str``) is refused; nothing but text, numbers,
  true/false, null, lists and mappings is ever built. Duplicate keys are refused, and keys are text.
- **No implicit typing surprises** (YAML 1.1 would change what the file says): ``yes``/``no``/``on``/
  ``off`` stay text; dates stay text (the model parses them, with a clear error); ``1:30`` is text, not
  90; ``0x1F``, ``.inf`` and ``.nan`` are text (so a number field refuses them). Plain numbers are decimal,
  at most ``MAX_DIGITS`` digits and finite.

Parsing uses libyaml's event stream (``CSafeLoader``) and builds the data with an explicit stack: no
recursion, so nothing deep can exhaust the C or Python stack, and the limits apply before any work
grows with them.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, RulesError, UserError
from ..text import clip

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both only parse here: no constructors run

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_VALUES = 10_000
MAX_DIGITS = 15

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+|\.[0-9]+[eE][-+]?[0-9]+)\Z"
)


@dataclass
class Where:
    """Where a value sits in the file: its line, and for a mapping or list, where its parts sit."""

    line: int
    id: str | None = None  # a mapping's 'id', so a list item can be found by it
    keys: dict[str, tuple[int, Where]] = field(default_factory=dict)  # key -> (line of the key, value)
    items: list[Where] = field(default_factory=list)


def _fail(error: type[UserError], file: str, line: int | None, message: str, fix: str) -> UserError:
    return error([Problem("", message, fix, file=file, line=line)])


# ---------------------------------------------------------------- files


def read_text(path: Path | str, *, error: type[UserError] = RulesError, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a regular file of at most ``limit`` bytes, or ``error`` naming the file.

    Never blocks: a FIFO or device is refused from its ``stat`` before it is opened, and opened
    non-blocking in case it was swapped in between.
    """
    path = Path(path)
    file = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(error, file, None, "file not found", "check the path") from None
    except OSError as exc:  # a symlink loop, a name too long, no permission
        raise _fail(
            error, file, None, f"cannot open the file ({exc.strerror or exc})", "check the path"
        ) from None
    _check_kind(info.st_mode, info.st_size, error, file, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _fail(
            error, file, None, f"cannot open the file ({exc.strerror or exc})", "check the path"
        ) from None
    try:
        info = os.fstat(fd)
        _check_kind(info.st_mode, info.st_size, error, file, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _fail(
            error, file, None, f"cannot read the file ({exc.strerror or exc})", "check the path"
        ) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise _too_large(error, file, limit)
    return decode(data, file, error=error)


def _check_kind(mode: int, size: int, error: type[UserError], file: str, limit: int) -> None:
    if stat.S_ISDIR(mode):
        raise _fail(error, file, None, "this is a folder, not a file", "give the path of a file")
    if not stat.S_ISREG(mode):
        raise _fail(
            error,
            file,
            None,
            "this is not a regular file (a pipe, device or socket)",
            "give the path of a file",
        )
    if size > limit:
        raise _too_large(error, file, limit)


def _too_large(error: type[UserError], file: str, limit: int) -> UserError:
    return _fail(
        error,
        file,
        None,
        f"the file is larger than {limit:,} bytes",
        "split it, or check it is the right file",
    )


def decode(data: bytes, file: str, *, error: type[UserError] = RulesError) -> str:
    """UTF-8 text, with or without a byte-order mark; a refusal gives the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(error, file, line, "the file is not UTF-8 text", "save it as UTF-8 text") from None


# ---------------------------------------------------------------- YAML


def load_yaml(
    text: str, file: str, *, error: type[UserError] = RulesError, where: bool = False
) -> tuple[Any, Where | None]:
    """Parse one YAML document into plain data (and, if asked, where each value sits)."""
    deep_line = _flow_too_deep(text)
    if deep_line is not None:  # our limit is checked before the parser's own (which differs by release)
        raise _fail(
            error, file, deep_line, f"the file is nested more than {MAX_DEPTH} levels deep", "flatten it"
        )
    parser = _Parser(text)
    try:
        return _build(parser, file, error, where)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        position = getattr(exc, "position", None)  # a character YAML refuses (NUL, other controls)
        if line is None and isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        what = clip(getattr(exc, "problem", None) or str(exc))
        raise _fail(
            error,
            file,
            line,
            f"this is not valid YAML ({what})",
            "check indentation and that text containing ':' or '#' is in quotes",
        ) from None
    finally:
        parser.dispose()


class _Open:
    """A mapping or list being built."""

    __slots__ = ("value", "where", "anchor", "size", "key", "key_line", "lines")

    def __init__(self, value: Any, where: Where | None, anchor: str | None):
        self.value = value
        self.where = where
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_line = 0
        self.lines: dict[str, int] = {}  # a mapping's keys and their lines, for duplicates


def _build(parser: Any, file: str, error: type[UserError], want_where: bool) -> tuple[Any, Where | None]:
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int, Where | None]] = {}
    result: list[tuple[Any, Where | None]] = []
    documents = 0

    def fail(line: int, message: str, fix: str) -> UserError:
        return _fail(error, file, line, message, fix)

    def add(value: Any, size: int, where: Where | None, line: int) -> None:
        """Put a finished value into the mapping or list being built (or make it the document)."""
        if not stack:
            result.append((value, where))
            return
        top = stack[-1]
        top.size += size
        if top.size > MAX_VALUES:
            raise fail(
                line,
                f"the file holds more than {MAX_VALUES:,} values (counting each use of an alias in full)",
                "write the rules out plainly; aliases (*name) that repeat large parts are refused",
            )
        if isinstance(top.value, list):
            top.value.append(value)
            if top.where is not None and where is not None:
                top.where.items.append(where)
        elif top.key is None:
            if not isinstance(value, str) or size != 1:
                raise fail(line, "a key must be plain text", "write 'name: value', with the name as text")
            if value in top.lines:
                raise fail(
                    line,
                    f"the key '{clip(value)}' appears twice here (first on line {top.lines[value]})",
                    "keep one of them: YAML would silently use only the last",
                )
            top.key, top.key_line = value, line
            top.lines[value] = line
        else:
            top.value[top.key] = value
            if top.where is not None and where is not None:
                top.where.keys[top.key] = (top.key_line, where)
                if top.key == "id" and isinstance(value, str):
                    top.where.id = value
            top.key = None

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    opening = {yaml.SequenceStartEvent: list, yaml.MappingStartEvent: dict}
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    while parser.check_event():
        event = parser.get_event()
        kind = event.__class__
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if kind is scalar_event:  # the commonest event first: this loop is the reader's cost
            if event.tag not in (None, "!"):
                raise _tag_refused(fail, line, event.tag)
            top = stack[-1] if stack else None
            in_key = top is not None and top.key is None and top.value.__class__ is dict
            plain = event.implicit[0] and not event.style
            value = event.value if in_key or not plain else _resolve(event.value, line, fail)
            where = Where(line) if want_where else None
            if event.anchor:
                anchors[event.anchor] = (value, 1, where)
            add(value, 1, where, line)
        elif kind in opening:
            if event.tag not in (None, "!"):
                raise _tag_refused(fail, line, event.tag)
            if len(stack) >= MAX_DEPTH:
                raise fail(line, f"the file is nested more than {MAX_DEPTH} levels deep", "flatten it")
            stack.append(_Open(opening[kind](), Where(line) if want_where else None, event.anchor))
        elif kind in closing:
            done = stack.pop()
            if done.anchor:
                anchors[done.anchor] = (done.value, done.size, done.where)
            add(done.value, done.size, done.where, line)
        elif kind is alias_event:
            if event.anchor not in anchors:
                raise fail(
                    line, f"unknown alias '*{clip(event.anchor)}'", "define '&name' before using '*name'"
                )
            value, size, where = anchors[event.anchor]
            add(value, size, where, line)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(line, "the file holds more than one YAML document", "remove the extra '---' line")
    return result[0] if result else (None, Where(1) if want_where else None)


def _tag_refused(fail: Any, line: int, tag: str) -> UserError:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return fail(  # type: ignore[no-any-return]
        line, f"the YAML tag '{clip(shown)}' is not allowed", "remove it: these files use plain values only"
    )


def _resolve(value: str, line: int, fail: Any) -> Any:
    """A plain (unquoted) scalar: null, true/false, a decimal number, or the text as written."""
    first = value[:1]
    if first.isalpha() and value not in _TRUE and value not in _FALSE and value not in _NULL:
        return value  # most values: text
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise fail(
                line,
                f"the number {clip(value, 24)} has more than {MAX_DIGITS} digits",
                "use a smaller number",
            )
        return int(value)
    if _FLOAT.match(value):
        number = float(value)
        if not math.isfinite(number) or len(value) > 40:
            raise fail(line, f"the number {clip(value, 24)} is too large", "use a smaller number")
        return number
    return value


# ---------------------------------------------------------------- JSON


def load_json(text: str, file: str, *, error: type[UserError] = RulesError) -> Any:
    """Parse JSON under the same limits: finite numbers of at most ``MAX_DIGITS`` digits, at most
    ``MAX_DEPTH`` levels and ``MAX_VALUES`` values; ``NaN`` and ``Infinity`` are refused."""
    import json

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number this tool accepts")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise ValueError(f"a number has more than {MAX_DIGITS} digits")
        return int(digits)

    def real(digits: str) -> float:
        number = float(digits)
        if not math.isfinite(number) or len(digits) > 40:
            raise ValueError(f"the number {clip(digits, 24)} is too large")
        return number

    text = text.removeprefix("\ufeff")
    depth = running = 0
    for char in text:  # a cheap bound on nesting before the (recursive) JSON decoder sees it
        if char in "[{":
            running += 1
            depth = max(depth, running)
            if depth > MAX_DEPTH:
                break
        elif char in "]}":
            running -= 1
    if depth > MAX_DEPTH and _json_depth(text) > MAX_DEPTH:
        raise _fail(error, file, None, f"the file is nested more than {MAX_DEPTH} levels deep", "flatten it")
    try:
        data = json.loads(text, parse_constant=constant, parse_int=integer, parse_float=real)
    except json.JSONDecodeError as exc:
        raise _fail(
            error, file, exc.lineno, f"this is not valid JSON ({exc.msg})", "check the file"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _fail(error, file, None, f"this JSON cannot be used ({clip(exc)})", "check the file") from None
    if _count(data) > MAX_VALUES:
        raise _fail(error, file, None, f"the file holds more than {MAX_VALUES:,} values", "check the file")
    return data


def _flow_too_deep(text: str) -> int | None:
    """The line where flow brackets (``[``, ``{``) first nest deeper than ``MAX_DEPTH``, or None.

    libyaml's scanner reads a flow collection ahead of the events this module bounds, so this cheap pass
    runs first. Brackets inside quotes or comments are not counted; block nesting is bounded as events come.
    """
    running = 0
    for char in text:  # most files: a count with no bookkeeping, abandoned once it stays shallow
        if char in "[{":
            running += 1
            if running > MAX_DEPTH:
                break
        elif char in "]}":
            running -= 1
    else:
        return None
    running, line, quote, after_space = 0, 1, "", True
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line += 1
        if quote:
            if quote == '"' and char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char == "#" and after_space:
            newline = text.find("\n", index)
            index = size if newline < 0 else newline
            continue
        elif char in "'\"" and after_space:  # a quote opens only at a value's start (not "it's")
            quote = char
        elif char in "[{":
            running += 1
            if running > MAX_DEPTH:
                return line
        elif char in "]}":
            running = max(0, running - 1)
        after_space = char in " \t\n[{,"
        index += 1
    return None


def _json_depth(text: str) -> int:
    """Nesting depth of JSON text, ignoring brackets inside strings."""
    depth = running = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            running += 1
            depth = max(depth, running)
        elif char in "]}":
            running -= 1
    return depth


def _count(data: Any) -> int:
    count, todo = 0, [data]
    while todo and count <= MAX_VALUES:
        item = todo.pop()
        count += 1
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return count
