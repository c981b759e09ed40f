"""Streaming a deal space far larger than memory: 4 actors x 10^8 deals.

accord's :func:`accord.analysis.zopa.survey` walks every deal once, chunk by
chunk (counts, blockers, and the exact Pareto frontier of the veto actors),
then :func:`accord.analysis.bargaining.solve` picks the bargaining solutions
from that frontier. Each library runs in its own subprocess so that its peak
memory is its own: the child reads its peak RSS (``VmHWM``) from
``/proc/self/status``, and this parent also watches the child's RSS and reads
``ru_maxrss`` from ``os.wait4``.

NegMAS is not built for this: its ``pareto_frontier`` enumerates every outcome
as a Python tuple and evaluates it in Python. It is run on smaller 4-actor
spaces under the same memory budget (the child is killed when its RSS passes
it) to show where it stops.

Run it in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_stream.py
    .bench-venv/bin/python benchmarks/bench_stream.py --case 4x7x10 --skip-negmas
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import Case, machine, reset_peak_rss, status_mb

HERE = Path(__file__).resolve().parent
DEFAULT_CASE = "4x8x10"
DEFAULT_NEGMAS_CASES = "4x6x10,4x7x10"
TARGET_PEAK_GB = 2.0
GB = 1024.0**3


# --------------------------------------------------------------------------- child side


def child_accord(case: Case, seed: int, chunk: int | None, progress: bool) -> dict[str, Any]:
    """survey + solve on the whole space, in this process; figures as a dict.

    ``chunk=None`` leaves ``survey``'s own default chunk size.
    """
    import inspect

    from accord.analysis.bargaining import solve
    from accord.analysis.context import Context
    from accord.analysis.zopa import survey
    from accord.scenario.synthetic import synthetic_scenario

    if chunk is None:
        chunk = int(inspect.signature(survey).parameters["chunk_size"].default)

    scenario = synthetic_scenario(case.issues, case.options, case.actors, seed)
    tiny = synthetic_scenario(3, case.options, case.actors, seed)
    solve(Context.of(tiny), survey(tiny, chunk_size=chunk).frontier)   # load the kernels
    hwm_setup = status_mb("VmHWM", "self")
    reset = reset_peak_rss()
    rss_before = status_mb("VmRSS", "self")
    last = [0.0]
    t0 = time.perf_counter()

    def report(done: int, total: int) -> None:
        now = time.perf_counter() - t0
        if progress and (now - last[0] >= 5.0 or done == total):
            last[0] = now
            print(f"  accord: {done:,}/{total:,} deals, {now:.1f} s, "
                  f"RSS {status_mb('VmRSS'):.0f} MB", file=sys.stderr, flush=True)

    z = survey(scenario, chunk_size=chunk, progress=report)
    t1 = time.perf_counter()
    ctx = Context.of(scenario)
    sols = solve(ctx, z.frontier)
    t2 = time.perf_counter()
    peak = status_mb("VmHWM", "self")
    nash, ks = sols.get("nash"), sols.get("kalai-smorodinsky")
    return {
        "lib": "accord", "case": case.label, "deals": case.deals, "chunk": chunk,
        "threads": _threads(),
        "survey_s": t1 - t0, "solve_s": t2 - t1, "total_s": t2 - t0,
        "deals_per_s": case.deals / (t1 - t0),
        "feasible": z.feasible, "acceptable": z.acceptable,
        "frontier_points": len(z.frontier), "frontier_deals": z.frontier.deal_count,
        "nash": nash.outcome.utilities if nash else None,
        "kalai_smorodinsky": ks.outcome.utilities if ks else None,
        "peak_reset": reset, "setup_peak_mb": hwm_setup, "rss_before_mb": rss_before,
        "peak_rss_mb": max(peak, hwm_setup), "run_peak_rss_mb": peak,
        "extra_mb": peak - rss_before,
    }


def _threads() -> int | None:
    """Worker threads accord's streaming uses, if this version has the setting."""
    try:
        from accord.analysis.stream import default_threads
    except ImportError:
        return None
    return int(default_threads())


