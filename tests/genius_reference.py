"""An independent reading of GENIUS folders, for the tests to check accord's against.

Written from GENIUS 10.4's rules (see the shared data's PROVENANCE.md), with
:mod:`xml.etree` and plain Python, sharing no code with
``accord.scenario.genius_read``: a bid is a mapping from issue index to value
text, and each profile is a function from bids to GENIUS's utility.

- discrete: evaluation / largest evaluation of the issue (0 if that is < 1e-5);
- integer: clamp(slope * (v - lowerbound) + offset, 0, 1);
- linear profile: min(1, sum of weight * evaluation), weights as written;
- nonlinear profile: min(1, sum of the rectangles the bid meets / maxutility),
  INCLUDES meets when every bound holds, EXCLUDES when one fails.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

Bid = dict[int, str]


@dataclass
class RefIssue:
    index: int
    name: str
    values: list[str]          # the values as GENIUS writes them


@dataclass
class RefProfile:
    stem: str
    reservation: float
    utility: Callable[[Bid], float]


def _root(path: Path) -> ET.Element | None:
    text = path.read_bytes().lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    return ET.fromstring(text)


def _issues(root: ET.Element) -> list[RefIssue]:
    out = []
    for el in root.iter("issue"):
        kind = el.get("type") or "discrete"
        if kind == "discrete":
            values = [i.get("value", "") for i in el.findall("item")]
        else:
            lo = el.get("lowerbound")
            hi = el.get("upperbound")
            if lo is None:
                rng = el.find("range")
                assert rng is not None
                lo, hi = rng.get("lowerbound"), rng.get("upperbound")
            assert lo is not None
            assert hi is not None
            values = [str(v) for v in range(int(lo), int(hi) + 1)]
        out.append(RefIssue(int(el.get("index", "0")), el.get("name", ""), values))
    return out


def _linear(root: ET.Element, issues: list[RefIssue]) -> Callable[[Bid], float]:
    parts: dict[int, tuple[float, dict[str, float]]] = {}
    for parent in root.iter():
        weights = {w.get("index"): float(w.get("value", "0")) for w in parent.findall("weight")}
        for el in parent.findall("issue"):
            index = int(el.get("index", "0"))
            w = weights[el.get("index")]
            domain = next(i for i in issues if i.index == index)
            kind = el.get("type") or "discrete"
            if kind == "discrete":
                evals: dict[str, float] = {}
                for item in el.findall("item"):
                    if item.get("evaluation") is not None:
                        evals[item.get("value", "")] = float(item.get("evaluation", "0"))
                top = max(evals.values())
                table = {v: (evals[v] / top if top >= 1e-5 else 0.0) for v in domain.values}
            else:
                ev = el.find("evaluator")
                slope = offset = 0.0
                if ev is not None:
                    slope = float(ev.get("slope", ev.get("parameter1", "0")))
                    offset = float(ev.get("offset", ev.get("parameter0", "0")))
                lo = el.get("lowerbound")
                if lo is None:
                    rng = el.find("range")
                    lo = rng.get("lowerbound") if rng is not None else domain.values[0]
                table = {v: min(1.0, max(0.0, slope * (int(v) - int(str(lo))) + offset))
                         for v in domain.values}
            parts[index] = (w, table)

    def utility(bid: Bid) -> float:
        return min(1.0, sum(w * table[bid[i]] for i, (w, table) in parts.items()))

    return utility


def _nonlinear(root: ET.Element) -> Callable[[Bid], float]:
    utility_el = next(root.iter("utility"))
    top = float(utility_el.get("maxutility", "1"))
    rects: list[tuple[float, bool, list[tuple[int, int, int]]]] = []

    def visit(ufun: ET.Element, factor: float) -> None:
        for rect in ufun.findall("hyperRectangle"):
            excl = rect.findall("EXCLUDES")
            bounds = excl or rect.findall("INCLUDES")
            rects.append((float(rect.get("utility", "0")) * factor, bool(excl),
                           [(int(b.get("index", "0")), int(b.get("min", "0")),
                             int(b.get("max", "0"))) for b in bounds]))
        for inner in ufun.findall("ufun"):
            visit(inner, factor * float(inner.get("weight", "1")))

    first = utility_el.find("ufun")
    assert first is not None
    visit(first, 1.0)

    def utility(bid: Bid) -> float:
        total = 0.0
        for amount, exclusive, bounds in rects:
            inside = all(lo <= int(bid[i]) <= hi for i, lo, hi in bounds)
            if inside != exclusive:
                total += amount
        return min(1.0, total / top)

    return utility


@dataclass
class Reference:
    """A GENIUS folder as the tests read it."""

    issues: list[RefIssue]
    profiles: list[RefProfile]

    @classmethod
    def read(cls, folder: Path) -> Reference:
        domain = None
        roots = []
        for path in sorted(folder.glob("*.xml")):
            root = _root(path)
            if root is None:
                continue
            if root.tag == "negotiation_template":
                domain = root
            elif root.tag == "utility_space":
                roots.append((path.stem, root))
        assert domain is not None
        issues = _issues(domain)
        profiles = []
        for stem, root in roots:
            res = root.find("reservation")
            rv = float(res.get("value", "0")) if res is not None else 0.0
            fn = _nonlinear(root) if root.get("type") == "nonlinear" else _linear(root, issues)
            profiles.append(RefProfile(stem, rv, fn))
        return cls(issues, profiles)

    @property
    def size(self) -> int:
        return math.prod(len(i.values) for i in self.issues)

    def bid(self, index: int) -> Bid:
        """The bid a deal index stands for (mixed radix, first issue most significant)."""
        out: Bid = {}
        for issue in reversed(self.issues):
            index, digit = divmod(index, len(issue.values))
            out[issue.index] = issue.values[digit]
        return out

    def bids(self) -> Iterator[Bid]:
        for combo in itertools.product(*[i.values for i in self.issues]):
            yield {i.index: v for i, v in zip(self.issues, combo, strict=True)}

    def utilities(self, bid: Bid) -> list[float]:
        return [round(p.utility(bid), 12) for p in self.profiles]
