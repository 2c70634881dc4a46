"""Engine figures against their goals (issue 16), and the cold rules load.

- ``assess`` on the DSL form: at most 1 ms per call (a click's rerun takes far longer; this keeps it so)
- re-scoring 100,000 saved answer sets through the batch path (``screening.batch.rescore``, used by
  impact and by a register's consistency report): at most 10 s
- cold load + validate of all default rules: at most 50 ms
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_tool import load_catalog  # noqa: E402
from decision_tool.rules.schema import RuleSet  # noqa: E402
from decision_tool.screening.batch import rescore  # noqa: E402
from decision_tool.screening.engine import assess, visible_answers  # noqa: E402
from decision_tool.screening.scenarios import scenario_answers  # noqa: E402

ASSESS_GOAL_MS = 1.0
BATCH_GOAL_S = 10.0
BATCH_SETS = 100_000
DISTINCT_SETS = 5_000  # the batch cycles through these: as many different answer sets as a large register
LOAD_GOAL_MS = 50.0


def per_call_ms(fn: Any, rounds: int = 15, calls: int = 200) -> float:
    """The median over short rounds of the time per call, so that a burst of machine load moves one round,
    not the figure."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1000)
    return statistics.median(times)


def saved_answer_sets(rules: RuleSet, n: int, seed: int = 16) -> list[dict[str, Any]]:
    """Random answer sets as records keep them: canonical, only questions shown, mostly 'no' (as on a
    real form) so that every level and red flag comes up. Fictional: random choices, no text typed."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        answers: dict[str, Any] = {}
        for q in rules.questions:
            if rng.random() < 0.2:
                continue  # left blank
            ids = [o.id for o in q.choices]
            if q.kind in ("yes_no", "single"):
                answers[q.id] = "no" if "no" in ids and rng.random() < 0.75 else rng.choice(ids)
            elif q.kind == "multi":
                answers[q.id] = [o for o in ids if rng.random() < 0.15]
            elif q.kind == "number":
                answers[q.id] = rng.randint(int(q.min or 0), int(q.max or 100))
        out.append(visible_answers(rules, answers)[0])
    return out


def batch_seconds(rules: RuleSet, sets: list[dict[str, Any]], rounds: int = 3) -> tuple[float, float]:
    """(seconds, CPU seconds) of the fastest of a few runs, each one whole batch. The CPU time shows
    how much of the wait was the machine's other work: on a shared machine the two differ."""
    times = []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        rescore(rules, sets)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times)


def cold_load_ms() -> list[float]:
    code = (
        "import time; t=time.perf_counter(); from decision_tool.screening.scenarios import load_catalog;"
        "t1=time.perf_counter(); load_catalog(); print((time.perf_counter()-t1)*1000)"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        runs.append(float(out.stdout.strip()))
    return runs


def verdict(figure: float, goal: float) -> str:
    return f"{figure / goal:.2f} of the goal  {'OK' if figure <= goal else 'OVER GOAL'}"


def main() -> dict[str, float]:
    catalog = load_catalog()
    dsl = catalog.rule_sets["dsl"]
    scenario = next(s for s in catalog.scenarios if s.id == "older_boyfriend")
    answers = scenario_answers(scenario, dsl)
    directory = catalog.directory("somerset")
    assess_ms = per_call_ms(lambda: assess(dsl, answers, contacts=directory))
    distinct = saved_answer_sets(dsl, DISTINCT_SETS)
    sets = [distinct[i % DISTINCT_SETS] for i in range(BATCH_SETS)]
    batch_s, batch_cpu_s = batch_seconds(dsl, sets)
    loads = cold_load_ms()
    load_ms = statistics.median(loads)
    print("engine")
    print(
        f"  assess() on the DSL form ({len(answers)} answers): {assess_ms * 1000:.0f} us per call "
        f"(goal <= {ASSESS_GOAL_MS:g} ms): {verdict(assess_ms, ASSESS_GOAL_MS)}"
    )
    print(
        f"  re-score {BATCH_SETS:,} saved answer sets on the DSL form (batch path, {DISTINCT_SETS:,} "
        f"different sets): {batch_s:.2f} s (CPU {batch_cpu_s:.2f} s), {batch_s / BATCH_SETS * 1e6:.0f} us each "
        f"(goal <= {BATCH_GOAL_S:g} s): {verdict(batch_s, BATCH_GOAL_S)}"
    )
    print(
        f"  cold load + validate of all default rules ({len(catalog.rule_sets)} questionnaires, "
        f"{len(catalog.overlays)} local overlays, contacts, {len(catalog.scenarios)} scenarios): median {load_ms:.1f} ms over {len(loads)} fresh processes "
        f"(goal <= {LOAD_GOAL_MS:g} ms): {verdict(load_ms, LOAD_GOAL_MS)}"
    )
    return {"assess_ms": assess_ms, "batch_s": batch_s, "batch_cpu_s": batch_cpu_s, "cold_load_ms": load_ms}


if __name__ == "__main__":
    main()
