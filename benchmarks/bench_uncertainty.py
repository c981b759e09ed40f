"""Monte Carlo throughput: 10,000 draws over the Alaska space, workers, and cost per draw.

Three measurements, printed as tables:

1. ``accord uncertainty``'s Monte Carlo (no Sobol design) on the bundled Alaska
   scenario (26.9 million deals, 23 uncertain parameters, 5 proposals judged in
   every draw): in this process (one thread per core), and on 1 and 2 local
   worker processes; the speed-up of 2 workers over 1.
2. The cost of one draw as the deal space grows (4 actors, 10^4 to 10^7
   deals, every reservation and weight uncertain), accord's branch and bound
   against what a draw would cost if every draw re-ran the exhaustive survey
   (accord's own streaming pass) and, where it fits, NegMAS 0.16's Pareto
   frontier + Nash point (what a NegMAS user would run per draw: NegMAS has
   no Monte Carlo of its own).

Run in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_uncertainty.py --repeat 5
    .bench-venv/bin/python benchmarks/bench_uncertainty.py --draws 2000 --skip-negmas
"""

from __future__ import annotations

import argparse
import glob
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from common import machine

from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.zopa import survey_context
from accord.scenario import Scenario, load_proposal, load_scenario
from accord.scenario.synthetic import synthetic_data
from accord.uncertainty import monte_carlo

ROOT = Path(__file__).resolve().parents[1]
ALASKA = ROOT / "examples" / "alaska-2025"
TARGET_S = 20.0
TARGET_SPEEDUP = 1.7


def alaska_runs(draws: int, seed: int, repeat: int = 3) -> list[dict[str, Any]]:
    """The Alaska Monte Carlo in this process and on 1 and 2 worker processes.

    The three runs are interleaved ``repeat`` times (this machine's speed drifts
    by tens of percent from minute to minute); each row keeps every time, and
    ``ratio`` the 1-worker / 2-worker ratio of each round.
    """
    s = load_scenario(ALASKA / "scenario.yaml")
    proposals = [load_proposal(f, s) for f in sorted(glob.glob(str(ALASKA / "proposals/*.yaml")))]
    monte_carlo(s, draws=20, seed=seed, proposals=proposals)   # load the compiled kernels
    reference = None
    runs: list[tuple[str, dict[str, int]]] = [
        ("in process (threads)", {}), ("1 worker process", {"workers": 1}),
        ("2 worker processes", {"workers": 2})]
    rows: list[dict[str, Any]] = [{"run": label, "times": [], "same_numbers": True}
                                  for label, _ in runs]
    for round_ in range(repeat):
        for row, (label, how) in zip(rows, runs, strict=True):
            t0 = time.perf_counter()
            mc = monte_carlo(s, draws=draws, seed=seed, proposals=proposals,
                             workers=how.get("workers"))
            seconds = time.perf_counter() - t0
            row["same_numbers"] &= reference is None or mc.to_dict() == reference
            reference = reference or mc.to_dict()
            row.update(draws=mc.draws, agreement=str(mc.agreement))
            row["times"].append(seconds)
            print(f"  round {round_ + 1}, {label}: {seconds:.2f} s", flush=True)
    for row in rows:
        row["seconds"] = statistics.median(row["times"])
        row["ms_per_draw"] = 1000 * row["seconds"] / row["draws"]
    rows[2]["ratios"] = [a / b for a, b in zip(rows[1]["times"], rows[2]["times"], strict=True)]
    return rows


def synthetic(issues: int, seed: int) -> Scenario:
    """4 actors, ``issues`` x 10 options, every reservation and weight uncertain."""
    data = synthetic_data(issues, 10, 4, seed=seed, reservation=0.55)
    data["uncertainty"] = {f"a{k}.reservation": {"uniform": [0.45, 0.7]} for k in range(4)}
    for k in range(4):
        for i in range(issues):
            w = data["preferences"][f"a{k}"]["weights"][f"i{i}"]
            data["uncertainty"][f"a{k}.weights.i{i}"] = {"uniform": [0.5 * w, 1.5 * w]}
    return Scenario.model_validate(data)


