"""A locality's settings on a shared regional form: a small overlay, never a copy of the form.

A region's authorities share one form (its questions, weights, red flags and must-refer minimums) so the
same child gets the same answer anywhere. What may legitimately differ is set per locality in
``rules/overlays/*.yaml``: band edges, review periods, the actions of each level, the contacts each action
points to, extra local contacts and single points of contact. A red flag's minimum may be raised locally,
never lowered; its actions may be added to, never removed.

``parse_overlay`` reads plain data; ``overlay_checks`` finds every problem against the form it names (as
(place, message, fix) for the loader to locate); ``apply_overlay`` is the pure function that gives the
effective rule set. Nothing here scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, Strict, ValidationError

from ..errors import RulesError
from .loader import ItemId, Loc, band_checks, located, read_yaml, unknown_id, validate_model
from .schema import MAX_REVIEW_DAYS, BandEdge, Contact, Id, Level, Model, RuleSet, Text, content_hash

OVERLAYS_DIR = "overlays"


class BandSetting(Model):
    """New edges for a level's score band; an edge left out keeps the form's."""

    from_: BandEdge | None = Field(default=None, alias="from", description="Lowest score in the band.")
    to: BandEdge | None = Field(default=None, description="Highest score in the band.")


class LevelSetting(Model):
    id: Id = Field(description="Id of a level of the form.")
    band: BandSetting | None = Field(default=None, description="Local band edges (banded levels only).")
    review_days: Annotated[int, Strict()] | None = Field(
        default=None, ge=1, le=MAX_REVIEW_DAYS, description="Local review period in days."
    )
    actions: tuple[Id, ...] | None = Field(
        default=None, description="The actions recommended at this level here (ids of the form's actions)."
    )


class ActionSetting(Model):
    id: Id = Field(description="Id of an action of the form.")
    contacts: tuple[Id, ...] = Field(description="The contacts this action points to here.")


class RedFlagSetting(Model):
    """A red flag made stricter here. Red flags are regional: a minimum can be raised, never lowered."""

    id: Id = Field(description="Id of a red flag of the form.")
    min_level: Id | None = Field(default=None, description="A higher minimum level than the form's.")
    actions: tuple[Id, ...] = Field(default=(), description="Actions added to the form's, never removed.")


class SinglePointOfContact(Contact):
    """An agency's named single point of contact for exploitation (Surrey's model)."""

    agency: Text = Field(description="The agency, e.g. police, health, education, children's social care.")


class Overlay(Model):
    """One locality's settings on one form."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    locality: Id = Field(description="Id of a locality contacts file (contacts/<id>.yaml).")
    form: Id = Field(description="Id of the questionnaire these settings apply to.")
    description: str = ""
    source: Text = Field(description="The public document these local settings come from.")
    levels: tuple[LevelSetting, ...] = ()
    actions: tuple[ActionSetting, ...] = ()
    red_flags: tuple[RedFlagSetting, ...] = ()
    contacts: tuple[Contact, ...] = Field(default=(), description="Extra local contacts.")
    single_points_of_contact: tuple[SinglePointOfContact, ...] = ()

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the overlay's content, carried on every record scored with it."""
        return content_hash(self)

    @property
    def all_contacts(self) -> tuple[Contact, ...]:
        return (*self.contacts, *self.single_points_of_contact)


@dataclass(frozen=True, slots=True)
class OverlayStamp:
    """What an effective rule set was built from: the shared form and one locality's overlay."""

    locality: str
    form_sha256: str
    overlay_sha256: str


# ---------------------------------------------------------------- checks


def _dupes(items: tuple[Any, ...], where: Loc) -> list[tuple[Loc, str, str]]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        if item.id in seen:
            out.append(((*where, i, "id"), f"'{item.id}' is set twice", "keep one entry per id"))
        seen.add(item.id)
    return out


