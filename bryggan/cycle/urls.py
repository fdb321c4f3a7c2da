from django.urls import path

from bryggan.cycle import views

app_name = "cycle"
urlpatterns = [
    path("kopplingar/<str:key>/<int:pk>/", views.manage, name="manage"),
    path("kopplingar/<str:key>/<int:pk>/andra/", views.change, name="change"),
]
