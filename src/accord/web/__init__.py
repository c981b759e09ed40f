"""The web app: ``accord serve`` (FastAPI, server-rendered pages, Plotly charts).

:func:`create_app` builds the app around the scenarios it serves; the pages
(:mod:`accord.web.pages`) call the JSON API (:mod:`accord.web.api`), which the
app documents at ``/openapi.json``. Nothing here computes: the numbers come from
:mod:`accord.analysis`, :mod:`accord.uncertainty` and :mod:`accord.evidence`, the
charts from :mod:`accord.report.figures`.
"""

from accord.web.app import create_app

__all__ = ["create_app"]
