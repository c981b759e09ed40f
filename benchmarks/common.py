"""What both benchmark scripts share: cases, /proc memory readings, machine facts."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Case", "git_state", "machine", "parse_cases", "reset_peak_rss", "status_mb"]


@dataclass(frozen=True)
class Case:
    """A synthetic space: ``actors`` x ``options ** issues`` deals."""

    actors: int
    issues: int
    options: int

    @classmethod
    def parse(cls, text: str) -> Case:
        """``"2x6x10"`` -> 2 actors, 6 issues, 10 options."""
        try:
            actors, issues, options = (int(p) for p in text.lower().split("x"))
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                f"a case is ACTORSxISSUESxOPTIONS, e.g. 2x6x10, not {text!r}") from exc
        return cls(actors, issues, options)

    @property
    def label(self) -> str:
        """``"2x6x10"``."""
        return f"{self.actors}x{self.issues}x{self.options}"

    @property
    def deals(self) -> int:
        """Size of the deal space."""
        return int(self.options**self.issues)


def parse_cases(text: str) -> list[Case]:
    """A comma-separated list of cases."""
    return [Case.parse(t) for t in text.split(",") if t.strip()]


def status_mb(field_name: str, pid: int | str = "self") -> float:
    """A ``/proc/PID/status`` memory field (``VmRSS``, ``VmHWM``) in MB; NaN if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return float("nan")
    return float("nan")


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def git_state() -> str:
    """The accord commit measured, and whether ``src/`` had uncommitted changes."""
    import accord

    repo = Path(accord.__file__).resolve().parent.parent.parent
    if not (repo / ".git").exists():
        return f"not a git checkout: {Path(accord.__file__).resolve().parent}"
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+uncommitted src changes" if dirty else "")


def machine(**extra: Any) -> dict[str, Any]:
    """CPU, RAM, Python and load of this machine, plus ``extra`` facts."""
    cpu = "?"
    mem_kb = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024**2, 1),
            "python": platform.python_version(), "accord": git_state(),
            "ACCORD_THREADS": os.environ.get("ACCORD_THREADS"),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"), **extra,
            "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg())}
