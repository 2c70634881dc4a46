"""The one structured result every view renders: pages, records (PDF / Markdown / JSON) and the CLI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .schema import Contact


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesVersion(Frozen):
    id: str
    title: str
    version: str
    sha256: str = Field(description="Content hash of the rules the assessment was scored with.")

    @property
    def short(self) -> str:
        return f"{self.id} v{self.version} ({self.sha256[:12]})"


class Override(Frozen):
    """The practitioner's judgement: another level, with a written reason."""

    level: str
    reason: str


class Contribution(Frozen):
    question_id: str
    question: str
    answer: str
    category: str
    points: int


class CategoryScore(Frozen):
    id: str
    title: str
    kind: str
    points: int


class FiredRedFlag(Frozen):
    id: str
    reason: str
    min_level: str
    actions: tuple[str, ...]
    emergency: bool


class RecommendedAction(Frozen):
    id: str
    title: str
    do: str
    urgency: str
    contacts: tuple[Contact, ...]


class LevelRef(Frozen):
    id: str
    title: str
    summary: str
    rank: int
    band_from: int | None
    band_to: int | None
    emergency: bool


class Assessment(Frozen):
    rules_version: RulesVersion
    locality: str | None
    answers: dict[str, Any]
    dropped_answers: tuple[str, ...]
    score: int
    max_score: int
    category_scores: tuple[CategoryScore, ...]
    contributions: tuple[Contribution, ...]
    red_flags: tuple[FiredRedFlag, ...]
    band_level: str = Field(description="The level the score alone reaches.")
    tool_level: str = Field(description="The tool's result: the band raised by any red flag.")
    level: str = Field(description="The outcome: the tool's result, or the practitioner's override.")
    level_info: LevelRef
    tool_level_info: LevelRef
    override: Override | None
    below_red_flag: bool = Field(description="An override set the outcome below a red flag's minimum.")
    actions: tuple[RecommendedAction, ...] = Field(description="Most urgent first.")
    reasons: tuple[str, ...]
    thresholds: tuple[LevelRef, ...]
    insufficient_information: bool
    not_sure: tuple[str, ...]
    low_result: bool = Field(description="Lowest level: shown with 'a low result does not mean no action'.")
    review_days: int | None

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
