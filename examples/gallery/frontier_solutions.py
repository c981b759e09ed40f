"""The Pareto frontier of the wage talks with the five bargaining solutions.

Usage: python examples/gallery/frontier_solutions.py [OUTPUT.png|.svg|.html|.json]
"""

import plotly.graph_objects as go
from gallery import ROOT, output, save

import accord
from accord.report.figures import frontier_figure

scenario = accord.load_scenario(ROOT / "examples" / "wage-talks" / "scenario.yaml")
fig = go.Figure(frontier_figure(accord.analyze(scenario)))
fig.update_layout(width=700, height=520)
save(fig, output("frontier_solutions.png"))
