"""A condition in words: one walker, two vocabularies.

``describe_ids`` names questions and answers by their ids ("age < 13 and sexual_images is yes"), for
rules maintainers (the Rules page); ``describe_plain`` uses the questions' own words and the answers'
labels ("How old is the child: under 13, and ..."), for practitioners (docs/guidance.md). Both are the
same walk over the condition; only the vocabulary differs: the catalogue's words, how a question and a
set of answers are named, and whether nested "any" groups read as one list of alternatives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..rules.conditions import Condition
from ..rules.schema import NOT_SURE, RECENCY_YES, RuleSet
from .messages import DEFAULT_LANGUAGE, listed, say


@dataclass(frozen=True)
class Vocabulary:
    words: str  # the catalogue's keys for this vocabulary: condition.<words>.*
    question: Callable[[str], str]  # a question id -> its name
    answers: Callable[[str, Sequence[Any]], str]  # (question id, answers) -> those answers in words
    flatten_any: bool  # "any" inside "any" reads as one list of alternatives
    language: str = DEFAULT_LANGUAGE

    def say(self, key: str, **values: Any) -> str:
        return say(f"condition.{self.words}.{key}", self.language, **values)


def describe(condition: Condition, vocabulary: Vocabulary) -> str:
    if condition.all_ is not None:
        return vocabulary.say("and").join(_part(c, vocabulary) for c in condition.all_)
    if condition.any_ is not None:
        parts = _alternatives(condition) if vocabulary.flatten_any else list(condition.any_)
        if len(parts) == 1 and vocabulary.flatten_any:
            return describe(parts[0], vocabulary)
        alternatives = vocabulary.say("or").join(_part(c, vocabulary) for c in parts)
        return vocabulary.say("any_of", alternatives=alternatives)
    if condition.not_ is not None:
        return vocabulary.say("not", inner=describe(condition.not_, vocabulary))
    assert condition.question is not None  # guaranteed by the Condition validator
    question = vocabulary.question(condition.question)
    test = condition.test
    if test == "answered":
        return vocabulary.say("answered" if condition.answered else "not_answered", question=question)
    if test in ("equals", "in"):
        values = [condition.equals] if test == "equals" else list(condition.in_ or ())
        return vocabulary.say(test, question=question, values=vocabulary.answers(condition.question, values))
    return vocabulary.say(test, question=question, bound=condition.test_value(test))


def _alternatives(condition: Condition) -> list[Condition]:
    """The alternatives of an "any", with those of any "any" inside it."""
    out: list[Condition] = []
    for c in condition.any_ or ():
        out += _alternatives(c) if c.any_ is not None else [c]
    return out


def _part(c: Condition, vocabulary: Vocabulary) -> str:
    """A condition inside "all" or "any", in brackets when it is itself a group of several."""
    text = describe(c, vocabulary)
    grouped = c.all_ is not None or (
        c.any_ is not None and (not vocabulary.flatten_any or len(_alternatives(c)) > 1)
    )
    return f"({text})" if grouped else text


IDS = Vocabulary(
    words="ids",
    question=lambda qid: qid,
    answers=lambda qid, values: listed([str(v) for v in values]),
    flatten_any=False,
)


def plain_words(rules: RuleSet, language: str = DEFAULT_LANGUAGE) -> Vocabulary:
    """The vocabulary of ``rules``: each question's text and each answer's label."""

    def question(qid: str) -> str:
        return rules.question_index[qid].text.rstrip("?").strip()

    def label(qid: str, option_id: str) -> str:
        option = rules.question_index[qid].option(option_id)
        if option is not None:
            return option.label
        return say("condition.plain.not_sure", language) if option_id == NOT_SURE else option_id

    def answers(qid: str, values: Sequence[Any]) -> str:
        wanted = [str(v) for v in values]
        quoted = [say("condition.plain.answer", language, label=label(qid, v)) for v in wanted]
        if rules.question_index[qid].recency and rules.recency and set(RECENCY_YES) <= set(wanted):
            rest = [q for v, q in zip(wanted, quoted, strict=True) if v not in RECENCY_YES]
            months = rules.recency.lookback_months
            quoted = [say("condition.plain.any_time", language, months=months), *rest]
        return say("condition.plain.answer_or", language).join(quoted)

    return Vocabulary("plain", question, answers, flatten_any=True, language=language)


def describe_ids(condition: Condition) -> str:
    """The condition by ids, for the Rules page: 'age < 13 and sexual_images is yes'."""
    return describe(condition, IDS)


def describe_plain(condition: Condition, rules: RuleSet) -> str:
    """The condition in words a practitioner reads: 'How old is the child: under 13, and ...'."""
    return describe(condition, plain_words(rules))