def overlay_checks(
    form: RuleSet, overlay: Overlay, known_contacts: set[str] | None = None
) -> list[tuple[Loc, str, str]]:
    """Every problem with ``overlay`` on ``form``, as (place in the overlay, message, fix).

    ``known_contacts``: the contact ids the locality has (national, its file and the overlay's own);
    None leaves contact ids unchecked."""
    out: list[tuple[Loc, str, str]] = []
    out += _dupes(overlay.levels, ("levels",))
    out += _dupes(overlay.actions, ("actions",))
    out += _dupes(overlay.red_flags, ("red_flags",))
    seen_contacts: set[str] = set()
    for where, items in (
        ("contacts", overlay.contacts),
        ("single_points_of_contact", overlay.single_points_of_contact),
    ):
        for i, contact in enumerate(items):
            if contact.id in seen_contacts:
                out.append(((where, i, "id"), f"'{contact.id}' is set twice", "give each contact its own id"))
            seen_contacts.add(contact.id)
    level_ids = list(form.level_rank)
    action_ids = list(form.action_index)
    for li, setting in enumerate(overlay.levels):
        loc: Loc = ("levels", li)
        if setting.id not in form.level_rank:
            out.append(unknown_id("level", setting.id, level_ids, (*loc, "id")))
            continue
        level = form.level(setting.id)
        if setting.band is not None and level.band is None:
            out.append(
                (
                    (*loc, "band"),
                    f"'{setting.id}' is reached only by red flags in the regional form; it has no score band",
                    "remove 'band:' here (red flags and their minimums are regional)",
                )
            )
        if setting.band is not None and not setting.band.model_fields_set:
            out.append(((*loc, "band"), "the band sets no edge", "write 'from:' or 'to:', or remove 'band:'"))
        if setting.actions is not None:
            for ai, a in enumerate(setting.actions):
                if a not in form.action_index:
                    out.append(unknown_id("action", a, action_ids, (*loc, "actions", ai)))
            if not setting.actions:
                out.append(((*loc, "actions"), "a level needs at least one action", "list its actions"))
            for a in level.actions:
                if form.action(a).urgency == "immediate" and a not in setting.actions:
                    out.append(
                        (
                            (*loc, "actions"),
                            f"'{setting.id}' must keep '{a}' (an immediate action of the regional form)",
                            f"add '{a}' to this list",
                        )
                    )
        if setting.band is None and setting.review_days is None and setting.actions is None:
            out.append((loc, f"the entry for '{setting.id}' changes nothing", "set something, or remove it"))
    for ai, action_setting in enumerate(overlay.actions):
        loc = ("actions", ai)
        if action_setting.id not in form.action_index:
            out.append(unknown_id("action", action_setting.id, action_ids, (*loc, "id")))
        if known_contacts is not None:
            for ci, cid in enumerate(action_setting.contacts):
                if cid not in known_contacts:
                    out.append(unknown_id("contact", cid, sorted(known_contacts), (*loc, "contacts", ci)))
    pointed = {cid for a in overlay.actions for cid in a.contacts}
    for si, spoc in enumerate(overlay.single_points_of_contact):
        if spoc.id not in pointed:
            out.append(
                (
                    ("single_points_of_contact", si, "id"),
                    f"the single point of contact '{spoc.id}' is not given to any action, so no result shows it",
                    f"list it under 'actions:', e.g. {{id: inform_police, contacts: [police_101, {spoc.id}]}}",
                )
            )
    flags = {f.id: f for f in form.red_flags}
    for fi, flag_setting in enumerate(overlay.red_flags):
        loc = ("red_flags", fi)
        flag = flags.get(flag_setting.id)
        if flag is None:
            out.append(unknown_id("red flag", flag_setting.id, list(flags), (*loc, "id")))
            continue
        wanted = flag_setting.min_level
        if wanted is not None:
            if wanted not in form.level_rank:
                out.append(unknown_id("level", wanted, level_ids, (*loc, "min_level")))
            elif form.level_rank[wanted] < form.level_rank[flag.min_level]:
                out.append(
                    (
                        (*loc, "min_level"),
                        f"the red flag '{flag.id}' sets at least '{flag.min_level}' across the region; "
                        f"a locality cannot lower it to '{wanted}'",
                        "remove 'min_level' here (a locality may only raise a red flag's minimum)",
                    )
                )
        for ai, a in enumerate(flag_setting.actions):
            if a not in form.action_index:
                out.append(unknown_id("action", a, action_ids, (*loc, "actions", ai)))
    if out:
        return out
    return _band_checks_after(form, overlay)


def _band_checks_after(form: RuleSet, overlay: Overlay) -> list[tuple[Loc, str, str]]:
    """The form's own band cross-checks, run on the effective rule set and pointed at the overlay."""
    try:
        effective = _effective(form, overlay)
    except ValidationError as exc:  # a band the rules format itself refuses
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        return [(("levels",), f"the settings do not make a valid form: {message}", "check the band edges")]
    banded = {s.id: li for li, s in enumerate(overlay.levels) if s.band is not None}
    out = []
    for loc, message, fix in band_checks(effective):
        level_id = form.levels[loc[1]].id if len(loc) > 1 and isinstance(loc[1], int) else None
        if level_id in banded:
            where: Loc = ("levels", ItemId(level_id), "band", *loc[3:4])
        else:
            where = ("levels",)
        out.append((where, f"with these band edges, {message}", fix))
    return out


