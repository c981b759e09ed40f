"""Plotly figures of an analysis, shared by the report and the web app.

Each function returns a plain Plotly figure *dictionary* (``data`` and
``layout``), ready for ``Plotly.newPlot`` in a page: no network, no
templates fetched at run time. The numbers come from the library; these
functions only draw them.

Examples
--------
>>> from accord.analysis import analyze
>>> from accord.scenario.examples import toy_scenario
>>> fig = frontier_figure(analyze(toy_scenario()))
>>> fig["layout"]["title"]["text"]
'Pareto frontier of the veto actors, pair by pair'
>>> [t["name"] for t in fig["data"][:2]]
['frontier', 'agreements on the frontier']
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from accord.analysis.summary import Analysis
from accord.scenario.model import Scenario

__all__ = [
    "agreement_figure",
    "frontier_figure",
    "tornado_figure",
    "trace_figure",
    "weights_figure",
]

Figure = dict[str, Any]

#: One colour per bargaining solution (colour-blind safe), and their markers.
SOLUTION_STYLE = {
    "nash": ("#0072B2", "star"), "asymmetric-nash": ("#56B4E9", "star-triangle-up"),
    "kalai-smorodinsky": ("#D55E00", "diamond"), "egalitarian": ("#009E73", "square"),
    "utilitarian": ("#CC79A7", "x"),
}
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000")


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "template": None, "font": {"family": "sans-serif"},
            "margin": {"l": 60, "r": 20, "t": 60, "b": 50}, "paper_bgcolor": "white",
            "plot_bgcolor": "#fafafa", **extra}


def weights_figure(scenario: Scenario) -> Figure:
    """Each actor's normalised weights, stacked by issue."""
    actors = [a for a in scenario.modelled_actors]
    data = []
    for k, issue in enumerate(scenario.issues):
        data.append({"type": "bar", "orientation": "h", "name": issue.label,
                     "y": [a.label for a in actors],
                     "x": [scenario.preferences[a.id].normalised_weights.get(issue.id, 0.0)
                           for a in actors],
                     "marker": {"color": PALETTE[k % len(PALETTE)]},
                     "hovertemplate": "%{y}: " + issue.label + " %{x:.1%}<extra></extra>"})
    legend_rows = math.ceil(len(scenario.issues) / 4)
    # an actor with no weight (a nonlinear GENIUS profile) would be an empty bar: say why
    notes = [{"x": 0.01, "y": a.label, "xanchor": "left", "showarrow": False,
              "text": "no weight on any issue: its utility comes from interaction terms only",
              "font": {"color": "#555"}}
             for a in actors if not any(scenario.preferences[a.id].normalised_weights.values())]
    return {"data": data, "layout": _layout(
        "What each actor weighs: each issue's share of its utility (normalised weights)",
        barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1], "automargin": True},
        yaxis={"automargin": True}, height=140 + 40 * len(actors) + 22 * legend_rows,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12}, annotations=notes)}


def frontier_figure(analysis: Analysis, max_pairs: int = 10) -> Figure:
    """The veto actors' Pareto frontier projected on every pair, solutions marked.

    Grey points are frontier deals; blue ones are agreements (every veto actor at
    or above its reservation, dashed lines); the bargaining solutions carry
    their own markers.
    """
    s = analysis.scenario
    f = analysis.survey.frontier
    ids = list(f.actor_ids)
    every = list(itertools.combinations(range(len(ids)), 2))
    pairs = every[:max_pairs] or [(0, 0)]
    cols = min(3, len(pairs))
    rows = math.ceil(len(pairs) / cols)
    shown = f" (the first {len(pairs)} of {len(every)} pairs)" if len(every) > len(pairs) else ""
    layout = _layout("Pareto frontier of the veto actors, pair by pair" + shown,
                     height=max(360, 320 * rows), showlegend=True,
                     legend={"orientation": "h", "y": -0.08})
    reservation = {a: s.preferences[a].reservation for a in ids}
    agree = [all(row[k] >= reservation[a] - 1e-9 for k, a in enumerate(ids))
             for row in f.utilities.tolist()]
    data: list[dict[str, Any]] = []
    gap = 0.08
    for n, (i, j) in enumerate(pairs):
        r, c = divmod(n, cols)
        x0 = c / cols + (gap / 2 if c else 0)
        x1 = (c + 1) / cols - (gap / 2 if c < cols - 1 else 0)
        y1 = 1 - r / rows - (gap / 2 if r else 0)
        y0 = 1 - (r + 1) / rows + (gap / 2 if r < rows - 1 else 0)
        xa, ya = ("x", "y") if n == 0 else (f"x{n + 1}", f"y{n + 1}")
        layout["xaxis" if n == 0 else f"xaxis{n + 1}"] = {
            "domain": [x0, x1], "range": [-0.02, 1.02], "anchor": ya, "automargin": True,
            "title": {"text": s.actor(ids[i]).label}}
        layout["yaxis" if n == 0 else f"yaxis{n + 1}"] = {
            "domain": [y0, y1], "range": [-0.02, 1.02], "anchor": xa, "automargin": True,
            "title": {"text": s.actor(ids[j]).label}}
        for flag, name, colour in ((False, "frontier", "#b0b0b0"),
                                   (True, "agreements on the frontier", "#0072B2")):
            pts = [p for p, ok in zip(f.utilities.tolist(), agree, strict=True) if ok == flag]
            data.append({"type": "scatter", "mode": "markers", "name": name, "xaxis": xa,
                         "yaxis": ya, "x": [p[i] for p in pts], "y": [p[j] for p in pts],
                         "marker": {"color": colour, "size": 5, "opacity": 0.7},
                         "legendgroup": name, "showlegend": n == 0,
                         "hovertemplate": "%{x:.3f}, %{y:.3f}<extra>" + name + "</extra>"})
        for name, sol in analysis.solutions.items():
            if sol is None:
                continue
            colour, symbol = SOLUTION_STYLE[name]
            data.append({"type": "scatter", "mode": "markers", "name": name, "xaxis": xa,
                         "yaxis": ya, "legendgroup": name, "showlegend": n == 0,
                         "x": [sol.outcome.utilities[ids[i]]],
                         "y": [sol.outcome.utilities[ids[j]]],
                         "marker": {"color": colour, "size": 13, "symbol": symbol,
                                    "line": {"width": 1, "color": "white"}},
                         "hovertemplate": name + ": %{x:.3f}, %{y:.3f}<extra></extra>"})
        for axis, actor in ((xa, ids[i]), (ya, ids[j])):
            r_value = reservation[actor]
            x0, x1, y0, y1 = (r_value, r_value, 0.0, 1.0) if axis == xa else \
                (0.0, 1.0, r_value, r_value)
            line: dict[str, Any] = {"type": "line", "xref": xa, "yref": ya, "x0": x0,
                                    "x1": x1, "y0": y0, "y1": y1,
                                    "line": {"dash": "dash", "color": "#888", "width": 1}}
            layout.setdefault("shapes", []).append(line)
    return {"data": data, "layout": layout}


