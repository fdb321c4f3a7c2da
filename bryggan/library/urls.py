from django.urls import path

from bryggan.library import views

app_name = "library"
urlpatterns = [
    path("bibliotek/", views.publication_list, name="index"),
    path("bibliotek/ny/", views.publication_create, name="publication_create"),
    path("bibliotek/rss/", views.feed_rss, name="feed_rss"),
    path("bibliotek/atom/", views.feed_atom, name="feed_atom"),
    path("bibliotek/import/", views.import_upload, name="import_upload"),
    path("bibliotek/import/<int:pk>/", views.import_detail, name="import"),
    path("bibliotek/<int:pk>/", views.publication_detail, name="publication"),
    path("bibliotek/<int:pk>/fulltext/", views.publication_fulltext, name="fulltext"),
    path("bibliotek/<int:pk>/andra/", views.publication_edit, name="publication_edit"),
    path("bibliotek/<int:pk>/dra-tillbaka/", views.publication_withdraw, name="withdraw"),
    path("bibliotek/<int:pk>/publicera-igen/", views.publication_reinstate, name="reinstate"),
    path("bibliotek/<int:pk>/radera/", views.publication_delete, name="publication_delete"),
    path("forskning-i-korthet/", views.digest_list, name="digests"),
    path("forskning-i-korthet/ny/", views.digest_create, name="digest_create"),
    path("forskning-i-korthet/<slug:slug>/", views.digest_detail, name="digest"),
    path("forskning-i-korthet/<slug:slug>/andra/", views.digest_edit, name="digest_edit"),
    path("oai", views.oai_endpoint, name="oai"),
]
