"""The rules format: strict, frozen pydantic models.

A mistyped key fails loudly (``extra="forbid"``); a loaded rule set is immutable, so one copy can be
shared by every session. Field descriptions here are the maintainers' reference: ``docs/rules-format.md``
and ``rules/schema.json`` are generated from them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    Strict,
    StringConstraints,
    ValidationError,
    model_serializer,
    model_validator,
)

from .conditions import Condition

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="Lower-case id: letters, digits and underscores, starting with a letter."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

# Published bounds (docs/rules-format.md): numbers are whole numbers written as numbers (never true/false,
# text or a fraction), within ranges every page, chart and record can show.
MAX_POINTS = 100
MAX_BAND = 1000
MAX_REVIEW_DAYS = 3650
NUMBER_LIMIT = 1_000_000
Points = Annotated[
    int, Strict(), Field(ge=0, le=MAX_POINTS, description=f"Whole number of points, 0 to {MAX_POINTS}.")
]
BandEdge = Annotated[int, Strict(), Field(ge=0, le=MAX_BAND)]
Bound = Annotated[int, Strict(), Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT)]

QuestionKind = Literal["yes_no", "single", "multi", "number", "text"]
Urgency = Literal["immediate", "today", "within_24_hours", "within_a_week", "routine"]
URGENCY_ORDER: tuple[str, ...] = ("immediate", "today", "within_24_hours", "within_a_week", "routine")
NOT_SURE = "not_sure"
YES_NO_LABELS = {"yes": "Yes", "no": "No", NOT_SURE: "Not sure"}


def content_hash(model: BaseModel) -> str:
    """sha256 of a model's content (its JSON with sorted keys): the same content, the same hash."""
    data = model.model_dump(mode="json", by_alias=True)
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(Model):
    id: Id
    title: Text = Field(description="The public document, as it would be cited.")
    url: str | None = None


class Category(Model):
    id: Id
    title: Text
    kind: Literal["indicator", "vulnerability", "record"] = Field(
        default="indicator",
        description=(
            "indicator: a sign of exploitation; vulnerability: context, not evidence, shown apart; "
            "record: asked for the record, never scored."
        ),
    )


class Option(Model):
    id: Id
    label: Text
    weight: Points = Field(
        default=0, description=f"Points this answer adds to the score (0 to {MAX_POINTS})."
    )


class Question(Model):
    id: Id
    kind: QuestionKind
    text: Text = Field(description="The question as the practitioner reads it.")
    help: str = Field(default="", description="Guidance shown under the question.")
    source: Id = Field(description="Id of an entry in the rule set's `sources`.")
    category: Id | None = Field(default=None, description="Id of a category; required for scored questions.")
    required: bool = Field(
        default=True, description="The practitioner must answer before moving on (not for text)."
    )
    not_sure: bool = Field(default=True, description="Offer 'Not sure' (yes_no and single questions).")
    weight: Points | None = Field(default=None, description="yes_no only: points for a 'yes' answer.")
    strength: Literal["significant", "moderate", "vulnerability", "context"] | None = Field(
        default=None, description="How the source grades the indicator (shown, not scored)."
    )
    options: tuple[Option, ...] = Field(
        default=(), description="single and multi only: the answers offered, in order."
    )
    min: Bound | None = Field(default=None, description="number only: smallest accepted value.")
    max: Bound | None = Field(default=None, description="number only: largest accepted value.")
    unit: str = Field(default="", description="number only: e.g. 'years'.")
    show_if: Condition | None = Field(
        default=None,
        description="Ask only when this holds; answers to a hidden question are dropped.",
    )
    recency: bool = Field(
        default=False,
        description=(
            "single only: ask when the sign was seen, with the answers and points of the rules' "
            "`recency` setting (leave out `options`)."
        ),
    )

    @property
    def scored(self) -> bool:
        return self.kind in ("yes_no", "single", "multi")

    @cached_property
    def choices(self) -> tuple[Option, ...]:
        """The answers offered, including 'not sure' where it applies (built once per question)."""
        if self.kind == "yes_no":
            opts = [
                Option(id="yes", label="Yes", weight=self.weight or 0),
                Option(id="no", label="No"),
            ]
        else:
            opts = list(self.options)
        if self.kind in ("yes_no", "single") and self.not_sure:
            opts.append(Option(id=NOT_SURE, label="Not sure"))
        return tuple(opts)

    @cached_property
    def option_index(self) -> dict[str, Option]:
        return {o.id: o for o in self.choices}

    def option(self, option_id: str) -> Option | None:
        return self.option_index.get(option_id)

    @cached_property
    def max_points(self) -> int:
        points = [o.weight for o in self.choices]
        if self.kind == "multi":
            return sum(p for p in points if p > 0)
        return max(points, default=0)


