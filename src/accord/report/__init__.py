"""The report: one self-contained HTML file of a scenario's analysis and evidence.

:func:`build_report` computes what to show; :func:`render_report` and
:func:`write_report` lay it out with Plotly's JavaScript embedded, so the file
works offline.
"""

from accord.report.build import ReportData, build_report
from accord.report.html import render_report, write_report

__all__ = ["ReportData", "build_report", "render_report", "write_report"]
