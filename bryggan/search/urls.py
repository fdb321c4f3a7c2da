from django.urls import path

from bryggan.search import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="search"),
]
