"""Tornado chart: which uncertain inputs move the chance that the US economic package passes.

Usage: python examples/gallery/tornado.py [OUTPUT.png|.svg|.html|.json] [DRAWS]
"""

import sys

import plotly.graph_objects as go
from gallery import ROOT, output, save

import accord
from accord.report.figures import tornado_figure
from accord.uncertainty import monte_carlo, tornado

draws = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
folder = ROOT / "examples" / "alaska-2025"
scenario = accord.load_scenario(folder / "scenario.yaml")
package = accord.load_proposal(folder / "proposals" / "us-economic-package.yaml", scenario)
mc = monte_carlo(scenario, draws=draws, seed=7, proposals=[package])
bars = tornado(mc)["proposal:us-economic-package"]
fig = go.Figure(tornado_figure("Alaska: the US economic package passes",
                               [b.to_dict() for b in bars], mc.proposals[0].accepted.p, top=8))
fig.update_layout(width=800)
save(fig, output("tornado.png"))
