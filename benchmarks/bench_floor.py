"""How fast can *any* Python answer GENIUS's smallest domains? A floor beside accord and NegMAS.

The issue's target is accord at least 20 times faster than NegMAS's Pareto plus
Nash on every domain. Under 1,000 outcomes NegMAS answers in 0.2-5 ms, so the
target asks for 12-250 microseconds, including turning the scenario into
numbers. This script times, with the harness of ``bench_genius.py`` (the same
runs, garbage collection kept out of the timed calls), on every domain under
``--max-deals`` outcomes:

- **accord**: ``Context.of`` + ``frontier_of`` + ``solve(..., names=("nash",))``,
  as in ``bench_genius.py``;
- **NegMAS**: its own reading's ``pareto_frontier`` + ``nash_points``;
- **floor**: the least work any Python code does for the same answer, written
  here for this measurement only: the weighted tables read straight from the
  scenario, every deal's utilities (summed issue by issue, clipped, rounded to
  12 decimals, as accord does), the frontier of the veto actors and the Nash
  point, in two versions, plain Python (lists) and NumPy (arrays), of which
  the quicker counts. It handles only what GENIUS domains hold (no
  constraints; interaction terms on one issue), builds no result objects and
  breaks Nash ties by nothing but the order of the points.

Where even the floor takes longer than NegMAS's time divided by 20, no analysis
written in Python meets the target on that domain. The floor's Nash utilities
are checked against accord's on every domain (``nash`` column).

Run it in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_floor.py
    .bench-venv/bin/python benchmarks/bench_floor.py --skip-negmas --only NiceOrDie,Laptop
"""

from __future__ import annotations

import argparse
import math
import operator
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from bench_genius import (
    TARGET_RATIO,
    Run,
    accord_analysis,
    domain_arguments,
    domain_folders,
    measure,
    negmas_analysis,
    negmas_own,
)

from accord.scenario.genius import load_genius
from accord.scenario.model import Scenario

#: Domains up to this many outcomes (the class the target misses).
MAX_DEALS = 999
QUANTUM = 1e12


def floor_tables(scenario: Scenario) -> tuple[list[list[list[float]]], list[float]]:
    """Per veto actor and issue, weight times value of each option; the reservation values.

    Raises ValueError on what the floor does not handle (constraints, interaction
    terms on two issues or more).
    """
    if scenario.constraints:
        raise ValueError("the floor handles no constraint")
    tables: list[list[list[float]]] = []
    reservations: list[float] = []
    position = {i.id: k for k, i in enumerate(scenario.issues)}
    option_index = [{o: j for j, o in enumerate(i.option_ids)} for i in scenario.issues]
    for actor in scenario.modelled_actors:
        if not actor.veto:
            continue
        prefs = scenario.preferences[actor.id]
        weights = prefs.normalised_weights
        table = []
        for issue in scenario.issues:
            w = weights.get(issue.id, 0.0)
            values = prefs.values.get(issue.id, {})
            table.append([w * values[o] for o in issue.option_ids] if w > 0
                         else [0.0] * len(issue.options))
        for term in prefs.interactions:      # added in file order, as accord folds them
            if len(term.when) != 1:
                raise ValueError("the floor handles interaction terms on one issue only")
            ((issue_id, options),) = term.when.items()
            k = position[issue_id]
            row = table[k]
            for o in options:
                row[option_index[k][o]] += term.add
        tables.append(table)
        reservations.append(prefs.reservation)
    return tables, reservations


def floor_python(scenario: Scenario) -> tuple[float, ...] | None:
    """Nash utilities of the veto actors (``None``: no agreement), in plain Python."""
    tables, r = floor_tables(scenario)
    # every deal's sums, issue by issue (the last issue varies fastest: deal order)
    sums: list[tuple[float, ...]] = [(0.0,) * len(tables)]
    for k in range(len(scenario.issues)):
        columns = list(zip(*(t[k] for t in tables), strict=True))   # per option, per actor
        sums = [tuple(map(operator.add, row, col)) for row in sums for col in columns]
    floor = math.floor
    points = [tuple([0.0 if s <= 0.0 else 1.0 if s >= 1.0 else floor(s * QUANTUM + 0.5) / QUANTUM
                     for s in row]) for row in sums]
    # by decreasing sum (a stable sort: ties stay in deal order); a point is on the
    # frontier when no point kept before it is at least as good for everyone
    front: list[tuple[float, ...]] = []
    for p in sorted(points, key=lambda p: -sum(p)):
        for f in front:
            if all(map(operator.ge, f, p)):
                break
        else:
            front.append(p)
    floors = [x - 1e-9 for x in r]
    best, value = None, -1.0
    for p in front:
        if all(map(operator.ge, p, floors)):
            v = math.prod([max(x - y, 0.0) for x, y in zip(p, r, strict=True)])
            if v > value:
                best, value = p, v
    return best


