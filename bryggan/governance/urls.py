from django.urls import path

from bryggan.governance import views

app_name = "governance"
urlpatterns = [
    path("samverkan/", views.partnership_list, name="partnerships"),
    path("samverkan/<slug:slug>/", views.partnership_detail, name="partnership"),
]
