"""The GENIUS domains of 10^10 deals: accord's class walk, its deal stream, and NegMAS.

The folders of ``../shared/data/genius`` that ship GENIUS's own Pareto frontier
(``pareto.xml``) and can be numbered (10^10 deals: the nonlinear ANAC 2014
``10issues*`` and ``other/S-1N*-1*``). For each:

- **accord, classes** (the default): ``survey_context`` — counts, blockers and
  the exact frontier of both parties — walking classes of interchangeable deals;
  a first untimed call, then the median of ``--runs``;
- **accord, every deal**: the same survey with the class walk switched off
  (both cores), on all 10^10 deals with ``--full``, else on the first
  ``--prefix`` deals (the time it would take at that rate is printed as an
  estimate, and says so);
- **NegMAS 0.16**: ``Scenario.load`` then ``pareto_frontier`` + ``nash_points``,
  in a child process limited to ``--negmas-gb`` of address space and
  ``--timeout`` seconds (it enumerates the outcomes in memory);
- the frontier against GENIUS's ``pareto.xml`` (points within 1e-6: GENIUS writes
  single precision);
- **NegMAS's reading** of the profiles, on ``--sample`` random deals: its
  utility against accord's, and against this file's own reading of the
  hyper-rectangles with *open* bounds (min < v < max), ``EXCLUDES`` read as
  ``INCLUDES`` and no division by ``maxutility``, which is how NegMAS 0.16
  reads them (GENIUS counts a value on a bound as inside, excludes what
  ``EXCLUDES`` names, and divides by ``maxutility``; accord's frontier, read
  that way, is GENIUS's ``pareto.xml``).

Run it in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_classes.py
    .bench-venv/bin/python benchmarks/bench_classes.py --only 10issues --full

NegMAS is AGPL: it is installed only in ``.bench-venv``; this file runs it and
copies none of its code.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from common import machine

from accord.analysis import classes
from accord.analysis.classes import class_plan, walk_classes
from accord.analysis.context import Context
from accord.analysis.zopa import Survey, survey_context
from accord.interop.negmas import utility_of
from accord.scenario.genius import load_genius
from accord.scenario.ids import slug
from accord.scenario.model import Scenario

GENIUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "genius"

NEGMAS_CHILD = """
import resource, sys, time
limit = int(sys.argv[2]) << 30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from negmas.inout import Scenario
from negmas.preferences import nash_points, pareto_frontier
t0 = time.perf_counter()
s = Scenario.load(sys.argv[1], ignore_discount=True)
t1 = time.perf_counter()
print(f"loaded {t1 - t0:.2f}", flush=True)
front, _ = pareto_frontier(list(s.ufuns), issues=s.outcome_space.issues)
nash = nash_points(list(s.ufuns), front, outcome_space=s.outcome_space)
print(f"done {time.perf_counter() - t1:.2f} {len(front)}", flush=True)
"""


def folders(only: list[str]) -> list[Path]:
    """The numbered folders with a pareto.xml (``only``: names to keep)."""
    out = []
    for pareto in sorted(GENIUS.rglob("pareto.xml")):
        folder = pareto.parent
        if only and folder.name not in only:
            continue
        scenario = load_genius(folder).scenario
        if math.prod(len(i.options) for i in scenario.issues) < 2**62:
            out.append(folder)
    return out


def genius_agreement(folder: Path, ours: np.ndarray) -> str:
    """How accord's frontier compares with GENIUS's pareto.xml."""
    genius = np.loadtxt(folder / "pareto.xml", delimiter=",", ndmin=2)
    near = np.abs(ours[:, None, :] - genius[None, :, :]).max(axis=2) <= 1e-6
    missing = int((~near.any(axis=0)).sum())
    extra = int((~near.any(axis=1)).sum())
    if not missing and not extra:
        return f"same {len(genius)} points"
    return f"GENIUS {len(genius)} points: {missing} not in accord's, {extra} of accord's not in it"


def every_deal(ctx: Context, deals: int | None = None) -> tuple[float, Survey]:
    """The survey without the class walk, over the first ``deals`` (all by default)."""
    part = ctx if deals is None else Context(
        ctx.scenario, dataclasses.replace(ctx.space, size=deals), ctx.model)
    with mock.patch.object(classes, "CLASS_WALK_MIN", 1 << 62):
        t0 = time.perf_counter()
        found = survey_context(part)
        return time.perf_counter() - t0, found


def negmas(folder: Path, timeout: float, gb: int) -> str:
    """NegMAS's Pareto + Nash in a limited child process: its time, or how it ended."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", NEGMAS_CHILD, str(folder), str(gb)],
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"not finished in {timeout:.0f} s"
    wall = time.perf_counter() - t0
    for line in done.stdout.splitlines():
        if line.startswith("done"):
            _, secs, points = line.split()
            return f"{float(secs):.1f} s, {points} frontier outcomes"
    last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
    return f"failed after {wall:.0f} s: {last[:80]}"


Rectangle = tuple[float, list[tuple[int, float, float]]]


def open_bounds_sum(rectangles: list[Rectangle], values: tuple[float, ...]) -> float:
    """The utilities of the rectangles holding ``values`` strictly inside every bound, summed."""
    return sum(u for u, bounds in rectangles
               if all(lo < values[i - 1] < hi for i, lo, hi in bounds))


