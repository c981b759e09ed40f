"""accord against NegMAS 0.16: Pareto frontier + Nash + Kalai-Smorodinsky, side by side.

Both libraries analyse the *same* synthetic linear-additive scenario
(:func:`accord.scenario.synthetic.synthetic_scenario`): NegMAS gets an outcome
space of discrete issues and one ``LinearAdditiveUtilityFunction`` per actor
with the same normalised weights, value tables and reservation values. Each
case is timed in this one process, the two libraries' runs interleaved, the
first call of each apart ("cold": accord loads its numba kernels from the
on-disk cache then), and the two answers are cross-checked. Memory is measured
in fresh subprocesses.

Run it in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_frontier.py
    .bench-venv/bin/python benchmarks/bench_frontier.py --repeat 3 --cases 2x6x10

NegMAS is AGPL: it is installed only in ``.bench-venv``, never in accord's
dependencies; this file imports it, it copies none of its code.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from common import Case, machine, parse_cases, reset_peak_rss, status_mb
from numpy.typing import NDArray

from accord.analysis.bargaining import Solution, SolutionName, solve
from accord.analysis.context import Context
from accord.analysis.frontier import Frontier, frontier_of
from accord.scenario.model import Scenario
from accord.scenario.synthetic import synthetic_scenario
from accord.utility import ACCEPT_TOLERANCE

FloatArray = NDArray[np.float64]

#: Targets from the issue, for the 2-actor 10^6-deal case.
TARGET_MEDIAN_S = 0.1
TARGET_EXTRA_MB = 150.0
TARGET_CASE = "2x6x10"
DEFAULT_CASES = "2x6x10,3x5x10,4x5x10"
#: Utilities that differ by less than this are the same number (accord rounds
#: utilities to about 1e-12 so that ties on paper stay ties; NegMAS does not).
UTILITY_TOLERANCE = 1e-9
MB = 1024.0 * 1024.0


# --------------------------------------------------------------------------- cases


def scenario_of(case: Case, seed: int) -> Scenario:
    """The accord scenario of a case."""
    return synthetic_scenario(case.issues, case.options, case.actors, seed)


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """Wall times of one library on one case, in seconds."""

    cold: float
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median of the warm runs."""
        return statistics.median(self.runs) if self.runs else self.cold

    @property
    def best(self) -> float:
        """Fastest warm run."""
        return min(self.runs) if self.runs else self.cold


def time_case(scenario: Scenario, repeat: int, negmas_repeat: int, use_negmas: bool
              ) -> tuple[Timing, AccordResult, Timing | None, NegmasResult | None, float]:
    """Time both libraries on one scenario, interleaved so that both see the same machine.

    Round 0 is the cold call of each; then each round runs accord once and NegMAS
    once (while each still has runs to do). NegMAS's objects are rebuilt before
    each of its runs, outside the timer (its ufuns cache their utility ranges).
    Returns accord's timing and last result, NegMAS's (or ``None``), and the
    time NegMAS's objects took to build.
    """
    acc_t: Timing | None = None
    neg_t: Timing | None = None
    acc: AccordResult | None = None
    neg: NegmasResult | None = None
    build = 0.0
    for k in range(1 + max(repeat, negmas_repeat if use_negmas else 0)):
        if k <= repeat:
            acc = None
            gc.collect()
            t0 = time.perf_counter()
            acc = accord_run(scenario)
            dt = time.perf_counter() - t0
            if acc_t is None:
                acc_t = Timing(dt)
            else:
                acc_t.runs.append(dt)
        if use_negmas and k <= negmas_repeat:
            t0 = time.perf_counter()
            problem = negmas_problem(scenario)
            build = time.perf_counter() - t0
            neg = None
            gc.collect()
            t0 = time.perf_counter()
            neg = negmas_run(problem)
            dt = time.perf_counter() - t0
            if neg_t is None:
                neg_t = Timing(dt)
            else:
                neg_t.runs.append(dt)
    assert acc_t is not None
    assert acc is not None
    return acc_t, acc, neg_t, neg, build


# --------------------------------------------------------------------------- accord


@dataclass
class AccordResult:
    """What accord computes: the compiled scenario, its frontier and two solutions."""

    ctx: Context
    frontier: Frontier
    solutions: dict[SolutionName, Solution | None]


