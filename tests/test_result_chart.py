"""The result chart as a figure: one labelled row per band, no legend, colours that follow the level,
the score marked, the drivers largest first, and everything said again in words."""

from __future__ import annotations

import pytest

from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.scenarios import scenario_answers
from decision_tool.ui.views import chart_figure, chart_words, drivers_figure
from decision_tool.wording.tone import level_tone


def scenario_result(catalog, sid):
    s = next(x for x in catalog.scenarios if x.id == sid)
    rules = catalog.rule_sets[s.rules]
    return assess(rules, scenario_answers(s, rules))


@pytest.mark.parametrize("sid", ["lifts_and_parties", "second_phone", "pharmacy_split_condom"])
@pytest.mark.parametrize("big", [False, True])
def test_each_band_has_its_own_labelled_row_and_no_legend(catalog, sid, big):
    a = scenario_result(catalog, sid)
    fig = chart_figure(a, big=big)
    bands = [t for t in a.thresholds if t.band_from is not None]
    labels = [x for x in fig.layout.annotations if x.xref == "paper"]
    assert len(labels) == len(bands)
    ys = sorted(x.y for x in labels)
    assert all(b - a_ >= 0.9 for a_, b in zip(ys, ys[1:], strict=False))  # a row each: never overlapping
    for band, label in zip(bands, sorted(labels, key=lambda x: x.y), strict=True):
        assert band.title in label.text  # lowest band at the bottom, highest at the top
    assert fig.layout.showlegend is False and all(not t.showlegend for t in fig.data)
    fills = {s.fillcolor for s in fig.layout.shapes if s.type == "rect"}
    assert len(fills) == len(bands)  # colours follow the level: no two bands alike
    marks = [s for s in fig.layout.shapes if s.type == "line"]
    assert [m.x0 for m in marks] == [a.score]
    assert any(f"Score {a.score}" in x.text for x in fig.layout.annotations)


def test_the_band_holding_the_score_is_filled_in_its_level_colour(catalog):
    a = scenario_result(catalog, "second_phone")  # score 16: High concern
    fig = chart_figure(a)
    high = next(t for t in a.thresholds if t.id == "high")
    tone = level_tone(high, a.thresholds)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert rects[-1].fillcolor == tone.mark and rects[0].fillcolor != tone.mark


def test_drivers_largest_first_with_vulnerabilities_marked_as_context(dsl):
    answers = complete_answers(
        dsl, {"age": 14, "missing_overnight": "yes", "late_out": "yes", "vulnerabilities": ["looked_after"]}
    )
    a = assess(dsl, answers)
    fig = drivers_figure(a)
    titles = [x.text for x in sorted(fig.layout.annotations, key=lambda x: -x.y)]
    points = {c.title: c.points for c in a.category_scores if c.points}
    top_first = [t.split("  (")[0] for t in titles]
    assert [points[t] for t in top_first] == sorted(points.values(), reverse=True)
    assert any("context, not evidence" in t for t in titles)
    words = chart_words(a)
    # Said once per area, even when the area's own title says it already.
    assert all(t.count("context, not evidence") == 1 for t in titles if "context" in t), titles
    assert words.count("(context, not evidence) (context, not evidence)") == 0
    assert f"Score **{a.score}**" in words and "blue" in words and "red" in words


def test_what_if_chart_marks_both_scores(catalog):
    original = scenario_result(catalog, "lifts_and_parties")
    rules = catalog.rule_sets["dsl"]
    s = next(x for x in catalog.scenarios if x.id == "lifts_and_parties")
    whatif = assess(rules, {**scenario_answers(s, rules), "unexplained_gifts": "yes"})
    fig = chart_figure(whatif, compare=original, big=True)
    texts = " ".join(x.text for x in fig.layout.annotations)
    assert f"Original: {original.score}" in texts and f"What if: {whatif.score}" in texts
    assert all(x.font.size >= 20 for x in fig.layout.annotations)  # projector-sized text


def test_rules_text_in_the_chart_is_escaped(rules_copy):
    from decision_tool.rules.loader import load_rules

    root = rules_copy(("dsl.yaml", "title: Emerging concern", 'title: "Emerging <a href=x>concern</a>"'))
    rules = load_rules(root / "dsl.yaml")
    fig = chart_figure(assess(rules, {}))
    label = next(x.text for x in fig.layout.annotations if "Emerging" in x.text)
    assert "<a href" not in label and "&lt;a href=x&gt;concern&lt;/a&gt;" in label
