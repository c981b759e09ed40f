"""Negotiations per second: accord's batch engine against NegMAS 0.16 on ANAC's Camera domain.

Both libraries play bilateral alternating offers on the Camera domain of ANAC
2011 (3,600 outcomes), read with accord's GENIUS reader and handed to NegMAS
through :mod:`accord.interop.negmas` (so both see the same, correctly
normalised utilities), with time-based strategies (Boulware, linear,
conceder), 100 and 1000 rounds. accord runs whole batches in its compiled
engine on one core; NegMAS runs its ``SAOMechanism`` with its time-based
negotiators, one negotiation at a time. Reported: negotiations per second,
their ratio, and the mean agreement utilities of each strategy pair in both.

Run in the benchmark environment (``bash benchmarks/setup.sh``)::

    .bench-venv/bin/python benchmarks/bench_simulate.py
    .bench-venv/bin/python benchmarks/bench_simulate.py --negmas-runs 10 --batch 20000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from common import machine

from accord.analysis.context import Context
from accord.scenario.genius import load_genius
from accord.simulate.engine import negotiate_batch
from accord.simulate.pool import deal_pool
from accord.simulate.strategies import make_strategy

ROOT = Path(__file__).resolve().parents[1]
CAMERA = ROOT.parent / "shared" / "data" / "genius" / "anac" / "y2011" / "Camera"
PAIRS = [("boulware", "boulware"), ("boulware", "conceder"), ("conceder", "boulware"),
         ("linear", "linear"), ("conceder", "conceder")]
NEGMAS_CLASS = {"boulware": "BoulwareTBNegotiator", "conceder": "ConcederTBNegotiator",
                "linear": "LinearTBNegotiator"}
TARGETS = {100: 5000.0, 1000: 1000.0}


def accord_rate(ctx: Context, rounds: int, batch: int) -> tuple[float, dict[str, Any]]:
    """Negotiations per second of the batch engine (one core), and mean outcomes per pair."""
    ids = list(ctx.veto_ids)
    pool = deal_pool(ctx, ids)
    cols = pool.participants
    per_pair = batch // len(PAIRS)
    kinds, exps = [], []
    for a, b in PAIRS:
        na, nb = make_strategy(a), make_strategy(b)
        kinds += [[type(na).kind, type(nb).kind]] * per_pair
        exps += [[na.exponent, nb.exponent]] * per_pair
    k = np.array(kinds, dtype=np.int64)
    e = np.array(exps)
    n = k.shape[0]
    res = np.repeat(ctx.model.reservation[cols][None, :], n, axis=0)
    firsts = np.zeros(n, dtype=np.int64)
    seeds = np.arange(n, dtype=np.int64)
    veto = ctx.model.veto[cols]
    # load the compiled engine on a small slice first
    negotiate_batch(pool, ctx.space.radices, k[:8], e[:8], res[:8], veto, rounds, firsts[:8],
                    seeds[:8])
    t0 = time.perf_counter()
    out = negotiate_batch(pool, ctx.space.radices, k, e, res, veto, rounds, firsts, seeds)
    seconds = time.perf_counter() - t0
    outcomes = {}
    for p, (a, b) in enumerate(PAIRS):
        rows = out.row[p * per_pair:(p + 1) * per_pair]
        ok = rows >= 0
        u = pool.utilities[rows[ok]][:, cols] if ok.any() else np.full((1, 2), np.nan)
        outcomes[f"{a} vs {b}"] = {"agreement": float(ok.mean()),
                                   "u": [float(x) for x in u.mean(axis=0)]}
    return n / seconds, outcomes


def negmas_rate(ctx: Context, rounds: int, runs: int) -> tuple[float, dict[str, Any]]:
    """Negotiations per second of NegMAS's SAOMechanism, and mean outcomes per pair."""
    import negmas.sao as sao
    from negmas.sao import SAOMechanism

    from accord.interop.negmas import to_negmas

    ns = to_negmas(ctx.scenario)
    ufuns = list(ns.ufuns)
    total = 0.0
    count = 0
    outcomes: dict[str, Any] = {}
    for a, b in PAIRS:
        utilities, agreements = [], 0
        for _ in range(max(1, runs // len(PAIRS))):
            t0 = time.perf_counter()
            m = SAOMechanism(outcome_space=ns.outcome_space, n_steps=rounds)
            m.add(getattr(sao, NEGMAS_CLASS[a])(name=f"{a}-0"), ufun=ufuns[0])
            m.add(getattr(sao, NEGMAS_CLASS[b])(name=f"{b}-1"), ufun=ufuns[1])
            state = m.run()
            total += time.perf_counter() - t0
            count += 1
            if state.agreement is not None:
                agreements += 1
                utilities.append([float(u(state.agreement)) for u in ufuns[:2]])
        outcomes[f"{a} vs {b}"] = {
            "agreement": agreements / max(1, runs // len(PAIRS)),
            "u": [float(x) for x in np.mean(utilities, axis=0)] if utilities else
                 [float("nan")] * 2}
    return count / total, outcomes


def main(argv: list[str] | None = None) -> int:
    """Run both and print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--batch", type=int, default=20_000, help="accord negotiations per run")
    parser.add_argument("--negmas-runs", type=int, default=20,
                        help="NegMAS negotiations per round count (spread over the pairs)")
    parser.add_argument("--skip-negmas", action="store_true")
    args = parser.parse_args(argv)
    if not CAMERA.is_dir():
        print(f"the Camera domain is not at {CAMERA}")
        return 1
    os.environ.setdefault("ACCORD_THREADS", "1")
    ctx = Context.of(load_genius(CAMERA).scenario)
    print("# simulation: accord batch engine vs NegMAS SAOMechanism, Camera (3,600 outcomes)")
    print("machine: " + ", ".join(f"{k}={v}" for k, v in machine().items()))
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}\n")
    rows = []
    for rounds in (100, 1000):
        acc_rate, acc_out = accord_rate(ctx, rounds, args.batch if rounds == 100
                                        else args.batch // 5)
        neg_rate, neg_out = (float("nan"), {}) if args.skip_negmas else \
            negmas_rate(ctx, rounds, args.negmas_runs if rounds == 100 else
                        max(5, args.negmas_runs // 4))
        rows.append((rounds, acc_rate, neg_rate, acc_out, neg_out))
        print(f"  {rounds} rounds: accord {acc_rate:,.0f}/s, NegMAS {neg_rate:,.1f}/s",
              flush=True)
    print("\n| rounds | accord negotiations/s (1 core) | NegMAS negotiations/s | ratio | "
          "target | |")
    print("|---:|---:|---:|---:|---:|---|")
    for rounds, acc, neg, _, _ in rows:
        ok = "MET" if acc >= TARGETS[rounds] else "MISSED"
        print(f"| {rounds} | {acc:,.0f} | {neg:,.1f} | {acc / neg:,.0f}x | "
              f">= {TARGETS[rounds]:,.0f}/s | {ok} |")
    print("\n| rounds | pair | accord agreement | accord u (camera buyer, seller) | "
          "NegMAS agreement | NegMAS u |")
    print("|---:|---|---:|---|---:|---|")
    for rounds, _, _, acc_out, neg_out in rows:
        for pair in acc_out:
            a, n = acc_out[pair], neg_out.get(pair, {"agreement": float("nan"),
                                                     "u": [float("nan")] * 2})
            print(f"| {rounds} | {pair} | {a['agreement']:.0%} | "
                  f"{a['u'][0]:.3f}, {a['u'][1]:.3f} | {n['agreement']:.0%} | "
                  f"{n['u'][0]:.3f}, {n['u'][1]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