# ---------------------------------------------------------------- the effective rule set


def _effective(form: RuleSet, overlay: Overlay) -> RuleSet:
    """The form with the overlay's settings; only the changed parts are rebuilt (and validated), the
    rest is shared with the form (frozen, so sharing is safe)."""
    levels = {s.id: s for s in overlay.levels}
    new_levels = []
    for level in form.levels:
        setting = levels.get(level.id)
        if setting is None:
            new_levels.append(level)
            continue
        data = level.model_dump(by_alias=True)
        if setting.band is not None and level.band is not None:
            band = dict(data["band"])
            if "from_" in setting.band.model_fields_set:
                band["from"] = setting.band.from_
            if "to" in setting.band.model_fields_set:
                band["to"] = setting.band.to
            data["band"] = band
        if setting.review_days is not None:
            data["review_days"] = setting.review_days
        if setting.actions is not None:
            data["actions"] = setting.actions
        new_levels.append(Level.model_validate(data))
    contacts = {s.id: s.contacts for s in overlay.actions}
    actions = tuple(
        a.model_copy(update={"contacts": contacts[a.id]}) if a.id in contacts else a for a in form.actions
    )
    flags = {s.id: s for s in overlay.red_flags}
    new_flags = []
    for flag in form.red_flags:
        setting_flag = flags.get(flag.id)
        if setting_flag is None:
            new_flags.append(flag)
            continue
        new_flags.append(
            flag.model_copy(
                update={
                    "min_level": setting_flag.min_level or flag.min_level,
                    "actions": tuple(dict.fromkeys((*flag.actions, *setting_flag.actions))),
                }
            )
        )
    fields = {name: getattr(form, name) for name in RuleSet.model_fields}
    fields.update(levels=tuple(new_levels), actions=actions, red_flags=tuple(new_flags))
    return RuleSet.model_construct(_fields_set=form.model_fields_set, **fields)


def apply_overlay(form: RuleSet, overlay: Overlay) -> RuleSet:
    """The rule set a locality scores with: ``form`` with ``overlay``'s settings (already checked)."""
    effective = _effective(form, overlay)
    effective._stamp = OverlayStamp(overlay.locality, form.fingerprint, overlay.fingerprint)
    return effective


# ---------------------------------------------------------------- reading


def parse_overlay(data: Any, *, file: str = "<overlay>", text: str | None = None) -> Overlay:
    overlay: Overlay = validate_model(Overlay, data, file, text)
    return overlay


def load_overlay(path: Path | str) -> tuple[Overlay, str]:
    """An overlay file read with the safe reader and checked against its own format (not yet its form)."""
    path = Path(path)
    data, text = read_yaml(path)
    return parse_overlay(data, file=str(path), text=text), text


def check_overlay(
    form: RuleSet,
    overlay: Overlay,
    file: str,
    text: str | None,
    known_contacts: set[str] | None = None,
) -> RuleSet:
    """The effective rule set, or RulesError naming the overlay's file, line and rule for every problem."""
    data = overlay.model_dump(mode="python", by_alias=True)
    problems = located(overlay_checks(form, overlay, known_contacts), file, text, data)
    if problems:
        raise RulesError(problems)
    return apply_overlay(form, overlay)


def band_edge_overlay(form: RuleSet, level_id: str, start: int) -> Overlay:
    """A proposal typed in: ``level_id``'s band starts at ``start`` and the band below ends just before.
    Applied to the regional form (each locality's own overlay then applies on top)."""
    banded = [lv for lv in form.levels if lv.band is not None]
    ids = [lv.id for lv in banded]
    if level_id not in ids[1:]:
        raise RulesError(
            f"'{level_id}' is not a banded level above the lowest; choose one of: {', '.join(ids[1:])}"
        )
    below = banded[ids.index(level_id) - 1]
    return parse_overlay(
        {
            "locality": "region",
            "form": form.id,
            "source": "a proposed change, typed in",
            "levels": [
                {"id": below.id, "band": {"to": start - 1}},
                {"id": level_id, "band": {"from": start}},
            ],
        }
    )