def accord_run(scenario: Scenario) -> AccordResult:
    """The timed accord work: compile, exact frontier of the veto actors, Nash and KS."""
    ctx = Context.of(scenario)
    front = frontier_of(ctx.space, ctx.model, ctx.veto_ids)
    sols = solve(ctx, front, names=("nash", "kalai-smorodinsky"))
    return AccordResult(ctx, front, sols)


def accord_breakdown(scenario: Scenario, repeat: int) -> dict[str, float]:
    """Median seconds of each step of :func:`accord_run`.

    Steps: compile the scenario (``Context.of``); the whole ``frontier_of``
    (evaluation, grid filter and skyline, streamed in chunks, possibly over
    several threads); ``solve``. For scale, on one thread and the whole space
    at once: ``evaluate_range`` (the compiled utility kernel) and, when the
    installed accord exposes ``grid_candidates``, the grid filter with the
    number of rows it keeps (the skyline's cost grows with them).
    """
    from accord.analysis import frontier as fr
    from accord.utility import evaluate_range

    candidates = getattr(fr, "grid_candidates", None)   # absent in older versions
    steps: dict[str, list[float]] = {}
    survivors = -1
    for _ in range(repeat):
        t = [time.perf_counter()]
        ctx = Context.of(scenario)
        t.append(time.perf_counter())
        u, ok = evaluate_range(ctx.space, ctx.model, 0, ctx.space.size)
        t.append(time.perf_counter())
        front = frontier_of(ctx.space, ctx.model, ctx.veto_ids)
        t.append(time.perf_counter())
        solve(ctx, front, names=("nash", "kalai-smorodinsky"))
        t.append(time.perf_counter())
        for name, t0, t1 in zip(("Context.of", "evaluate_range", "frontier_of", "solve"),
                                t, t[1:], strict=False):
            steps.setdefault(name, []).append(t1 - t0)
        if candidates is not None:
            t0 = time.perf_counter()
            survivors = int(candidates(u, ok, ctx.veto).size)
            steps.setdefault("grid filter", []).append(time.perf_counter() - t0)
    out = {name: statistics.median(v) for name, v in steps.items()}
    if survivors >= 0:
        out["grid survivors"] = float(survivors)
    return out


# --------------------------------------------------------------------------- NegMAS


@dataclass
class NegmasProblem:
    """The NegMAS objects of a scenario: its issues, outcome space and utility functions."""

    issues: list[Any]
    outcome_space: Any
    ufuns: list[Any]


@dataclass
class NegmasResult:
    """What NegMAS computes: rational Pareto frontier, Nash and KS points."""

    frontier: tuple[tuple[float, ...], ...]
    indices: tuple[int, ...]
    nash: tuple[tuple[tuple[float, ...], int], ...]
    ks: tuple[tuple[tuple[float, ...], int], ...]


def negmas_problem(scenario: Scenario) -> NegmasProblem:
    """Convert an accord scenario (linear-additive, no constraints) into NegMAS objects.

    Same issues and options in the same order (so NegMAS's enumeration index is
    accord's deal index), each actor's *normalised* weights, its value tables
    and its reservation value.
    """
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction

    if scenario.constraints:
        raise ValueError("the NegMAS conversion handles unconstrained scenarios only")
    issues = [make_issue(list(issue.option_ids), name=issue.id) for issue in scenario.issues]
    space = make_os(issues)
    ufuns = []
    for actor in scenario.modelled_actors:
        prefs = scenario.preferences[actor.id]
        if prefs.interactions:
            raise ValueError("the NegMAS conversion handles linear-additive preferences only")
        weights = prefs.normalised_weights
        values = {issue.id: {o: float(prefs.values.get(issue.id, {}).get(o, 0.0))
                             for o in issue.option_ids} for issue in scenario.issues}
        ufuns.append(LinearAdditiveUtilityFunction(
            values=values, weights={i.id: weights.get(i.id, 0.0) for i in scenario.issues},
            outcome_space=space, reserved_value=float(prefs.reservation), name=actor.id))
    return NegmasProblem(issues, space, ufuns)


def negmas_run(problem: NegmasProblem) -> NegmasResult:
    """The timed NegMAS work: enumerate and evaluate all outcomes, frontier, Nash and KS."""
    from negmas.preferences import ks_points, nash_points, pareto_frontier

    front, indices = pareto_frontier(problem.ufuns, issues=problem.issues)
    nash = nash_points(problem.ufuns, front, outcome_space=problem.outcome_space)
    ks = ks_points(problem.ufuns, front, outcome_space=problem.outcome_space)
    return NegmasResult(front, indices, nash, ks)