def agreement_figure(agreement: Mapping[str, float],
                     proposals: Sequence[tuple[str, Mapping[str, float]]]) -> Figure:
    """Probabilities with their 95% intervals: agreement exists, each proposal passes.

    ``agreement`` and each proposal's estimate are mappings with ``p``, ``low``
    and ``high`` (as :meth:`accord.uncertainty.Estimate.to_dict` gives).
    """
    names = ["some agreement exists"] + [f"{title} is accepted" for title, _ in proposals]
    rows = [agreement] + [e for _, e in proposals]
    return {"data": [{
        "type": "bar", "orientation": "h", "y": names, "x": [r["p"] for r in rows],
        "error_x": {"type": "data", "symmetric": False,
                    "array": [r["high"] - r["p"] for r in rows],
                    "arrayminus": [r["p"] - r["low"] for r in rows]},
        "marker": {"color": ["#0072B2"] + ["#E69F00"] * len(proposals)},
        "hovertemplate": "%{y}: %{x:.1%}<extra></extra>"}],
        "layout": _layout("Probability, with 95% interval", height=140 + 45 * len(rows),
                          xaxis={"range": [0, 1], "tickformat": ".0%", "automargin": True},
                          yaxis={"autorange": "reversed", "automargin": True})}


def tornado_figure(title: str, bars: Sequence[Mapping[str, Any]], mean: float,
                   top: int = 10) -> Figure:
    """A tornado chart: the outcome's frequency at each end of each parameter's range.

    ``bars`` are :meth:`accord.uncertainty.sensitivity.TornadoBar.to_dict` mappings,
    ranked by swing; ``mean`` is the outcome's overall frequency (the axis).
    """
    shown = [b for b in bars if math.isfinite(b["swing"]) and b["swing"] > 0][:top]
    names = [b["name"] for b in shown]
    data = [{"type": "bar", "orientation": "h", "name": label, "y": names,
             "base": [mean] * len(shown), "x": [b[key] - mean for b in shown],
             "marker": {"color": colour},
             "hovertemplate": "%{y}: %{customdata:.1%}<extra>" + label + "</extra>",
             "customdata": [b[key] for b in shown]}
            for key, label, colour in (("low", "parameter in its bottom fifth", "#56B4E9"),
                                       ("high", "parameter in its top fifth", "#D55E00"))]
    return {"data": data, "layout": _layout(
        title, barmode="overlay", height=160 + 32 * max(1, len(shown)),
        xaxis={"range": [0, 1], "tickformat": ".0%", "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12})}


def trace_figure(rows: Sequence[Mapping[str, Any]], actors: Sequence[str],
                 title: str) -> Figure:
    """Each actor's utility of every offer, turn by turn (a simulation trace)."""
    data = []
    for k, actor in enumerate(actors):
        data.append({"type": "scatter", "mode": "lines+markers", "name": actor,
                     "x": [r["turn"] for r in rows], "y": [r[f"u_{actor}"] for r in rows],
                     "line": {"color": PALETTE[k % len(PALETTE)], "width": 1.5},
                     "marker": {"size": 4},
                     "text": [r["proposer"] for r in rows],
                     "hovertemplate": "turn %{x}, offer by %{text}: %{y:.3f}<extra>"
                                      + actor + "</extra>"})
    agreed = [r for r in rows if r["agreement"]]
    if agreed:
        data.append({"type": "scatter", "mode": "markers", "name": "agreement",
                     "x": [agreed[0]["turn"]] * len(actors),
                     "y": [agreed[0][f"u_{a}"] for a in actors],
                     "marker": {"symbol": "star", "size": 14, "color": "#000"}})
    return {"data": data, "layout": _layout(
        title, xaxis={"title": {"text": "turn"}, "automargin": True},
        yaxis={"title": {"text": "utility of the offer"}, "range": [0, 1.02], "automargin": True},
        height=400, legend={"orientation": "h", "yanchor": "top", "y": -0.2})}