class Section(Model):
    id: Id
    title: Text
    intro: str = ""
    questions: tuple[Question, ...] = Field(min_length=1)


class Band(Model):
    from_: BandEdge = Field(alias="from", description=f"Lowest score in the band (0 to {MAX_BAND}).")
    to: BandEdge | None = Field(default=None, description="Highest score; leave out on the top band.")

    def contains(self, score: int) -> bool:
        return score >= self.from_ and (self.to is None or score <= self.to)


class Level(Model):
    id: Id
    title: Text = Field(description="The level in words, shown to the practitioner.")
    summary: Text = Field(description="What the level means, in one or two sentences.")
    band: Band | None = Field(
        default=None, description="Score band; levels with none are reached only by red flags."
    )
    actions: tuple[Id, ...] = Field(description="Ids of actions recommended at this level.")
    review_days: Annotated[int, Strict()] | None = Field(
        default=None,
        ge=1,
        le=MAX_REVIEW_DAYS,
        description=f"Suggested review after this many days (1 to {MAX_REVIEW_DAYS}).",
    )
    emergency: bool = Field(
        default=False, description="Reaching this level shows the 999 instruction at once."
    )


class RedFlag(Model):
    id: Id
    when: Condition
    min_level: Id = Field(description="No score can give a level below this one.")
    actions: tuple[Id, ...] = Field(default=(), description="Actions this red flag always adds.")
    reason: Text = Field(description="Shown to the practitioner when the red flag fires.")
    source: Id


class Action(Model):
    id: Id
    title: Text
    do: Text = Field(description="What to do, in plain words.")
    urgency: Urgency
    contacts: tuple[Id, ...] = Field(
        default=(), description="Contact ids from the national or locality contacts file."
    )
    source: Id


class AlsoScreen(Model):
    """Answers on this form that are signs of another form of exploitation: the result says so and offers
    to screen with that form too, copying the answers the two forms share (same question id)."""

    form: Id = Field(description="Id of the other questionnaire, in the same rules folder.")
    about: Text = Field(
        description="What the other form screens for, in a few words (e.g. 'criminal exploitation')."
    )
    when: Condition = Field(description="The answers on this form that point to the other form.")
    source: Id


RECENCY_YES = ("yes", "earlier", "both")  # the answers to a recency question that mean "yes"


class Recency(Model):
    """When a significant sign was seen changes its points (SERAF / Hampshire scoring; CERAF)."""

    current_months: Annotated[int, Strict()] = Field(
        ge=1,
        le=11,
        description="'Now or recently' means within this many months (SERAF: 6; CERAF: 3).",
    )
    lookback_months: Annotated[int, Strict()] = Field(
        default=12, ge=2, le=36, description="'Earlier' means from `current_months` to this many months ago."
    )
    current: Points = Field(description="Points when the sign is current only.")
    earlier: Points = Field(description="Points when the sign was seen earlier only, not since.")
    both: Points = Field(description="Points when the sign is current and was also seen earlier.")

    @model_validator(mode="after")
    def _monotone(self) -> Recency:
        if self.lookback_months <= self.current_months:
            raise ValueError("lookback_months must be more than current_months")
        if self.both < max(self.current, self.earlier):
            raise ValueError(
                "'both' must score at least as much as 'current' and 'earlier': "
                "seeing a sign twice never counts less than once"
            )
        return self

    def options(self) -> list[dict[str, Any]]:
        """The answers offered on every recency question (plus 'not sure' where the question allows)."""
        n, m = self.current_months, self.lookback_months
        return [
            {"id": "yes", "label": f"Yes, in the last {n} months", "weight": self.current},
            {"id": "earlier", "label": f"Yes, {n} to {m} months ago, not since", "weight": self.earlier},
            {"id": "both", "label": f"Yes, both in the last {n} months and before", "weight": self.both},
            {"id": "no", "label": f"No, not in the last {m} months", "weight": 0},
        ]


