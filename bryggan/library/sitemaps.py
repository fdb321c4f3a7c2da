"""The library's public pages for the sitemap: published public publications and digests."""

from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone
from bryggan.library.models import Digest, Publication

sitemaps = {
    # Withdrawn publications keep a tombstone page (410), which search engines need not visit.
    "publications": PublicSitemap(visible_to_anyone(Publication.objects.published())),
    "digests": PublicSitemap(visible_to_anyone(Digest.objects.all())),
}
