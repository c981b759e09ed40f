"""Who accepts what: for each actor and each option, the share of feasible deals it accepts.

Every feasible deal of the wage talks that picks an option (say, a 3% rise) is scored
for every actor; a cell is the share of them the actor accepts. A dark row segment is
an option the actor can live with whatever else the deal holds.

Usage: python examples/gallery/acceptance_heatmap.py [OUTPUT.png|.svg|.html|.json]
"""

import numpy as np
import plotly.graph_objects as go
from gallery import ROOT, output, save

import accord
from accord.space import deal_space
from accord.utility import evaluate_range, utility_model

scenario = accord.load_scenario(ROOT / "examples" / "wage-talks" / "scenario.yaml")
space, model = deal_space(scenario), utility_model(scenario)
u, feasible = evaluate_range(space, model, 0, space.size)
digits = space.decode(np.arange(space.size))
reservation = np.array([scenario.preferences[a].reservation for a in model.actor_ids])
accepts = u >= reservation - 1e-9

columns, share = [], []
for i, issue in enumerate(scenario.issues):
    for k, option in enumerate(issue.option_ids):
        rows = feasible & (digits[:, i] == k)
        columns.append(f"{issue.id}={option}")
        share.append(accepts[rows].mean(axis=0))
z = np.array(share).T        # actors x options
fig = go.Figure(go.Heatmap(z=z, x=columns, y=list(model.actor_ids), zmin=0, zmax=1,
                           colorscale="Blues", colorbar={"title": "accepts", "tickformat": ".0%"},
                           text=np.round(z * 100).astype(int), texttemplate="%{text}%"))
fig.update_layout(title="Wage talks: share of the feasible deals with each option "
                        "that each actor accepts",
                  template="plotly_white", width=900, height=360, xaxis_tickangle=-40)
save(fig, output("acceptance_heatmap.png"))
