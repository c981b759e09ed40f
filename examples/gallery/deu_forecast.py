"""DEU III: forecasts of three models against the outcomes the EU adopted (353 issues).

Reads ../shared/data/forecast/deu/deu3.tsv (public data, not part of accord).

Usage: python examples/gallery/deu_forecast.py [OUTPUT.png|.svg|.html|.json]
"""

import numpy as np
from gallery import SHARED, output, save
from plotly.subplots import make_subplots

from accord.forecast import MODELS, read_table

deu = read_table(SHARED / "data" / "forecast" / "deu" / "deu3.tsv")
recorded = ~np.isnan(deu.outcome)
models = ["compromise", "median", "nash"]
forecasts = {m: MODELS[m]().predict(deu).values for m in models}
errors = {m: np.nanmean(np.abs(forecasts[m] - deu.outcome)[recorded]) for m in models}
fig = make_subplots(rows=1, cols=3, shared_yaxes=True,
                    subplot_titles=[f"{m}: mean error {errors[m]:.1f}" for m in models])
for k, name in enumerate(models):
    forecast = forecasts[name]
    fig.add_scatter(x=deu.outcome[recorded], y=forecast[recorded], mode="markers",
                    marker={"size": 4, "opacity": 0.45, "color": "#0072B2"}, showlegend=False,
                    row=1, col=k + 1)
    fig.add_scatter(x=[0, 100], y=[0, 100], mode="lines", showlegend=False,
                    line={"dash": "dash", "color": "#888"}, row=1, col=k + 1)
    fig.update_xaxes(title_text="adopted outcome", row=1, col=k + 1)
fig.update_yaxes(title_text="forecast", row=1, col=1)
fig.update_layout(title="DEU III: forecast against the adopted outcome, per issue",
                  template="plotly_white", width=1000, height=420)
save(fig, output("deu_forecast.png"))
