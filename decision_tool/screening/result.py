"""The one structured result every view renders: pages, records (PDF / Markdown / JSON) and the CLI.

Plain frozen dataclasses: cheap to build on every rerun. Pydantic validates and serialises them where a
record crosses the boundary (``record.py``), so a record read back is checked like any other input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, TypeAdapter

from ..rules.schema import Contact, RuleSet


@dataclass(frozen=True, slots=True)
class RulesVersion:
    id: str
    title: str
    version: str  # the rules' own version
    sha256: str  # content hash of the rules the assessment was scored with (the shared form's)
    # A locality's overlay on the shared form (rules/overlays/): its locality and content hash. Records
    # from earlier releases have neither.
    overlay_locality: str | None = None
    overlay_sha256: str | None = None


def rules_version_of(rules: RuleSet) -> RulesVersion:
    """What a result says it was scored with: the form's version and hash, and any locality overlay's."""
    return RulesVersion(
        rules.id,
        rules.title,
        rules.version,
        rules.form_fingerprint,
        rules.overlay_locality,
        rules.overlay_sha256,
    )


@dataclass(frozen=True, slots=True)
class Override:
    """The practitioner's judgement: another level, with a written reason."""

    level: str
    reason: str


@dataclass(frozen=True, slots=True)
class Contribution:
    question_id: str
    question: str
    answer: str
    category: str
    points: int


@dataclass(frozen=True, slots=True)
class CategoryScore:
    id: str
    title: str
    kind: str
    points: int


@dataclass(frozen=True, slots=True)
class FiredRedFlag:
    id: str
    reason: str
    min_level: str
    actions: tuple[str, ...]
    emergency: bool
    source: str = ""  # the public source the red flag names (its title), so a record says why


CALL_999_ACTION = "call_999"  # the action id the built-in rules give the 999 instruction


@dataclass(frozen=True, slots=True)
class RecommendedAction:
    id: str
    title: str
    do: str
    urgency: str
    contacts: tuple[Contact, ...]

    @property
    def is_call_999(self) -> bool:
        """The 999 instruction itself (the rules' ``call_999`` action), which an immediate-danger result
        already shows as its outcome: views leave it out of the steps that follow."""
        return self.id == CALL_999_ACTION


@dataclass(frozen=True, slots=True)
class OtherForm:
    """Answers on this form are signs of another form of exploitation: screen with that form too."""

    form: str  # the other questionnaire's id
    about: str  # what it screens for, in the rules' words (e.g. "criminal exploitation")
    signs: tuple[str, ...]  # the questions answered here that point to it, as they were asked


@dataclass(frozen=True, slots=True)
class LevelRef:
    id: str
    title: str
    summary: str
    rank: int
    band_from: int | None
    band_to: int | None
    emergency: bool


# Each line of why a result is what it is, as a code and the values it names (``wording`` makes the
# sentence, so the page, the record and the CLI say it alike, and a second language is one more file).
REASON_VALUES: dict[str, tuple[str, ...]] = {
    "band": ("score", "level", "level_title", "band_from", "band_to"),  # the score and its band
    "points": ("question_id", "question", "answer", "points"),  # one scored answer
    "red_flag": ("id", "reason", "min_level", "min_level_title", "source"),  # one red flag fired
    "raised": ("level", "level_title"),  # red flags raise the outcome above the band
    "not_counted": ("questions",),  # answered, then hidden by show_if (question ids)
    "too_little_known": (),  # many answers 'not sure' or missing
    "judgement": ("level", "level_title", "tool_level", "tool_level_title", "reason"),  # an override
    "text": ("text",),  # a reason as a record made before reasons were codes wrote it
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # a key of REASON_VALUES
    values: dict[str, Any]  # the values that code names, each a str, an int, None or a list of str


def _reason_from_record(value: Any) -> Any:
    """A reason read back from a record. One made before reasons were codes holds its sentence, which
    is kept and shown as written; any other must be a known code with exactly its values."""
    if isinstance(value, str):
        return {"code": "text", "values": {"text": value}}
    if isinstance(value, dict):
        code = value.get("code")
        names = REASON_VALUES.get(code) if isinstance(code, str) else None
        given = value.get("values")
        if names is None or not isinstance(given, dict) or set(given) != set(names):
            raise ValueError("a reason in the record is not one this tool writes")
    return value


RecordedReason = Annotated[Reason, BeforeValidator(_reason_from_record)]


@dataclass(frozen=True)
class Assessment:
    rules_version: RulesVersion
    locality: str | None
    answers: dict[str, Any]  # visible answers only, canonical form
    dropped_answers: tuple[str, ...]  # answered, then hidden by show_if: not counted
    score: int
    max_score: int
    category_scores: tuple[CategoryScore, ...]
    contributions: tuple[Contribution, ...]
    red_flags: tuple[FiredRedFlag, ...]
    band_level: str  # the level the score alone reaches
    tool_level: str  # the tool's result: the band raised by any red flag
    level: str  # the outcome: the tool's result, or the practitioner's override
    level_info: LevelRef
    tool_level_info: LevelRef
    override: Override | None
    below_red_flag: bool  # an override set the outcome below a red flag's minimum
    actions: tuple[RecommendedAction, ...]  # most urgent first
    reasons: tuple[RecordedReason, ...]  # each line of why, as codes and values
    thresholds: tuple[LevelRef, ...]
    insufficient_information: bool
    not_sure: tuple[str, ...]
    low_result: bool  # lowest level: shown with "a low result does not mean no action"
    review_days: int | None
    # When the rules ask when signs were seen: 'now or recently' = the last N months; 'earlier' = N to M.
    recency_months: int | None = None
    recency_lookback_months: int | None = None
    # Signs of another form of exploitation, and the form that screens for it (none on older records).
    also_screen: tuple[OtherForm, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return ASSESSMENT.dump_python(self, mode="json")  # type: ignore[no-any-return]


ASSESSMENT = TypeAdapter(Assessment)
OVERRIDE = TypeAdapter(Override)
