"""How the estimate of P(the US economic package passes) settles as the draws add up.

One Monte Carlo run over the Alaska scenario's 23 uncertain inputs; after each number
of draws, the running estimate with its 95% Wilson interval.

Usage: python examples/gallery/monte_carlo_convergence.py [OUTPUT.png|.svg|.html|.json] [DRAWS]
"""

import sys

import numpy as np
import plotly.graph_objects as go
from gallery import ROOT, output, save

import accord
from accord.uncertainty import monte_carlo
from accord.uncertainty.monte_carlo import wilson

draws = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
folder = ROOT / "examples" / "alaska-2025"
scenario = accord.load_scenario(folder / "scenario.yaml")
package = accord.load_proposal(folder / "proposals" / "us-economic-package.yaml", scenario)
mc = monte_carlo(scenario, draws=draws, seed=7, proposals=[package])

passed = mc.outcomes.accepted[:, 0]
n = np.arange(1, draws + 1)
successes = np.cumsum(passed)
low, high = np.array([wilson(int(k), int(m)) for k, m in zip(successes, n, strict=True)]).T
fig = go.Figure()
fig.add_scatter(x=np.concatenate([n, n[::-1]]), y=np.concatenate([high, low[::-1]]),
                fill="toself", line={"width": 0}, fillcolor="rgba(0,114,178,0.2)",
                name="95% Wilson interval")
fig.add_scatter(x=n, y=successes / n, mode="lines", line={"color": "#0072B2"}, name="estimate")
fig.update_layout(title=f"Alaska: P(the US economic package passes) = {mc.proposals[0].accepted}",
                  xaxis={"title": "draws", "type": "log"},
                  yaxis={"title": "probability", "tickformat": ".0%", "range": [0, 0.3]},
                  template="plotly_white", width=750, height=430)
save(fig, output("monte_carlo_convergence.png"))