def negmas_version() -> str | None:
    """The installed NegMAS version, or ``None``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("negmas")
    except PackageNotFoundError:
        return None


# --------------------------------------------------------------------------- cross-check


def _fmt(u: FloatArray | tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{float(x):.6f}" for x in u) + ")"


def cross_check(acc: AccordResult, neg: NegmasResult, problem: NegmasProblem) -> dict[str, Any]:
    """Compare the two answers; every line says agree/differ and by how much."""
    from negmas.preferences import kalai_points, ks_points

    ctx, front = acc.ctx, acc.frontier
    r = ctx.model.reservation[ctx.veto]
    # NegMAS's frontier is over *rational* outcomes only (every utility >= its
    # reservation); accord's is over all feasible deals. An acceptable point
    # dominated by any deal is dominated by an acceptable one, so the rational
    # frontier is exactly accord's frontier restricted to acceptable points.
    ok = np.all(front.utilities >= r - ACCEPT_TOLERANCE, axis=1)
    acc_idx = front.indices[ok]
    acc_u = front.utilities[ok]
    neg_idx = np.asarray(neg.indices, dtype=np.int64)
    neg_u = np.asarray(neg.frontier, dtype=np.float64).reshape(len(neg_idx), -1)
    out: dict[str, Any] = {
        "accord_points": len(front), "accord_deals": front.deal_count,
        "accord_acceptable_points": int(ok.sum()),
        "accord_acceptable_deals": int(front.multiplicity[ok].sum()),
        "negmas_points": len(neg_idx),
    }
    common, a_rows, n_rows = np.intersect1d(acc_idx, neg_idx, return_indices=True)
    out["same_deals"] = bool(common.size == acc_idx.size == neg_idx.size)
    out["only_accord"] = int(acc_idx.size - common.size)
    out["only_negmas"] = int(neg_idx.size - common.size)
    if common.size:
        out["max_utility_diff"] = float(np.abs(acc_u[a_rows] - neg_u[n_rows]).max())
        out["utilities_match"] = out["max_utility_diff"] <= UTILITY_TOLERANCE

    def compare(sol: Solution | None, points: tuple[Any, ...]) -> dict[str, Any]:
        entry: dict[str, Any] = {"negmas_ties": len(points)}
        if sol is None or not points:
            entry["agree"] = sol is None and not points
            return entry
        a_u = np.array([sol.outcome.utilities[a] for a in ctx.veto_ids])
        n_u = np.asarray(points[0][0], dtype=np.float64)
        n_deals = {int(neg.indices[p[1]]) for p in points}
        entry.update(accord_deal=sol.outcome.index, accord_u=_fmt(a_u),
                     negmas_deal=int(neg.indices[points[0][1]]), negmas_u=_fmt(n_u),
                     agree=sol.outcome.index in n_deals,
                     max_utility_diff=float(np.abs(a_u - n_u).max()))
        if entry["agree"] and entry["max_utility_diff"] > UTILITY_TOLERANCE:
            entry["agree"] = False   # same deal, different utilities: a conversion error
        return entry

    out["nash"] = compare(acc.solutions.get("nash"), neg.nash)
    out["kalai-smorodinsky"] = compare(acc.solutions.get("kalai-smorodinsky"), neg.ks)
    # The two libraries define the KS point differently; pin down how.
    ideal_accord = acc_u.max(axis=0) if acc_u.size else np.full(r.size, np.nan)
    ideal_negmas = np.array([float(u.minmax(problem.outcome_space)[1]) for u in problem.ufuns])
    ks = out["kalai-smorodinsky"]
    ks["accord_ideal"] = _fmt(ideal_accord)
    ks["negmas_ideal"] = _fmt(ideal_negmas)
    ks_sol = acc.solutions.get("kalai-smorodinsky")
    if ks_sol is not None and neg.ks:
        # each point under each library's criterion: accord maximises the smallest
        # normalised gain (ideal: best over agreements); NegMAS minimises the spread
        # max - min of the normalised gains (ideal: best over the whole space)
        pts = {"accord_point": np.array([ks_sol.outcome.utilities[a] for a in ctx.veto_ids]),
               "negmas_point": np.asarray(neg.ks[0][0], dtype=np.float64)}
        for name, u in pts.items():
            ks[f"{name}_min_gain"] = float(((u - r) / (ideal_accord - r)).min())
            spread = (u - r) / (ideal_negmas - r)
            ks[f"{name}_spread"] = float(spread.max() - spread.min())
    # NegMAS's own KS rule fed accord's ideal point (best utility over agreements)
    ranges = [(float(lo), float(hi)) for lo, hi in zip(r, ideal_accord, strict=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same_ideal = ks_points(problem.ufuns, neg.frontier, ranges=ranges)
    if same_ideal:
        ks["negmas_with_accord_ideal_deal"] = int(neg.indices[same_ideal[0][1]])
        ks["agree_with_accord_ideal"] = acc.solutions["kalai-smorodinsky"] is not None and \
            acc.solutions["kalai-smorodinsky"].outcome.index in \
            {int(neg.indices[p[1]]) for p in same_ideal}
    # NegMAS's kalai_points is the egalitarian (Kalai 1977) point: compare with accord's
    egal = solve(ctx, front, names=("egalitarian",))["egalitarian"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kal = kalai_points(problem.ufuns, neg.frontier, outcome_space=problem.outcome_space)
    out["egalitarian_vs_negmas_kalai"] = compare(egal, kal)
    return out


def seed_sweep(cases: list[Case], seeds: int) -> dict[str, dict[str, Any]]:
    """Cross-check many seeds: how often the frontiers and each solution agree."""
    out: dict[str, dict[str, Any]] = {}
    for case in cases:
        tally: dict[str, Any] = {"seeds": 0, "frontier": 0, "nash": 0, "kalai-smorodinsky": 0,
                                 "ks_with_accord_ideal": 0, "egalitarian": 0, "ks_differ": []}
        for seed in range(seeds):
            scenario = scenario_of(case, seed)
            problem = negmas_problem(scenario)
            check = cross_check(accord_run(scenario), negmas_run(problem), problem)
            ks = check["kalai-smorodinsky"]
            tally["seeds"] += 1
            tally["frontier"] += int(check["same_deals"])
            tally["nash"] += int(check["nash"]["agree"])
            tally["kalai-smorodinsky"] += int(ks["agree"])
            tally["ks_with_accord_ideal"] += int(bool(ks.get("agree_with_accord_ideal")))
            tally["egalitarian"] += int(check["egalitarian_vs_negmas_kalai"]["agree"])
            if not ks["agree"]:
                tally["ks_differ"].append({"seed": seed, **ks})
        out[case.label] = tally
    return out


def print_sweep(sweep: dict[str, dict[str, Any]]) -> None:
    """The agreement counts, and the first KS disagreement of each case in numbers."""
    print("\n## Agreement over seeds (same deals / same point)\n")
    print("| case | seeds | frontier | Nash | KS | KS, NegMAS given accord's ideal "
          "| accord egalitarian = NegMAS kalai_points |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, t in sweep.items():
        print(f"| {label} | {t['seeds']} | {t['frontier']} | {t['nash']} "
              f"| {t['kalai-smorodinsky']} | {t['ks_with_accord_ideal']} | {t['egalitarian']} |")
    for label, t in sweep.items():
        if t["ks_differ"]:
            d = t["ks_differ"][0]
            print(f"- {label} seed {d['seed']}: accord KS deal {d['accord_deal']} "
                  f"u={d['accord_u']}, NegMAS KS deal {d['negmas_deal']} u={d['negmas_u']} "
                  f"(ideal accord={d['accord_ideal']}, NegMAS={d['negmas_ideal']}); "
                  f"smallest normalised gain (accord's criterion) {d['accord_point_min_gain']:.4f}"
                  f" vs {d['negmas_point_min_gain']:.4f}; spread (NegMAS's criterion) "
                  f"{d['accord_point_spread']:.4f} vs {d['negmas_point_spread']:.4f}")


# --------------------------------------------------------------------------- memory probes


def probe(lib: str, case: Case, kind: str, seed: int) -> dict[str, Any]:
    """Run one library once on ``case`` in *this* (fresh) process and measure it.

    ``kind``: ``rss`` (peak RSS above the RSS held just before the call, after
    imports and a warm-up on a tiny space), ``tracemalloc`` (peak of the
    allocations Python and NumPy report), or ``cold`` (first call in a new process).

    The peak RSS is ``VmHWM`` of ``/proc/self/status``, reset just before the
    call. (``ru_maxrss`` would not do: Linux carries it across ``exec``, so a
    child reports the RSS of the parent it was forked from.)
    """
    warnings.simplefilter("ignore")
    scenario = scenario_of(case, seed)
    run: Callable[[], object]
    if lib == "accord":
        def run() -> object:
            return accord_run(scenario)
        tiny = scenario_of(Case(case.actors, 3, case.options), seed)
        def warm() -> object:
            return accord_run(tiny)
    else:
        import negmas  # noqa: F401  (the import is part of the cold cost)

        problem = negmas_problem(scenario)
        def run() -> object:
            return negmas_run(problem)
        tiny_problem = negmas_problem(scenario_of(Case(case.actors, 3, case.options), seed))
        def warm() -> object:
            return negmas_run(tiny_problem)
    if kind == "cold":
        t1 = time.perf_counter()
        run()
        return {"lib": lib, "case": case.label, "kind": kind,
                "first_call_s": time.perf_counter() - t1}
    warm()
    gc.collect()
    if kind == "tracemalloc":
        tracemalloc.start()
        result = run()
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        return {"lib": lib, "case": case.label, "kind": kind, "peak_mb": traced_peak / MB}
    reset = reset_peak_rss()
    before = status_mb("VmRSS")
    hwm_before = status_mb("VmHWM")
    result = run()
    peak = status_mb("VmHWM")
    after = status_mb("VmRSS")
    del result
    return {"lib": lib, "case": case.label, "kind": kind, "peak_reset": reset,
            "rss_before_mb": before, "hwm_before_mb": hwm_before, "peak_rss_mb": peak,
            "rss_after_mb": after, "extra_mb": max(0.0, peak - before)}


def run_probe(lib: str, case: Case, kind: str, seed: int,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """:func:`probe` in a fresh subprocess."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--probe", lib, "--cases", case.label,
           "--probe-kind", kind, "--seed", str(seed)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        return {"lib": lib, "case": case.label, "kind": kind,
                "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = wall
    return result


# --------------------------------------------------------------------------- report


def machine_facts() -> dict[str, Any]:
    """The facts about this machine and environment that the figures depend on."""
    import numba

    return machine(numpy=np.__version__, numba=numba.__version__, negmas=negmas_version())


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.0f}x" if a is not None and b else "-"


