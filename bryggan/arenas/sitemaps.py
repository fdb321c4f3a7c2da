from bryggan.arenas.models import Event, Series
from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone

sitemaps = {
    "arena-series": PublicSitemap(visible_to_anyone(Series.objects.all())),
    "arena-events": PublicSitemap(lambda: visible_to_anyone(Event.objects.upcoming())),
}
