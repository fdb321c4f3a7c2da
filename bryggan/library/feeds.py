"""RSS 2.0 and Atom feeds of new publications and research digests (public content only)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bryggan.core.models import Visibility
from bryggan.library.metadata import citation
from bryggan.library.models import Authorship, Digest, Publication

FEED_ITEMS = 50


def _items() -> list[dict[str, Any]]:
    publications = (
        Publication.objects.filter(visibility=Visibility.PUBLIC)
        .published()
        .order_by("-created_at", "-pk")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("position"))
        )[:FEED_ITEMS]
    )
    digests = (
        Digest.objects.filter(visibility=Visibility.PUBLIC)
        .order_by("-published_on", "-pk")
        .prefetch_related("writers")[:FEED_ITEMS]
    )
    items = []
    for p in publications:
        items.append(
            {
                "title": p.full_title,
                "link": f"{settings.SITE_URL}{p.get_absolute_url()}",
                "description": p.abstract or citation(p),
                "author_name": "; ".join(a.name for a in p.authorships.all()[:6]) or None,
                "pubdate": p.created_at,
                "updateddate": p.updated_at,
                "unique_id": f"{settings.SITE_URL}{p.get_absolute_url()}",
                "categories": [p.get_kind_display()],
            }
        )
    for d in digests:
        published = datetime.combine(
            d.published_on, time(8, 0), tzinfo=timezone.get_current_timezone()
        )
        items.append(
            {
                "title": _("Research in brief: %(title)s") % {"title": d.title},
                "link": f"{settings.SITE_URL}{d.get_absolute_url()}",
                "description": d.summary,
                "author_name": "; ".join(w.full_name for w in d.writers.all()) or None,
                "pubdate": published,
                "updateddate": max(published, d.updated_at),
                "unique_id": f"{settings.SITE_URL}{d.get_absolute_url()}",
                "categories": [_("Research in brief")],
            }
        )
    items.sort(key=lambda item: item["pubdate"], reverse=True)
    return items[:FEED_ITEMS]


def response(request: HttpRequest, kind: str) -> HttpResponse:
    """Render the feed of the latest public publications and digests as RSS or Atom."""
    generator = feedgenerator.Atom1Feed if kind == "atom" else feedgenerator.Rss201rev2Feed
    feed = generator(
        title=_("Bryggan: new publications and research in brief"),
        link=f"{settings.SITE_URL}{reverse('library:index')}",
        description=_(
            "Reports, articles and plain-language digests from the partnership's library."
        ),
        language=get_language() or settings.LANGUAGE_CODE,
        feed_url=f"{settings.SITE_URL}{request.path}",
        feed_guid=f"{settings.SITE_URL}{reverse('library:feed_atom')}",
    )
    for item in _items():
        feed.add_item(**item)
    content_type = (
        "application/atom+xml; charset=utf-8"
        if kind == "atom"
        else "application/rss+xml; charset=utf-8"
    )
    result = HttpResponse(content_type=content_type)
    feed.write(result, "utf-8")
    return result