def child_negmas(case: Case, seed: int) -> dict[str, Any]:
    """NegMAS's frontier + Nash + KS on the whole space, in this process."""
    import warnings

    sys.path.insert(0, str(HERE))
    from bench_frontier import negmas_problem, negmas_run

    from accord.scenario.synthetic import synthetic_scenario

    warnings.simplefilter("ignore")
    scenario = synthetic_scenario(case.issues, case.options, case.actors, seed)
    negmas_run(negmas_problem(synthetic_scenario(3, case.options, case.actors, seed)))
    problem = negmas_problem(scenario)
    reset = reset_peak_rss()
    rss_before = status_mb("VmRSS", "self")
    t0 = time.perf_counter()
    try:
        result = negmas_run(problem)
    except MemoryError:
        return {"lib": "negmas", "case": case.label, "deals": case.deals,
                "outcome": "MemoryError", "after_s": time.perf_counter() - t0,
                "rss_before_mb": rss_before, "peak_rss_mb": status_mb("VmHWM", "self")}
    elapsed = time.perf_counter() - t0
    return {"lib": "negmas", "case": case.label, "deals": case.deals, "outcome": "finished",
            "total_s": elapsed, "deals_per_s": case.deals / elapsed,
            "frontier_points": len(result.indices), "peak_reset": reset,
            "rss_before_mb": rss_before, "peak_rss_mb": status_mb("VmHWM", "self"),
            "extra_mb": status_mb("VmHWM", "self") - rss_before}


# --------------------------------------------------------------------------- parent side