def negmas_per_draw(s: Scenario) -> float | None:
    """Seconds for NegMAS's Pareto frontier + Nash point on this scenario (one draw's work)."""
    try:
        from bench_frontier import negmas_problem
        from negmas.preferences import nash_points, pareto_frontier
    except ImportError:
        return None
    problem = negmas_problem(s)
    t0 = time.perf_counter()
    frontier, _ = pareto_frontier(problem.ufuns, issues=problem.issues)
    nash_points(problem.ufuns, frontier)
    return time.perf_counter() - t0


def cost_curve(draws: int, seed: int, use_negmas: bool) -> list[dict[str, Any]]:
    """Cost of one draw as the space grows from 10^4 to 10^7 deals."""
    rows = []
    for issues in (4, 5, 6, 7):
        s = synthetic(issues, seed)
        monte_carlo(s, draws=5, seed=seed, threads=1)
        t0 = time.perf_counter()
        mc = monte_carlo(s, draws=draws, seed=seed, threads=1)
        per_draw = (time.perf_counter() - t0) / draws
        ctx = Context.of(s)
        survey_times = []
        for _ in range(2 if issues < 7 else 1):
            t0 = time.perf_counter()
            solve(ctx, survey_context(ctx, threads=1).frontier)
            survey_times.append(time.perf_counter() - t0)
        negmas = negmas_per_draw(s) if use_negmas and issues <= 5 else None
        rows.append({"deals": 10**issues, "accord_ms": 1000 * per_draw,
                     "survey_ms": 1000 * statistics.median(survey_times),
                     "negmas_ms": None if negmas is None else 1000 * negmas,
                     "agreement": mc.agreement.p})
        print(f"  10^{issues}: {1000 * per_draw:.3f} ms per draw", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000, help="Alaska draws (10,000)")
    parser.add_argument("--curve-draws", type=int, default=200, help="draws per curve point")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-negmas", action="store_true")
    parser.add_argument("--skip-alaska", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of the three Alaska runs, interleaved (default 3)")
    args = parser.parse_args(argv)
    info = machine()
    print("# accord Monte Carlo throughput")
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}\n")
    if not args.skip_alaska:
        print(f"[alaska] {args.draws:,} draws ...")
        rows = alaska_runs(args.draws, args.seed, args.repeat)
        print(f"\n| run | draws | median time ({args.repeat} runs) | every run | per draw | "
              "P(agreement) [95%] | same numbers |")
        print("|---|---:|---:|---|---:|---|---|")
        for r in rows:
            every = ", ".join(f"{t:.2f}" for t in r["times"])
            print(f"| {r['run']} | {r['draws']:,} | {r['seconds']:.2f} s | {every} | "
                  f"{r['ms_per_draw']:.2f} ms | {r['agreement']} | {r['same_numbers']} |")
        best = min(r["seconds"] for r in rows)
        ratios = rows[2]["ratios"]
        speedup = statistics.median(ratios)
        print(f"\n- {args.draws:,} draws in {best:.1f} s (median; target < {TARGET_S:g} s): "
              f"{'MET' if best < TARGET_S else 'MISSED'}")
        print(f"- 2 workers / 1 worker, median of the rounds: {speedup:.2f}x (each round: "
              + ", ".join(f"{x:.2f}" for x in ratios)
              + f"; target >= {TARGET_SPEEDUP}): "
              f"{'MET' if speedup >= TARGET_SPEEDUP else 'MISSED'}")
    print(f"\n[curve] {args.curve_draws} draws per size, one thread ...")
    curve = cost_curve(args.curve_draws, args.seed, not args.skip_negmas)
    print("\n| deals | accord per draw (branch and bound) | exhaustive survey per draw | "
          "NegMAS frontier + Nash per draw | P(agreement) |")
    print("|---:|---:|---:|---:|---:|")
    for r in curve:
        negmas = "-" if r["negmas_ms"] is None else f"{r['negmas_ms']:.0f} ms"
        print(f"| {r['deals']:,} | {r['accord_ms']:.3f} ms | {r['survey_ms']:.1f} ms | "
              f"{negmas} | {r['agreement']:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
