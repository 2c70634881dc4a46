"""The regional consistency report against its goal (issue 17): the DSL form through the regional
settings and 7 localities' overlays, for the scenario library and 10,000 generated answer profiles
(every single sign, every pair of significant signs, and a seeded random sample), at most 5 s, counting
what a user waits for: making the profiles, scoring them under every locality, and comparing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_tool import load_catalog  # noqa: E402
from decision_tool.screening.consistency import compare_form, profiles_for  # noqa: E402
from decision_tool.screening.scenarios import scenario_answers  # noqa: E402

GOAL_S = 5.0
PROFILES = 10_000


def verdict(figure: float, goal: float) -> str:
    return f"{figure / goal:.2f} of the goal  {'OK' if figure <= goal else 'OVER GOAL'}"


def report_seconds(rounds: int = 3) -> tuple[float, float, int, int, int]:
    """(seconds, CPU seconds, localities, profiles, findings) of the fastest of a few whole runs."""
    catalog = load_catalog()
    form = catalog.rule_sets["dsl"]
    local = {lid: rules for (fid, lid), rules in catalog.effective.items() if fid == "dsl"}
    scenarios = [(s.id, s.title, scenario_answers(s, form)) for s in catalog.scenarios if s.rules == "dsl"]
    times = []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        # 10,000 generated profiles in all: the singles and pairs, the rest random
        fixed = len(profiles_for(form, (), sample=0))
        profiles = profiles_for(form, scenarios, sample=PROFILES - fixed)
        findings, _ = compare_form(form, local, profiles)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    seconds, cpu_s = min(times)
    return seconds, cpu_s, len(local), len(profiles), len(findings)


def main() -> dict[str, float]:
    seconds, cpu_s, localities, profiles, findings = report_seconds()
    print("consistency")
    print(
        f"  consistency report, DSL form: the region and {localities} localities x {profiles:,} profiles "
        f"(scenarios + {PROFILES:,} generated), {findings:,} differences found: {seconds:.2f} s "
        f"(CPU {cpu_s:.2f} s) (goal <= {GOAL_S:g} s): {verdict(seconds, GOAL_S)}"
    )
    return {"consistency_s": seconds, "consistency_cpu_s": cpu_s}


if __name__ == "__main__":
    main()
