"""The personal report as a PDF, drawn by WeasyPrint from a print template.

Nothing is fetched while drawing: the template carries its CSS and the chart inline, and the
fetcher refuses every URL but data: ones, so a report never reaches the network or the disk.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from coaching.models import PersonalReport
from coaching.reports.presentation import report_view
from project.roles import AnyUser

TEMPLATE = "coaching/reports/report_pdf.html"


def report_pdf(report: PersonalReport, user: AnyUser) -> bytes:
    """The report as `user` may read it, with absolute links so its numbers open the calls."""
    # Imported here: loading Pango costs every process that resolves URLs, not only the PDF's.
    from weasyprint import HTML

    html = render_to_string(TEMPLATE, {"report": report, **report_view(report, user,
                                                                        absolute=True)})
    pdf = HTML(string=html, url_fetcher=offline_fetcher()).write_pdf()
    assert pdf is not None  # no target given, so the bytes are returned
    return pdf


def offline_fetcher() -> Any:
    """A fetcher that refuses every URL but data: ones (no network, no files)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def report_filename(report: PersonalReport) -> str:
    return (f"report-{report.operator.code}-{report.date_from.isoformat()}"
            f"-{report.date_to.isoformat()}.pdf")
