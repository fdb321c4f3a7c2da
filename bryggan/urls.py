from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from bryggan.api.urls import api
from bryggan.core import views as core_views
from bryggan.core.sitemaps import sitemaps

urlpatterns = [
    path("", include("bryggan.core.urls")),
    path("", include("bryggan.people.urls")),
    path("", include("bryggan.taxonomy.urls")),
    path("", include("bryggan.governance.urls")),
    path("", include("bryggan.monitoring.urls")),
    path("", include("bryggan.cycle.urls")),
    path("", include("bryggan.arenas.urls")),
    path("", include("bryggan.portfolio.urls")),
    path("", include("bryggan.podcast.urls")),
    path("", include("bryggan.questions.urls")),
    path("", include("bryggan.search.urls")),
    path("", include("bryggan.followup.urls")),
    path("", include("bryggan.insight.urls")),
    path("", include("bryggan.library.urls")),
    path("account/", include("bryggan.api.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", core_views.robots, name="robots"),
]

handler403 = "bryggan.core.views.forbidden"
handler404 = "bryggan.core.views.not_found"
handler500 = "bryggan.core.views.server_error"