def _with_recency_options(data: Any) -> Any:
    """Give each `recency: true` question the option set of the rules' `recency` setting.

    Runs before validation on the raw data; when the setting itself is broken nothing is filled in and
    the normal validation reports the setting's problem.
    """
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return data
    try:
        setting = Recency.model_validate(data.get("recency"))
    except ValidationError:
        return data
    options = setting.options()
    sections = []
    for section in data["sections"]:
        if isinstance(section, dict) and isinstance(section.get("questions"), list):
            questions = [
                {**q, "options": options}
                if isinstance(q, dict) and q.get("recency") is True and "options" not in q
                else q
                for q in section["questions"]
            ]
            section = {**section, "questions": questions}
        sections.append(section)
    return {**data, "sections": sections}


def recency_checks(rules: RuleSet) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Problems with recency questions, as (place, message, fix) for the loader to locate."""
    out: list[tuple[tuple[str | int, ...], str, str]] = []
    expected = tuple(Option(**o) for o in rules.recency.options()) if rules.recency else ()
    recency_ids = set()
    for si, section in enumerate(rules.sections):
        for qi, q in enumerate(section.questions):
            if not q.recency:
                continue
            recency_ids.add(q.id)
            loc: tuple[str | int, ...] = ("sections", si, "questions", qi)
            if q.kind != "single":
                out.append(((*loc, "recency"), "recency is only for single questions", "use 'kind: single'"))
            elif rules.recency is None:
                out.append(
                    (
                        (*loc, "recency"),
                        "a recency question needs the rules' 'recency' setting",
                        "add 'recency: {current_months: 6, current: 5, earlier: 1, both: 6}' at the top level",
                    )
                )
            elif q.options != expected:
                out.append(
                    (
                        (*loc, "options"),
                        "a recency question takes its answers from the rules' 'recency' setting",
                        "remove 'options:' from this question",
                    )
                )
    conditions: list[tuple[tuple[str | int, ...], Condition]] = [
        (("red_flags", i, "when"), f.when) for i, f in enumerate(rules.red_flags)
    ]
    for si, section in enumerate(rules.sections):
        for qi, q in enumerate(section.questions):
            if q.show_if is not None:
                conditions.append((("sections", si, "questions", qi, "show_if"), q.show_if))
    for loc, cond in conditions:
        for qid, leaf in cond.questions():
            if qid in recency_ids and leaf.test == "equals" and leaf.equals == "yes":
                out.append(
                    (
                        loc,
                        f"'{qid}' asks when: 'yes' alone means only 'in the last "
                        f"{rules.recency.current_months if rules.recency else '?'} months'",
                        f'write {{question: {qid}, in: ["yes", earlier, both]}} for any yes, '
                        'or in: ["yes"] for only the recent one',
                    )
                )
    return out


class InsufficientInformation(Model):
    not_sure_fraction: Annotated[float, Strict()] = Field(
        default=0.3,
        gt=0,
        le=1,
        allow_inf_nan=False,
        description=(
            "Flag 'insufficient information' when at least this share of the scored questions shown "
            "is answered 'not sure' or left unanswered."
        ),
    )
    actions: tuple[Id, ...] = Field(default=(), description="Actions added when flagged.")


class RuleSet(Model):
    """One questionnaire with its scoring, red flags and pathways."""

    # Filled by screening.plan.plan_of: the compiled plan is a decision-side object, so the format
    # only keeps the slot where it is cached once per rule set and shared by every session.
    _plan: Any = PrivateAttr(default=None)
    # Set by rules.overlay.apply_overlay on a locality's effective rule set: the shared form's hash and
    # the overlay's, which every record scored with it carries.
    _stamp: Any = PrivateAttr(default=None)

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Id
    title: Text
    version: Text = Field(description="The rules' own version, e.g. '1.2.0'.")
    screen_title: Text | None = Field(
        default=None,
        description=(
            "Discreet mode: a neutral title shown on screen and on the record instead of `title` (e.g. "
            "'Consultation safeguarding checklist'), for settings where the young person may see the "
            "screen. Pages on this form then never name exploitation in a heading."
        ),
    )
    audience: Literal["dsl", "pharmacy", "training", "other"]
    description: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    categories: tuple[Category, ...] = Field(min_length=1)
    sections: tuple[Section, ...] = Field(min_length=1)
    levels: tuple[Level, ...] = Field(min_length=2, max_length=12, description="Lowest first.")
    red_flags: tuple[RedFlag, ...] = ()
    actions: tuple[Action, ...] = Field(min_length=1)
    insufficient_information: InsufficientInformation = InsufficientInformation()
    recency: Recency | None = Field(
        default=None,
        description="Ask when significant signs were seen, and score by it (questions with `recency: true`).",
    )
    also_screen: tuple[AlsoScreen, ...] = Field(
        default=(),
        description=(
            "Signs of another form of exploitation: the result offers to screen with that form too "
            "(e.g. the sexual and the criminal exploitation forms point to each other)."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _recency_options(cls, data: Any) -> Any:
        return _with_recency_options(data)

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the rules' content, so a record says exactly what it was scored with."""
        return content_hash(self)

    @property
    def form_fingerprint(self) -> str:
        """The shared form's hash: this rule set's own, or the form a locality's overlay was applied to."""
        return self._stamp.form_sha256 if self._stamp is not None else self.fingerprint

    @property
    def overlay_sha256(self) -> str | None:
        """The hash of the locality overlay applied to the shared form (None: the form as published)."""
        return self._stamp.overlay_sha256 if self._stamp is not None else None

    @property
    def overlay_locality(self) -> str | None:
        """The locality whose overlay was applied (None: the form as published)."""
        return self._stamp.locality if self._stamp is not None else None

    @property
    def display_title(self) -> str:
        """The title to show on screen and on records: the neutral one in discreet mode."""
        return self.screen_title or self.title

    @property
    def discreet(self) -> bool:
        return self.screen_title is not None

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def question_index(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def level_rank(self) -> dict[str, int]:
        return {lv.id: i for i, lv in enumerate(self.levels)}

    def level(self, level_id: str) -> Level:
        return self.levels[self.level_rank[level_id]]

    @cached_property
    def action_index(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    def action(self, action_id: str) -> Action:
        return self.action_index[action_id]

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


class Contact(Model):
    id: Id
    name: Text
    phone: str = ""
    url: str = ""
    hours: str = ""
    notes: str = ""
    last_verified: dt.date = Field(description="When someone last checked these details.")
    source: str = Field(description="Where the details come from.")
    fictional: bool = Field(
        default=False,
        description=(
            "true for a made-up contact of a fictional locality (workshops and tests): its phone number "
            "is from Ofcom's drama range and is shown marked as fictional."
        ),
    )
    unverified: bool = Field(
        default=False,
        description=(
            "true when the details could not be checked against what the publisher says now: the contact "
            "is then always flagged 'check it', like one not verified in the last 12 months."
        ),
    )

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A real contact is written (in records too) as before 'fictional' existed.
        data: dict[str, Any] = handler(self)
        if not self.fictional:
            data.pop("fictional", None)
        return data

    def is_stale(self, today: dt.date, months: int = 12) -> bool:
        return self.unverified or (today - self.last_verified).days > months * 365 // 12


class ContactsFile(Model):
    """National contacts, or one locality's contacts."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Id
    title: Text
    description: str = ""
    contacts: tuple[Contact, ...] = Field(min_length=1)


class Directory(Model):
    """National contacts overlaid by one locality's: what an assessment's actions point to."""

    locality_id: str
    locality_title: str
    contacts: tuple[Contact, ...]

    @cached_property
    def index(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}

    def get(self, contact_id: str) -> Contact | None:
        return self.index.get(contact_id)

    @classmethod
    def combine(cls, national: ContactsFile, locality: ContactsFile) -> Directory:
        local_ids = {c.id for c in locality.contacts}
        merged = tuple(locality.contacts) + tuple(c for c in national.contacts if c.id not in local_ids)
        return cls(locality_id=locality.id, locality_title=locality.title, contacts=merged)
