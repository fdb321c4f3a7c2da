from django.urls import path

from bryggan.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("omraden/", views.index, name="index"),
    path("omraden/<slug:slug>/", views.area_detail, name="area"),
    path("amnen/<slug:slug>/", views.topic_detail, name="topic"),
]
