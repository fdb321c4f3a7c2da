from django.urls import path, re_path

from bryggan.podcast import views

app_name = "podcast"
SHOW = "podd/<slug:show>/"
EPISODE = f"{SHOW}<slug:episode>/"
urlpatterns = [
    path("podd/", views.index, name="index"),
    path("podd/ny/", views.show_create, name="show_create"),
    path(SHOW, views.show_detail, name="show"),
    path(f"{SHOW}andra/", views.show_edit, name="show_edit"),
    path(f"{SHOW}omslag/", views.show_artwork_upload, name="show_artwork"),
    re_path(
        r"^podd/(?P<show>[-\w]+)/omslag\.(?P<ext>jpg|png)$",
        views.show_artwork_file,
        name="show_artwork_file",
    ),
    path(f"{SHOW}rss.xml", views.feed, name="feed"),
    path(f"{SHOW}statistik/", views.figures, name="figures"),
    path(f"{SHOW}nytt-avsnitt/", views.episode_create, name="episode_create"),
    path(EPISODE, views.episode_detail, name="episode"),
    path(f"{EPISODE}hantera/", views.episode_manage, name="episode_manage"),
    path(f"{EPISODE}andra/", views.episode_edit, name="episode_edit"),
    path(f"{EPISODE}ljud/", views.episode_audio_upload, name="episode_audio"),
    path(f"{EPISODE}transkript/", views.episode_transcript_upload, name="episode_transcript"),
    path(f"{EPISODE}omslag/", views.episode_artwork_upload, name="episode_artwork"),
    path(f"{EPISODE}kapitel/", views.episode_chapters, name="episode_chapters"),
    path(f"{EPISODE}publicera/", views.episode_publish, name="episode_publish"),
    path(f"{EPISODE}avpublicera/", views.episode_unpublish, name="episode_unpublish"),
    re_path(
        r"^podd/(?P<show>[-\w]+)/(?P<episode>[-\w]+)/ljud\.(?P<ext>mp3|m4a)$",
        views.audio,
        name="audio",
    ),
    re_path(
        r"^podd/(?P<show>[-\w]+)/(?P<episode>[-\w]+)/transkript\.(?P<ext>vtt|srt)$",
        views.transcript_file,
        name="transcript_file",
    ),
    path(f"{EPISODE}kapitel.json", views.chapters_file, name="chapters_file"),
    re_path(
        r"^podd/(?P<show>[-\w]+)/(?P<episode>[-\w]+)/omslag\.(?P<ext>jpg|png)$",
        views.episode_artwork_file,
        name="episode_artwork_file",
    ),
]
