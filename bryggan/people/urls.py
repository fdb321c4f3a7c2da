from django.urls import path

from bryggan.people import views

app_name = "people"
urlpatterns = [
    path("organisationer/", views.organisation_tree, name="organisations"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisationer/<slug:slug>/andra/", views.organisation_edit, name="organisation_edit"),
    path("personer/", views.person_list, name="people"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<slug:slug>/", views.person_detail, name="person"),
    path("personer/<slug:slug>/andra/", views.person_edit, name="person_edit"),
    path("personer/<slug:slug>/anknytning/", views.affiliation_add, name="affiliation_add"),
    path(
        "personer/<slug:slug>/anknytning/<int:pk>/avsluta/",
        views.affiliation_end,
        name="affiliation_end",
    ),
]
