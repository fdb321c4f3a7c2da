from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone
from bryggan.podcast.models import Episode, Show

sitemaps = {
    "podcast-shows": PublicSitemap(visible_to_anyone(Show.objects.all())),
    "podcast-episodes": PublicSitemap(
        lambda: visible_to_anyone(Episode.objects.select_related("show"))
    ),
}
