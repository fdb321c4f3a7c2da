"""Insight for the sitemap: published annual activity reports and activity plans."""

from bryggan.core.sitemaps import PublicSitemap
from bryggan.insight.models import ActivityPlan, ActivityReport

sitemaps = {
    "annual-reports": PublicSitemap(
        ActivityReport.objects.published().select_related("partnership")
    ),
    "activity-plans": PublicSitemap(ActivityPlan.objects.published().select_related("partnership")),
}
