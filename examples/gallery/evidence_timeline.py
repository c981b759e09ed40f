"""When each actor said what: the statements extracted from the five Alaska articles, by date.

Ingests ../shared/corpus (five French articles, public copies; not part of accord) into a
temporary SQLite database and extracts the statements against the Alaska scenario. The
named-entity pass is left out (use_ner=False) to keep the script quick; it changes one
statement of 92.

Usage: python examples/gallery/evidence_timeline.py [OUTPUT.png|.svg|.html|.json]
"""

import tempfile
from collections import Counter
from pathlib import Path

import plotly.graph_objects as go
from gallery import ROOT, SHARED, output, save

import accord
from accord.evidence import extract_store, ingest_paths, open_store

folder = ROOT / "examples" / "alaska-2025"
scenario = accord.load_scenario(folder / "scenario.yaml")
with tempfile.TemporaryDirectory() as tmp:
    store = open_store(Path(tmp) / "alaska.sqlite", create=True)
    ingest_paths(store, [SHARED / "corpus"])
    extract_store(store, scenario, folder, use_ner=False)
    statements = store.statements(scenario=scenario.id)
    store.close()

counts = Counter((s.date, s.actor, s.act) for s in statements)
colours = {"demand": "#0072B2", "offer": "#009E73", "propose": "#56B4E9", "accept": "#F0E442",
           "reject": "#D55E00", "threaten": "#000000"}
names = {a.id: a.label for a in scenario.actors}
fig = go.Figure()
for act, colour in colours.items():
    keys = [k for k in counts if k[2] == act]
    fig.add_scatter(x=[str(k[0]) for k in keys], y=[names[k[1]] for k in keys], mode="markers",
                    name=act, marker={"color": colour, "size": [8 + 4 * counts[k] for k in keys],
                                      "opacity": 0.75, "line": {"width": 0}},
                    text=[f"{counts[k]} {act}" for k in keys], hoverinfo="text+x+y")
fig.update_layout(title=f"Alaska: {len(statements)} statements in five articles, by date "
                        "(marker size: how many)",
                  xaxis={"title": "date of the article", "type": "category",
                         "categoryorder": "category ascending"},
                  template="plotly_white", width=800, height=420)
save(fig, output("evidence_timeline.png"))
