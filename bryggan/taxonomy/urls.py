from django.urls import path

from bryggan.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("omraden/", views.index, name="index"),
    path("omraden/nytt/", views.area_edit, name="area_create"),
    path("omraden/<slug:slug>/andra/", views.area_edit, name="area_edit"),
    path("amnen/nytt/", views.topic_edit, name="topic_create"),
    path("amnen/<slug:slug>/andra/", views.topic_edit, name="topic_edit"),
    path("omraden/<slug:slug>/", views.area_detail, name="area"),
    path("amnen/<slug:slug>/", views.topic_detail, name="topic"),
]
