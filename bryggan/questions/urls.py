from django.urls import path

from bryggan.questions import views

app_name = "questions"
urlpatterns = [
    path("fragor/", views.index, name="index"),
    path("fragor/ny/", views.ask, name="ask"),
    path("fragor/mina/", views.mine, name="mine"),
    path("fragor/oppna/", views.open_questions, name="open"),
    path("fragor/besvarade/", views.answered, name="answered"),
    path("fragor/ko/", views.queue, name="queue"),
    path("fragor/<int:pk>/", views.question_detail, name="question"),
    path("fragor/<int:pk>/ansluta/", views.join, name="join"),
    path("fragor/<int:pk>/lamna/", views.leave, name="leave"),
    path("fragor/<int:pk>/sla-ihop/", views.merge, name="merge"),
    path("fragor/<int:pk>/omformulera/", views.refine, name="refine"),
    path("fragor/<int:pk>/evidens/", views.evidence_check, name="evidence"),
    path("fragor/<int:pk>/status/", views.set_status, name="status"),
    path("fragor/<int:pk>/publicera/", views.publish, name="publish"),
    path("fragor/<int:pk>/intresse/", views.interest, name="interest"),
    path("fragor/<int:pk>/intresse/<int:interest_pk>/koppla/", views.connect, name="connect"),
    path("fragor/omgangar/", views.round_list, name="rounds"),
    path("fragor/omgangar/ny/", views.round_create, name="round_create"),
    path("fragor/omgangar/<slug:slug>/", views.round_detail, name="round"),
    path("fragor/omgangar/<slug:slug>/andra/", views.round_edit, name="round_edit"),
    path("fragor/omgangar/<slug:slug>/fragor/", views.round_questions, name="round_questions"),
    path(
        "fragor/omgangar/<slug:slug>/deltagare/", views.round_participant, name="round_participant"
    ),
    path("fragor/omgangar/<slug:slug>/delta/", views.round_join, name="round_join"),
    path("fragor/omgangar/<slug:slug>/rangordna/", views.ballot, name="ballot"),
    path("fragor/omgangar/<slug:slug>/slutlig/", views.round_final, name="round_final"),
    path("fragor/omgangar/<slug:slug>/publicera/", views.round_publish, name="round_publish"),
    path("fragor/omgangar/<slug:slug>/topp10.csv", views.round_csv, name="round_csv"),
    path("experter/", views.experts, name="experts"),
    path("experter/min-profil/", views.my_profile, name="my_profile"),
]
