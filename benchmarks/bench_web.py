"""Proposal evaluations per second through the web app, on loopback, with latencies.

Starts ``accord serve`` on a scenario (Alaska by default) as a subprocess on
127.0.0.1 and a free port, waits until it answers, then sends a bounded
number of ``POST /api/scenarios/{id}/evaluate`` requests from a fixed number
of concurrent clients (one keep-alive connection each, asyncio): a mix of the scenario's
example proposals and random compositions (a random option on a random set of
issues, the rest left open), in a seeded order. Reports throughput, p50, p99
and the largest latency, overall and per kind of request, the failures
(anything but HTTP 200), and the CPU time each request cost the server and the
client; then stops the server. The client runs on the same machine as the
server and shares its cores.

Run in the project's environment::

    .venv/bin/python benchmarks/bench_web.py
    .venv/bin/python benchmarks/bench_web.py --requests 4000 --concurrency 16 --json /tmp/W.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from common import machine

from accord.scenario import load_proposal, load_scenario

ROOT = Path(__file__).resolve().parents[1]
ALASKA = ROOT / "examples" / "alaska-2025" / "scenario.yaml"


def free_port() -> int:
    """A port nobody listens on now (on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(scenario: Path, port: int, timeout: float = 60.0) -> subprocess.Popen[bytes]:
    """``accord serve`` in a subprocess; returns once ``/api/scenarios`` answers."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "from accord.cli import main; main()", "serve", str(scenario),
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server stopped: " + (proc.stderr.read().decode()
                                                         if proc.stderr else ""))
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/scenarios", timeout=1.0).is_success:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workload(scenario: Path, n: int, share_random: float, seed: int
             ) -> list[tuple[str, dict[str, Any]]]:
    """``n`` (kind, request body) pairs: the example proposals and random compositions."""
    s = load_scenario(scenario)
    folder = scenario.parent / "proposals"
    proposals = [load_proposal(p, s) for p in sorted(folder.glob("*.yaml"))]
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(n):
        if not proposals or rng.random() < share_random:
            issues = rng.sample(list(s.issues), rng.randint(1, len(s.issues)))
            deal = {i.id: rng.choice(i.option_ids) for i in issues}
            out.append(("random", {"deal": deal}))
        else:
            out.append(("proposal", {"deal": dict(rng.choice(proposals).deal)}))
    return out


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads the answer.

    A few lines over asyncio streams rather than an HTTP library: the client
    shares the machine with the server, and every millisecond of CPU it spends
    is one the server does not get (httpx costs about 2.5 ms a request here).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """(status, body) of ``POST path`` with a JSON ``body``."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {len(body)}"
                          f"\r\n\r\n".encode("ascii") + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:] if line)}
        if "content-length" not in headers:
            raise RuntimeError(f"HTTP {status} without a Content-Length")
        data = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, data

    async def close(self) -> None:
        """Close the connection (the next request opens another)."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run_load(port: int, path: str, bodies: list[tuple[str, dict[str, Any]]],
                   concurrency: int) -> tuple[float, list[tuple[str, float, bool, str]]]:
    """Send every body, ``concurrency`` at a time; (wall seconds, per-request results)."""
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for kind, body in bodies:
        queue.put_nowait((kind, json.dumps(body).encode("utf-8")))
    results: list[tuple[str, float, bool, str]] = []

    async def client() -> None:
        conn = Connection("127.0.0.1", port)
        try:
            while True:
                try:
                    kind, body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                try:
                    status, data = await conn.post(path, body)
                    elapsed = time.perf_counter() - t0
                    ok = status == 200 and "accepted" in json.loads(data)
                    why = "" if ok else f"HTTP {status}: {data[:200]!r}"
                except (OSError, asyncio.IncompleteReadError, RuntimeError, ValueError) as exc:
                    elapsed = time.perf_counter() - t0
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                    await conn.close()
                results.append((kind, elapsed, ok, why))
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - started, results


def summarise(wall: float, results: list[tuple[str, float, bool, str]]) -> dict[str, Any]:
    """Throughput, latency percentiles (ms) and failures, overall and per kind."""
    def stats(rows: list[tuple[str, float, bool, str]]) -> dict[str, Any]:
        ms = np.array([r[1] for r in rows]) * 1000.0
        return {"requests": len(rows), "p50_ms": round(float(np.percentile(ms, 50)), 2),
                "p99_ms": round(float(np.percentile(ms, 99)), 2),
                "max_ms": round(float(ms.max()), 2), "mean_ms": round(float(ms.mean()), 2)}

    kinds = sorted({r[0] for r in results})
    failures = [r for r in results if not r[2]]
    return {"wall_s": round(wall, 3), "throughput_per_s": round(len(results) / wall, 1),
            **stats(results), "failures": len(failures),
            "failure_examples": sorted({r[3] for r in failures})[:5],
            "by_kind": {k: stats([r for r in results if r[0] == k]) for k in kinds}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=Path, default=ALASKA)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--random-share", type=float, default=0.5,
                        help="share of random compositions (the rest: example proposals)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    bodies = workload(args.scenario, args.requests, args.random_share, args.seed)
    port = free_port()
    info = machine(requests=args.requests, concurrency=args.concurrency,
                   random_share=args.random_share, scenario=str(args.scenario.relative_to(ROOT)
                   if args.scenario.is_relative_to(ROOT) else args.scenario))
    proc = start_server(args.scenario, port)
    try:
        sid = httpx.get(f"http://127.0.0.1:{port}/api/scenarios").json()[0]["id"]
        path = f"/api/scenarios/{sid}/evaluate"
        server_cpu, client_cpu = cpu_seconds(proc.pid), time.process_time()
        wall, results = asyncio.run(run_load(port, path, bodies, args.concurrency))
        server_cpu = cpu_seconds(proc.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    report = {"machine": info, **summarise(wall, results),
              "server_cpu_ms_per_request": round(1000 * server_cpu / len(results), 3),
              "client_cpu_ms_per_request": round(1000 * client_cpu / len(results), 3)}
    print(f"{report['requests']} evaluations, {args.concurrency} concurrent clients, "
          f"{args.random_share:.0%} random compositions: "
          f"{report['throughput_per_s']:.0f}/s, p50 {report['p50_ms']:.1f} ms, "
          f"p99 {report['p99_ms']:.1f} ms, max {report['max_ms']:.1f} ms, "
          f"{report['failures']} failed")
    for kind, s in report["by_kind"].items():
        print(f"  {kind:9s} {s['requests']:5d} requests: p50 {s['p50_ms']:.1f} ms, "
              f"p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.1f} ms")
    print(f"  CPU per request: server {report['server_cpu_ms_per_request']:.2f} ms, "
          f"client {report['client_cpu_ms_per_request']:.2f} ms")
    print(f"  machine: {info['cpus']} cpus, {info['cpu']}, load average {info['loadavg']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if report["failures"]:
        print("  failures:", *report["failure_examples"], sep="\n    ")
        sys.exit(1)


if __name__ == "__main__":
    main()
