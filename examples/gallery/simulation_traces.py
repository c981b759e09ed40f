"""Four negotiations over the wage talks, one per pair of strategies, offer by offer.

Each panel is one alternating-offers negotiation between the union and management:
the utility of each offer for both, turn by turn, and the agreement (star) if any.

Usage: python examples/gallery/simulation_traces.py [OUTPUT.png|.svg|.html|.json]
"""

from gallery import ROOT, output, save
from plotly.subplots import make_subplots

import accord
from accord.analysis.context import Context
from accord.simulate.protocols import alternating
from accord.simulate.strategies import parse_strategies

scenario = accord.load_scenario(ROOT / "examples" / "wage-talks" / "scenario.yaml")
ctx = Context.of(scenario)
pairs = ["boulware,conceder", "conceder,boulware", "linear,tit-for-tat", "hardliner,linear"]
fig = make_subplots(rows=2, cols=2, subplot_titles=[f"union {p.replace(',', ' vs firm ')}"
                                                    for p in pairs], shared_yaxes=True)
for k, pair in enumerate(pairs):
    result = alternating(ctx, parse_strategies(pair), ["union", "firm"], rounds=10, seed=1)
    rows = result.trace.rows()
    for actor, colour in (("union", "#0072B2"), ("firm", "#D55E00")):
        fig.add_scatter(x=[r["turn"] for r in rows], y=[r[f"u_{actor}"] for r in rows],
                        mode="lines+markers", marker={"size": 4}, line={"color": colour},
                        name=actor, showlegend=k == 0, row=k // 2 + 1, col=k % 2 + 1)
        if result.agreed:
            fig.add_scatter(x=[rows[-1]["turn"]], y=[result.utilities[actor]], mode="markers",
                            marker={"symbol": "star", "size": 12, "color": "black"},
                            showlegend=False, row=k // 2 + 1, col=k % 2 + 1)
fig.update_yaxes(range=[0, 1.02])
fig.update_layout(title="Wage talks: utility of each offer, turn by turn", template="plotly_white",
                  width=850, height=600)
save(fig, output("simulation_traces.png"))
