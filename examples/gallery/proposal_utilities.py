"""Each proposal's utility for each actor, against the actor's reservation value.

Usage: python examples/gallery/proposal_utilities.py [OUTPUT.png|.svg|.html|.json]
"""

import plotly.graph_objects as go
from gallery import ROOT, output, save

import accord

folder = ROOT / "examples" / "wage-talks"
scenario = accord.load_scenario(folder / "scenario.yaml")
files = sorted((folder / "proposals").glob("*.yaml"))
proposals = [accord.load_proposal(p, scenario) for p in files]
found = accord.survey(scenario)
evaluations = [accord.evaluate(scenario, p, survey_result=found) for p in proposals]

actors = [a for a in scenario.modelled_actors]
fig = go.Figure()
for ev in evaluations:
    verdict = "agreement" if ev.accepted else "rejected by " + ", ".join(ev.rejecters)
    fig.add_bar(name=f"{ev.proposal.title} ({verdict})", x=[a.label for a in actors],
                y=[ev.outcome.utilities[a.id] for a in actors])
fig.add_scatter(x=[a.label for a in actors],
                y=[scenario.preferences[a.id].reservation for a in actors], mode="markers",
                name="reservation value", marker={"symbol": "line-ew-open", "size": 60,
                                                  "color": "black", "line": {"width": 3}})
fig.update_layout(barmode="group", title="Wage talks: what each proposal is worth to each actor",
                  yaxis={"title": "utility", "range": [0, 1]}, template="plotly_white",
                  width=800, height=450, legend={"orientation": "h", "y": -0.15})
save(fig, output("proposal_utilities.png"))
