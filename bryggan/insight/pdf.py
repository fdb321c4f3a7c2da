"""The annual report as PDF (WeasyPrint): the same content and SVG charts as the HTML page.

Fonts come from the system (DejaVu Sans through fontconfig); nothing is fetched over the network, so
a missing URL fetcher can never stall a report.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from bryggan.insight.models import ActivityReport


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: the report carries everything inline."""
    raise ValueError(f"External resources are not loaded into reports: {url}")


def render_pdf(snapshot: dict[str, Any], language: str, *, draft: bool = False) -> bytes:
    """Render a report snapshot as a PDF in `language` ("sv" or "en")."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "insight/report_pdf.html",
            {
                "r": snapshot,
                "language": language,
                "draft": draft,
                "pdf": True,
                "site_url": settings.SITE_URL,
            },
        )
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="/")
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def report_pdf(report: ActivityReport, snapshot: dict[str, Any], language: str) -> bytes:
    """The PDF of a report; a published report's PDF is kept until it is published again."""
    if not report.is_published or report.published_at is None:
        return render_pdf(snapshot, language, draft=True)
    key = f"insight:pdf:{report.pk}:{report.published_at.timestamp()}:{language}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(snapshot, language)
        cache.set(key, pdf, 24 * 3600)
    return pdf
