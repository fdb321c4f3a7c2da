from django.urls import path

from bryggan.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("omvarldsbevakning/", views.index, name="index"),
    path("omvarldsbevakning/omraden/<slug:slug>/", views.area_feed, name="area"),
    path("omvarldsbevakning/omraden/<slug:slug>/rss/", views.area_rss, name="area_rss"),
    path(
        "omvarldsbevakning/omraden/<slug:slug>/bevakning/",
        views.area_watchlist_edit,
        name="area_watchlist",
    ),
    path("omvarldsbevakning/min-bevakning/", views.my_watchlist, name="my_watchlist"),
    path("omvarldsbevakning/prenumerationer/", views.subscriptions, name="subscriptions"),
    path(
        "omvarldsbevakning/prenumerationer/<int:pk>/ta-bort/",
        views.subscription_delete,
        name="subscription_delete",
    ),
    path("omvarldsbevakning/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("omvarldsbevakning/poster/", views.record_list, name="records"),
    path("omvarldsbevakning/poster/<int:pk>/", views.record_detail, name="record"),
    path("omvarldsbevakning/poster/<int:pk>/lyft/", views.record_promote, name="record_promote"),
    path(
        "omvarldsbevakning/poster/<int:pk>/sammanfattning/",
        views.record_digest,
        name="record_digest",
    ),
    path("omvarldsbevakning/kallor/", views.source_list, name="sources"),
    path("omvarldsbevakning/kallor/ny/", views.source_create, name="source_create"),
    path("omvarldsbevakning/kallor/<int:pk>/", views.source_detail, name="source"),
    path("omvarldsbevakning/kallor/<int:pk>/andra/", views.source_edit, name="source_edit"),
    path("omvarldsbevakning/kallor/<int:pk>/skorda/", views.source_harvest, name="source_harvest"),
    path("omvarldsbevakning/korningar/<int:pk>/", views.run_detail, name="run"),
    path("omvarldsbevakning/korningar/<int:pk>/fortsatt/", views.run_resume, name="run_resume"),
]