def _s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def print_report(rows: list[dict[str, Any]], memory: list[dict[str, Any]],
                 cold: list[dict[str, Any]]) -> None:
    """Markdown tables of times, ratios and memory."""
    print("\n## Time: frontier + Nash + Kalai-Smorodinsky (same process)\n")
    print("| case (actors x issues x options) | deals | accord cold | accord median | accord min "
          "| NegMAS median | NegMAS min | ratio median | ratio min |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, n = row["accord"], row.get("negmas")
        print(f"| {row['case']} | {row['deals']:,} | {_s(a['cold'])} | {_s(a['median'])} "
              f"| {_s(a['min'])} | {_s(n['median'] if n else None)} "
              f"| {_s(n['min'] if n else None)} "
              f"| {_ratio(n['median'] if n else None, a['median'])} "
              f"| {_ratio(n['min'] if n else None, a['min'])} |")
    if memory:
        print("\n## Memory (fresh subprocess per figure)\n")
        print("| case | library | extra RSS (peak RSS during call - RSS before) "
              "| tracemalloc peak |")
        print("|---|---|---:|---:|")
        by: dict[tuple[str, str], dict[str, Any]] = {}
        for m in memory:
            by.setdefault((m["case"], m["lib"]), {}).update(
                {m["kind"]: m.get("extra_mb", m.get("peak_mb", m.get("error")))})
        for (case, lib), vals in by.items():
            rss, tm = vals.get("rss"), vals.get("tracemalloc")
            print(f"| {case} | {lib} | {_mb(rss)} | {_mb(tm)} |")
    if cold:
        print("\n## Cold process (import, then first call)\n")
        print("| case | library | numba cache | first call | whole process |")
        print("|---|---|---|---:|---:|")
        for c in cold:
            print(f"| {c['case']} | {c['lib']} | {c.get('cache', '-')} "
                  f"| {_s(c.get('first_call_s'))} | {_s(c.get('process_s'))} |")


def _mb(x: object) -> str:
    return f"{x:.1f} MB" if isinstance(x, float) else str(x) if x is not None else "-"


def print_check(label: str, check: dict[str, Any]) -> None:
    """The cross-check of one case, in words."""
    print(f"\n### Cross-check {label}")
    print(f"- frontier: accord {check['accord_points']} points ({check['accord_deals']} deals), "
          f"{check['accord_acceptable_points']} acceptable; NegMAS (rational outcomes only) "
          f"{check['negmas_points']} points; same deals: {check['same_deals']} "
          f"(only accord {check['only_accord']}, only NegMAS {check['only_negmas']}, "
          f"max |du| {check.get('max_utility_diff', float('nan')):.2e}, within "
          f"{UTILITY_TOLERANCE:g}: {check.get('utilities_match')})")
    for key in ("nash", "kalai-smorodinsky", "egalitarian_vs_negmas_kalai"):
        e = check[key]
        line = (f"- {key}: agree={e['agree']} accord deal {e.get('accord_deal')} "
                f"u={e.get('accord_u')}; NegMAS deal {e.get('negmas_deal')} u={e.get('negmas_u')}"
                f" ({e['negmas_ties']} tie(s))")
        if key == "kalai-smorodinsky":
            line += (f"; ideal accord={e['accord_ideal']} NegMAS={e['negmas_ideal']}; "
                     f"NegMAS rule with accord's ideal -> deal "
                     f"{e.get('negmas_with_accord_ideal_deal')} "
                     f"(agrees: {e.get('agree_with_accord_ideal')})")
            if not e["agree"] and "accord_point_min_gain" in e:
                line += (f"; smallest normalised gain {e['accord_point_min_gain']:.4f} (accord's)"
                         f" vs {e['negmas_point_min_gain']:.4f} (NegMAS's); spread "
                         f"{e['accord_point_spread']:.4f} vs {e['negmas_point_spread']:.4f}")
        print(line)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--cases", default=DEFAULT_CASES,
                    help=f"comma-separated ACTORSxISSUESxOPTIONS (default {DEFAULT_CASES})")
    ap.add_argument("--repeat", type=int, default=5, help="warm runs per case (default 5)")
    ap.add_argument("--negmas-repeat", type=int, default=None,
                    help="warm NegMAS runs per case (default: --repeat)")
    ap.add_argument("--seed", type=int, default=0, help="scenario seed (default 0)")
    ap.add_argument("--skip-negmas", action="store_true", help="time accord alone")
    ap.add_argument("--memory-cases", default=TARGET_CASE,
                    help=f"cases measured for memory in subprocesses ('' for none; "
                         f"default {TARGET_CASE})")
    ap.add_argument("--no-cold", action="store_true",
                    help="skip the cold-process probes (numba compile vs cache load)")
    ap.add_argument("--breakdown", action="store_true",
                    help="also time each step of accord's work (one-chunk spaces)")
    ap.add_argument("--sweep-seeds", type=int, default=0,
                    help="also cross-check this many seeds of --sweep-cases (default 0: off)")
    ap.add_argument("--sweep-cases", default="2x5x10,3x5x10,4x5x10",
                    help="cases of the seed sweep (default 2x5x10,3x5x10,4x5x10)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--probe", choices=("accord", "negmas"), help=argparse.SUPPRESS)
    ap.add_argument("--probe-kind", choices=("rss", "tracemalloc", "cold"), default="rss",
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    cases = parse_cases(args.cases)

    if args.probe:
        print(json.dumps(probe(args.probe, cases[0], args.probe_kind, args.seed)))
        return 0

    warnings.simplefilter("ignore")   # NegMAS warns that large spaces are slow
    use_negmas = not args.skip_negmas and negmas_version() is not None
    if not args.skip_negmas and not use_negmas:
        print("NegMAS is not installed here: run in .bench-venv (bash benchmarks/setup.sh) "
              "or pass --skip-negmas", file=sys.stderr)
        return 2
    info = machine_facts()
    print("# accord vs NegMAS: frontier + Nash + Kalai-Smorodinsky")
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    n_repeat = args.repeat if args.negmas_repeat is None else args.negmas_repeat

    rows: list[dict[str, Any]] = []
    checks: dict[str, dict[str, Any]] = {}
    for case in cases:
        scenario = scenario_of(case, args.seed)
        print(f"\n[{case.label}] {case.deals:,} deals: accord ...", flush=True)
        acc_t, acc, neg_t, neg, build = time_case(scenario, args.repeat, n_repeat, use_negmas)
        row: dict[str, Any] = {"case": case.label, "deals": case.deals, "accord": {
            "cold": acc_t.cold, "median": acc_t.median, "min": acc_t.best, "runs": acc_t.runs}}
        print(f"  accord cold {_s(acc_t.cold)}, median {_s(acc_t.median)}, "
              f"min {_s(acc_t.best)}", flush=True)
        if neg_t is not None and neg is not None:
            row["negmas"] = {"cold": neg_t.cold, "median": neg_t.median, "min": neg_t.best,
                             "runs": neg_t.runs, "build_objects": build}
            print(f"  NegMAS first {_s(neg_t.cold)}, median {_s(neg_t.median)}, "
                  f"min {_s(neg_t.best)} (objects built in {_s(build)}, untimed); "
                  f"ratio (median) {_ratio(neg_t.median, acc_t.median)}", flush=True)
        if args.breakdown:
            row["accord_breakdown"] = accord_breakdown(scenario, max(args.repeat, 1))
            print("  accord steps (median): " + ", ".join(
                f"{k} {v:.0f}" if k == "grid survivors" else f"{k} {_s(v)}"
                for k, v in row["accord_breakdown"].items()), flush=True)
        if neg is not None:
            problem = negmas_problem(scenario)
            checks[case.label] = cross_check(acc, neg, problem)
            print_check(case.label, checks[case.label])
        rows.append(row)
        del acc
        gc.collect()

    sweep: dict[str, dict[str, Any]] = {}
    if use_negmas and args.sweep_seeds > 0:
        print(f"\n[sweep] {args.sweep_seeds} seeds of {args.sweep_cases} ...", flush=True)
        sweep = seed_sweep(parse_cases(args.sweep_cases), args.sweep_seeds)

    memory: list[dict[str, Any]] = []
    for case in parse_cases(args.memory_cases):
        for lib in ("accord", "negmas") if use_negmas else ("accord",):
            for kind in ("rss", "tracemalloc"):
                print(f"\n[memory] {case.label} {lib} {kind} (subprocess) ...", flush=True)
                memory.append(run_probe(lib, case, kind, args.seed))
                print("  " + json.dumps(memory[-1]), flush=True)

    cold: list[dict[str, Any]] = []
    if not args.no_cold:
        case = cases[0]
        with tempfile.TemporaryDirectory(prefix="accord-numba-") as cache:
            for label in ("empty (compiles)", "warm (loads)"):
                print(f"\n[cold] {case.label} accord, numba cache {label} ...", flush=True)
                c = run_probe("accord", case, "cold", args.seed, {"NUMBA_CACHE_DIR": cache})
                c["cache"] = label
                cold.append(c)
        c = run_probe("accord", case, "cold", args.seed)
        c["cache"] = "the installed accord's own"
        cold.append(c)
        if use_negmas:
            c = run_probe("negmas", case, "cold", args.seed)
            c["cache"] = "-"
            cold.append(c)

    print_report(rows, memory, cold)
    if sweep:
        print_sweep(sweep)
    verdict(rows, memory)
    print(f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "argv": sys.argv, "rows": rows,
                                         "checks": checks, "memory": memory, "cold": cold,
                                         "sweep": sweep},
                                        indent=2, default=str))
    return 0


def verdict(rows: list[dict[str, Any]], memory: list[dict[str, Any]]) -> None:
    """Say plainly whether the issue's targets are met."""
    print("\n## Targets (2 actors x 10^6 deals)\n")
    row = next((r for r in rows if r["case"] == TARGET_CASE), None)
    if row is not None:
        med = row["accord"]["median"]
        print(f"- median time {_s(med)} < {TARGET_MEDIAN_S * 1000:.0f} ms: "
              f"{'MET' if med < TARGET_MEDIAN_S else 'MISSED'}")
    for m in memory:
        if m["case"] == TARGET_CASE and m["lib"] == "accord" and "extra_mb" in m:
            x = m["extra_mb"]
            print(f"- extra memory {x:.1f} MB < {TARGET_EXTRA_MB:.0f} MB: "
                  f"{'MET' if x < TARGET_EXTRA_MB else 'MISSED'}")


if __name__ == "__main__":
    raise SystemExit(main())
