"""Engine figures: assess() throughput against a bare weight-summing loop, and cold rules load time.

Goals (issue 3): assess within 5x of the bare loop on the DSL form; cold load + validate of all default
rules at most 50 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_tool import load_catalog  # noqa: E402
from decision_tool.screening.engine import assess  # noqa: E402
from decision_tool.screening.scenarios import scenario_answers  # noqa: E402


def per_second(fn, seconds: float = 1.0) -> float:
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(200):
            fn()
        n += 200
    return n / elapsed


def paired_rates(fn, ref, rounds: int = 20, seconds: float = 0.1) -> tuple[float, float, float]:
    """Calls per second of ``fn`` and ``ref``, measured in alternating short rounds so that a change in
    machine load falls on both alike; returns (fn's median rate, ref's median rate, median of the
    per-round ratios ref/fn)."""
    fn_rates, ref_rates = [], []
    for _ in range(rounds):
        fn_rates.append(per_second(fn, seconds))
        ref_rates.append(per_second(ref, seconds))
    ratios = [r / f for f, r in zip(fn_rates, ref_rates, strict=True)]
    return statistics.median(fn_rates), statistics.median(ref_rates), statistics.median(ratios)


def bare_loop_factory(rules, answers: dict[str, Any]):
    # The least any scorer must do: look up each answer's weight and add it up.
    weights = {q.id: {o.id: o.weight for o in q.choices} for q in rules.questions if q.scored}

    def bare() -> int:
        total = 0
        for qid, value in answers.items():
            table = weights.get(qid)
            if table is None:
                continue
            if isinstance(value, list):
                for v in value:
                    total += table[v]
            else:
                total += table.get(value, 0)
        return total

    return bare


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


def main() -> dict[str, float]:
    catalog = load_catalog()
    dsl = catalog.rule_sets["dsl"]
    scenario = next(s for s in catalog.scenarios if s.id == "older_boyfriend")
    answers = scenario_answers(scenario, dsl)
    directory = catalog.directory("somerset")
    assess_rate, bare_rate, ratio = paired_rates(
        lambda: assess(dsl, answers, contacts=directory), bare_loop_factory(dsl, answers)
    )
    loads = cold_load_ms()
    load_ms = statistics.median(loads)
    print("engine")
    print(
        f"  assess() on the DSL form ({len(answers)} answers): {assess_rate:,.0f}/s ({1e6 / assess_rate:.1f} us each)"
    )
    print(f"  bare weight-summing loop:                 {bare_rate:,.0f}/s ({1e6 / bare_rate:.2f} us each)")
    print(f"  ratio bare/assess: {ratio:.1f}x  (goal <= 5x)  {'OK' if ratio <= 5 else 'OVER GOAL'}")
    print(
        f"  cold load + validate of all default rules (2 questionnaires, contacts, {len(catalog.scenarios)} scenarios):"
    )
    print(
        f"    median {load_ms:.1f} ms over {len(loads)} fresh processes (goal <= 50 ms)  {'OK' if load_ms <= 50 else 'OVER GOAL'}"
    )
    return {"assess_per_s": assess_rate, "bare_per_s": bare_rate, "ratio": ratio, "cold_load_ms": load_ms}


if __name__ == "__main__":
    main()