def floor_numpy(scenario: Scenario) -> tuple[float, ...] | None:
    """The same answer as :func:`floor_python`, with NumPy arrays."""
    tables, r_list = floor_tables(scenario)
    a = len(tables)
    u = np.zeros((1, a))
    for k in range(len(scenario.issues)):
        t = np.array([tab[k] for tab in tables]).T                  # (options, actors)
        u = (u[:, None, :] + t[None, :, :]).reshape(-1, a)
    u = np.where(u <= 0.0, 0.0, np.where(u >= 1.0, 1.0, np.floor(u * QUANTUM + 0.5) / QUANTUM))
    if a == 2:
        # a sweep: by decreasing first utility (then second), a point is on the
        # frontier when its second utility beats every one before it
        order = np.lexsort((-u[:, 1], -u[:, 0]))
        v = u[order]
        best_before = np.maximum.accumulate(np.concatenate([[-1.0], v[:-1, 1]]))
        front = v[v[:, 1] > best_before]
    else:
        geq = (u[:, None, :] >= u[None, :, :]).all(axis=2)
        gt = (u[:, None, :] > u[None, :, :]).any(axis=2)
        front = np.unique(u[~(geq & gt).any(axis=0)], axis=0)
    r = np.array(r_list)
    ok = (front >= r - 1e-9).all(axis=1)
    if not ok.any():
        return None
    cand = front[ok]
    return tuple(float(x) for x in cand[np.argmax(np.maximum(cand - r, 0.0).prod(axis=1))])


def _us(x: float) -> str:
    return "–" if math.isnan(x) else f"{x * 1e6:,.0f} µs"


def bench(folder: Path, args: argparse.Namespace) -> dict[str, Any] | None:
    scenario = load_genius(folder).scenario
    deals = math.prod(len(i.options) for i in scenario.issues)
    if deals > args.max_deals:
        return None
    row: dict[str, Any] = {"domain": str(folder.relative_to(args.root)), "deals": deals,
                           "parties": len(scenario.actors)}
    acc, result = measure(lambda: accord_analysis(scenario), None, args.budget, args.repeat,
                          None, warm=True)
    ctx, _front, nash = result
    want = None if nash is None else tuple(nash.outcome.utilities[x] for x in ctx.veto_ids)
    row["accord"] = acc
    for name, fn in (("python", floor_python), ("numpy", floor_numpy)):
        run, got = measure(lambda fn=fn: fn(scenario), None, args.budget, args.repeat, None,
                           warm=True)
        row[name] = run
        row[f"{name}_agrees"] = (got is None) == (want is None) and (
            got is None or want is None or np.allclose(got, want, atol=1e-9))
    if not args.skip_negmas:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            neg, _ = measure(negmas_analysis, lambda: negmas_own(folder), args.budget,
                             args.repeat, None, warm=False)
        row["negmas"] = neg
    return row


def report(rows: list[dict[str, Any]]) -> None:
    print("| domain | outcomes × parties | NegMAS | NegMAS / 20 | accord | floor, Python "
          "| floor, NumPy | floor within NegMAS / 20 | nash |")
    print("|---|---|---:|---:|---:|---:|---:|:---:|:---:|")
    within = 0
    for row in rows:
        neg: Run | None = row.get("negmas")
        target = neg.median / TARGET_RATIO if neg else float("nan")
        floor = min(row["python"].median, row["numpy"].median)
        fits = "–" if neg is None else ("yes" if floor <= target else "no")
        within += fits == "yes"
        agrees = "same" if row["python_agrees"] and row["numpy_agrees"] else "DIFFERS"
        print(f"| {row['domain']} | {row['deals']:,} × {row['parties']} | "
              f"{_us(neg.median) if neg else '–'} | {_us(target)} | {_us(row['accord'].median)} "
              f"| {_us(row['python'].median)} | {_us(row['numpy'].median)} | {fits} "
              f"| {agrees} |")
    if rows and "negmas" in rows[0]:
        print(f"\nThe floor is within NegMAS's time divided by {TARGET_RATIO:.0f} on {within} "
              f"of {len(rows)} domains.")


def main(argv: list[str] | None = None) -> int:
    ap = domain_arguments(__doc__, MAX_DEALS)
    ap.add_argument("--repeat", type=int, default=20, help="most runs of each (default 20)")
    ap.add_argument("--budget", type=float, default=0.5,
                    help="stop repeating one once its runs add up to this (s)")
    ap.add_argument("--skip-negmas", action="store_true", help="leave NegMAS out")
    args = ap.parse_args(argv)
    rows = []
    for folder in domain_folders(args.root, args.only):
        try:
            row = bench(folder, args)
        except ValueError as exc:       # what the floor does not handle, or refused domains
            print(f"{folder.relative_to(args.root)}: skipped ({exc})", file=sys.stderr)
            continue
        if row is not None:
            rows.append(row)
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
