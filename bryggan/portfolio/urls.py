from django.urls import path

from bryggan.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("projekt/", views.project_list, name="projects"),
    path("projekt/ny/", views.project_create, name="project_create"),
    path("projekt/utlanad-personal/", views.loans, name="loans"),
    path("projekt/utlan/<int:pk>/arkivera/", views.loan_archive, name="loan_archive"),
    path("projekt/<slug:slug>/", views.project_detail, name="project"),
    path("projekt/<slug:slug>/andra/", views.project_edit, name="project_edit"),
    path("projekt/<slug:slug>/status/", views.project_status, name="project_status"),
    path("projekt/<slug:slug>/arkivera/", views.project_archive, name="project_archive"),
    path("projekt/<slug:slug>/deltagare/", views.participant_add, name="participant_add"),
    path(
        "projekt/<slug:slug>/deltagare/<int:pk>/",
        views.participant_update,
        name="participant_update",
    ),
    path("projekt/<slug:slug>/finansiering/", views.funding_add, name="funding_add"),
    path(
        "projekt/<slug:slug>/finansiering/<int:pk>/arkivera/",
        views.funding_archive,
        name="funding_archive",
    ),
    path("projekt/<slug:slug>/utvardering/", views.evaluation_add, name="evaluation_add"),
    path(
        "projekt/<slug:slug>/utvardering/<int:pk>/",
        views.evaluation_record,
        name="evaluation_record",
    ),
    path("projekt/<slug:slug>/evenemang/", views.event_link, name="event_link"),
    path("projekt/<slug:slug>/utlan/", views.loan_add, name="loan_add"),
    path("doktorander/", views.research_schools, name="research_schools"),
    path("doktorander/ny/", views.phd_create, name="phd_create"),
    path("doktorander/forskarutbildade/", views.retention, name="retention"),
    path("doktorander/<slug:slug>/", views.phd_detail, name="phd"),
    path("doktorander/<slug:slug>/andra/", views.phd_edit, name="phd_edit"),
    path("doktorander/<slug:slug>/milstolpar/", views.milestones, name="milestones"),
    path("doktorander/<slug:slug>/handledare/", views.supervisor_add, name="supervisor_add"),
    path("utbildningssamverkan/", views.education, name="education"),
    path("utbildningssamverkan/ny/", views.education_add, name="education_add"),
    path(
        "utbildningssamverkan/<int:pk>/arkivera/",
        views.education_archive,
        name="education_archive",
    ),
]