def rectangles(profile: Path) -> list[Rectangle]:
    """A profile's hyper-rectangles as NegMAS reads them: utility and (issue index, min, max)
    of each bound, an ``EXCLUDES`` bound taken as an ``INCLUDES`` one (later ones on the
    same issue replacing earlier ones)."""
    out: list[Rectangle] = []
    for r in ET.parse(profile).getroot().iter("hyperRectangle"):
        bounds = {int(b.get("index", 0)): (float(b.get("min", 0)), float(b.get("max", 0)))
                  for b in r}
        out.append((float(r.get("utility", 0)), [(i, lo, hi) for i, (lo, hi) in bounds.items()]))
    return out


def negmas_reading(folder: Path, scenario: Scenario, sample: int) -> str:
    """How NegMAS's utilities of ``sample`` random deals compare with accord's (GENIUS's)."""
    from negmas.inout import Scenario as NegmasScenario

    loaded = NegmasScenario.load(folder, ignore_discount=True)
    values = [list(i.all) for i in loaded.outcome_space.issues]
    ufuns = {slug(str(u.name), "party"): u for u in loaded.ufuns}
    files = {slug(p.stem, "party"): p for p in folder.glob("*.xml")}
    scale = {a: float(next(ET.parse(f).getroot().iter("utility")).get("maxutility", 1))
             for a, f in files.items() if a in ufuns}
    rng = random.Random(0)
    differ = rescaled = explained = 0
    worst = 0.0
    for _ in range(sample):
        digits = [rng.randrange(len(v)) for v in values]
        deal = {i.id: i.option_ids[d] for i, d in zip(scenario.issues, digits, strict=True)}
        outcome = tuple(v[d] for v, d in zip(values, digits, strict=True))
        for actor in scenario.modelled_actors:
            theirs = float(ufuns[actor.id](outcome))
            ours = utility_of(scenario.preferences[actor.id], deal)
            worst = max(worst, abs(theirs - ours))
            if abs(theirs - ours) > 1e-9:
                differ += 1
            if abs(min(theirs / scale[actor.id], 1.0) - ours) > 1e-9:
                rescaled += 1
            if abs(theirs - open_bounds_sum(rectangles(files[actor.id]), outcome)) <= 1e-9:
                explained += 1
    checks = sample * len(scenario.modelled_actors)
    return (f"differs from GENIUS's on {differ:,} of {checks:,} sampled utilities (by up to "
            f"{worst:.4g}), on {rescaled:,} even divided by maxutility; open bounds without "
            f"maxutility give NegMAS's on {explained:,}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated folder names")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--prefix", type=int, default=1 << 27,
                    help="deals the every-deal rate is measured on")
    ap.add_argument("--full", action="store_true", help="survey all 10^10 deals one by one too")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--negmas-gb", type=int, default=8)
    ap.add_argument("--no-negmas", action="store_true")
    ap.add_argument("--sample", type=int, default=2000,
                    help="random deals on which NegMAS's reading is compared")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    print(json.dumps(machine()), flush=True)
    rows: list[dict[str, Any]] = []
    for folder in folders([n for n in args.only.split(",") if n]):
        ctx = Context.of(load_genius(folder).scenario)
        groups = class_plan(ctx)
        assert groups is not None, f"{folder.name}: the class walk is not chosen"
        found = survey_context(ctx)                          # warm: numba's cache
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            found = survey_context(ctx)
            times.append(time.perf_counter() - t0)
        n_classes = sum(len(c) for c in walk_classes(ctx, groups))
        front = found.frontier
        row: dict[str, Any] = {
            "domain": str(folder.relative_to(GENIUS)), "deals": ctx.space.size,
            "class_bound": groups.bound, "classes": n_classes,
            "accord_s": statistics.median(times), "frontier": len(front),
            "frontier_deals": front.deal_count, "agreements": found.acceptable,
            "genius": genius_agreement(folder, front.utilities)}
        secs, _ = every_deal(ctx, args.prefix)
        rate = args.prefix / secs
        row["every_deal_rate"] = rate
        row["every_deal_estimate_s"] = ctx.space.size / rate
        if args.full:
            row["every_deal_s"], slow = every_deal(ctx)
            row["same_answer"] = slow.to_dict() == found.to_dict()
        row["negmas"] = "not run" if args.no_negmas else negmas(folder, args.timeout,
                                                                 args.negmas_gb)
        row["negmas_reading"] = "not run" if args.no_negmas else negmas_reading(
            folder, ctx.scenario, args.sample)
        rows.append(row)
        full = (f"every deal {row['every_deal_s']:.0f} s (same answer: {row['same_answer']})"
                if args.full else f"every deal ~{row['every_deal_estimate_s'] / 60:.1f} min "
                                  f"(estimated at {rate / 1e6:.0f} M deals/s)")
        print(f"{row['domain']}: {row['deals']:.0e} deals, {n_classes:,} classes "
              f"(bound {groups.bound:.2e}); accord {row['accord_s']:.2f} s; {full}; "
              f"frontier {len(front)} points, {front.deal_count:,} deals; {row['genius']}; "
              f"NegMAS: {row['negmas']}; NegMAS's reading: {row['negmas_reading']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