def run_child(lib: str, case: Case, argv: list[str], limit_gb: float | None, timeout_s: float,
              address_cap_gb: float | None = None) -> dict[str, Any]:
    """Run this script as a child; kill it if its RSS passes ``limit_gb`` or time runs out.

    ``address_cap_gb`` also sets ``RLIMIT_AS`` in the child, a hard safety net
    in case the RSS watchdog polls too late.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", lib, "--case", case.label,
           *argv]

    def cap() -> None:
        if address_cap_gb is not None:
            size = int(address_cap_gb * GB)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, preexec_fn=cap)
        t0 = time.perf_counter()
        watched_mb = 0.0
        killed: str | None = None
        status = 0
        usage: Any = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            rss_mb = status_mb("VmRSS", proc.pid)
            if rss_mb == rss_mb:   # not NaN: the child is still there
                watched_mb = max(watched_mb, rss_mb)
                if killed is None and limit_gb is not None and rss_mb * 1024.0**2 > limit_gb * GB:
                    killed = f"RSS passed {limit_gb:g} GB"
                    os.kill(proc.pid, signal.SIGKILL)
            if killed is None and time.perf_counter() - t0 > timeout_s:
                killed = f"still running after {timeout_s:g} s"
                os.kill(proc.pid, signal.SIGKILL)
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        lines = out.read().strip().splitlines()
    result: dict[str, Any] = {"lib": lib, "case": case.label, "deals": case.deals}
    if lines and lines[-1].startswith("{"):
        result = json.loads(lines[-1])
    result.update(wall_s=wall, watched_peak_rss_mb=watched_mb, exit_code=proc.returncode,
                  wait4_maxrss_mb=usage.ru_maxrss / 1024.0 if usage is not None else None)
    if killed:
        result["outcome"] = f"killed: {killed} (after {wall:.1f} s)"
    elif proc.returncode != 0 and "outcome" not in result:
        result["outcome"] = f"failed (exit code {proc.returncode})"
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the streaming benchmark and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--case", default=DEFAULT_CASE,
                    help=f"accord's space, ACTORSxISSUESxOPTIONS (default {DEFAULT_CASE}: 10^8)")
    ap.add_argument("--seed", type=int, default=0, help="scenario seed (default 0)")
    ap.add_argument("--chunk", type=int, default=None,
                    help="deals per chunk (default: survey's own default)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="accord runs, each in a fresh subprocess (default 1)")
    ap.add_argument("--negmas-cases", default=DEFAULT_NEGMAS_CASES,
                    help=f"NegMAS's spaces (default {DEFAULT_NEGMAS_CASES}; '' for none)")
    ap.add_argument("--skip-negmas", action="store_true", help="run accord alone")
    ap.add_argument("--negmas-limit-gb", type=float, default=TARGET_PEAK_GB,
                    help="kill the NegMAS child when its RSS passes this (default 2)")
    ap.add_argument("--negmas-timeout", type=float, default=900.0,
                    help="kill the NegMAS child after this many seconds (default 900)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--child", choices=("accord", "negmas"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    case = Case.parse(args.case)

    if args.child == "accord":
        print(json.dumps(child_accord(case, args.seed, args.chunk, not args.quiet)))
        return 0
    if args.child == "negmas":
        print(json.dumps(child_negmas(case, args.seed)))
        return 0

    info = machine()
    print("# accord streaming: survey + solutions of a space larger than memory")
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    runs = []
    for k in range(args.repeat):
        print(f"\n[accord] {case.label}: {case.deals:,} deals (run {k + 1}/{args.repeat}) ...",
              flush=True)
        child_args = ["--seed", str(args.seed)] + (
            ["--chunk", str(args.chunk)] if args.chunk is not None else [])
        runs.append(run_child("accord", case, child_args + (["--quiet"] if args.quiet else []),
                              None, 24 * 3600.0))
        print("  " + json.dumps(runs[-1]), flush=True)
    negmas: list[dict[str, Any]] = []
    cases = [] if args.skip_negmas else [Case.parse(c) for c in args.negmas_cases.split(",")
                                         if c.strip()]
    for nc in cases:
        print(f"\n[NegMAS] {nc.label}: {nc.deals:,} deals, RSS limit {args.negmas_limit_gb:g} GB,"
              f" timeout {args.negmas_timeout:g} s ...", flush=True)
        negmas.append(run_child("negmas", nc, ["--seed", str(args.seed)], args.negmas_limit_gb,
                                args.negmas_timeout, address_cap_gb=args.negmas_limit_gb * 2 + 2))
        print("  " + json.dumps(negmas[-1]), flush=True)

    print("\n## Streaming (each run in a fresh subprocess)\n")
    print("| library | case | deals | result | wall (analysis) | deals/s | frontier points "
          "| peak RSS (process) | extra RSS (during analysis) |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    for r in runs:
        ok = r.get("exit_code") == 0 and "total_s" in r
        print(f"| accord | {r.get('case', case.label)} | {case.deals:,} "
              f"| {'finished' if ok else r.get('outcome', '?')} "
              f"| {r.get('total_s', float('nan')):.1f} s | {r.get('deals_per_s', 0) / 1e6:.2f} M "
              f"| {r.get('frontier_points', '-')} | {r.get('peak_rss_mb', float('nan')):.0f} MB "
              f"| {r.get('extra_mb', float('nan')):.0f} MB |")
    for r in negmas:
        fin = r.get("outcome") == "finished"
        peak = r.get("peak_rss_mb") if fin else r.get("watched_peak_rss_mb")
        timing = f"{r['total_s']:.1f} s | {r['deals_per_s'] / 1e6:.3f} M" if fin else "- | -"
        extra = f"{r['extra_mb']:.0f} MB" if "extra_mb" in r else "-"
        print(f"| NegMAS | {r['case']} | {r['deals']:,} | {r.get('outcome', '?')} | {timing} "
              f"| {r.get('frontier_points', '-')} | {peak:.0f} MB | {extra} |")
    if runs:
        best = min(runs, key=lambda r: r.get("total_s", float("inf")))
        peak_gb = max(r.get("peak_rss_mb", float("inf")) for r in runs) / 1024.0
        print(f"\n- accord: frontier {best.get('frontier_points')} points "
              f"({best.get('frontier_deals')} deals), {best.get('acceptable', 0):,} agreements; "
              f"Nash {best.get('nash')}; KS {best.get('kalai_smorodinsky')}")
        print(f"- target: peak memory {peak_gb:.2f} GB < {TARGET_PEAK_GB:g} GB: "
              f"{'MET' if peak_gb < TARGET_PEAK_GB else 'MISSED'}")
    print(f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "argv": sys.argv, "accord": runs,
                                         "negmas": negmas}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
