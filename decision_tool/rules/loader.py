"""Read rules files safely, then parse plain data into frozen models.

``read_yaml`` does the file I/O; ``parse_rules`` / ``parse_contacts`` take plain data (tests feed dicts
straight in). Every problem becomes a ``Problem`` that names the file, the line when known, the YAML
path, what is wrong and the fix. Cross-references are checked here, once, at load time.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, RulesError, UserError
from ..text import clip, quoted
from .conditions import NUMERIC_TESTS, Condition
from .safe_yaml import Where, load_yaml, read_text
from .schema import ContactsFile, RuleSet, recency_checks

Loc = tuple[str | int, ...]
MAX_PROBLEMS = 200  # problems listed per file; a count of the rest follows
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


# ---------------------------------------------------------------- reading


def read_yaml(path: Path) -> tuple[Any, str]:
    """Return (data, text) of a YAML file, read with the bounded, literal reader (``safe_yaml``)."""
    text = read_text(path)
    return parse_yaml_text(text, str(path)), text


def parse_yaml_text(text: str, file: str, *, error: type[UserError] = RulesError) -> Any:
    return load_yaml(text, file, error=error)[0]


def _where(text: str) -> Where | None:
    try:
        return load_yaml(text, "", where=True)[1]
    except UserError:
        return None


def _line_for(root: Where | None, loc: Loc) -> int | None:
    """The line of the value at ``loc`` (or of the deepest part of it found).

    In a list, a ``str`` part names the item by its ``id`` (``sections[about]``), an ``int`` by position.
    """
    if root is None:
        return None
    node, line = root, root.line
    for key in loc:
        if node.items and isinstance(key, str):
            found = next((item for item in node.items if item.id == key), None)
        elif node.items and isinstance(key, int):
            found = node.items[key] if 0 <= key < len(node.items) else None
        elif isinstance(key, str) and key in node.keys:
            key_line, found = node.keys[key]
            line = key_line  # if the value has no line of its own, the key is the place
        else:
            found = None
        if found is None:
            break
        node, line = found, found.line
    return line


class ItemId(str):
    """A list item named by its ``id`` in a location: shown as ``sections[about]``, not ``sections[0]``."""


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else getattr(item, "id", None)


def _id_counts(items: Sequence[Any], cache: dict[int, Counter[Any]]) -> Counter[Any]:
    key = id(items)
    if key not in cache:
        cache[key] = Counter(i for i in map(_item_id, items) if isinstance(i, str))
    return cache[key]


def by_id(data: Any, loc: Loc, counts: dict[int, Counter[Any]] | None = None) -> Loc:
    """``loc`` with each list position replaced by the item's ``id`` where that id is unique in its list,
    so a message still points at the right item after items are added, moved or removed."""
    counts = {} if counts is None else counts
    out: list[str | int] = []
    node = data
    for key in loc:
        if isinstance(node, list | tuple) and isinstance(key, int) and 0 <= key < len(node):
            item = node[key]
            item_id = _item_id(item)
            if isinstance(item_id, str) and _ID.match(item_id) and _id_counts(node, counts)[item_id] == 1:
                out.append(ItemId(item_id))
            else:
                out.append(key)
            node = item
        else:
            out.append(key)
            if isinstance(node, dict) and isinstance(key, str):
                node = node.get(key)
            elif isinstance(node, BaseModel) and isinstance(key, str):
                node = getattr(node, _attr(node, key), None)
            else:
                node = None
    return tuple(out)


def _attr(model: BaseModel, key: str) -> str:
    """The attribute of a model field by its YAML name (``from`` is ``from_``)."""
    for name, f in type(model).model_fields.items():
        if (f.alias or name) == key:
            return name
    return key


def located(
    found: Iterable[tuple[Loc, str, str]], file: str, text: str | None, data: Any = None
) -> list[Problem]:
    """Problems found as (loc, message, fix), with the file and, from the YAML text, the line.

    ``data`` (the parsed file or model) lets the location name list items by id."""
    found = list(found)
    more = len(found) - MAX_PROBLEMS
    found = found[:MAX_PROBLEMS]
    root = _where(text) if text and found else None
    counts: dict[int, Counter[Any]] = {}
    out = [
        Problem(
            format_loc(by_id(data, loc, counts) if data is not None else loc),
            message,
            fix,
            file=file,
            line=_line_for(root, loc),
        )
        for loc, message, fix in found
    ]
    if more > 0:
        out.append(Problem("", f"... and {more:,} more problems", "fix these first", file=file, line=1))
    return out


# ---------------------------------------------------------------- paths and hints


def format_loc(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int | ItemId):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: Any, choices: Iterable[Any]) -> str:
    """A suggestion for a mistyped id; bounded work (ids are short; long lists get no suggestion)."""
    if not isinstance(word, str) or len(word) > 64:
        return ""
    choices = list(choices) if not isinstance(choices, list | tuple | dict) else choices
    if len(choices) > 500:
        return ""
    choices = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class whose field list applies at ``loc`` (for 'did you mean' on unknown keys)."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == key), None)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for _ in range(5):
        origin = typing.get_origin(annotation)
        if origin in (tuple, list, typing.Union, types.UnionType, typing.Annotated):
            args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
            annotation = args[0] if args else annotation
        else:
            break
    return annotation


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    # pydantic adds tags such as 'function-after[...]' for validators; they are not YAML keys.
    return tuple(p for p in loc if isinstance(p, int) or "[" not in str(p))


def _problem_from_pydantic(err: Any, root: type[BaseModel]) -> tuple[Loc, str, str]:
    loc = _clean_loc(err["loc"])
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    shown = (
        quoted(value)
        if not isinstance(value, dict | list)
        else ("a list" if isinstance(value, list) else "a mapping")
    )
    if kind == "missing":
        return loc, "this required field is missing", f"add '{loc[-1]}:'" if loc else "add it"
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        names = _field_names(parent) if parent else []
        hint = did_you_mean(str(loc[-1]), names)
        allowed = f"allowed here: {', '.join(names)}" if names else "remove it"
        return loc, f"unknown field '{loc[-1]}'{hint}", f"remove it or correct the spelling; {allowed}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, f"expected a whole number, got {shown}", "write a whole number such as 5"
    if kind in ("float_parsing", "float_type"):
        return loc, f"expected a number, got {shown}", "write a number such as 0.3"
    if kind == "string_type":
        if isinstance(value, bool):
            word = "true" if value else "false"
            return loc, f"expected text, got {word}", f'put the word in quotes: "{word}"'
        return loc, f"expected text, got {shown}", "put the text in quotes"
    if kind in ("bool_parsing", "bool_type"):
        return loc, f"expected true or false, got {shown}", "write true or false"
    if kind in ("tuple_type", "list_type"):
        return loc, f"expected a list, got {shown}", "write one item per line, each starting with '- '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return loc, f"expected a mapping of fields, got {shown}", "write 'field: value' lines here"
    if kind == "literal_error":
        return loc, f"expected one of {ctx.get('expected')}, got {shown}", "use one of the values listed"
    if kind == "string_pattern_mismatch":
        return (
            loc,
            f"{shown} is not a valid id",
            "use lower-case letters, digits and underscores, starting with a letter",
        )
    if kind in ("too_short", "string_too_short"):
        return loc, "this must not be empty", "add at least one entry"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return loc, f"expected a date, got {shown}", "write the date as YYYY-MM-DD"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return loc, f"{shown} is out of range ({err['msg'].lower()})", "change the value"
    message = clip(err["msg"].removeprefix("Value error, "), 300)
    return loc, message, "see docs/rules-format.md"


def validate_model(model: type[BaseModel], data: Any, file: str, text: str | None) -> Any:
    if not isinstance(data, dict):
        raise RulesError(
            [
                Problem(
                    "",
                    "the file must be a mapping of fields (id, title, ...)",
                    "see docs/rules-format.md",
                    file=file,
                    line=1,
                )
            ]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        deeper = [tuple(e["loc"]) for e in errors]

        def echo(err: Any) -> bool:  # pydantic's echo of a failed item as an "empty list" on its parent
            here = tuple(err["loc"])
            return err["type"] == "too_short" and any(d[: len(here)] == here and d != here for d in deeper)

        found = [_problem_from_pydantic(err, model) for err in errors if not echo(err)]
        raise RulesError(located(found, file, text, data)) from None


# ---------------------------------------------------------------- rule sets


def load_rules(path: Path | str) -> RuleSet:
    """Read and parse one questionnaire file."""
    path = Path(path)
    data, text = read_yaml(path)
    return parse_rules(data, file=str(path), text=text)


def parse_rules(data: Any, *, file: str = "<rules>", text: str | None = None) -> RuleSet:
    """Validate and cross-check one questionnaire. Every problem is listed in one pass: when some items
    fail the schema, the rest are still cross-checked (see ``_cross_check_the_rest``)."""
    try:
        rules: RuleSet = validate_model(RuleSet, data, file, text)
    except RulesError as exc:
        raise RulesError([*exc.problems, *_cross_check_the_rest(data, file, text)]) from None
    problems = located(cross_check(rules), file, text, data)
    if problems:
        raise RulesError(problems)
    return rules


# Lists of items with ids that cross-references point at; an item failing the schema is set aside.
_ITEM_LISTS = ("sources", "categories", "levels", "red_flags", "actions")


def _cross_check_the_rest(data: Any, file: str, text: str | None) -> list[Problem]:
    """Cross-reference problems among the items that passed the schema, so ``validate`` lists schema
    and cross-reference problems in one pass. Items that failed are set aside, and anything that refers
    to one of them (or band checks, when a level was set aside) is not reported twice."""
    if not isinstance(data, dict):
        return []
    try:
        RuleSet.model_validate(data)
        return []
    except ValidationError as exc:
        errors = exc.errors()
    drop: dict[Loc, set[int]] = {}
    locs = [_clean_loc(err["loc"]) for err in errors]
    for loc in locs:
        if any(other[: len(loc)] == loc and other != loc for other in locs):
            continue  # pydantic's echo of an item's problem on the list that holds it
        if len(loc) >= 2 and loc[0] in _ITEM_LISTS and isinstance(loc[1], int):
            drop.setdefault((loc[0],), set()).add(loc[1])
        elif len(loc) >= 4 and loc[0] == "sections" and loc[2] == "questions" and isinstance(loc[3], int):
            drop.setdefault(loc[:3], set()).add(loc[3])
        else:
            return []  # a problem outside any item (a title, a section): nothing sound to check
    rest = dict(data)
    kept: dict[Loc, list[int]] = {}
    set_aside: set[str] = set()
    sections = [dict(s) if isinstance(s, dict) else s for s in rest.get("sections") or []]
    rest["sections"] = sections
    for where, bad in drop.items():
        container: Any = rest if len(where) == 1 else sections[where[1]]  # type: ignore[index]
        items = container.get(where[-1])
        if not isinstance(items, list):
            return []
        set_aside |= {
            str(item.get("id")) for i, item in enumerate(items) if i in bad and isinstance(item, dict)
        }
        kept[where] = [i for i in range(len(items)) if i not in bad]
        container[where[-1]] = [item for i, item in enumerate(items) if i not in bad]
    try:
        partial = RuleSet.model_validate(rest)
    except ValidationError:
        return []
    levels_dropped = ("levels",) in drop

    def original(loc: Loc) -> Loc:
        out = list(loc)
        for where, positions in kept.items():
            n = len(where)
            position = out[n] if len(out) > n else None
            if tuple(out[:n]) == where and isinstance(position, int) and position < len(positions):
                out[n] = positions[position]
        return tuple(out)

    found = []
    for loc, message, fix in cross_check(partial):
        if any(f"'{i}'" in message for i in set_aside):
            continue
        if levels_dropped and loc[:1] == ("levels",) and ("band" in loc or "band" in message):
            continue
        found.append((original(loc), message, fix))
    return located(found, file, text, data)


def _duplicates(items: Sequence[Any], where: Loc) -> list[tuple[Loc, str, str]]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        if item.id in seen:
            out.append(((*where, i, "id"), f"duplicate id '{item.id}'", "give each one a different id"))
        seen.add(item.id)
    return out


def unknown_id(kind: str, value: str, known: Iterable[str], loc: Loc) -> tuple[Loc, str, str]:
    known = list(known)
    return (
        loc,
        f"unknown {kind} id '{clip(value)}'{did_you_mean(value, known)}",
        f"use one of: {', '.join(known)}" if len(known) <= 12 else f"use an id defined under '{kind}s'",
    )


def cross_check(rules: RuleSet) -> list[tuple[Loc, str, str]]:
    """Every cross-reference problem in a parsed rule set, as (loc, message, fix)."""
    out: list[tuple[Loc, str, str]] = []
    out += _duplicates(rules.sources, ("sources",))
    out += _duplicates(rules.categories, ("categories",))
    out += _duplicates(rules.sections, ("sections",))
    out += _duplicates(rules.levels, ("levels",))
    out += _duplicates(rules.red_flags, ("red_flags",))
    out += _duplicates(rules.actions, ("actions",))

    source_ids = [s.id for s in rules.sources]
    category_ids = [c.id for c in rules.categories]
    level_ids = [lv.id for lv in rules.levels]
    action_ids = [a.id for a in rules.actions]

    seen_questions: dict[str, Any] = {}
    for si, section in enumerate(rules.sections):
        for qi, q in enumerate(section.questions):
            loc: Loc = ("sections", si, "questions", qi)
            if q.id in seen_questions:
                out.append(
                    (
                        (*loc, "id"),
                        f"duplicate question id '{q.id}'",
                        "question ids must be unique across all sections",
                    )
                )
            out += _question_checks(q, loc, source_ids, category_ids)
            if q.show_if is not None:
                out += _condition_checks(
                    q.show_if, (*loc, "show_if"), seen_questions, later=rules.question_index
                )
            seen_questions[q.id] = q

    out += band_checks(rules)
    out += recency_checks(rules)
    for li, level in enumerate(rules.levels):
        for ai, a in enumerate(level.actions):
            if a not in action_ids:
                out.append(unknown_id("action", a, action_ids, ("levels", li, "actions", ai)))
    for ri, flag in enumerate(rules.red_flags):
        loc = ("red_flags", ri)
        out += _condition_checks(flag.when, (*loc, "when"), rules.question_index)
        if flag.min_level not in level_ids:
            out.append(unknown_id("level", flag.min_level, level_ids, (*loc, "min_level")))
        for ai, a in enumerate(flag.actions):
            if a not in action_ids:
                out.append(unknown_id("action", a, action_ids, (*loc, "actions", ai)))
        if flag.source not in source_ids:
            out.append(unknown_id("source", flag.source, source_ids, (*loc, "source")))
    for oi, other in enumerate(rules.also_screen):
        loc = ("also_screen", oi)
        out += _condition_checks(other.when, (*loc, "when"), rules.question_index)
        if other.form == rules.id:
            out.append(((*loc, "form"), "a form cannot point to itself", "name another questionnaire"))
        if other.source not in source_ids:
            out.append(unknown_id("source", other.source, source_ids, (*loc, "source")))
    for ai, action in enumerate(rules.actions):
        if action.source not in source_ids:
            out.append(unknown_id("source", action.source, source_ids, ("actions", ai, "source")))
    for ai, a in enumerate(rules.insufficient_information.actions):
        if a not in action_ids:
            out.append(unknown_id("action", a, action_ids, ("insufficient_information", "actions", ai)))
    return out


def _question_checks(
    q: Any, loc: Loc, source_ids: list[str], category_ids: list[str]
) -> list[tuple[Loc, str, str]]:
    out: list[tuple[Loc, str, str]] = []
    if q.source not in source_ids:
        out.append(unknown_id("source", q.source, source_ids, (*loc, "source")))
    if q.scored:
        if q.category is None:
            out.append(
                (
                    (*loc, "category"),
                    "a scored question needs a category",
                    f"add 'category:' with one of: {', '.join(category_ids)}",
                )
            )
        elif q.category not in category_ids:
            out.append(unknown_id("category", q.category, category_ids, (*loc, "category")))
    if q.kind in ("single", "multi"):
        if len(q.options) < 2:
            out.append(
                (
                    (*loc, "options"),
                    f"a {q.kind} question needs at least two options",
                    "add the answers to offer under 'options:'",
                )
            )
        out += _duplicates(q.options, (*loc, "options"))
    elif q.options:
        out.append(
            (
                (*loc, "options"),
                f"options are only for single and multi questions, not {q.kind}",
                "remove 'options:' or change 'kind:'",
            )
        )
    if q.weight is not None and q.kind != "yes_no":
        out.append(
            (
                (*loc, "weight"),
                f"'weight' is only for yes_no questions, not {q.kind}",
                "put weights on each option instead",
            )
        )
    if q.kind == "yes_no" and q.weight is None:
        out.append(
            (
                (*loc, "weight"),
                "a yes_no question needs the points for 'yes'",
                "add 'weight:' (0 if it is not scored)",
            )
        )
    if (q.min is not None or q.max is not None) and q.kind != "number":
        out.append(((*loc, "min"), "min and max are only for number questions", "remove them"))
    if q.kind == "number" and q.min is not None and q.max is not None and q.min > q.max:
        out.append(((*loc, "max"), f"max ({q.max}) is below min ({q.min})", "swap them"))
    if q.kind == "text" and q.category is not None:
        out.append(((*loc, "category"), "free-text questions are never scored", "remove 'category:'"))
    return out


def _condition_checks(
    cond: Condition, loc: Loc, known: dict[str, Any], later: dict[str, Any] | None = None
) -> list[tuple[Loc, str, str]]:
    out: list[tuple[Loc, str, str]] = []
    for qid, leaf in cond.questions():
        q = known.get(qid)
        if q is None:
            if later is not None and qid in later:
                out.append(
                    (
                        loc,
                        f"show_if refers to '{qid}', which is asked later",
                        "a question can only depend on questions before it",
                    )
                )
            else:
                out.append(unknown_id("question", qid, list(later or known), loc))
            continue
        test = leaf.test
        if test in NUMERIC_TESTS and q.kind != "number":
            out.append(
                (
                    loc,
                    f"'{test}' compares numbers, but '{qid}' is a {q.kind} question",
                    "use 'equals' or 'in' for choices",
                )
            )
        if test in ("equals", "in"):
            values = [leaf.equals] if test == "equals" else list(leaf.in_ or ())
            if q.kind == "number":
                if any(not isinstance(v, int | float) for v in values):
                    out.append(
                        (
                            loc,
                            f"'{qid}' is a number question; compare it with numbers",
                            "use a number, or lt/lte/gt/gte",
                        )
                    )
            elif q.kind != "text":
                offered = [o.id for o in q.choices]
                for v in values:
                    if v not in offered:
                        out.append(
                            (
                                loc,
                                f"'{qid}' has no answer '{clip(v)}'{did_you_mean(str(v), offered)}",
                                f"use one of: {', '.join(offered)}",
                            )
                        )
    return out


def band_checks(rules: RuleSet) -> list[tuple[Loc, str, str]]:
    out: list[tuple[Loc, str, str]] = []
    banded = [(i, lv) for i, lv in enumerate(rules.levels) if lv.band is not None]
    if len(banded) < 2:
        return [
            (
                ("levels",),
                "at least two levels need a score band" if banded else "no level has a score band",
                "give the lowest level 'band: {from: 0, to: N}' and the next 'band: {from: N+1}'",
            )
        ]
    first_i, first = banded[0]
    if first_i != 0:
        out.append(
            (("levels", 0, "band"), "the lowest level needs a score band", "add 'band: {from: 0, to: N}'")
        )
    assert first.band is not None
    if first.band.from_ != 0:
        out.append(
            (
                ("levels", first_i, "band", "from"),
                f"the first band starts at {first.band.from_}, leaving scores below it with no level",
                "start it at 0",
            )
        )
    for (pi, prev), (i, lv) in zip(banded, banded[1:], strict=False):
        assert prev.band is not None and lv.band is not None
        if i != pi + 1:
            out.append(
                (
                    ("levels", pi + 1),
                    "a level without a band sits between banded levels",
                    "give it a band, or move it above the banded levels",
                )
            )
        if prev.band.to is None:
            out.append(
                (
                    ("levels", pi, "band", "to"),
                    f"band of '{prev.id}' has no upper end but '{lv.id}' comes after it",
                    f"add 'to: {lv.band.from_ - 1}'",
                )
            )
            continue
        if lv.band.from_ <= prev.band.to:
            out.append(
                (
                    ("levels", i, "band", "from"),
                    f"bands overlap: '{prev.id}' ends at {prev.band.to} and '{lv.id}' starts at {lv.band.from_}",
                    f"start '{lv.id}' at {prev.band.to + 1}",
                )
            )
        elif lv.band.from_ > prev.band.to + 1:
            out.append(
                (
                    ("levels", i, "band", "from"),
                    f"gap between bands: no level for scores {prev.band.to + 1} to {lv.band.from_ - 1}",
                    f"start '{lv.id}' at {prev.band.to + 1}",
                )
            )
    for i, lv in banded:
        assert lv.band is not None
        if lv.band.to is not None and lv.band.to < lv.band.from_:
            out.append(
                (
                    ("levels", i, "band", "to"),
                    f"band ends ({lv.band.to}) before it starts ({lv.band.from_})",
                    "swap them",
                )
            )
    last_i, last = banded[-1]
    assert last.band is not None
    if last.band.to is not None:
        out.append(
            (
                ("levels", last_i, "band", "to"),
                f"scores above {last.band.to} would have no level",
                "leave 'to' out on the top band",
            )
        )
    return out


# ---------------------------------------------------------------- contacts


def load_contacts(path: Path | str) -> ContactsFile:
    path = Path(path)
    data, text = read_yaml(path)
    return parse_contacts(data, file=str(path), text=text)


def parse_contacts(data: Any, *, file: str = "<contacts>", text: str | None = None) -> ContactsFile:
    contacts: ContactsFile = validate_model(ContactsFile, data, file, text)
    problems = located(_duplicates(contacts.contacts, ("contacts",)), file, text, data)
    if problems:
        raise RulesError(problems)
    return contacts
